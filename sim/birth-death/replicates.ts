/**
 * Replicates of a birth–death scenario (`netevo cohort` on a birth–death scenario): replicate i
 * of master seed s runs the scenario as `netevo run` does, on the stream derived from
 * (s, 'replicate', i) alone, so any slice of the replicates, on any number of workers, gives the
 * same rows.
 */
import { deriveSeed } from '../core/rng.js';
import type { ResolvedBirthDeath } from '../scenario/scenario.js';
import { BirthDeathSimulation } from './model.js';

/** One replicate's end: a row of replicates.csv. */
export interface ReplicateRecord {
  replicate: number;
  t_end_days: number;
  cells: number;
  births: number;
  deaths: number;
  /** 1 when no cell is left. */
  extinct: number;
}

export const REPLICATE_COLUMNS = ['replicate', 't_end_days', 'cells', 'births', 'deaths', 'extinct'] as const;

/** The seed of replicate i of master seed `seed`. */
export const replicateSeed = (seed: string | number, i: number) => deriveSeed(seed, 'replicate', i);

export function simulateReplicate(scenario: ResolvedBirthDeath, seed: string | number, i: number): ReplicateRecord {
  const sim = new BirthDeathSimulation(scenario, replicateSeed(seed, i));
  sim.advance();
  const m = sim.model;
  return {
    replicate: i,
    t_end_days: Number(m.tDays.toPrecision(9)),
    cells: m.cells(),
    births: m.counters.births,
    deaths: m.counters.deaths,
    extinct: m.cells() === 0 ? 1 : 0,
  };
}

export const replicateRow = (r: ReplicateRecord) => REPLICATE_COLUMNS.map((c) => r[c]);

export interface ReplicateSummary {
  replicates: number;
  extinct: number;
  /** Mean and sample variance (denominator R − 1; null for one replicate) of the final cells. */
  final_cells_mean: number | null;
  final_cells_variance: number | null;
}

export function summariseReplicates(rows: ReplicateRecord[]): ReplicateSummary {
  const R = rows.length;
  const mean = R ? rows.reduce((a, r) => a + r.cells, 0) / R : null;
  // Two passes (mean, then squared deviations): no cancellation for large populations.
  const variance = R > 1 && mean !== null ? rows.reduce((a, r) => a + (r.cells - mean) ** 2, 0) / (R - 1) : null;
  return {
    replicates: R,
    extinct: rows.filter((r) => r.extinct === 1).length,
    final_cells_mean: mean,
    final_cells_variance: variance,
  };
}
