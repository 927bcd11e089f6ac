/**
 * The parameters a fit varies and their priors, how parameters become a scenario, and the
 * mixture's parameter space (the four hypothesis weights on a Dirichlet(1, 1, 1, 1) simplex with
 * the rest). Every prior is log-uniform over a multiplier range of the site's default, so a fit
 * starts from the same biology a plain run uses and no hypothesis is favoured by where its
 * levers start: each hypothesis's own levers are in (`lever` says whose), so that none loses by
 * construction (the inference issue: immune-divergent lost when its levers were fixed).
 *
 * | lever                 | parameters                                                        |
 * |-----------------------|-------------------------------------------------------------------|
 * | origin (parallel)     | each NE population's size, turnover, sex and age effects, location, |
 * |                       | its own clock-like mutation rate where the site sets one;         |
 * |                       | the share of germline MEN1 carriers among the patients            |
 * | hits (divergent, all) | each driver's rate; chromothripsis's convergence on NEC-like and   |
 * |                       | convergence without it; the relapse risk of ALT (its dissemination) |
 * | immune                | initiation support and its half-saturation, killing, selection    |
 * |                       | strength, plasticity, the site's archetype weights                |
 * | course (all)          | tempo (proliferation heterogeneity), cycle length, dissemination, |
 * |                       | clock-like mutations per year (TMB)                               |
 *
 * The ranges are modelling choices: ×3 either way for quantities known to an order of magnitude
 * (pool sizes, rates), narrower where the default is tied to a measured figure (turnover,
 * cycle length: ×0.7–1.4).
 */
import { ARCHETYPES, HITS, HIT_INDEX, originsOf, type Site } from '../../biology/biology.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../../biology/defaults.js';
import { HYPOTHESIS_KEYS, type HypothesisKey } from '../../biology/hypotheses.js';
import type { Rng } from '../../core/rng.js';
import { deepMerge, paramsToOverrides, parseScenario, type ResolvedNet } from '../../scenario/scenario.js';
import type { ScenarioSource } from '../blocks.js';
import { followupRead } from './measures.js';
import type { TargetRow } from './targets.js';
import type { ParamSpace } from './smc.js';

