/** Which cell divides, on the lattice (see lattice.ts): a uniformly random cell with room of the
 *  group drawn, from its divisible set, or through the frontier for a group whose cells with room
 *  are only counted (sites.ts). */
import type { CloneTable } from '../clones.js';
import type { Rng } from '../rng.js';
import { Word, hasRoom, stateOf } from './geometry.js';
import { LatticeBoxes } from './boxes.js';

/** Births drawn ahead, in one batch (3D; see pickBirth). */
export const RING = 16;
/** A group's births are drawn through the frontier while its cells with room are at least
 *  1/FRONTIER_FILL of (frontier sites × neighbours): the rejection's acceptance rate. */
const FRONTIER_FILL = 4;

export class LatticeBirths extends LatticeBoxes {
  /** Births drawn ahead: slots of one group's divisible set, drawn when it held bSize sites. */
  private readonly bSlot = new Float64Array(RING);
  private bPos = RING;
  private bClone = -1;
  private bSize = 0;
  private readonly birthsAhead = this.dimensions === 3;
  /** FRONTIER_FILL, for this lattice (the law tests set it large, to draw every birth through
   *  the frontier, or to 0, to draw none). */
  frontierFill = FRONTIER_FILL;
  /** Where the daughter of the cell pickBirth returned goes, or −1: a uniform free neighbour. */
  protected into = -1;
  /** log2 of the neighbours, for trial: the frontier is kept in 2D only, where they are 4 or 8, so
   *  a trial's ⌊x/nb⌋ is a shift (exact: x < 8 · 8192² < 2^31). A division there delayed the
   *  trial's read of the lattice (paired: 3 % of W1-2D's time). */
  private readonly nbBits = 31 - Math.clz32(this.nbOffsets.length);
  /** Keeps the touch-ahead reads alive (the optimiser drops a read whose value is never used). */
  touched = 0;

  /** Read site s's neighbourhood, to pull it into cache ahead of its use (the refills draw a
   *  batch ahead and touch it all at once: the reads are independent, so their cache misses
   *  overlap instead of queueing). */
  protected touch(s: number): void {
    const a = this.words;
    const rows = this.rowOffsets;
    let t = this.touched;
    for (let r = 0; r < rows.length; r++) t = (t + a[s + rows[r]]) | 0;
    this.touched = t;
  }

  /** Draw RING slots of group g's divisible set ahead and touch their neighbourhoods. */
  private refillBirths(rng: Rng, g: number): void {
    const dv = this.divisible[g];
    for (let j = 0; j < RING; j++) {
      const k = Math.floor(rng.next() * dv.size);
      this.bSlot[j] = k;
      this.touch(dv.items[k]);
    }
    this.bPos = 0;
    this.bClone = g;
    this.bSize = dv.size;
  }

  /**
   * A uniformly random cell with room of group g (it divides). Its group switches between keeping
   * its divisible set and only counting (with hysteresis: the set is rebuilt only when the
   * acceptance rate below would fall under 1/(2·FRONTIER_FILL)); the switch reads the state,
   * never the draws.
   */
  protected pickBirth(clones: CloneTable, rng: Rng, g: number): number {
    const span = this.keepsFrontier ? this.nbOffsets.length * this.frontier.size : Infinity;
    const fill = this.frontierFill;
    if (this.counted[g] && 2 * fill * this.roomy[g] < span) this.keepSet(clones, g);
    else if (!this.counted[g] && fill * this.roomy[g] >= span) this.dropSet(g);
    if (this.counted[g]) return this.throughFrontier(clones, rng, g);
    this.into = -1;
    return this.fromSet(rng, g);
  }

