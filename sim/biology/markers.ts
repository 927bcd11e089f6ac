/**
 * Markers a pathologist or an expression study reads of a NE cell or tumor, and marker profiles
 * (one level per marker, 0–1). Profiles come from the review (Fernandez-Cuesta et al., J Clin
 * Invest 2025, Table 2 and text) and the studies it cites; they are modelling assumptions.
 */

/** Markers read by the classifier, the way an IHC panel or an expression study reads a tumor. */
export const MARKERS = [
  'ASCL1', 'DLL3', 'SLIT1', 'ROBO1', 'OTP', 'TTF1', 'ERBB4', 'ANGPTL3', 'UGT_CYP', 'LCNEC_SIG', 'PDL1',
  'ARX', 'PDX1', 'INS', 'TPH1',
  // Therapy targets read by IHC (biology/therapies.ts): somatostatin receptor 2 (SSAs, 177Lu PRRT)
  // and the repair enzyme MGMT (temozolomide works where it is low).
  'SSTR2', 'MGMT',
  // The lung carcinoid IHC panel's third marker (Moonen 2022: HNF1A stains LC2/B).
  'HNF1A',
] as const;
export type Marker = (typeof MARKERS)[number];
export const MARKER_INDEX: Record<Marker, number> = Object.fromEntries(MARKERS.map((m, i) => [m, i])) as any;

export function profile(values: Partial<Record<Marker, number>>, base = 0.1): Float64Array {
  const p = new Float64Array(MARKERS.length).fill(base);
  for (const [m, v] of Object.entries(values)) p[MARKER_INDEX[m as Marker]] = v!;
  return p;
}

