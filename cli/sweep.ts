/**
 * `netevo sweep` and `netevo merge`: grid × seeds, sharded for job arrays, resumable, merged back
 * byte for byte. Each finished task is one small file in the store DIR/tasks/ (store.ts), so an
 * interrupted sweep resumes where it stopped and no file is ever half-written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import {
  Interrupted, VERSION, STREAMS_VERSION, parseJsonText, type RunLimits, parseScenarioText, planSweep, resultsCsv, shardTasks, taskRow, taskScenario,
} from '../sim/api.js';
import { InputError, readInputFile, writeFilesAtomically, checkOutputDir, checkLimits } from './io.js';
import { CohortPool } from './pool.js';
import { JsonStore, identityKey } from './store.js';

export interface SweepIo {
  stderr: (s: string) => void;
  isTTY: boolean;
  signal: { interrupted: boolean };
}

type Row = Record<string, string | number | boolean>;

/** The finished tasks under `dir` of the sweep whose identity hashes to `key`. */
const taskStore = (dir: string, key: string, io: SweepIo) => new JsonStore<Row>(join(dir, 'tasks'), 'task', 'row', key, io.stderr);

function loadSweep(file: string) {
  const data = parseJsonText(readInputFile(file, 'sweep file'), file);
  const scenarioRef = (data as { scenario?: unknown })?.scenario;
  if (typeof scenarioRef !== 'string') throw new InputError(`${file}: $.scenario: expected the path of a scenario file (relative to the sweep file)`);
  const scenarioPath = resolve(dirname(file), scenarioRef);
  const base = parseScenarioText(readInputFile(scenarioPath, 'scenario file'), scenarioPath);
  if (base.kind !== 'net') throw new InputError(`${file}: $.scenario: a sweep needs a "net" scenario (${scenarioRef} is "${base.kind}")`);
  const sweep = planSweep(data, base.input, file);
  // Task results are reused only for the same sweep, base scenario and version.
  const identity = { sweep: sweep.input, scenario: base.input, version: VERSION, streams: STREAMS_VERSION };
  return { sweep, base, identity, scenarioPath };
}

export function parseShard(value: string | undefined): [number, number] | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || +m[2] < 1 || +m[1] < 1 || +m[1] > +m[2]) throw new InputError(`--shard ${JSON.stringify(value)}: expected i/n with 1 ≤ i ≤ n (e.g. 3/10)`);
  return [+m[1], +m[2]];
}

interface Manifest {
  netevo: string;
  key: string;
  name: string;
  tasks: number;
}

function readManifest(dir: string): Manifest | null {
  const f = join(dir, 'sweep.json');
  if (!existsSync(f)) return null;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as Manifest;
  } catch {
    throw new InputError(`${f}: not a netevo sweep manifest (unreadable JSON)`);
  }
}

