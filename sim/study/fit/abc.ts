/**
 * Which hypothesis explains a cohort, and the model that reproduces it. Three stages, no I/O
 * (cohorts are run by the CohortRunner the caller passes — a worker pool, Web Workers, this
 * thread — and finished simulations are kept by its SimulationStore, so a stopped fit resumes):
 *
 * 1. Model choice among the four pure hypotheses: rejection ABC (Grelaud et al. 2009),
 *    simulations spread evenly over the hypotheses (a uniform model prior), parameters drawn
 *    from the site's priors (priors.ts, every hypothesis's levers); the `accept` fraction
 *    closest to the target gives each hypothesis's posterior probability and the Bayes factors.
 * 2. The mixture: the four hypothesis weights on a Dirichlet(1, 1, 1, 1) simplex, estimated
 *    jointly with every other parameter by sequential ABC (smc.ts). Real NET biology may well be
 *    a mixture (the review's hypotheses are not exclusive): the posterior of each weight says how
 *    much of each the data want.
 * 3. Calibration: the posterior's closest particles are run again on one common cohort (common
 *    random numbers: each process draws from its own named substream, so two particles' cohorts
 *    differ by their parameters, not by the noise) and the best is measured on a fresh,
 *    larger validation cohort (calibrate.ts): the scenario a `*-calibrated.json` file ships.
 */
import type { Site } from '../../biology/biology.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../../biology/defaults.js';
import { createRng } from '../../core/rng.js';
import { VERSION } from '../../core/version.js';
import { STREAMS_VERSION } from '../../core/streams.js';
import { HYPOTHESIS_SLUGS, type HypothesisSlug } from '../../biology/hypotheses.js';
import type { CohortRunner, ScenarioSource } from '../blocks.js';
import { distance, FIT_HUBER_Z, measure, type TargetRow } from './targets.js';
import { FIT_RECORD_EVERY_DAYS, drawParams, fitFollowup, mixtureSpace, priors, scenarioWith } from './priors.js';
import { abcSmc, type SmcResult } from './smc.js';
import { calibrate, summarizeMixture, type Calibration, type MixtureSummary } from './calibrate.js';

export interface Simulation {
  index: number;
  /** A pure hypothesis's slug, or "mixture". */
  model: string;
  params: Record<string, number>;
  distance: number;
  /** The simulated value of each target row (null: not computable), for the predictive check. */
  values?: (number | null)[];
}

export interface ModelChoice {
  accepted: number;
  acceptanceRate: number;
  threshold: number;
  posterior: Record<string, number>;
  /** Bayes factor of the winner against each hypothesis (uniform model prior: the posterior
   *  odds); null where the hypothesis had no accepted simulation (the factor is then larger than
   *  the winner's accepted count). */
  bayesFactors: Record<string, number | null>;
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
  const bayesFactors = Object.fromEntries(models.map((m) => [m, posterior[m] > 0 ? Number((posterior[winner] / posterior[m]).toPrecision(4)) : null]));
  const best = acc.find((s) => s.model === winner) ?? sorted[0];
  return { accepted: k, acceptanceRate: k / sims.length, threshold: acc[acc.length - 1].distance, posterior, bayesFactors, minDistance, winner, best };
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
  /** Fraction of model-choice simulations accepted (closest to the target). */
  accept: number;
  /** Simulations of the mixture's sequential ABC (0: no mixture stage, no calibration). */
  smc: number;
  /** Particles of the sequential ABC (half are kept per generation). */
  particles: number;
  /** Posterior particles run again on the common selection cohort (default 8). */
  select?: number;
  /** Steps of the local search from the best of them on that cohort (default 24). */
  refine?: number;
  /** Patients of the validation cohort (default max(2000, 10 × patients); 0: the selection cohort's figures). */
  validation?: number;
}

export type Stage = 'choice' | 'mixture';

/** Where finished simulations are kept (files under the fit's key, memory), per stage. */
export interface SimulationStore {
  get(stage: Stage, index: number): Simulation | undefined;
  put(stage: Stage, sim: Simulation): void;
}

export const memoryStore = (): SimulationStore => {
  const m = new Map<string, Simulation>();
  return { get: (st, i) => m.get(`${st}/${i}`), put: (st, s) => void m.set(`${st}/${s.index}`, s) };
};

/**
 * A fit spread over several processes (shards of a job array) sharing one store: each runs its
 * share of every stage's simulations and reads the others' as they are stored. Every shard
 * reaches the same posterior (each simulation's inputs follow from the earlier ones); one
 * calibrates.
 */
export interface Share {
  /** Whether this process runs simulation `index` of `stage` (else another shard does). */
  mine(stage: Stage, index: number): boolean;
  /** Another shard's simulation, once it is stored and `ok` (made from the expected inputs). */
  wait(stage: Stage, index: number, ok: (s: Simulation) => boolean): Promise<Simulation>;
  /** Whether this process runs the calibration (one shard does). */
  calibrates: boolean;
}

/** One cohort at a time on this machine (a cohort spreads its own patients over the workers). */
export function oneAtATime(): <T>(f: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(f: () => Promise<T>) => {
    const r = tail.then(f);
    tail = r.catch(() => undefined);
    return r;
  };
}

export interface FitEnv {
  run: CohortRunner;
  store: SimulationStore;
  share?: Share;
  /** After each simulation of a stage (stored or new): how many of at most `total` are done. */
  onSimulation?: (stage: Stage, done: number, total: number) => void;
  /** After each generation of the sequential ABC. */
  onGeneration?: (g: SmcResult['generations'][number]) => void;
}

