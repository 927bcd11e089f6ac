/**
 * `netevo fit <site> --target FILE.csv`: the core's ABC fit (sim/study/fit/) on the Node worker
 * pool. This file reads the target table and the shipped scenarios, keeps each finished
 * simulation as one small file under DIR/sims/ (so a fit can be stopped and resumed, or given a
 * larger --budget later), shows progress and writes fit.json, fit.csv and simulations.csv.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import Papa from 'papaparse';
import {
  HYPOTHESIS_SLUGS, Interrupted, TARGET_COLUMNS, fitFiles, fitHypotheses, fitIdentity, parseTarget,
  type FitProblem, type FitResult, type Simulation, type Site, type TargetRow,
} from '../sim/api.js';
import { InputError, checkSite, readInputFile, siteScenario, writeFilesAtomically } from './io.js';
import { CohortPool } from './pool.js';
import { JsonStore, identityKey } from './store.js';

export function loadTarget(file: string, site: Site): TargetRow[] {
  const text = readInputFile(file, 'target table');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  if (TARGET_COLUMNS.some((c) => !fields.includes(c))) return parseTarget(fields, [], site, file); // names the missing columns
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    throw new InputError(`${file}: line ${(e.row ?? 0) + 2}: malformed CSV: ${e.message}`);
  }
  return parseTarget(parsed.meta.fields ?? [], parsed.data, site, file);
}

/** The fit's flags: the core's problem (FitProblem) with the target as a file, plus the shell's. */
export type FitOptions = Omit<FitProblem, 'site' | 'target' | 'bases'> & {
  target: string;
  workers: number;
  out?: string;
  quiet?: boolean;
};

export async function runFit(siteArg: string, o: FitOptions, io: { stderr: (s: string) => void; isTTY: boolean; signal: { interrupted: boolean } }): Promise<FitResult> {
  const site = checkSite(siteArg);
  const problem: FitProblem = {
    site, target: loadTarget(o.target, site), bases: Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario(site, h)])) as FitProblem['bases'],
    budget: o.budget, patients: o.patients, seed: o.seed, accept: o.accept, refine: o.refine, validation: o.validation,
  };
  const out = o.out ?? `out/fit-${site}-seed${o.seed}`;
  const files = new JsonStore<Simulation>(join(out, 'sims'), 'sim', 'sim', identityKey(fitIdentity(problem)), io.stderr);
  const saved = files.load();
  let done = [...saved.keys()].filter((i) => i < o.budget).length;
  if (!o.quiet) io.stderr(`netevo: fit ${site} to ${o.target}: ${o.budget} simulations of ${o.patients} patients (${done} already done), ${problem.target.length} target rows\n`);
  const bar = io.isTTY && !o.quiet ? new cliProgress.SingleBar({ format: `fit [{bar}] {value}/{total} simulations | ETA {eta_formatted}`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(o.budget, done);
  const store = {
    get: (i: number) => saved.get(i),
    put: (s: Simulation) => {
      files.put(s.index, s);
      done++;
      bar?.update(done);
    },
  };
  const pool = new CohortPool(o.workers);
  let result: FitResult;
  try {
    result = await fitHypotheses(problem, { run: pool.runner(io.signal), store, onSimulation: (i, total) => i === total && bar?.stop() });
  } catch (e) {
    if (e instanceof Interrupted) {
      bar?.stop();
      io.stderr(`netevo: fit interrupted after ${done} of ${o.budget} simulations${done === o.budget ? ' (during the refinement or validation)' : ''}; run the same command again to resume\n`);
    }
    throw e;
  } finally {
    await pool.close();
  }
  writeFilesAtomically(out, fitFiles(result, o.target));
  if (!o.quiet) {
    const c = result.choice;
    io.stderr(`netevo: posterior ${HYPOTHESIS_SLUGS.map((h) => `${h} ${c.posterior[h].toFixed(2)}`).join(', ')}; winner ${c.winner}; acceptance ${c.acceptanceRate.toFixed(2)}\n`);
    io.stderr(`netevo: wrote fit.json, fit.csv, simulations.csv to ${out}\n`);
  }
  return result;
}
