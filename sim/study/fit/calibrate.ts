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
import { weightedQuantile, type ApmcResult } from './apmc.js';
import type { FitProblem, Simulation } from './abc.js';
import { scenarioWith, weightPath } from './priors.js';
import { distance, FIT_Z_CAP, measure, type Measured, type TargetRow } from './targets.js';

export interface Interval {
  mean: number;
  median: number;
  /** 90 % credible interval (weighted 5 % and 95 % quantiles of the posterior particles). */
  lo: number;
  hi: number;
}

export interface MixtureSummary {
  particles: number;
  /** The final tolerance (capped RMS distance). */
  epsilon: number;
  /** Posterior of each hypothesis weight, by key (as in scenario files). */
  weights: Record<string, Interval>;
  /** Posterior probability that each hypothesis has the largest weight, by key. */
  dominant: Record<string, number>;
  /** Posterior of each other parameter, by dotted path. */
  params: Record<string, Interval>;
  /**
   * Posterior predictive check per target row: where the published value falls among the
   * posterior particles' simulated values (`quantile`: weighted share below it, ties counted
   * half) and the two-sided p = 2 min(q, 1 − q); p < 0.05: the posterior cannot reproduce the
   * measure. null: not computable.
   */
  ppc: ({ quantile: number; p: number } | null)[];
}

const round = (x: number) => Number(x.toPrecision(4));

function interval(v: number[], w: number[]): Interval {
  const mean = v.reduce((a, x, i) => a + w[i] * x, 0);
  return { mean: round(mean), median: round(weightedQuantile(v, w, 0.5)), lo: round(weightedQuantile(v, w, 0.05)), hi: round(weightedQuantile(v, w, 0.95)) };
}

export function summarizeMixture(r: ApmcResult, sims: readonly Simulation[], target: readonly TargetRow[], site: Site): MixtureSummary {
  const post = r.population.map((q) => ({ sim: sims[q.index], w: q.weight }));
  const w = post.map((q) => q.w);
  const weights: Record<string, Interval> = {};
  const dominant: Record<string, number> = {};
  for (const h of HYPOTHESES) {
    weights[h.key] = interval(post.map((q) => q.sim.params[weightPath(h.key)]), w);
    dominant[h.key] = 0;
  }
  for (const q of post) {
    const top = [...HYPOTHESES].sort((a, b) => q.sim.params[weightPath(b.key)] - q.sim.params[weightPath(a.key)])[0];
    dominant[top.key] += q.w;
  }
  for (const h of HYPOTHESES) dominant[h.key] = round(dominant[h.key]);
  const params: Record<string, Interval> = {};
  for (const path of Object.keys(post[0].sim.params)) if (!path.startsWith('hypothesis.')) params[path] = interval(post.map((q) => q.sim.params[path]), w);
  // The published values in the simulated values' units (measure() with no patients).
  const published = measure(target, site, []).map((m) => m.target);
  const ppc = target.map((_, j) => {
    const vals = post.map((q) => ({ v: q.sim.values?.[j] ?? null, w: q.w })).filter((x) => x.v !== null) as { v: number; w: number }[];
    const pub = published[j];
    if (!vals.length || pub === null) return null;
    const total = vals.reduce((a, x) => a + x.w, 0);
    const q = vals.reduce((a, x) => a + (x.v < pub ? x.w : x.v === pub ? x.w / 2 : 0), 0) / total;
    return { quantile: round(q), p: round(Math.min(1, 2 * Math.min(q, 1 - q))) };
  });
  return { particles: r.population.length, epsilon: round(r.epsilon), weights, dominant, params, ppc };
}

export interface Calibration {
  /** The selection cohort (common to every candidate) and its size. */
  selectSeed: string;
  selectPatients: number;
  /** Each candidate particle (its mixture simulation index) and its distance on the selection cohort. */
  candidates: { index: number; distance: number }[];
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
export const defaultValidationPatients = (patients: number) => Math.max(2000, 10 * patients);

/** Run the closest posterior particles on one common cohort, keep the best, validate it. */
export async function calibrate(p: FitProblem, base: ScenarioSource, posterior: readonly Simulation[], run: CohortRunner): Promise<Calibration> {
  const selectPatients = selectionPatients(p.patients);
  const selectSeed = `${p.seed}/select`;
  const pool = [...posterior].sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, Math.max(1, p.select ?? 8));
  const candidates: Calibration['candidates'] = [];
  let best: { sim: Simulation; distance: number; rows: Awaited<ReturnType<CohortRunner>> } | null = null;
  for (const sim of pool) {
    const rows = await run(scenarioWith(base, sim.params).scenario, base.file, { patients: selectPatients, seed: selectSeed });
    const d = distance(measure(p.target, p.site, rows), FIT_Z_CAP);
    candidates.push({ index: sim.index, distance: round(d) });
    if (!best || d < best.distance) best = { sim, distance: d, rows };
  }
  const { input, scenario } = scenarioWith(base, best!.sim.params);
  const validationPatients = p.validation ?? defaultValidationPatients(p.patients);
  const validationSeed = validationPatients > 0 ? `${p.seed}/validation` : selectSeed;
  const rows = validationPatients > 0 ? await run(scenario, base.file, { patients: validationPatients, seed: validationSeed }) : best!.rows;
  return { selectSeed, selectPatients, candidates, params: best!.sim.params, distance: round(best!.distance), input, scenario, validationPatients, validationSeed, measures: measure(p.target, p.site, rows) };
}
