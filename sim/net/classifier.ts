/**
 * Subgroup at diagnosis from the tumor's cells only: their mean marker profile (as an expression
 * study or an IHC panel would see it), the cellular fraction of each alteration (as sequencing
 * would), ALT and copy-number state. It never reads the hypothesis, the cell of origin or the
 * niche. Each site's rule (lung: nearest published centroid; pancreas; small intestine) is in
 * biology/sites/<site>.ts.
 */
export type { TumorReadout } from '../biology/biology.js';
import { MARKERS, PROGRAMS, HITS, SITE_DEF, type Site, type TumorReadout } from '../biology/biology.js';
import type { CloneTable } from '../core/clones.js';

/** A hit is reported when at least this fraction of tumor cells carry it (≈ VAF 0.1 at purity 1). */
export const DETECTION_FRACTION = 0.2;

/** Read a set of clones weighted by their counts (`count(id)`), as a pathologist would. */
export function readTumor(clones: CloneTable, ids: readonly number[], count: (id: number) => number, cycleDays: number): TumorReadout {
  const markers = new Float64Array(MARKERS.length);
  const hitFraction = new Float64Array(HITS.length);
  let cells = 0;
  let alt = 0;
  let cnv = 0;
  let cycling = 0;
  for (const id of ids) {
    const n = count(id);
    if (n <= 0) continue;
    cells += n;
    const prof = PROGRAMS[clones.program[id]].markers;
    for (let m = 0; m < markers.length; m++) markers[m] += n * prof[m];
    const mask = clones.hits[id];
    for (let h = 0; h < HITS.length; h++) if (mask & (1 << h)) hitFraction[h] += n;
    if (clones.alt[id]) alt += n;
    if (clones.cna[id] >= 2) cnv += n;
    cycling += n * Math.min(1, clones.b[id] * cycleDays);
  }
  if (cells > 0) {
    for (let m = 0; m < markers.length; m++) markers[m] /= cells;
    for (let h = 0; h < HITS.length; h++) hitFraction[h] /= cells;
  }
  return {
    cells,
    markers,
    hitFraction,
    altFraction: cells ? alt / cells : 0,
    multiCnvFraction: cells ? cnv / cells : 0,
    ki67: cells ? cycling / cells : 0,
  };
}

/** The site's pathologist: sites/<site>.ts holds each site's rule. */
export function classify(site: Site, r: TumorReadout): string {
  return SITE_DEF[site].classify(r);
}

/**
 * The WHO grade at the site: digestive NETs by the Ki-67 index (G1 < 3 %, G2 3–20 %, G3 > 20 %; the
 * grade the review's and the tables' digestive figures use), lung carcinoids by the mitotic count
 * per 2 mm² (WHO 2021 thoracic: typical carcinoid, G1, < 2; atypical carcinoid, G2, 2–10; > 10 a
 * neuroendocrine carcinoma's count, G3). Necrosis, the atypical carcinoid's other criterion, is not
 * modelled.
 */
export function gradeOf(site: Site, ki67: number, mitoses: number): 'G1' | 'G2' | 'G3' {
  if (SITE_DEF[site].grading === 'mitoses') return mitoses < 2 ? 'G1' : mitoses <= 10 ? 'G2' : 'G3';
  return ki67 < 0.03 ? 'G1' : ki67 <= 0.2 ? 'G2' : 'G3';
}

export function detectedHits(r: TumorReadout): string[] {
  return HITS.filter((_, h) => r.hitFraction[h] >= DETECTION_FRACTION).map((h) => h.id);
}
