/**
 * The sequential ABC (sim/study/fit/smc.ts) on problems whose posterior is known in closed form,
 * so that it can fail: a normal mean under a flat prior, and a binomial proportion under a
 * uniform prior (a Beta posterior).
 */
import { describe, expect, it } from 'vitest';
import { abcSmc, sampleQuantile, type ParamSpace } from '../sim/study/fit/smc.js';
import { createRng } from '../sim/core/rng.js';
import { mixtureSpace, type Prior } from '../sim/study/fit/priors.js';

/** Uniform prior on [lo, hi]^dim. */
const box = (dim: number, lo: number, hi: number): ParamSpace => ({
  dim,
  bounds: Array.from({ length: dim }, () => [lo, hi] as const),
  sample: (u) => Float64Array.from({ length: dim }, () => lo + u() * (hi - lo)),
  logPrior: (x) => (x.every((v) => v >= lo && v <= hi) ? -dim * Math.log(hi - lo) : -Infinity),
});

const moments = (xs: number[], ws: number[]) => {
  const m = xs.reduce((a, x, i) => a + ws[i] * x, 0);
  const v = xs.reduce((a, x, i) => a + ws[i] * (x - m) ** 2, 0);
  return { mean: m, sd: Math.sqrt(v) };
};

describe('ABC-SMC', () => {
  it('recovers the posterior of a normal mean (flat prior: N(ȳ, σ²/n))', async () => {
    // Data: n = 25 draws with mean 1.3 and σ = 1; the posterior of μ is N(1.3, 0.2²). The summary is
    // the simulated sample mean; distance |ȳ_sim − 1.3|.
    const n = 25;
    const obs = 1.3;
    const r = await abcSmc(box(1, -10, 10), async (x, i) => {
      const g = createRng(`normal/${i}`);
      let s = 0;
      for (let k = 0; k < n; k++) s += x[0] + g.normal();
      return Math.abs(s / n - obs);
    }, { particles: 1000, alpha: 0.5, pAccMin: 0.02, budget: 400_000, seed: 'normal' });
    const { mean, sd } = moments(r.population.map((p) => p.x[0]), r.population.map(() => 1 / r.population.length));
    console.log('ABC-SMC normal mean:', { mean, sd, generations: r.generations.length, stopped: r.stopped, epsilon: r.epsilon });
    expect(r.stopped).toBe('converged');
    // 1,000 particles (a few hundred distinct): the mean's Monte Carlo error is about 0.2/√300 ≈ 0.012; allow 0.03.
    expect(Math.abs(mean - obs)).toBeLessThan(0.03);
    // ABC at a final tolerance ε widens the posterior by about ε/√3; within 10 % of 0.2.
    expect(sd).toBeGreaterThan(0.18);
    expect(sd).toBeLessThan(0.22);
  });

  it('recovers a Beta posterior for a binomial proportion, and is deterministic given its seed', async () => {
    // 7 successes of 20 under a uniform prior: Beta(8, 14), mean 0.3636, 5 % and 95 % quantiles 0.203 and 0.537.
    const run = () => abcSmc(box(1, 0, 1), async (x, i) => {
      const g = createRng(`binom/${i}`);
      return Math.abs(g.binomial(20, x[0]) - 7);
    }, { particles: 1000, alpha: 0.5, pAccMin: 0.02, budget: 20_000, seed: 'binom' });
    const r = await run();
    const xs = r.population.map((p) => p.x[0]);
    const ws = r.population.map(() => 1 / r.population.length);
    // Exact matching is reached (distance 0): the ABC posterior is then the exact one.
    expect(r.epsilon).toBe(0);
    const { mean } = moments(xs, ws);
    expect(Math.abs(mean - 8 / 22)).toBeLessThan(0.015);
    expect(Math.abs(sampleQuantile(xs, 0.05) - 0.203)).toBeLessThan(0.03);
    expect(Math.abs(sampleQuantile(xs, 0.95) - 0.537)).toBeLessThan(0.03);
    const again = await run();
    expect(again.population.map((p) => [p.index, p.distance])).toEqual(r.population.map((p) => [p.index, p.distance]));
  });

  it("returns the prior when the data say nothing (the moves' prior ratio holds the population on it), on the mixture's space", async () => {
    // Hypothesis weights on the Dirichlet(1,1,1,1) simplex (each weight's marginal is Beta(1, 3):
    // mean 0.25, sd 0.19) and two log-uniform parameters. Distances are drawn independently of
    // the parameters, so selection says nothing and the population must stay the prior
    // through generations of moves.
    const ps: Prior[] = [
      { path: 'a', base: 1, lo: 1 / 3, hi: 3, lever: 'origin' },
      { path: 'b', base: 1e-8, lo: 0.1, hi: 10, lever: 'hits' },
    ];
    const space = mixtureSpace(ps);
    const r = await abcSmc(space, async (_, i) => createRng(`noise/${i}`).next(), { particles: 800, alpha: 0.5, pAccMin: 0, budget: 1600 + 10 * 800, seed: 'prior' });
    expect(r.generations.length).toBeGreaterThanOrEqual(3);
    const decoded = r.population.map((p) => space.decode(p.x));
    const ws = r.population.map(() => 1 / r.population.length);
    // Equal weights; resampling duplicates particles, so count the distinct ones as the sample size.
    const ess = new Set(r.population.map((p) => p.index)).size;
    // Standard errors from the sample size: 0.19/√ESS for a weight, range/√(12 ESS) for a log-uniform.
    for (const k of ['spontaneousParallel', 'spontaneousDivergent', 'immuneParallel', 'immuneDivergent']) {
      const { mean: m, sd } = moments(decoded.map((d) => d[`hypothesis.${k}`]), ws);
      expect(Math.abs(m - 0.25), `${k}: ${m}, ESS ${ess}`).toBeLessThan(4 * (0.194 / Math.sqrt(ess)));
      // The spread is what the prior ratio in the moves holds (by symmetry the mean cannot drift):
      // without it the log-ratios diffuse and the weights pile up near 0 and 1. The sd's standard error is
      // about sd·√((κ − 1)/(4 ESS)), κ ≈ 3.9 for Beta(1, 3); allow 4.
      expect(Math.abs(sd - 0.194), `${k}: sd ${sd}, ESS ${ess}`).toBeLessThan(4 * 0.194 * Math.sqrt(2.9 / (4 * ess)));
    }
    const la = moments(decoded.map((d) => Math.log(d.a)), ws).mean;
    expect(Math.abs(la), `log a: ${la}`).toBeLessThan(4 * (Math.log(9) / Math.sqrt(12 * ess)));
    expect(decoded.every((d) => d.a >= 1 / 3 - 1e-9 && d.a <= 3 + 1e-9 && d.b >= 1e-9 - 1e-15 && d.b <= 1e-7 + 1e-13)).toBe(true);
  });

  it('refuses a budget that cannot fill its first generation', async () => {
    await expect(abcSmc(box(1, 0, 1), async () => 0, { particles: 10, alpha: 0.5, pAccMin: 0.05, budget: 19, seed: 's' })).rejects.toThrow(/cannot fill the first generation \(20/);
  });
});
