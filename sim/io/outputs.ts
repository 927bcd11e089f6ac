/**
 * Tidy outputs as text (CSV via papaparse, JSON): the same bytes from the CLI and the browser.
 * File layout and column names are a contract other tools read (see README).
 */
import { summariseCohort } from '../study/cohort.js';
import { recordsToCsv, toCsv } from '../core/csv.js';
import { PATIENT_COLUMNS, patientRow } from '../net/reporters.js';
import { cloneRows, type PatientRun } from '../net/patient.js';
import type { PatientRecord } from '../net/patient.js';
import type { NetModel } from '../net/model.js';
import type { BirthDeathRun } from '../birth-death/model.js';
import { REPLICATE_COLUMNS, replicateRow, summariseReplicates, type ReplicateRecord } from '../birth-death/replicates.js';
import type { Scenario } from '../scenario/scenario.js';
import { VERSION } from '../core/version.js';
import { newPassengers } from '../core/passengers.js';
import { STREAMS_VERSION } from '../core/streams.js';
import { CALLABLE_GENOME_MB, VARIANT_COLUMNS, type Sequencing, type SequencingResult } from '../net/sequencing.js';
import { DAYS_PER_YEAR } from '../core/time.js';

const json = (o: unknown) => JSON.stringify(o, null, 2) + '\n';

function scenarioInfo(s: Scenario, source: string) {
  return { name: s.name, file: source, kind: s.kind, ...(s.kind === 'net' ? { site: s.site, engine: s.engine, hypothesis: s.hypothesis } : { space: s.space.mode }) };
}

/** What every summary.json starts with: versions (of netevo and of the random-stream layout), seed,
 *  scenario and engine. */
function summaryHead(s: Scenario, seed: string | number, source: string, engine: string) {
  return { netevo: VERSION, streams: STREAMS_VERSION, seed, scenario: scenarioInfo(s, source), engine };
}

/** Files of `netevo run` for a NET scenario: name → contents. */
export function patientRunFiles(run: PatientRun, s: Scenario & { kind: 'net' }, seed: string | number, source: string): Record<string, string> {
  const r = run.record;
  const m = run.model;
  return {
    'timeseries.csv': toCsv(run.timeseries!.columns, run.timeseries!.rows),
    'clones.csv': recordsToCsv(cloneRows(m)),
    'clone_sizes.csv': toCsv(['Identity', 'Time', 'Population'], run.cloneSizes!),
    ...(r.sequencing ? { 'sequencing.csv': variantsCsv([r]) } : {}),
    ...(m.ctdnaSamples && m.ctdnaSamples.length ? { 'ctdna.csv': ctdnaCsv(m) } : {}),
    'summary.json': json({
      ...summaryHead(s, seed, source, m.engine.kind),
      scale_real_cells_per_simulated_cell: m.scale,
      patient: {
        sex: r.sex,
        germline_MEN1: r.germline_MEN1,
        germline_VHL: r.germline_VHL,
        archetype: r.archetype,
        diagnosed: r.diagnosed === 1,
        subgroup: r.diagnosed ? r.subgroup : null,
        cell_of_origin: r.cell_of_origin || null,
        location: r.location || null,
        hits: r.hits ? r.hits.split(';') : [],
        age_at_diagnosis_years: r.age_at_diagnosis_years,
        ki67_at_diagnosis_percent: r.ki67_at_diagnosis,
        grade_at_diagnosis: r.grade_at_diagnosis || null,
        metastasis_years_after_diagnosis: r.metastasis_years,
        death_years_after_diagnosis: r.death_years,
        death_cause: r.death_cause || null,
        age_at_end_years: r.age_at_end_years,
      },
      ...(r.sequencing ? { sequencing: sequencingSummary(r.sequencing, s.passengerResolutionCells) } : {}),
      days_simulated: Number(m.tDays.toPrecision(9)),
      clones: m.clones.size,
      births: m.counters.births,
      deaths: m.counters.deaths,
      resected: m.counters.resected,
    }),
  };
}

/** Files of `netevo run` for a birth–death scenario (sequencing.csv when sequenced). clones.csv
 *  lists clone 0 and its passenger sub-clones; once the population settled, their cells are
 *  clone 0's (final_size) and sequencing.csv gives each one's cellular fraction. */
