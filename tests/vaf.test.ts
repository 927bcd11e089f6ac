import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedBirthDeath } from '../sim/scenario/scenario.js';
import { BirthDeathSimulation, sequenceBirthDeath } from '../sim/birth-death/model.js';
import { drawPassengers } from '../sim/core/passengers.js';
import { createRng } from '../sim/core/rng.js';

/**
 * A daughter that founds a passenger sub-clone carries Poisson(μ) passengers given ≥ 1:
 * P(k) = e^{−μ}μ^k/(k!(1 − e^{−μ})), mean μ/(1 − e^{−μ}). Over R draws the mean and the share
 * of k = 1 must lie within 4 standard errors (√(Var/R), √(p(1 − p)/R)) of these.
 */
describe('passengers of a sub-clone founder', () => {
  it.each([0.05, 0.3, 4])('μ = %d: Poisson(μ) given ≥ 1', (mu) => {
    const R = 40_000;
    const rng = createRng(`ztp/${mu}`);
    let sum = 0;
    let ones = 0;
    for (let i = 0; i < R; i++) {
      const k = drawPassengers(rng, mu);
      expect(k).toBeGreaterThanOrEqual(1);
      sum += k;
      ones += k === 1 ? 1 : 0;
    }
    const z = -Math.expm1(-mu);
    const mean = mu / z;
    const variance = (mu + mu * mu) / z - mean * mean;
    const p1 = (Math.exp(-mu) * mu) / z;
    expect(Math.abs(sum / R - mean)).toBeLessThan(4 * Math.sqrt(variance / R));
    expect(Math.abs(ones / R - p1)).toBeLessThan(4 * Math.sqrt((p1 * (1 - p1)) / R));
  });
});

/**
 * The neutral tail of the VAF spectrum (Williams et al. 2016, Nat Genet 48:238): in neutral
 * exponential growth the number M(f) of subclonal mutations with VAF ≥ f is linear in 1/f.
 *
 * Expected slope for this model's definitions. Cells divide at rate b and die at rate d
 * (λ = b − d); each division's daughter carries Poisson(μ) new passengers (μ per division); a
 * heterozygous mutation in a diploid genome at cellular fraction x has VAF f = x/2. Conditioned
 * on survival, a cell present when the population holds N cells has descendants making up a
 * fraction W/N of the final population, with P(W ≥ w) = (λ/b)·e^{−wλ/b}, and the population
 * passes upward through each size N about b/λ times, each passage a division. So
 *   E[#mutations with cellular fraction ≥ x] ≈ Σ_N (b/λ)·μ·(λ/b)·e^{−Nxλ/b} ≈ μ·b/(λx) + const,
 * and with x = 2f, M(f) = μ·b/(2(b − d))·(1/f) + const: slope μb/(2(b − d)). (An exact
 * event-by-event simulation, written apart from netevo, gave 1.249 for b/λ = 1.25 and 2.008 for
 * b/λ = 2 for the slope of the cellular-fraction count in 1/x over x ∈ [0.24, 0.48], 20,000 runs to
 * 2,000 cells each.)
 *
 * M(f) here counts mutations with f ≤ VAF ≤ 0.24 at their true VAF (sequencing.csv's
 * cellular_fraction / 2, no read sampling), on f = 0.120, 0.125, …, 0.240, averaged over R
 * surviving populations grown to 1e5 cells (well-mixed clone engine, default passenger
 * resolution 1e3 cells; the mutations in this range arose while the population held a few cells).
 * The slope of the mean curve is the mean of the per-population least-squares slopes, so its
 * sampling error is their standard deviation / √R, estimated from the same runs (measured ≈ 1.8 per
 * run with μ = 4, b = 1, d = 0.2: SE ≈ 0.13, 5 % of the slope 2.5, at R = 200). The test asks for
 * the slope within 4 SE of theory (a false alarm about once in 16,000 runs) and R² ≥ 0.98 of the
 * mean curve's fit (measured 0.996–0.999 over five sets of 200 seeds). The tau-leap (dt = 0.01)
 * lets a daughter divide only from the next tick on, a genealogy bias of order b·dt: measured −1 %
 * of the slope at dt = 0.01 (−5 % at dt = 0.05), 1,500 runs each, well inside the SE.
 */
describe('neutral VAF spectrum (well-mixed birth–death)', () => {
  it('M(f) is linear in 1/f over f ∈ [0.12, 0.24] with slope μb/(2(b − d))', () => {
    const [b, d, mu, R] = [1, 0.2, 4, 200];
    const s = parseScenario({
      kind: 'birth-death', name: 'vaf', rates: { b, d, mu }, stop: { cells: 100_000 }, time: { dtDays: 0.01, recordEveryDays: 1e6 },
    }) as ResolvedBirthDeath;
    const fs = Array.from({ length: 25 }, (_, i) => 0.12 + 0.005 * i);
    const X = fs.map((f) => 1 / f);
    const mx = X.reduce((a, v) => a + v) / X.length;
    const sxx = X.reduce((a, v) => a + (v - mx) ** 2, 0);
    const slopeOf = (M: number[]) => {
      const my = M.reduce((a, v) => a + v) / M.length;
      return { slope: X.reduce((a, x, i) => a + (x - mx) * (M[i] - my), 0) / sxx, my };
    };
    const mean = fs.map(() => 0);
    const slopes: number[] = [];
    for (let seed = 0; slopes.length < R; seed++) {
      const sim = new BirthDeathSimulation(s, `vaf/${seed}`);
      sim.advance();
      if (sim.model.cells() < 100_000) continue; // died out (probability d/b): condition on survival
      const run = sim.result();
      sequenceBirthDeath(run, { depth: 1, purity: 1, minReads: 1 }, seed);
      const vaf = run.sequencing!.variants.map((v) => v.cellular_fraction / 2);
      const M = fs.map((f) => vaf.filter((v) => v >= f - 1e-12 && v <= 0.24).length);
      M.forEach((m, i) => (mean[i] += m / R));
      slopes.push(slopeOf(M).slope);
    }
    const { slope, my } = slopeOf(mean);
    const fit = mean.map((_, i) => my + slope * (X[i] - mx));
    const r2 = 1 - mean.reduce((a, m, i) => a + (m - fit[i]) ** 2, 0) / mean.reduce((a, m) => a + (m - my) ** 2, 0);
    const sd = Math.sqrt(slopes.reduce((a, v) => a + (v - slope) ** 2, 0) / (R - 1));
    const se = sd / Math.sqrt(R);
    const theory = (mu * b) / (2 * (b - d));
    expect(r2).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(slope - theory)).toBeLessThan(4 * se);
    // The SE is small enough to tell the right law from a near miss (μ per daughter would double it).
    expect(se).toBeLessThan(0.1 * theory);
  });
});
