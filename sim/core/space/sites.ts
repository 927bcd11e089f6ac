/** The lattice's bookkeeping (see lattice.ts for the engine, records.ts for the per-site records):
 *  the member and divisible sets of each group, neighbour counts kept incrementally, the frontier
 *  and each group's bounding box. A site holds its cell's clone; the sets, boxes and event rates
 *  are per group (clones.group: a genotype clone and its passenger sub-clones, which share rates),
 *  so passenger sub-clones add no work per event. Below, "group g" is a group id, "clone id" a
 *  site's own clone. */
import type { CloneTable } from '../clones.js';
import {
  EMPTY, EPITHELIUM, MAX_LATTICE_CLONE, SiteSet, Word, freeNeighbours, hasRoom, packed, stateOf,
} from './geometry.js';
import { LatticeRecords } from './records.js';

/** An empty box (integers, so the box array stays one of small integers). */
export const NO_LO = 1 << 30;
export const NO_HI = -(1 << 30);

export class LatticeSites extends LatticeRecords {
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
  /** Per group: its cells with room, counted (the size of its divisible set when that is kept). */
  protected roomy: number[] = [];
  /** Per group: whether its cells with room are only counted, their divisible set not kept (its
   *  births are drawn through the frontier: see births.ts). Its cells' slots are then −1. */
  protected counted: boolean[] = [];
  /** The frontier: the free sites (EMPTY or EPITHELIUM) next to a cell, and maybe some free sites
   *  next to the wall only (a site is added when a cell leaves it or arrives next to it, and taken
   *  out when a cell arrives on it or when all its neighbours are free). Every free neighbour of a
   *  cell is in it. A free site's slot is its slot here. */
  protected frontier: SiteSet;
  /** Whether the frontier is kept (in 2D only: in 3D a surface site has most of its 26 neighbours
   *  free, the acceptance rate of births through the frontier stays low, and W1-3D-1e6 ran 1.9×
   *  slower through it; keeping it unused there cost 17 %). Without it every group keeps its
   *  divisible set, and free sites' slots stay −1. */
  protected readonly keepsFrontier: boolean;
  /** EPITHELIUM sites on the lattice (counted by rebuild, kept by place and vacate). */
  protected epithelial = 0;
  /** Per group: a box (x0, x1, y0, y1, z0, z1) holding all its cells; it grows, never shrinks. */
  protected box: number[] = [];
  /** Per group: its cells on the lattice (clones.n counts each clone's). */
  protected cells: number[] = [];
  /** Groups with cells on the lattice (in order of arrival; compacted by advance), and a flag. */
  protected groups: number[] = [];
  protected inGroups: boolean[] = [];
  /** Bumped whenever a box grows (ring sites drawn in an older box are drawn again). */
  protected boxEpoch = 0;
  /** Per clone (not group): divisions whose passengers are not drawn yet (LatticeEngine.flushPassengers). */
  protected pending: number[] = [];
  protected pendingIds: number[] = [];

