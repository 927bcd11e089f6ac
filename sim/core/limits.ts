/**
 * What a run may not do, and the error that stops it. Whatever the schema accepts must finish or
 * stop with a message: a rate that overflows, a random draw from a non-finite mean, a clone table
 * beyond any real tumour's, or a scenario whose ticks or recorded rows would take days or
 * gigabytes. The message names the quantity, the value and, where it helps, what to change.
 */

/** A run stopped because a quantity left its meaningful range (CLI exit 2: the input's fault). */
export class SimulationError extends Error {
  constructor(message: string, readonly located = false) {
    super(message);
    this.name = 'SimulationError';
  }
}

/** Run `step`; a SimulationError from inside gets `where` (the run's time) in front, once. */
export function locating<T>(where: () => string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof SimulationError && !e.located) throw new SimulationError(`${where()}: ${e.message}`, true);
    throw e;
  }
}

/**
 * Most clones one run may create (genotype clones and passenger sub-clones together): ~0.5 kB
 * each, so ~150 MB. Real runs stay far below (a whole lung patient a few thousand; extreme fit
 * draws measured up to 53,111).
 */
export const MAX_CLONES = 300_000;

/** Work and memory a scenario may ask for before it runs (each raised by a CLI flag). */
export interface RunLimits {
  /** Ticks of one run (one patient or one birth–death population). */
  ticks: number;
  /** Recorded time-series rows of one run. */
  rows: number;
  /** Lattice memory of one run, in MB. */
  memoryMB: number;
}
export const DEFAULT_LIMITS: RunLimits = { ticks: 1e7, rows: 1e6, memoryMB: 4096 };

/** A finite number ≥ 0, or a SimulationError naming `what`. */
export function checkRate(value: number, what: () => string): number {
  if (!(value >= 0) || value === Infinity) throw new SimulationError(`${what()} is ${value} (expected a finite number ≥ 0)`);
  return value;
}
