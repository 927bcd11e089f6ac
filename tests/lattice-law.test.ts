/**
 * The lattice engine's bookkeeping (room kept incrementally, deaths by rejection from a clone's
 * box, draws taken ahead) must not change the model's law. This checks that law against a slow
 * reference written here from the model's statement alone: a plain
 * Gillespie that recounts every cell's room before every event. Both run many replicates from
 * the same start; at a fixed time the mean and variance of the cell count (per clone) and of the
 * number of cells with room must agree.
 *
 * Tolerance: 4 standard errors of the difference between the two independent estimates. For a
 * mean, SE² = s₁²/n₁ + s₂²/n₂; for a variance, the large-sample SE² of a sample variance,
 * (m₄ − s⁴)/n, summed over the two samples. With ≥ 400 replicates per side the estimates are
 * close to normal, so a correct engine fails one comparison with probability about 6·10⁻⁵
 * (the seeds are fixed, so the outcome is too); an engine whose birth rate per cell were off by
 * a few per cent, or whose daughters were not uniform over room sites, moves the means by many
 * standard errors (checked by hand on a thinning variant of the engine: dropping its 1/R(q) factor failed every case).
 */
import { describe, expect, it } from 'vitest';
import { CloneTable } from '../sim/core/clones.js';
import { createRng, type Rng } from '../sim/core/rng.js';
import type { GrowthHost } from '../sim/core/space/engine.js';
import { EMPTY, EPITHELIUM, LatticeEngine, neighbourDeltas, type Dimensions, type Neighbourhood } from '../sim/core/space/lattice.js';

const ROOT = { parent: -1, lineage: -1, bornDays: 0, origin: 0, program: 0, hits: 0, cna: 0, chromothripsis: 0, founderPassengers: 0 };

interface Case {
  name: string;
  dims: Dimensions;
  nbh: Neighbourhood;
  side: number;
  background: typeof EMPTY | typeof EPITHELIUM;
  /** Clones: birth rate, death rate, neoplastic (room includes epithelium), sites (x, y, z) at the start. */
  clones: { b: number; d: number; neo: boolean; at: [number, number, number][] }[];
  t: number;
  /** Every birth drawn through the frontier (2D; see births.ts), whatever its acceptance rate. */
  frontier?: boolean;
}

const block = (c: number, r: number, dims: Dimensions): [number, number, number][] => {
  const out: [number, number, number][] = [];
  for (let z = dims === 3 ? c - r : 0; z <= (dims === 3 ? c + r : 0); z++) for (let y = c - r; y <= c + r; y++) for (let x = c - r; x <= c + r; x++) out.push([x, y, z]);
  return out;
};

const CASES: Case[] = [
  { name: '2D Moore, empty lattice, growth to the wall', dims: 2, nbh: 'moore', side: 10, background: EMPTY, t: 3, clones: [{ b: 1, d: 0.3, neo: false, at: block(5, 1, 2) }] },
  { name: '3D Moore, empty lattice', dims: 3, nbh: 'moore', side: 7, background: EMPTY, t: 1.5, clones: [{ b: 1, d: 0.3, neo: false, at: block(3, 1, 3) }] },
  {
    name: '2D von Neumann, epithelium with a few empty sites, a normal and a neoplastic clone',
    dims: 2, nbh: 'von-neumann', side: 9, background: EPITHELIUM, t: 2.5,
    clones: [
      { b: 0.7, d: 0.5, neo: false, at: [[1, 1, 0], [2, 1, 0], [1, 2, 0], [2, 2, 0]] },
      { b: 1.2, d: 0.2, neo: true, at: [[5, 5, 0], [6, 5, 0]] },
    ],
  },
  // Births drawn through the frontier (births.ts): on their own only where its acceptance rate
  // is high (a full lattice with turnover, with one group as in sites.ts's simplyChanged, and with
  // two), and forced where cells have many free neighbours and epithelium.
  { name: '2D Moore, a full lattice with turnover', dims: 2, nbh: 'moore', side: 8, background: EMPTY, t: 1.5, clones: [{ b: 1, d: 0.5, neo: false, at: block(4, 4, 2).filter(([x, y]) => x < 8 && y < 8) }] },
  {
    name: '2D Moore, a full lattice of two clones with turnover', dims: 2, nbh: 'moore', side: 8, background: EMPTY, t: 1.5,
    clones: [
      { b: 1, d: 0.5, neo: false, at: block(4, 4, 2).filter(([x, y]) => x < 4 && y < 8) },
      { b: 0.8, d: 0.3, neo: true, at: block(4, 4, 2).filter(([x, y]) => x >= 4 && x < 8 && y < 8) },
    ],
  },
  { name: '2D Moore, empty lattice, every birth through the frontier', dims: 2, nbh: 'moore', side: 10, background: EMPTY, t: 3, frontier: true, clones: [{ b: 1, d: 0.3, neo: false, at: block(5, 1, 2) }] },
  {
    name: '2D von Neumann, epithelium, every birth through the frontier',
    dims: 2, nbh: 'von-neumann', side: 9, background: EPITHELIUM, t: 2.5, frontier: true,
    clones: [
      { b: 0.7, d: 0.5, neo: false, at: [[1, 1, 0], [2, 1, 0], [1, 2, 0], [2, 2, 0]] },
      { b: 1.2, d: 0.2, neo: true, at: [[5, 5, 0], [6, 5, 0]] },
    ],
  },
];
/** Sites left EMPTY in an epithelial background (room for the normal clone). */
const HOLES: [number, number, number][] = [[3, 1, 0], [1, 3, 0], [3, 3, 0], [4, 5, 0], [0, 0, 0]];

