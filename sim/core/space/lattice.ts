/** The lattice engine (see engine.ts): one cell per site, event by event in continuous time. */
import type { CloneTable } from '../clones.js';
import type { Engine, GrowthHost } from './engine.js';

const MOORE_DX = [-1, 0, 1, -1, 1, -1, 0, 1];
const MOORE_DY = [-1, -1, -1, 0, 0, 1, 1, 1];
const VN_DX = [0, -1, 1, 0];
const VN_DY = [-1, 0, 0, 1];

export const EMPTY = -1;
export const EPITHELIUM = -2;
/** The ring of sites around the lattice (never occupied; spares bounds checks in the hot loop). */
export const WALL = -3;

/** A growable list of sites with O(1) swap-remove; a site's index in the list is kept at
 *  `at[site * stride + offset]` (−1 when absent), so it shares a cache line with other per-site data. */
class SiteSet {
  items = new Int32Array(16);
  size = 0;
  constructor(private readonly at: Int32Array, private readonly stride: number, private readonly offset: number) {}
  add(s: number): void {
    if (this.size === this.items.length) {
      const g = new Int32Array(this.size * 2);
      g.set(this.items);
      this.items = g;
    }
    this.at[s * this.stride + this.offset] = this.size;
    this.items[this.size++] = s;
  }
  remove(s: number): void {
    this.removeAt(s, this.at[s * this.stride + this.offset]);
  }
  /** Remove site s, known to sit in slot k (spares reading its index). */
  removeAt(s: number, k: number): void {
    const { at, stride, offset } = this;
    const last = this.items[--this.size];
    this.items[k] = last;
    at[last * stride + offset] = k;
    at[s * stride + offset] = -1;
  }
}

// What a neighbourhood scan reads, packed in 8 bytes per site (a 3 × 3 neighbourhood is three
// runs of 24 bytes: the hot loop is bound by cache misses, not arithmetic):
//   int 0: (state + 3) << 8 | neighbour counts, state = clone id, EMPTY, EPITHELIUM or WALL,
//          counts = empty neighbours (bits 0–3) | epithelial neighbours (bits 4–7);
//   int 1: index in its clone's divisible set (−1 when absent).
// A site's index in its clone's member set, read only for the site itself, lives apart.
const WORD = 0;
const DIV = 1;
const AUX = 2; // ints per site
const EPI_ONE = 1 << 4;
const COUNTS = 0xff;
/** Largest clone id a lattice site can hold (23 bits of the packed word). */
const MAX_LATTICE_CLONE = (1 << 23) - 4;
const packed = (state: number, counts: number) => ((state + 3) << 8) | counts;
const stateOf = (word: number) => (word >> 8) - 3;

export class LatticeEngine implements Engine {
  readonly kind = 'lattice' as const;
  /** Per-site records (see WORD, DIV); sites are padded with a WALL ring: use index(), x(), y(). */
  private readonly aux: Int32Array;
  /** Per site: its index in its clone's member set (−1 when empty). */
  private readonly member: Int32Array;
  /** Number of site records (lattice points plus the wall ring). */
  readonly sites: number;
  /** Per clone: all its cells (deaths are drawn from these) and those with room to divide (an
   *  empty neighbour, or for a neoplastic cell an epithelial one; births are drawn from these).
   *  Drawing births only among cells with room is exact: a cell without room would attempt a
   *  division that cannot happen (a null event). */
  private members: SiteSet[] = [];
  private divisible: SiteSet[] = [];
  /** Offsets of the neighbours in the padded site array. */
  private readonly nbOffsets: Int32Array;
  /** Row length of the padded arrays (width + 2). */
  readonly stride: number;
  private readonly free = new Int32Array(8);
  /** Site arrays were written directly (seeding): neighbour counts need a rebuild. */
  private dirty = true;
  tDays = 0;
  /** Stop an advance as soon as this many cells are on the lattice. */
  stopAtCells = Infinity;
  /** Occupied sites (cells of any clone). */
  occupied = 0;

