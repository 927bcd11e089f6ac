import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../sim/core/rng.js';

const moments = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { m, v };
};

describe('seeded random streams', () => {
  it('replays the same numbers for the same seed and differs for another', () => {
    const a = createRng('7');
    const b = createRng('7');
    const c = createRng('8');
    const xa = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xa);
    expect(deriveSeed(7, 'patient', 3)).toBe('7/patient/3');
  });

  // Each sampler against its mean and variance; tolerance 5 standard errors of the sample mean
  // and 10 % on the variance (20,000 draws).
  const N = 20000;
  it.each([
    ['poisson', 0.3],
    ['poisson', 4],
    ['poisson', 37],
    ['poisson', 1e6],
  ])('%s(%d) has the right mean and variance', (_, lambda) => {
    const r = createRng(`p${lambda}`);
    const { m, v } = moments(Array.from({ length: N }, () => r.poisson(lambda)));
    expect(Math.abs(m - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
    expect(v / lambda).toBeGreaterThan(0.9);
    expect(v / lambda).toBeLessThan(1.1);
  });

  it.each([
    [10, 0.2],
    [1000, 0.003],
    [1000, 0.4],
    [5e8, 0.7],
  ])('binomial(%d, %d) has the right mean and variance', (n, p) => {
    const r = createRng(`b${n}:${p}`);
    const xs = Array.from({ length: N }, () => r.binomial(n, p));
    const { m, v } = moments(xs);
    const mean = n * p;
    const varT = n * p * (1 - p);
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(varT / N));
    expect(v / varT).toBeGreaterThan(0.9);
    expect(v / varT).toBeLessThan(1.1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(n);
  });

  it.each([0.4, 3, 1e6])('gamma(%d) has the right mean and variance', (shape) => {
    const r = createRng(`g${shape}`);
    const xs = Array.from({ length: N }, () => r.gamma(shape));
    const { m, v } = moments(xs);
    expect(Math.abs(m - shape)).toBeLessThan(5 * Math.sqrt(shape / N));
    expect(v / shape).toBeGreaterThan(0.9);
    expect(v / shape).toBeLessThan(1.1);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  // r < 16 sums geometrics; larger r draws Poisson(Gamma(r)·(1 − p)/p).
  it.each([
    [3, 0.4],
    [50, 0.01],
    [1e9, 0.999],
  ])('negativeBinomial(%d, %d) has the right mean and variance', (n, p) => {
    const r = createRng(`nb${n}:${p}`);
    const { m, v } = moments(Array.from({ length: N }, () => r.negativeBinomial(n, p)));
    const mean = (n * (1 - p)) / p;
    const varT = mean / p;
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(varT / N));
    expect(v / varT).toBeGreaterThan(0.9);
    expect(v / varT).toBeLessThan(1.1);
  });

  it('exponential and normal samplers have the right moments', () => {
    const r = createRng('en');
    const e = moments(Array.from({ length: N }, () => r.exp(2)));
    expect(Math.abs(e.m - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
    const z = moments(Array.from({ length: N }, () => r.normal()));
    expect(Math.abs(z.m)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(z.v - 1)).toBeLessThan(0.05);
  });

  // The ziggurat's three paths (inside a layer, the wedges, the tail beyond R = 7.697) together
  // give Exp(1): the quantiles 1 − e^{−x} of 200,000 draws in 50 equal bins pass a χ² test at
  // 0.1 % (χ²₄₉ < 85.4), for three seeds; the tail beyond R (p = e^{−R} = 4.54e-4, 91 expected)
  // within 5 standard errors. Scaled by the rate: exp(4) is Exp(1)/4 draw by draw.
  it.each(['z1', 'z2', 'z3'])('the exponential ziggurat draws Exp(1) (seed %s)', (seed) => {
    const r = createRng(seed);
    const n = 200_000;
    const bins = new Array<number>(50).fill(0);
    const R = 7.69711747013104972;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const x = r.exp(1);
      if (x > R) tail++;
      bins[Math.min(49, Math.floor((1 - Math.exp(-x)) * 50))]++;
    }
    const chi2 = bins.reduce((a, o) => a + (o - n / 50) ** 2 / (n / 50), 0);
    expect(chi2).toBeLessThan(85.4);
    const p = Math.exp(-R);
    expect(Math.abs(tail - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    const a = createRng(seed);
    const b = createRng(seed);
    for (let i = 0; i < 100; i++) expect(a.exp(4)).toBeCloseTo(b.exp(1) / 4, 12);
  });

  it('pick follows the weights', () => {
    const r = createRng('pick');
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.pick([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0] / N - 0.25)).toBeLessThan(0.02);
  });
});
