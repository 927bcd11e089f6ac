/** The lattice engine (see engine.ts): one cell per site of a 2D or 3D lattice, event by event in
 *  continuous time. The sites and their bookkeeping are in sites.ts, the geometry in geometry.ts.
 *  Events are drawn per group (a genotype clone and its passenger sub-clones share rates): the
 *  group by its rate, then a uniform cell of it, whose own clone divides or dies. */
import type { CloneTable } from '../clones.js';
import { PASSENGER_EVENT, passengerProbability } from '../passengers.js';
import type { Engine, GrowthHost } from './engine.js';
import { EPITHELIUM, Word, freeNeighbours, hasRoom, stateOf } from './geometry.js';
import { LatticeSimple, Simple } from './simple.js';

export { EMPTY, EPITHELIUM, WALL, MAX_LATTICE_CLONE, neighbourDeltas } from './geometry.js';
export type { Dimensions, Neighbourhood } from './geometry.js';

export class LatticeEngine extends LatticeSimple implements Engine {
  readonly kind = 'lattice' as const;
  /** The chance that a division carries passengers (set once per advance, read by divide). */
  private passengerP = 0;

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
    this.passengerP = passengerProbability(host.passengersPerDivision);
    let stopped = false;
    for (;;) {
      if (groups.length === 1 && this.simpleNow(host, groups[0])) {
        const k = this.runSimple(host, groups[0], end);
        if (k !== Simple.LEFT) {
          stopped = k === Simple.STOPPED;
          break;
        }
      }
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
      if (this.divide(host, s, this.into)) {
        stopped = true;
        break;
      }
    }
    if (!stopped) this.tDays = end;
    if (this.pendingIds.length) this.flushPassengers(host);
  }

  /** The cell at s divides into q, or for q = −1 into a uniform free neighbour; the daughter may
   *  carry a hit, a CNA or resolved passengers (a new clone). True at the stop size. */
  protected divide(host: GrowthHost, s: number, q: number): boolean {
    const { clones, rng, counters } = host;
    const words = this.words;
    const id = stateOf(words[s]); // the dividing cell's own clone
    if (q < 0) {
      const off = this.nbOffsets;
      const free = this.free;
      const invades = clones.neoplastic[id];
      let kf = 0;
      for (let j = 0; j < off.length; j++) {
        const v = words[s + off[j]] >> Word.SHIFT;
        // Written always, kept when free: no branch on the neighbour's state.
        free[kf] = s + off[j];
        kf += v === Word.EMPTY || (invades && v === Word.EPITHELIUM) ? 1 : 0;
      }
      q = free[rng.int(kf)];
    }
    const mu = host.passengersPerDivision;
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
    } else if (mu > 0 && clones.resolving[id] && rng.next() < this.passengerP) child = host.spawn(id, PASSENGER_EVENT);
    this.place(clones, q, child);
    // Passengers of a resolving clone's divisions went to the clone they founded (if any).
    if (mu > 0 && !clones.resolving[id] && this.pending[child]++ === 0) this.pendingIds.push(child);
    counters.births++;
    return this.occupied >= this.stopAtCells;
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
