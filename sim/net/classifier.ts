/**
 * Subgroup at diagnosis from the tumor's cells only: their mean marker profile (as an expression
 * study or an IHC panel would see it), the cellular fraction of each alteration (as sequencing
 * would), ALT and copy-number state. It never reads the hypothesis, the cell of origin or the
 * niche. Centroids are the published descriptions of each group (review, Table 2 and text),
 * not the model's program profiles.
 */
import { MARKERS, MARKER_INDEX, PROGRAMS, HITS, HIT_INDEX, type Site, type Marker } from '../biology/biology.js';
import type { CloneTable } from '../core/clones.js';

/** A hit is reported when at least this fraction of tumor cells carry it (≈ VAF 0.1 at purity 1). */
export const DETECTION_FRACTION = 0.2;

function centroid(values: Partial<Record<Marker, number>>): Float64Array {
  const c = new Float64Array(MARKERS.length).fill(NaN);
  for (const [m, v] of Object.entries(values)) c[MARKER_INDEX[m as Marker]] = v!;
  return c;
}

const LUNG_CENTROIDS: [string, Float64Array][] = [
  // A1/LC1: ASCL1 and DLL3 high.
  ['A1', centroid({ ASCL1: 1, DLL3: 1, SLIT1: 0.6, ROBO1: 0.6, OTP: 0.8, TTF1: 0.8, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.1 })],
  // A2/LC3: SLIT1 and ROBO1 low.
  ['A2', centroid({ ASCL1: 0.4, DLL3: 0.4, SLIT1: 0.1, ROBO1: 0.1, OTP: 0.8, TTF1: 0.6, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.1 })],
  // B/LC2: OTP and TTF1 low; UGT/CYP, ANGPTL3, ERBB4 high.
  ['B', centroid({ ASCL1: 0.3, DLL3: 0.3, SLIT1: 0.5, ROBO1: 0.5, OTP: 0.1, TTF1: 0.1, ERBB4: 0.9, ANGPTL3: 0.9, UGT_CYP: 0.9, LCNEC_SIG: 0.2 })],
  // Supra-carcinoid: LCNEC-like molecular profile.
  ['supra-carcinoid', centroid({ ASCL1: 0.6, DLL3: 0.6, SLIT1: 0.4, ROBO1: 0.4, OTP: 0.3, TTF1: 0.3, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.2, LCNEC_SIG: 1 })],
];

export interface TumorReadout {
  cells: number;
  markers: Float64Array;
  /** Cellular fraction of each hit, by HIT index. */
  hitFraction: Float64Array;
  altFraction: number;
  /** Fraction of cells with ≥ 2 arm-level copy-number events. */
  multiCnvFraction: number;
  ki67: number;
}

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

export function classify(site: Site, r: TumorReadout): string {
  switch (site) {
    case 'lung': {
      let best = '';
      let bestD = Infinity;
      for (const [name, c] of LUNG_CENTROIDS) {
        let d = 0;
        for (let m = 0; m < c.length; m++) if (!Number.isNaN(c[m])) d += (r.markers[m] - c[m]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = name;
        }
      }
      return best;
    }
    case 'pancreas': {
      // H3K27ac / methylation classes: beta-like (PDX1) vs alpha-like (ARX); alpha-like tumors with
      // ALT or genomic instability are the "intermediate" class (Di Domenico 2020).
      if (r.markers[MARKER_INDEX.PDX1] > r.markers[MARKER_INDEX.ARX]) return 'beta-like';
      return r.altFraction >= 0.5 || r.multiCnvFraction >= 0.5 ? 'intermediate' : 'alpha-like';
    }
    case 'small-intestine': {
      // Karpathakis 2016: chr18 LOH group, then multiple copy-number gains, else no CNV.
      if (r.hitFraction[HIT_INDEX.chr18LOH] >= 0.5) return '18LOH';
      return r.multiCnvFraction >= 0.5 ? 'multi-CNV' : 'no-CNV';
    }
  }
}

export function gradeOf(ki67: number): 'G1' | 'G2' | 'G3' {
  return ki67 < 0.03 ? 'G1' : ki67 <= 0.2 ? 'G2' : 'G3';
}

export function detectedHits(r: TumorReadout): string[] {
  return HITS.filter((_, h) => r.hitFraction[h] >= DETECTION_FRACTION).map((h) => h.id);
}
