/**
 * The one protocol between the page and its simulation workers (Comlink). The main thread only
 * draws; everything that computes — scenario defaults, the run, cohorts and their statistics —
 * lives behind `SimApi`. Inputs crossing into the worker are validated there (the zod schemas
 * below); what comes back is plain data to draw, and frames carry typed arrays transferred, not
 * copied. The page imports this file for its types only, so the schemas stay in the worker bundle.
 */
import { z } from 'zod';
import { SITES, type CohortStatistics, type ComparisonStats, type HazardRatio, type PatientRecord, type TrialAnalysis } from '../sim/api.js';

export const SeedSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const TicksSchema = z.number().int().min(1).max(100_000);
/** A checkpoint's text handed to the run worker (at most 512 MB). */
export const CheckpointTextSchema = z.string().max(512 * 2 ** 20, 'a checkpoint of at most 512 MB');
/** A states buffer handed back to the run worker (ArrayBuffer, at most 256 MB), or none. */
export const RecycleSchema = z.instanceof(ArrayBuffer).refine((b) => b.byteLength <= 256 * 2 ** 20, 'at most 256 MB').optional();
export const SiteSchema = z.enum(SITES);
/** A fit in the page (SimApi.fit): netevo fit's problem, the target table as text. Sizes are
 *  bounded so that an accepted request finishes in a page's time (the CLI has no such bounds). */