/** The sequential ABC's fixed settings: the tolerance falls to the population's median each
 *  generation; it stops when fewer than 5 % of moves are accepted. */
export const SMC_ALPHA = 0.5;
export const SMC_P_ACC_MIN = 0.05;

/**
 * Everything that made a fit's simulations: stored ones are reused only when all of it is the
 * same (the target, the cohort, the priors, the base scenarios and the defaults they fill in, the
 * version). A store keys its files by a hash of this.
 */
export function fitIdentity(p: FitProblem): unknown {
  return { target: p.target, site: p.site, patients: p.patients, seed: p.seed, priors: priors(p.site), version: VERSION, streams: STREAMS_VERSION, bases: p.bases, particles: p.particles, defaults: [COMMON_DEFAULTS, SITE_DEFAULTS[p.site]], recordEveryDays: FIT_RECORD_EVERY_DAYS };
}

/** The base scenario of the mixture: the site's plain scenario; the weights come from the fit. */
export const mixtureBase = (site: Site): ScenarioSource => ({
  input: { kind: 'net', name: `${site}-calibrated`, site, hypothesis: { spontaneousParallel: 1 } },
  file: `${site}-calibrated`,
});

/** Model-choice simulation i (its hypothesis, parameters and distance): stored, another shard's, or run now. */
async function choiceSimulation(p: FitProblem, i: number, env: FitEnv, turn: ReturnType<typeof oneAtATime>): Promise<Simulation> {
  const stored = env.store.get('choice', i);
  if (stored) return stored;
  if (env.share && !env.share.mine('choice', i)) return env.share.wait('choice', i, () => true);
  return turn(async () => {
    const model = HYPOTHESIS_SLUGS[i % HYPOTHESIS_SLUGS.length];
    const params = drawParams(priors(p.site), createRng(`${p.seed}/fit/${i}`));
    const rows = await env.run(scenarioWith(p.bases[model], params, fitFollowup(p.target, p.site)).scenario, p.bases[model].file, { patients: p.patients, seed: `${p.seed}/fit/${i}` });
    const sim: Simulation = { index: i, model, params, distance: Number(distance(measure(p.target, p.site, rows)).toPrecision(8)) };
    env.store.put('choice', sim);
    return sim;
  });
}

const sameParams = (a: Record<string, number>, b: Record<string, number>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

export interface FitResult {
  problem: FitProblem;
  /** The model-choice simulations, by index. */
  sims: Simulation[];
  choice: ModelChoice;
  winner: string;
  posterior: Record<string, number>;
  /** The mixture's sequential ABC and its posterior (null when `smc` is 0). */
  mixture: { smc: SmcResult; sims: Simulation[]; summary: MixtureSummary } | null;
  /** The calibrated model and its validation (null when `smc` is 0). */
  calibration: Calibration | null;
}

/** The whole fit: model choice, the mixture's posterior, the calibrated model. */
export async function fitHypotheses(p: FitProblem, env: FitEnv): Promise<FitResult> {
  const turn = oneAtATime();
  let done = 0;
  const sims = await Promise.all(Array.from({ length: p.budget }, async (_, i) => {
    const sim = await choiceSimulation(p, i, env, turn);
    env.onSimulation?.('choice', ++done, p.budget);
    return sim;
  }));
  const choice = chooseModel(sims, HYPOTHESIS_SLUGS, p.accept);
  const base = { problem: p, sims, choice, winner: choice.winner, posterior: choice.posterior };
  if (p.smc <= 0) return { ...base, mixture: null, calibration: null };

  const ps = priors(p.site);
  const space = mixtureSpace(ps);
  const mixBase = mixtureBase(p.site);
  const followup = fitFollowup(p.target, p.site);
  const mixSims: Simulation[] = [];
  let mixed = 0;
  const simulate = async (x: Float64Array, i: number): Promise<number> => {
    const params = space.decode(x);
    let sim = env.store.get('mixture', i);
    // A stored simulation is reused only if made at these parameters.
    if (!sim || !sameParams(sim.params, params)) {
      if (env.share && !env.share.mine('mixture', i)) sim = await env.share.wait('mixture', i, (s) => sameParams(s.params, params));
      else
        sim = await turn(async () => {
          const rows = await env.run(scenarioWith(mixBase, params, followup).scenario, mixBase.file, { patients: p.patients, seed: `${p.seed}/mixture/${i}` });
          const ms = measure(p.target, p.site, rows);
          const s: Simulation = { index: i, model: 'mixture', params, distance: Number(distance(ms, FIT_HUBER_Z).toPrecision(8)), values: ms.map((m) => m.simulated) };
          env.store.put('mixture', s);
          return s;
        });
    }
    mixSims[i] = sim;
    env.onSimulation?.('mixture', ++mixed, p.smc);
    return sim.distance;
  };
  const result = await abcSmc(space, simulate, { particles: p.particles, alpha: SMC_ALPHA, pAccMin: SMC_P_ACC_MIN, budget: p.smc, seed: `${p.seed}/mixture` }, env.onGeneration);
  const summary = summarizeMixture(result, mixSims, p.target, p.site);
  if (env.share && !env.share.calibrates) return { ...base, mixture: { smc: result, sims: mixSims, summary }, calibration: null };
  const calibration = await calibrate(p, mixBase, space, result.population.map((q) => ({ sim: mixSims[q.index], x: q.x })), env.run);
  return { ...base, mixture: { smc: result, sims: mixSims, summary }, calibration };
}
