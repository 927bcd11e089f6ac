/**
 * Seeded random streams. Every random number in the core comes from an `Rng` made here, so that
 * the same scenario and seed give the same numbers in Node and in the browser, whatever the
 * number of workers (rule 3). The uniform generator is sfc32 seeded through seedrandom; the distributions on top
 * are the classical exact samplers (Knuth / inversion for small means, Hörmann's transformed
 * rejection PTRS and BTRS for large ones; Marsaglia–Tsang gamma and exponential ziggurat; negative
 * binomial as a sum of geometrics or a Poisson–gamma mixture), written against this interface so
 * any seeded uniform source can be swapped in.
 */
import { SimulationError } from './limits.js';
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponential waiting time with the given rate (> 0). */
  exp(rate: number): number;
  /** Standard normal. */
  normal(): number;
  poisson(lambda: number): number;
  binomial(n: number, p: number): number;
  /** Gamma with the given shape (> 0) and scale 1. */
  gamma(shape: number): number;
  /** Failures before the r-th success, success probability p in (0, 1]: mean r(1 − p)/p. */
  negativeBinomial(r: number, p: number): number;
  /** Index drawn from non-negative weights (sum > 0). */
  pick(weights: ArrayLike<number>): number;
  /** A child stream, independent of this one, named by `label` (stable under reordering of other draws). */
  fork(label: string | number): Rng;
  readonly seed: string;
}

/** The seed string of a child stream: patient i of master seed s is `derive(s, 'patient', i)`. */
export function deriveSeed(master: string | number, ...parts: (string | number)[]): string {
  return [String(master), ...parts.map(String)].join('/');
}

