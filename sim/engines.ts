/**
 * How cells reproduce. Two engines share one clone table and one set of rules (rates, hits,
 * spawning of new clones), and differ only in where cells are:
 * - `CloneEngine`: well-mixed, clone-level (OncoSimulR-like): real population sizes, a tick of
 *   length dt advances each clone by a mean-exact tau-leap (see `leap`).
 * - `LatticeEngine`: one cell per site of a 2D lattice (typed arrays), continuous time, event by
 *   event (Gillespie over clones, then a uniformly random member cell); a daughter goes to a
 *   uniformly random empty neighbour and a birth with no empty neighbour does not happen.
 */
import type { CloneEvent, CloneTable } from './clones.js';
import type { Rng } from './rng.js';

export interface Counters {
  births: number;
  deaths: number;
  resected: number;
}

/** What an engine needs from the model it advances. */
export interface GrowthHost {
  readonly clones: CloneTable;
  readonly rng: Rng;
  readonly counters: Counters;
  readonly passengersPerDivision: number;
  /** Create (or find) the clone a division of `parent` with event `ev` gives rise to. */
  spawn(parent: number, ev: CloneEvent): number;
  /** Cells of clone `id` a lattice birth may displace (normal epithelium) — lattice only. */
  canInvade?(id: number): boolean;
}

export interface Engine {
  readonly kind: 'clone' | 'lattice';
  /** Advance the primary site by dt days. */
  advance(host: GrowthHost, dt: number): void;
  /** Remove `count` cells of clone `id` from the primary site (surgery, dissemination). */
  remove(host: GrowthHost, id: number, count: number): void;
}

/**
 * One tau-leap of a linear birth–death process for `n` cells: deaths ~ Binomial(n, 1 − e^{−d·dt})
 * and births ~ Poisson(n·e^{−d·dt}·(e^{b·dt} − 1)), which makes E[n(t+dt)] = n·e^{(b−d)dt}
 * exactly (the theory test checks this), whatever dt. Returns [births, deaths].
 */
export function leap(rng: Rng, n: number, b: number, d: number, dt: number): [number, number] {
  if (n <= 0) return [0, 0];
  const survive = Math.exp(-d * dt);
  const deaths = d > 0 ? rng.binomial(n, 1 - survive) : 0;
  const births = b > 0 ? rng.poisson(n * survive * Math.expm1(b * dt)) : 0;
  return [births, deaths];
}

/** Hand the new daughters of clone `id` to the clones its division events create. */
function mutateBirths(host: GrowthHost, id: number, births: number): number {
  const { clones, rng } = host;
  if (host.passengersPerDivision > 0) clones.passengerEvents[id] += rng.poisson(births * host.passengersPerDivision);
  if (clones.eventTotal[id] <= 0) return births;
  let kept = births;
  const events = clones.events[id];
  for (let k = 0; k < events.length && kept > 0; k++) {
    const m = Math.min(kept, rng.poisson(births * events[k].p));
    if (m <= 0) continue;
    const child = host.spawn(id, events[k]);
    clones.n[child] += m;
    kept -= m;
  }
  return kept;
}

export class CloneEngine implements Engine {
  readonly kind = 'clone' as const;
  advance(host: GrowthHost, dt: number): void {
    const { clones, rng, counters } = host;
    const ids = clones.alive.slice();
    for (const id of ids) {
      const n = clones.n[id];
      if (n <= 0) continue;
      const [births, deaths] = leap(rng, n, clones.b[id], clones.d[id], dt);
      const kept = births > 0 ? mutateBirths(host, id, births) : 0;
      clones.n[id] += kept - deaths;
      counters.births += births;
      counters.deaths += deaths;
    }
  }
  remove(host: GrowthHost, id: number, count: number): void {
    host.clones.n[id] -= count;
  }
}

const MOORE_DX = [-1, 0, 1, -1, 1, -1, 0, 1];
const MOORE_DY = [-1, -1, -1, 0, 0, 1, 1, 1];
const VN_DX = [0, -1, 1, 0];
const VN_DY = [-1, 0, 0, 1];

export const EMPTY = -1;
export const EPITHELIUM = -2;

export class LatticeEngine implements Engine {
  readonly kind = 'lattice' as const;
  /** Clone id at each site, EMPTY or EPITHELIUM. */
  readonly site: Int32Array;
  /** Position of a site's cell in its clone's member list. */
  private readonly pos: Int32Array;
  private members: Int32Array[] = [];
  private readonly dx: number[];
  private readonly dy: number[];
  private readonly free = new Int32Array(8);
  tDays = 0;
  /** Stop an advance as soon as this many cells are on the lattice. */
  stopAtCells = Infinity;
  /** Occupied sites (cells of any clone). */
  occupied = 0;

