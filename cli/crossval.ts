/**
 * `netevo fit <site> --target FILE --validate` and `netevo power <site> --target FILE --patients
 * 50,100,300`: the core's cross-validation and power analysis (sim/study/fit/crossval.ts) on the
 * Node worker pool. The reference table is kept one small file per simulation under
 * DIR/reference-pure/ and DIR/reference-mixture/ (resumable, as the fit's), and both commands
 * write their results atomically (validation.json, or power.json, power.csv and
 * extra-measures.csv).
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import {
  HYPOTHESIS_SLUGS, Interrupted, VERSION, candidateRows, power, referenceIdentity, recordsToCsv, referenceTable, validateMixture, validatePure,
  type PowerResult, type ReferenceProblem, type ReferenceSim, type ReferenceStage, type Site, type TargetRow,
} from '../sim/api.js';
import { InputError, checkSite, siteScenario, writeFilesAtomically, checkOutputDir } from './io.js';
import { folderShare, loadTarget } from './fit.js';
import { CohortPool } from './pool.js';
import { JsonStore, identityKey } from './store.js';

export interface ReferenceOptions {
  target: string[];
  /** Pure-hypothesis and mixture cohorts of the reference table. */
  pure: number;
  mixture: number;
  patients: number;
  accept: number;
  seed: number;
  workers: number;
  out?: string;
  quiet?: boolean;
  /** This process's shard [i, n] of the reference table (1-based), shared through `out`. */
  shard?: [number, number] | null;
  waitMinutes?: number;
}

type Io = { stderr: (s: string) => void; isTTY: boolean; signal: { interrupted: boolean } };

function loadTables(site: Site, files: string[]): TargetRow[] {
  return files.flatMap((f) => loadTarget(f, site).map((r) => ({ ...r, table: f })));
}

