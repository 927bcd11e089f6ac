/** The lattice engine (see engine.ts): one cell per site of a 2D or 3D lattice, event by event in
 *  continuous time. The sites and their bookkeeping are in sites.ts, the geometry in geometry.ts. */
import type { CloneTable } from '../clones.js';
import type { Rng } from '../rng.js';
import type { Engine, GrowthHost } from './engine.js';
import { AUX, COUNTS, DIV, EMPTY, EMPTY_MASK, EPI_ONE, EPITHELIUM, SHIFT, WORD, stateOf } from './geometry.js';
import { LatticeBoxes } from './boxes.js';

export { EMPTY, EPITHELIUM, WALL, MAX_LATTICE_CLONE, neighbourDeltas } from './geometry.js';
export type { Dimensions, Neighbourhood } from './geometry.js';

/** Death sites drawn ahead, in one batch (see kill()). */
const RING = 16;
/** A clone's deaths are drawn by rejection from its bounding box while it fills ≥ 1/BOX_FILL of it. */
const BOX_FILL = 4;

export class LatticeEngine extends LatticeBoxes implements Engine {
  readonly kind = 'lattice' as const;
  private readonly ringU = new Float64Array(RING);
  private readonly ringSite = new Int32Array(RING);
  private ringPos = RING;
  private ringClone = -1;
  private ringEpoch = -1;
  /** Births drawn ahead: slots of one clone's divisible set, drawn when it held bSize sites. */
  private readonly bSlot = new Float64Array(RING);
  private bPos = RING;
  private bClone = -1;
  private bSize = 0;
  private readonly birthsAhead = this.dimensions === 3;
  /** Keeps the touch-ahead reads alive (the optimiser drops a read whose value is never used). */
  touched = 0;

  /** Draw RING uniforms ahead for clone id's deaths and touch their sites' neighbourhoods now, all
   *  at once: the reads are independent, so their cache misses overlap instead of queueing. */
  private refill(rng: Rng, id: number): void {
    const a = this.aux;
    const rows = this.rowOffsets;
    let t = this.touched;
    for (let j = 0; j < RING; j++) {
      const u = rng.next();
      const s = this.boxSite(id, u);
      this.ringU[j] = u;
      this.ringSite[j] = s;
      for (let r = 0; r < rows.length; r++) t = (t + a[AUX * s + rows[r]]) | 0;
    }
    this.touched = t;
    this.ringPos = 0;
    this.ringClone = id;
    this.ringEpoch = this.boxEpoch;
  }

  /** Draw RING slots of clone id's divisible set ahead and touch their neighbourhoods (as refill). */
  private refillBirths(rng: Rng, id: number): void {
    const a = this.aux;
    const rows = this.rowOffsets;
    const dv = this.divisible[id];
    let t = this.touched;
    for (let j = 0; j < RING; j++) {
      const k = Math.floor(rng.next() * dv.size);
      this.bSlot[j] = k;
      const s = dv.items[k];
      for (let r = 0; r < rows.length; r++) t = (t + a[AUX * s + rows[r]]) | 0;
    }
    this.touched = t;
    this.bPos = 0;
    this.bClone = id;
    this.bSize = dv.size;
  }

