/**
 * The plain birth–death–mutation model (rates b, d, μ only) on the same engines as the NET model:
 * well-mixed (clone-level, the exact transition over each step) or on a lattice (event by event,
 * daughters to empty neighbours only), in 2D or 3D. Used for theory checks (mean growth
 * e^{(b−d)t}, the neutral 1/f tail of the VAF spectrum) and benchmarks (tumopp's `-D2` or
 * `-D3 -Cmoore -Lstep -Pmindrag` model when on a Moore lattice). Each division's daughter carries
 * Poisson(μ) neutral passengers; while the population is below the scenario's passenger
 * resolution they found passenger sub-clones (core/passengers.ts), so the clone tree holds their
 * genealogy.
 */
import { locating } from '../core/limits.js';
import { CloneTable, type CloneEvent } from '../core/clones.js';
import { drawPassengers } from '../core/passengers.js';
import type { Counters, Engine, GrowthHost } from '../core/space/engine.js';
import { LatticeEngine } from '../core/space/lattice.js';
import { CloneEngine } from '../core/space/wellmixed.js';
import { createRng, type Rng } from '../core/rng.js';
import type { ResolvedBirthDeath } from '../scenario/scenario.js';
import { sequenceTumor, type Sequencing, type SequencingResult } from '../net/sequencing.js';

/** What is recorded of a birth–death run, declared once (name → reading of the model). */
const BD_REPORTERS: { name: string; value(m: BirthDeathModel): number }[] = [
  { name: 't_days', value: (m) => Number(m.tDays.toPrecision(9)) },
  { name: 'cells', value: (m) => m.cells() },
  { name: 'births', value: (m) => m.counters.births },
  { name: 'deaths', value: (m) => m.counters.deaths },
  { name: 'passengers', value: (m) => m.passengers() },
];
export const BD_COLUMNS = BD_REPORTERS.map((r) => r.name);

export class BirthDeathModel implements GrowthHost {
  readonly clones = new CloneTable();
  readonly counters: Counters = { births: 0, deaths: 0, resected: 0 };
  readonly engine: Engine;
  readonly passengersPerDivision: number;
  get passengerResolution(): number {
    return this.scenario.passengerResolutionCells;
  }
  tDays = 0;