export async function cmdSweep(file: string, opts: { shard?: string; out?: string; workers: number; limits: RunLimits }, io: SweepIo): Promise<void> {
  const shard = parseShard(opts.shard);
  const { sweep, base, identity } = loadSweep(file);
  const out = opts.out ?? `out/sweep-${sweep.input.name}`;
  checkOutputDir(out);
  const key = identityKey(identity);
  const store = taskStore(out, key, io);
  const manifest = readManifest(out);
  if (manifest && manifest.key !== key)
    throw new InputError(`--out ${out}: holds another sweep ("${manifest.name}", key ${manifest.key}); use a new directory`);
  const manifestText = JSON.stringify({ netevo: VERSION, key, name: sweep.input.name, tasks: sweep.tasks.length, sweep: sweep.input, scenario: base.input }, null, 2) + '\n';
  if (!manifest) writeFilesAtomically(out, { 'sweep.json': manifestText });
  const mine = shard ? shardTasks(sweep.tasks, shard[0], shard[1]) : sweep.tasks;
  // Every task's scenario within the work limits before any runs.
  for (const task of mine) checkLimits(taskScenario(base.input, task, file), `${file} (task ${task.index})`, opts.limits, false);
  const done = store.load();
  const todo = mine.filter((t) => !done.has(t.index));
  const label = `${sweep.input.name}${shard ? ` shard ${shard[0]}/${shard[1]}` : ''}`;
  io.stderr(`netevo: sweep ${label}: ${mine.length} tasks (${sweep.points.length} points × ${sweep.seeds.length} seeds, ${sweep.input.patients} patients each); ${mine.length - todo.length} already done\n`);
  const bar = io.isTTY
    ? new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} tasks | {rate} | ETA {eta_formatted}`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(mine.length, mine.length - todo.length, { rate: '' });
  const t0 = performance.now();
  let finished = 0;
  const pool = new CohortPool(opts.workers);
  const run = pool.runner(io.signal);
  try {
    for (const task of todo) {
      const scenario = taskScenario(base.input, task, file);
      const rows = await run(scenario, file, { patients: sweep.input.patients, seed: task.seed });
      const row = taskRow(sweep, task, scenario.site, rows);
      store.put(task.index, row);
      done.set(task.index, row);
      finished++;
      const secs = (performance.now() - t0) / 1000;
      bar?.update(mine.length - todo.length + finished, { rate: `${(finished / secs).toFixed(2)} tasks/s` });
      if (!io.isTTY && (finished % 10 === 0 || finished === todo.length))
        io.stderr(`netevo: ${label}: ${mine.length - todo.length + finished}/${mine.length} tasks, ${(finished / secs).toFixed(2)} tasks/s, about ${Math.round(((todo.length - finished) * secs) / finished)} s left\n`);
    }
  } catch (e) {
    if (e instanceof Interrupted) {
      bar?.stop();
      io.stderr(`netevo: ${label}: interrupted after ${finished} new tasks; run the same command again to resume\n`);
    }
    throw e;
  } finally {
    await pool.close();
  }
  bar?.stop();
  const rows = mine.map((t) => done.get(t.index)!);
  const name = shard ? `results.shard-${shard[0]}-of-${shard[1]}.csv` : 'results.csv';
  writeFilesAtomically(out, { [name]: resultsCsv(rows) });
  io.stderr(`netevo: ${label}: wrote ${join(out, name)}${shard ? ' (combine the shards with netevo merge)' : ''}\n`);
}

export function cmdMerge(dirs: string[], opts: { out?: string }, io: SweepIo): void {
  const manifests = dirs.map((d) => {
    const m = readManifest(d);
    if (!m) throw new InputError(`${d}: no sweep.json here (not a netevo sweep output directory)`);
    return m;
  });
  const key = manifests[0].key;
  manifests.forEach((m, i) => {
    if (m.key !== key) throw new InputError(`${dirs[i]}: belongs to another sweep ("${m.name}", key ${m.key}) than ${dirs[0]} (key ${key})`);
  });
  const all = new Map<number, Row>();
  for (const d of dirs)
    for (const [i, row] of taskStore(d, key, io).load()) {
      const prev = all.get(i);
      if (prev && JSON.stringify(prev) !== JSON.stringify(row)) throw new InputError(`task ${i}: two different results in the merged directories`);
      all.set(i, row);
    }
  const total = manifests[0].tasks;
  const missing = [];
  for (let i = 0; i < total; i++) if (!all.has(i)) missing.push(i);
  if (missing.length)
    throw new InputError(`${missing.length} of ${total} tasks are missing (first: ${missing.slice(0, 5).join(', ')}); run the missing shards, then merge again`);
  const out = opts.out ?? dirs[0];
  checkOutputDir(out);
  const manifestText = readFileSync(join(dirs[0], 'sweep.json'), 'utf8');
  writeFilesAtomically(out, { 'results.csv': resultsCsv([...all.values()]), ...(out === dirs[0] ? {} : { 'sweep.json': manifestText }) });
  io.stderr(`netevo: merged ${total} tasks from ${dirs.length} director${dirs.length > 1 ? 'ies' : 'y'} into ${join(out, 'results.csv')}\n`);
}

