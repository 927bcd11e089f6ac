/**
 * Virtual trials: the same virtual patients in every arm, only the therapy differs. An arm is a
 * built-in therapy (biology/therapies.ts) started when metastases are found — the advanced
 * disease NET trials enrol (NETTER-1, RADIANT, CLARINET) — or `control` (the scenario as it is:
 * its cohort is a plain cohort's, byte for byte). Patient i of every arm draws from the same named
 * streams, so the arms agree on everything up to enrolment (who is enrolled, when, with which
 * tumour) and differ only by what the therapy then changes.
 *
 * Endpoints from enrolment (metastases found): progression-free survival (RECIST progression of
 * the metastases or death, processes/therapy.ts) and overall survival; patients are censored at
 * the end of follow-up. Hazard ratios of each arm against control by Cox regression (cox.ts),
 * overall and per biomarker stratum read in the metastases when found (SSTR2, MGMT, DLL3: high at
 * an IHC level ≥ 0.5), with a test of the arm × stratum interaction.
 */
import type { PatientRecord } from '../net/patient.js';
import { THERAPY_IDS } from '../biology/biology.js';
import { coxBinary, interactionP, type CoxFit } from './cox.js';
import { kaplanMeier, kmMedian } from './stats.js';

export const CONTROL = 'control';
/** The biomarkers trials stratify by (read in the metastases when found: the record's
 *  metastasis_<marker> columns), and the IHC cut-off. */
export const STRATA = [{ marker: 'SSTR2' }, { marker: 'MGMT' }, { marker: 'DLL3' }] as const;
export const STRATUM_CUTOFF = 0.5;

/** The intervention a trial arm adds: its therapy, from when metastases are found. */
export function armIntervention(arm: string): { id: string; therapy: string; start: { onEvent: 'metastasis' } } {
  if (!THERAPY_IDS.includes(arm)) throw new Error(`unknown arm "${arm}": expected ${CONTROL} or one of ${THERAPY_IDS.join(', ')}`);
  return { id: `trial-${arm}`, therapy: arm, start: { onEvent: 'metastasis' } };
}

/** An arm's scenario input: the base's, with the arm's therapy given from metastasis. */
export function armInput(base: Record<string, unknown>, arm: string): Record<string, unknown> {
  if (arm === CONTROL) return base;
  const before = (base.interventions as unknown[] | undefined) ?? [];
  return { ...base, name: `${String(base.name)}-${arm}`, interventions: [...before, armIntervention(arm)] };
}

/** One enrolled patient of one arm: the endpoints from enrolment and the strata's marker levels. */
export interface TrialRow {
  arm: string;
  patient: number;
  pfs_years: number;
  pfs_event: 0 | 1;
  os_years: number;
  os_event: 0 | 1;
  SSTR2: number;
  MGMT: number;
  DLL3: number;
}
export const TRIAL_COLUMNS = ['arm', 'patient', 'pfs_years', 'pfs_event', 'os_years', 'os_event', 'SSTR2', 'MGMT', 'DLL3'] as const;

const r6 = (x: number) => Number(x.toPrecision(6));

/** The enrolled patients of an arm's cohort (metastases found), with their endpoints. */
export function trialRows(arm: string, rows: readonly PatientRecord[]): TrialRow[] {
  return rows
    .filter((r) => r.diagnosed && r.metastasis_years !== null)
    .map((r) => {
      const t0 = r.metastasis_years!;
      const end = r.followup_years! - t0;
      const death = r.death_years !== null ? r.death_years - t0 : null;
      const prog = r.progression_years !== null ? r.progression_years - t0 : null;
      const pfs = Math.min(prog ?? Infinity, death ?? Infinity);
      return {
        arm, patient: r.patient,
        pfs_years: r6(Number.isFinite(pfs) ? pfs : end), pfs_event: Number.isFinite(pfs) ? 1 : 0,
        os_years: r6(death ?? end), os_event: death !== null ? 1 : 0,
        SSTR2: r.metastasis_SSTR2 ?? 0, MGMT: r.metastasis_MGMT ?? 0, DLL3: r.metastasis_DLL3 ?? 0,
      } as TrialRow;
    });
}

