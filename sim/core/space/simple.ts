/**
 * The lattice's common case, run by a loop of its own (lattice.ts has the general one): one group
 * on the lattice, its births drawn through the frontier and its deaths from its box, no
 * epithelium, and no division that can change a genotype. A growing tumour spends nearly all its
 * events there (W1-2D-1e6: all but its first few thousand). The loop draws what the general one
 * draws, in the same order, and leaves the same state (tests/lattice-law.test.ts runs both ways
 * and compares every site): it keeps the group's counts and the frontier's list in locals and
 * writes out by hand what the general code's calls do in this case (the calls cost ~25 %: V8
 * stops inlining in a function this large). It hands back before an event that could take another
 * way (a set kept again, a member list rebuilt), and in the middle of a division that may draw a
 * hit or resolve passengers (the general code ends that division).
 */
import type { GrowthHost } from './engine.js';
import { Word } from './geometry.js';
import { RING } from './births.js';
import { BOX_FILL, LatticeDeaths } from './deaths.js';

/** What runSimple ends with: the case left (the general loop draws the next event), the step's
 *  end reached, or the stop size. */
export const enum Simple {
  LEFT,
  END,
  STOPPED,
}

export abstract class LatticeSimple extends LatticeDeaths {
  /** Whether advance runs the common case through runSimple (the law tests compare both ways). */
  simpleLoop = true;

  /** One group g on the lattice, counted (births through the frontier), deaths from its box, no
   *  epithelium, and the counts clean: then every free site is EMPTY and a cell has room exactly
   *  when its empty count is > 0. */
  protected simple(g: number): boolean {
    return this.groups.length === 1 && this.epithelial === 0 && this.counted[g] && !this.listed[g] && !this.dirty;
  }

  /** The cell at s divides into q (−1: a uniform free neighbour); true at the stop size. */
  protected abstract divide(host: GrowthHost, s: number, q: number): boolean;

