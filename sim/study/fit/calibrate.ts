/**
 * After the mixture's sequential ABC: what its posterior says (each hypothesis weight's mean and
 * 90 % credible interval, the probability that each hypothesis dominates, each parameter's
 * median and interval, and a posterior predictive check per measure), and the calibrated model:
 * the posterior's closest particles run again on one common cohort, the best measured on a fresh
 * validation cohort (its own cohort was chosen over, so its distance flatters it).
 */
import type { Site } from '../../biology/biology.js';
import { HYPOTHESES } from '../../biology/hypotheses.js';
import type { ResolvedNet } from '../../scenario/scenario.js';
import type { CohortRunner, ScenarioSource } from '../blocks.js';
import { sampleQuantile, type SmcResult } from './smc.js';
import type { FitProblem, Simulation } from './abc.js';
import { fitFollowup, scenarioWith, weightPath, type MixtureSpace } from './priors.js';
import { createRng } from '../../core/rng.js';
import { distance, FIT_HUBER_Z, measure, type Measured, type TargetRow } from './targets.js';

export interface Interval {
  mean: number;
  median: number;
  /** 90 % credible interval (5 % and 95 % quantiles of the posterior particles). */
  lo: number;
  hi: number;
}

export interface MixtureSummary {
  particles: number;
  /** The final tolerance (the RMS distance with Huber's loss beyond |z| = 3). */
  epsilon: number;
  /** Posterior of each hypothesis weight, by key (as in scenario files). */
  weights: Record<string, Interval>;
  /** Posterior probability that each hypothesis has the largest weight, by key. */
  dominant: Record<string, number>;
  /** Posterior of each other parameter, by dotted path. */
  params: Record<string, Interval>;
  /**
   * Posterior predictive check per target row: where the published value falls among the
   * posterior particles' simulated values (`quantile`: the share below it, ties counted half) and the two-sided p = 2 min(q, 1 − q); p < 0.05: the posterior cannot reproduce the
   * measure. null: not computable.
   */
  ppc: ({ quantile: number; p: number } | null)[];
}

const round = (x: number) => Number(x.toPrecision(4));

function interval(v: number[]): Interval {
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return { mean: round(mean), median: round(sampleQuantile(v, 0.5)), lo: round(sampleQuantile(v, 0.05)), hi: round(sampleQuantile(v, 0.95)) };
}

export function summarizeMixture(r: SmcResult, sims: readonly Simulation[], target: readonly TargetRow[], site: Site): MixtureSummary {
  const post = r.population.map((q) => ({ sim: sims[q.index] }));
  const weights: Record<string, Interval> = {};
  const dominant: Record<string, number> = {};
  for (const h of HYPOTHESES) {
    weights[h.key] = interval(post.map((q) => q.sim.params[weightPath(h.key)]));
    dominant[h.key] = 0;
  }
  for (const q of post) {
    const top = [...HYPOTHESES].sort((a, b) => q.sim.params[weightPath(b.key)] - q.sim.params[weightPath(a.key)])[0];
    dominant[top.key] += 1 / post.length;
  }
  for (const h of HYPOTHESES) dominant[h.key] = round(dominant[h.key]);
  const params: Record<string, Interval> = {};
  for (const path of Object.keys(post[0].sim.params)) if (!path.startsWith('hypothesis.')) params[path] = interval(post.map((q) => q.sim.params[path]));
  // The published values in the simulated values' units (measure() with no patients).
  const published = measure(target, site, []).map((m, j) => m.target ?? (target[j].measure.startsWith('median_') ? target[j].value : null));
  const ppc = target.map((_, j) => {
    const vals = post.map((q) => q.sim.values?.[j] ?? null).filter((v): v is number => v !== null);
    const pub = published[j];
    if (!vals.length || pub === null) return null;
    const q = vals.reduce((a, v) => a + (v < pub ? 1 : v === pub ? 0.5 : 0), 0) / vals.length;
    return { quantile: round(q), p: round(Math.min(1, 2 * Math.min(q, 1 - q))) };
  });
  return { particles: r.population.length, epsilon: round(r.epsilon), weights, dominant, params, ppc };
}

export interface Calibration {
  /** The selection cohort (common to every candidate) and its size. */
  selectSeed: string;
  selectPatients: number;
  /** Each candidate on the selection cohort: a posterior particle (its mixture simulation index),
   *  or the prior's centre under one hypothesis (`centre`: its key; index −1). */
  candidates: { index: number; centre?: string; distance: number }[];
  /** The local search's steps on the selection cohort. */
  refinement: { step: number; distance: number; kept: boolean }[];
  /** The chosen parameters (hypothesis weights included) and their distance on the selection cohort. */
  params: Record<string, number>;
  distance: number;
  /** The base scenario input with the parameters set (the calibrated scenario file), and resolved. */
  input: Record<string, unknown>;
  scenario: ResolvedNet;
  validationPatients: number;
  validationSeed: string;
  /** The target's measures on the validation cohort. */
  measures: Measured[];
}

