import { describe, expect, it, vi } from 'vitest';
import { CloneTable } from '../sim/core/clones.js';
import { createRng } from '../sim/core/rng.js';
import type { GrowthHost } from '../sim/core/space/engine.js';
import { EMPTY, EPITHELIUM, LatticeEngine, neighbourDeltas, type Dimensions, type Neighbourhood } from '../sim/core/space/lattice.js';
import { parseScenario, ScenarioError, type ResolvedBirthDeath } from '../sim/scenario/scenario.js';
import { BirthDeathSimulation } from '../sim/birth-death/model.js';

const ROOT = { parent: -1, lineage: -1, bornDays: 0, origin: 0, program: 0, hits: 0, cna: 0, chromothripsis: 0, founderPassengers: 0 };

/** A small host: two founding clones (one normal, one neoplastic that may invade epithelium);
 *  each division of a neoplastic cell founds a new clone with probability 0.02, so many clones
 *  (small and large) share the lattice and the per-clone paths are all exercised. */
function host(seed: string) {
  const clones = new CloneTable();
  const normal = clones.add({ ...ROOT, neoplastic: false }, false);
  const tumour = clones.add({ ...ROOT, neoplastic: true }, false);
  clones.b[normal] = 0.5;
  clones.d[normal] = 0.5;
  clones.b[tumour] = 1;
  clones.d[tumour] = 0.3;
  const ev = { kind: 'hit' as const, target: 0, p: 0.02 };
  clones.events[tumour].push(ev);
  clones.eventTotal[tumour] = ev.p;
  const h: GrowthHost = {
    clones,
    rng: createRng(seed),
    counters: { births: 0, deaths: 0, resected: 0 },
    passengersPerDivision: 1,
    passengerResolution: 0,
    spawn(parent) {
      const id = clones.add({ ...ROOT, parent, neoplastic: true }, false);
      clones.b[id] = clones.b[parent] * 1.05;
      clones.d[id] = clones.d[parent];
      clones.events[id].push(ev);
      clones.eventTotal[id] = ev.p;
      return id;
    },
  };
  return { h, normal, tumour };
}

/** A lattice of epithelium with some empty sites, a patch of normal cells and a few tumour cells. */
function seeded(dimensions: Dimensions, neighbourhood: Neighbourhood, seed: string) {
  const side = dimensions === 3 ? 14 : 48;
  const L = new LatticeEngine(side, side - 2, neighbourhood, dimensions, side - 4);
  const { h, normal, tumour } = host(seed);
  L.fill(EPITHELIUM);
  const r = createRng(`${seed}/layout`);
  for (let z = 0; z < L.depth; z++)
    for (let y = 0; y < L.height; y++)
      for (let x = 0; x < L.width; x++) {
        const s = L.index(x, y, z);
        const u = r.next();
        if (u < 0.15) L.setState(s, EMPTY);
        else if (u < 0.4) L.place(h.clones, s, normal);
      }
  const c = L.index(L.width >> 1, L.height >> 1, L.depth >> 1);
  for (const s of [c, ...L.neighbourSites(c)]) if (L.state(s) < 0) L.place(h.clones, s, tumour);
  L.markDirty();
  return { L, h };
}

const CASES: [Dimensions, Neighbourhood][] = [
  [2, 'moore'],
  [2, 'von-neumann'],
  [3, 'moore'],
  [3, 'von-neumann'],
];

