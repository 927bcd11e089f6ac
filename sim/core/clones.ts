/**
 * The clone table: every genotype or program a lineage reaches is a clone, with a link to the
 * clone it arose from. A clone's identity (its id) is separate from where its cells are stored
 * (the lattice's site arrays or the clone engine's counts). Cells of one lineage with the same
 * genotype, program and copy-number state are one clone (as in OncoSimulR), so the table stays
 * small however large the tumor grows.
 */
export interface CloneEvent {
  kind: 'hit' | 'cna' | 'switch';
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
  /** Passengers the founding cell carried. */
  readonly founderPassengers: number[] = [];
  // Per-genotype rates (evaluated once, at birth).
  readonly birthGeno: number[] = [];
  readonly deathGeno: number[] = [];
  readonly dissemination: number[] = [];
  readonly alt: boolean[] = [];
  readonly events: CloneEvent[][] = [];
  readonly eventTotal: number[] = [];
  // State.
  /** Cells in the primary site. */
  readonly n: number[] = [];
  /** Cells in metastases. */
  readonly nMet: number[] = [];
  readonly maxSize: number[] = [];
  /** Passenger mutations that arose in this clone's divisions (mutation burden). */
  readonly passengerEvents: number[] = [];
  // Per-tick rates (primary site).
  readonly b: number[] = [];
  readonly d: number[] = [];

  private readonly byKey = new Map<string, number>();
  /** Ids of clones with cells, in creation order. */
  alive: number[] = [];

  get size(): number {
    return this.parent.length;
  }

  key(lineage: number, origin: number, program: number, hits: number, cna: number, ct: number): string {
    return `${lineage}|${origin}|${program}|${hits}|${cna}|${ct}`;
  }

  find(key: string): number | undefined {
    return this.byKey.get(key);
  }

  add(
    c: { parent: number; lineage: number; bornDays: number; origin: number; program: number; hits: number; cna: number; chromothripsis: number; neoplastic: boolean; founderPassengers: number },
    key: string | null,
  ): number {
    const id = this.parent.length;
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
    this.birthGeno.push(0);
    this.deathGeno.push(0);
    this.dissemination.push(0);
    this.alt.push(false);
    this.events.push([]);
    this.eventTotal.push(0);
    this.n.push(0);
    this.nMet.push(0);
    this.maxSize.push(0);
    this.passengerEvents.push(0);
    this.b.push(0);
    this.d.push(0);
    if (key !== null) this.byKey.set(key === '' ? this.key(this.lineage[id], c.origin, c.program, c.hits, c.cna, c.chromothripsis) : key, id);
    this.alive.push(id);
    return id;
  }

  /** Drop extinct clones from the alive list (they stay in the table). */
  prune(): void {
    let w = 0;
    for (let i = 0; i < this.alive.length; i++) {
      const id = this.alive[i];
      const tot = this.n[id] + this.nMet[id];
      if (tot > this.maxSize[id]) this.maxSize[id] = tot;
      if (tot > 0) this.alive[w++] = id;
    }
    this.alive.length = w;
  }
}