export const selectionPatients = (patients: number) => 4 * patients;
export const DEFAULT_REFINE = 24;
export const defaultValidationPatients = (patients: number) => Math.max(2000, 10 * patients);

/** The hypothesis weights of a "pure" prior centre: this share on one hypothesis, the rest spread
 *  evenly (the simplex's coordinates cannot hold an exact 0). */
export const CENTRE_WEIGHT = 0.97;

/**
 * The calibrated model: the closest posterior particles and the prior's centre under each pure
 * hypothesis (the site's default parameters: a fit never returns a model worse, on its own
 * selection cohort, than the one it started from) run again on one common cohort (common
 * random numbers), the best of them refined there by a local search guided by the posterior
 * (`refine` steps: a few coordinates at a time, each by a normal step of half its posterior
 * standard deviation, kept when the distance on the common cohort falls), then measured on a
 * fresh validation cohort.
 */
export async function calibrate(
  p: FitProblem, base: ScenarioSource, space: MixtureSpace, posterior: readonly { sim: Simulation; x: Float64Array }[], run: CohortRunner,
): Promise<Calibration> {
  const selectPatients = selectionPatients(p.patients);
  const selectSeed = `${p.seed}/select`;
  const followup = fitFollowup(p.target, p.site);
  const onCommon = async (params: Record<string, number>) => {
    const rows = await run(scenarioWith(base, params, followup).scenario, base.file, { patients: selectPatients, seed: selectSeed });
    return { rows, distance: distance(measure(p.target, p.site, rows), FIT_HUBER_Z) };
  };
  // Distinct particles (resampling duplicates them), closest first.
  const distinct = [...new Map(posterior.map((q) => [q.sim.index, q])).values()];
  const pool = distinct.sort((a, b) => a.sim.distance - b.sim.distance || a.sim.index - b.sim.index).slice(0, Math.max(1, p.select ?? 8));
  const candidates: Calibration['candidates'] = [];
  let best: { x: Float64Array; params: Record<string, number>; distance: number; rows: Awaited<ReturnType<CohortRunner>> } | null = null;
  const K = HYPOTHESES.length;
  const centres = HYPOTHESES.map((h, k) => ({ key: h.key, x: space.centre(HYPOTHESES.map((_, i) => (i === k ? CENTRE_WEIGHT : (1 - CENTRE_WEIGHT) / (K - 1)))) }));
  const tried = [
    ...pool.map((q) => ({ index: q.sim.index, centre: undefined, x: q.x, params: q.sim.params })),
    ...centres.map((c) => ({ index: -1, centre: c.key, x: c.x, params: space.decode(c.x) })),
  ];
  for (const q of tried) {
    const r = await onCommon(q.params);
    candidates.push({ index: q.index, ...(q.centre ? { centre: q.centre } : {}), distance: round(r.distance) });
    if (!best || r.distance < best.distance) best = { x: q.x, params: q.params, ...r };
  }
  // The posterior's spread per coordinate sets the step.
  const sd = Array.from({ length: space.dim }, (_, j) => {
    const m = posterior.reduce((a, q) => a + q.x[j], 0) / posterior.length;
    return Math.sqrt(posterior.reduce((a, q) => a + (q.x[j] - m) ** 2, 0) / posterior.length);
  });
  const rng = createRng(`${p.seed}/refine`);
  const log: Calibration['refinement'] = [];
  for (let step = 0; step < (p.refine ?? DEFAULT_REFINE); step++) {
    const x = Float64Array.from(best!.x);
    const moved = sd.map(() => rng.next() < Math.min(1, 3 / space.dim));
    if (!moved.some(Boolean)) moved[rng.int(space.dim)] = true;
    moved.forEach((mv, j) => {
      if (!mv) return;
      const [lo, hi] = space.bounds[j];
      x[j] = Math.min(hi, Math.max(lo, x[j] + 0.5 * sd[j] * rng.normal()));
    });
    const params = space.decode(x);
    const r = await onCommon(params);
    const kept = r.distance < best!.distance;
    if (kept) best = { x, params, ...r };
    log.push({ step, distance: round(r.distance), kept });
  }
  const { input, scenario } = scenarioWith(base, best!.params, followup);
  const validationPatients = p.validation ?? defaultValidationPatients(p.patients);
  const validationSeed = validationPatients > 0 ? `${p.seed}/validation` : selectSeed;
  const rows = validationPatients > 0 ? await run(scenario, base.file, { patients: validationPatients, seed: validationSeed }) : best!.rows;
  return { selectSeed, selectPatients, candidates, refinement: log, params: best!.params, distance: round(best!.distance), input, scenario, validationPatients, validationSeed, measures: measure(p.target, p.site, rows) };
}
