/**
 * Cohorts: N patients of one scenario. Patient i's random stream derives from the master seed and
 * i alone, so any slice of the cohort, on any number of workers, gives the same rows.
 */
import { HITS } from '../biology/biology.js';
import { simulatePatient, type PatientRecord } from '../net/patient.js';
import type { ResolvedNet } from '../io/scenario.js';
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

/** Column order of patients.csv. */
export const PATIENT_COLUMNS = [
  'patient', 'site', 'engine', 'sex', 'germline_MEN1', 'archetype', 'cell_of_origin', 'location', 'hits', 'subgroup',
  'diagnosed', 'age_at_diagnosis_years', 'ki67_at_diagnosis', 'grade_at_diagnosis', 'metastasis_years', 'death_years',
  'death_cause', 'followup_years', 'age_at_end_years', ...HITS.map((h) => `hit_${h.id}`),
];

export function patientRow(r: PatientRecord): (string | number)[] {
  const v = (x: number | null) => (x === null ? '' : x);
  const seq = r.sequencing ? [r.diagnosed ? r.sequencing.burden : ''] : [];
  return [
    r.patient, r.site, r.engine, r.sex, r.germline_MEN1, r.archetype, r.cell_of_origin, r.location, r.hits, r.subgroup,
    r.diagnosed, v(r.age_at_diagnosis_years), v(r.ki67_at_diagnosis), r.grade_at_diagnosis, v(r.metastasis_years),
    v(r.death_years), r.death_cause, v(r.followup_years), r.age_at_end_years, ...HITS.map((h) => r.hitFlags[h.id]), ...seq,
  ];
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
