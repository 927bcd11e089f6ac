/**
 * The clone table: every genotype or program a lineage reaches is a clone, with a link to the
 * clone it arose from. A clone's identity (its id) is separate from where its cells are stored
 * (the lattice's site arrays or the clone engine's counts). Cells of one lineage with the same
 * genotype, program and copy-number state are one clone (as in OncoSimulR), so the table stays
 * small however large the tumor grows.
 *
 * Neutral passengers (infinite sites) are resolved the same way while a lineage is small
 * (passengers.ts): a division whose daughter carries ≥ 1 new passengers founds a *passenger
 * sub-clone* (same genotype, program and rates as its parent; its own id, parent link and
 * passengers), so the clone tree carries the mutations' genealogy. A clone's `resolving` flag
 * says whether its divisions do this; its host clears it for good once the lineage holds the
 * scenario's passenger resolution of cells, and settles the lineage's groups (`settle`). A
 * sub-clone is never found by key (it joins no other clone) and shares its `group` — the genotype
 * clone it belongs to — with its parent.
 */
import { MAX_CLONES, SimulationError } from './limits.js';
export interface CloneEvent {
  kind: 'hit' | 'cna' | 'switch' | 'passenger';
  /** Hit index (kind 'hit') or program index (kind 'switch'). */
  target: number;
  /** Probability per division. */
  p: number;
}

export class CloneTable {
  // Identity and genotype (fixed at birth).
  readonly parent: number[] = [];
  readonly lineage: number[] = [];
  readonly bornDays: number[] = [];
  readonly origin: number[] = [];
  readonly program: number[] = [];
  readonly hits: number[] = [];
  readonly cna: number[] = [];
  /** Chromothripsis variant: 0 none, else 1 + index into CHROMOTHRIPSIS_VARIANTS. */
  readonly chromothripsis: number[] = [];
  readonly neoplastic: boolean[] = [];
  /** Passengers the founding cell carried (its ancestors' and its own founding division's). */
  readonly founderPassengers: number[] = [];
  /** The genotype clone whose cells these are: the clone itself, or for a passenger sub-clone
   *  its parent's group. Clones of a group share rates (the lattice draws events per group). */
  readonly group: number[] = [];
  /** Whether this clone's divisions found passenger sub-clones (set by the host). */
  readonly resolving: boolean[] = [];
  /** Held at its size (set by the host): a homeostatic population whose every death is matched
   *  by a division (a Moran population), so the clone engine draws only its divisions. */
  readonly held: boolean[] = [];
  // Per-genotype rates (evaluated once, at birth).
  readonly birthGeno: number[] = [];
  readonly deathGeno: number[] = [];
  readonly dissemination: number[] = [];
  readonly alt: boolean[] = [];
  readonly events: CloneEvent[][] = [];
  readonly eventTotal: number[] = [];
  /** This tick's factor on the clone's event and passenger rates (a mutagenic therapy; else 1). */
  readonly eventFactor: number[] = [];
  // State.
  /** Cells in the primary site. */
  readonly n: number[] = [];
  /** Cells in the primary site when the current step began (the growth process sets them; a clone
   *  founded during the step has 0): with `n`, what the step's processes read of its course. */
  readonly nStart: number[] = [];
  /** Cells in metastases. */
  readonly nMet: number[] = [];
  readonly maxSize: number[] = [];
  /** Passenger mutations that arose in this clone's divisions (mutation burden), whether they
   *  founded a sub-clone or were only counted. */
  readonly passengerEvents: number[] = [];
  // Per-tick rates (primary site).
  readonly b: number[] = [];
  readonly d: number[] = [];

  /** Keyed clones by lineage, then by their genotype's key (`key`). */
  private readonly byKey = new Map<number, Map<number, number>>();
  /** Passenger sub-clones founded so far (prune looks for live ones only if there are any). */
  private passengerClones = 0;
  /** Ids of clones with cells, in creation order. */
  alive: number[] = [];

  get size(): number {
    return this.parent.length;
  }

  /** A genotype's key within its lineage: origin, program, hits, copy-number events and
   *  chromothripsis variant packed in one exact integer (46 bits). */
  key(origin: number, program: number, hits: number, cna: number, ct: number): number {
    if (!(origin < 64 && program < 256 && hits < 2 ** 24 && cna < 16 && ct < 16)) throw new Error(`a genotype beyond the clone key's fields: origin ${origin}, program ${program}, hits ${hits}, cna ${cna}, chromothripsis ${ct}`);
    return (((origin * 256 + program) * 2 ** 24 + hits) * 16 + cna) * 16 + ct;
  }

  /** The keyed clone of `lineage` with genotype key `key`, if any. */
  find(lineage: number, key: number): number | undefined {
    return this.byKey.get(lineage)?.get(key);
  }