/** Per replicate: cells of each clone, then cells with room (all clones). */
type Sample = number[];

function engineRun(c: Case, rng: Rng): Sample {
  const L = new LatticeEngine(c.side, c.side, c.nbh, c.dims, c.side);
  if (c.frontier) L.frontierFill = 1e9;
  const clones = new CloneTable();
  for (const k of c.clones) {
    const id = clones.add({ ...ROOT, neoplastic: k.neo }, false);
    clones.b[id] = k.b;
    clones.d[id] = k.d;
  }
  if (c.background === EPITHELIUM) {
    L.fill(EPITHELIUM);
    for (const [x, y, z] of HOLES) L.setState(L.index(x, y, z), EMPTY);
  }
  c.clones.forEach((k, id) => k.at.forEach(([x, y, z]) => L.place(clones, L.index(x, y, z), id)));
  L.markDirty();
  const h: GrowthHost = { clones, rng, counters: { births: 0, deaths: 0, resected: 0 }, passengersPerDivision: 0, passengerResolution: 0, spawn: () => { throw new Error('no events'); } };
  L.advance(h, c.t);
  expect(L.audit(clones)).toBeNull();
  const out = c.clones.map((_, id) => clones.n[id]);
  out.push(c.clones.reduce((a, _, id) => a + L.divisibleCount(id), 0));
  return out;
}

/** The model as stated, slowly: before every event, every cell's room is recounted. */
function referenceRun(c: Case, rng: Rng): Sample {
  const S = c.side;
  const D = c.dims === 3 ? S : 1;
  const st = new Int32Array(S * S * D).fill(c.background);
  const at = (x: number, y: number, z: number) => (z * S + y) * S + x;
  if (c.background === EPITHELIUM) for (const [x, y, z] of HOLES) st[at(x, y, z)] = EMPTY;
  c.clones.forEach((k, id) => k.at.forEach(([x, y, z]) => (st[at(x, y, z)] = id)));
  const deltas = neighbourDeltas(c.dims, c.nbh);
  const roomOf = (s: number): number[] => {
    const x = s % S;
    const y = Math.floor(s / S) % S;
    const z = Math.floor(s / (S * S));
    const out: number[] = [];
    for (const [dx, dy, dz] of deltas) {
      const X = x + dx, Y = y + dy, Z = z + dz;
      if (X < 0 || Y < 0 || Z < 0 || X >= S || Y >= S || Z >= D) continue;
      const v = st[at(X, Y, Z)];
      if (v === EMPTY || (v === EPITHELIUM && c.clones[st[s]].neo)) out.push(at(X, Y, Z));
    }
    return out;
  };
  let t = 0;
  for (;;) {
    const rates: number[] = [];
    const what: [number, boolean, number[]][] = [];
    for (let s = 0; s < st.length; s++) {
      if (st[s] < 0) continue;
      const k = c.clones[st[s]];
      const room = roomOf(s);
      if (room.length) {
        rates.push(k.b);
        what.push([s, true, room]);
      }
      rates.push(k.d);
      what.push([s, false, room]);
    }
    const total = rates.reduce((a, b) => a + b, 0);
    if (total <= 0) break;
    t += rng.exp(total);
    if (t >= c.t) break;
    const [s, birth, room] = what[rng.pick(rates)];
    if (birth) st[room[rng.int(room.length)]] = st[s];
    else st[s] = EMPTY;
  }
  const out = c.clones.map((_, id) => st.filter((v) => v === id).length);
  let withRoom = 0;
  for (let s = 0; s < st.length; s++) if (st[s] >= 0 && roomOf(s).length) withRoom++;
  out.push(withRoom);
  return out;
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
function moments(x: number[]) {
  const m = mean(x);
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
  const m4 = x.reduce((a, b) => a + (b - m) ** 4, 0) / x.length;
  return { m, v, seM: v / x.length, seV: Math.max(m4 - v * v, 0) / x.length };
}

describe('lattice births by thinning have the law of a plain Gillespie over cells with room', () => {
  const R = 500;
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const eng: Sample[] = [];
    const ref: Sample[] = [];
    for (let i = 0; i < R; i++) {
      eng.push(engineRun(c, createRng(`thinning/engine/${c.name}/${i}`)));
      ref.push(referenceRun(c, createRng(`thinning/reference/${c.name}/${i}`)));
    }
    const stats = eng[0].map((_, j) => {
      const a = moments(eng.map((s) => s[j]));
      const b = moments(ref.map((s) => s[j]));
      return { j, a, b, zMean: (a.m - b.m) / Math.sqrt(a.seM + b.seM), zVar: (a.v - b.v) / Math.sqrt(a.seV + b.seV) };
    });
    for (const s of stats) {
      // Not a degenerate statistic: cells and room vary between replicates.
      expect(s.b.v).toBeGreaterThan(0);
      expect(Math.abs(s.zMean), `statistic ${s.j}: mean ${s.a.m} vs ${s.b.m}`).toBeLessThan(4);
      expect(Math.abs(s.zVar), `statistic ${s.j}: variance ${s.a.v} vs ${s.b.v}`).toBeLessThan(4);
    }
  }, 120_000);
});
