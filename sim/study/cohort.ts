/**
 * Cohorts: N patients of one scenario. Patient i's random stream derives from the master seed and
 * i alone, so any slice of the cohort, on any number of workers, gives the same rows.
 */
import { simulatePatient, type PatientRecord } from '../net/patient.js';
import type { ResolvedNet } from '../scenario/scenario.js';
import { cohortStatistics, median, type CohortStatistics } from './stats.js';

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
  };
}