describe('lattice geometry', () => {
  it.each([
    [2, 'moore', 8],
    [2, 'von-neumann', 4],
    [3, 'moore', 26],
    [3, 'von-neumann', 6],
  ] as const)('%dD %s has %d distinct neighbours at the right offsets', (dims, nbh, n) => {
    const d = neighbourDeltas(dims, nbh);
    expect(d.length).toBe(n);
    expect(new Set(d.map((v) => v.join())).size).toBe(n);
    for (const [dx, dy, dz] of d) {
      const cheb = Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz));
      const l1 = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
      expect(cheb).toBe(1);
      if (nbh === 'von-neumann') expect(l1).toBe(1);
      if (dims === 2) expect(dz).toBe(0);
    }
  });

  it.each([
    ['moore', 7, 26],
    ['von-neumann', 3, 6],
  ] as const)('3 × 3 × 3 lattice, %s: a corner sees %d sites, the centre %d', (nbh, corner, centre) => {
    const L = new LatticeEngine(3, 3, nbh, 3, 3);
    const { h } = host('geo');
    for (const [x, y, z, want] of [[0, 0, 0, corner], [2, 2, 2, corner], [2, 0, 2, corner], [1, 1, 1, centre]] as const) {
      const s = L.index(x, y, z);
      const nb = L.neighbourSites(s);
      expect(nb.length).toBe(want);
      for (const q of nb) {
        const dx = L.x(q) - x;
        const dy = L.y(q) - y;
        const dz = L.z(q) - z;
        expect(Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz))).toBe(1);
        if (nbh === 'von-neumann') expect(Math.abs(dx) + Math.abs(dy) + Math.abs(dz)).toBe(1);
      }
    }
    // The incremental counts agree: one cell in a corner of an empty lattice has `corner` empty
    // neighbours, the centre cell `centre` − 1 once the corner is taken (Moore) or `centre` (VN).
    const a = L.index(0, 0, 0);
    const m = L.index(1, 1, 1);
    L.place(h.clones, a, 0);
    L.advance(h, 0); // rebuilds the counts
    expect(L.neighbourCounts(a)).toEqual([corner, 0]);
    L.place(h.clones, m, 0);
    expect(L.neighbourCounts(m)).toEqual([nbh === 'moore' ? centre - 1 : centre, 0]);
    expect(L.neighbourCounts(a)).toEqual([nbh === 'moore' ? corner - 1 : corner, 0]);
    expect(L.audit(h.clones)).toBeNull();
  });

  it('index, x, y, z round-trip; states() runs x fastest, then y, then z', () => {
    const L = new LatticeEngine(5, 4, 'moore', 3, 3);
    const { h } = host('xyz');
    let k = 0;
    for (let z = 0; z < 3; z++)
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 5; x++, k++) {
          const s = L.index(x, y, z);
          expect([L.x(s), L.y(s), L.z(s)]).toEqual([x, y, z]);
          if (k % 7 === 0) L.place(h.clones, s, 0);
        }
    const st = L.states();
    expect(st.length).toBe(60);
    for (let i = 0; i < 60; i++) expect(st[i]).toBe(i % 7 === 0 ? 0 : EMPTY);
    // 2D: depth 1, z 0, the row-by-row array of the 2D engine.
    const P = new LatticeEngine(6, 3, 'von-neumann');
    expect([P.dimensions, P.depth, P.z(P.index(4, 2))]).toEqual([2, 1, 0]);
    expect(P.states().length).toBe(18);
  });
});

describe('lattice bookkeeping (2D and 3D, both neighbourhoods)', () => {
  it.each(CASES)('%dD %s: counts, divisible and member sets match a recount; cells are conserved', (dims, nbh) => {
    const { L, h } = seeded(dims, nbh, `audit/${dims}/${nbh}`);
    const c = h.clones;
    L.advance(h, 0);
    expect(L.audit(c)).toBeNull();
    let removed = 0;
    for (let k = 0; k < 40; k++) {
      const before = { ...h.counters, occupied: L.occupied };
      L.advance(h, 0.25);
      // Surgery-like removals from the largest clone now and then.
      let rem = 0;
      if (k % 10 === 9) {
        const big = c.alive.reduce((a, b) => (c.n[b] > c.n[a] ? b : a), c.alive[0]);
        rem = Math.min(5, c.n[big]);
        L.remove(h, big, rem);
        removed += rem;
      }
      expect(L.audit(c)).toBeNull();
      // births − deaths − removals = change in occupied sites
      expect(h.counters.births - before.births - (h.counters.deaths - before.deaths) - rem).toBe(L.occupied - before.occupied);
      let sum = 0;
      for (let id = 0; id < c.size; id++) sum += c.n[id];
      expect(sum).toBe(L.occupied);
      expect(L.states().filter((v) => v >= 0).length).toBe(L.occupied);
    }
    // Surgery: most cells of the largest clone at once (a clone without a member set gets one
    // back from a scan of its box), then growth again.
    const big = c.alive.reduce((a, b) => (c.n[b] > c.n[a] ? b : a), c.alive[0]);
    const before = L.occupied;
    const cut = Math.floor(c.n[big] * 0.9);
    L.remove(h, big, cut);
    expect(L.occupied).toBe(before - cut);
    expect(L.cellsOf(c, big).length).toBe(c.n[big]);
    expect(L.audit(c)).toBeNull();
    for (let k = 0; k < 10; k++) {
      L.advance(h, 0.25);
      expect(L.audit(c)).toBeNull();
    }
    for (const id of c.alive) {
      const cells = L.cellsOf(c, id);
      expect(cells.length).toBe(c.n[id]);
      for (const s of cells) expect(L.state(s)).toBe(id);
    }
    expect(removed).toBeGreaterThan(0);
    expect(h.counters.births).toBeGreaterThan(500);
    expect(h.counters.deaths).toBeGreaterThan(300);
    expect(c.size).toBeGreaterThan(2); // a new clone arose (a hit) and was tracked
  });

  it.each(CASES)('%dD %s: same seed twice gives identical lattices and counts', (dims, nbh) => {
    const run = () => {
      const { L, h } = seeded(dims, nbh, `det/${dims}/${nbh}`);
      for (let k = 0; k < 10; k++) L.advance(h, 0.5);
      return { states: Array.from(L.states()), counters: h.counters, t: L.tDays, passengers: h.clones.passengerEvents, size: h.clones.size };
    };
    expect(run()).toEqual(run());
  });
});