  add(
    c: { parent: number; lineage: number; bornDays: number; origin: number; program: number; hits: number; cna: number; chromothripsis: number; neoplastic: boolean; founderPassengers: number },
    keyed: boolean,
  ): number {
    const id = this.parent.length;
    if (id >= MAX_CLONES) throw new SimulationError(`more than ${MAX_CLONES.toLocaleString('en')} clones (genotypes and passenger sub-clones): no tumour has so many; a rate is far too high for the tick (dtDays), or passengers are resolved too far (passengerResolutionCells)`);
    this.parent.push(c.parent);
    this.lineage.push(c.lineage < 0 && c.neoplastic ? id : c.lineage);
    this.bornDays.push(c.bornDays);
    this.origin.push(c.origin);
    this.program.push(c.program);
    this.hits.push(c.hits);
    this.cna.push(c.cna);
    this.chromothripsis.push(c.chromothripsis);
    this.neoplastic.push(c.neoplastic);
    this.founderPassengers.push(c.founderPassengers);
    this.group.push(id);
    this.resolving.push(false);
    this.held.push(false);
    this.birthGeno.push(0);
    this.deathGeno.push(0);
    this.dissemination.push(0);
    this.alt.push(false);
    this.events.push([]);
    this.eventTotal.push(0);
    this.eventFactor.push(1);
    this.n.push(0);
    this.nStart.push(0);
    this.nMet.push(0);
    this.maxSize.push(0);
    this.passengerEvents.push(0);
    this.b.push(0);
    this.d.push(0);
    if (keyed) {
      const lin = this.lineage[id];
      let m = this.byKey.get(lin);
      if (!m) this.byKey.set(lin, (m = new Map()));
      m.set(this.key(c.origin, c.program, c.hits, c.cna, c.chromothripsis), id);
    }
    this.alive.push(id);
    return id;
  }

  /**
   * A passenger sub-clone of `parent`, founded by a division whose daughter carries `passengers`
   * (≥ 1) new passengers: the parent's genotype, program, rates and events, its own id.
   */
  addPassengerClone(parent: number, passengers: number, bornDays: number): number {
    const p = parent;
    const id = this.add(
      {
        parent: p, lineage: this.lineage[p], bornDays, origin: this.origin[p], program: this.program[p], hits: this.hits[p], cna: this.cna[p],
        chromothripsis: this.chromothripsis[p], neoplastic: this.neoplastic[p], founderPassengers: this.founderPassengers[p] + passengers,
      },
      false,
    );
    this.group[id] = this.group[p];
    this.resolving[id] = this.resolving[p];
    this.birthGeno[id] = this.birthGeno[p];
    this.deathGeno[id] = this.deathGeno[p];
    this.dissemination[id] = this.dissemination[p];
    this.alt[id] = this.alt[p];
    this.events[id] = this.events[p];
    this.eventTotal[id] = this.eventTotal[p];
    this.eventFactor[id] = this.eventFactor[p];
    this.b[id] = this.b[p];
    this.d[id] = this.d[p];
    this.passengerEvents[p] += passengers;
    this.passengerClones++;
    return id;
  }

  /**
   * Fold the passenger sub-clones of group g into g (their cells become g's; engines call this
   * through Engine.settle, the lattice relabelling their sites), keeping each one's cells then
   * as its share of g from now on. Returns the folded sub-clones.
   */
  settle(g: number, tDays: number): number[] {
    const ids = [g];
    const cells = [this.n[g] + this.nMet[g]];
    for (const id of this.alive) {
      if (id === g || this.group[id] !== g || this.n[id] + this.nMet[id] <= 0) continue;
      ids.push(id);
      cells.push(this.n[id] + this.nMet[id]);
      this.n[g] += this.n[id];
      this.nMet[g] += this.nMet[id];
      this.n[id] = 0;
      this.nMet[id] = 0;
    }
    if (ids.length > 1) this.settled.set(g, { ids, cells, tDays });
    return ids.slice(1);
  }
  /** Settled groups: the clones whose cells group g holds, their cells when it settled, and when. */
  readonly settled = new Map<number, { ids: number[]; cells: number[]; tDays: number }>();

  /** A tumor's [clone, cells] with each settled group's cells spread over its clones by their
   *  shares (fractional cells): what sequencing reads. */
  resolveComposition(composition: readonly [number, number][]): [number, number][] {
    const out: [number, number][] = [];
    for (const [id, k] of composition) {
      const s = this.settled.get(id);
      if (!s) {
        out.push([id, k]);
        continue;
      }
      const total = s.cells.reduce((a, x) => a + x, 0);
      s.ids.forEach((x, i) => s.cells[i] > 0 && out.push([x, (k * s.cells[i]) / total]));
    }
    return out;
  }

  /** The clone a cell of group g descends from: g, or for a settled group one of its clones
   *  drawn by share with uniform u (a cell of the group is equally likely to be any of its cells). */
  settledAncestor(g: number, u: number): number {
    const s = this.settled.get(g);
    if (!s) return g;
    let r = u * s.cells.reduce((a, x) => a + x, 0);
    for (let i = 0; i < s.ids.length; i++) if ((r -= s.cells[i]) < 0) return s.ids[i];
    return s.ids[s.ids.length - 1];
  }

  /** Drop extinct clones from the alive list (they stay in the table). A genotype clone stays
   *  while a sub-clone of its group lives: its rates are the group's (hosts update alive clones). */
  prune(): void {
    let w = 0;
    if (this.keep.length < this.size) this.keep = new Uint8Array(Math.max(this.size, 2 * this.keep.length));
    const keep = this.keep;
    const subs = this.passengerClones > 0;
    if (subs) for (const id of this.alive) if (this.group[id] !== id && this.n[id] + this.nMet[id] > 0) keep[this.group[id]] = 1;
    for (let i = 0; i < this.alive.length; i++) {
      const id = this.alive[i];
      const tot = this.n[id] + this.nMet[id];
      if (tot > this.maxSize[id]) this.maxSize[id] = tot;
      if (tot > 0 || keep[id]) this.alive[w++] = id;
    }
    if (w < this.alive.length) this.alive.length = w;
    if (subs) for (const id of this.alive) keep[this.group[id]] = 0;
  }
  /** Genotype clones marked live by a sub-clone during prune (all 0 between prunes). */
  private keep = new Uint8Array(64);
}
