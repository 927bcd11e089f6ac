/**
 * Can the fit be trusted on this table? Cross-validation and power, on the table's own measures
 * and sample sizes only (as R's abc `cv4postpr` and `cv4abc` do, on a reference table):
 *
 * - A reference table of simulations from the fit's priors: `pure` cohorts spread evenly over
 *   the four pure hypotheses, `mixture` cohorts with Dirichlet(1, 1, 1, 1) weights, every other
 *   parameter from the same priors (priors.ts), each on seeds the fit never uses
 *   (`<seed>/validate/…`). Of each cohort only its evaluations of the table's rows are kept
 *   (measures.ts), so a simulation is measured against any number of targets.
 * - Each simulation in turn is the truth: a synthetic study of the table's sample sizes is drawn
 *   from it (targets.ts, syntheticValues) and the fit's own rejection step (the `accept` fraction
 *   of the *other* simulations closest to it: leave one out) attributes it. Over the pure ones:
 *   the confusion matrix and the calibration curve of the posterior probabilities (of the
 *   targets given probability p for a hypothesis, how many were made by it). Over the mixtures:
 *   how often each weight's 90 % interval holds the true weight.
 * - Power (power.ts): the same attribution for studies of other sizes, and the measures that
 *   would help most if added.
 *
 * This checks the model-choice stage as the fit runs it and the mixture weights by rejection on a
 * reference table; the sequential ABC's sharper posterior (smc.ts) is not re-run per synthetic
 * target (that is a fit per target: hundreds of thousands of cohorts).
 */
import type { Site } from '../../biology/biology.js';
import { HYPOTHESES, HYPOTHESIS_KEYS, HYPOTHESIS_SLUGS, type HypothesisKey, type HypothesisSlug } from '../../biology/hypotheses.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../../biology/defaults.js';
import { createRng } from '../../core/rng.js';
import { VERSION } from '../../core/version.js';
import { STREAMS_VERSION } from '../../core/streams.js';
import type { CohortRunner, ScenarioSource } from '../blocks.js';
import { quantile } from '../stats.js';
import { chooseModel, mixtureBase, oneAtATime, type Simulation } from './abc.js';
import { evaluate, retarget, type Evaluation } from './measures.js';
import { FIT_RECORD_EVERY_DAYS, drawParams, fitFollowup, mixtureSpace, priors, scenarioWith, weightPath } from './priors.js';
import { FIT_HUBER_Z, huberLoss, scaleTable, syntheticValues, zOf, type TargetRow } from './targets.js';

/** One simulation of the reference table: what made it and its evaluations of the rows. */
export interface ReferenceSim {
  index: number;
  /** A pure hypothesis's slug, or "mixture". */
  model: string;
  /** The hypothesis weights (a pure one has weight 1 on its hypothesis). */
  weights: Record<HypothesisKey, number>;
  /** Evaluations of the table's rows, then of the candidate rows (power). */
  evals: Evaluation[];
}

export interface ReferenceProblem {
  site: Site;
  target: readonly TargetRow[];
  /** Rows not in the table whose value to a study power analysis asks (evaluated too). */
  candidates?: readonly TargetRow[];
  bases: Record<HypothesisSlug, ScenarioSource>;
  /** Simulated patients per cohort. */
  patients: number;
  seed: number;
  /** Cohorts of the pure hypotheses (spread evenly) and of mixtures. */
  pure: number;
  mixture: number;
  /** Fraction of the other simulations accepted (the fit's `accept`). */
  accept: number;
}

export type ReferenceStage = 'pure' | 'mixture';

/** Everything that made a reference table's simulations (a store keys its files by a hash of it). */
export function referenceIdentity(p: ReferenceProblem): unknown {
  // Not `accept`: the same simulations serve any acceptance.
  const { accept: _, ...made } = p;
  return { ...made, priors: priors(p.site), version: VERSION, streams: STREAMS_VERSION, defaults: [COMMON_DEFAULTS, SITE_DEFAULTS[p.site]], recordEveryDays: FIT_RECORD_EVERY_DAYS };
}

export interface ReferenceEnv {
  run: CohortRunner;
  store: { get(stage: ReferenceStage, index: number): ReferenceSim | undefined; put(stage: ReferenceStage, sim: ReferenceSim): void };
  onSimulation?: (stage: ReferenceStage, done: number, total: number) => void;
  /** Shards of a job array sharing one store (as a fit's: abc.ts, Share). */
  share?: { mine(stage: ReferenceStage, index: number): boolean; wait(stage: ReferenceStage, index: number, ok: (s: ReferenceSim) => boolean): Promise<ReferenceSim> };
}

const pureWeights = (slug: string) =>
  Object.fromEntries(HYPOTHESES.map((h) => [h.key, h.slug === slug ? 1 : 0])) as Record<HypothesisKey, number>;

