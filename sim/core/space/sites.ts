/** The lattice's sites (see lattice.ts for the engine): per-site records, the member and divisible
 *  sets of each group, neighbour counts kept incrementally, and each group's bounding box. A site
 *  holds its cell's clone; the sets, boxes and event rates are per group (clones.group: a genotype
 *  clone and its passenger sub-clones, which share rates), so passenger sub-clones add no work
 *  per event. Below, "group g" is a group id, "clone id" a site's own clone. */
import type { CloneTable } from '../clones.js';
import {
  AUX, COUNTS, CB, DIV, EMPTY, EMPTY_MASK, EPI_ONE, EPITHELIUM, Layout, MAX_LATTICE_CLONE, SHIFT, SiteSet, WALL, WORD,
  packed, stateOf, type Dimensions, type Neighbourhood,
} from './geometry.js';

/** An empty box (integers, so the box array stays one of small integers). */
export const NO_LO = 1 << 30;
export const NO_HI = -(1 << 30);

export class LatticeSites {
  readonly depth: number;
  /** Number of site records (lattice points plus the wall); row length of the padded arrays. */
  readonly sites: number;
  readonly stride: number;
  protected readonly layout: Layout;
  /** Per-site records: the packed word (geometry.ts) and the slot in the clone's divisible set. */
  protected readonly aux: Int32Array;
  /** Per site: its slot in its clone's member set (−1 when empty). */
  protected readonly member: Int32Array;
  /** Per group: all its cells (deaths are drawn from these) and those with room to divide (an
   *  empty neighbour, or for a neoplastic cell an epithelial one; births are drawn from these).
   *  Drawing births only among cells with room is exact: a cell without room would attempt a
   *  division that cannot happen (a null event). */
  protected members: SiteSet[] = [];
  /** Per group: whether its member set is kept. A group that fills ≥ 1/BOX_FILL of its box (see
   *  LatticeEngine.kill) draws its deaths from the box and keeps no member set: a cell's birth
   *  and death then touch no list at all. cellsOf() scans the box for such a group. */
  protected listed: boolean[] = [];
  protected divisible: SiteSet[] = [];
  /** Per group: a box (x0, x1, y0, y1, z0, z1) holding all its cells; it grows, never shrinks. */
  protected box: number[] = [];
  /** Per group: its cells on the lattice (clones.n counts each clone's). */
  protected cells: number[] = [];
  /** Groups with cells on the lattice (in order of arrival; compacted by advance), and a flag. */
  protected groups: number[] = [];
  protected inGroups: boolean[] = [];
  /** Bumped whenever a box grows (ring sites drawn in an older box are drawn again). */
  protected boxEpoch = 0;
  /** Offsets in ints (AUX per site) of the neighbours' records, and of the rows (2D: 3, 3D: 9)
   *  through a site's neighbourhood (what is touched ahead to pull it into cache). */
  protected readonly nbOffsets: Int32Array;
  protected readonly rowOffsets: Int32Array;
  protected readonly free: Int32Array;
  /** Per clone (not group): divisions whose passengers are not drawn yet (LatticeEngine.flushPassengers). */
  protected pending: number[] = [];
  protected pendingIds: number[] = [];
  /** Site arrays were written directly (seeding): neighbour counts need a rebuild. */
  protected dirty = true;
  tDays = 0;
  /** Stop an advance as soon as this many cells are on the lattice. */
  stopAtCells = Infinity;
  /** Occupied sites (cells of any clone). */
  occupied = 0;

  constructor(readonly width: number, readonly height: number, neighbourhood: Neighbourhood, readonly dimensions: Dimensions = 2, depth = 1) {
    const L = (this.layout = new Layout(dimensions, width, height, depth));
    this.depth = L.depth;
    this.stride = L.stride;
    const n = (this.sites = L.sites);
    this.aux = new Int32Array(AUX * n); // word 0 = WALL with no counts
    for (let i = DIV; i < AUX * n; i += AUX) this.aux[i] = -1;
    this.member = new Int32Array(n).fill(-1);
    this.nbOffsets = L.offsets(neighbourhood).map((o) => AUX * o);
    this.free = new Int32Array(this.nbOffsets.length);
    const rows: number[] = [];
    for (let dz = dimensions === 3 ? -1 : 0; dz <= (dimensions === 3 ? 1 : 0); dz++) for (let dy = -1; dy <= 1; dy++) rows.push(AUX * (dz * L.plane + dy * L.stride));
    this.rowOffsets = Int32Array.from(rows);
    this.initEmpty(neighbourhood);
  }

