/**
 * The page's workers: each one a simulation worker behind Comlink (ui/worker.ts). The run view
 * keeps one; a cohort spreads its patients over a small pool; the compare view takes one per
 * hypothesis. Workers are terminated when their job ends, not left for the garbage collector.
 */
import * as Comlink from 'comlink';
import { cohortBlocks, type PatientRecord } from '../sim/api.js';
import type { ScenarioInfo, ScenarioRequest, SimApi } from './protocol.js';

export type Sim = Comlink.Remote<SimApi>;

export interface SimWorker {
  api: Sim;
  terminate(): void;
}

export function newWorker(): SimWorker {
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<SimApi>(w);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      w.terminate();
    },
  };
}

export interface CohortProgress {
  /** Patients finished so far. */
  done: number;
  total: number;
  patientsPerSecond: number;
}

/**
 * A cohort of `patients` patients on a pool of workers (at most one per spare core and one per
 * 20 patients). Patient i uses the stream seed/patient/i, so the rows do not depend on the pool.
 * `cancelled` is polled between blocks; `summarise` runs on one of the pool's workers before the
 * pool ends, so the statistics are computed off the main thread too.
 */
export async function runCohortOnPool<T>(
  req: ScenarioRequest,
  seed: number,
  patients: number,
  opts: { onProgress: (p: CohortProgress) => void; cancelled: () => boolean; summarise: (sim: Sim, rows: PatientRecord[], info: ScenarioInfo) => Promise<T> },
): Promise<{ rows: PatientRecord[]; summary: T } | null> {
  const size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1, Math.ceil(patients / 20)));
  const pool = Array.from({ length: size }, newWorker);
  try {
    let info: ScenarioInfo | null = null;
    for (const w of pool) {
      const r = await w.api.load(req);
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      info = r.info;
    }
    const rows: PatientRecord[] = new Array(patients);
    // The core's blocks (sim/study/blocks.ts), from one queue shared by the workers.
    const queue = cohortBlocks(patients);
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    await Promise.all(
      pool.map(async (w) => {
        while (next < queue.length && !opts.cancelled()) {
          const { start, end } = queue[next++];
          const count = end - start;
          const block = await w.api.cohort(seed, start, count);
          block.forEach((r, k) => (rows[start + k] = r));
          done += count;
          opts.onProgress({ done, total: patients, patientsPerSecond: done / ((performance.now() - t0) / 1000) });
        }
      }),
    );
    if (opts.cancelled()) return null;
    return { rows, summary: await opts.summarise(pool[0].api, rows, info!) };
  } finally {
    for (const w of pool) w.terminate();
  }
}