  constructor(...args: ConstructorParameters<typeof LatticeRecords>) {
    super(...args);
    this.frontier = new SiteSet(this.slots);
    this.keepsFrontier = this.dimensions === 2;
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
      this.members.push(new SiteSet(this.member));
      this.listed.push(true);
      this.divisible.push(new SiteSet(this.slots));
      this.roomy.push(0);
      this.counted.push(false);
      this.box.push(NO_LO, NO_HI, NO_LO, NO_HI, NO_LO, NO_HI);
      this.cells.push(0);
      this.inGroups.push(false);
    }
  }

  /** The cell at q (clone id) had room (`had`) and now has word w: count it in or out of its
   *  group's cells with room (and its divisible set, when kept). */
  protected refresh(clones: CloneTable, q: number, id: number, had: boolean, w: number): void {
    const room = hasRoom(w, clones.neoplastic, id);
    if (room === had) return;
    const g = clones.group[id];
    this.roomy[g] += room ? 1 : -1;
    if (this.counted[g]) return;
    if (room) this.divisible[g].add(q);
    else this.divisible[g].remove(q);
  }

  /** Neighbour counts, room and the frontier from scratch. */
  protected rebuild(clones: CloneTable): void {
    const a = this.words;
    for (const c of this.divisible) c.size = 0;
    this.roomy.fill(0);
    this.frontier.size = 0;
    this.epithelial = 0;
    const L = this.layout;
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) {
          a[s] = (a[s] & ~Word.COUNTS) | this.count(s);
          this.slots[s] = -1;
        }
    const off = this.nbOffsets;
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) {
          const w = a[s];
          const id = stateOf(w);
          if (id >= 0) this.refresh(clones, s, id, false, w);
          else if (id === EPITHELIUM) this.epithelial++;
          if (id < 0 && this.keepsFrontier) for (let j = 0; j < off.length; j++) if (a[s + off[j]] >> Word.SHIFT >= Word.CELL) {
            this.frontier.add(s);
            break;
          }
        }
    this.dirty = false;
  }

  /** Site s changed from `was` to `now`: update its neighbours' counts, room and the frontier. */
  protected neighboursChanged(clones: CloneTable, s: number, was: number, now: number): void {
    if (this.dirty) return;
    const delta = (now === EMPTY ? 1 : now === EPITHELIUM ? Word.EPI_ONE : 0) - (was === EMPTY ? 1 : was === EPITHELIUM ? Word.EPI_ONE : 0);
    if (delta === 0) return;
    const off = this.nbOffsets;
    const a = this.words;
    const slots = this.slots;
    const fr = this.frontier;
    // Counts stay inside 0…26, so adding delta to the word never carries into the state bits.
    if (delta === 1 || delta === -1) {
      // A cell left s for EMPTY (+1) or came onto an EMPTY s (−1). A neighbour's room can only
      // change when its empty count crosses zero: to 1 after +1, to 0 after −1. A free neighbour
      // joins the frontier when a cell comes, and may leave it when all its neighbours are free.
      const at = delta === 1 ? 1 : 0;
      for (let j = 0; j < off.length; j++) {
        const i = s + off[j];
        const w = a[i];
        const v = w >> Word.SHIFT;
        if (v === Word.WALL) continue;
        a[i] = w + delta;
        if (v >= Word.CELL) {
          // Room before: after −1 the empty count was 1; after +1 it was 0 (epithelium may give room).
          if (((w + delta) & Word.EMPTY_MASK) === at) this.refresh(clones, i, v - Word.CELL, delta === -1 || hasRoom(w, clones.neoplastic, v - Word.CELL), w + delta);
        } else if (!this.keepsFrontier) continue;
        else if (delta === -1) {
          if (slots[i] < 0) fr.add(i);
        } else if (freeNeighbours(w + 1) === off.length) fr.remove(i);
      }
      return;
    }
    const came = now >= 0 && this.keepsFrontier;
    const left = was >= 0 && this.keepsFrontier;
    for (let j = 0; j < off.length; j++) {
      const i = s + off[j];
      const w = a[i];
      const v = w >> Word.SHIFT;
      if (v === Word.WALL) continue;
      a[i] = w + delta;
      if (v >= Word.CELL) this.refresh(clones, i, v - Word.CELL, hasRoom(w, clones.neoplastic, v - Word.CELL), w + delta);
      else if (came && slots[i] < 0) fr.add(i);
      else if (left && slots[i] >= 0 && freeNeighbours(w + delta) === off.length) fr.remove(i);
    }
  }

  /** Put a cell of clone `id` on site `s` (EMPTY or EPITHELIUM before); keeps clones.n in step. */
  place(clones: CloneTable, s: number, id: number): void {
    if (id >= this.pending.length) this.join(id);
    const g = clones.group[id];
    if (!this.inGroups[g]) this.join(g, true);
    const w = this.words[s];
    const was = stateOf(w);
    if (this.listed[g]) this.members[g].add(s);
    if (!this.dirty && this.slots[s] >= 0) this.frontier.remove(s);
    if (!this.dirty && was === EPITHELIUM) this.epithelial--;
    this.words[s] = packed(id, w & Word.COUNTS);
    clones.n[id]++;
    this.cells[g]++;
    this.occupied++;
    this.grow(g, s);
    this.neighboursChanged(clones, s, was, id);
    if (!this.dirty) this.refresh(clones, s, id, false, w);
  }

  /** Grow group g's box to hold site s. */
  protected grow(g: number, s: number): void {
    const b = this.box;
    const k = 6 * g;
    // x and y from one integer division (layout.x and .y take two divisions and a modulo); in 2D
    // the row is y + 1 (one plane), so no modulo either.
    const row = (s / this.stride) | 0;
    const x = s - row * this.stride - 1;
    const y = this.dimensions === 3 ? (row % (this.height + 2)) - 1 : row - 1;
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
    const w = this.words[s];
    const id = stateOf(w);
    const g = clones.group[id];
    if (this.listed[g]) this.members[g].removeAt(s, slot >= 0 ? slot : this.member[s]);
    if (!this.dirty) this.refresh(clones, s, id, hasRoom(w, clones.neoplastic, id), 0);
    else if (this.slots[s] >= 0) this.divisible[g].remove(s);
    this.words[s] = packed(to, w & Word.COUNTS);
    clones.n[id]--;
    this.cells[g]--;
    this.occupied--;
    this.neighboursChanged(clones, s, id, to);
    if (!this.dirty && this.keepsFrontier && freeNeighbours(w) < this.nbOffsets.length) this.frontier.add(s);
    if (!this.dirty && to === EPITHELIUM) this.epithelial++;
  }

  /** Cells of group g with room to divide. */
  divisibleCount(g: number): number {
    return g < this.roomy.length ? this.roomy[g] : 0;
  }
}
