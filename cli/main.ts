/**
 * The `netevo` command: the Node adapter over the core. Reads and validates inputs (files and
 * flags), runs the core in chunks (so Ctrl-C is heard and a progress bar can draw), and writes
 * outputs atomically. Exit codes: 0 success, 2 bad input, 1 failure, 130 interrupted.
 */
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import {
  VERSION, DEFAULT_LIMITS, THERAPY_IDS, ScenarioError, SimulationError, branchRun, setOverrides, type RunLimits, checkpointText, resumeRun, PatientSimulation, BirthDeathSimulation, patientRunFiles, birthDeathRunFiles,
  cohortFiles, replicateFiles, type PatientRecord, type ReplicateRecord, type Scenario, scenarioJsonSchema, parseSequencing, sequence, sequenceBirthDeath, type Sequencing, Interrupted,
} from '../sim/api.js';
import { loadScenario, readInputFile, writeFilesAtomically, InputError, OutputError, checkOutputDir, checkLimits } from './io.js';
import { basename, dirname, resolve } from 'node:path';
import { runCohortParallel } from './pool.js';
import { cmdMerge, cmdSweep, parseShard } from './sweep.js';
import { cmdCompare } from './compare.js';
import { cmdTrial } from './trial.js';
import { runFit } from './fit.js';
import { runPower, runValidation, type ReferenceOptions } from './crossval.js';
import { cmdCheck } from './check.js';

export { Interrupted };

const SeedFlag = z.string().regex(/^\d{1,15}$/, 'expected a non-negative integer (at most 15 digits)').transform(Number);
// Whole numbers may be written with an exponent (1e4: what a sweep or a shell script often holds).
const PatientsFlag = z.string().regex(/^\d+(?:[eE]\d+)?$/, 'expected a positive integer (e.g. 300 or 1e4)').transform(Number).pipe(z.number().int().min(1).max(10_000_000, 'at most 10,000,000'));
const CountFlag = z.string().regex(/^\d+(?:[eE]\d+)?$/, 'expected a whole number ≥ 0').transform(Number).pipe(z.number().int().max(1_000_000));
const WorkersFlag = z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1).max(256));

function flag<T>(schema: z.ZodType<T>, name: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(`--${name} ${JSON.stringify(value)}: ${r.error.issues[0].message}`);
  return r.data;
}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  signal: { interrupted: boolean };
}

function acceptFlag(v: string): number {
  const accept = Number(v);
  if (!(accept > 0 && accept <= 1)) throw new InputError(`--accept ${JSON.stringify(v)}: expected a fraction in (0, 1]`);
  return accept;
}

/** `fit --validate`'s reference table: --budget and --smc cohorts (400 each unless given), --accept 0.1 unless given. */
function referenceOptions(opts: Record<string, string | string[] | boolean | undefined>, given: (name: string) => boolean): ReferenceOptions {
  return {
    target: opts.target as string[], pure: flag(PatientsFlag, 'budget', given('budget') ? opts.budget : '400'), mixture: flag(PatientsFlag, 'smc', given('smc') ? opts.smc : '400'),
    patients: flag(PatientsFlag, 'patients', opts.patients), accept: acceptFlag(given('accept') ? (opts.accept as string) : '0.1'), seed: flag(SeedFlag, 'seed', opts.seed),
    workers: flag(WorkersFlag, 'workers', opts.workers), out: opts.out as string | undefined, quiet: Boolean(opts.quiet),
    shard: parseShard(opts.shard as string | undefined), waitMinutes: flag(CountFlag, 'wait', opts.wait),
  };
}

const defaultOut = (s: Scenario, seed: number, what: string) => `out/${s.name}${what}-seed${seed}`;

/**
 * Advance a run tick by tick for about SLICE_MS, then return (whether it is over), so that the
 * caller yields to the event loop: Ctrl-C and SIGTERM are heard within a slice whatever a tick
 * costs (100 ticks of a large lattice took seconds).
 */
const SLICE_MS = 100;
function inSlices(sim: { advance(ticks: number): boolean }, afterTick?: () => void): boolean {
  const t0 = performance.now();
  let done = false;
  do {
    done = sim.advance(1);
    afterTick?.();
  } while (!done && performance.now() - t0 < SLICE_MS);
  return done;
}

/** Yield to the event loop so signals and the progress bar get their turn. */
const breathe = () => new Promise<void>((r) => setImmediate(r));

function bar(io: Io, label: string, unit: string) {
  if (!io.isTTY) return null;
  const b = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  return b;
}