  constructor(readonly width: number, readonly height: number, neighbourhood: 'moore' | 'von-neumann') {
    this.site = new Int32Array(width * height).fill(EMPTY);
    this.pos = new Int32Array(width * height).fill(-1);
    this.dx = neighbourhood === 'moore' ? MOORE_DX : VN_DX;
    this.dy = neighbourhood === 'moore' ? MOORE_DY : VN_DY;
  }

  private list(id: number): Int32Array {
    while (this.members.length <= id) this.members.push(new Int32Array(16));
    return this.members[id];
  }

  /** Put a cell of clone `id` on site `s` (the caller keeps clones.n in step). */
  place(clones: CloneTable, s: number, id: number): void {
    let m = this.list(id);
    const k = clones.n[id];
    if (k >= m.length) {
      const g = new Int32Array(m.length * 2);
      g.set(m);
      m = this.members[id] = g;
    }
    m[k] = s;
    this.pos[s] = k;
    this.site[s] = id;
    clones.n[id] = k + 1;
    this.occupied++;
  }

  /** Take the cell off site `s`; swap-remove from its clone's member list. */
  private vacate(clones: CloneTable, s: number, to: number): void {
    const id = this.site[s];
    const m = this.members[id];
    const last = clones.n[id] - 1;
    const k = this.pos[s];
    const moved = m[last];
    m[k] = moved;
    this.pos[moved] = k;
    this.pos[s] = -1;
    this.site[s] = to;
    clones.n[id] = last;
    this.occupied--;
  }

  /** Members of clone `id` (sites), valid until the next change. */
  cellsOf(clones: CloneTable, id: number): Int32Array {
    return this.list(id).subarray(0, clones.n[id]);
  }

  advance(host: GrowthHost, dt: number): void {
    const { clones, rng, counters } = host;
    const alive = clones.alive;
    const end = this.tDays + dt;
    const W = this.width;
    const H = this.height;
    const dx = this.dx;
    const dy = this.dy;
    const nb = dx.length;
    const free = this.free;
    const site = this.site;
    for (;;) {
      let total = 0;
      for (let i = 0; i < alive.length; i++) {
        const id = alive[i];
        total += clones.n[id] * (clones.b[id] + clones.d[id]);
      }
      if (total <= 0) break;
      const t = this.tDays + rng.exp(total);
      if (t >= end) break;
      this.tDays = t;
      // Which clone, then which of its cells.
      let r = rng.next() * total;
      let id = alive[alive.length - 1];
      for (let i = 0; i < alive.length; i++) {
        const c = alive[i];
        r -= clones.n[c] * (clones.b[c] + clones.d[c]);
        if (r < 0) {
          id = c;
          break;
        }
      }
      const n = clones.n[id];
      if (n <= 0) continue;
      const s = this.members[id][rng.int(n)];
      if (rng.next() * (clones.b[id] + clones.d[id]) < clones.d[id]) {
        this.vacate(clones, s, EMPTY);
        counters.deaths++;
        continue;
      }
      const x = s % W;
      const y = (s - x) / W;
      const invades = clones.neoplastic[id];
      let k = 0;
      for (let j = 0; j < nb; j++) {
        const xx = x + dx[j];
        const yy = y + dy[j];
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        const q = yy * W + xx;
        const v = site[q];
        if (v === EMPTY || (invades && v === EPITHELIUM)) free[k++] = q;
      }
      if (k === 0) continue; // no room: the division does not happen (no pushing)
      const q = free[rng.int(k)];
      let child = id;
      if (clones.eventTotal[id] > 0 && rng.next() < clones.eventTotal[id]) {
        let u = rng.next() * clones.eventTotal[id];
        const events = clones.events[id];
        let e = events[events.length - 1];
        for (const ev of events) {
          u -= ev.p;
          if (u < 0) {
            e = ev;
            break;
          }
        }
        child = host.spawn(id, e);
      }
      if (host.passengersPerDivision > 0) clones.passengerEvents[child] += rng.poisson(host.passengersPerDivision);
      if (site[q] === EPITHELIUM) site[q] = EMPTY;
      this.place(clones, q, child);
      counters.births++;
      if (this.occupied >= this.stopAtCells) return;
    }
    this.tDays = end;
  }

  remove(host: GrowthHost, id: number, count: number): void {
    const { clones, rng } = host;
    for (let i = 0; i < count && clones.n[id] > 0; i++) {
      const m = this.members[id];
      this.vacate(clones, m[rng.int(clones.n[id])], EMPTY);
    }
  }
}