  /**
   * Events of group g until the case ends, time reaches `end` or the lattice the stop size. Each
   * event: an exponential time at the total rate, a uniform for birth or death (a uniform beyond
   * both, from rounding, draws again, as advance does), then for a birth frontier trials
   * (births.ts's throughFrontier, every cell being of g and every free site EMPTY), for a death
   * sites of the box from the ring until one holds a cell (deaths.ts's boxCell); then what place
   * and vacate (sites.ts) do in this case.
   */
  protected runSimple(host: GrowthHost, g: number, end: number): Simple {
    const { clones, rng, counters } = host;
    const words = this.words;
    const slots = this.slots;
    const off = this.nbOffsets;
    const nb = off.length;
    const nbBits = 31 - Math.clz32(nb); // nb is 4 or 8 (2D): a trial's ⌊x/nb⌋ is a shift
    const F = this.frontier;
    const b = clones.b[g];
    const d = clones.d[g];
    const n = clones.n;
    const mu = host.passengersPerDivision;
    const fill = this.frontierFill;
    const stop = this.stopAtCells;
    const boxFill = 2 * BOX_FILL;
    const ring = RING;
    const stride = this.stride;
    const box = this.box;
    const k6 = 6 * g;
    const pending = this.pending;
    const group = clones.group;
    // The frontier's list and size, the group's counts and the time, in locals (written back below).
    let items = F.items;
    let size = F.size;
    let roomy = this.roomy[g];
    let cells = this.cells[g];
    let occupied = this.occupied;
    let volume = this.boxVolume(g);
    let t = this.tDays;
    let births = 0;
    let deaths = 0;
    let out = Simple.LEFT;
    for (;;) {
      // The switches of pickBirth (keepSet) and kill (relist) are the general loop's to make.
      if (2 * fill * roomy < nb * size || boxFill * cells < volume) break;
      const total = b * roomy + d * cells;
      if (total <= 0) break;
      const next = t + rng.exp(total);
      if (next >= end) {
        out = Simple.END;
        break;
      }
      t = next;
      const rb = b * roomy;
      const r = rng.next() * total;
      if (r < rb) {
        // A birth: frontier trials (births.ts's throughFrontier: here R(c) is c's empty count).
        let c = 0;
        let e = 0;
        let k = 0;
        for (;;) {
          const x = Math.floor(rng.next() * (nb * size));
          k = x >> nbBits;
          e = items[k];
          c = e + off[x & (nb - 1)];
          const w = words[c];
          if (w >> Word.SHIFT < Word.CELL) continue;
          const R = w & Word.EMPTY_MASK;
          if (R > 1 && Math.floor(rng.next() * R) !== 0) continue;
          break;
        }
        const id = (words[c] >> Word.SHIFT) - Word.CELL;
        if (clones.eventTotal[id] * clones.eventFactor[id] > 0 || (mu > 0 && clones.resolving[id])) {
          // A division that may change the genotype: the general code ends it.
          this.save(g, items, size, roomy, cells, occupied, t);
          counters.births += births;
          counters.deaths += deaths;
          return this.divide(host, c, e) ? Simple.STOPPED : Simple.LEFT;
        }
        // place(e, id): e leaves the frontier, its free neighbours join it.
        const last = items[--size];
        items[k] = last;
        slots[last] = k;
        slots[e] = -1;
        const we = words[e];
        words[e] = ((id + Word.CELL) << Word.SHIFT) | (we & Word.COUNTS); // packed(id, …)
        n[id]++;
        cells++;
        occupied++;
        // grow(g, e) when e lies outside the box (2D: the row is y + 1).
        const row = (e / stride) | 0;
        const ex = e - row * stride - 1;
        if (ex < box[k6] || ex > box[k6 + 1] || row - 1 < box[k6 + 2] || row - 1 > box[k6 + 3]) {
          this.grow(g, e);
          volume = this.boxVolume(g);
        }
        let crossed = 0;
        for (let j = 0; j < nb; j++) {
          const i = e + off[j];
          const w = words[i];
          const v = w >> Word.SHIFT;
          if (v === Word.WALL) continue;
          words[i] = w - 1;
          if (v >= Word.CELL) crossed += ((w - 1) & Word.EMPTY_MASK) === 0 ? 1 : 0;
          else if (slots[i] < 0) {
            // SiteSet.add on the locals (a closure would keep them out of registers).
            if (size === items.length) items = this.roomier(items, size);
            slots[i] = size;
            items[size++] = i;
          }
        }
        roomy += ((we & Word.EMPTY_MASK) > 0 ? 1 : 0) - crossed;
        if (mu > 0 && pending[id]++ === 0) this.pendingIds.push(id);
        births++;
        if (occupied >= stop) {
          out = Simple.STOPPED;
          break;
        }
      } else if (r - rb < d * cells) {
        // A death (deaths.ts's boxCell), then vacate(s): s joins the frontier unless all its
        // neighbours are free, and free neighbours left next to no cell leave it.
        let s = 0;
        for (;;) {
          if (this.ringPos === ring) this.refill(rng, g);
          const j = this.ringPos++;
          s = this.ringClone === g && this.ringEpoch === this.boxEpoch ? this.ringSite[j] : this.boxSite(g, this.ringU[j]);
          const id = (words[s] >> Word.SHIFT) - Word.CELL;
          if (id >= 0 && group[id] === g) break;
        }
        const ws = words[s];
        words[s] = (Word.EMPTY << Word.SHIFT) | (ws & Word.COUNTS); // packed(EMPTY, …)
        n[(ws >> Word.SHIFT) - Word.CELL]--;
        cells--;
        occupied--;
        let crossed = 0;
        for (let j = 0; j < nb; j++) {
          const i = s + off[j];
          const w = words[i];
          const v = w >> Word.SHIFT;
          if (v === Word.WALL) continue;
          words[i] = w + 1;
          if (v >= Word.CELL) crossed += ((w + 1) & Word.EMPTY_MASK) === 1 ? 1 : 0;
          else if (((w + 1) & Word.EMPTY_MASK) === nb) {
            const k = slots[i];
            const last = items[--size];
            items[k] = last;
            slots[last] = k;
            slots[i] = -1;
          }
        }
        roomy += crossed - ((ws & Word.EMPTY_MASK) > 0 ? 1 : 0);
        if ((ws & Word.EMPTY_MASK) < nb) {
          if (size === items.length) items = this.roomier(items, size);
          slots[s] = size;
          items[size++] = s;
        }
        deaths++;
      }
    }
    this.save(g, items, size, roomy, cells, occupied, t);
    counters.births += births;
    counters.deaths += deaths;
    return out;
  }

  /** The frontier's list, twice as long. */
  private roomier(items: Int32Array, size: number): Int32Array<ArrayBuffer> {
    const a = new Int32Array(2 * size);
    a.set(items);
    return a;
  }

  private save(g: number, items: Int32Array<ArrayBuffer>, size: number, roomy: number, cells: number, occupied: number, t: number): void {
    this.frontier.items = items;
    this.frontier.size = size;
    this.roomy[g] = roomy;
    this.cells[g] = cells;
    this.occupied = occupied;
    this.tDays = t;
  }
}