/** The reference table, simulated or read back from `out`, with a progress bar per stage. */
async function reference(p: ReferenceProblem, out: string, o: ReferenceOptions, io: Io): Promise<{ pure: ReferenceSim[]; mixture: ReferenceSim[] }> {
  const key = identityKey(referenceIdentity(p));
  const files = {
    pure: new JsonStore<ReferenceSim>(join(out, 'reference-pure'), 'sim', 'sim', key, io.stderr),
    mixture: new JsonStore<ReferenceSim>(join(out, 'reference-mixture'), 'sim', 'sim', key, io.stderr),
  };
  const saved = { pure: files.pure.load(), mixture: files.mixture.load() };
  if (!o.quiet) {
    const have = (st: ReferenceStage) => [...saved[st].keys()].filter((i) => i < p[st]).length;
    io.stderr(`netevo: reference table: ${p.pure} cohorts of the pure hypotheses (${have('pure')} already done) and ${p.mixture} of mixtures (${have('mixture')} already done), ${p.patients} patients each\n`);
  }
  const bar = io.isTTY && !o.quiet ? new cliProgress.SingleBar({ format: '{stage} [{bar}] {value}/{total} cohorts | ETA {eta_formatted}', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  let current: ReferenceStage | null = null;
  let last = Date.now();
  const pool = new CohortPool(o.workers);
  const share = o.shard ? folderShare<ReferenceSim>(o.shard, files, o.waitMinutes ?? 120, io.signal) : undefined;
  if (o.shard && !o.quiet) io.stderr(`netevo: shard ${o.shard[0]}/${o.shard[1]}: runs cohorts ${o.shard[0] - 1}, ${o.shard[0] - 1 + o.shard[1]}, … of each stage and reads the others from ${out} as they appear${share!.calibrates ? '; this shard writes the results' : ''}\n`);
  try {
    return await referenceTable(p, {
      run: pool.runner(io.signal), share,
      store: { get: (st, i) => saved[st].get(i), put: (st, s) => files[st].put(s.index, s) },
      onSimulation: (st, i, total) => {
        if (st !== current) {
          bar?.stop();
          bar?.start(total, 0, { stage: `${st} cohorts` });
          current = st;
        }
        bar?.update(i, { stage: `${st} cohorts` });
        // Without a terminal: a line every 30 s.
        if (!bar && !o.quiet && Date.now() - last > 30_000) {
          last = Date.now();
          io.stderr(`netevo: ${st} cohorts ${i}/${total}\n`);
        }
      },
    });
  } catch (e) {
    if (e instanceof Interrupted) {
      bar?.stop();
      io.stderr(`netevo: interrupted${current ? ` among the ${current} cohorts` : ''}; run the same command again to resume\n`);
    }
    throw e;
  } finally {
    bar?.stop();
    await pool.close();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export async function runValidation(siteArg: string, o: ReferenceOptions, io: Io & { stdout: (s: string) => void }): Promise<void> {
  const site = checkSite(siteArg);
  if (o.pure < 8) throw new InputError(`--budget ${o.pure}: cross-validation needs at least 8 pure-hypothesis cohorts (400 by default)`);
  if (o.mixture < 8) throw new InputError(`--smc ${o.mixture}: cross-validation needs at least 8 mixture cohorts (400 by default)`);
  const target = loadTables(site, o.target);
  const p: ReferenceProblem = {
    site, target, bases: Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario(site, h)])) as ReferenceProblem['bases'],
    patients: o.patients, seed: o.seed, pure: o.pure, mixture: o.mixture, accept: o.accept,
  };
  const out = o.out ?? `out/validate-${site}-seed${o.seed}`;
  checkOutputDir(out);
  const table = await reference(p, out, o, io);
  if (o.shard && o.shard[0] !== 1) return void (o.quiet || io.stderr(`netevo: shard ${o.shard[0]}/${o.shard[1]}: its share of the reference table is done; shard 1 writes the results to ${out}\n`));
  const pure = validatePure(table.pure, target, site, o.accept, o.seed);
  const mixture = validateMixture(table.mixture, target, site, o.accept, o.seed);
  const result = {
    netevo: VERSION, site, target: o.target.join(' + '), rows: target.length, patients: o.patients, accept: o.accept, seed: o.seed,
    method: 'leave-one-out rejection ABC on a reference table drawn from the fit\'s priors; each simulation in turn is the truth, measured as a study of the table\'s sample sizes',
    pure, mixture,
  };
  writeFilesAtomically(out, { 'validation.json': JSON.stringify(result, null, 2) + '\n' });
  const w = Math.max(...HYPOTHESIS_SLUGS.map((h) => h.length));
  const lines = [
    `Cross-validation of ${site} on ${o.target.join(' + ')} (${target.length} rows; cohorts of ${o.patients} patients; accept ${o.accept})`,
    '',
    `Pure hypotheses: ${pure.targets} synthetic studies, ${pct(pure.accuracy)} attributed to the hypothesis that made them (Brier ${pure.brier.toFixed(3)}; 0.75 is guessing)`,
    `${'truth \\ attributed'.padEnd(w)}  ${HYPOTHESIS_SLUGS.map((h) => h.slice(0, 12).padStart(12)).join(' ')}  recall`,
    ...HYPOTHESIS_SLUGS.map((t) => `${t.padEnd(w)}  ${HYPOTHESIS_SLUGS.map((a) => String(pure.confusion[t][a]).padStart(12)).join(' ')}  ${pct(pure.recall[t])}`),
    '',
    `Calibration of the posterior probabilities (probability given → share that was right; mean gap ${pure.calibrationError.toFixed(3)}):`,
    ...pure.calibration.filter((b) => b.n > 0).map((b) => `  [${b.lo.toFixed(1)}, ${b.hi.toFixed(1)}) ${String(b.n).padStart(5)} pairs: mean ${b.predicted!.toFixed(2)} → ${b.observed!.toFixed(2)}`),
    '',
    `Mixtures: ${mixture.targets} synthetic studies; the 90 % intervals hold the true weight in ${pct(mixture.coverage)} of cases`,
    ...HYPOTHESIS_SLUGS.map((h) => `  ${h.padEnd(w)} coverage ${pct(mixture.coverageByWeight[h])}, mean width ${mixture.meanWidth[h].toFixed(2)} (prior ${mixture.priorWidth.toFixed(2)}), mean |error| ${mixture.meanAbsError[h].toFixed(3)} (prior mean ${mixture.priorMeanAbsError[h].toFixed(3)})`),
    '',
  ];
  io.stdout(lines.join('\n') + '\n');
  if (!o.quiet) io.stderr(`netevo: wrote validation.json to ${out}\n`);
}

export async function runPower(siteArg: string, o: ReferenceOptions & { sizes: number[] }, io: Io & { stdout: (s: string) => void }): Promise<PowerResult | null> {
  const site = checkSite(siteArg);
  if (o.pure < 8) throw new InputError(`--budget ${o.pure}: a power analysis needs at least 8 pure-hypothesis cohorts (400 by default)`);
  const target = loadTables(site, o.target);
  const candidates = candidateRows(target, site);
  const p: ReferenceProblem = {
    site, target, candidates, bases: Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario(site, h)])) as ReferenceProblem['bases'],
    patients: o.patients, seed: o.seed, pure: o.pure, mixture: 0, accept: o.accept,
  };
  const out = o.out ?? `out/power-${site}-seed${o.seed}`;
  checkOutputDir(out);
  const table = await reference(p, out, o, io);
  if (o.shard && o.shard[0] !== 1) {
    if (!o.quiet) io.stderr(`netevo: shard ${o.shard[0]}/${o.shard[1]}: its share of the reference table is done; shard 1 writes the results to ${out}\n`);
    return null;
  }
  const result = power(table.pure, p, o.sizes, o.quiet ? undefined : (what) => io.isTTY && io.stderr(`\rnetevo: attributing ${what}…\x1b[K`));
  if (io.isTTY && !o.quiet) io.stderr('\r\x1b[K');
  const json = { netevo: VERSION, site, target: o.target.join(' + '), rows: target.length, table_size: result.tableSize, cohort_patients: o.patients, reference_cohorts: o.pure, accept: o.accept, seed: o.seed, ...result };
  writeFilesAtomically(out, {
    'power.json': JSON.stringify(json, null, 2) + '\n',
    'power.csv': recordsToCsv(result.curve.map((r) => ({ patients: r.patients, accuracy: r.accuracy, lo95: r.lo, hi95: r.hi, ...Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [`recall_${h}`, r.recall[h]])) }))),
    'extra-measures.csv': recordsToCsv(result.extra.map((e) => ({ group: e.group, measure: e.measure, accuracy: e.accuracy, gain: e.gain })), ['group', 'measure', 'accuracy', 'gain']),
  });
  const lines = [
    `Power to tell the four hypotheses apart with ${o.target.join(' + ')} (${target.length} rows; the table counts ${result.tableSize} tumours)`,
    `${o.pure} reference cohorts of ${o.patients} patients; each study's rows scaled to its size; accept ${o.accept}`,
    '',
    'tumours   attributed correctly [95 % interval]',
    ...result.curve.map((r) => `${String(r.patients).padStart(7)}   ${pct(r.accuracy).padStart(7)} [${pct(r.lo)}, ${pct(r.hi)}]`),
    '',
    `At the table's own size (${pct(result.baseline)}), one more measure would help most:`,
    ...result.extra.slice(0, 5).map((e) => `  ${e.group} ${e.measure}: ${pct(e.accuracy)} (${e.gain >= 0 ? '+' : ''}${(100 * e.gain).toFixed(1)} points)`),
    '',
  ];
  io.stdout(lines.join('\n') + '\n');
  if (!o.quiet) io.stderr(`netevo: wrote power.json, power.csv, extra-measures.csv to ${out}\n`);
  return result;
}
