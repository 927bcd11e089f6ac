/**
 * Adaptive population Monte Carlo ABC (APMC: Lenormand, Jabot & Deffuant 2013, Comput. Stat.
 * 28:2777), the sequential ABC of the fit. Why this one: its cost is fixed per generation
 * (N·(1 − α) new simulations), so a budget of simulations is a budget of time; its tolerance
 * adapts by itself (the α-quantile of the current distances), it stops by itself when new
 * proposals are rarely accepted any more (the posterior has stopped moving), and every
 * simulation's inputs are a deterministic function of the earlier ones, so a stopped run resumes
 * from stored simulations. Regression adjustment on a reference table (R's abc) would need a
 * table of thousands of cohorts for the ~40 parameters here; ABC-SMC with a fixed acceptance
 * count (pyABC's default) has an unbounded cost per generation.
 *
 * The algorithm, on parameters x in an unconstrained space with prior density π:
 *   0. draw N/α particles from the prior, simulate, keep the N closest (ε = the N-th distance);
 *   t. ε_t = the α-quantile of the population's distances; keep the N·α particles within it;
 *      propose N − N·α new ones: pick a kept particle by weight, move it by a normal kernel of
 *      twice the kept particles' weighted variance per coordinate (redraw outside the prior's
 *      support), simulate; a new particle's weight is π(x) / Σ_j w_j K(x | x_j);
 *      p_acc = the share of new particles within ε_t; stop when p_acc < pAccMin or the budget
 *      is spent.
 * The kernel is diagonal (with ~40 parameters and a few dozen kept particles the full covariance
 * is rank-deficient) and truncated to the prior's support coordinate by coordinate, its density
 * renormalized accordingly. Weights are handled in logs (a 40-dimensional kernel underflows).
 *
 * Generic on purpose: a parameter space and a simulator that returns a distance. The fit wires
 * it to cohorts (abc.ts); tests/apmc.test.ts checks it on problems whose posterior is known.
 */
import { createRng } from '../../core/rng.js';
import { gammaP } from '../inference.js';

/** A parameter space: a prior to draw from and its normalized log-density (−∞ outside the support), in coordinates x. */
export interface ParamSpace {
  dim: number;
  /** Each coordinate's support [lo, hi] (±Infinity: unbounded). The kernel is truncated to it
   *  coordinate by coordinate: in ~40 dimensions a whole proposal almost never lands inside a box. */
  bounds: readonly (readonly [number, number])[];
  /** A draw from the prior, from uniforms u() in [0, 1). */
  sample(u: () => number): Float64Array;
  logPrior(x: Float64Array): number;
}

export interface Particle {
  /** Index of the simulation that made it (its seed, its stored record). */
  index: number;
  x: Float64Array;
  distance: number;
  /** Importance weight π(x)/q(x) of the proposal that made it, in logs (0 for a prior draw). */
  logWeight: number;
  /** The weight normalized over the population it is in (sums to 1). */
  weight: number;
}

export interface ApmcOptions {
  /** Particles kept per generation (N). */
  particles: number;
  /** Quantile kept per generation (α, 0.5 in Lenormand et al.). */
  alpha: number;
  /** Stop once fewer new particles than this share fall within the tolerance (0.05). */
  pAccMin: number;
  /** At most this many simulations in all (the first generation's N/α included). */
  budget: number;
  /** Seed of the proposals (each generation forks its own stream). */
  seed: string;
}

export interface Generation {
  generation: number;
  /** Simulations run in this generation, and the total so far. */
  simulations: number;
  total: number;
  /** Tolerance after the generation (the largest distance in the population). */
  epsilon: number;
  /** Share of new particles within the previous tolerance (null for the first generation). */
  pAcc: number | null;
}

export interface ApmcResult {
  /** The posterior sample: the N·α particles within the final tolerance, weights normalized. */
  population: Particle[];
  /** The final tolerance. */
  epsilon: number;
  generations: Generation[];
  /** Why it stopped. */
  stopped: 'converged' | 'budget';
}

/**
 * `simulate(x, index)` runs simulation `index` at parameters x and resolves to its distance.
 * Simulations run one after another, in index order (a cohort spreads its own patients over the
 * workers).
 */
