/**
 * Diagnosis: a primary lesion reaches diagnosis size, or metastases become detectable first. The
 * diagnosed lesion is read as a pathologist would (net/classifier.ts), then resected; follow-up
 * imaging records metastasis and resects a second primary of diagnosis size.
 */
import { ORIGINS } from '../../biology/biology.js';
import { classify, detectedHits, gradeOf, type TumorReadout } from '../classifier.js';
import { lesionClones, metastaticLineage, readLineage } from '../lesions.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';
import { drawLocation, mitoticCount, readHotSpot, readPanel, type PanelReading } from '../pathology.js';

export interface Diagnosis {
  tDays: number;
  ageYears: number;
  lineage: number;
  origin: string;
  location: string;
  subgroup: string;
  hits: string[];
  ki67: number;
  /** Mitotic figures per 2 mm², counted in the Ki-67 hot spot. */
  mitoses: number;
  /** The WHO grade at the site (classifier.ts: Ki-67 for digestive NETs, mitoses for the lung). */
  grade: 'G1' | 'G2' | 'G3';
  /** Found through a metastasis before the primary reached diagnosis size. */
  viaMetastasis: boolean;
  readout: TumorReadout;
  /** The diagnosed tumor's clones and their cells at diagnosis, settled groups' cells spread over
   *  their passenger sub-clones by share (fractional cells; for simulated sequencing). */
  composition: [number, number][];
  /** The other lesions of the resected organ a pathologist finds as microadenomas (between
   *  MICROADENOMA_CELLS[0] and [1] real cells): each one's detected hits. */
  microadenomas: string[][];
  /** The site's IHC panel on the tumour (null where the site has none). */
  panel: PanelReading | null;
}

/**
 * A microadenoma: a neoplastic NE lesion smaller than 5 mm (Kim 2017; about 6.5e7 cells at the
 * 1e9 cells per cm³ of the diagnosis size), from 0.5 mm (6.5e4 cells), what a pathologist sees
 * on the slides of a resected organ.
 */
export const MICROADENOMA_CELLS = [6.5e4, 6.5e7] as const;

/** The organ's other lesions in the microadenoma size range, read one by one. */
function microadenomas(m: NetModel, diagnosed: number): string[][] {
  const c = m.clones;
  const cells = new Map<number, number>();
  for (const id of c.alive) if (c.neoplastic[id] && c.lineage[id] !== diagnosed && c.n[id] > 0) cells.set(c.lineage[id], (cells.get(c.lineage[id]) ?? 0) + c.n[id] * m.scale);
  const out: string[][] = [];
  for (const [lin, n] of cells) if (n >= MICROADENOMA_CELLS[0] && n < MICROADENOMA_CELLS[1]) out.push(detectedHits(readLineage(m, lin)));
  return out;
}

/** Metastasis found: when, and what a biopsy of the metastases reads (their detected hits). */
function metastasisFound(m: NetModel): void {
  m.metastasisDays = m.tDays;
  const lin = metastaticLineage(m);
  const r = lin >= 0 ? readLineage(m, lin, 'metastasis') : null;
  m.metastasisHits = r ? detectedHits(r) : [];
  m.metastasisMarkers = r ? Array.from(r.markers, (x) => Number(x.toFixed(4))) : null;
}

/** Surgery removes the lesion from the primary site. */
function resect(m: NetModel, lineage: number): void {
  const c = m.clones;
  m.counters.resected += m.engine.clear(m, c.alive.filter((id) => c.lineage[id] === lineage && c.n[id] > 0));
}

/** Found on imaging: a distant lesion, or a regional one grown to imaging size. */
function imagingFinds(m: NetModel): boolean {
  const p = m.scenario.progression;
  return m.metastases.largest(false) >= p.metastasisDetectCells || m.metastases.largest(true) >= p.metastasisDetectCells;
}

/** Staging at diagnosis: imaging, plus the pathologist's reading of the resected regional nodes. */
function stagedMetastatic(m: NetModel, lineage: number): boolean {
  const p = m.scenario.progression;
  const inLesion = (id: number) => m.clones.lineage[id] === lineage;
  return imagingFinds(m) || (p.resection && m.metastases.largest(true, inLesion) >= p.nodalDetectCells);
}

export const diagnosis: Process = {
  name: 'diagnosis',
  step(m) {
    const p = m.scenario.progression;
    if (m.diagnosis) {
      // Follow-up imaging: relapse (or progression) is recorded when first seen.
      if (m.metastasisDays === null && imagingFinds(m)) metastasisFound(m);
      if (p.resection && m.largestLineageCells * m.scale >= p.diagnosisCells) resect(m, m.largestLineage);
      return;
    }
    const byPrimary = m.largestLineageCells * m.scale >= p.diagnosisCells;
    const byMet = !byPrimary && imagingFinds(m);
    if (!byPrimary && !byMet) return;
    const where = byPrimary ? 'primary' : 'metastasis';
    const lineage = byPrimary ? m.largestLineage : metastaticLineage(m);
    const readout = readLineage(m, lineage, where);
    const origin = ORIGINS[m.clones.origin[lineage]];
    const hot = readHotSpot(readout.ki67, m.scenario.pathology, m.streams.pathology);
    const ki67 = hot.ki67;
    const location = drawLocation(m.scenario.origins[origin.id].locations, m.streams.pathology);
    // Counted after the other readings, so adding the count moved none of their draws.
    const mitoses = mitoticCount(hot, m.scenario.pathology, m.scenario.progression.cycleDays, m.streams.pathology);
    m.diagnosis = {
      tDays: m.tDays,
      ageYears: m.ageYears(),
      lineage,
      origin: origin.id,
      location,
      subgroup: classify(m.site, readout),
      hits: detectedHits(readout),
      ki67,
      mitoses,
      grade: gradeOf(m.site, ki67, mitoses),
      viaMetastasis: byMet,
      readout,
      composition: m.clones.resolveComposition(lesionClones(m, lineage, where).filter(([, n]) => n > 0)),
      microadenomas: p.resection ? microadenomas(m, lineage) : [],
      panel: readPanel(m.site, readout, m.scenario.pathology, m.streams.ihc),
    };
    if (stagedMetastatic(m, lineage)) metastasisFound(m);
    if (p.resection) {
      resect(m, lineage);
      // Lymphadenectomy: the lesion's regional nodes come out with it.
      const L = m.metastases;
      m.counters.metResected += L.remove(m.clones, (i) => L.regional[i] && m.clones.lineage[L.clone[i]] === lineage);
    }
  },
};
