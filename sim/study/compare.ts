/**
 * The statistics a comparison of hypotheses reports for one cohort: subgroup proportions with
 * Wilson intervals, Cramér's V (plain and bias-corrected) of subgroup against cell of origin,
 * location, archetype and each hit, Kaplan–Meier 5- and 10-year metastasis-free and overall
 * survival per subgroup with intervals, log-rank tests between subgroups, and each hit's
 * enrichment per subgroup (counts and Fisher's exact test).
 */
import { HIT_IDS, SUBGROUPS, type Site } from '../biology/biology.js';
import type { PatientRecord } from '../net/patient.js';
import { HYPOTHESIS_SLUGS, type HypothesisSlug, type HypothesisWeights } from '../biology/hypotheses.js';
import { parseScenario, type ResolvedNet } from '../scenario/scenario.js';
import type { ScenarioSource } from './blocks.js';
import { subgroupAssociations } from './stats.js';
import { panelAgreement, type PanelAgreement } from './cohort.js';
import { fisherExact, wilson } from './inference.js';
import { subgroupSurvival, type LogRankRow, type SurvivalRow } from './endpoints.js';

export interface ComparisonStats {
  patients: number;
  diagnosed: number;
  subgroups: { group: string; n: number; proportion: number; lo: number; hi: number }[];
  cramersV: { against: string; V: number; V_corrected: number }[];
  survival: SurvivalRow[];
  logRank: LogRankRow[];
  enrichment: { hit: string; group: string; with_hit: number; in_group: number; with_hit_elsewhere: number; elsewhere: number; p_fisher: number }[];
  /** The IHC panel against the subgroups (null where the site has none). */
  ihcPanel: PanelAgreement | null;
}

const r6 = (x: number) => Number(x.toPrecision(6));

export interface ComparedCohort {
  name: string;
  scenario: ResolvedNet;
  /** The name the scenario is reported under. */
  file: string;
}

/**
 * The cohorts of a comparison: each pure hypothesis (named by its slug), then mixture k as
 * `mix-<k>`: the first base with the mixture's weights in place of its hypothesis (the weights
 * alone decide the wiring), reported under `label`.
 */
export function comparisonCohorts(site: Site, bases: Record<HypothesisSlug, ScenarioSource>, mixes: readonly { weights: HypothesisWeights; label: string }[]): ComparedCohort[] {
  const cohorts: ComparedCohort[] = HYPOTHESIS_SLUGS.map((h) => ({ name: h, scenario: parseScenario(bases[h].input, bases[h].file) as ResolvedNet, file: bases[h].file }));
  mixes.forEach((m, i) => {
    const input = { ...bases[HYPOTHESIS_SLUGS[0]].input, name: `${site}-mix-${i + 1}`, hypothesis: m.weights, description: `Mixture ${m.label} of the four hypotheses.` };
    cohorts.push({ name: `mix-${i + 1}`, scenario: parseScenario(input, `--mix ${m.label}`) as ResolvedNet, file: `--mix ${m.label}` });
  });
  return cohorts;
}

export function comparisonStats(rows: readonly PatientRecord[], site: Site): ComparisonStats {
  const dx = rows.filter((r) => r.diagnosed);
  const groups = SUBGROUPS[site];
  const sg = dx.map((r) => r.subgroup);
  const subgroups = groups.map((g) => {
    const n = sg.filter((x) => x === g).length;
    const [lo, hi] = wilson(n, dx.length);
    return { group: g, n, proportion: r6(dx.length ? n / dx.length : 0), lo: r6(lo), hi: r6(hi) };
  });
  const cramers = subgroupAssociations(dx).map((a) => ({ against: a.against, V: r6(a.V), V_corrected: r6(a.V_corrected) }));
  const km = subgroupSurvival(dx, groups);
  const survival = km.survival.map((k) => ({ ...k, s: r6(k.s), lo: r6(k.lo), hi: r6(k.hi) }));
  const lr = km.logRank.map((l) => ({ ...l, chi2: r6(l.chi2), p: r6(l.p) }));
  const enrichment: ComparisonStats['enrichment'] = [];
  for (const h of HIT_IDS) {
    const carriers = dx.filter((r) => r.hitFlags[h]).length;
    if (!carriers) continue;
    for (const g of groups) {
      const inG = dx.filter((r) => r.subgroup === g);
      const a = inG.filter((r) => r.hitFlags[h]).length;
      const c = carriers - a;
      enrichment.push({ hit: h, group: g, with_hit: a, in_group: inG.length, with_hit_elsewhere: c, elsewhere: dx.length - inG.length, p_fisher: r6(fisherExact(a, inG.length - a, c, dx.length - inG.length - c)) });
    }
  }
  return { patients: rows.length, diagnosed: dx.length, subgroups, cramersV: cramers, survival, logRank: lr, enrichment, ihcPanel: panelAgreement(dx) };
}

/** comparison.csv: one tidy row per (cohort, statistic, group): value with its interval or p. */
export function comparisonRows(byCohort: Record<string, ComparisonStats>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const [name, s] of Object.entries(byCohort)) {
    rows.push([name, 'diagnosed', 'all', s.diagnosed, '', '', s.patients, '']);
    for (const g of s.subgroups) rows.push([name, 'subgroup_proportion', g.group, g.proportion, g.lo, g.hi, g.n, '']);
    for (const v of s.cramersV) {
      rows.push([name, 'cramers_v', v.against, v.V, '', '', s.diagnosed, '']);
      rows.push([name, 'cramers_v_corrected', v.against, v.V_corrected, '', '', s.diagnosed, '']);
    }
    for (const k of s.survival) rows.push([name, `${k.endpoint}_survival_${k.years}y`, k.group, k.s, k.lo, k.hi, k.at_risk, '']);
    for (const l of s.logRank) rows.push([name, `${l.endpoint}_logrank_chi2`, 'all', l.chi2, '', '', s.diagnosed, l.p]);
    for (const e of s.enrichment) rows.push([name, `hit_${e.hit}_carriers`, e.group, e.with_hit, '', '', e.in_group, e.p_fisher]);
  }
  return rows;
}
/** `n`: patients the value is computed over (at risk, for survival); `p`: the test's p-value. */
export const COMPARISON_COLUMNS = ['cohort', 'statistic', 'group', 'value', 'lo', 'hi', 'n', 'p'];
