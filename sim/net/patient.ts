/**
 * One patient from the start of the scenario's window to death or end of follow-up, and what is
 * recorded of it (the reporters of net/reporters.ts).
 */
import { locating } from '../core/limits.js';
import { HITS, ORIGINS, PROGRAMS } from '../biology/biology.js';
import { newPassengers } from '../core/passengers.js';
import { createRng, deriveSeed } from '../core/rng.js';
import type { ResolvedNet } from '../scenario/scenario.js';
import { sequenceTumor, type Sequencing } from './sequencing.js';
import { NetModel } from './model.js';
import { stepTicks } from './pace.js';
import { patientRecord, tally, timeseriesReporters, type PatientRecord, type Reporter, type Tally } from './reporters.js';

export type { PatientRecord } from './reporters.js';

export interface PatientRun {
  record: PatientRecord;
  model: NetModel;
  timeseries?: { columns: string[]; rows: (number | string)[][] };
  cloneSizes?: [number, number, number][];
}

/** The seed of patient `index` under master seed `seed`: independent of worker count and order. */
export const patientSeed = (seed: string | number, index: number) => deriveSeed(seed, 'patient', index);

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));

/**
 * A patient's run that can be advanced in chunks (the UI and the CLI yield between chunks so
 * pause, cancel and Ctrl-C answer at once); `simulatePatient` runs it to the end.
 */
export class PatientSimulation {
  readonly model: NetModel;
  readonly timeseries?: { columns: string[]; rows: (number | string)[][] };
  readonly cloneSizes?: [number, number, number][];
  private readonly reporters: Reporter<Tally>[] = [];
  private nextRecord = 0;
  /** Ticks advanced so far (a step of several ticks counts as that many). */
  ticks = 0;

  constructor(public scenario: ResolvedNet, seed: string | number, readonly index: number, record = false) {
    this.model = new NetModel(scenario, createRng(patientSeed(seed, index)), { recorded: record });
    if (record) {
      this.reporters = timeseriesReporters(scenario.site);
      this.timeseries = { columns: this.reporters.map((r) => r.name), rows: [] };
      this.cloneSizes = [];
      this.record();
    }
  }

  private record(): void {
    const m = this.model;
    const t = tally(m);
    this.timeseries!.rows.push(this.reporters.map((r) => r.value(t)));
    // Per genotype clone: a passenger sub-clone's cells count in its group's.
    const c = m.clones;
    const cells = new Float64Array(c.size);
    for (const id of c.alive) cells[c.group[id]] += c.n[id] + c.nMet[id];
    for (let id = 0; id < c.size; id++) if (c.group[id] === id && c.bornDays[id] <= m.tDays) this.cloneSizes!.push([id, round(m.tDays), cells[id]]);
    while (this.nextRecord <= m.tDays + 1e-9) this.nextRecord += this.scenario.time.recordEveryDays;
  }

  get done(): boolean {
    return this.model.finished();
  }

  /** Advance by `ticks` ticks (a step of several may go past them); returns whether the run is over. */
  advance(ticks = Infinity): boolean {
    const m = this.model;
    return locating(() => `the simulation stopped at age ${m.ageYears().toFixed(1)} y`, () => {
      // A quiet step spans several ticks (pace.ts) and counts as that many.
      for (let k = 0; k < ticks && !m.finished(); ) {
        const n = stepTicks(m);
        m.step(this.scenario.time.dtDays, n);
        k += n;
        this.ticks += n;
        if (this.timeseries && (m.tDays >= this.nextRecord - 1e-9 || m.finished())) this.record();
      }
      return m.finished();
    });
  }

  result(): PatientRun {
    return { record: patientRecord(this.model, this.index), model: this.model, timeseries: this.timeseries, cloneSizes: this.cloneSizes };
  }
}

export function simulatePatient(scenario: ResolvedNet, seed: string | number, index: number, opts: { record?: boolean; sequencing?: Sequencing } = {}): PatientRun {
  const sim = new PatientSimulation(scenario, seed, index, opts.record);
  sim.advance();
  const run = sim.result();
  if (opts.sequencing) sequence(run, opts.sequencing, seed);
  return run;
}

/** Attach simulated sequencing of the diagnosed tumor to the run's record. */
export function sequence(run: PatientRun, settings: Sequencing, seed: string | number): void {
  const d = run.model.diagnosis;
  run.record.sequencing = d ? sequenceTumor(run.model.clones, d.composition, settings, seed, run.record.patient) : { burden: 0, tmbPerMb: 0, variants: [] };
}

/** The clone table as rows (clones.csv); a passenger sub-clone's genotype_clone is its group. */
export function cloneRows(m: NetModel): Record<string, string | number>[] {
  const c = m.clones;
  const rows: Record<string, string | number>[] = [];
  const variants = HITS.find((h) => h.variants)?.variants ?? [];
  for (let id = 0; id < c.size; id++) {
    const ct = c.chromothripsis[id];
    rows.push({
      id,
      parent: c.parent[id] < 0 ? '' : c.parent[id],
      born_days: round(c.bornDays[id]),
      lineage: c.neoplastic[id] ? c.lineage[id] : '',
      cell_of_origin: ORIGINS[c.origin[id]].id,
      program: PROGRAMS[c.program[id]].id,
      hits: HITS.filter((_, k) => (c.hits[id] >> k) & 1).map((h) => h.id).join(';'),
      copy_number_events: c.cna[id],
      chromothripsis: ct ? `chr${variants[ct - 1].chr}:${variants[ct - 1].amplicon}` : '',
      alt: c.alt[id] ? 1 : 0,
      neoplastic: c.neoplastic[id] ? 1 : 0,
      birth_per_day: round(c.birthGeno[id]),
      death_per_day: round(c.deathGeno[id]),
      founder_passengers: c.founderPassengers[id],
      passengers: c.passengerEvents[id],
      max_size: c.maxSize[id],
      final_size: c.n[id] + c.nMet[id],
      genotype_clone: c.group[id],
      new_passengers: newPassengers(c, id),
    });
  }
  return rows;
}
