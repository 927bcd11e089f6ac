/** The lattice engine (see engine.ts): one cell per site of a 2D or 3D lattice, event by event in
 *  continuous time. The sites and their bookkeeping are in sites.ts, the geometry in geometry.ts.
 *  Events are drawn per group (a genotype clone and its passenger sub-clones share rates): the
 *  group by its rate, then a uniform cell of it, whose own clone divides or dies. */
import type { CloneTable } from '../clones.js';
import { PASSENGER_EVENT, passengerProbability } from '../passengers.js';
import type { Rng } from '../rng.js';
import type { Engine, GrowthHost } from './engine.js';
import { EMPTY, EPITHELIUM, Word, freeNeighbours, hasRoom, packed, stateOf } from './geometry.js';
import { LatticeBirths, RING } from './births.js';

export { EMPTY, EPITHELIUM, WALL, MAX_LATTICE_CLONE, neighbourDeltas } from './geometry.js';
export type { Dimensions, Neighbourhood } from './geometry.js';

/** A clone's deaths are drawn by rejection from its bounding box while it fills ≥ 1/BOX_FILL of it. */
const BOX_FILL = 4;

export class LatticeEngine extends LatticeBirths implements Engine {
  readonly kind = 'lattice' as const;
  private readonly ringU = new Float64Array(RING);
  private readonly ringSite = new Int32Array(RING);
  private ringPos = RING;
  private ringClone = -1;
  private ringEpoch = -1;
  /** Draw RING uniforms ahead for group g's deaths and touch their sites' neighbourhoods now, all
   *  at once: the reads are independent, so their cache misses overlap instead of queueing. */
  private refill(rng: Rng, g: number): void {
    for (let j = 0; j < RING; j++) {
      const u = rng.next();
      const s = this.boxSite(g, u);
      this.ringU[j] = u;
      this.ringSite[j] = s;
      this.touch(s);
    }
    this.ringPos = 0;
    this.ringClone = g;
    this.ringEpoch = this.boxEpoch;
  }

  /**
   * A uniformly random cell of group g dies. While the group fills at least 1/BOX_FILL of its
   * box, the cell is drawn by rejection: uniform sites of the box until one holds a cell of the
   * group — uniform over its cells, the same law as a uniform pick among its members. The
   * uniforms come from a ring drawn ahead (refill): each is used once, in order, whatever its
   * value, so they are as independent of the events in between as uniforms drawn now.
   */
  private kill(clones: CloneTable, rng: Rng, g: number): void {
    const n = this.cells[g];
    const volume = this.boxVolume(g);
    // Switch between the two ways with hysteresis (a list is rebuilt only when the group fills
    // < 1/(2·BOX_FILL) of its box); the switch reads the state, never the draws.
    if (this.listed[g] && BOX_FILL * n >= volume) this.unlist(g);
    else if (!this.listed[g] && 2 * BOX_FILL * n < volume) this.relist(clones, g);
    if (this.listed[g]) {
      const k = rng.int(n);
      return this.vacate(clones, this.members[g].items[k], EMPTY, k);
    }
    const group = clones.group;
    for (;;) {
      if (this.ringPos === RING) this.refill(rng, g);
      const j = this.ringPos++;
      const s = this.ringClone === g && this.ringEpoch === this.boxEpoch ? this.ringSite[j] : this.boxSite(g, this.ringU[j]);
      const id = stateOf(this.words[s]);
      if (id >= 0 && group[id] === g) return this.simple(g) ? this.vacateSimply(clones, s, g) : this.vacate(clones, s, EMPTY);
    }
  }

  /** The case of simplyChanged (sites.ts): one group g on the lattice, counted, no epithelium, no
   *  member set, and the counts clean. Then every free site is EMPTY, no site counts epithelium,
   *  a cell has room exactly when its empty count is > 0, and a cell's slot is −1. */
  private simple(g: number): boolean {
    return this.groups.length === 1 && this.epithelial === 0 && this.counted[g] && !this.listed[g] && !this.dirty;
  }