  /**
   * A uniformly random cell of clone id's divisible set (births). The slot comes from the ring,
   * drawn uniform on [0, S0) when the set held S0 sites; the set now holds S. If S ≤ S0 the slot is
   * kept when it is < S (then uniform on [0, S)), else drawn afresh; if S > S0 it is kept with
   * probability S0/S, else replaced by a uniform slot in [S0, S). Either way the slot is uniform
   * on [0, S): P(i) = 1/S for every i. The site in a slot may have changed since (swap-removes):
   * the slot, not the site, is what was drawn, so only the touch-ahead is lost.
   */
  private pickBirth(rng: Rng, id: number): number {
    const dv = this.divisible[id];
    const S = dv.size;
    // The ring serves the clone that found it empty; other clones' births draw directly. Only in
    // 3D: there the dividing cells lie on a wide shell whose neighbourhoods are cold (measured
    // 36 % faster for W1-3D-1e6); in 2D they are mostly next to a recent death, already in
    // cache, and the ring's extra draws made W1-2D-1e6 8–11 % slower (two paired measurements).
    if (!this.birthsAhead) return dv.items[rng.int(S)];
    if (this.bPos === RING) this.refillBirths(rng, id);
    else if (this.bClone !== id) return dv.items[rng.int(S)];
    const k0 = this.bSlot[this.bPos++];
    const S0 = this.bSize;
    let k: number;
    if (S <= S0) k = k0 < S ? k0 : rng.int(S);
    else k = rng.next() * S < S0 ? k0 : S0 + rng.int(S - S0);
    return dv.items[k];
  }

  /**
   * A uniformly random cell of clone id dies. While the clone fills at least 1/BOX_FILL of its
   * box, the cell is drawn by rejection: uniform sites of the box until one holds a cell of the
   * clone — uniform over its cells, the same law as a uniform pick among its members. The
   * uniforms come from a ring drawn ahead (refill): each is used once, in order, whatever its
   * value, so they are as independent of the events in between as uniforms drawn now.
   */
  private kill(clones: CloneTable, rng: Rng, id: number): void {
    const n = clones.n[id];
    const volume = this.boxVolume(id);
    // Switch between the two ways with hysteresis (a list is rebuilt only when the clone fills
    // < 1/(2·BOX_FILL) of its box); the switch reads the state, never the draws.
    if (this.listed[id] && BOX_FILL * n >= volume) this.unlist(id);
    else if (!this.listed[id] && 2 * BOX_FILL * n < volume) this.relist(id);
    if (this.listed[id]) {
      const k = rng.int(n);
      return this.vacate(clones, this.members[id].items[k], EMPTY, k);
    }
    for (;;) {
      if (this.ringPos === RING) this.refill(rng, id);
      const j = this.ringPos++;
      const s = this.ringClone === id && this.ringEpoch === this.boxEpoch ? this.ringSite[j] : this.boxSite(id, this.ringU[j]);
      if (stateOf(this.aux[AUX * s + WORD]) === id) return this.vacate(clones, s, EMPTY);
    }
  }

  /** Recompute neighbour counts and room from scratch and compare with the incremental
   *  bookkeeping (counts, divisible and member sets, boxes); returns the first discrepancy, or
   *  null (used by the invariant tests). */
  audit(clones: CloneTable): string | null {
    const a = this.aux;
    let err: string | null = null;
    const sizes = new Map<number, number>();
    this.layout.forEach((s, x, y, z) => {
      if (err) return;
      const at = this.dimensions === 3 ? `(${x},${y},${z})` : `(${x},${y})`;
      const v = this.count(s);
      const counts = a[AUX * s + WORD] & COUNTS;
      if (!this.dirty && counts !== v) return void (err = `site ${at}: neighbour counts ${counts} ≠ ${v}`);
      const id = this.state(s);
      if (id < 0 || this.dirty) return;
      sizes.set(id, (sizes.get(id) ?? 0) + 1);
      const room = (v & EMPTY_MASK) > 0 || (v >= EPI_ONE && clones.neoplastic[id]);
      const listed = a[AUX * s + DIV] >= 0;
      if (room !== listed) return void (err = `site ${at}: room ${room} but listed ${listed}`);
      if (listed && this.divisible[id].items[a[AUX * s + DIV]] !== s) return void (err = `site ${at}: divisible index broken`);
      if (this.listed[id] && this.members[id].items[this.member[s]] !== s) return void (err = `site ${at}: member index broken`);
      const b = this.box.slice(6 * id, 6 * id + 6);
      if (x < b[0] || x > b[1] || y < b[2] || y > b[3] || z < b[4] || z > b[5]) return void (err = `site ${at}: outside its clone's box`);
    });
    if (err || this.dirty) return err;
    for (let id = 0; id < this.members.length; id++) {
      const n = sizes.get(id) ?? 0;
      const kept = this.listed[id] ? this.members[id].size : n;
      if (kept !== n || clones.n[id] !== n) return `clone ${id}: ${n} cells on the lattice, ${kept} members, clones.n ${clones.n[id]}`;
      let d = 0;
      for (let k = 0; k < this.divisible[id].size; k++) if (this.state(this.divisible[id].items[k]) === id) d++;
      if (d !== this.divisible[id].size) return `clone ${id}: divisible set holds sites of other clones`;
    }
    return null;
  }

