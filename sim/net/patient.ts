/**
 * One patient from birth of the scenario's window to death or end of follow-up, and what is
 * recorded of it. Recording is declared (which reporters), not scattered through the step.
 */
import { AGENT_TYPES, CHROMOTHRIPSIS_VARIANTS, HITS, ORIGINS, PROGRAMS } from '../biology/biology.js';
import { NetModel } from './model.js';
import { createRng, deriveSeed } from '../core/rng.js';
import type { ResolvedNet } from '../io/scenario.js';
import { gradeOf } from './classifier.js';
import { sequenceTumor, type Sequencing, type Variant } from '../io/sequencing.js';

const DAYS_PER_YEAR = 365.25;

export interface PatientRecord {
  patient: number;
  site: string;
  engine: string;
  sex: 'F' | 'M';
  germline_MEN1: 0 | 1;
  archetype: string;
  cell_of_origin: string;
  location: string;
  hits: string;
  subgroup: string;
  diagnosed: 0 | 1;
  age_at_diagnosis_years: number | null;
  ki67_at_diagnosis: number | null;
  grade_at_diagnosis: string;
  metastasis_years: number | null;
  death_years: number | null;
  death_cause: string;
  followup_years: number | null;
  age_at_end_years: number;
  /** 0/1 per hit, detected in the diagnosed tumor. */
  hitFlags: Record<string, 0 | 1>;
  /** Simulated sequencing of the diagnosed tumor (when asked for). */
  sequencing?: { burden: number; variants: Variant[] };
}

/** Timeseries columns; program_* are neoplastic cells per program, immune_* agent counts. */
export function timeseriesColumns(site: string): string[] {
  return [
    't_days', 'age_years', 'cells', 'normal_ne_cells', 'neoplastic_cells', 'tumor_cells', 'metastatic_cells',
    'births', 'deaths', 'resected', 'clones_alive', 'ki67', 'grade',
    ...PROGRAMS.filter((p) => p.site === site).map((p) => `program_${p.id}`),
    ...AGENT_TYPES.map((a) => `immune_${a.id}`),
  ];
}

export interface PatientRun {
  record: PatientRecord;
  model: NetModel;
  timeseries?: { columns: string[]; rows: (number | string)[][] };
  cloneSizes?: [number, number, number][];
}

/** The seed of patient `index` under master seed `seed`: independent of worker count and order. */
export const patientSeed = (seed: string | number, index: number) => deriveSeed(seed, 'patient', index);

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));

export function snapshot(m: NetModel, site: string): (number | string)[] {
  const c = m.clones;
  let normal = 0;
  let neo = 0;
  let met = 0;
  const prog = new Map<number, number>();
  for (const id of c.alive) {
    met += c.nMet[id];
    if (c.neoplastic[id]) {
      neo += c.n[id];
      prog.set(c.program[id], (prog.get(c.program[id]) ?? 0) + c.n[id] + c.nMet[id]);
    } else normal += c.n[id];
  }
  const r = m.largestLineage >= 0 ? m.readLineage(m.largestLineage) : null;
  const ki67 = r && r.cells > 0 ? r.ki67 : 0;
  return [
    round(m.tDays), round(m.ageYears()), normal + neo + met, normal, neo, m.largestLineageCells, met,
    m.counters.births, m.counters.deaths, m.counters.resected, c.alive.length, round(ki67), r && r.cells > 0 ? gradeOf(ki67) : '',
    ...PROGRAMS.map((p, i) => (p.site === site ? prog.get(i) ?? 0 : null)).filter((v) => v !== null),
    ...Array.from(m.immune.counts),
  ] as (number | string)[];
}

/**
 * A patient's run that can be advanced in chunks (the UI and the CLI yield between chunks so
 * pause, cancel and Ctrl-C answer at once); `simulatePatient` runs it to the end.
 */
export class PatientSimulation {
  readonly model: NetModel;
  readonly timeseries?: { columns: string[]; rows: (number | string)[][] };
  readonly cloneSizes?: [number, number, number][];
  private nextRecord = 0;