export const FitRequestSchema = z.strictObject({
  site: z.enum(SITES),
  target: z.strictObject({ name: z.string().min(1).max(200), csv: z.string().min(1).max(2 ** 20, 'a table of at most 1 MB') }),
  /** The shipped scenario of each pure hypothesis at the site, as netevo fit reads them. */
  bases: z.record(z.string(), z.object({ input: z.record(z.string(), z.unknown()), file: z.string().max(200) })),
  budget: z.number().int().min(4, 'at least 4 (one per hypothesis)').max(400),
  patients: z.number().int().min(10).max(2000),
  smc: z.number().int().min(0).max(2000),
  particles: z.number().int().min(4).max(256),
  refine: z.number().int().min(0).max(100),
  validation: z.number().int().min(0).max(20000),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type FitRequest = z.input<typeof FitRequestSchema>;
/** A fit's progress: a simulation of a stage done, a generation of the sequential ABC, or the calibration begun. */
export type FitProgress =
  | { kind: 'simulation'; stage: 'choice' | 'mixture'; done: number; total: number }
  | { kind: 'generation'; generation: number; total: number; epsilon: number; pAcc: number | null }
  | { kind: 'calibration' };
/** A fit's files (netevo fit's: fit.json, fit.csv, simulations.csv, mixture.csv, best-scenario.json), or why it stopped. */
export type FitOutcome = { ok: true; files: Record<string, string> } | { ok: false; errors: { path: string; message: string }[] };

/** What the page adds to a run's summary.json (as `page`): the form's overrides of the shipped
 *  scenario and the share link that reopens the run. */
export const PageRecordSchema = z.strictObject({ overrides: z.record(z.string(), z.unknown()), shareLink: z.string().max(16_384) }).optional();
export type PageRecord = z.input<typeof PageRecordSchema>;

/** A "what if": one to eight `path=value` changes (the CLI's `--set`), each at most 400 characters. */
export const BranchSetSchema = z.array(z.string().min(1).max(400, 'at most 400 characters')).min(1, 'give one change: path=value').max(8, 'at most 8 changes');
/** A block of a cohort: patients [start, start + count). */
export const BlockSchema = z.object({ start: z.number().int().min(0).max(1e7), count: z.number().int().min(0).max(100_000) });

/** A scenario as the page knows it: a shipped scenario's JSON and the user's overrides of it.
 *  The worker merges them (as `netevo run` would read the merged file) and validates the result. */
export const ScenarioRequestSchema = z.strictObject({
  base: z.record(z.string(), z.unknown()),
  overrides: z.record(z.string(), z.unknown()),
  /** Names the scenario in messages and in summary.json (`<name>.json`). */
  source: z.string().min(1).max(300),
});
export type ScenarioRequest = z.infer<typeof ScenarioRequestSchema>;

/** The fields of a patient row the statistics read: rows come back from the page, so they are
 *  checked like any other input (extra fields pass through to patients.csv). */
export const PatientRowsSchema = z.array(
  z.looseObject({
    diagnosed: z.union([z.literal(0), z.literal(1)]),
    subgroup: z.string(),
    cell_of_origin: z.string(),
    archetype: z.string(),
    location: z.string(),
    age_at_diagnosis_years: z.number().nullable(),
    metastasis_years: z.number().nullable(),
    death_years: z.number().nullable(),
    followup_years: z.number().nullable(),
    hitFlags: z.record(z.string(), z.union([z.literal(0), z.literal(1)])),
  }),
);

/** What the parameter form needs: the schema's JSON Schema and the values it starts from. */
export interface ScenarioForm {
  kind: 'net' | 'birth-death';
  /** JSON Schema (input side) of the scenario kind. */
  schema: Record<string, unknown>;
  /** The shipped scenario over its site's defaults, without the user's overrides. */
  resolved: Record<string, unknown>;
  description: string;
}

export interface ScenarioInfo {
  name: string;
  kind: 'net' | 'birth-death';
  site: string | null;
  engine: 'clone' | 'lattice';
  width: number;
  height: number;
  /** Lattice points along z (1 for a 2D lattice). */
  depth: number;
  /** Memory the page would need to draw this lattice (0 without one); the run view refuses
   *  lattices above its limit before starting a run. */
  latticeBytes: number;
  subgroups: string[];
  programs: { index: number; id: string; label: string; committed: boolean }[];
  hits: string[];
  agentTypes: string[];
  columns: string[];
  /** Real cells per simulated cell (a lattice site stands for this many; 1 otherwise). */
  cellsPerUnit: number;
  /** Real cells at which a lesion is diagnosed (NET scenarios; null otherwise). */
  diagnosisCells: number | null;
  /** Length of a tick, in days. */
  dtDays: number;
  /** The site's IHC stains, in the panel's order (none without a panel, or for a birth–death run). */
  panelStains: string[];
  /** The patient's window (start age to the end of the life span), in days (NET scenarios; null otherwise). */
  spanDays: number | null;
}

export interface CloneMeta {
  /** Per clone id: program index, hit bitmask, neoplastic flag, parent, and when it arose (the
   *  patient's age in years; a birth–death run's time in years). */
  program: Int32Array;
  hits: Int32Array;
  neoplastic: Uint8Array;
  parent: Int32Array;
  bornYears: Float64Array;
}

export interface LatticeFrame {
  /** width × height × depth states, x fastest, then y, then z: clone ids, EMPTY (−1), EPITHELIUM (−2). */
  states: Int32Array;
  depth: number;
  agentType: Uint8Array;
  /** Agent positions as indices into `states`. */
  agentSite: Int32Array;
}

export interface Frame {
  done: boolean;
  tDays: number;
  ageYears: number;
  /** New timeseries rows since the last frame (columns in ScenarioInfo.columns). */
  rows: (number | string)[][];
  /** New clone_sizes rows [Identity, Time, Population]. */
  cloneSizes: [number, number, number][];
  clones: CloneMeta;
  lattice: LatticeFrame | null;
  patient: PatientView;
  /** The "what if" branch running beside the run, or null. */
  branch: BranchFrame | null;
}

/** The branch of a run (SimApi.branch): the same patient from the branch point with one thing
 *  changed, advanced in step with the run (and on its own once the run has ended). */
export interface BranchFrame {
  /** The changes, as given (`path=value`). */
  change: string[];
  /** Age at the branch point. */
  atYears: number;
  done: boolean;
  ageYears: number;
  /** The branch's new timeseries rows since the last frame (columns in ScenarioInfo.columns). */
  rows: (number | string)[][];
  patient: PatientView;
}

export interface PatientView {
  sex: string;
  archetype: string;
  germlineMEN1: boolean;
  germlineVHL: boolean;
  diagnosed: boolean;
  subgroup: string | null;
  ageAtDiagnosis: number | null;
  ki67: number | null;
  /** Mitotic figures per 2 mm² (lung: what the grade reads). */
  mitoses: number | null;
  grade: string | null;
  hits: string[];
  cellOfOrigin: string | null;
  metastasisYears: number | null;
  death: string | null;
  /** The site's IHC panel: its call and each stain's score (share of counted cells stained, as
   *  patients.csv's ihc column gives them); null where none. */
  ihc: { call: string; scores: Record<string, number> } | null;
  /** Years from diagnosis to the first positive liquid biopsy. */
  ctdnaPositiveYears: number | null;
  /** The liquid biopsies so far (after diagnosis): each draw's age, tumour DNA fraction of the
   *  plasma's cell-free DNA, and whether the assay called it positive (1) or not (0). */
  ctdna: { age: number[]; fraction: number[]; detected: number[] };
}

export type LoadResult = { ok: true; info: ScenarioInfo } | { ok: false; errors: { path: string; message: string }[] };
export type RestoreResult = { ok: true; info: ScenarioInfo; seed: number; tDays: number } | { ok: false; errors: { path: string; message: string }[] };

/** Kaplan–Meier curves of several groups on one time axis, ready for a chart: a step line per
 *  group and its censoring marks (null where a group has none). */
export interface KmSeries {
  xs: number[];
  lines: number[][];
  marks: (number | null)[][];
  /** Each line's 95 % interval at each x (Greenwood, log–log: the core's kmIntervals). */
  lo: number[][];
  hi: number[][];
}

/** What a reader reads off a Kaplan–Meier chart, per group: patients at risk at 0, 5 and 10
 *  years, survival at 5 and 10 years with its 95 % interval, the median; and the log-rank p. */
export interface KmTable {
  rows: { group: string; atRisk: number[]; at5: [number, number, number] | null; at10: [number, number, number] | null; medianYears: number | null }[];
  logRankP: number | null;
}

/** Everything the cohort view draws. */
export interface CohortView {
  patients: number;
  diagnosed: number;
  groups: string[];
  /** Cumulative incidence of each group (rows follow `groups`) by age. */
  incidence: { ages: number[]; byGroup: number[][] };
  /** Diagnosed tumors per group. */
  mix: number[];
  metastasisFree: KmSeries;
  overall: KmSeries;
  metastasisFreeTable: KmTable;
  overallTable: KmTable;
  statistics: CohortStatistics;
}

/** What the trial panel draws: survival from enrolment per arm (control first) and the core's
 *  trial analysis (hazard ratios per endpoint and stratum, interaction tests). */
export interface TrialView {
  arms: [string, string];
  enrolled: number;
  /** Survival from enrolment per stratum (`all` first, then each marker's high and low, as the
   *  hazard ratios name them): both arms' curves and the patients of each arm in the stratum. */
  strata: { name: string; enrolled: [number, number]; pfs: KmSeries; os: KmSeries }[];
  hazardRatios: HazardRatio[];
  interactions: TrialAnalysis['interactions'];
}

/** Everything one column of the compare view shows of its cohort. */
export interface CompareStats {
  groups: string[];
  comparison: ComparisonStats;
  /** This cohort's part of netevo compare's comparison.csv, header line first. */
  csv: string;
  statistics: CohortStatistics;
  overall: KmSeries;
}

export interface SimApi {
  /** The form of a scenario: its JSON Schema and its values over the site's defaults. */
  describe(req: ScenarioRequest): Promise<ScenarioForm>;
  /** The scenario with the overrides applied, as `scenario.json` exports it. */
  merged(req: ScenarioRequest): Promise<Record<string, unknown>>;
  /** Validate and load a scenario; errors name the JSON path. */
  load(req: ScenarioRequest): Promise<LoadResult>;
  /** The current run's whole state as a checkpoint (the CLI's format: `netevo resume` reads it). */
  save(): Promise<string>;
  /** Load a checkpoint (from the page or `netevo run --checkpoint`); the next frame carries the
   *  run's whole history. */
  restore(text: string): Promise<RestoreResult>;
  /** Start a run of the loaded scenario with this seed (patient 0, as `netevo run`). */
  start(seed: number): Promise<void>;
  /** A "what if" at the current moment of a NET run: a copy of the patient (the same cells and
   *  random streams, as `netevo branch` continues a checkpoint) with these `path=value` changes,
   *  advanced beside the run from then on. Replaces any earlier branch; errors name the change. */
  branch(set: string[]): Promise<{ ok: true; atYears: number } | { ok: false; errors: { path: string; message: string }[] }>;
  /** Drop the branch. */
  unbranch(): Promise<void>;
  /** netevo fit on this worker's thread (the same files for the same problem and seed);
   *  `progress` hears each simulation and generation. */
  fit(req: FitRequest, progress: (p: FitProgress) => void): Promise<FitOutcome>;
  /** Stop the running fit (it ends with an error saying so). */
  cancelFit(): Promise<void>;
  /**
   * Advance up to `ticks` ticks (or until a record is due) and return what changed. `recycle`,
   * the lattice states buffer of a frame already drawn (transferred back), is filled again
   * instead of a new one: no megabyte of garbage per frame on either side.
   */
  advance(ticks: number, recycle?: ArrayBuffer): Promise<Frame>;
  /** The CLI's files of the current run (timeseries.csv, clones.csv, clone_sizes.csv, summary.json). */
  files(page?: PageRecord): Promise<Record<string, string>>;
  /** Those files and the scenario as run (scenario.json), zipped in a folder `<name>-seed<N>/`. */
  zip(page?: PageRecord): Promise<Uint8Array>;
  /** Patients [start, start + count) of a cohort of the loaded scenario (the CLI's rows). */
  cohort(seed: number, start: number, count: number): Promise<PatientRecord[]>;
  /** The cohort view's curves and statistics of these patients. */
  cohortView(rows: PatientRecord[], site: string): Promise<CohortView>;
  /** A virtual trial of these two arms' patients (the same patients, a therapy in the second). */
  trialView(control: PatientRecord[], treated: PatientRecord[], arm: string): Promise<TrialView>;
  /** The compare view's statistics and overall survival of one hypothesis's cohort. */
  compareStats(rows: PatientRecord[], site: string, name: string): Promise<CompareStats>;
  /** patients.csv of these patients (the CLI's columns). */
  patientsCsv(rows: PatientRecord[]): Promise<string>;
}
