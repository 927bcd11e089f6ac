/**
 * Worker side: what the cohort and compare views draw, computed from patient rows by the core's
 * statistics (sim/study). Only ui/worker.ts imports this file, so none of it runs on, or is
 * shipped to, the page's main thread.
 */
import {
  COMPARISON_COLUMNS, CONTROL, SUBGROUPS, TRIAL_STRATA, analyseTrial, comparisonRows, kmIntervals, toCsv, cohortStatistics, comparisonStats, cumulativeIncidence, endpointDef, kaplanMeier, kmMedian, logRank, subgroupCurves, survivalAt, trialRows,
  type Endpoint, type KaplanMeier, type PatientRecord, type Site, type TrialStratum,
} from '../sim/api.js';
import type { CohortView, CompareStats, KmSeries, KmTable, TrialView } from './protocol.js';

/** Ages (years) at which cumulative incidence is drawn. */
const INCIDENCE_AGES = Array.from({ length: 81 }, (_, i) => 15 + i);

/** Kaplan–Meier curves of each group's diagnosed patients, evaluated on the union of their event
 *  and censoring times so that one chart can hold them all. */
export function kmSeries(groups: readonly string[], rows: readonly PatientRecord[], e: Endpoint): KmSeries {
  return kmLines(subgroupCurves(rows, groups, e));
}

/** Several Kaplan–Meier curves on the union of their event and censoring times. */
function kmLines(curves: readonly KaplanMeier[]): KmSeries {
  const xs = [...new Set(curves.flatMap((k) => [...k.times, ...k.censorTimes]))].sort((a, b) => a - b);
  // The value of a step function given at the curve's step times (1 before the first).
  const stepAt = (k: (typeof curves)[number], values: number[], t: number) => {
    let s = 1;
    for (let i = 0; i < k.times.length && k.times[i] <= t; i++) s = values[i];
    return s;
  };
  const lines = curves.map((k) => xs.map((t) => stepAt(k, k.surv, t)));
  const marks = curves.map((k) => xs.map((t) => (k.censorTimes.includes(t) ? stepAt(k, k.surv, t) : null)));
  const bands = curves.map((k) => kmIntervals(k));
  const lo = curves.map((k, j) => xs.map((t) => stepAt(k, bands[j].lo, t)));
  const hi = curves.map((k, j) => xs.map((t) => stepAt(k, bands[j].hi, t)));
  return { xs, lines, marks, lo, hi };
}

/** Years after diagnosis at which the tables count patients at risk. */
const AT_RISK_YEARS = [0, 5, 10];

/** The table under a Kaplan–Meier chart (the core's estimators: survivalAt, logRank). */
export function kmTable(groups: readonly string[], rows: readonly PatientRecord[], e: Endpoint): KmTable {
  const d = endpointDef(e);
  const dx = rows.filter((r) => r.diagnosed);
  const out: KmTable['rows'] = [];
  groups.forEach((g) => {
    const rs = dx.filter((r) => r.subgroup === g);
    if (!rs.length) return;
    const time = rs.map(d.time);
    const event = rs.map((r) => (d.event(r) ? 1 : 0));
    const at = (t: number): [number, number, number] | null => {
      if (!time.some((x) => x >= t)) return null; // nobody followed that long
      const k = survivalAt(time, event, t);
      return [k.s, k.lo, k.hi];
    };
    out.push({ group: g, atRisk: AT_RISK_YEARS.map((t) => time.filter((x) => x >= t).length), at5: at(5), at10: at(10), medianYears: kmMedian(kaplanMeier(time, event)) });
  });
  const groupsSeen = new Set(dx.map((r) => r.subgroup));
  const p = groupsSeen.size > 1 ? logRank(dx.map(d.time), dx.map((r) => (d.event(r) ? 1 : 0)), dx.map((r) => r.subgroup)).p : null;
  return { rows: out, logRankP: p };
}

export function cohortView(rows: PatientRecord[], site: Site): CohortView {
  const dx = rows.filter((r) => r.diagnosed);
  const groups = SUBGROUPS[site];
  const ci = cumulativeIncidence(rows.map((r) => r.age_at_diagnosis_years), rows.map((r) => r.subgroup), INCIDENCE_AGES);
  return {
    patients: rows.length,
    diagnosed: dx.length,
    groups,
    incidence: { ages: INCIDENCE_AGES, byGroup: groups.map((g) => ci[g] ?? INCIDENCE_AGES.map(() => 0)) },
    mix: groups.map((g) => dx.filter((r) => r.subgroup === g).length),
    metastasisFree: kmSeries(groups, dx, 'metastasis_free'),
    overall: kmSeries(groups, dx, 'overall'),
    metastasisFreeTable: kmTable(groups, dx, 'metastasis_free'),
    overallTable: kmTable(groups, dx, 'overall'),
    statistics: cohortStatistics(rows),
  };
}

/** The trial panel: the core's trial rows and analysis (sim/study/trial.ts) of two arms. */
export function trialView(control: PatientRecord[], treated: PatientRecord[], arm: string): TrialView {
  const byArm = { [CONTROL]: trialRows(CONTROL, control), [arm]: trialRows(arm, treated) };
  const a = analyseTrial(byArm);
  // Per stratum (the analysis's own), both arms' curves on one time axis.
  const km = (k: 'pfs' | 'os', s: TrialStratum) =>
    kmLines([byArm[CONTROL], byArm[arm]].map((all) => {
      const rs = all.filter(s.in);
      return kaplanMeier(rs.map((r) => r[`${k}_years`]), rs.map((r) => r[`${k}_event`]));
    }));
  const strata = TRIAL_STRATA.map((s) => ({ name: s.name, enrolled: [byArm[CONTROL].filter(s.in).length, byArm[arm].filter(s.in).length] as [number, number], pfs: km('pfs', s), os: km('os', s) }));
  return { arms: [CONTROL, arm], enrolled: byArm[CONTROL].length, strata, hazardRatios: a.hazardRatios, interactions: a.interactions };
}

export function compareStats(rows: PatientRecord[], site: Site, name: string): CompareStats {
  const groups = SUBGROUPS[site];
  const comparison = comparisonStats(rows, site);
  return {
    groups,
    comparison,
    // netevo compare's comparison.csv rows of this cohort (with the header line).
    csv: toCsv(COMPARISON_COLUMNS, comparisonRows({ [name]: comparison })),
    // The strongest hit among those in ≥ 10 % of tumors, as sweeps report it.
    statistics: cohortStatistics(rows),
    overall: kmSeries(groups, rows, 'overall'),
  };
}
