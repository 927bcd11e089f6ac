/**
 * Cohorts on a pool of worker_threads. Patients (or the replicates of a birth–death scenario) are
 * handed out in the core's blocks (cohortBlocks) from one queue; each one's stream depends only
 * on (master seed, index), so the rows are the same for any number of workers and any completion
 * order.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { Interrupted, SimulationError, cohortBlocks, simulateRows, type Block, type CohortRow, type CohortRunner, type CohortScenario, type Sequencing } from '../sim/api.js';

export interface PoolOptions {
  patients: number;
  seed: number | string;
  signal: { interrupted: boolean };
  sequencing?: Sequencing;
}

let bundle: string | null = null;
const root = new URL('../', import.meta.url);

/** A key for the bundle: the core's and the worker's sources, the lockfile (dependencies) and Node. */
function bundleKey(): string {
  const h = createHash('sha256').update(process.version);
  const files = ['cli/worker.ts', 'package-lock.json', ...(readdirSync(new URL('sim/', root), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort().map((f) => `sim/${f}`)];
  for (const f of files) {
    h.update(f);
    h.update(readFileSync(new URL(f, root)));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * cli/worker.ts and the core as one CommonJS script, built with esbuild (~0.2 s) and cached in
 * node_modules/.cache/netevo under a key of its sources, so later runs start their workers at once.
 */
export function workerBundle(): string {
  if (bundle) return bundle;
  const key = bundleKey();
  const dir = new URL('node_modules/.cache/netevo/', root);
  const file = new URL(`worker-${key}.cjs`, dir);
  try {
    bundle = readFileSync(file, 'utf8');
    return bundle;
  } catch {
    // not cached yet
  }
  // esbuild is loaded only here, when a pool first needs its worker script (not at every start).
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  bundle = buildSync({
    entryPoints: [fileURLToPath(new URL('cli/worker.ts', root))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = new URL(`worker-${key}.cjs.tmp-${process.pid}`, dir);
    writeFileSync(tmp, bundle);
    renameSync(tmp, file);
  } catch {
    // a read-only install: no cache, the bundle is rebuilt next time
  }
  return bundle;
}

const ResultMessage = z.object({
  type: z.literal('block'),
  start: z.number().int().nonnegative(),
  rows: z.array(z.union([z.object({ patient: z.number().int() }).passthrough(), z.object({ replicate: z.number().int() }).passthrough()])),
});
const ErrorMessage = z.object({ type: z.literal('error'), simulation: z.boolean().optional(), message: z.string() });

/**
 * A pool of `size` lanes kept across cohorts (sweep tasks, fit simulations, compared
 * hypotheses). A pool of 1 is this thread; a pool of n ≥ 2 is n worker threads, and this thread
 * only hands out blocks and gathers rows: as a lane of its own it made the workers wait while it
 * ran a block (its messages unheard) and between cohorts (the fit's distances), 11 % of a
 * worker's time in a lung fit (W4-fit: 3,874 patients/s with this thread as a lane, 4,563 without,
 * one run each on an idle machine). Start-up and JIT warm-up are paid once per pool, not per
 * cohort. Each worker has two blocks in hand, so it never waits for this thread to hand out work.
 */
export class CohortPool {
  private workers: Worker[] = [];
  /** Per worker: the answers it still owes, in order (a worker answers its messages in turn). */
  private pending = new Map<Worker, { resolve: (m: unknown) => void; reject: (e: Error) => void }[]>();
  private failure: Error | null = null;

  constructor(readonly size: number) {}

  private start(): void {
    if (this.workers.length || this.size <= 1) return;
    const code = workerBundle();
    for (let k = 0; k < this.size; k++) {
      const w = new Worker(code, { eval: true });
      const queue: { resolve: (m: unknown) => void; reject: (e: Error) => void }[] = [];
      this.pending.set(w, queue);
      w.on('message', (m: unknown) => {
        const p = queue.shift();
        if (!p) return;
        const err = ErrorMessage.safeParse(m);
        if (err.success) p.reject(err.data.simulation ? new SimulationError(err.data.message, true) : new Error(`worker: ${err.data.message}`));
        else p.resolve(m);
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const p of queue.splice(0)) p.reject(e);
      });
      this.workers.push(w);
    }
  }

  private request(w: Worker, msg: unknown): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.get(w)!.push({ resolve, reject });
      w.postMessage(msg);
    });
  }

  async run<S extends CohortScenario>(source: string, scenario: S, opts: PoolOptions, onProgress: (done: number) => void): Promise<CohortRow<S>[]> {
    const rows: CohortRow<S>[] = new Array(opts.patients);
    let done = 0;
    const queue = cohortBlocks(opts.patients).values();
    const take = (): Block | null => (opts.signal.interrupted ? null : (queue.next().value ?? null));
    // This thread's lane (a pool of one): a block, then a turn of the event loop (progress,
    // Ctrl-C: the pool yields itself, callers need not), then the next block.
    const here = async () => {
      for (let b = take(); b; b = take()) {
        simulateRows(scenario, opts.seed, b, { sequencing: opts.sequencing }).forEach((row, j) => (rows[b.start + j] = row));
        done += b.end - b.start;
        onProgress(done);
        await new Promise<void>((r) => setImmediate(r));
      }
    };
    const remote = async (w: Worker) => {
      await this.request(w, { type: 'load', input: scenario.input, source, sequencing: opts.sequencing });
      const one = async (block: Block) => {
        const msg = ResultMessage.safeParse(await this.request(w, { type: 'run', block, seed: opts.seed }));
        if (!msg.success) throw new Error(`worker sent a malformed message: ${msg.error.issues[0].message}`);
        msg.data.rows.forEach((row, j) => (rows[msg.data.start + j] = row as unknown as CohortRow<S>));
        done += msg.data.rows.length;
        onProgress(done);
      };
      // Two blocks in flight: the worker starts the second while this thread hears the first.
      const lane = async () => {
        for (let b = take(); b; b = take()) await one(b);
      };
      await Promise.all([lane(), lane()]);
    };
    this.start();
    await Promise.all(this.size <= 1 ? [here()] : this.workers.map(remote));
    if (!opts.signal.interrupted) onProgress(opts.patients);
    return rows;
  }

  /** This pool as the core's CohortRunner: throws Interrupted when `signal` stops a cohort. */
  runner(signal: { interrupted: boolean }): CohortRunner {
    return async (scenario, source, cohort) => {
      const rows = await this.run(source, scenario, { ...cohort, signal }, () => {});
      if (signal.interrupted) throw new Interrupted();
      return rows;
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
    this.pending.clear();
  }
}

/** One cohort (patients, or birth–death replicates) on a pool of its own. */
export async function runCohortParallel<S extends CohortScenario>(source: string, scenario: S, opts: PoolOptions & { workers: number }, onProgress: (done: number) => void): Promise<CohortRow<S>[]> {
  const pool = new CohortPool(opts.workers);
  try {
    return await pool.run(source, scenario, opts, onProgress);
  } finally {
    await pool.close();
  }
}
