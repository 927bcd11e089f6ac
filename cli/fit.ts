/**
 * `netevo fit <site> --target FILE.csv`: the core's ABC fit (sim/study/fit/) on the Node worker
 * pool. This file reads the target table and the shipped scenarios, keeps each finished
 * simulation as one small file under DIR/sims/ (model choice) and DIR/mixture/ (the sequential
 * ABC), so a fit can be stopped and resumed, shows progress per stage and writes fit.json,
 * fit.csv, simulations.csv, mixture.csv and best-scenario.json.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import {
  HYPOTHESES, HYPOTHESIS_SLUGS, Interrupted, fitFiles, fitHypotheses, fitIdentity, parseTargetCsv,
  type FitProblem, type FitResult, type Simulation, type SimulationStore, type Site, type Stage, type TargetRow,
} from '../sim/api.js';
import { InputError, checkSite, readInputFile, siteScenario, writeFilesAtomically, checkOutputDir } from './io.js';
import { CohortPool } from './pool.js';
import { JsonStore, identityKey } from './store.js';

export function loadTarget(file: string, site: Site): TargetRow[] {
  return parseTargetCsv(readInputFile(file, 'target table'), site, file);
}

/** The fit's flags: the core's problem (FitProblem) with the target as a file, plus the shell's. */
export type FitOptions = Omit<FitProblem, 'site' | 'target' | 'bases'> & {
  /** The target tables' files (fitted together). */
  target: string[];
  workers: number;
  out?: string;
  quiet?: boolean;
  /** This process's shard [i, n] (1-based) of a fit shared through `out`, and how long to wait for another shard's simulation. */
  shard?: [number, number] | null;
  waitMinutes?: number;
};

/** How often a shard looks for the other shards' simulations. */
const POLL_MS = 200;

/**
 * A shard's view of a fit shared through a folder: simulation k of a stage is shard
 * (k mod n) + 1's; another's is awaited by polling its file (at most `minutes`; Ctrl-C stops).
 */
