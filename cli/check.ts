/**
 * `netevo check <scenario> --targets FILE.csv [--targets …]`: a fresh cohort on the worker pool
 * (as `netevo cohort` runs it: progress bar, Ctrl-C), then every row of the tables against it
 * (sim/study/check.ts): the table is printed and written as check.csv and check.md.
 */
import cliProgress from 'cli-progress';
import { DEFAULT_LIMITS, Interrupted, checkCsv, checkMarkdown, checkSummary, checkTable, type CheckRow, type PatientRecord } from '../sim/api.js';
import { loadTarget } from './fit.js';
import { InputError, loadScenario, writeFilesAtomically, checkOutputDir, checkLimits, type CohortCommandOptions } from './io.js';
import { runCohortParallel } from './pool.js';

export interface CheckOptions extends CohortCommandOptions {
  targets: string[];
}

interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  signal: { interrupted: boolean };
}

export async function cmdCheck(arg: string, o: CheckOptions, io: CheckIo): Promise<CheckRow[]> {
  const { s, file } = loadScenario(arg);
  if (s.kind !== 'net') throw new InputError(`${file}: $.kind: a check needs a "net" scenario (this one is "${s.kind}")`);
  checkLimits(s, file, o.limits ?? DEFAULT_LIMITS, false);
  // Every table is read (and its errors reported) before any patient is simulated.
  const tables = o.targets.map((t) => ({ file: t, rows: loadTarget(t, s.site) }));
  const out = o.out ?? `out/${s.name}-check-seed${o.seed}`;
  checkOutputDir(out);
  const t0 = performance.now();
  const bar = io.isTTY && !o.quiet
    ? new cliProgress.SingleBar({ format: `${s.name} [{bar}] {percentage}% | {value}/{total} patients | {rate} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(o.patients, 0, { rate: '' });
  const patients: PatientRecord[] = await runCohortParallel(file, s, { patients: o.patients, seed: o.seed, workers: o.workers, signal: io.signal }, (done) => {
    bar?.update(done, { rate: `${(done / Math.max((performance.now() - t0) / 1000, 1e-3)).toFixed(0)} patients/s` });
  });
  bar?.stop();
  if (io.signal.interrupted) throw new Interrupted();
  const rows = tables.flatMap((t) => checkTable(t.file, t.rows, s.site, patients));
  const dx = patients.filter((r) => r.diagnosed).length;
  const md = checkMarkdown(rows, `Check of ${s.name} (${file}): ${o.patients} patients, seed ${o.seed}, ${dx} diagnosed; tables ${o.targets.join(', ')}.`);
  io.stdout(md);
  writeFilesAtomically(out, { 'check.csv': checkCsv(rows), 'check.md': md });
  if (!o.quiet) {
    const c = checkSummary(rows);
    io.stderr(`netevo: ${s.name} seed ${o.seed}: ${c.inside} of ${c.computable} computable rows inside their 95 % interval; wrote check.csv, check.md to ${out} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  }
  return rows;
}
