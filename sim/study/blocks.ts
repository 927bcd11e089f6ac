/**
 * Cohorts in blocks, written once. A cohort of N patients is cut into blocks of consecutive
 * patients [start, end); lanes (worker threads, Web Workers, this thread) take the next block
 * from one shared queue. Patient i uses the stream seed/patient/i whatever block or lane runs it,
 * so the rows do not depend on the block size, the number of lanes or the order blocks finish in.
 */
import { simulatePatient, type PatientRecord } from '../net/patient.js';
import type { ResolvedBirthDeath, ResolvedNet } from '../scenario/scenario.js';
import type { Sequencing } from '../net/sequencing.js';
import { simulateReplicate, type ReplicateRecord } from '../birth-death/replicates.js';

/**
 * Patients per block: small enough that a lane hears a stop (and a progress bar moves) every few
 * patients and the last blocks balance across lanes, large enough that a message per block
 * costs nothing beside eight patient lives.
 */
export const COHORT_BLOCK = 8;

/** Patients [start, end) of a cohort. */
export interface Block {
  start: number;
  end: number;
}

/** The blocks of a cohort of `patients`, in order (the last may be shorter). */
export function cohortBlocks(patients: number, size: number = COHORT_BLOCK): Block[] {
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`block size ${size}: expected a positive whole number`);
  const out: Block[] = [];
  for (let start = 0; start < patients; start += size) out.push({ start, end: Math.min(patients, start + size) });
  return out;
}

/** The records of patients [start, end) of a cohort (what each lane runs for one block). */
export function simulateBlock(scenario: ResolvedNet, seed: number | string, block: Block, opts: { sequencing?: Sequencing } = {}): PatientRecord[] {
  const rows: PatientRecord[] = [];
  for (let i = block.start; i < block.end; i++) rows.push(simulatePatient(scenario, seed, i, { sequencing: opts.sequencing }).record);
  return rows;
}

/**
 * What a cohort runs: patients of a NET scenario, or replicates of a birth–death scenario
 * (replicate i on the stream seed/replicate/i), in the same blocks.
 */
export type CohortScenario = ResolvedNet | ResolvedBirthDeath;
export type CohortRow<S extends CohortScenario> = S extends ResolvedBirthDeath ? ReplicateRecord : PatientRecord;

/** The rows of block [start, end) of a cohort of either kind (sequencing: NET scenarios only). */
export function simulateRows<S extends CohortScenario>(scenario: S, seed: number | string, block: Block, opts: { sequencing?: Sequencing } = {}): CohortRow<S>[] {
  if (scenario.kind === 'net') return simulateBlock(scenario, seed, block, opts) as CohortRow<S>[];
  if (opts.sequencing) throw new Error('sequencing needs a NET scenario (a birth–death replicate has no tumor to sequence)');
  const rows: ReplicateRecord[] = [];
  for (let i = block.start; i < block.end; i++) rows.push(simulateReplicate(scenario, seed, i));
  return rows as CohortRow<S>[];
}

/** A scenario's input and the name it is reported under (a shipped file, a page's preset). */
export interface ScenarioSource {
  input: Record<string, unknown>;
  file: string;
}

/** A run stopped by its caller (Ctrl-C, a cancelled page view): nothing it made is to be kept. */
export class Interrupted extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}

/**
 * Runs one whole cohort of a resolved scenario, patients [0, patients) with streams
 * seed/patient/i; `source` names the scenario (workers re-parse its input under that name).
 * Throws Interrupted when stopped. The fit and other studies take one of these, so the same
 * science runs on a Node worker pool, Web Workers or this thread.
 */
export type CohortRunner = (scenario: ResolvedNet, source: string, cohort: { patients: number; seed: number | string }) => Promise<PatientRecord[]>;

/** A runner on this thread, block by block, checking `signal` between blocks. */
export function inThreadRunner(signal: { interrupted: boolean } = { interrupted: false }, pause?: () => Promise<unknown>): CohortRunner {
  return async (scenario, _source, { patients, seed }) => {
    const rows: PatientRecord[] = [];
    for (const b of cohortBlocks(patients)) {
      // A worker that must hear a cancel between blocks yields to its event loop first.
      if (pause) await pause();
      if (signal.interrupted) throw new Interrupted();
      rows.push(...simulateBlock(scenario, seed, b));
    }
    return rows;
  };
}