const LOG_FACT_TABLE: number[] = (() => {
  const t = [0];
  for (let k = 1; k < 32; k++) t.push(t[k - 1] + Math.log(k));
  return t;
})();

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(k!) — table for small k, Stirling series beyond. */
export function logFactorial(k: number): number {
  if (k < 32) return LOG_FACT_TABLE[k];
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * The exponential ziggurat (Marsaglia & Tsang 2000, "The ziggurat method for generating random
 * variables"): 256 layers of equal area V under e^{−x}, the base one a rectangle up to R with the
 * tail beyond. ZIG_X[i] is layer i's right edge (ZIG_X[0] = V/e^{−R}, the base layer's width as one
 * rectangle; ZIG_X[256] = 0), ZIG_F[i] = e^{−ZIG_X[i]}. A draw is exact: a uniform layer, a
 * uniform x under its edge, kept at once inside the next layer's edge (98.9 % of draws), else the
 * tail (R plus an exponential, by memorylessness) or a test against the density in the wedge.
 */
const ZIG_R = 7.69711747013104972;
const ZIG_V = 0.0039496598225815571993;
const ZIG_X = new Float64Array(257);
const ZIG_F = new Float64Array(257);
ZIG_X[0] = ZIG_V / Math.exp(-ZIG_R);
ZIG_X[1] = ZIG_R;
for (let i = 1; i < 255; i++) ZIG_X[i + 1] = -Math.log(ZIG_V / ZIG_X[i] + Math.exp(-ZIG_X[i]));
for (let i = 0; i < 257; i++) ZIG_F[i] = Math.exp(-ZIG_X[i]);

/**
 * Uniform source: Chris Doty-Humphrey's sfc32 (small fast chaotic, 128-bit state; passes
 * PractRand and BigCrush), its state seeded from the seed string through seedrandom's Alea (whose
 * Mash hash spreads any string over the state). Inline 32-bit integer arithmetic: no allocation,
 * about twice as fast as calling Alea per draw in the lattice's hot loop.
 */
export class SeededRng implements Rng {
  // The state: four int32s. Declared with a number, not bare: a bare field starts out undefined,
  // V8 then stores it as any value, and the arithmetic below ran in floating point.
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = NaN;
  // e^{−λ} of the last small λ (the same mean is drawn again and again in hot loops).
  private lastLambda = NaN;
  private lastExp = 0;
  constructor(readonly seed: string) {
    const alea = seedrandom.alea(seed);
    this.a = alea.int32();
    this.b = alea.int32();
    this.c = alea.int32();
    this.d = alea.int32() | 1;
    for (let i = 0; i < 12; i++) this.u(); // mix the state before use
  }
  /** The next 32 bits, as an unsigned integer. */
  private bits(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  private u(): number {
    return this.bits() / 4294967296;
  }
  next(): number {
    return this.u();
  }
  int(n: number): number {
    return Math.floor(this.u() * n);
  }
  /** By the ziggurat (above): two 32-bit draws give the layer (8 bits of the first) and a 53-bit
   *  uniform (the other 21 bits and the second); no logarithm but in the rare tail. */
  exp(rate: number): number {
    for (;;) {
      const lo = this.bits();
      const i = lo & 255;
      const x = ((this.bits() * 2097152 + (lo >>> 11)) / 9007199254740992) * ZIG_X[i];
      if (x < ZIG_X[i + 1]) return x / rate;
      if (i === 0) return (ZIG_R - Math.log(1 - this.u())) / rate;
      if (ZIG_F[i + 1] + (ZIG_F[i] - ZIG_F[i + 1]) * this.u() < Math.exp(-x)) return x / rate;
    }
  }
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let x: number, y: number, r: number;
    do {
      x = 2 * this.u() - 1;
      y = 2 * this.u() - 1;
      r = x * x + y * y;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.spare = y * f;
    return x * f;
  }
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      // Knuth's multiplication method. A first uniform at most 1 − λ is at most e^{−λ}: 0, without
      // computing e^{−λ} (the usual case of a tiny mean; the same draw and result as computing it).
      const u0 = this.u();
      if (u0 <= 1 - lambda) return 0;
      if (lambda !== this.lastLambda) {
        this.lastLambda = lambda;
        this.lastExp = Math.exp(-lambda);
      }
      const L = this.lastExp;
      let k = 0;
      let p = u0;
      while (p > L) {
        k++;
        p *= this.u();
      }
      return k;
    }
    if (lambda === Infinity) throw new SimulationError('a Poisson draw with an infinite mean (a rate or a population overflowed)');
    // PTRS, Hörmann (1993) "The transformed rejection method for generating Poisson random variables".
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.u() - 0.5;
      const V = this.u();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p < 10) {
      // Inversion by geometric waiting times (Devroye 1986, X.4). The first waiting time ends
      // past q, so the draw is 0, when u > 1 − (1 − p)^n; that holds whenever u > np (Bernoulli's
      // inequality), which decides the usual case of a tiny mean without a logarithm.
      const u0 = this.u();
      if (u0 > n * p) return 0;
      const q = -Math.log(1 - p);
      let x = 0;
      let sum = 0;
      for (let u = u0; ; u = this.u()) {
        sum += -Math.log(1 - u) / (n - x);
        if (sum > q) return x;
        x++;
        if (x >= n) return n;
      }
    }
    // Infinitely many trials or a NaN probability would never leave the rejection loop below
    // (checked here, off the common small-mean path).
    if (!Number.isFinite(n) || Number.isNaN(p)) throw new SimulationError(`a binomial draw of ${n} trials with probability ${p} (a population overflowed)`);
    // BTRS, Hörmann (1993) "The generation of binomial random variates".
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / (1 - p));
    const m = Math.floor((n + 1) * p);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
      const U = this.u() - 0.5;
      const V = this.u();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && V <= vr) return k;
      const lv = Math.log((V * alpha) / (a / (us * us) + b));
      if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
    }
  }
  gamma(shape: number): number {
    if (!(shape > 0)) throw new Error(`gamma shape must be positive, got ${shape}`);
    // Shape < 1: Gamma(a) = Gamma(a + 1)·U^{1/a} (Stuart's theorem).
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.u(), 1 / shape);
    // Marsaglia & Tsang (2000) "A simple method for generating gamma variables".
    const dd = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const U = 1 - this.u();
      const x2 = x * x;
      if (U < 1 - 0.0331 * x2 * x2) return dd * v;
      if (Math.log(U) < 0.5 * x2 + dd * (1 - v + Math.log(v))) return dd * v;
    }
  }
  negativeBinomial(r: number, p: number): number {
    if (r <= 0 || p >= 1) return 0;
    if (!(p > 0)) throw new Error(`negative binomial success probability must be in (0, 1], got ${p}`);
    if (r < 16) {
      // A sum of r geometric failure counts, each by inversion (0 when u < p: no logarithm, and
      // log(1 − p) only once one is not).
      let lq = NaN;
      let k = 0;
      for (let i = 0; i < r; i++) {
        const u = this.u();
        if (u < p) continue;
        if (Number.isNaN(lq)) lq = Math.log1p(-p);
        k += Math.floor(Math.log(1 - u) / lq);
      }
      return k;
    }
    if (!Number.isFinite(r)) throw new SimulationError(`a negative binomial draw of ${r} lineages (a population overflowed)`);
    // Poisson–gamma mixture: NegBin(r, p) = Poisson(Gamma(r) · (1 − p)/p).
    return this.poisson(this.gamma(r) * ((1 - p) / p));
  }
  pick(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.u() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Rounding left r ≥ 0: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return 0;
  }
  fork(label: string | number): Rng {
    return new SeededRng(deriveSeed(this.seed, label));
  }
}

export function createRng(seed: string | number): Rng {
  return new SeededRng(String(seed));
}
