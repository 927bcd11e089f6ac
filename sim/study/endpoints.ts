/**
 * The survival endpoints, defined once: metastasis-free and overall survival, counted in years
 * from diagnosis; a patient without the event is censored at the end of follow-up. Outputs and
 * the page's curves read them from here, so a curve and a table can never count differently.
 */
import type { PatientRecord } from '../net/patient.js';
import { kaplanMeier, type KaplanMeier } from './stats.js';
import { logRank, survivalAt } from './inference.js';

export type Endpoint = 'metastasis_free' | 'overall';

export interface EndpointDef {
  endpoint: Endpoint;
  /** Years from diagnosis to the event, or to the end of follow-up when censored. */
  time: (r: PatientRecord) => number;
  event: (r: PatientRecord) => boolean;
}

export const SURVIVAL_ENDPOINTS: readonly EndpointDef[] = [
  { endpoint: 'metastasis_free', time: (r) => r.metastasis_years ?? r.followup_years ?? 0, event: (r) => r.metastasis_years !== null },
  { endpoint: 'overall', time: (r) => r.death_years ?? r.followup_years ?? 0, event: (r) => r.death_years !== null },
];

export const endpointDef = (e: Endpoint): EndpointDef => SURVIVAL_ENDPOINTS.find((d) => d.endpoint === e)!;

/** Years after diagnosis at which survival is reported. */
export const SURVIVAL_YEARS = [5, 10] as const;

/** One Kaplan–Meier curve per subgroup (in the order given) of one endpoint, over diagnosed tumors. */
export function subgroupCurves(rows: readonly PatientRecord[], groups: readonly string[], e: Endpoint): KaplanMeier[] {
  const d = endpointDef(e);
  return groups.map((g) => {
    const rs = rows.filter((r) => r.diagnosed && r.subgroup === g);
    return kaplanMeier(rs.map(d.time), rs.map((r) => (d.event(r) ? 1 : 0)));
  });
}

export interface SurvivalRow {
  endpoint: Endpoint;
  group: string;
  years: number;
  s: number;
  lo: number;
  hi: number;
  at_risk: number;
}

export interface LogRankRow {
  endpoint: Endpoint;
  chi2: number;
  df: number;
  p: number;
}

/**
 * Per endpoint: Kaplan–Meier survival of each subgroup at SURVIVAL_YEARS with log–log 95 %
 * intervals (subgroups without tumors are left out), and the log-rank test between subgroups.
 * Unrounded.
 */
export function subgroupSurvival(rows: readonly PatientRecord[], groups: readonly string[]): { survival: SurvivalRow[]; logRank: LogRankRow[] } {
  const dx = rows.filter((r) => r.diagnosed);
  const survival: SurvivalRow[] = [];
  const lr: LogRankRow[] = [];
  for (const e of SURVIVAL_ENDPOINTS) {
    for (const g of groups) {
      const rs = dx.filter((r) => r.subgroup === g);
      if (!rs.length) continue;
      for (const years of SURVIVAL_YEARS) {
        const k = survivalAt(rs.map(e.time), rs.map((r) => (e.event(r) ? 1 : 0)), years);
        survival.push({ endpoint: e.endpoint, group: g, years, s: k.s, lo: k.lo, hi: k.hi, at_risk: k.atRisk });
      }
    }
    const t = logRank(dx.map(e.time), dx.map((r) => (e.event(r) ? 1 : 0)), dx.map((r) => r.subgroup));
    lr.push({ endpoint: e.endpoint, chi2: t.chi2, df: t.df, p: t.p });
  }
  return { survival, logRank: lr };
}