function sequencingFlag(value: string | undefined): Sequencing | undefined {
  if (value === undefined) return undefined;
  try {
    return parseSequencing(value);
  } catch (e) {
    throw new InputError(`--sequencing ${JSON.stringify(value)}: ${(e as Error).message}`);
  }
}

type LimitOpts = { maxTicks?: string; maxRows?: string; maxMemory?: string };

const LimitFlag = z.string().regex(/^\s*[\d.eE+]+\s*$/, 'expected a positive number (e.g. 1e8)').transform(Number).pipe(z.number({ error: 'expected a positive number (e.g. 1e8)' }).positive('expected a positive number (e.g. 1e8)').finite('expected a positive number (e.g. 1e8)'));

/** --max-ticks, --max-rows, --max-memory: the limits a scenario's estimated work is held to. */
function limitsFrom(opts: LimitOpts): RunLimits {
  const one = (name: string, v: string | undefined, dflt: number) => (v === undefined ? dflt : flag(LimitFlag, name, v));
  return { ticks: one('max-ticks', opts.maxTicks, DEFAULT_LIMITS.ticks), rows: one('max-rows', opts.maxRows, DEFAULT_LIMITS.rows), memoryMB: one('max-memory', opts.maxMemory, DEFAULT_LIMITS.memoryMB) };
}

/** The work limits' flags (sim/core/limits.ts), on every command that runs a scenario file. */
function withLimits(cmd: Command): Command {
  return cmd
    .option('--max-ticks <N>', `most ticks one run may take (estimated before it runs; default ${DEFAULT_LIMITS.ticks.toExponential(0)})`)
    .option('--max-rows <N>', `most time-series rows one run may record (default ${DEFAULT_LIMITS.rows.toExponential(0)})`)
    .option('--max-memory <MB>', `most lattice memory one run may take, in MB (default ${DEFAULT_LIMITS.memoryMB})`);
}

/** `--checkpoint FILE --checkpoint-every DAYS`: where and how often a run saves its state. */
interface CheckpointPlan {
  path: string;
  everyDays: number;
  scenarioText: string;
  source: string;
  /** The run's --sequencing as given (saved, so a resumed run sequences as this one would). */
  sequencing: string | null;
}
function checkpointPlan(opts: { checkpoint?: string; checkpointEvery?: string; sequencing?: string }, scenarioText: string, source: string): CheckpointPlan | null {
  if (opts.checkpoint === undefined) {
    if (opts.checkpointEvery !== undefined) throw new InputError('--checkpoint-every needs --checkpoint FILE (where the state is saved)');
    return null;
  }
  const every = Number(opts.checkpointEvery ?? '3650');
  if (!(every > 0 && Number.isFinite(every))) throw new InputError(`--checkpoint-every ${JSON.stringify(String(opts.checkpointEvery).slice(0, 40))}: expected a positive number of simulated days`);
  checkOutputDir(dirname(resolve(opts.checkpoint)), '--checkpoint');
  return { path: opts.checkpoint, everyDays: every, scenarioText, source, sequencing: opts.sequencing ?? null };
}

/**
 * Advance `sim` to its end in slices (Ctrl-C heard within one), saving a checkpoint each time
 * simulated time passes a multiple of the plan's interval (at a tick, so the saved states do not
 * depend on the machine's speed), then write the run's files. Shared by `run` and `resume`.
 */