describe('birth–death scenarios in 3D', () => {
  const bd = (space: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    parseScenario({ kind: 'birth-death', name: 'x', space: { mode: 'lattice', ...space }, rates: { b: 1, d: 0.1, mu: 1 }, stop: { cells: 200 }, ...extra }) as ResolvedBirthDeath;

  it('resolves dimensions and depth; 2D keeps depth 1', () => {
    expect(bd({ dimensions: 3, width: 20 }).space).toMatchObject({ dimensions: 3, width: 20, height: 20, depth: 20 });
    expect(bd({ width: 20 }).space).toMatchObject({ dimensions: 2, width: 20, height: 20, depth: 1 });
  });

  it('rejects depth in 2D and an oversized 3D lattice with clear messages; a 3D NET lattice is accepted', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        return (e as ScenarioError).message;
      }
      throw new Error('no error');
    };
    expect(err(() => bd({ width: 20, depth: 5 }))).toMatch(/space\.depth: depth is only for a 3D lattice/);
    expect(err(() => bd({ dimensions: 3, width: 512, height: 512, depth: 512 }))).toMatch(/too large.*at most 16777216/);
    expect(err(() => bd({ dimensions: 4 }))).toMatch(/dimensions: expected 2 or 3/);
    expect(err(() => bd({ dimensions: 3, width: 4 }, { stop: { cells: 100 } }))).toMatch(/cannot fit on a 4 × 4 × 4 lattice/);
    const net = parseScenario({ kind: 'net', name: 'n', site: 'lung', engine: 'lattice', hypothesis: { immuneParallel: 1 }, lattice: { dimensions: 3, width: 32, height: 32, depth: 8 } });
    expect(net.kind === 'net' && [net.lattice.dimensions, net.lattice.depth]).toEqual([3, 8]);
    expect(err(() => parseScenario({ kind: 'net', name: 'n', site: 'lung', engine: 'lattice', hypothesis: { immuneParallel: 1 }, lattice: { width: 32, depth: 8 } }))).toMatch(/lattice\.depth: depth is only for a 3D lattice/);
  });

  it('seeds a compact ball at the centre and grows to stop.cells', () => {
    const s = bd({ dimensions: 3, width: 24, height: 22, depth: 20 }, { initialCells: 27, stop: { cells: 400 } });
    const sim = new BirthDeathSimulation(s, 5);
    const L = sim.model.engine as LatticeEngine;
    // 27 cells nearest the centre (12, 11, 10): all within distance √3 — the 3 × 3 × 3 cube.
    const st = L.states();
    let k = 0;
    for (let z = 0; z < 20; z++)
      for (let y = 0; y < 22; y++)
        for (let x = 0; x < 24; x++, k++) expect(st[k] === 0).toBe(Math.max(Math.abs(x - 12), Math.abs(y - 11), Math.abs(z - 10)) <= 1);
    sim.advance();
    expect(sim.model.cells()).toBe(400);
    expect(L.audit(sim.model.clones)).toBeNull();
  });
});

/**
 * The common case's own loop (sim/core/space/simple.ts) draws what the general loop draws, in the
 * same order, and leaves the same lattice: every case runs both ways (simpleLoop on and off) from
 * the same seed, and every site's clone, every clone's cells and passengers, the counters, the
 * time and the recorded rows must be equal. The cases cross its hand-backs: passengers resolved
 * into sub-clones below passengerResolutionCells (each such division is ended by the general
 * code), a stop size reached inside it, the step's end reached inside it (a tick of one day), a
 * tumour against the lattice's wall, and both 2D neighbourhoods. (A NET lattice keeps epithelium around the tumour: the loop never runs
 * there.)
 */