  /**
   * Through the frontier F: a uniform pair (e, j) of F × neighbour offsets, c = e's j-th
   * neighbour; rejected unless c is a cell of group g and e is room for it (EMPTY, or EPITHELIUM
   * and c neoplastic); then accepted with probability 1/R(c), R(c) = c's room sites (empty
   * neighbours, plus epithelial ones if neoplastic). Exact: every room site of c is a free site
   * next to a cell, so in F, and the offsets are symmetric, so each (c, e) with e a room site of
   * c is drawn from exactly one pair, with probability 1/(|F|·nb). A trial thus returns (c, e)
   * with probability 1/(|F|·nb·R(c)): summed over c's R(c) room sites, c divides with
   * probability 1/(|F|·nb), the same for every cell with room of g — uniform among them, as
   * from the divisible set (trials are independent, and F and the lattice do not change during
   * the loop). Given c, e is uniform among its R(c) room sites: the daughter goes there, as a
   * uniform pick of c's room sites would put it. The acceptance rate is roomy[g]/(|F|·nb).
   */
  private throughFrontier(clones: CloneTable, rng: Rng, g: number): number {
    const a = this.words;
    const group = clones.group;
    for (;;) {
      const c = this.trial(rng);
      const w = a[c];
      const id = stateOf(w);
      if (id < 0 || group[id] !== g) continue;
      const neo = clones.neoplastic[id];
      if (!neo && a[this.into] >> Word.SHIFT !== Word.EMPTY) continue;
      const R = (w & Word.EMPTY_MASK) + (neo ? (w & Word.COUNTS) >> Word.CB : 0);
      if (R > 1 && rng.int(R) !== 0) continue;
      return c;
    }
  }

  /** A trial's pair (e, j): sets `into` to e and returns e's j-th neighbour. */
  private trial(rng: Rng): number {
    const off = this.nbOffsets;
    const x = rng.int(off.length * this.frontier.size);
    const e = this.frontier.items[x >> this.nbBits]; // ⌊x / nb⌋
    this.into = e;
    return e + off[x & (off.length - 1)];
  }

  /**
   * A uniformly random cell of group g's divisible set. In 3D the slot comes from a ring,
   * drawn uniform on [0, S0) when the set held S0 sites; the set now holds S. If S ≤ S0 the slot is
   * kept when it is < S (then uniform on [0, S)), else drawn afresh; if S > S0 it is kept with
   * probability S0/S, else replaced by a uniform slot in [S0, S). Either way the slot is uniform
   * on [0, S): P(i) = 1/S for every i. The site in a slot may have changed since (swap-removes):
   * the slot, not the site, is what was drawn, so only the touch-ahead is lost.
   */
  private fromSet(rng: Rng, g: number): number {
    const dv = this.divisible[g];
    const S = dv.size;
    // The ring serves the group that found it empty; other groups' births draw directly. Only in
    // 3D: there the dividing cells lie on a wide shell whose neighbourhoods are cold (measured
    // 36 % faster for W1-3D-1e6); in 2D they are mostly next to a recent death, already in
    // cache, and the ring's extra draws made W1-2D-1e6 8–11 % slower (two paired measurements).
    if (!this.birthsAhead) return dv.items[rng.int(S)];
    if (this.bPos === RING) this.refillBirths(rng, g);
    else if (this.bClone !== g) return dv.items[rng.int(S)];
    const k0 = this.bSlot[this.bPos++];
    const S0 = this.bSize;
    let k: number;
    if (S <= S0) k = k0 < S ? k0 : rng.int(S);
    else k = rng.next() * S < S0 ? k0 : S0 + rng.int(S - S0);
    return dv.items[k];
  }

  /** Stop keeping group g's divisible set (its births are drawn through the frontier). */
  private dropSet(g: number): void {
    const dv = this.divisible[g];
    for (let k = 0; k < dv.size; k++) this.slots[dv.items[k]] = -1;
    dv.size = 0;
    dv.items = new Int32Array(16);
    if (this.bClone === g) this.bPos = RING;
    this.counted[g] = true;
  }

  /** Keep group g's divisible set again: its cells with room are the cells next to the frontier
   *  that have room (each cell's slot, −1 while counted, tells whether it is in already). */
  private keepSet(clones: CloneTable, g: number): void {
    const a = this.words;
    const F = this.frontier;
    const dv = this.divisible[g];
    for (let k = 0; k < F.size; k++)
      for (const o of this.nbOffsets) {
        const c = F.items[k] + o;
        const w = a[c];
        const id = stateOf(w);
        if (id >= 0 && clones.group[id] === g && this.slots[c] < 0 && hasRoom(w, clones.neoplastic, id)) dv.add(c);
      }
    if (this.bClone === g) this.bPos = RING;
    this.counted[g] = false;
  }
}
