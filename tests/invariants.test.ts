import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedNet } from '../sim/scenario/scenario.js';
import { NetModel } from '../sim/net/model.js';
import { neoplasticPrimaryCells } from '../sim/net/lesions.js';
import { LatticeEngine } from '../sim/core/space/lattice.js';
import { createRng } from '../sim/core/rng.js';

/** Check, after every tick, the bookkeeping a reader of the outputs relies on. */
function checkEveryStep(s: ResolvedNet, seed: string, maxTicks: number) {
  const m = new NetModel(s, createRng(seed));
  let prevCells = m.totalCells();
  let prev = { ...m.counters };
  let ticks = 0;
  let sawTumor = false;
  while (!m.finished() && ticks++ < maxTicks) {
    m.step(s.time.dtDays);
    const c = m.clones;
    const cells = m.totalCells();
    // Conservation: at the primary site, births − deaths − resected − disseminated (in the
    // engine's units; a lattice site leaves as `scale` real cells); in metastases, seeded +
    // births − deaths − resected (real cells). Their sum is the change in cells.
    const d = (k: keyof typeof prev) => m.counters[k] - prev[k];
    const primary = d('births') - d('deaths') - d('resected') - d('disseminated') / m.scale;
    const metastatic = d('seeded') + d('metBirths') - d('metDeaths') - d('metResected');
    expect(primary + metastatic).toBe(cells - prevCells);
    // Seeds are at most the disseminated cells; every metastatic cell is in one lesion.
    expect(d('seeded')).toBeLessThanOrEqual(d('disseminated'));
    const perClone = new Map<number, number>();
    const L = m.metastases;
    for (let i = 0; i < L.size; i++) perClone.set(L.clone[i], (perClone.get(L.clone[i]) ?? 0) + L.cells[i]);
    for (let id = 0; id < c.size; id++) expect(perClone.get(id) ?? 0).toBe(c.nMet[id]);
    // clone sizes sum to the cell count; no negative counts
    let sum = 0;
    for (let id = 0; id < c.size; id++) {
      expect(c.n[id]).toBeGreaterThanOrEqual(0);
      expect(c.nMet[id]).toBeGreaterThanOrEqual(0);
      sum += c.n[id] + c.nMet[id];
    }
    expect(sum).toBe(cells);
    for (const v of m.immune.counts) expect(v).toBeGreaterThanOrEqual(0);
    if (m.engine instanceof LatticeEngine) {
      // Every cell on the lattice is counted once in its clone.
      const perClone = new Map<number, number>();
      for (const v of m.engine.states()) if (v >= 0) perClone.set(v, (perClone.get(v) ?? 0) + 1);
      // Incremental neighbour counts and divisible sets equal a recount from scratch.
      expect(m.engine.audit(c)).toBeNull();
      for (let id = 0; id < c.size; id++) expect(perClone.get(id) ?? 0).toBe(c.n[id]);
      // Agents on the lattice are the niche's agents, one for one, each on a site of the lattice.
      const a = m.agents!;
      expect(a.size).toBe(m.immune.counts.reduce((x, y) => x + y, 0));
      const points = m.engine.width * m.engine.height * m.engine.depth;
      for (let k = 0; k < a.size; k++) expect(a.site[k] >= 0 && a.site[k] < points).toBe(true);
    }
    sawTumor ||= neoplasticPrimaryCells(m) > 0;
    prevCells = cells;
    prev = { ...m.counters };
  }
  return { m, sawTumor, ticks };
}

describe('invariants hold at every step', () => {
  it('clone engine, a whole lung patient life (immune-divergent)', () => {
    const s = parseScenario({ kind: 'net', name: 'inv', site: 'lung', hypothesis: { immuneDivergent: 1 } }) as ResolvedNet;
    // seed chosen among the first few so that a tumor arises and is diagnosed and resected
    let result;
    for (let k = 0; k < 20; k++) {
      result = checkEveryStep(s, `inv/${k}`, 5000);
      if (result.m.diagnosis) break;
    }
    expect(result!.m.diagnosis).not.toBeNull();
    expect(result!.m.counters.resected).toBeGreaterThan(0);
  });

  it('lattice engine, the teaching scenario', async () => {
    const { readFileSync } = await import('node:fs');
    const s = parseScenario(JSON.parse(readFileSync(new URL('../scenarios/teaching-lung-lattice.json', import.meta.url), 'utf8'))) as ResolvedNet;
    const small = { ...s, lattice: { ...s.lattice, width: 64, height: 64, neBodies: 6 } };
    // the first seed (of a few) in which a tumor arises within 150 ticks
    let r;
    for (let k = 0; k < 10; k++) {
      r = checkEveryStep(small, `lat/${k}`, 150);
      if (r.sawTumor) break;
    }
    expect(r!.sawTumor).toBe(true);
  });

  it('lattice engine in 3D, the teaching scenario as a block of tissue (NE bodies are balls)', async () => {
    const { readFileSync } = await import('node:fs');
    const input = JSON.parse(readFileSync(new URL('../scenarios/teaching-lung-lattice.json', import.meta.url), 'utf8'));
    input.lattice = { ...input.lattice, dimensions: 3, width: 24, height: 24, depth: 12, neBodies: 4 };
    const s = parseScenario(input) as ResolvedNet;
    let r;
    for (let k = 0; k < 10; k++) {
      r = checkEveryStep(s, `lat3/${k}`, 150);
      if (r.sawTumor) break;
    }
    expect(r!.sawTumor).toBe(true);
    // The tissue and the agents fill the box, not one plane: some NE cells and agents sit off z = 0.
    const L = r!.m.engine as LatticeEngine;
    const states = L.states();
    const plane = L.width * L.height;
    expect(states.some((v, i) => v >= 0 && i >= plane)).toBe(true);
    const a = r!.m.agents!;
    expect(Array.from(a.site.subarray(0, a.size)).some((x) => x >= plane)).toBe(true);
  });
});
