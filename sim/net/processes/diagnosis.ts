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
import { drawLocation, hotspotKi67 } from '../pathology.js';

export interface Diagnosis {
  tDays: number;
  ageYears: number;
  lineage: number;
  origin: string;
  location: string;
  subgroup: string;
  hits: string[];
  ki67: number;
  grade: 'G1' | 'G2' | 'G3';
  /** Found through a metastasis before the primary reached diagnosis size. */
  viaMetastasis: boolean;
  readout: TumorReadout;
  /** The diagnosed tumor's clones and their cells at diagnosis, settled groups' cells spread over
   *  their passenger sub-clones by share (fractional cells; for simulated sequencing). */
  composition: [number, number][];
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
      if (m.metastasisDays === null && imagingFinds(m)) m.metastasisDays = m.tDays;
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
    const ki67 = hotspotKi67(readout.ki67, m.scenario.pathology, m.streams.pathology);
    m.diagnosis = {
      tDays: m.tDays,
      ageYears: m.ageYears(),
      lineage,
      origin: origin.id,
      location: drawLocation(m.scenario.origins[origin.id].locations, m.streams.pathology),
      subgroup: classify(m.site, readout),
      hits: detectedHits(readout),
      ki67,
      grade: gradeOf(ki67),
      viaMetastasis: byMet,
      readout,
      composition: m.clones.resolveComposition(lesionClones(m, lineage, where).filter(([, n]) => n > 0)),
    };
    if (stagedMetastatic(m, lineage)) m.metastasisDays = m.tDays;
    if (p.resection) {
      resect(m, lineage);
      // Lymphadenectomy: the lesion's regional nodes come out with it.
      const L = m.metastases;
      m.counters.metResected += L.remove(m.clones, (i) => L.regional[i] && m.clones.lineage[L.clone[i]] === lineage);
    }
  },
};
