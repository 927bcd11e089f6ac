import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedNet } from '../sim/scenario/scenario.js';
import { NetModel } from '../sim/net/model.js';
import { neoplasticPrimaryCells } from '../sim/net/lesions.js';
import { LatticeEngine } from '../sim/core/space/lattice.js';
import { createRng } from '../sim/core/rng.js';
import { disseminate, growMetastases } from '../sim/net/processes/metastasis.js';

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
    // births − deaths − resected = change in cells
    expect(m.counters.births - prev.births - (m.counters.deaths - prev.deaths) - (m.counters.resected - prev.resected)).toBe(cells - prevCells);
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

  /**
   * Dissemination on a lattice whose site stands for 10 real cells (so lesions below 30 sites
   * also carry passenger sub-clones). Over a run, the cells the primary loses to dissemination
   * (its measured drop across the dissemination step) equal the cells that seeded metastases (the
   * measured rise of metastatic cells) plus those that died (the rise of counted deaths), all in
   * simulated cells, and m.spread counts the same. The units are right when a simulated cell
   * leaves at the per-real-cell rate: cells leaving ~ Poisson(Λ), Λ = Σ n·dissemination·rate·dt,
   * so the total must lie within 4·√Λ of Λ (a false alarm about once in 16,000 runs). Counting
   * leavers at the real-cell rate and removing as many sites, as before, left 10 times too many.
   */
  it('lattice dissemination conserves cells, in simulated cells, at the per-cell rate (realCellsPerSite 10)', async () => {
    const { readFileSync } = await import('node:fs');
    const input = JSON.parse(readFileSync(new URL('../scenarios/teaching-lung-lattice.json', import.meta.url), 'utf8'));
    input.lattice = { ...input.lattice, width: 64, height: 64, neBodies: 6, realCellsPerSite: 10 };
    input.progression = { ...input.progression, disseminationPerCellDay: 1e-3, seedingProbability: 0.3 };
    const s = parseScenario(input) as ResolvedNet;
    const dt = s.time.dtDays;
    // the first seed (of a few) whose tumor disseminates enough to test the rate (Λ ≥ 100)
    for (let k = 0; k < 20; k++) {
      const m = new NetModel(s, createRng(`spread/${k}`));
      const c = m.clones;
      const sum = (f: (id: number) => number) => c.alive.reduce((a, id) => a + f(id), 0);
      let [removed, seeded, died, expected, ticks, subclones] = [0, 0, 0, 0, 0, 0];
      while (!m.finished() && ticks++ < 200) {
        for (const q of m.processes) {
          if (q.name !== 'metastasis') {
            q.step(m, dt);
            continue;
          }
          const [n0, met0, deaths0] = [sum((id) => c.n[id]), sum((id) => c.nMet[id]), m.counters.deaths];
          if (!(m.diagnosis && s.progression.resection)) expected += sum((id) => (c.neoplastic[id] ? c.n[id] * c.dissemination[id] : 0)) * s.progression.disseminationPerCellDay * dt;
          disseminate(m, dt);
          removed += n0 - sum((id) => c.n[id]);
          seeded += sum((id) => c.nMet[id]) - met0;
          died += m.counters.deaths - deaths0;
          growMetastases(m, dt);
        }
        // The lattice's per-group bookkeeping holds with passenger sub-clones removed one by one.
        expect((m.engine as LatticeEngine).audit(c)).toBeNull();
        subclones = Math.max(subclones, c.alive.filter((id) => c.group[id] !== id).length);
      }
      if (expected < 100) continue;
      expect(subclones).toBeGreaterThan(0);
      expect(removed).toBe(seeded + died);
      expect(m.spread).toEqual({ left: removed, seeded, died });
      expect(seeded).toBeGreaterThan(0);
      expect(Math.abs(removed - expected)).toBeLessThan(4 * Math.sqrt(expected));
      return;
    }
    throw new Error('no seed disseminated enough');
  });
});
