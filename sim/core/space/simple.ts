/**
 * The lattice's common case, run by a loop of its own (lattice.ts has the general one): one group
 * on the lattice, its births drawn through the frontier and its deaths from its box, no
 * epithelium, and divisions that keep their genotype. A growing tumour spends nearly all its
 * events there (W1-2D-1e6: 99.9 %, from 7,527 cells on). The loop draws what the general one
 * draws, in the same order, and leaves the same state (tests/lattice.test.ts runs both ways and
 * compares every site): it keeps the group's counts and the frontier's list in locals and writes
 * out by hand what the general code's calls do in this case (calling them cost 10–12 %, paired:
 * V8 stops inlining in a function this large). While it runs, each frontier site carries its slot
 * in its own word (markFrontier), so the slots, an array as large as the words, are not touched
 * (W1-2D-1e6 0.96×, 12 pairs). It hands back before an event that could take another way (a set
 * kept again, a member list rebuilt), and in the middle of a division that may draw a hit or
 * resolve passengers (the general code ends that division).
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

/** A marked frontier site's word (markFrontier): the sign bit (so its state reads as no other),
 *  and its slot in the 21 bits above the counts. The loop hands back once the frontier holds MAX
 *  sites: one event adds at most 1 + 26 (a death's site, a birth's free neighbours), so slots
 *  stay below 2^21. */
enum Mark {
  BIT = 1 << 31,
  SLOT = ((1 << 21) - 1) << Word.SHIFT,
  MAX = (1 << 21) - 32,
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

  /** Whether runSimple would run now: the common case, a group whose divisions keep its genotype
   *  (a division that may not is handed back, and each hand-back costs the frontier's marking),
   *  and none of the loop's reasons to hand back before an event (handsBack). */
  protected simpleNow(host: GrowthHost, g: number): boolean {
    const c = host.clones;
    return (
      this.simpleLoop && this.keepsFrontier && this.simple(g) &&
      c.eventTotal[g] * c.eventFactor[g] === 0 && !(host.passengersPerDivision > 0 && c.resolving[g]) &&
      !this.handsBack(this.roomy[g], this.frontier.size, this.cells[g], this.boxVolume(g))
    );
  }

  /** The group's births would keep their divisible set again (pickBirth's keepSet), its deaths
   *  rebuild their member list (kill's relist), or the frontier outgrow its marking: the general
   *  loop's to do. */
  private handsBack(roomy: number, size: number, cells: number, volume: number): boolean {
    return 2 * this.frontierFill * roomy < this.nbOffsets.length * size || 2 * BOX_FILL * cells < volume || size >= Mark.MAX;
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
    // A division handed back: the dividing cell's site and its daughter's (−1: none).
    let divides = -1;
    let into = -1;
    this.markFrontier(items, size);
    for (;;) {
      if (2 * fill * roomy < nb * size || boxFill * cells < volume || size >= Mark.MAX) break; // handsBack
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
          // A division that may change the genotype: the general code ends it (below).
          divides = c;
          into = e;
          break;
        }
        // place(e, id): e leaves the frontier (the last site takes its slot), its free neighbours
        // join it.
        const last = items[--size];
        items[k] = last;
        words[last] = (words[last] & ~Mark.SLOT) | (k << Word.SHIFT);
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
          if (v >= Word.CELL) {
            words[i] = w - 1;
            crossed += ((w - 1) & Word.EMPTY_MASK) === 0 ? 1 : 0;
          } else if (v < 0) words[i] = w - 1; // free, in the frontier already
          else if (v === Word.EMPTY) {
            // SiteSet.add, marked (see markFrontier).
            if (size === items.length) items = this.roomier(items, size);
            words[i] = Mark.BIT | (size << Word.SHIFT) | ((w - 1) & Word.COUNTS);
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
        let id = -1;
        for (;;) {
          if (this.ringPos === ring) this.refill(rng, g);
          const j = this.ringPos++;
          s = this.ringClone === g && this.ringEpoch === this.boxEpoch ? this.ringSite[j] : this.boxSite(g, this.ringU[j]);
          id = (words[s] >> Word.SHIFT) - Word.CELL;
          if (id >= 0 && group[id] === g) break;
        }
        const ws = words[s];
        n[id]--;
        cells--;
        occupied--;
        let crossed = 0;
        for (let j = 0; j < nb; j++) {
          const i = s + off[j];
          const w = words[i];
          const v = w >> Word.SHIFT;
          if (v >= Word.CELL) {
            words[i] = w + 1;
            crossed += ((w + 1) & Word.EMPTY_MASK) === 1 ? 1 : 0;
          } else if (v < 0) {
            if (((w + 1) & Word.EMPTY_MASK) === nb) {
              // Next to no cell now: it leaves the frontier (SiteSet.removeAt).
              const k = (w & Mark.SLOT) >>> Word.SHIFT;
              const last = items[--size];
              items[k] = last;
              words[last] = (words[last] & ~Mark.SLOT) | (k << Word.SHIFT);
              words[i] = (Word.EMPTY << Word.SHIFT) | ((w + 1) & Word.COUNTS);
            } else words[i] = w + 1;
          } else if (v === Word.EMPTY) words[i] = w + 1;
        }
        roomy += crossed - ((ws & Word.EMPTY_MASK) > 0 ? 1 : 0);
        if ((ws & Word.EMPTY_MASK) < nb) {
          if (size === items.length) items = this.roomier(items, size);
          words[s] = Mark.BIT | (size << Word.SHIFT) | (ws & Word.COUNTS);
          items[size++] = s;
        } else words[s] = (Word.EMPTY << Word.SHIFT) | (ws & Word.COUNTS); // packed(EMPTY, …)
        deaths++;
      }
    }
    this.unmarkFrontier(items, size);
    this.save(g, items, size, roomy, cells, occupied, t);
    counters.births += births;
    counters.deaths += deaths;
    if (divides >= 0) return this.divide(host, divides, into) ? Simple.STOPPED : Simple.LEFT;
    return out;
  }

  /** While runSimple runs, each frontier site's word is Mark.BIT | slot << SHIFT | counts (a
   *  negative state, no other's) and its slot reads −1: a site's slot is read and written with its
   *  word, and the slots are not touched. Sites that leave the frontier meanwhile keep slot −1. */
  private markFrontier(items: Int32Array, size: number): void {
    const words = this.words;
    const slots = this.slots;
    for (let k = 0; k < size; k++) {
      const e = items[k];
      words[e] = Mark.BIT | (k << Word.SHIFT) | (words[e] & Word.COUNTS);
      slots[e] = -1;
    }
  }

  /** Back to EMPTY words and the slots (markFrontier). */
  private unmarkFrontier(items: Int32Array, size: number): void {
    const words = this.words;
    const slots = this.slots;
    for (let k = 0; k < size; k++) {
      const e = items[k];
      words[e] = (Word.EMPTY << Word.SHIFT) | (words[e] & Word.COUNTS);
      slots[e] = k;
    }
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
