/**
 * Cohorts: N patients of one scenario. Patient i's random stream derives from the master seed and
 * i alone, so any slice of the cohort, on any number of workers, gives the same rows.
 */
import { simulatePatient, type PatientRecord } from '../net/patient.js';
import type { ResolvedNet } from '../scenario/scenario.js';
import { cohortStatistics, median, quantile, type CohortStatistics } from './stats.js';

export interface CohortOptions {
  patients: number;
  seed: string | number;
  /** First patient index (for slices run in parallel). */
  start?: number;
  onProgress?: (done: number, total: number) => void;
}

export function runCohort(scenario: ResolvedNet, opts: CohortOptions): PatientRecord[] {
  const rows: PatientRecord[] = [];
  const start = opts.start ?? 0;
  for (let i = 0; i < opts.patients; i++) {
    rows.push(simulatePatient(scenario, opts.seed, start + i).record);
    opts.onProgress?.(i + 1, opts.patients);
  }
  return rows;
}

export interface CohortSummary {
  patients: number;
  diagnosed: number;
  subgroups: Record<string, number>;
  grades: Record<string, number>;
  median_age_at_diagnosis_years: number | null;
  metastatic: number;
  tumor_deaths: number;
  statistics: CohortStatistics;
  /** The IHC panel's calls against the expression-based subgroups (null where the site has no panel). */
  ihc_panel: PanelAgreement | null;
  ctdna: CtdnaLead;
}

/**
 * Liquid biopsy against imaging for relapses (metastases found after diagnosis): how many were
 * seen in the blood first, and the lead time (imaging's year − the first positive draw's; in
 * years; median and quartiles over the relapses the blood saw first or at once).
 */
export interface CtdnaLead {
  relapses: number;
  ctdna_first: number;
  lead_years_median: number | null;
  lead_years_q1: number | null;
  lead_years_q3: number | null;
}

export function ctdnaLead(rows: readonly PatientRecord[]): CtdnaLead {
  const relapses = rows.filter((r) => r.diagnosed && r.metastasis_years !== null && r.metastasis_years > 0);
  const leads = relapses.filter((r) => r.ctdna_positive_years !== null && r.ctdna_positive_years <= r.metastasis_years!).map((r) => r.metastasis_years! - r.ctdna_positive_years!);
  const q = (p: number) => (leads.length ? Number(quantile(leads, p)!.toPrecision(4)) : null);
  return { relapses: relapses.length, ctdna_first: leads.filter((x) => x > 0).length, lead_years_median: q(0.5), lead_years_q1: q(0.25), lead_years_q3: q(0.75) };
}

/** How an IHC panel's calls agree with the subgroups: confusion[true][call] counts, the share
 *  of tumours called their own subgroup, the share unclassifiable, and Cohen's κ. */
export interface PanelAgreement {
  tumours: number;
  agreement: number;
  unclassifiable: number;
  kappa: number;
  confusion: Record<string, Record<string, number>>;
}

export function panelAgreement(rows: readonly PatientRecord[]): PanelAgreement | null {
  const dx = rows.filter((r) => r.diagnosed && r.ihc_subgroup !== '');
  if (!dx.length) return null;
  const confusion: Record<string, Record<string, number>> = {};
  for (const r of dx) {
    const row = (confusion[r.subgroup] ??= {});
    row[r.ihc_subgroup] = (row[r.ihc_subgroup] ?? 0) + 1;
  }
  const n = dx.length;
  const agree = dx.filter((r) => r.ihc_subgroup === r.subgroup).length / n;
  // Chance agreement: Σ over subgroups of (share truly g) × (share called g).
  const groups = [...new Set(dx.map((r) => r.subgroup))];
  const chance = groups.reduce((a, g) => a + (dx.filter((r) => r.subgroup === g).length / n) * (dx.filter((r) => r.ihc_subgroup === g).length / n), 0);
  const r4 = (x: number) => Number(x.toFixed(4));
  return { tumours: n, agreement: r4(agree), unclassifiable: r4(dx.filter((r) => r.ihc_subgroup === 'unclassifiable').length / n), kappa: r4(chance < 1 ? (agree - chance) / (1 - chance) : 0), confusion };
}

export function summariseCohort(rows: PatientRecord[]): CohortSummary {
  const dx = rows.filter((r) => r.diagnosed);
  const count = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((k) => [k, xs.filter((x) => x === k).length]));
  return {
    patients: rows.length,
    diagnosed: dx.length,
    subgroups: count(dx.map((r) => r.subgroup)),
    grades: count(dx.map((r) => r.grade_at_diagnosis)),
    median_age_at_diagnosis_years: median(dx.map((r) => r.age_at_diagnosis_years!)),
    metastatic: dx.filter((r) => r.metastasis_years !== null).length,
    tumor_deaths: rows.filter((r) => r.death_cause === 'tumor').length,
    statistics: cohortStatistics(rows),
    ihc_panel: panelAgreement(rows),
    ctdna: ctdnaLead(rows),
  };
}