/** The reference table: stored simulations are reused, the others run now. */
export async function referenceTable(p: ReferenceProblem, env: ReferenceEnv): Promise<{ pure: ReferenceSim[]; mixture: ReferenceSim[] }> {
  const rows = [...p.target, ...(p.candidates ?? [])];
  const followup = fitFollowup(rows, p.site);
  const ps = priors(p.site);
  const space = mixtureSpace(ps);
  const out = { pure: [] as ReferenceSim[], mixture: [] as ReferenceSim[] };
  const turn = oneAtATime();
  for (const stage of ['pure', 'mixture'] as const) {
    const total = p[stage];
    let done = 0;
    out[stage] = await Promise.all(Array.from({ length: total }, async (_, i) => {
      let sim = env.store.get(stage, i);
      if (!sim && env.share && !env.share.mine(stage, i)) sim = await env.share.wait(stage, i, () => true);
      if (!sim) sim = await turn(async () => {
        const seed = `${p.seed}/validate/${stage}/${i}`;
        const rng = createRng(seed);
        let base: ScenarioSource;
        let params: Record<string, number>;
        let model: string;
        if (stage === 'pure') {
          model = HYPOTHESIS_SLUGS[i % HYPOTHESIS_SLUGS.length];
          base = p.bases[model as HypothesisSlug];
          params = drawParams(ps, rng);
        } else {
          model = 'mixture';
          base = mixtureBase(p.site);
          params = space.decode(space.sample(() => rng.next()));
        }
        const patients = await env.run(scenarioWith(base, params, followup).scenario, base.file, { patients: p.patients, seed });
        const weights = stage === 'pure' ? pureWeights(model) : (Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, params[weightPath(k)]])) as Record<HypothesisKey, number>);
        const made: ReferenceSim = { index: i, model, weights, evals: evaluate(rows, p.site, patients) };
        env.store.put(stage, made);
        return made;
      });
      env.onSimulation?.(stage, ++done, total);
      return sim;
    }));
  }
  return out;
}

/** A synthetic study drawn from one simulation: the rows it computes, their values and sample sizes. */
interface Study {
  /** Indices into the simulation's evaluations. */
  idx: number[];
  value: number[];
  n: number[];
}

/**
 * The study a simulation would give: the table's rows scaled to `scale` × its size, each value
 * drawn at its sample size from the simulation's evaluation (rows it cannot compute are left
 * out). `rows` may include candidate rows (indices continue past the table's).
 */
function studyOf(sim: ReferenceSim, rows: readonly TargetRow[], site: Site, scale: number, seed: string): Study {
  const scaled = scaleTable(rows, scale);
  const sized = retarget(sim.evals.slice(0, rows.length), scaled, site);
  const values = syntheticValues(scaled, sized, createRng(seed));
  const drawn = scaled.map((r, i) => (values[i] === null ? r : { ...r, value: values[i]! }));
  // The drawn rows' own reading (a median without a denominator takes its group's drawn count).
  const read = retarget(sized, drawn, site);
  const s: Study = { idx: [], value: [], n: [] };
  read.forEach((e, i) => {
    if (values[i] === null || e.kind === 'none') return;
    s.idx.push(i);
    s.value.push(e.kind === 'median' ? e.v : e.p);
    s.n.push(e.n);
  });
  return s;
}

/** The fit's distance (targets.ts) of a simulation from a study, without building rows. */
function studyDistance(sim: ReferenceSim, s: Study, c: number): number {
  let sum = 0;
  let k = 0;
  for (let r = 0; r < s.idx.length; r++) {
    const z = zOf(sim.evals[s.idx[r]], s.value[r], s.n[r]);
    if (z === null) continue;
    sum += huberLoss(z, c);
    k++;
  }
  return k ? Math.sqrt(sum / k) : Infinity;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  /** (target, hypothesis) pairs whose posterior probability fell in [lo, hi). */
  n: number;
  /** Their mean posterior probability, and the share of them made by that hypothesis. */
  predicted: number | null;
  observed: number | null;
}

export interface PureValidation {
  targets: number;
  /** confusion[truth][attributed]: counts. */
  confusion: Record<string, Record<string, number>>;
  accuracy: number;
  recall: Record<string, number>;
  calibration: CalibrationBin[];
  /** Mean squared error of the posterior probabilities (0 perfect; 0.75 for uniform guesses). */
  brier: number;
  /** Expected calibration error: the bins' |observed − predicted|, weighted by their pairs. */
  calibrationError: number;
}