  constructor(readonly scenario: ResolvedBirthDeath, readonly rng: Rng) {
    const s = scenario;
    this.passengersPerDivision = s.rates.mu;
    const id = this.clones.add(
      { parent: -1, lineage: -1, bornDays: 0, origin: 0, program: 0, hits: 0, cna: 0, chromothripsis: 0, neoplastic: true, founderPassengers: 0 },
      false,
    );
    this.clones.b[id] = s.rates.b;
    this.clones.d[id] = s.rates.d;
    if (s.space.mode === 'lattice') {
      const { width: W, height: H, depth: D, dimensions } = s.space;
      const L = new LatticeEngine(W, H, s.space.neighbourhood, dimensions, D);
      // Initial cells fill a compact disc (2D) or ball (3D) at the centre, nearest sites first
      // (ties broken by z, then y, then x, so the seeding is the same in every run).
      const c = [W >> 1, H >> 1, dimensions === 3 ? D >> 1 : 0];
      const r = Math.ceil(dimensions === 3 ? Math.cbrt(s.initialCells) : Math.sqrt(s.initialCells)) + 1;
      const order: [number, number, number, number][] = [];
      const zr = dimensions === 3 ? r : 0;
      for (let z = c[2] - zr; z <= c[2] + zr; z++)
        for (let y = c[1] - r; y <= c[1] + r; y++)
          for (let x = c[0] - r; x <= c[0] + r; x++)
            if (x >= 0 && y >= 0 && z >= 0 && x < W && y < H && z < D) order.push([(x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2, z, y, x]);
      order.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
      if (order.length < s.initialCells) throw new Error(`initialCells ${s.initialCells} do not fit around the centre of the lattice`);
      for (let k = 0; k < s.initialCells; k++) L.place(this.clones, L.index(order[k][3], order[k][2], order[k][1]), id);
      L.stopAtCells = s.stop.cells;
      this.engine = L;
    } else {
      this.clones.n[id] = s.initialCells;
      this.engine = new CloneEngine();
    }
    this.census();
  }

  /** A passenger sub-clone (the only division event of this model); its passengers from `rng`. */
  spawn(parent: number, ev: CloneEvent): number {
    if (ev.kind !== 'passenger') throw new Error(`birth–death model: no ${ev.kind} events`);
    const t = this.engine instanceof LatticeEngine ? this.engine.tDays : this.tDays;
    return this.clones.addPassengerClone(parent, drawPassengers(this.rng, this.passengersPerDivision), t);
  }

  cells(): number {
    let n = 0;
    for (const id of this.clones.alive) n += this.clones.n[id];
    return n;
  }

  /** Passenger mutations so far (those with identities and those only counted). */
  passengers(): number {
    let k = 0;
    for (let id = 0; id < this.clones.size; id++) k += this.clones.passengerEvents[id];
    return k;
  }

  /** Extinct clones leave the alive list; clones resolve passengers until the population first
   *  reaches the resolution, when the population (one group, clone 0's) settles. */
  private census(): void {
    this.clones.prune();
    if (this.settled) return;
    const on = this.cells() < this.scenario.passengerResolutionCells;
    for (const id of this.clones.alive) this.clones.resolving[id] = on;
    if (on) return;
    this.settled = true;
    this.engine.settle(this, 0, this.tDays);
  }
  private settled = false;

  finished(): boolean {
    const s = this.scenario.stop;
    return this.cells() === 0 || this.cells() >= s.cells || this.tDays >= s.days - 1e-12;
  }

  step(dt: number): void {
    const s = this.scenario.stop;
    const h = Math.min(dt, s.days - this.tDays);
    if (this.engine instanceof LatticeEngine) {
      // Event by event, a step may be long: it stops at the resolution, where the population settles.
      this.engine.stopAtCells = this.settled ? s.cells : Math.min(s.cells, this.scenario.passengerResolutionCells);
      this.engine.advance(this, h);
      this.tDays = this.engine.tDays;
    } else {
      this.engine.advance(this, h);
      this.tDays += h;
    }
    this.census();
  }

  row(): number[] {
    return BD_REPORTERS.map((r) => r.value(this));
  }
}

export interface BirthDeathRun {
  model: BirthDeathModel;
  timeseries: { columns: string[]; rows: number[][] };
  /** Simulated sequencing of the final population (when asked for). */
  sequencing?: SequencingResult;
}

/** Sequence the run's final population (its clones' cells; the stream is seed/sequencing/0). */
export function sequenceBirthDeath(run: BirthDeathRun, settings: Sequencing, seed: string | number): void {
  const c = run.model.clones;
  const composition = c.alive.filter((id) => c.n[id] > 0).map((id) => [id, c.n[id]] as [number, number]);
  run.sequencing = sequenceTumor(c, c.resolveComposition(composition), settings, seed, 0);
}

/** A birth–death run that can be advanced in chunks; `simulateBirthDeath` runs it to the end. */
export class BirthDeathSimulation {
  readonly model: BirthDeathModel;
  readonly rows: number[][] = [];
  private next: number;

  constructor(readonly scenario: ResolvedBirthDeath, seed: string | number) {
    this.model = new BirthDeathModel(scenario, createRng(`${seed}/birth-death`));
    this.next = scenario.time.recordEveryDays;
    this.rows.push(this.model.row());
  }

  get done(): boolean {
    return this.model.finished();
  }

  advance(ticks = Infinity): boolean {
    const m = this.model;
    const every = this.scenario.time.recordEveryDays;
    const dt = Math.min(this.scenario.time.dtDays, every);
    return locating(() => `the simulation stopped at day ${m.tDays.toPrecision(6)}`, () => {
      for (let k = 0; k < ticks && !m.finished(); k++) {
        m.step(Math.min(dt, this.next - m.tDays));
        if (m.tDays >= this.next - 1e-12 || m.finished()) {
          this.rows.push(m.row());
          while (this.next <= m.tDays + 1e-12) this.next += every;
        }
      }
      return m.finished();
    });
  }

  result(): BirthDeathRun {
    return { model: this.model, timeseries: { columns: BD_COLUMNS, rows: this.rows } };
  }
}

export function simulateBirthDeath(scenario: ResolvedBirthDeath, seed: string | number): BirthDeathRun {
  const sim = new BirthDeathSimulation(scenario, seed);
  sim.advance();
  return sim.result();
}
