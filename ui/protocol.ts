/**
 * The one protocol between the page and its simulation workers (Comlink). The main thread only
 * draws; everything that computes lives behind `SimApi`. Inputs crossing into the worker are
 * validated there (zod); frames carry typed arrays transferred, not copied.
 */
import { z } from 'zod';
import type { PatientRecord } from '../sim/net/patient.js';

export const SeedSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const TicksSchema = z.number().int().min(1).max(100_000);

export interface ScenarioInfo {
  name: string;
  kind: 'net' | 'birth-death';
  site: string | null;
  engine: 'clone' | 'lattice';
  width: number;
  height: number;
  subgroups: string[];
  programs: { index: number; id: string; label: string; committed: boolean }[];
  hits: string[];
  agentTypes: string[];
  columns: string[];
}

export interface CloneMeta {
  /** Per clone id: program index, hit bitmask, neoplastic flag, parent. */
  program: Int32Array;
  hits: Int32Array;
  neoplastic: Uint8Array;
  parent: Int32Array;
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
  lattice: { states: Int32Array; agentType: Uint8Array; agentSite: Int32Array } | null;
  patient: PatientView;
}

export interface PatientView {
  sex: string;
  archetype: string;
  germlineMEN1: boolean;
  diagnosed: boolean;
  subgroup: string | null;
  ageAtDiagnosis: number | null;
  ki67: number | null;
  grade: string | null;
  hits: string[];
  cellOfOrigin: string | null;
  metastasisYears: number | null;
  death: string | null;
}

export type LoadResult = { ok: true; info: ScenarioInfo } | { ok: false; errors: { path: string; message: string }[] };

export interface SimApi {
  /** Validate and load a scenario; errors name the JSON path. */
  load(input: unknown, source: string): Promise<LoadResult>;
  /** Start a run of the loaded scenario with this seed (patient 0, as `netevo run`). */
  start(seed: number): Promise<void>;
  /** Advance up to `ticks` ticks (or until a record is due) and return what changed. */
  advance(ticks: number): Promise<Frame>;
  /** The CLI's files of the current run (timeseries.csv, clones.csv, clone_sizes.csv, summary.json). */
  files(): Promise<Record<string, string>>;
  /** Patients [start, start + count) of a cohort of the loaded scenario (the CLI's rows). */
  cohort(seed: number, start: number, count: number): Promise<PatientRecord[]>;
}