/** Leave-one-out attribution of each pure simulation's study (on `rows`, at `scale`). */
export function validatePure(pure: readonly ReferenceSim[], rows: readonly TargetRow[], site: Site, accept: number, seed: number, scale = 1, label = 'table'): PureValidation {
  const confusion = Object.fromEntries(HYPOTHESIS_SLUGS.map((t) => [t, Object.fromEntries(HYPOTHESIS_SLUGS.map((a) => [a, 0]))]));
  const pairs: [number, boolean][] = [];
  let correct = 0;
  for (const truth of pure) {
    const s = studyOf(truth, rows, site, scale, `${seed}/validate/study/${label}/${scale}/pure/${truth.index}`);
    const sims: Simulation[] = pure.filter((o) => o !== truth).map((o) => ({ index: o.index, model: o.model, params: {}, distance: studyDistance(o, s, Infinity) }));
    const choice = chooseModel(sims, HYPOTHESIS_SLUGS, accept);
    confusion[truth.model][choice.winner]++;
    if (choice.winner === truth.model) correct++;
    for (const h of HYPOTHESIS_SLUGS) pairs.push([choice.posterior[h], h === truth.model]);
  }
  const bins: CalibrationBin[] = Array.from({ length: 10 }, (_, b) => {
    const lo = b / 10;
    const hi = (b + 1) / 10;
    const inBin = pairs.filter(([q]) => q >= lo && (q < hi || (b === 9 && q <= 1)));
    return {
      lo, hi, n: inBin.length,
      predicted: inBin.length ? round4(inBin.reduce((a, [q]) => a + q, 0) / inBin.length) : null,
      observed: inBin.length ? round4(inBin.filter(([, t]) => t).length / inBin.length) : null,
    };
  });
  const recall = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => {
    const row = confusion[h];
    const total = Object.values(row).reduce((a, x) => a + x, 0);
    return [h, total ? round4(row[h] / total) : 0];
  }));
  return {
    targets: pure.length, confusion, accuracy: round4(correct / Math.max(1, pure.length)), recall, calibration: bins,
    brier: round4(pairs.reduce((a, [q, t]) => a + (q - (t ? 1 : 0)) ** 2, 0) / Math.max(1, pure.length)),
    calibrationError: round4(bins.reduce((a, b) => a + (b.n ? b.n * Math.abs(b.observed! - b.predicted!) : 0), 0) / Math.max(1, pairs.length)),
  };
}

export interface MixtureValidation {
  targets: number;
  /** Share of (target, weight) pairs whose 90 % interval holds the true weight. */
  coverage: number;
  coverageByWeight: Record<string, number>;
  /** Mean width of the 90 % intervals, beside the prior's (Beta(1, 3): 0.61). */
  meanWidth: Record<string, number>;
  priorWidth: number;
  /** Mean absolute error of the posterior mean weight, beside the prior mean's (0.25 ± …). */
  meanAbsError: Record<string, number>;
  priorMeanAbsError: Record<string, number>;
}

/** Leave-one-out 90 % intervals of each mixture simulation's weights (rejection on the table, Huber distance). */
export function validateMixture(mixture: readonly ReferenceSim[], rows: readonly TargetRow[], site: Site, accept: number, seed: number): MixtureValidation {
  const hits = Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, 0]));
  const width = Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, 0]));
  const err = Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, 0]));
  const priorErr = Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, 0]));
  for (const truth of mixture) {
    const s = studyOf(truth, rows, site, 1, `${seed}/validate/study/table/1/mixture/${truth.index}`);
    const others = mixture.filter((o) => o !== truth).map((o) => ({ o, d: studyDistance(o, s, FIT_HUBER_Z) }));
    others.sort((a, b) => a.d - b.d || a.o.index - b.o.index);
    const acc = others.slice(0, Math.max(2, Math.ceil(accept * others.length)));
    for (const k of HYPOTHESIS_KEYS) {
      const w = acc.map((a) => a.o.weights[k]);
      const lo = quantile(w, 0.05)!;
      const hi = quantile(w, 0.95)!;
      if (truth.weights[k] >= lo && truth.weights[k] <= hi) hits[k]++;
      width[k] += hi - lo;
      err[k] += Math.abs(w.reduce((a, x) => a + x, 0) / w.length - truth.weights[k]);
      priorErr[k] += Math.abs(0.25 - truth.weights[k]);
    }
  }
  const n = Math.max(1, mixture.length);
  const per = (o: Record<string, number>) => Object.fromEntries(HYPOTHESES.map((h) => [h.slug, round4(o[h.key] / n)]));
  return {
    targets: mixture.length,
    coverage: round4(HYPOTHESIS_KEYS.reduce((a, k) => a + hits[k], 0) / (n * HYPOTHESIS_KEYS.length)),
    coverageByWeight: per(hits), meanWidth: per(width), priorWidth: round4(BETA13_Q95 - BETA13_Q05),
    meanAbsError: per(err), priorMeanAbsError: per(priorErr),
  };
}

/** 5 % and 95 % quantiles of Beta(1, 3), the Dirichlet(1, 1, 1, 1) marginal: 1 − (1 − q)^{1/3}. */
const BETA13_Q05 = 1 - Math.cbrt(0.95);
const BETA13_Q95 = 1 - Math.cbrt(0.05);

export const round4 = (x: number) => Number(x.toFixed(4));
