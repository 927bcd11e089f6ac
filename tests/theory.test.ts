import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedBirthDeath } from '../sim/io/scenario.js';
import { BirthDeathSimulation } from '../sim/birth-death/model.js';

/**
 * Linear birth–death process from n0 cells: E[n(t)] = n0·e^{(b−d)t} and
 * Var[n(t)] = n0·(b+d)/(b−d)·e^{(b−d)t}·(e^{(b−d)t} − 1). The mean over R replicates must lie
 * within 4 standard errors (sqrt(Var/R)) of the theory: a false alarm about once in 16,000 runs.
 */
describe('plain birth–death theory (well-mixed)', () => {
  it.each([
    [1, 0.1, 5, 0.05],
    [1, 0.1, 5, 0.5],
    [0.5, 0.4, 20, 0.25],
  ])('b=%d d=%d: mean population at t=%d follows e^{(b−d)t} (dt=%d)', (b, d, t, dt) => {
    const n0 = 5;
    const R = 400;
    const s = parseScenario({ kind: 'birth-death', name: 'th', rates: { b, d, mu: 0 }, initialCells: n0, stop: { days: t }, time: { dtDays: dt, recordEveryDays: t } }) as ResolvedBirthDeath;
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

describe('lattice bookkeeping', () => {
  it('incremental neighbour counts and divisible sets match a recount, step after step', async () => {
    const { BirthDeathModel } = await import('../sim/birth-death/model.js');
    const { createRng } = await import('../sim/core/rng.js');
    const s = parseScenario({ kind: 'birth-death', name: 'lat', space: { mode: 'lattice', width: 40, height: 40 }, rates: { b: 1, d: 0.3, mu: 0 }, initialCells: 5, stop: { days: 30 } }) as ResolvedBirthDeath;
    const m = new BirthDeathModel(s, createRng('audit'));
    for (let k = 0; k < 60 && !m.finished(); k++) {
      m.step(0.5);
      expect((m.engine as import('../sim/core/space/lattice.js').LatticeEngine).audit(m.clones)).toBeNull();
    }
    expect(m.cells()).toBeGreaterThan(100);
  });
});