describe('the common case run by its own loop', () => {
  const bd = (extra: Record<string, unknown>) =>
    parseScenario({ kind: 'birth-death', name: 'x', space: { mode: 'lattice', width: 160, height: 160, neighbourhood: 'moore' }, rates: { b: 1, d: 0.3, mu: 1 }, initialCells: 20, stop: { cells: 6000 }, ...extra }) as ResolvedBirthDeath;
  const cases: [string, ResolvedBirthDeath, number][] = [
    ['Moore, one tick to the stop size', bd({ time: { dtDays: 1e6, recordEveryDays: 1e6 } }), 1],
    ['Moore, daily ticks, passengers resolved below 3,000 cells', bd({ passengerResolutionCells: 3000 }), 2],
    ['von Neumann, daily ticks', bd({ space: { mode: 'lattice', width: 160, height: 160, neighbourhood: 'von-neumann' } }), 3],
    ['Moore, up against the wall (a 64 × 64 lattice filled to 3,600 of its 4,096 sites)', bd({ space: { mode: 'lattice', width: 64, height: 64, neighbourhood: 'moore' }, stop: { cells: 3600 } }), 4],
  ];
  it.each(cases)('%s: the same run both ways', (_, s, seed) => {
    const run = (own: boolean) => {
      const spy = vi.spyOn(LatticeEngine.prototype as unknown as { runSimple: () => number }, 'runSimple');
      const sim = new BirthDeathSimulation(s, seed);
      const L = sim.model.engine as LatticeEngine;
      L.simpleLoop = own;
      sim.advance();
      const { model, timeseries } = sim.result();
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      expect(L.audit(model.clones)).toBeNull();
      const c = model.clones;
      return { calls, out: { states: Array.from(L.states()), n: c.n.slice(), passengers: c.passengerEvents.slice(), counters: { ...model.counters }, t: model.tDays, rows: timeseries.rows } };
    };
    const own = run(true);
    const general = run(false);
    expect(general.calls).toBe(0);
    expect(own.calls).toBeGreaterThan(0);
    expect(own.out.counters.births).toBeGreaterThan(3600);
    expect(own.out).toEqual(general.out);
  });

  // A group whose founder keeps its genotype but one member (a passenger sub-clone given events)
  // may draw an event: the loop runs, and hands each of that member's divisions to the general
  // code; here an event founds another member of the group (so the loop goes on).
  it('a member that may draw a hit: its divisions handed back, the same run both ways', () => {
    const run = (own: boolean) => {
      const spy = vi.spyOn(LatticeEngine.prototype as unknown as { runSimple: () => number }, 'runSimple');
      const clones = new CloneTable();
      const founder = clones.add({ ...ROOT, neoplastic: true }, false);
      clones.b[founder] = 1;
      clones.d[founder] = 0.3;
      const member = clones.addPassengerClone(founder, 1, 0);
      const ev = { kind: 'hit' as const, target: 0, p: 0.05 };
      clones.events[member].push(ev);
      clones.eventTotal[member] = ev.p;
      const h: GrowthHost = {
        clones, rng: createRng('hand-back'), counters: { births: 0, deaths: 0, resected: 0 }, passengersPerDivision: 1, passengerResolution: 0,
        spawn: (parent) => clones.addPassengerClone(parent, 1, 0),
      };
      const L = new LatticeEngine(120, 120, 'moore');
      L.simpleLoop = own;
      for (let y = 52; y < 68; y++) for (let x = 52; x < 68; x++) L.place(clones, L.index(x, y), (x + y) % 7 === 0 ? member : founder);
      L.markDirty();
      for (let k = 0; k < 40 && L.occupied < 5000; k++) L.advance(h, 0.5);
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      expect(L.audit(clones)).toBeNull();
      return { calls, out: { states: Array.from(L.states()), n: clones.n.slice(), size: clones.size, counters: { ...h.counters }, t: L.tDays, passengers: clones.passengerEvents.slice() } };
    };
    const own = run(true);
    const general = run(false);
    expect(own.calls).toBeGreaterThan(0);
    expect(own.out.size).toBeGreaterThan(2); // events arose, in divisions the loop handed back
    expect(own.out).toEqual(general.out);
  });
});
