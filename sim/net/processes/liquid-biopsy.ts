/**
 * Surveillance by liquid biopsy after diagnosis. Dying tumour cells shed their DNA into the
 * plasma, where it clears with a half-life of `halfLifeHours`: a draw holds the DNA of the cells
 * that died in the last ~half-life/ln 2, times the share of the plasma drawn (`sampledFraction`),
 * beside `normalGenomeEquivalents` of normal cell-free DNA. A tumour-informed assay tracks
 * `variants` clonal (truncal) variants of the diagnosed tumour: each genome equivalent of that
 * lesion's DNA in the tube carries each once; the assay captures `captureEfficiency` of the
 * molecules (a Poisson count of mutant reads, from the patient's `ctdna` stream) and calls the
 * draw positive at `minReads`. Draws come every `everyDays` from diagnosis, so a relapse from
 * occult metastases is seen in the blood before imaging sees it (`metastasisDetectCells`), by a
 * lead time that emerges from the metastases' growth.
 *
 * Each clone's share of the plasma's tumour DNA is its share of dying cells (cells × death rate),
 * so clone-specific variant fractions in plasma follow the clones, weighted by their turnover.
 */
import type { Process } from './index.js';

export interface CtdnaSample {
  tDays: number;
  /** Tumour DNA / all cell-free DNA in the draw. */
  tumourFraction: number;
  mutantReads: number;
  detected: boolean;
  /** Per clone (with cells): [clone, variant allele fraction in plasma of a variant private to it, its share of the tumour's cells]. */
  clones: [number, number, number][];
}

export const liquidBiopsy: Process = {
  name: 'liquid-biopsy',
  step(m) {
    const lb = m.scenario.liquidBiopsy;
    const d = m.diagnosis;
    if (!d || !(lb.everyDays > 0) || m.tDays - d.tDays < m.ctdnaNextDays - 1e-9) return;
    while (m.ctdnaNextDays <= m.tDays - d.tDays + 1e-9) m.ctdnaNextDays += lb.everyDays;
    const c = m.clones;
    // Real cells dying per day, by clone (primary and metastases), and the assay's lesion's.
    let shed = 0;
    let lesionShed = 0;
    let cells = 0;
    const per: [number, number, number][] = [];
    for (const id of c.alive) {
      if (!c.neoplastic[id]) continue;
      const n = c.n[id] * m.scale + c.nMet[id];
      if (n <= 0) continue;
      const dying = n * c.d[id];
      shed += dying;
      cells += n;
      if (c.lineage[id] === d.lineage) lesionShed += dying;
      if (m.ctdnaSamples) per.push([id, dying, n]);
    }
    const inTube = (lb.halfLifeHours / 24 / Math.LN2) * lb.sampledFraction;
    const tumourGe = shed * inTube;
    const f = tumourGe / (tumourGe + lb.normalGenomeEquivalents);
    const reads = m.streams.ctdna.poisson(lb.captureEfficiency * lesionShed * inTube * lb.variants);
    const detected = reads >= lb.minReads;
    if (detected && m.ctdnaPositiveDays === null) m.ctdnaPositiveDays = m.tDays;
    m.ctdnaSamples?.push({
      tDays: m.tDays,
      tumourFraction: f,
      mutantReads: reads,
      detected,
      clones: per.map(([id, dying, n]) => [id, shed > 0 ? (f * dying) / shed / 2 : 0, cells > 0 ? n / cells : 0]),
    });
  },
};
