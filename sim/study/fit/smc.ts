/**
 * Sequential ABC with MCMC moves (the replenishment ABC-SMC of Drovandi & Pettitt 2011,
 * Biometrics 67:225, after Del Moral, Doucet & Jasra 2012), the fit's sequential ABC. Why this one:
 * - its particles keep equal weights: importance-weighted schemes (ABC-PMC, Beaumont et al. 2009;
 *   APMC, Lenormand et al. 2013) weight a new particle by prior / proposal density, and in the
 *   ~40 dimensions of a NET fit that ratio spans tens of orders of magnitude between generations,
 *   so one particle ends up with all the weight (we measured an effective sample size of 1);
 * - the tolerance adapts by itself (the population's α-quantile), the number of moves adapts to
 *   how often they are accepted, it stops by itself when moves are rarely accepted any more (the
 *   posterior has stopped shrinking), and every simulation's inputs follow from the earlier ones,
 *   so a stopped run resumes from stored simulations;
 * - regression adjustment on a reference table (R's abc) would need thousands of cohorts for ~40
 *   parameters.
 *
 * The algorithm, on parameters x with prior density π (coordinates in which the prior is easy):
 *   0. draw N/α particles from the prior, simulate, keep the N closest;
 *   t. ε_t = the α-quantile of the population's distances; keep the N·α particles within it and
 *      replenish the rest by copies of kept ones (in turn, closest first); move every copy by R_t
 *      Metropolis–Hastings steps, one step of all copies at a time (their simulations are
 *      independent, so a step's are asked for together: shards of a fit share them out):
 *      propose x' = x + s·σ∘z (σ the kept particles' standard deviation
 *      per coordinate, s = 2.38/√dim, the random-walk scale of Roberts et al. 1997), reflected
 *      into the prior's support; reject when u ≥ π(x')/π(x) without simulating, else simulate and accept
 *      when d(x') ≤ ε_t. The chain's target is the ABC posterior at ε_t, so the population stays a
 *      sample of it. p_acc = the share of steps accepted; R_{t+1} = ⌈log c / log(1 − p_acc)⌉
 *      with c = 0.01 (each copy then moves at least once with probability 0.99), at most 20;
 *      stop when p_acc < pAccMin or the budget is spent.
 *
 * Generic on purpose: a parameter space and a simulator that returns a distance. The fit wires
 * it to cohorts (abc.ts); tests/smc.test.ts checks it on problems whose posterior is known.
 */
import { createRng, type Rng } from '../../core/rng.js';

/** A parameter space: a prior to draw from and its log-density (−∞ outside the support), in coordinates x. */
export interface ParamSpace {
  dim: number;
  /** Each coordinate's support [lo, hi] (±Infinity: unbounded). */
  bounds: readonly (readonly [number, number])[];
  /** A draw from the prior, from uniforms u() in [0, 1). */
  sample(u: () => number): Float64Array;
  logPrior(x: Float64Array): number;
}

export interface Particle {
  /** Index of the simulation that made it (its seed, its stored record). Resampling duplicates
   *  particles, so several may share an index. */
  index: number;
  x: Float64Array;
  distance: number;
}

export interface SmcOptions {
  /** Particles (N). */
  particles: number;
  /** Quantile kept per generation (α; 0.5: the tolerance falls to the population's median). */
  alpha: number;
  /** Stop once fewer moves than this share are accepted (the posterior has stopped moving). */
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
  /** The tolerance of the generation's moves (for generation 0, the population's largest distance). */
  epsilon: number;
  /** Share of the generation's Metropolis–Hastings steps accepted (null for the first generation). */
  pAcc: number | null;
}

export interface SmcResult {
  /** The posterior sample: N particles of equal weight, sorted by distance. */
  population: Particle[];
  /** The tolerance the population is a sample at. */
  epsilon: number;
  generations: Generation[];
  /** Why it stopped. */
  stopped: 'converged' | 'budget';
}

/**
 * `simulate(x, index)` runs simulation `index` at parameters x and resolves to its distance. The
 * first generation's simulations, then each MCMC step's, are asked for together (indices in
 * order); the caller decides how many run at once (the CLI: one cohort at a time on this machine,
 * its patients spread over the workers, while other shards' simulations are awaited).
 */