  constructor(readonly width: number, readonly height: number, neighbourhood: 'moore' | 'von-neumann') {
    const S = (this.stride = width + 2);
    const n = (this.sites = S * (height + 2));
    this.aux = new Int32Array(AUX * n);
    this.member = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      this.aux[AUX * i + WORD] = packed(WALL, 0);
      this.aux[AUX * i + DIV] = -1;
    }
    const dx = neighbourhood === 'moore' ? MOORE_DX : VN_DX;
    const dy = neighbourhood === 'moore' ? MOORE_DY : VN_DY;
    // Offsets in ints of the neighbours' records.
    this.nbOffsets = Int32Array.from(dx, (x, j) => AUX * (dy[j] * S + x));
    this.fill(EMPTY);
  }

  /** Index of lattice point (x, y) in the site arrays. */
  index(x: number, y: number): number {
    return (y + 1) * this.stride + x + 1;
  }
  /** Lattice coordinates of a site index. */
  x(s: number): number {
    return (s % this.stride) - 1;
  }
  y(s: number): number {
    return Math.floor(s / this.stride) - 1;
  }

  /** What is at site s: a clone id, EMPTY, EPITHELIUM or WALL. */
  state(s: number): number {
    return stateOf(this.aux[AUX * s + WORD]);
  }

  /** Lay down EMPTY or EPITHELIUM at an unoccupied site while seeding (counts are rebuilt later). */
  setState(s: number, v: typeof EMPTY | typeof EPITHELIUM): void {
    const was = this.state(s);
    if (was >= 0 || was === WALL) throw new Error(`site ${s} is not free`);
    this.aux[AUX * s + WORD] = packed(v, 0);
    this.dirty = true;
  }

  /** Fill every unoccupied lattice point with `value` (EMPTY or EPITHELIUM), before seeding. */
  fill(value: typeof EMPTY | typeof EPITHELIUM): void {
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const s = this.index(x, y);
        if (this.state(s) < 0) this.aux[AUX * s + WORD] = packed(value, 0);
      }
    this.dirty = true;
  }

  /** The lattice row by row (width × height, no wall): clone ids, EMPTY or EPITHELIUM. */
  states(out = new Int32Array(this.width * this.height)): Int32Array {
    let k = 0;
    for (let y = 0; y < this.height; y++) {
      let i = AUX * this.index(0, y) + WORD;
      for (let x = 0; x < this.width; x++, i += AUX) out[k++] = stateOf(this.aux[i]);
    }
    return out;
  }

  /** Mark the site arrays as written directly; counts are rebuilt before the next advance. */
  markDirty(): void {
    this.dirty = true;
  }

  private sets(id: number): void {
    if (id >= this.members.length && id > MAX_LATTICE_CLONE) throw new Error(`clone ${id}: more clones than a lattice site can name (${MAX_LATTICE_CLONE})`);
    while (this.members.length <= id) {
      this.members.push(new SiteSet(this.member, 1, 0));
      this.divisible.push(new SiteSet(this.aux, AUX, DIV));
    }
  }

  /** Put the cell at q (clone id) in or out of its clone's divisible set. */
  private refresh(clones: CloneTable, q: number, id: number): void {
    const a = this.aux;
    const nb = a[AUX * q + WORD] & COUNTS;
    const room = (nb & 0xf) > 0 || (nb >= EPI_ONE && clones.neoplastic[id]);
    const listed = a[AUX * q + DIV] >= 0;
    if (room !== listed) {
      if (room) this.divisible[id].add(q);
      else this.divisible[id].remove(q);
    }
  }

  /** Neighbour counts and divisible sets from scratch. */
  private rebuild(clones: CloneTable): void {
    const { nbOffsets, aux } = this;
    for (const c of this.divisible) c.size = 0;
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const s = this.index(x, y);
        let v = 0;
        for (let j = 0; j < nbOffsets.length; j++) {
          const w = stateOf(aux[AUX * s + WORD + nbOffsets[j]]);
          if (w === EMPTY) v++;
          else if (w === EPITHELIUM) v += EPI_ONE;
        }
        aux[AUX * s + WORD] = (aux[AUX * s + WORD] & ~COUNTS) | v;
        aux[AUX * s + DIV] = -1;
      }
    for (let s = 0; s < this.sites; s++) {
      const id = this.state(s);
      if (id >= 0) this.refresh(clones, s, id);
    }
    this.dirty = false;
  }

  /** Site s changed from `was` to `now`: update its neighbours' counts and divisibility. */
  private neighboursChanged(clones: CloneTable, s: number, was: number, now: number): void {
    if (this.dirty) return;
    const delta = (now === EMPTY ? 1 : now === EPITHELIUM ? EPI_ONE : 0) - (was === EMPTY ? 1 : was === EPITHELIUM ? EPI_ONE : 0);
    if (delta === 0) return;
    const off = this.nbOffsets;
    const a = this.aux;
    const base = AUX * s;
    for (let j = 0; j < off.length; j++) {
      const i = base + off[j];
      const w = a[i + WORD];
      const id = stateOf(w);
      if (id === WALL) continue;
      const nb = (w + delta) & COUNTS;
      a[i + WORD] = w + delta; // counts never leave 0…8, so the sum stays inside its bits
      // Room can only change when a count crosses zero.
      if (id >= 0 && ((nb & 0xf) === (delta === 1 ? 1 : 0) || (delta !== 1 && delta !== -1 && nb >> 4 === (delta > 0 ? 1 : 0))))
        this.refresh(clones, i >> 1, id); // AUX = 2
    }
  }

  /** Put a cell of clone `id` on site `s` (EMPTY or EPITHELIUM before); keeps clones.n in step. */
  place(clones: CloneTable, s: number, id: number): void {
    this.sets(id);
    const w = this.aux[AUX * s + WORD];
    const was = stateOf(w);
    this.members[id].add(s);
    this.aux[AUX * s + WORD] = packed(id, w & COUNTS);
    clones.n[id]++;
    this.occupied++;
    this.neighboursChanged(clones, s, was, id);
    if (!this.dirty) this.refresh(clones, s, id);
  }

  /** Take the cell off site `s` (in slot `slot` of its clone's member set, or −1: look it up),
   *  leaving `to` (EMPTY). */
  private vacate(clones: CloneTable, s: number, to: number, slot = -1): void {
    const w = this.aux[AUX * s + WORD];
    const id = stateOf(w);
    this.members[id].removeAt(s, slot >= 0 ? slot : this.member[s]);
    if (this.aux[AUX * s + DIV] >= 0) this.divisible[id].remove(s);
    this.aux[AUX * s + WORD] = packed(to, w & COUNTS);
    clones.n[id]--;
    this.occupied--;
    this.neighboursChanged(clones, s, id, to);
  }

  /** Members of clone `id` (sites), valid until the next change. */
  cellsOf(clones: CloneTable, id: number): Int32Array {
    this.sets(id);
    return this.members[id].items.subarray(0, clones.n[id]);
  }

  /** Recompute neighbour counts and room from scratch and compare with the incremental
   *  bookkeeping; returns the first discrepancy, or null (used by the invariant tests). */
  audit(clones: CloneTable): string | null {
    const a = this.aux;
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const s = this.index(x, y);
        let v = 0;
        for (const o of this.nbOffsets) {
          const w = stateOf(a[AUX * s + WORD + o]);
          if (w === EMPTY) v++;
          else if (w === EPITHELIUM) v += EPI_ONE;
        }
        const counts = a[AUX * s + WORD] & COUNTS;
        if (!this.dirty && counts !== v) return `site (${x},${y}): neighbour counts ${counts} ≠ ${v}`;
        const id = this.state(s);
        if (id < 0 || this.dirty) continue;
        const room = (v & 0xf) > 0 || (v >= EPI_ONE && clones.neoplastic[id]);
        const listed = a[AUX * s + DIV] >= 0;
        if (room !== listed) return `site (${x},${y}): room ${room} but listed ${listed}`;
        if (listed && this.divisible[id].items[a[AUX * s + DIV]] !== s) return `site (${x},${y}): divisible index broken`;
        if (this.members[id].items[this.member[s]] !== s) return `site (${x},${y}): member index broken`;
      }
    return null;
  }

  /** Cells of clone `id` with room to divide. */
  divisibleCount(id: number): number {
    return id < this.divisible.length ? this.divisible[id].size : 0;
  }

  advance(host: GrowthHost, dt: number): void {
    const { clones, rng, counters } = host;
    if (this.dirty) this.rebuild(clones);
    const alive = clones.alive;
    const end = this.tDays + dt;
    const off = this.nbOffsets;
    const nb = off.length;
    const free = this.free;
    const aux = this.aux;
    const mu = host.passengersPerDivision;
    for (;;) {
      let total = 0;
      for (let i = 0; i < alive.length; i++) {
        const id = alive[i];
        if (id >= this.members.length) continue;
        total += clones.b[id] * this.divisible[id].size + clones.d[id] * this.members[id].size;
      }
      if (total <= 0) break;
      const t = this.tDays + rng.exp(total);
      if (t >= end) break;
      this.tDays = t;
      // Which clone and which event, then which of its cells.
      let r = rng.next() * total;
      let id = -1;
      let birth = false;
      for (let i = 0; i < alive.length; i++) {
        const c = alive[i];
        if (c >= this.members.length) continue;
        const rb = clones.b[c] * this.divisible[c].size;
        if (r < rb) {
          id = c;
          birth = true;
          break;
        }
        r -= rb;
        const rd = clones.d[c] * this.members[c].size;
        if (r < rd) {
          id = c;
          break;
        }
        r -= rd;
      }
      if (id < 0) continue; // rounding at the very end of the range: draw again
      if (!birth) {
        const m = this.members[id];
        const k = rng.int(m.size);
        this.vacate(clones, m.items[k], EMPTY, k);
        counters.deaths++;
        continue;
      }
      const dv = this.divisible[id];
      const s = dv.items[rng.int(dv.size)];
      const invades = clones.neoplastic[id];
      let kf = 0;
      const base = AUX * s + WORD;
      for (let j = 0; j < nb; j++) {
        const v = stateOf(aux[base + off[j]]);
        if (v === EMPTY || (invades && v === EPITHELIUM)) free[kf++] = s + (off[j] >> 1); // AUX = 2
      }
      const q = free[rng.int(kf)];
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
      if (mu > 0) clones.passengerEvents[child] += rng.poisson(mu);
      this.place(clones, q, child);
      counters.births++;
      if (this.occupied >= this.stopAtCells) return;
    }
    this.tDays = end;
  }

  remove(host: GrowthHost, id: number, count: number): void {
    const { clones, rng } = host;
    this.sets(id);
    const m = this.members[id];
    for (let i = 0; i < count && m.size > 0; i++) this.vacate(clones, m.items[rng.int(m.size)], EMPTY);
  }
}