  constructor(readonly scenario: ResolvedNet, seed: string | number, readonly index: number, record = false) {
    this.model = new NetModel(scenario, createRng(patientSeed(seed, index)));
    if (record) {
      this.timeseries = { columns: timeseriesColumns(scenario.site), rows: [] };
      this.cloneSizes = [];
      this.record();
    }
  }

  private record(): void {
    const m = this.model;
    this.timeseries!.rows.push(snapshot(m, this.scenario.site));
    const c = m.clones;
    for (let id = 0; id < c.size; id++) if (c.bornDays[id] <= m.tDays) this.cloneSizes!.push([id, round(m.tDays), c.n[id] + c.nMet[id]]);
    while (this.nextRecord <= m.tDays + 1e-9) this.nextRecord += this.scenario.time.recordEveryDays;
  }

  get done(): boolean {
    return this.model.finished();
  }

  /** Advance up to `ticks` ticks; returns whether the run is over. */
  advance(ticks = Infinity): boolean {
    const m = this.model;
    for (let k = 0; k < ticks && !m.finished(); k++) {
      m.step(this.scenario.time.dtDays);
      if (this.timeseries && (m.tDays >= this.nextRecord - 1e-9 || m.finished())) this.record();
    }
    return m.finished();
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
  run.record.sequencing = d ? sequenceTumor(run.model.clones, d.composition, settings, seed, run.record.patient) : { burden: 0, variants: [] };
}

export function patientRecord(m: NetModel, index: number): PatientRecord {
  const d = m.diagnosis;
  const years = (days: number) => round(days / DAYS_PER_YEAR, 6);
  const end = m.death ? m.death.tDays : m.tDays;
  const hitFlags = Object.fromEntries(HITS.map((h) => [h.id, d && d.hits.includes(h.id) ? 1 : 0])) as Record<string, 0 | 1>;
  return {
    patient: index,
    site: m.site,
    engine: m.engine.kind,
    sex: m.female ? 'F' : 'M',
    germline_MEN1: m.germlineMEN1 ? 1 : 0,
    archetype: m.archetype,
    cell_of_origin: d ? d.origin : '',
    location: d ? d.location : '',
    hits: d ? d.hits.join(';') : '',
    subgroup: d ? d.subgroup : '',
    diagnosed: d ? 1 : 0,
    age_at_diagnosis_years: d ? round(d.ageYears, 6) : null,
    ki67_at_diagnosis: d ? round(d.ki67 * 100, 6) : null,
    grade_at_diagnosis: d ? d.grade : '',
    metastasis_years: d && m.metastasisDays !== null ? years(m.metastasisDays - d.tDays) : null,
    death_years: d && m.death ? years(m.death.tDays - d.tDays) : null,
    death_cause: m.death ? m.death.cause : '',
    followup_years: d ? years(end - d.tDays) : null,
    age_at_end_years: round(m.scenario.time.startAgeYears + end / DAYS_PER_YEAR, 6),
    hitFlags,
  };
}

/** The clone table as rows (clones.csv). */
export function cloneRows(m: NetModel): Record<string, string | number>[] {
  const c = m.clones;
  const rows: Record<string, string | number>[] = [];
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
      chromothripsis: ct ? `chr${CHROMOTHRIPSIS_VARIANTS[ct - 1].chr}:${CHROMOTHRIPSIS_VARIANTS[ct - 1].amplicon}` : '',
      alt: c.alt[id] ? 1 : 0,
      neoplastic: c.neoplastic[id] ? 1 : 0,
      birth_per_day: round(c.birthGeno[id]),
      death_per_day: round(c.deathGeno[id]),
      founder_passengers: c.founderPassengers[id],
      passengers: c.passengerEvents[id],
      max_size: c.maxSize[id],
      final_size: c.n[id] + c.nMet[id],
    });
  }
  return rows;
}