  /** Passengers of the divisions since the last flush: each division carries Poisson(μ) of them,
   *  so a clone's k divisions carry Poisson(kμ) (a sum of independent Poissons), drawn once here.
   *  Nothing in an advance reads passenger counts, so the law of every output is unchanged. */
  private flushPassengers(host: GrowthHost): void {
    const mu = host.passengersPerDivision;
    for (const id of this.pendingIds) {
      host.clones.passengerEvents[id] += host.rng.poisson(mu * this.pending[id]);
      this.pending[id] = 0;
    }
    this.pendingIds.length = 0;
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
    let stopped = false;
    for (;;) {
      let total = 0;
      for (let i = 0; i < alive.length; i++) {
        const id = alive[i];
        if (id >= this.members.length) continue;
        total += clones.b[id] * this.divisible[id].size + clones.d[id] * clones.n[id];
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
        const rd = clones.d[c] * clones.n[c];
        if (r < rd) {
          id = c;
          break;
        }
        r -= rd;
      }
      if (id < 0) continue; // rounding at the very end of the range: draw again
      if (!birth) {
        this.kill(clones, rng, id);
        counters.deaths++;
        continue;
      }
      const s = this.pickBirth(rng, id);
      const invades = clones.neoplastic[id];
      let kf = 0;
      const base = AUX * s + WORD;
      for (let j = 0; j < nb; j++) {
        const v = aux[base + off[j]] >> SHIFT; // state + 3: EMPTY 2, EPITHELIUM 1
        // Written always, kept when free: no branch on the neighbour's state.
        free[kf] = s + (off[j] >> 1); // AUX = 2
        kf += v === EMPTY + 3 || (invades && v === EPITHELIUM + 3) ? 1 : 0;
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
      this.place(clones, q, child);
      if (mu > 0 && this.pending[child]++ === 0) this.pendingIds.push(child);
      counters.births++;
      if (this.occupied >= this.stopAtCells) {
        stopped = true;
        break;
      }
    }
    if (!stopped) this.tDays = end;
    if (this.pendingIds.length) this.flushPassengers(host);
  }

  remove(host: GrowthHost, id: number, count: number): void {
    const { clones, rng } = host;
    this.sets(id);
    // A clone without a member set loses a few cells by rejection from its box: uniform sites of
    // the box until one holds its cell is a uniform pick among its cells, as from the member set.
    // It fills ≥ 1/8 of the box, so removing ≤ 1/8 of its cells keeps the acceptance ≥ 1/9; for
    // more, the set is rebuilt first.
    if (!this.listed[id] && 8 * count > clones.n[id]) this.relist(id);
    const m = this.members[id];
    for (let i = 0; i < count && clones.n[id] > 0; i++) {
      if (this.listed[id]) {
        this.vacate(clones, m.items[rng.int(m.size)], EMPTY);
        continue;
      }
      for (;;) {
        const s = this.boxSite(id, rng.next());
        if (stateOf(this.aux[AUX * s + WORD]) === id) {
          this.vacate(clones, s, EMPTY);
          break;
        }
      }
    }
  }
}
