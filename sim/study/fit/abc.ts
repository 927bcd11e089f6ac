/**
 * Which hypothesis explains a cohort: rejection ABC with model choice (Grelaud et al. 2009).
 * Simulations are spread evenly over the four hypotheses (a uniform model prior), their
 * parameters drawn from the site's priors; the `accept` fraction closest to the target gives each
 * hypothesis's posterior probability. Then the winner's parameters are refined and measured on a
 * fresh validation cohort (refine.ts). No I/O here: cohorts are run by the CohortRunner the caller
 * passes (a worker pool, Web Workers, this thread) and finished simulations are kept by its
 * SimulationStore (files, memory), so a stopped fit can resume.
 */
import type { Site } from '../../biology/biology.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../../biology/defaults.js';
import { createRng } from '../../core/rng.js';
import { VERSION } from '../../core/version.js';
import { HYPOTHESIS_SLUGS, type HypothesisSlug } from '../../biology/hypotheses.js';
import type { CohortRunner, ScenarioSource } from '../blocks.js';
import { distance, measure, type TargetRow } from './targets.js';
import { drawParams, priors, scenarioWith } from './priors.js';
import { refineAndValidate, type Refinement } from './refine.js';

export interface Simulation {
  index: number;
  model: string;
  params: Record<string, number>;
  distance: number;
}

export interface ModelChoice {
  accepted: number;
  acceptanceRate: number;
  threshold: number;
  posterior: Record<string, number>;
  minDistance: Record<string, number>;
  winner: string;
  best: Simulation;
}

/** Rejection ABC with model choice: accept the `accept` fraction of simulations closest to the target. */
export function chooseModel(sims: readonly Simulation[], models: readonly string[], accept: number): ModelChoice {
  const sorted = [...sims].sort((a, b) => a.distance - b.distance || a.index - b.index);
  const k = Math.max(1, Math.ceil(accept * sims.length));
  const acc = sorted.slice(0, k);
  const posterior = Object.fromEntries(models.map((m) => [m, acc.filter((s) => s.model === m).length / k]));
  const minDistance = Object.fromEntries(models.map((m) => [m, Math.min(...sims.filter((s) => s.model === m).map((s) => s.distance))]));
  const winner = [...models].sort((a, b) => posterior[b] - posterior[a] || minDistance[a] - minDistance[b])[0];
  const best = acc.find((s) => s.model === winner) ?? sorted[0];
  return { accepted: k, acceptanceRate: k / sims.length, threshold: acc[acc.length - 1].distance, posterior, minDistance, winner, best };
}

/** What a fit is asked: the site, the target table, the base scenario of each hypothesis, the sizes. */
export interface FitProblem {
  site: Site;
  target: readonly TargetRow[];
  /** The scenario of each pure hypothesis at the site (the shipped ones, for the CLI). */
  bases: Record<HypothesisSlug, ScenarioSource>;
  /** Simulations of the model-choice stage (index i: hypothesis i mod 4, seed `<seed>/fit/<i>`). */
  budget: number;
  /** Patients per simulated cohort. */
  patients: number;
  seed: number;
  /** Fraction of simulations accepted (closest to the target). */
  accept: number;
  /** Refinement steps of the winner's parameters. */
  refine: number;
  /** Patients of the validation cohort (default max(2000, 10 × patients); 0: the refinement's cohort). */
  validation?: number;
}

/** Where finished model-choice simulations are kept (files under the fit's key, memory). */
export interface SimulationStore {
  get(index: number): Simulation | undefined;
  put(sim: Simulation): void;
}

export const memoryStore = (): SimulationStore => {
  const m = new Map<number, Simulation>();
  return { get: (i) => m.get(i), put: (s) => void m.set(s.index, s) };
};

export interface FitEnv {
  run: CohortRunner;
  store: SimulationStore;
  /** After each model-choice simulation (stored or new): how many of `total` are done. */
  onSimulation?: (done: number, total: number) => void;
}

/**
 * Everything that made a fit's simulations: stored ones are reused only when all of it is the
 * same (the target, the cohort, the priors, the base scenarios and the defaults they fill in, the
 * version). A store keys its files by a hash of this.
 */
export function fitIdentity(p: FitProblem): unknown {
  return { target: p.target, site: p.site, patients: p.patients, seed: p.seed, priors: priors(p.site), version: VERSION, bases: p.bases, defaults: [COMMON_DEFAULTS, SITE_DEFAULTS[p.site]] };
}

/** Model-choice simulation i (its hypothesis, parameters and distance), from the store or run now. */
async function simulation(p: FitProblem, i: number, env: FitEnv): Promise<Simulation> {
  const stored = env.store.get(i);
  if (stored) return stored;
  const model = HYPOTHESIS_SLUGS[i % HYPOTHESIS_SLUGS.length];
  const params = drawParams(priors(p.site), createRng(`${p.seed}/fit/${i}`));
  const rows = await env.run(scenarioWith(p.bases[model], params).scenario, p.bases[model].file, { patients: p.patients, seed: `${p.seed}/fit/${i}` });
  const sim: Simulation = { index: i, model, params, distance: Number(distance(measure(p.target, p.site, rows)).toPrecision(8)) };
  env.store.put(sim);
  return sim;
}

export interface FitResult {
  problem: FitProblem;
  /** The model-choice simulations, by index. */
  sims: Simulation[];
  choice: ModelChoice;
  winner: string;
  posterior: Record<string, number>;
  refinement: Refinement;
}

/** The whole fit: model choice over `budget` simulations, then refinement and validation of the winner. */
export async function fitHypotheses(p: FitProblem, env: FitEnv): Promise<FitResult> {
  const sims: Simulation[] = [];
  for (let i = 0; i < p.budget; i++) {
    sims.push(await simulation(p, i, env));
    env.onSimulation?.(i + 1, p.budget);
  }
  const choice = chooseModel(sims, HYPOTHESIS_SLUGS, p.accept);
  const refinement = await refineAndValidate(p, choice.winner as HypothesisSlug, choice.best.params, env.run);
  return { problem: p, sims, choice, winner: choice.winner, posterior: choice.posterior, refinement };
}