/** One arm against control on one endpoint in one stratum: the Cox fit's ratio, interval and p. */
export type HazardRatio = { arm: string; vs: string; endpoint: 'pfs' | 'os'; stratum: string } & Pick<CoxFit, 'hr' | 'lo' | 'hi' | 'p' | 'n' | 'events'>;

export interface TrialAnalysis {
  arms: { arm: string; enrolled: number; median_pfs_years: number | null; median_os_years: number | null }[];
  hazardRatios: HazardRatio[];
  /** Per arm, endpoint and biomarker: does the hazard ratio differ between its high and low strata? */
  interactions: { arm: string; endpoint: 'pfs' | 'os'; marker: string; p: number | null }[];
}

/** Kaplan–Meier median (years from enrolment): the first time the curve is at or below 0.5; null
 *  when it never gets there within follow-up. */
function medianOf(rows: TrialRow[], k: 'pfs' | 'os'): number | null {
  const m = kmMedian(kaplanMeier(rows.map((r) => r[`${k}_years`]), rows.map((r) => r[`${k}_event`])));
  return m === null ? null : r6(m);
}

/** The patients a hazard ratio is computed over: all enrolled, then each biomarker's high and
 *  low strata (named like `all`, `SSTR2-high`, `SSTR2-low`). */
export interface TrialStratum {
  name: string;
  marker: string | null;
  high: boolean;
  in: (r: TrialRow) => boolean;
}
export const TRIAL_STRATA: readonly TrialStratum[] = [
  { name: 'all', marker: null, high: true, in: () => true },
  ...STRATA.flatMap(({ marker }) => [
    { name: `${marker}-high`, marker, high: true, in: (r: TrialRow) => r[marker] >= STRATUM_CUTOFF },
    { name: `${marker}-low`, marker, high: false, in: (r: TrialRow) => r[marker] < STRATUM_CUTOFF },
  ]),
];

export function analyseTrial(byArm: Record<string, TrialRow[]>): TrialAnalysis {
  const control = byArm[CONTROL];
  if (!control) throw new Error(`a trial needs a ${CONTROL} arm`);
  const strata = TRIAL_STRATA;
  const hazardRatios: HazardRatio[] = [];
  const interactions: TrialAnalysis['interactions'] = [];
  for (const [arm, rows] of Object.entries(byArm)) {
    if (arm === CONTROL) continue;
    for (const endpoint of ['pfs', 'os'] as const) {
      const fits: Record<string, CoxFit> = {};
      for (const s of strata) {
        const a = rows.filter(s.in);
        const c = control.filter(s.in);
        const all = [...c, ...a];
        const fit = coxBinary(all.map((r) => r[`${endpoint}_years`]), all.map((r) => r[`${endpoint}_event`]), all.map((_, i) => (i < c.length ? 0 : 1)));
        fits[s.name] = fit;
        const q = (x: number | null) => (x === null ? null : r6(x));
        hazardRatios.push({ arm, vs: CONTROL, endpoint, stratum: s.name, hr: q(fit.hr), lo: q(fit.lo), hi: q(fit.hi), p: q(fit.p), n: fit.n, events: fit.events });
      }
      for (const { marker } of STRATA) {
        const p = interactionP(fits[`${marker}-high`], fits[`${marker}-low`]);
        interactions.push({ arm, endpoint, marker, p: p === null ? null : r6(p) });
      }
    }
  }
  return {
    arms: Object.entries(byArm).map(([arm, rows]) => ({ arm, enrolled: rows.length, median_pfs_years: medianOf(rows, 'pfs'), median_os_years: medianOf(rows, 'os') })),
    hazardRatios,
    interactions,
  };
}