export async function apmc(space: ParamSpace, simulate: (x: Float64Array, index: number) => Promise<number>, o: ApmcOptions, onGeneration?: (g: Generation) => void): Promise<ApmcResult> {
  if (!(o.alpha > 0 && o.alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${o.alpha}`);
  const N = o.particles;
  const keep = Math.max(2, Math.floor(N * o.alpha));
  const first = Math.ceil(N / o.alpha);
  if (!(Number.isInteger(N) && N >= 4)) throw new Error(`particles must be a whole number ≥ 4, got ${N}`);
  if (o.budget < first) throw new Error(`a budget of ${o.budget} simulations cannot fill the first generation (${first} = particles / alpha)`);
  let index = 0;
  const rng0 = createRng(`${o.seed}/apmc/0`);
  const xs = Array.from({ length: first }, () => space.sample(() => rng0.next()));
  const ds = await inTurn(xs, (x) => simulate(x, index++));
  let pop: Particle[] = xs.map((x, i) => ({ index: i, x, distance: ds[i], logWeight: 0, weight: 1 }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, N);
  normalize(pop);
  const generations: Generation[] = [{ generation: 0, simulations: first, total: index, epsilon: pop[pop.length - 1].distance, pAcc: null }];
  onGeneration?.(generations[0]);
  let stopped: ApmcResult['stopped'] = 'budget';
  for (let t = 1; index + (N - keep) <= o.budget; t++) {
    const kept = pop.slice(0, keep);
    const epsilon = kept[kept.length - 1].distance;
    normalize(kept);
    const sd = kernelSd(kept, space.dim);
    const rng = createRng(`${o.seed}/apmc/${t}`);
    const proposals: Float64Array[] = [];
    for (let k = 0; k < N - keep; k++) proposals.push(propose(space, kept, sd, rng));
    const start = index;
    const dNew = await inTurn(proposals, (x) => simulate(x, index++));
    // A new particle's importance weight π(x) / Σ_j w_j K(x | x_j) (kept weights normalized):
    // like a prior draw's (π/π = 1), an absolute density ratio, so kept and new particles'
    // weights compare as they are (Lenormand et al.).
    const constants = kernelConstants(kept, sd, space.bounds);
    const fresh: Particle[] = proposals.map((x, i) => ({ index: start + i, x, distance: dNew[i], logWeight: space.logPrior(x) - logMixture(x, kept, sd, constants), weight: 0 }));
    const pAcc = fresh.filter((p) => p.distance <= epsilon).length / fresh.length;
    pop = [...kept, ...fresh].sort((a, b) => a.distance - b.distance || a.index - b.index);
    normalize(pop);
    const g: Generation = { generation: t, simulations: fresh.length, total: index, epsilon: pop[pop.length - 1].distance, pAcc };
    generations.push(g);
    onGeneration?.(g);
    if (pAcc < o.pAccMin) {
      stopped = 'converged';
      break;
    }
  }
  // The posterior sample: the particles within the last tolerance (the α-quantile of the last
  // population), their weights renormalized; the rest of the population was only proposed.
  const posterior = pop.slice(0, keep);
  normalize(posterior);
  return { population: posterior, epsilon: posterior[posterior.length - 1].distance, generations, stopped };
}

async function inTurn<T, R>(xs: readonly T[], f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}

/** Set each particle's normalized weight from the log-weights. */
function normalize(ps: Particle[]): void {
  const m = Math.max(...ps.map((p) => p.logWeight));
  const s = ps.reduce((a, p) => a + Math.exp(p.logWeight - m), 0);
  for (const p of ps) p.weight = Math.exp(p.logWeight - m) / s;
}

/** √(2 × weighted variance) per coordinate (Beaumont et al. 2009's optimal scale for a normal kernel). */
function kernelSd(ps: readonly Particle[], dim: number): Float64Array {
  const sd = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    let m = 0;
    for (const p of ps) m += p.weight * p.x[j];
    let v = 0;
    for (const p of ps) v += p.weight * (p.x[j] - m) ** 2;
    // A coordinate on which the kept particles agree exactly still gets a small step.
    sd[j] = Math.sqrt(2 * v) || 1e-6;
  }
  return sd;
}

function propose(space: ParamSpace, kept: readonly Particle[], sd: Float64Array, rng: ReturnType<typeof createRng>): Float64Array {
  for (let attempt = 0; attempt < 100; attempt++) {
    let u = rng.next();
    let i = 0;
    while (i < kept.length - 1 && u >= kept[i].weight) u -= kept[i++].weight;
    const x = new Float64Array(space.dim);
    for (let j = 0; j < space.dim; j++) {
      const [lo, hi] = space.bounds[j];
      let v = NaN;
      // A kept particle lies inside the support and σ is of the order of its width: a draw
      // lands inside with probability ≳ 0.3, so 1,000 tries never all miss in practice.
      for (let t = 0; t < 1000 && !(v >= lo && v <= hi); t++) v = kept[i].x[j] + sd[j] * rng.normal();
      if (!(v >= lo && v <= hi)) throw new Error(`APMC: 1,000 kernel draws of coordinate ${j} fell outside [${lo}, ${hi}]`);
      x[j] = v;
    }
    if (Number.isFinite(space.logPrior(x))) return x;
  }
  throw new Error('APMC: 100 proposals in a row fell outside the prior support');
}

/** Standard normal CDF (through the regularized incomplete gamma: erf(x) = P(1/2, x²)). */
function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const h = 0.5 * gammaP(0.5, (z * z) / 2);
  return z >= 0 ? 0.5 + h : 0.5 - h;
}

/**
 * Per kept particle, the x-independent part of log w_i K(x | x_i): its log-weight, the normal's
 * constant and the log of each coordinate's mass inside the support (the truncation).
 */
function kernelConstants(kept: readonly Particle[], sd: Float64Array, bounds: ParamSpace['bounds']): number[] {
  const c = -0.5 * sd.length * Math.log(2 * Math.PI);
  return kept.map((p) => {
    let l = c + Math.log(p.weight);
    for (let j = 0; j < sd.length; j++) {
      const [lo, hi] = bounds[j];
      const mass = lo === -Infinity && hi === Infinity ? 1 : normalCdf((hi - p.x[j]) / sd[j]) - normalCdf((lo - p.x[j]) / sd[j]);
      l -= Math.log(sd[j]) + Math.log(mass);
    }
    return l;
  });
}

/** log Σ_i w_i K(x | x_i) for the diagonal normal kernel truncated to the support. */
function logMixture(x: Float64Array, kept: readonly Particle[], sd: Float64Array, constants: readonly number[]): number {
  const terms = kept.map((p, i) => {
    let l = constants[i];
    for (let j = 0; j < x.length; j++) l -= 0.5 * ((x[j] - p.x[j]) / sd[j]) ** 2;
    return l;
  });
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((a, l) => a + Math.exp(l - m), 0));
}

/** Weighted quantile of values v with normalized weights w. */
export function weightedQuantile(v: readonly number[], w: readonly number[], q: number): number {
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  let acc = 0;
  for (const i of order) {
    acc += w[i];
    if (acc >= q - 1e-12) return v[i];
  }
  return v[order[order.length - 1]];
}