export async function abcSmc(space: ParamSpace, simulate: (x: Float64Array, index: number) => Promise<number>, o: SmcOptions, onGeneration?: (g: Generation) => void): Promise<SmcResult> {
  if (!(o.alpha > 0 && o.alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${o.alpha}`);
  const N = o.particles;
  if (!(Number.isInteger(N) && N >= 4)) throw new Error(`particles must be a whole number ≥ 4, got ${N}`);
  const keep = Math.max(1, Math.floor(N * o.alpha));
  const first = Math.ceil(N / o.alpha);
  if (o.budget < first) throw new Error(`a budget of ${o.budget} simulations cannot fill the first generation (${first} = particles / alpha)`);
  const byDistance = (a: Particle, b: Particle) => a.distance - b.distance || a.index - b.index;
  let index = 0;
  const rng0 = createRng(`${o.seed}/smc/0`);
  const xs = Array.from({ length: first }, () => space.sample(() => rng0.next()));
  const initial: Particle[] = await Promise.all(xs.map(async (x, i) => ({ index: i, x, distance: await simulate(x, i) })));
  index = first;
  let pop = initial.sort(byDistance).slice(0, N);
  let epsilon = pop[N - 1].distance;
  const generations: Generation[] = [{ generation: 0, simulations: first, total: index, epsilon, pAcc: null }];
  onGeneration?.(generations[0]);
  let stopped: SmcResult['stopped'] = 'budget';
  const scale = 2.38 / Math.sqrt(space.dim);
  let steps = 1;
  let spent = false;
  for (let t = 1; !spent && index < o.budget; t++) {
    const kept = pop.slice(0, keep);
    epsilon = kept[keep - 1].distance;
    const sd = spread(kept, space.dim);
    const rng = createRng(`${o.seed}/smc/${t}`);
    const next: Particle[] = Array.from({ length: N }, (_, i) => kept[i % keep]);
    const start = index;
    let tried = 0;
    let accepted = 0;
    for (let r = 0; r < steps && !spent; r++) {
      // One step of every copy: the proposals in copy order, then the simulations of those the
      // prior ratio lets through (π = 0 outside the support), asked for together.
      const batch: { i: number; x: Float64Array }[] = [];
      for (let i = keep; i < N; i++) {
        const x = move(next[i].x, sd, scale, space.bounds, rng);
        const u = rng.next();
        tried++;
        if (Math.log(u) < space.logPrior(x) - space.logPrior(next[i].x)) batch.push({ i, x });
      }
      if (batch.length > o.budget - index) {
        batch.length = o.budget - index;
        spent = true;
      }
      const ds = await Promise.all(batch.map((b, k) => simulate(b.x, index + k)));
      batch.forEach((b, k) => {
        if (ds[k] > epsilon) return;
        next[b.i] = { index: index + k, x: b.x, distance: ds[k] };
        accepted++;
      });
      index += batch.length;
    }
    pop = next.sort(byDistance);
    const pAcc = tried ? accepted / tried : 0;
    const g: Generation = { generation: t, simulations: index - start, total: index, epsilon, pAcc };
    generations.push(g);
    onGeneration?.(g);
    if (pAcc < o.pAccMin) {
      stopped = 'converged';
      break;
    }
    steps = Math.min(20, Math.max(1, Math.ceil(Math.log(0.01) / Math.log(1 - Math.min(pAcc, 0.99)))));
  }
  return { population: pop, epsilon: Math.max(...pop.map((p) => p.distance)), generations, stopped };
}

/** Standard deviation of each coordinate over the particles (a small floor where they agree). */
function spread(ps: readonly Particle[], dim: number): Float64Array {
  const sd = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    let m = 0;
    for (const p of ps) m += p.x[j];
    m /= ps.length;
    let v = 0;
    for (const p of ps) v += (p.x[j] - m) ** 2;
    sd[j] = Math.sqrt(v / Math.max(1, ps.length - 1)) || 1e-6;
  }
  return sd;
}

/**
 * A random-walk step reflected into each coordinate's support: reflection keeps the proposal
 * symmetric (q(x'|x) = q(x|x')), so the Metropolis–Hastings ratio stays the prior ratio, and no
 * proposal is wasted outside the support (in 40 bounded dimensions most unreflected steps
 * leave the box).
 */
function move(x: Float64Array, sd: Float64Array, scale: number, bounds: ParamSpace['bounds'], rng: Rng): Float64Array {
  const y = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const [lo, hi] = bounds[j];
    let v = x[j] + scale * sd[j] * rng.normal();
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      const w = hi - lo;
      // Fold onto [lo, hi]: the walk's position modulo 2w, mirrored.
      const r = (((v - lo) % (2 * w)) + 2 * w) % (2 * w);
      v = lo + (r <= w ? r : 2 * w - r);
    } else if (Number.isFinite(lo) && v < lo) v = 2 * lo - v;
    else if (Number.isFinite(hi) && v > hi) v = 2 * hi - v;
    y[j] = v;
  }
  return y;
}

/** Quantile q of values v (equal weights). */
export function sampleQuantile(v: readonly number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