export function folderShare<T>(shard: [number, number], stores: Record<string, JsonStore<T>>, minutes: number, signal: { interrupted: boolean }) {
  const [i, n] = shard;
  return {
    mine: (_stage: string, k: number) => k % n === i - 1,
    calibrates: i === 1,
    async wait(stage: string, k: number, ok: (s: T) => boolean): Promise<T> {
      const until = Date.now() + minutes * 60_000;
      for (;;) {
        const s = stores[stage].read(k);
        if (s !== undefined && ok(s)) return s;
        if (signal.interrupted) throw new Interrupted();
        if (Date.now() > until)
          throw new InputError(`shard ${i}/${n}: ${stage} simulation ${k} (shard ${(k % n) + 1}'s) did not appear in ${stores[stage].dir} within ${minutes} min; run that shard again, or run without --shard to finish here`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  };
}

export async function runFit(siteArg: string, o: FitOptions, io: { stderr: (s: string) => void; isTTY: boolean; signal: { interrupted: boolean } }): Promise<FitResult> {
  const site = checkSite(siteArg);
  const problem: FitProblem = {
    site, target: o.target.flatMap((f) => loadTarget(f, site).map((r) => ({ ...r, table: f }))), bases: Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario(site, h)])) as FitProblem['bases'],
    budget: o.budget, patients: o.patients, seed: o.seed, accept: o.accept, smc: o.smc, particles: o.particles, refine: o.refine, validation: o.validation,
  };
  const out = o.out ?? `out/fit-${site}-seed${o.seed}`;
  checkOutputDir(out);
  const key = identityKey(fitIdentity(problem));
  const files = { choice: new JsonStore<Simulation>(join(out, 'sims'), 'sim', 'sim', key, io.stderr), mixture: new JsonStore<Simulation>(join(out, 'mixture'), 'sim', 'sim', key, io.stderr) };
  const saved = { choice: files.choice.load(), mixture: files.mixture.load() };
  const stored = (st: Stage, below: number) => [...saved[st].keys()].filter((i) => i < below).length;
  if (!o.quiet) {
    io.stderr(`netevo: fit ${site} to ${o.target.join(' + ')}: ${problem.target.length} target rows, cohorts of ${o.patients} patients\n`);
    io.stderr(`netevo: model choice: ${o.budget} simulations (${stored('choice', o.budget)} already done)\n`);
    if (o.smc > 0) io.stderr(`netevo: mixture (sequential ABC): at most ${o.smc} simulations, ${o.particles} particles (${stored('mixture', o.smc)} already done)\n`);
  }
  const label: Record<Stage, string> = { choice: 'model choice', mixture: 'mixture' };
  const bar = io.isTTY && !o.quiet ? new cliProgress.SingleBar({ format: `{stage} [{bar}] {value}/{total} simulations | ETA {eta_formatted}`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  let current: Stage | null = null;
  let done = 0;
  const store: SimulationStore = {
    get: (st, i) => saved[st].get(i),
    put: (st, s) => files[st].put(s.index, s),
  };
  const onSimulation = (st: Stage, i: number, total: number) => {
    done = i;
    if (st !== current) {
      bar?.stop();
      bar?.start(total, 0, { stage: label[st] });
      current = st;
    }
    bar?.update(i, { stage: label[st] });
  };
  const pool = new CohortPool(o.workers);
  const share = o.shard ? folderShare<Simulation>(o.shard, files, o.waitMinutes ?? 120, io.signal) : undefined;
  if (o.shard && !o.quiet) io.stderr(`netevo: shard ${o.shard[0]}/${o.shard[1]}: runs simulations ${o.shard[0] - 1}, ${o.shard[0] - 1 + o.shard[1]}, ${o.shard[0] - 1 + 2 * o.shard[1]}, … of each stage and reads the others from ${out} as they appear${share!.calibrates ? '; this shard calibrates and writes the outputs' : ''}\n`);
  let result: FitResult;
  try {
    result = await fitHypotheses(problem, {
      run: pool.runner(io.signal), store, onSimulation, share,
      onGeneration: (g) => {
        if (bar || o.quiet) return;
        io.stderr(`netevo: mixture generation ${g.generation}: ${g.total} simulations, tolerance ${g.epsilon.toPrecision(4)}${g.pAcc === null ? '' : `, acceptance ${g.pAcc.toFixed(2)}`}\n`);
      },
    });
  } catch (e) {
    if (e instanceof Interrupted) {
      bar?.stop();
      io.stderr(`netevo: fit interrupted ${current ? `in the ${label[current]} stage after ${done} simulations` : 'during the calibration'}; run the same command again to resume\n`);
    }
    throw e;
  } finally {
    bar?.stop();
    await pool.close();
  }
  if (share && !share.calibrates) {
    if (!o.quiet) io.stderr(`netevo: shard ${o.shard![0]}/${o.shard![1]}: its share of the model choice and the mixture is done (posterior as every shard's); shard 1 calibrates and writes the outputs to ${out}\n`);
    return result;
  }
  const written = fitFiles(result, o.target.join(' + '));
  writeFilesAtomically(out, written);
  if (!o.quiet) {
    const c = result.choice;
    io.stderr(`netevo: model choice: posterior ${HYPOTHESIS_SLUGS.map((h) => `${h} ${c.posterior[h].toFixed(2)}`).join(', ')}; winner ${c.winner}\n`);
    const m = result.mixture?.summary;
    if (m) io.stderr(`netevo: mixture weights (posterior mean [90 % interval]): ${HYPOTHESES.map((h) => `${h.slug} ${m.weights[h.key].mean.toFixed(2)} [${m.weights[h.key].lo.toFixed(2)}, ${m.weights[h.key].hi.toFixed(2)}]`).join(', ')}\n`);
    io.stderr(`netevo: wrote ${Object.keys(written).join(', ')} to ${out}\n`);
  }
  return result;
}