  /** vacate(s, EMPTY) in the simple case, what it does there and nothing else. */
  private vacateSimply(clones: CloneTable, s: number, g: number): void {
    const w = this.words[s];
    const id = stateOf(w);
    if ((w & Word.EMPTY_MASK) > 0) this.roomy[g]--;
    this.words[s] = packed(EMPTY, w & Word.COUNTS);
    clones.n[id]--;
    this.cells[g]--;
    this.occupied--;
    this.simplyChanged(s, 1, g);
    if ((w & Word.EMPTY_MASK) < this.nbOffsets.length) this.frontier.add(s);
  }

  /** place(s, id) in the simple case, for a clone already placed once: s is `into`, drawn by a
   *  frontier trial from slot `intoSlot` (the simple case's group is counted). */
  private placeSimply(clones: CloneTable, s: number, id: number, g: number): void {
    const w = this.words[s];
    this.frontier.removeAt(s, this.intoSlot);
    this.words[s] = packed(id, w & Word.COUNTS);
    clones.n[id]++;
    this.cells[g]++;
    this.occupied++;
    this.grow(g, s);
    this.simplyChanged(s, -1, g);
    if ((w & Word.EMPTY_MASK) > 0) this.roomy[g]++;
  }

  /** Recompute neighbour counts and room from scratch and compare with the incremental
   *  bookkeeping (counts, room counted and divisible and member sets, the frontier, boxes);
   *  returns the first discrepancy, or null (used by the invariant tests). */
  audit(clones: CloneTable): string | null {
    const a = this.words;
    let err: string | null = null;
    const sizes = new Map<number, number>();
    const groupSizes = new Map<number, number>();
    const roomy = new Map<number, number>();
    let frontier = 0;
    let epithelial = 0;
    this.layout.forEach((s, x, y, z) => {
      if (err) return;
      const at = this.dimensions === 3 ? `(${x},${y},${z})` : `(${x},${y})`;
      const v = this.count(s);
      const w = a[s];
      if (!this.dirty && (w & Word.COUNTS) !== v) return void (err = `site ${at}: neighbour counts ${w & Word.COUNTS} ≠ ${v}`);
      const id = this.state(s);
      if (this.dirty) return;
      const slot = this.slots[s];
      if (id === EPITHELIUM) epithelial++;
      if (id < 0) {
        // A free site: in the frontier when next to a cell; otherwise only when next to the wall.
        if (!this.keepsFrontier) return void (slot >= 0 && (err = `site ${at}: in a frontier that is not kept`));
        const nearCell = this.neighbourSites(s).some((q) => this.state(q) >= 0);
        const nearWall = freeNeighbours(w) + (nearCell ? 1 : 0) < this.nbOffsets.length;
        if (slot >= 0) frontier++;
        if (slot >= 0 && this.frontier.items[slot] !== s) return void (err = `site ${at}: frontier index broken`);
        if (nearCell && slot < 0) return void (err = `site ${at}: next to a cell but not in the frontier`);
        if (slot >= 0 && !nearCell && !nearWall) return void (err = `site ${at}: in the frontier, next to no cell`);
        return;
      }
      const g = clones.group[id];
      sizes.set(id, (sizes.get(id) ?? 0) + 1);
      groupSizes.set(g, (groupSizes.get(g) ?? 0) + 1);
      const room = hasRoom(w, clones.neoplastic, id);
      if (room) roomy.set(g, (roomy.get(g) ?? 0) + 1);
      const listed = slot >= 0;
      if ((this.counted[g] ? false : room) !== listed) return void (err = `site ${at}: room ${room} but listed ${listed}`);
      if (listed && this.divisible[g].items[slot] !== s) return void (err = `site ${at}: divisible index broken`);
      if (this.listed[g] && this.members[g].items[this.member[s]] !== s) return void (err = `site ${at}: member index broken`);
      const b = this.box.slice(6 * g, 6 * g + 6);
      if (x < b[0] || x > b[1] || y < b[2] || y > b[3] || z < b[4] || z > b[5]) return void (err = `site ${at}: outside its group's box`);
    });
    if (err || this.dirty) return err;
    if (epithelial !== this.epithelial) return `${epithelial} epithelial sites, ${this.epithelial} counted`;
    if (frontier !== this.frontier.size) return `frontier: ${this.frontier.size} sites, ${frontier} free sites point into it`;
    for (let id = 0; id < clones.size; id++) {
      const n = sizes.get(id) ?? 0;
      if (clones.n[id] !== n) return `clone ${id}: ${n} cells on the lattice, clones.n ${clones.n[id]}`;
    }
    for (let g = 0; g < this.members.length; g++) {
      const n = groupSizes.get(g) ?? 0;
      const kept = this.listed[g] ? this.members[g].size : n;
      if (kept !== n || this.cells[g] !== n) return `group ${g}: ${n} cells on the lattice, ${kept} members, ${this.cells[g]} counted`;
      if (n > 0 && !this.groups.includes(g)) return `group ${g}: has cells but is not among the groups drawn from`;
      const r = roomy.get(g) ?? 0;
      const set = this.divisible[g].size;
      if (this.roomy[g] !== r || (this.counted[g] ? set !== 0 : set !== r)) return `group ${g}: ${r} cells with room, ${this.roomy[g]} counted, ${set} in its divisible set`;
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
    const groups = this.compactGroups();
    const end = this.tDays + dt;
    const off = this.nbOffsets;
    const nb = off.length;
    const free = this.free;
    const words = this.words;
    const mu = host.passengersPerDivision;
    const pp = passengerProbability(mu);
    let stopped = false;
    for (;;) {
      let total = 0;
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        total += clones.b[g] * this.roomy[g] + clones.d[g] * this.cells[g];
      }
      if (total <= 0) break;
      const t = this.tDays + rng.exp(total);
      if (t >= end) break;
      this.tDays = t;
      // Which group and which event, then which of its cells.
      let r = rng.next() * total;
      let g = -1;
      let birth = false;
      for (let i = 0; i < groups.length; i++) {
        const c = groups[i];
        const rb = clones.b[c] * this.roomy[c];
        if (r < rb) {
          g = c;
          birth = true;
          break;
        }
        r -= rb;
        const rd = clones.d[c] * this.cells[c];
        if (r < rd) {
          g = c;
          break;
        }
        r -= rd;
      }
      if (g < 0) continue; // rounding at the very end of the range: draw again
      if (!birth) {
        this.kill(clones, rng, g);
        counters.deaths++;
        continue;
      }
      const s = this.pickBirth(clones, rng, g);
      const id = stateOf(words[s]); // the dividing cell's own clone
      let q = this.into;
      if (q < 0) {
        const invades = clones.neoplastic[id];
        let kf = 0;
        for (let j = 0; j < nb; j++) {
          const v = words[s + off[j]] >> Word.SHIFT;
          // Written always, kept when free: no branch on the neighbour's state.
          free[kf] = s + off[j];
          kf += v === Word.EMPTY || (invades && v === Word.EPITHELIUM) ? 1 : 0;
        }
        q = free[rng.int(kf)];
      }
      let child = id;
      const eventP = clones.eventTotal[id] * clones.eventFactor[id];
      if (eventP > 0 && rng.next() < eventP) {
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
      } else if (mu > 0 && clones.resolving[id] && rng.next() < pp) child = host.spawn(id, PASSENGER_EVENT);
      const cg = clones.group[child];
      if (child < this.pending.length && this.inGroups[cg] && this.simple(cg)) this.placeSimply(clones, q, child, cg);
      else this.place(clones, q, child);
      // Passengers of a resolving clone's divisions went to the clone they founded (if any).
      if (mu > 0 && !clones.resolving[id] && this.pending[child]++ === 0) this.pendingIds.push(child);
      counters.births++;
      if (this.occupied >= this.stopAtCells) {
        stopped = true;
        break;
      }
    }
    if (!stopped) this.tDays = end;
    if (this.pendingIds.length) this.flushPassengers(host);
  }

  /** The groups with cells, in order of arrival (those emptied since are dropped here). */
  private compactGroups(): number[] {
    const gs = this.groups;
    let w = 0;
    for (const g of gs) {
      if (this.cells[g] > 0) gs[w++] = g;
      else this.inGroups[g] = false;
    }
    gs.length = w;
    return gs;
  }
}