  /**
   * Every lattice point EMPTY, with its neighbour counts written directly (what fill(EMPTY) and a
   * rebuild would give, without the rebuild's scan of every neighbour): along each axis a point
   * has 3 sites in the lattice within distance 1 (itself included), or 2 on a face, or 1 when
   * that side is 1 long; Moore counts the product minus itself, von Neumann the sum of the others.
   */
  private initEmpty(neighbourhood: Neighbourhood): void {
    const L = this.layout;
    const a = this.aux;
    const span = (i: number, n: number) => 1 + (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0);
    for (let z = 0; z < L.depth; z++) {
      const cz = this.dimensions === 3 ? span(z, L.depth) : 1;
      for (let y = 0; y < L.height; y++) {
        const cy = span(y, L.height);
        for (let x = 0, s = L.index(0, y, z); x < L.width; x++, s++) {
          const cx = span(x, L.width);
          const empty = neighbourhood === 'moore' ? cx * cy * cz - 1 : cx + cy + cz - 3;
          a[AUX * s + WORD] = packed(EMPTY, empty);
        }
      }
    }
    this.dirty = false;
  }

  /** Index of lattice point (x, y, z) in the site arrays (z = 0 in 2D). */
  index(x: number, y: number, z = 0): number {
    return this.layout.index(x, y, z);
  }
  /** Lattice coordinates of a site index. */
  x(s: number): number {
    return this.layout.x(s);
  }
  y(s: number): number {
    return this.layout.y(s);
  }
  z(s: number): number {
    return this.layout.z(s);
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
    const a = this.aux;
    const L = this.layout;
    const v = packed(value, 0);
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) if (a[AUX * s + WORD] >> SHIFT < 3) a[AUX * s + WORD] = v;
    this.dirty = true;
  }

  /** Mark the site arrays as written directly; counts are rebuilt before the next advance. */
  markDirty(): void {
    this.dirty = true;
  }

  /** A clone first placed (its pending count), or a group arriving (sets, box, drawn from). */
  private join(id: number, group = false): void {
    if (id > MAX_LATTICE_CLONE) throw new Error(`clone ${id}: more clones than a lattice site can name (${MAX_LATTICE_CLONE})`);
    while (this.pending.length <= id) this.pending.push(0);
    if (!group) return;
    this.sets(id);
    this.inGroups[id] = true;
    this.groups.push(id);
  }

  /** The sets and box of group g (made on first use). */
  protected sets(g: number): void {
    while (this.members.length <= g) {
      this.members.push(new SiteSet(this.member, 1, 0));
      this.listed.push(true);
      this.divisible.push(new SiteSet(this.aux, AUX, DIV));
      this.box.push(NO_LO, NO_HI, NO_LO, NO_HI, NO_LO, NO_HI);
      this.cells.push(0);
      this.inGroups.push(false);
    }
  }

  /** Put the cell at q (clone id) in or out of its group's divisible set. */
  protected refresh(clones: CloneTable, q: number, id: number): void {
    const a = this.aux;
    const nb = a[AUX * q + WORD] & COUNTS;
    const room = (nb & EMPTY_MASK) > 0 || (nb >= EPI_ONE && clones.neoplastic[id]);
    const listed = a[AUX * q + DIV] >= 0;
    if (room !== listed) {
      if (room) this.divisible[clones.group[id]].add(q);
      else this.divisible[clones.group[id]].remove(q);
    }
  }

  /** Neighbour counts of lattice point s, counted from scratch. */
  protected count(s: number): number {
    const off = this.nbOffsets;
    const a = this.aux;
    const base = AUX * s + WORD;
    let v = 0;
    for (let j = 0; j < off.length; j++) {
      const w = a[base + off[j]] >> SHIFT; // state + 3
      if (w === EMPTY + 3) v++;
      else if (w === EPITHELIUM + 3) v += EPI_ONE;
    }
    return v;
  }

  /** Neighbour counts and divisible sets from scratch. */
  protected rebuild(clones: CloneTable): void {
    const aux = this.aux;
    for (const c of this.divisible) c.size = 0;
    const L = this.layout;
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) {
          aux[AUX * s + WORD] = (aux[AUX * s + WORD] & ~COUNTS) | this.count(s);
          aux[AUX * s + DIV] = -1;
        }
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) {
          const id = (aux[AUX * s + WORD] >> SHIFT) - 3;
          if (id >= 0) this.refresh(clones, s, id);
        }
    this.dirty = false;
  }

  /** Site s changed from `was` to `now`: update its neighbours' counts and divisibility. */
  protected neighboursChanged(clones: CloneTable, s: number, was: number, now: number): void {
    if (this.dirty) return;
    const delta = (now === EMPTY ? 1 : now === EPITHELIUM ? EPI_ONE : 0) - (was === EMPTY ? 1 : was === EPITHELIUM ? EPI_ONE : 0);
    if (delta === 0) return;
    const off = this.nbOffsets;
    const a = this.aux;
    const base = AUX * s + WORD;
    // Counts stay inside 0…26, so adding delta to the word never carries into the state bits.
    if (delta === 1 || delta === -1) {
      // Room can only change when the empty count crosses zero: to 1 after +1, to 0 after −1.
      const at = delta === 1 ? 1 : 0;
      for (let j = 0; j < off.length; j++) {
        const i = base + off[j];
        const w = a[i];
        if (w >> SHIFT === WALL + 3) continue;
        a[i] = w + delta;
        if (w >> SHIFT >= 3 && ((w + delta) & EMPTY_MASK) === at) this.refresh(clones, i >> 1, (w >> SHIFT) - 3); // AUX = 2
      }
      return;
    }
    for (let j = 0; j < off.length; j++) {
      const i = base + off[j];
      const w = a[i];
      if (w >> SHIFT === WALL + 3) continue;
      a[i] = w + delta;
      const o = w & COUNTS;
      const n = (w + delta) & COUNTS;
      const crossed = (o & EMPTY_MASK) === 0 !== ((n & EMPTY_MASK) === 0) || (o >> CB === 0) !== (n >> CB === 0);
      if (w >> SHIFT >= 3 && crossed) this.refresh(clones, i >> 1, (w >> SHIFT) - 3);
    }
  }

  /** Put a cell of clone `id` on site `s` (EMPTY or EPITHELIUM before); keeps clones.n in step. */
  place(clones: CloneTable, s: number, id: number): void {
    if (id >= this.pending.length) this.join(id);
    const g = clones.group[id];
    if (!this.inGroups[g]) this.join(g, true);
    const w = this.aux[AUX * s + WORD];
    const was = stateOf(w);
    if (this.listed[g]) this.members[g].add(s);
    this.aux[AUX * s + WORD] = packed(id, w & COUNTS);
    clones.n[id]++;
    this.cells[g]++;
    this.occupied++;
    this.grow(g, s);
    this.neighboursChanged(clones, s, was, id);
    if (!this.dirty) this.refresh(clones, s, id);
  }

  /** Grow group g's box to hold site s. */
  protected grow(g: number, s: number): void {
    const b = this.box;
    const k = 6 * g;
    const x = this.x(s);
    const y = this.y(s);
    const z = this.dimensions === 3 ? this.z(s) : 0;
    if (x >= b[k] && x <= b[k + 1] && y >= b[k + 2] && y <= b[k + 3] && z >= b[k + 4] && z <= b[k + 5]) return;
    b[k] = Math.min(b[k], x);
    b[k + 1] = Math.max(b[k + 1], x);
    b[k + 2] = Math.min(b[k + 2], y);
    b[k + 3] = Math.max(b[k + 3], y);
    b[k + 4] = Math.min(b[k + 4], z);
    b[k + 5] = Math.max(b[k + 5], z);
    this.boxEpoch++;
  }

  /** Take the cell off site `s` (in slot `slot` of its group's member set, or −1: look it up),
   *  leaving `to` (EMPTY). */
  protected vacate(clones: CloneTable, s: number, to: number, slot = -1): void {
    const w = this.aux[AUX * s + WORD];
    const id = stateOf(w);
    const g = clones.group[id];
    if (this.listed[g]) this.members[g].removeAt(s, slot >= 0 ? slot : this.member[s]);
    if (this.aux[AUX * s + DIV] >= 0) this.divisible[g].remove(s);
    this.aux[AUX * s + WORD] = packed(to, w & COUNTS);
    clones.n[id]--;
    this.cells[g]--;
    this.occupied--;
    this.neighboursChanged(clones, s, id, to);
  }

  /** Cells of group g with room to divide. */
  divisibleCount(g: number): number {
    return g < this.divisible.length ? this.divisible[g].size : 0;
  }
}