async function finishRun(
  sim: PatientSimulation | BirthDeathSimulation,
  s: Scenario,
  o: { seed: string | number; sequencing?: Sequencing; file: string; out: string; quiet?: boolean; checkpoint: CheckpointPlan | null },
  io: Io,
): Promise<void> {
  const t0 = performance.now();
  const m = sim.model;
  const net = sim instanceof PatientSimulation;
  const progress = o.quiet ? null : bar(io, s.name, net ? 'years' : 'days');
  const total = s.kind === 'net' ? Math.ceil(s.time.maxAgeYears - s.time.startAgeYears) : Number.isFinite(s.stop.days) ? Math.ceil(s.stop.days) : s.stop.cells;
  const where = () => (s.kind === 'net' ? Math.floor((sim as PatientSimulation).model.ageYears() - s.time.startAgeYears) : Number.isFinite(s.stop.days) ? Math.floor(m.tDays) : (sim as BirthDeathSimulation).model.cells());
  progress?.start(total, Math.min(total, where()), { rate: '' });
  const ck = o.checkpoint;
  let nextSave = ck ? (Math.floor(m.tDays / ck.everyDays) + 1) * ck.everyDays : Infinity;
  const save = () => {
    if (!ck || m.tDays < nextSave) return;
    writeFilesAtomically(dirname(resolve(ck.path)), { [basename(ck.path)]: checkpointText(sim, ck.scenarioText, ck.source, o.seed, ck.sequencing) });
    while (nextSave <= m.tDays) nextSave += ck.everyDays;
  };
  while (!inSlices(sim, save)) {
    progress?.update(Math.min(total, where()), { rate: net ? `${(sim as PatientSimulation).model.clones.alive.length} clones` : `${(sim as BirthDeathSimulation).model.cells()} cells` });
    await breathe();
    if (io.signal.interrupted) throw new Interrupted();
  }
  if (io.signal.interrupted) throw new Interrupted();
  progress?.stop();
  let files: Record<string, string>;
  let outcome = '';
  if (sim instanceof PatientSimulation && s.kind === 'net') {
    const result = sim.result();
    if (o.sequencing) sequence(result, o.sequencing, o.seed);
    files = patientRunFiles(result, s, o.seed, o.file);
    const r = result.record;
    outcome = r.diagnosed
      ? `diagnosed at ${r.age_at_diagnosis_years!.toFixed(1)} y: ${r.subgroup}, Ki-67 ${r.ki67_at_diagnosis!.toFixed(1)} %, ${r.mitoses_per_2mm2} mitoses/2 mm² (${r.grade_at_diagnosis}), niche ${r.archetype}`
      : `not diagnosed by ${r.age_at_end_years.toFixed(1)} y (niche ${r.archetype})`;
  } else if (sim instanceof BirthDeathSimulation && s.kind === 'birth-death') {
    const result = sim.result();
    if (o.sequencing) sequenceBirthDeath(result, o.sequencing, o.seed);
    files = birthDeathRunFiles(result, s, o.seed, o.file);
  } else throw new Error('run and scenario disagree');
  writeFilesAtomically(o.out, files);
  if (!o.quiet) {
    if (outcome) io.stderr(`netevo: ${s.name} seed ${o.seed}: patient ${outcome}\n`);
    io.stderr(`netevo: ${s.name} seed ${o.seed}: wrote ${Object.keys(files).join(', ')} to ${o.out} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  }
}

type CheckpointOpts = { checkpoint?: string; checkpointEvery?: string };


/**
 * `branch FILE`: the saved patient continued with something changed — the same cells, clones and
 * random streams up to the branch, so the branch and the original differ only by the change.
 */
async function cmdBranch(path: string, opts: { atDays?: string; set: string[]; out?: string; quiet?: boolean; sequencing?: string } & CheckpointOpts, io: Io): Promise<void> {
  const r = loadCheckpoint(path);
  if (!(r.run instanceof PatientSimulation)) throw new InputError(`${path}: a branch needs a NET run (this one is birth–death)`);
  const run = r.run;
  const atDays = opts.atDays === undefined ? r.tDays : Number(opts.atDays);
  if (!Number.isFinite(atDays)) throw new InputError(`--at-days ${JSON.stringify(String(opts.atDays).slice(0, 40))}: expected a number of simulated days`);
  if (atDays < r.tDays) throw new InputError(`--at-days ${atDays}: the checkpoint is at day ${r.tDays.toFixed(1)}; branch later, or from an earlier checkpoint`);
  let overrides: Record<string, unknown>;
  try {
    overrides = setOverrides(opts.set);
  } catch (e) {
    throw new InputError(`--set ${(e as Error).message}`);
  }
  // Up to the branch point, the original run (in slices: Ctrl-C heard).
  const reached = () => run.done || run.model.tDays >= atDays - 1e-9;
  while (!reached() && !inSlices({ advance: (n) => (run.advance(n), reached()) })) {
    await breathe();
    if (io.signal.interrupted) throw new Interrupted();
  }
  let b: ReturnType<typeof branchRun>;
  try {
    b = branchRun(run, overrides, r.scenarioText, r.source);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new InputError(`--set: ${(e as Error).message}`);
  }
  opts.sequencing ??= r.sequencing ?? undefined;
  const sequencing = sequencingFlag(opts.sequencing);
  const out = opts.out ?? defaultOut(b.scenario, Number(r.seed), '-branch');
  checkOutputDir(out);
  const checkpoint = checkpointPlan(opts, b.scenarioText, r.source);
  if (!opts.quiet) io.stderr(`netevo: branching ${b.scenario.name} seed ${r.seed} at day ${run.model.tDays.toFixed(1)} (age ${run.model.ageYears().toFixed(1)} y)${opts.set.length ? `: ${opts.set.join(', ')}` : ', nothing changed'}\n`);
  await finishRun(run, b.scenario, { seed: r.seed, sequencing, file: r.source, out, quiet: opts.quiet, checkpoint }, io);
}

async function cmdRun(arg: string, opts: { seed: string; out?: string; quiet?: boolean; sequencing?: string } & LimitOpts & CheckpointOpts, io: Io): Promise<void> {
  const seed = flag(SeedFlag, 'seed', opts.seed);
  const sequencing = sequencingFlag(opts.sequencing);
  const limits = limitsFrom(opts);
  const { s, file, text } = loadScenario(arg);
  checkLimits(s, file, limits, true);
  const out = opts.out ?? defaultOut(s, seed, '');
  checkOutputDir(out);
  const checkpoint = checkpointPlan(opts, text, file);
  const sim = s.kind === 'net' ? new PatientSimulation(s, seed, 0, true) : new BirthDeathSimulation(s, seed);
  await finishRun(sim, s, { seed, sequencing, file, out, quiet: opts.quiet, checkpoint }, io);
}

/** A checkpoint file's run, or exit 2 naming the file and why it cannot be resumed. */
function loadCheckpoint(path: string): ReturnType<typeof resumeRun> {
  try {
    return resumeRun(readInputFile(path, 'checkpoint file'), path);
  } catch (e) {
    if (e instanceof InputError || e instanceof ScenarioError) throw e;
    throw new InputError((e as Error).message);
  }
}

/** `resume FILE`: a checkpointed run continued to its end; the files an uninterrupted run writes. */
async function cmdResume(path: string, opts: { out?: string; quiet?: boolean; sequencing?: string } & CheckpointOpts, io: Io): Promise<void> {
  const r = loadCheckpoint(path);
  // Sequenced as the saved run would have been, unless --sequencing says otherwise.
  opts.sequencing ??= r.sequencing ?? undefined;
  const sequencing = sequencingFlag(opts.sequencing);
  const out = opts.out ?? defaultOut(r.scenario, Number(r.seed), '');
  checkOutputDir(out);
  const checkpoint = checkpointPlan(opts, r.scenarioText, r.source);
  if (!opts.quiet) io.stderr(`netevo: resuming ${r.scenario.name} seed ${r.seed} from ${path} (day ${r.tDays.toFixed(1)})\n`);
  await finishRun(r.run, r.scenario, { seed: r.seed, sequencing, file: r.source, out, quiet: opts.quiet, checkpoint }, io);
}

async function cmdCohort(arg: string, opts: { patients?: string; seed: string; out?: string; workers: string; quiet?: boolean; sequencing?: string } & LimitOpts, io: Io): Promise<void> {
  if (opts.patients === undefined) throw new InputError('--patients N is required (the number of patients, or of replicates of a birth–death scenario)');
  const patients = flag(PatientsFlag, 'patients', opts.patients);
  const seed = flag(SeedFlag, 'seed', opts.seed);
  const workers = flag(WorkersFlag, 'workers', opts.workers);
  const sequencing = sequencingFlag(opts.sequencing);
  const limits = limitsFrom(opts);
  const { s, file } = loadScenario(arg);
  checkLimits(s, file, limits, false);
  if (s.kind !== 'net' && sequencing) throw new InputError(`--sequencing: needs a "net" scenario (${file} is "${s.kind}": its replicates have no tumor to sequence)`);
  const out = opts.out ?? defaultOut(s, seed, '-cohort');
  checkOutputDir(out);
  const unit = s.kind === 'net' ? 'patients' : 'replicates';
  const t0 = performance.now();
  const progress = opts.quiet ? null : bar(io, s.name, unit);
  progress?.start(patients, 0, { rate: '' });
  const onProgress = (done: number) => {
    const secs = (performance.now() - t0) / 1000;
    progress?.update(done, { rate: `${(done / Math.max(secs, 1e-3)).toFixed(0)} ${unit}/s` });
  };
  const pool = { patients, seed, workers, signal: io.signal, sequencing };
  // Replicate i of a birth–death scenario runs on the stream seed/replicate/i, as `netevo run` runs one population.
  const rows = await runCohortParallel(file, s, pool, onProgress);
  progress?.stop();
  if (io.signal.interrupted) throw new Interrupted();
  const files = s.kind === 'net' ? cohortFiles(rows as PatientRecord[], s, seed, file, sequencing) : replicateFiles(rows as ReplicateRecord[], s, seed, file);
  const outcome = s.kind === 'net' ? `${patients} patients, ${(rows as PatientRecord[]).filter((r) => r.diagnosed).length} diagnosed` : `${patients} replicates, ${(rows as ReplicateRecord[]).filter((r) => r.extinct).length} extinct`;
  writeFilesAtomically(out, files);
  if (!opts.quiet) io.stderr(`netevo: ${s.name} seed ${seed}: ${outcome}; wrote ${Object.keys(files).join(', ')} to ${out} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
}

/** Check every file (not only up to the first bad one); exit 2 if any is bad. */
function cmdValidate(files: string[], io: Io): void {
  let bad = 0;
  for (const f of files) {
    try {
      const { s } = loadScenario(f);
      io.stdout(`${f}: ok (${s.kind}${s.kind === 'net' ? `, ${s.site}, ${s.engine} engine` : `, ${s.space.mode}`})\n`);
    } catch (e) {
      if (!(e instanceof ScenarioError || e instanceof InputError)) throw e;
      bad++;
      io.stderr(`netevo: error: ${e.message}\n`);
    }
  }
  if (bad) throw new InputError(`${bad} of ${files.length} scenario files are not valid`);
}

/**
 * A flag that takes one value given more than once (`--seed 1 --seed 2`): commander would keep
 * the last silently. Repeatable flags (--target, --targets, --mix) collect into a list.
 */
function repeatedFlag(program: Command, argv: string[]): string | null {
  const cmd = program.commands.find((c) => c.name() === argv[0]);
  if (!cmd) return null;
  for (const o of cmd.options) {
    if (Array.isArray(o.defaultValue) || o.isBoolean()) continue;
    const names = [o.long, o.short].filter((n): n is string => Boolean(n));
    const uses = argv.filter((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
    if (uses.length > 1) return `${o.long} given ${uses.length} times: give it once`;
  }
  return null;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const program = new Command();
  let action: Promise<void> = Promise.resolve();
  program
    .name('netevo')
    .description('Agent-based simulator of neuroendocrine tumor evolution under four competing hypotheses')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run netevo --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  withLimits(program
    .command('run'))
    .description('simulate one patient (or one birth–death population) and write timeseries.csv, clones.csv, clone_sizes.csv, summary.json')
    .argument('<scenario>', 'scenario file, or the name of a shipped one (see scenarios/)')
    .option('--seed <N>', 'random seed (non-negative integer)', '1')
    .option('--out <DIR>', 'output directory (default out/<scenario>-seed<N>)')
    .option('--sequencing <spec>', 'simulated sequencing of the diagnosed tumor (birth–death: the final population), e.g. depth=100,purity=0.7[,minReads=3]: writes sequencing.csv')
    .option('--checkpoint <FILE>', 'save the whole state of the run to FILE (atomically) every --checkpoint-every simulated days; `netevo resume FILE` continues it')
    .option('--checkpoint-every <DAYS>', 'simulated days between checkpoints (default 3650)')
    .option('-q, --quiet', 'no progress bar or closing line')
    .action((file, opts) => (action = cmdRun(file, opts, io)));
  program
    .command('resume')
    .description('continue a run saved with run --checkpoint; writes the files the uninterrupted run writes, byte for byte')
    .argument('<checkpoint>', 'a checkpoint file')
    .option('--out <DIR>', 'output directory (default out/<scenario>-seed<N>)')
    .option('--sequencing <spec>', 'simulated sequencing of the diagnosed tumor, as for run')
    .option('--checkpoint <FILE>', 'go on saving checkpoints to FILE')
    .option('--checkpoint-every <DAYS>', 'simulated days between checkpoints (default 3650)')
    .option('-q, --quiet', 'no progress bar or closing line')
    .action((file, opts) => (action = cmdResume(file, opts, io)));
  program
    .command('branch')
    .description('a counterfactual: the patient saved in a checkpoint continued with something changed (--set), the same random streams; the files of that run')
    .argument('<checkpoint>', 'a checkpoint file (run --checkpoint, or the page\'s Save run)')
    .option('--at-days <T>', 'simulated day to branch at (default: the checkpoint\'s); the original run goes on to it first')
    .option('--set <path=value>', 'a scenario value changed from the branch on, e.g. immune.killPerDay=0.003 (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--out <DIR>', 'output directory (default out/<scenario>-branch-seed<N>)')
    .option('--sequencing <spec>', 'simulated sequencing of the diagnosed tumor, as for run')
    .option('--checkpoint <FILE>', 'save checkpoints of the branch to FILE')
    .option('--checkpoint-every <DAYS>', 'simulated days between checkpoints (default 3650)')
    .option('-q, --quiet', 'no progress bar or closing line')
    .action((file, opts) => (action = cmdBranch(file, opts, io)));
  withLimits(program
    .command('cohort'))
    .description('simulate a cohort and write patients.csv and summary.json (a birth–death scenario: N replicates, replicates.csv and summary.json)')
    .argument('<scenario>', 'scenario file, or the name of a shipped one')
    .addOption(new Option('--patients <N>', 'number of patients, or of replicates of a birth–death scenario (required)'))
    .option('--seed <N>', 'master seed; patient i uses seed/patient/i (replicate i: seed/replicate/i)', '1')
    .option('--workers <N>', 'worker threads (results do not depend on it)', '1')
    .option('--out <DIR>', 'output directory (default out/<scenario>-cohort-seed<N>)')
    .option('--sequencing <spec>', 'simulated sequencing of each diagnosed tumor, e.g. depth=100,purity=0.7: sequencing.csv, mutation_burden and tmb_per_mb columns')
    .option('-q, --quiet', 'no progress bar or closing line')
    .action((file, opts) => (action = cmdCohort(file, opts, io)));
  withLimits(program
    .command('sweep'))
    .description('run a grid of scenario parameters × seeds (one cohort per task); resumable; --shard i/n runs every n-th task')
    .argument('<sweep.json>', 'sweep file (see scenarios/sweeps/)')
    .option('--shard <i/n>', 'run the i-th of n deterministic slices (for job arrays)')
    .option('--workers <N>', 'worker threads per cohort', '1')
    .option('--out <DIR>', 'output directory (default out/sweep-<name>)')
    .action((file, opts) => (action = cmdSweep(file, { ...opts, workers: flag(WorkersFlag, 'workers', opts.workers), limits: limitsFrom(opts) }, io)));
  program
    .command('merge')
    .description('combine the task results of sweep shards into one results.csv (the same bytes as an unsharded run)')
    .argument('<DIR...>', 'sweep output directories')
    .option('--out <DIR>', 'where to write results.csv (default: the first DIR)')
    .action((dirs, opts) => (action = Promise.resolve().then(() => cmdMerge(dirs, opts, io))));
  program
    .command('compare')
    .description('run the four hypotheses (and --mix mixtures) on the same patients; write each patients.csv, comparison.json and comparison.csv')
    .argument('<site>', 'lung, pancreas or small-intestine')
    .addOption(new Option('--patients <N>', 'patients per cohort (required)'))
    .option('--seed <N>', 'master seed (the same patients under every hypothesis)', '1')
    .option('--mix <w1,w2,w3,w4>', 'also a mixture with these weights (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--workers <N>', 'worker threads', '1')
    .option('--out <DIR>', 'output directory (default out/compare-<site>-seed<N>)')
    .action((site, opts) => {
      if (opts.patients === undefined) throw new InputError('--patients N is required (patients per cohort)');
      action = cmdCompare(site, { patients: flag(PatientsFlag, 'patients', opts.patients), seed: flag(SeedFlag, 'seed', opts.seed), out: opts.out, workers: flag(WorkersFlag, 'workers', opts.workers), mix: opts.mix }, io);
    });
  withLimits(program
    .command('trial'))
    .description('a virtual trial: the same patients in every arm, each therapy started when metastases are found; write arms.csv, trial.json (hazard ratios overall and per SSTR2/MGMT/DLL3 stratum) and each arm\'s patients.csv')
    .argument('<scenario>', 'scenario file, or the name of a shipped one')
    .requiredOption('--arms <list>', `control and therapies, comma-separated (${['control', ...THERAPY_IDS].join(', ')})`)
    .addOption(new Option('--patients <N>', 'patients per arm (required)'))
    .option('--seed <N>', 'master seed (the same patients in every arm)', '1')
    .option('--workers <N>', 'worker threads (results do not depend on it)', '1')
    .option('--out <DIR>', 'output directory (default out/<scenario>-trial-seed<N>)')
    .option('-q, --quiet', 'no progress bar or closing lines')
    .action((file, opts) => {
      if (opts.patients === undefined) throw new InputError('--patients N is required (patients per arm)');
      action = cmdTrial(file, { arms: opts.arms, patients: flag(PatientsFlag, 'patients', opts.patients), seed: flag(SeedFlag, 'seed', opts.seed), workers: flag(WorkersFlag, 'workers', opts.workers), out: opts.out, quiet: opts.quiet, limits: limitsFrom(opts) }, { ...io, isTTY: io.isTTY });
    });
  program
    .command('fit')
    .description('approximate Bayesian computation: which hypothesis (and parameters) best explains a published table')
    .argument('<site>', 'lung, pancreas or small-intestine')
    .option('--target <FILE.csv>', 'table in the format cohort,group,measure,value,denominator,source (see reference/; repeatable: the tables are fitted together, rows of other sites are reported as such)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--budget <K>', 'model-choice simulations (spread evenly over the four pure hypotheses)', '80')
    .option('--patients <N>', 'patients per simulated cohort', '200')
    .option('--accept <fraction>', 'fraction of simulations accepted (closest to the target)', '0.25')
    .option('--smc <K>', "simulations of the mixture's sequential ABC (hypothesis weights and parameters; 0: model choice only)", '480')
    .option('--particles <N>', 'particles of the sequential ABC (--smc must hold at least 2 × N)', '64')
    .option('--refine <K>', 'steps of the local search from the best posterior particles on a common cohort of 4 × --patients', '24')
    .option('--validation <N>', "patients in the fresh cohort fit.csv's figures come from (default max(2000, 10 × --patients); 0: the selection cohort of 4 × --patients)")
    .option('--seed <N>', 'master seed', '1')
    .option('--workers <N>', 'worker threads', '1')
    .option('--out <DIR>', 'output directory (default out/fit-<site>-seed<N>)')
    .option('--validate', 'instead of fitting, cross-validate the fit on this table: a reference table of --budget pure-hypothesis and --smc mixture cohorts (400 each unless given; --accept 0.1 unless given), each in turn the truth of a synthetic study of the table\'s sizes; prints the confusion matrix, the calibration of the posterior and the coverage of the mixture weights\' 90 % intervals, writes validation.json')
    .option('--shard <i/n>', 'run the i-th of n shares of every stage into --out, a folder all n shards share (a job array), reading the others\' simulations as they appear; every shard reaches the same posterior, shard 1 calibrates and writes the outputs')
    .option('--wait <minutes>', "with --shard: how long to wait for another shard's simulation before stopping", '120')
    .option('-q, --quiet', 'no progress bar or closing lines')
    .action((site, opts, cmd: Command) => {
      if (!opts.target.length) throw new InputError('--target FILE.csv is required (e.g. reference/lung-subgroups.csv; repeat it for more tables)');
      const given = (name: string) => cmd.getOptionValueSource(name) !== 'default';
      if (opts.validate) {
        action = runValidation(site, referenceOptions(opts, given), io);
        return;
      }
      const accept = acceptFlag(opts.accept);
      const smc = flag(CountFlag, 'smc', opts.smc);
      const particles = flag(PatientsFlag, 'particles', opts.particles);
      if (particles < 4) throw new InputError(`--particles ${particles}: expected at least 4`);
      if (smc > 0 && smc < 2 * particles) throw new InputError(`--smc ${smc}: expected 0 or at least 2 × --particles (${2 * particles}: the first generation)`);
      action = runFit(site, {
        target: opts.target, budget: flag(PatientsFlag, 'budget', opts.budget), patients: flag(PatientsFlag, 'patients', opts.patients),
        seed: flag(SeedFlag, 'seed', opts.seed), accept, smc, particles, refine: flag(CountFlag, 'refine', opts.refine),
        validation: opts.validation === undefined ? undefined : flag(CountFlag, 'validation', opts.validation), workers: flag(WorkersFlag, 'workers', opts.workers), out: opts.out, quiet: opts.quiet,
        shard: parseShard(opts.shard), waitMinutes: flag(CountFlag, 'wait', opts.wait),
      }, io).then(() => undefined);
    });
  program
    .command('power')
    .description('how many patients a study needs to tell the hypotheses apart with the measures of a table, and which extra measure would help most')
    .argument('<site>', 'lung, pancreas or small-intestine')
    .option('--target <FILE.csv>', 'table in the format of reference/*.csv (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--patients <N,N,…>', "study sizes in diagnosed tumours (each row's denominator scales by N / the table's largest denominator)", '50,100,300,1000')
    .option('--budget <K>', 'reference cohorts, spread evenly over the four pure hypotheses', '400')
    .option('--cohort <N>', 'simulated patients per reference cohort', '300')
    .option('--accept <fraction>', 'fraction of the other reference cohorts accepted (closest to each synthetic study)', '0.1')
    .option('--seed <N>', 'master seed', '1')
    .option('--workers <N>', 'worker threads', '1')
    .option('--out <DIR>', 'output directory (default out/power-<site>-seed<N>)')
    .option('--shard <i/n>', 'simulate the i-th of n shares of the reference table into --out, a folder all n shards share (a job array); shard 1 waits for the others and writes the results')
    .option('--wait <minutes>', "with --shard: how long to wait for another shard's cohort before stopping", '120')
    .option('-q, --quiet', 'no progress bar or closing lines (the table is still printed)')
    .action((site, opts) => {
      if (!opts.target.length) throw new InputError('--target FILE.csv is required (e.g. reference/lung-subgroups.csv)');
      const sizes = String(opts.patients).split(',').map((v) => flag(PatientsFlag, 'patients', v.trim()));
      action = runPower(site, {
        target: opts.target, sizes, pure: flag(PatientsFlag, 'budget', opts.budget), mixture: 0, patients: flag(PatientsFlag, 'cohort', opts.cohort),
        accept: acceptFlag(opts.accept), seed: flag(SeedFlag, 'seed', opts.seed), workers: flag(WorkersFlag, 'workers', opts.workers), out: opts.out, quiet: opts.quiet,
        shard: parseShard(opts.shard), waitMinutes: flag(CountFlag, 'wait', opts.wait),
      }, io).then(() => undefined);
    });
  withLimits(program
    .command('check'))
    .description("a fresh cohort against published tables: each row's value, 95 % interval, simulated value and inside/outside; writes check.csv and check.md")
    .argument('<scenario>', 'NET scenario file, or the name of a shipped one')
    .option('--targets <FILE.csv>', 'table in the format of reference/*.csv (repeatable; at least one)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--patients <N>', 'patients in the cohort', '2000')
    .option('--seed <N>', 'master seed', '1')
    .option('--workers <N>', 'worker threads (results do not depend on it)', '1')
    .option('--out <DIR>', 'output directory (default out/<scenario>-check-seed<N>)')
    .option('-q, --quiet', 'no progress bar or closing line (the table is still printed)')
    .action((file, opts) => {
      if (!opts.targets.length) throw new InputError('--targets FILE.csv is required (e.g. reference/lung-subgroups.csv; repeat it for more tables)');
      action = cmdCheck(file, { targets: opts.targets, patients: flag(PatientsFlag, 'patients', opts.patients), seed: flag(SeedFlag, 'seed', opts.seed), workers: flag(WorkersFlag, 'workers', opts.workers), out: opts.out, quiet: opts.quiet, limits: limitsFrom(opts) }, io).then(() => undefined);
    });
  program
    .command('validate')
    .description('check scenario files against the schema')
    .argument('<scenario.json...>', 'files')
    .action((files) => (action = Promise.resolve().then(() => cmdValidate(files, io))));
  program
    .command('schema')
    .description('print the scenario JSON Schema')
    .action(() => (action = Promise.resolve().then(() => io.stdout(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n'))));
  // --debug anywhere: an unexpected failure prints its stack trace (otherwise one line).
  const debug = argv.includes('--debug');
  argv = argv.filter((a) => a !== '--debug');
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    const repeated = repeatedFlag(program, argv);
    if (repeated) throw new InputError(repeated);
    await program.parseAsync(argv, { from: 'user' });
    await action;
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed its message
    }
    if (e instanceof ScenarioError || e instanceof InputError) {
      io.stderr(`netevo: error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SimulationError) {
      io.stderr(`netevo: error: ${e.message}; nothing written\n`);
      return 2;
    }
    if (e instanceof Interrupted) {
      // Resumable commands (sweep, fit, power) keep what they finished and said so above.
      io.stderr('netevo: interrupted; no result file written\n');
      return 130;
    }
    if (e instanceof OutputError) {
      io.stderr(`netevo: error: ${e.message}\n`);
      return 1;
    }
    io.stderr(debug ? `netevo: failed: ${(e as Error).stack ?? e}\n` : `netevo: failed: ${String((e as Error).message ?? e).split('\n')[0]} (run with --debug for the stack trace)\n`);
    return 1;
  }
}

function defaultIo(): Io {
  const signal = { interrupted: false };
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stderr.isTTY),
    signal,
  };
}

export function installSignalHandlers(io: Io): void {
  const stop = () => {
    if (io.signal.interrupted) process.exit(130);
    io.signal.interrupted = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
export { defaultIo };
