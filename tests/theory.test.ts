import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedBirthDeath } from '../sim/scenario/scenario.js';
import { BirthDeathSimulation } from '../sim/birth-death/model.js';

/**
 * Linear birth–death process from n0 cells: E[n(t)] = n0·e^{(b−d)t} and
 * Var[n(t)] = n0·(b+d)/(b−d)·e^{(b−d)t}·(e^{(b−d)t} − 1). The mean over R replicates must lie
 * within 4 standard errors (sqrt(Var/R)) of the theory: a false alarm about once in 16,000 runs.
 */
describe('plain birth–death theory (well-mixed)', () => {
  // The last row splits the population into passenger sub-clones (μ = 2: most daughters found
  // one; it stays below the resolution of 1e3 cells), which must not change the law of its size.
  it.each([
    [1, 0.1, 5, 0.05, 0],
    [1, 0.1, 5, 0.5, 0],
    [0.5, 0.4, 20, 0.25, 0],
    [1, 0.1, 5, 0.05, 2],
  ])('b=%d d=%d: mean population at t=%d follows e^{(b−d)t} (dt=%d, μ=%d)', (b, d, t, dt, mu) => {
    const n0 = 5;
    const R = 400;
    const s = parseScenario({ kind: 'birth-death', name: 'th', rates: { b, d, mu }, initialCells: n0, stop: { days: t }, time: { dtDays: dt, recordEveryDays: t } }) as ResolvedBirthDeath;
    let sum = 0;
    for (let r = 0; r < R; r++) {
      const sim = new BirthDeathSimulation(s, `theory/${r}`);
      sim.advance();
      if (sim.model.cells() > 0) expect(sim.model.tDays).toBeCloseTo(t, 9);
      sum += sim.model.cells();
    }
    const g = Math.exp((b - d) * t);
    const mean = n0 * g;
    const se = Math.sqrt((n0 * (b + d) / (b - d)) * g * (g - 1) / R);
    expect(Math.abs(sum / R - mean)).toBeLessThan(4 * se);
  });
});

/**
 * The same law on a 3D Moore lattice, where space does not limit growth: a cell lacks room only
 * when all 26 neighbours are taken, which needs ≥ 27 cells packed in a 3 × 3 × 3 cube. From one
 * cell with b = 1, d = 0.5 over t = 2 days the population exceeds 26 cells in ~2 % of runs (the
 * Yule bound (1 − e^{−2})^{26}) and packs a full cube in far fewer, so the lattice mean must equal
 * e^{(b−d)t} within sampling error: 4 standard errors, sqrt(Var/R), as above.
 */
describe('plain birth–death theory (3D lattice, space not limiting)', () => {
  it('mean population at t=2 follows e^{(b−d)t}', () => {
    const [b, d, t, n0, R] = [1, 0.5, 2, 1, 2000];
    const s = parseScenario({
      kind: 'birth-death', name: 'th3', space: { mode: 'lattice', dimensions: 3, width: 16 }, rates: { b, d, mu: 0 }, initialCells: n0,
      stop: { days: t }, time: { dtDays: t, recordEveryDays: t },
    }) as ResolvedBirthDeath;
    let sum = 0;
    for (let r = 0; r < R; r++) {
      const sim = new BirthDeathSimulation(s, `theory3d/${r}`);
      sim.advance();
      sum += sim.model.cells();
    }
    const g = Math.exp((b - d) * t);
    const se = Math.sqrt((n0 * (b + d) / (b - d)) * g * (g - 1) / R);
    expect(Math.abs(sum / R - n0 * g)).toBeLessThan(4 * se);
  });
});

describe('lattice bookkeeping', () => {
  // With μ > 0 each division's daughter founds a passenger sub-clone with probability 1 − e^{−μ}
  // until the population holds 200 cells, when they settle into clone 0 (their sites relabelled):
  // the per-group sets must stay right through both.
  it.each([
    [2, 40, 0],
    [3, 14, 0],
    [2, 40, 1],
    [3, 14, 1],
  ])('%dD, μ = %d: incremental neighbour counts and divisible sets match a recount, step after step', async (dimensions, width, mu) => {
    const { BirthDeathModel } = await import('../sim/birth-death/model.js');
    const { createRng } = await import('../sim/core/rng.js');
    const s = parseScenario({
      kind: 'birth-death', name: 'lat', space: { mode: 'lattice', dimensions, width, height: width }, rates: { b: 1, d: 0.3, mu }, initialCells: 5,
      passengerResolutionCells: 200, stop: { days: 30 },
    }) as ResolvedBirthDeath;
    const m = new BirthDeathModel(s, createRng('audit'));
    let subclones = 0;
    for (let k = 0; k < 60 && !m.finished(); k++) {
      m.step(0.5);
      subclones = Math.max(subclones, m.clones.alive.length - 1);
      expect((m.engine as import('../sim/core/space/lattice.js').LatticeEngine).audit(m.clones)).toBeNull();
    }
    expect(m.cells()).toBeGreaterThan(200);
    if (mu > 0) {
      expect(subclones).toBeGreaterThan(20);
      expect(m.clones.settled.has(0)).toBe(true);
      expect(m.clones.n[0]).toBe(m.cells()); // every cell is clone 0's once settled
    }
  });
});