export function birthDeathRunFiles(run: BirthDeathRun, s: Scenario & { kind: 'birth-death' }, seed: string | number, source: string): Record<string, string> {
  const m = run.model;
  const c = m.clones;
  const clones: (number | string)[][] = [];
  for (let id = 0; id < c.size; id++) clones.push([id, c.parent[id] < 0 ? '' : c.parent[id], Number(c.bornDays[id].toPrecision(6)), c.passengerEvents[id], c.n[id], newPassengers(c, id)]);
  return {
    'timeseries.csv': toCsv(run.timeseries.columns, run.timeseries.rows),
    'clones.csv': toCsv(['id', 'parent', 'born_days', 'passengers', 'final_size', 'new_passengers'], clones),
    'clone_sizes.csv': toCsv(['Identity', 'Time', 'Population'], run.timeseries.rows.map((r) => [0, r[0], r[1]])),
    ...(run.sequencing ? { 'sequencing.csv': variantsCsv([{ patient: 0, sequencing: run.sequencing }]) } : {}),
    'summary.json': json({
      ...summaryHead(s, seed, source, m.engine.kind),
      rates: s.rates,
      days_simulated: Number(m.tDays.toPrecision(9)),
      cells: m.cells(),
      births: m.counters.births,
      deaths: m.counters.deaths,
      passengers: m.passengers(),
      passenger_resolution_cells: s.passengerResolutionCells,
      ...(run.sequencing ? { sequencing: sequencingSummary(run.sequencing, s.passengerResolutionCells) } : {}),
      subgroup: null,
    }),
  };
}

/** patients.csv of a cohort (with mutation_burden and tmb_per_mb columns when sequenced). */
export function patientsCsv(rows: readonly PatientRecord[]): string {
  const sequenced = rows.some((r) => r.sequencing);
  return toCsv(sequenced ? [...PATIENT_COLUMNS, 'mutation_burden', 'tmb_per_mb'] : PATIENT_COLUMNS, rows.map(patientRow));
}

/** Files of `netevo cohort` (with sequencing.csv and mutation_burden, tmb_per_mb columns when sequenced). */
export function cohortFiles(rows: PatientRecord[], s: Scenario & { kind: 'net' }, seed: string | number, source: string, sequencing?: Sequencing): Record<string, string> {
  const sequenced = rows.some((r) => r.sequencing);
  const files: Record<string, string> = {
    'patients.csv': patientsCsv(rows),
    'summary.json': json({
      ...summaryHead(s, seed, source, s.engine),
      ...(sequencing ? { sequencing: { ...sequencing, callable_genome_mb: CALLABLE_GENOME_MB, passenger_resolution_cells: s.passengerResolutionCells } } : {}),
      ...summariseCohort(rows),
    }),
  };
  if (sequenced) files['sequencing.csv'] = variantsCsv(rows);
  return files;
}

/** Files of `netevo cohort` for a birth–death scenario: replicates.csv and summary.json. */
export function replicateFiles(rows: ReplicateRecord[], s: Scenario & { kind: 'birth-death' }, seed: string | number, source: string): Record<string, string> {
  return {
    'replicates.csv': toCsv([...REPLICATE_COLUMNS], rows.map(replicateRow)),
    'summary.json': json({
      ...summaryHead(s, seed, source, s.space.mode === 'lattice' ? 'lattice' : 'clone'),
      rates: s.rates,
      initial_cells: s.initialCells,
      stop: { days: Number.isFinite(s.stop.days) ? s.stop.days : null, cells: s.stop.cells },
      ...summariseReplicates(rows),
    }),
  };
}

/** What summary.json says of a sequenced tumor. */
function sequencingSummary(r: SequencingResult, resolution: number) {
  return { mutation_burden: r.burden, tmb_per_mb: r.tmbPerMb, callable_genome_mb: CALLABLE_GENOME_MB, mutations: r.variants.length, passenger_resolution_cells: resolution };
}

/** sequencing.csv: one row per mutation of each diagnosed tumor. */
export function variantsCsv(rows: { patient: number; sequencing?: SequencingResult }[]): string {
  const out: (string | number)[][] = [];
  for (const r of rows) for (const v of r.sequencing?.variants ?? []) out.push([r.patient, v.mutation, v.gene, v.clone, v.cellular_fraction, v.depth, v.alt_reads, v.vaf, v.called]);
  return toCsv(VARIANT_COLUMNS, out);
}

/** The liquid biopsies of a recorded run (ctdna.csv): one row per draw and clone with cells, the
 *  draw's tumour fraction, mutant reads and call repeated on each of its rows. */
export const CTDNA_COLUMNS = ['t_days', 'age_years', 'tumour_fraction', 'mutant_reads', 'detected', 'clone', 'plasma_vaf', 'tissue_fraction'];
function ctdnaCsv(m: NetModel): string {
  const p = (x: number) => Number(x.toPrecision(6));
  const start = m.scenario.time.startAgeYears;
  return toCsv(CTDNA_COLUMNS, m.ctdnaSamples!.flatMap((s) => {
    const head = [p(s.tDays), p(start + s.tDays / DAYS_PER_YEAR), p(s.tumourFraction), s.mutantReads, s.detected ? 1 : 0];
    return s.clones.length ? s.clones.map(([id, vaf, share]) => [...head, id, p(vaf), p(share)]) : [[...head, '', '', '']];
  }));
}