export interface Prior {
  path: string;
  base: number;
  /** log-uniform multiplier range */
  lo: number;
  hi: number;
  /** Whose lever it is (documentation; every prior is drawn under every hypothesis). */
  lever: 'origin' | 'hits' | 'immune' | 'course';
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Priors of a site (see the file comment). */
export function priors(site: Site): Prior[] {
  const d = SITE_DEFAULTS[site];
  const c = COMMON_DEFAULTS;
  const out: Prior[] = [];
  const add = (path: string, base: number, lo: number, hi: number, lever: Prior['lever']) => out.push({ path, base, lo, hi, lever });
  for (const o of originsOf(site)) {
    const od = d.origins[o.id];
    add(`origins.${o.id}.cells`, od.cells, 1 / 3, 3, 'origin');
    add(`origins.${o.id}.turnoverPerDay`, od.turnoverPerDay, 0.7, 1.4, 'origin');
    add(`origins.${o.id}.femaleFactor`, od.femaleFactor ?? 1, 1 / 3, 3, 'origin');
    add(`origins.${o.id}.agePerDecade`, od.agePerDecade ?? 1, 1 / 1.5, 1.5, 'origin');
    // A population's own clock-like mutation rate, where the site sets one (lung: solitary cells).
    if (od.clockFactor !== undefined) add(`origins.${o.id}.clockFactor`, od.clockFactor, 1 / 2, 2, 'origin');
    const locs = Object.entries(od.locations ?? {});
    if (locs.length > 1) for (const [l, w] of locs) if (w > 0) add(`origins.${o.id}.locations.${l}`, w, 1 / 3, 3, 'origin');
  }
  for (const [h, v] of Object.entries(d.hits)) {
    if (typeof v.ratePerDivision === 'number' && v.ratePerDivision > 0) add(`hits.${h}.ratePerDivision`, v.ratePerDivision, 1 / 3, 3, 'hits');
    // A rate given as an expression (DAXX and ATRX after MEN1 in the pancreas) is moved by its factor.
    else if (typeof v.ratePerDivision === 'string') add(`hits.${h}.rateFactor`, 1, 1 / 3, 3, 'hits');
  }
  // The relapse risk ALT brings (hits.ts), known only roughly: where the site's ALT has a rate.
  if (d.hits.ALT) add('hits.ALT.dissemination', HITS[HIT_INDEX.ALT].dissemination, 1 / 3, 3, 'course');
  if (d.hits.chromothripsis) {
    const ct = { ...c.chromothripsis, ...((d.chromothripsis as Record<string, number>) ?? {}) };
    add('chromothripsis.convergence', ct.convergence, 1 / 4, 4, 'hits');
    add('chromothripsis.convergenceWithTP53orRB1', ct.convergenceWithTP53orRB1, 1 / 2, 1.25, 'hits');
  }
  // Germline MEN1 carriers among the simulated patients (the cohort's make-up: a referral
  // centre's series holds more syndromic patients than the population).
  const pop = d.population as { germlineMEN1?: number } | undefined;
  if ((pop?.germlineMEN1 ?? 0) > 0) add('population.germlineMEN1', pop!.germlineMEN1!, 1 / 3, 3, 'origin');
  const imm = { ...c.immune, ...((d.immune as Record<string, number>) ?? {}) };
  add('immune.supportGain', imm.supportGain, 1 / 3, 3, 'immune');
  add('immune.initiationHalf', imm.initiationHalf, 1 / 2, 2, 'immune');
  add('immune.killPerDay', imm.killPerDay, 1 / 3, 3, 'immune');
  add('immune.selectionStrength', imm.selectionStrength, 1 / 3, 3, 'immune');
  add('immune.plasticityPerDivision', imm.plasticityPerDivision, 1 / 10, 10, 'immune');
  const arch = (d.archetypes ?? {}) as Record<string, number>;
  for (const a of ARCHETYPES) if ((arch[a.id] ?? 0) > 0) add(`archetypes.${a.id}`, arch[a.id], 1 / 3, 3, 'immune');
  const prog = { ...c.progression, ...((d.progression as Record<string, unknown>) ?? {}) };
  add('progression.tempoSdLog', num(prog.tempoSdLog)!, 1 / 2, 1.5, 'course');
  add('progression.cycleDays', num(prog.cycleDays)!, 0.7, 1.4, 'course');
  add('progression.disseminationPerCellDay', num(prog.disseminationPerCellDay)!, 1 / 3, 3, 'course');
  // Convergence on the high-grade program without a catastrophe, where the site has it (lung).
  if ((num(prog.convergencePerDivision) ?? 0) > 0) add('progression.convergencePerDivision', num(prog.convergencePerDivision)!, 1 / 3, 3, 'hits');
  // Clock-like mutations: 10–60 per genome per year across adult tissues (Blokzijl 2016).
  add('clockMutationsPerYear', num(d.clockMutationsPerYear) ?? c.clockMutationsPerYear, 1 / 4, 1.5, 'course');
  return out;
}

/** Dotted path of hypothesis weight k in a mixture's parameters. */
export const weightPath = (k: HypothesisKey) => `hypothesis.${k}`;

/**
 * The mixture's parameter space: coordinates x = (y_1..y_3, log θ_1..log θ_m), where
 * y_k = log(w_k / w_4) are the additive log-ratios of the four hypothesis weights (Dirichlet(1)
 * prior: density 3! ∏ w_k in y, the Jacobian of the simplex) and each θ_j is log-uniform.
 */
export type MixtureSpace = ParamSpace & {
  decode(x: Float64Array): Record<string, number>;
  /** The coordinates of every parameter at its prior's centre (the site's default) with these
   *  hypothesis weights (positive, in HYPOTHESIS_KEYS order). */
  centre(weights: readonly number[]): Float64Array;
};

export function mixtureSpace(ps: readonly Prior[]): MixtureSpace {
  const K = HYPOTHESIS_KEYS.length;
  const bounds = ps.map((p) => [Math.log(p.base * p.lo), Math.log(p.base * p.hi)]);
  const logBox = -bounds.reduce((a, [lo, hi]) => a + Math.log(hi - lo), 0);
  const weights = (x: Float64Array) => {
    const e = Array.from({ length: K }, (_, k) => (k < K - 1 ? Math.exp(x[k]) : 1));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  return {
    dim: K - 1 + ps.length,
    bounds: [...Array.from({ length: K - 1 }, () => [-Infinity, Infinity] as const), ...bounds.map(([lo, hi]) => [lo, hi] as const)],
    sample(u) {
      const x = new Float64Array(K - 1 + ps.length);
      const g = Array.from({ length: K }, () => -Math.log(1 - u()));
      for (let k = 0; k < K - 1; k++) x[k] = Math.log(g[k] / g[K - 1]);
      bounds.forEach(([lo, hi], j) => (x[K - 1 + j] = lo + u() * (hi - lo)));
      return x;
    },
    logPrior(x) {
      for (let j = 0; j < ps.length; j++) if (!(x[K - 1 + j] >= bounds[j][0] && x[K - 1 + j] <= bounds[j][1])) return -Infinity;
      const w = weights(x);
      if (w.some((v) => !(v > 0))) return -Infinity;
      return Math.log(6) + w.reduce((a, v) => a + Math.log(v), 0) + logBox;
    },
    centre(w) {
      const x = new Float64Array(K - 1 + ps.length);
      for (let k = 0; k < K - 1; k++) x[k] = Math.log(w[k] / w[K - 1]);
      ps.forEach((p, j) => (x[K - 1 + j] = Math.log(p.base)));
      return x;
    },
    decode(x) {
      const w = weights(x);
      const out: Record<string, number> = {};
      HYPOTHESIS_KEYS.forEach((k, i) => (out[weightPath(k)] = Number(w[i].toPrecision(6))));
      ps.forEach((p, j) => (out[p.path] = Number(Math.exp(x[K - 1 + j]).toPrecision(6))));
      return out;
    },
  };
}

export function drawParams(ps: readonly Prior[], rng: Rng): Record<string, number> {
  return Object.fromEntries(ps.map((p) => [p.path, Number((p.base * Math.exp(Math.log(p.lo) + rng.next() * (Math.log(p.hi) - Math.log(p.lo)))).toPrecision(6))]));
}

/** One cell: a new lesion (one cell) never resolves passengers. */
const FIT_PASSENGER_RESOLUTION = 1;

/** A fit records nothing, so its recording grid is the longest the schema allows (100 years):
 *  past the default story of 80 years, it bounds none of its steps (net/pace.ts). */
export const FIT_RECORD_EVERY_DAYS = 36_525;

/**
 * A base scenario with parameters (dotted paths) set: its `input` (what best-scenario.json
 * writes) and the `scenario` the fit simulates, which is the same model without passenger
 * genealogy (`passengerResolutionCells` 1: no passenger sub-clones), followed at most
 * `followupYears` after diagnosis. No fit measure reads the genealogy (it is for simulated
 * sequencing), and a lineage's cells split into sub-clones of one genotype or held as one clone
 * follow the same law (independent linear birth–death processes with the same rates sum to one:
 * the branching property), so every measured figure has the same distribution, at about half the
 * cost (sub-clones are ~85 % of the clones a lung cohort leaps). Nothing is recorded, so its
 * steps are not cut at recording times (FIT_RECORD_EVERY_DAYS; tests/pace.test.ts compares that
 * pace with tick by tick). A patient followed less is the same patient up to the end of the
 * shorter follow-up (fitFollowup).
 */
export function scenarioWith(base: ScenarioSource, params: Record<string, number>, followupYears = Infinity): { input: Record<string, unknown>; scenario: ResolvedNet } {
  const input = deepMerge(structuredClone(base.input), paramsToOverrides(params)) as Record<string, unknown>;
  const fitted = { ...input, passengerResolutionCells: FIT_PASSENGER_RESOLUTION, time: { ...(input.time as object | undefined), recordEveryDays: FIT_RECORD_EVERY_DAYS } };
  const scenario = parseScenario(fitted, base.file) as ResolvedNet;
  if (!(followupYears < scenario.time.followupYears)) return { input, scenario };
  return { input, scenario: parseScenario({ ...fitted, time: { ...fitted.time, followupYears } }, base.file) as ResolvedNet };
}

/**
 * The follow-up a fit against `target` simulates: a year past the longest its measures read
 * (measures.ts followupRead; Infinity: the scenario's own). Every measure is then the same figure
 * as with the scenario's whole follow-up: a step ends no later than the end of the story, and
 * only in the last recording interval before it does that bound act, so a patient is the same up
 * to then (tests/fit-law.test.ts).
 */
export const fitFollowup = (target: readonly TargetRow[], site: Site): number => followupRead(target, site) + 1;

/**
 * A refinement step from `params`: a few parameters at a time (each with probability
 * 3 / #parameters, at least one: a step that moves every parameter at once rarely improves a noisy
 * distance in many dimensions), each by a normal step of `scale` × its prior's log-range, kept
 * inside the prior's support.
 */
export function perturb(ps: readonly Prior[], params: Record<string, number>, scale: number, rng: Rng): Record<string, number> {
  const moved = ps.map(() => rng.next() < Math.min(1, 3 / ps.length));
  if (!moved.some(Boolean)) moved[rng.int(ps.length)] = true;
  return Object.fromEntries(ps.map((p, j) => {
    if (!moved[j]) return [p.path, params[p.path]];
    const lo = Math.log(p.base * p.lo);
    const hi = Math.log(p.base * p.hi);
    const v = Math.min(hi, Math.max(lo, Math.log(params[p.path]) + rng.normal() * scale * (hi - lo)));
    return [p.path, Number(Math.exp(v).toPrecision(6))];
  }));
}
