/**
 * The plain birth–death–mutation model (rates b, d, μ only) on the same engines as the NET model:
 * well-mixed (clone-level, the exact transition over each step) or on a lattice (event by event,
 * daughters to empty neighbours only), in 2D or 3D. Used for theory checks (mean growth
 * e^{(b−d)t}) and benchmarks (tumopp's `-D2` or `-D3 -Cmoore -Lstep -Pmindrag` model when on a
 * Moore lattice).
 */
import { CloneTable } from '../core/clones.js';
import type { Counters, Engine, GrowthHost } from '../core/space/engine.js';
import { LatticeEngine } from '../core/space/lattice.js';
import { CloneEngine } from '../core/space/wellmixed.js';
import { createRng, type Rng } from '../core/rng.js';
import type { ResolvedBirthDeath } from '../scenario/scenario.js';

/** What is recorded of a birth–death run, declared once (name → reading of the model). */
const BD_REPORTERS: { name: string; value(m: BirthDeathModel): number }[] = [
  { name: 't_days', value: (m) => Number(m.tDays.toPrecision(9)) },
  { name: 'cells', value: (m) => m.cells() },
  { name: 'births', value: (m) => m.counters.births },
  { name: 'deaths', value: (m) => m.counters.deaths },
  { name: 'passengers', value: (m) => m.clones.passengerEvents[0] },
];
export const BD_COLUMNS = BD_REPORTERS.map((r) => r.name);

export class BirthDeathModel implements GrowthHost {
  readonly clones = new CloneTable();
  readonly counters: Counters = { births: 0, deaths: 0, resected: 0 };
  readonly engine: Engine;
  readonly passengersPerDivision: number;
  tDays = 0;

  constructor(readonly scenario: ResolvedBirthDeath, readonly rng: Rng) {
    const s = scenario;
    this.passengersPerDivision = s.rates.mu;
    const id = this.clones.add(
      { parent: -1, lineage: -1, bornDays: 0, origin: 0, program: 0, hits: 0, cna: 0, chromothripsis: 0, neoplastic: true, founderPassengers: 0 },
      null,
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
  }

  spawn(parent: number): number {
    return parent; // no division events: μ counts neutral passengers only
  }

  cells(): number {
    return this.clones.n[0];
  }

  finished(): boolean {
    const s = this.scenario.stop;
    return this.cells() === 0 || this.cells() >= s.cells || this.tDays >= s.days - 1e-12;
  }

  step(dt: number): void {
    const s = this.scenario.stop;
    const h = Math.min(dt, s.days - this.tDays);
    if (this.engine instanceof LatticeEngine) {
      this.engine.advance(this, h);
      this.tDays = this.engine.tDays;
    } else {
      this.engine.advance(this, h);
      this.tDays += h;
    }
  }

  row(): number[] {
    return BD_REPORTERS.map((r) => r.value(this));
  }
}

export interface BirthDeathRun {
  model: BirthDeathModel;
  timeseries: { columns: string[]; rows: number[][] };
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
    for (let k = 0; k < ticks && !m.finished(); k++) {
      m.step(Math.min(dt, this.next - m.tDays));
      if (m.tDays >= this.next - 1e-12 || m.finished()) {
        this.rows.push(m.row());
        while (this.next <= m.tDays + 1e-12) this.next += every;
      }
    }
    return m.finished();
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
