/**
 * `netevo fit <site> --target FILE.csv`: rejection ABC with model choice across the four
 * hypotheses. Simulations are spread evenly over the models (a uniform model prior), their
 * parameters drawn from the site's priors; each finished simulation is one small file under
 * DIR/sims/, so a fit can be stopped and resumed (or given a larger --budget later).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import Papa from 'papaparse';
import {
  VERSION, REFINE_Z_CAP, TARGET_COLUMNS, chooseModel, createRng, deepMerge, distance, drawParams, measure, paramsToOverrides, parseScenario, parseTarget, priors, toCsv,
  type ResolvedNet, type Simulation, type TargetRow, type Site, type Measured,
} from '../sim/api.js';
import { InputError, readInputFile, writeFilesAtomically } from './io.js';
import { CohortPool } from './pool.js';
import { checkSite, HYPOTHESES, siteScenario } from './compare.js';
import { Interrupted } from './sweep.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../sim/biology/defaults.js';

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

export interface FitOptions {
  target: string;
  budget: number;
  patients: number;
  seed: number;
  accept: number;
  /** Refinement simulations of the winner (perturbing its best parameters). */
  refine: number;
  /** Patients in the fresh cohort the fit's figures come from (default max(2000, 10 × patients);
   *  0: the refinement's own cohort). */
  validation?: number;
  workers: number;
  out?: string;
  quiet?: boolean;
}

export interface FitResult {
  winner: string;
  posterior: Record<string, number>;
  best: Simulation;
  bestScenario: ResolvedNet;
  sims: Simulation[];
  /** The target's measures against the best parameters' cohort. */
  measures: Measured[];
}

export async function runFit(siteArg: string, o: FitOptions, io: { stderr: (s: string) => void; isTTY: boolean; signal: { interrupted: boolean } }): Promise<FitResult | null> {
  const site = checkSite(siteArg);
  const target = loadTarget(o.target, site);
  const ps = priors(site);
  const bases = Object.fromEntries(HYPOTHESES.map((h) => [h, siteScenario(site, h)]));
  const out = o.out ?? `out/fit-${site}-seed${o.seed}`;
  // Saved simulations are reused only when everything that made them is the same: the target,
  // the cohort, the priors, the shipped scenarios and the defaults they fill in, the version.
  const key = createHash('sha256')
    .update(JSON.stringify({ target, site, patients: o.patients, seed: o.seed, priors: ps, version: VERSION, bases, defaults: [COMMON_DEFAULTS, SITE_DEFAULTS[site]] }))
    .digest('hex')
    .slice(0, 16);
  const simDir = join(out, 'sims');
  const sims: Simulation[] = [];
  if (existsSync(simDir))
    for (const f of readdirSync(simDir)) {
      if (!/^sim-\d+\.json$/.test(f)) continue;
      const s = JSON.parse(readFileSync(join(simDir, f), 'utf8'));
      if (s.key === key && s.sim.index < o.budget) sims.push(s.sim);
    }
  const have = new Set(sims.map((s) => s.index));
  const todo = Array.from({ length: o.budget }, (_, i) => i).filter((i) => !have.has(i));
  if (!o.quiet) io.stderr(`netevo: fit ${site} to ${o.target}: ${o.budget} simulations of ${o.patients} patients (${have.size} already done), ${target.length} target rows\n`);
  const bar = io.isTTY && !o.quiet ? new cliProgress.SingleBar({ format: `fit [{bar}] {value}/{total} simulations | ETA {eta_formatted}`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(o.budget, have.size);
  const pool = new CohortPool(o.workers);
  try {
    for (const i of todo) {
      const model = HYPOTHESES[i % HYPOTHESES.length];
      const params = drawParams(ps, createRng(`${o.seed}/fit/${i}`));
      const input = deepMerge(structuredClone(bases[model].input), paramsToOverrides(params));
      const scenario = parseScenario(input, bases[model].file) as ResolvedNet;
      const rows = await pool.run(bases[model].file, scenario, { patients: o.patients, seed: `${o.seed}/fit/${i}`, signal: io.signal }, () => {});
      if (io.signal.interrupted) break;
      const sim: Simulation = { index: i, model, params, distance: Number(distance(measure(target, site, rows)).toPrecision(8)) };
      writeFilesAtomically(simDir, { [`sim-${String(i).padStart(6, '0')}.json`]: JSON.stringify({ key, sim }) + '\n' });
      sims.push(sim);
      bar?.increment();
    }
    bar?.stop();
    if (io.signal.interrupted) {
      io.stderr(`netevo: fit interrupted after ${sims.length} of ${o.budget} simulations; run the same command again to resume\n`);
      throw new Interrupted();
    }
    sims.sort((a, b) => a.index - b.index);
    const choice = chooseModel(sims, HYPOTHESES, o.accept);
    // Refinement of the winner's parameters: perturb the best (log-normal steps inside the prior's
    // support), keep a step when it brings the simulation closer; all steps share one cohort seed
    // (common random numbers), so a difference in distance is the parameters', not the noise's.
    const winnerBase = bases[choice.winner];
    // Four times the cohort of the first stage: refinement compares neighbouring parameters, so the
    // simulation's own sampling noise must be smaller than the differences it looks for.
    const refinePatients = 4 * o.patients;
    const cohortOf = async (params: Record<string, number>) => {
      const scenario = parseScenario(deepMerge(structuredClone(winnerBase.input), paramsToOverrides(params)), winnerBase.file) as ResolvedNet;
      return pool.run(winnerBase.file, scenario, { patients: refinePatients, seed: `${o.seed}/refine`, signal: io.signal }, () => {});
    };
    let best = { params: choice.best.params, distance: distance(measure(target, site, await cohortOf(choice.best.params)), REFINE_Z_CAP) };
    const refineLog: { step: number; distance: number; kept: boolean }[] = [];
    const rng = createRng(`${o.seed}/refine/steps`);
    // Step size: 15 % of each prior's log-range, halved after 8 steps without improvement.
    let scale = 0.15;
    let stale = 0;
    for (let step = 0; step < o.refine && !io.signal.interrupted; step++) {
      if (stale >= 8) {
        scale /= 2;
        stale = 0;
      }
      // A few parameters at a time (each with probability 3 / #parameters, at least one): a step
      // that moves every parameter at once rarely improves a noisy distance in many dimensions.
      const moved = ps.map(() => rng.next() < Math.min(1, 3 / ps.length));
      if (!moved.some(Boolean)) moved[rng.int(ps.length)] = true;
      const params = Object.fromEntries(ps.map((p, j) => {
        if (!moved[j]) return [p.path, best.params[p.path]];
        const lo = Math.log(p.base * p.lo);
        const hi = Math.log(p.base * p.hi);
        const v = Math.min(hi, Math.max(lo, Math.log(best.params[p.path]) + rng.normal() * scale * (hi - lo)));
        return [p.path, Number(Math.exp(v).toPrecision(6))];
      }));
      const d = distance(measure(target, site, await cohortOf(params)), REFINE_Z_CAP);
      const kept = d < best.distance;
      if (kept) best = { params, distance: d };
      stale = kept ? 0 : stale + 1;
      refineLog.push({ step, distance: Number(d.toPrecision(6)), kept });
    }
    const bestInput = deepMerge(structuredClone(winnerBase.input), paramsToOverrides(best.params));
    const bestScenario = parseScenario(bestInput, winnerBase.file) as ResolvedNet;
    // The fit's figures come from a fresh, larger validation cohort: the refinement's own cohort
    // is small and was chosen over (its distance flatters the winner).
    const validationPatients = o.validation ?? Math.max(2000, 10 * o.patients);
    const bestRows = validationPatients > 0
      ? await pool.run(winnerBase.file, bestScenario, { patients: validationPatients, seed: `${o.seed}/validation`, signal: io.signal }, () => {})
      : await cohortOf(best.params);
    const ms = measure(target, site, bestRows);
    const fitJson = {
      netevo: VERSION,
      site,
      target: o.target,
      patients_per_simulation: o.patients,
      simulations: sims.length,
      accepted: choice.accepted,
      acceptance_rate: choice.acceptanceRate,
      distance_threshold: choice.threshold,
      posterior: choice.posterior,
      min_distance: choice.minDistance,
      winner: choice.winner,
      best_accepted: choice.best,
      refinement: { steps: o.refine, cohort_seed: `${o.seed}/refine`, patients: refinePatients, z_cap: REFINE_Z_CAP, log: refineLog },
      best: { model: choice.winner, distance: Number(best.distance.toPrecision(6)), params: best.params, scenario: bestInput },
      validation: validationPatients > 0
        ? { cohort_seed: `${o.seed}/validation`, patients: validationPatients, distance: Number(distance(ms, REFINE_Z_CAP).toPrecision(6)) }
        : { cohort_seed: `${o.seed}/refine`, patients: refinePatients, note: 'no validation cohort (--validation 0): figures from the refinement cohort' },
      not_computable: ms.filter((m) => m.z === null).map((m) => ({ line: m.row.line, cohort: m.row.cohort, group: m.row.group, measure: m.row.measure, reason: m.reason })),
    };
    const fitCsv = toCsv(
      ['line', 'cohort', 'group', 'measure', 'target', 'simulated', 'z', 'note'],
      ms.map((m) => [m.row.line, m.row.cohort, m.row.group, m.row.measure, m.target ?? '', m.simulated ?? '', m.z === null ? '' : Number(m.z.toPrecision(4)), m.reason ?? '']),
    );
    const simCsv = toCsv(['index', 'model', 'distance', ...ps.map((p) => p.path)], sims.map((s) => [s.index, s.model, s.distance, ...ps.map((p) => s.params[p.path])]));
    writeFilesAtomically(out, { 'fit.json': JSON.stringify(fitJson, null, 2) + '\n', 'fit.csv': fitCsv, 'simulations.csv': simCsv });
    if (!o.quiet) {
      io.stderr(`netevo: posterior ${HYPOTHESES.map((h) => `${h} ${choice.posterior[h].toFixed(2)}`).join(', ')}; winner ${choice.winner}; acceptance ${choice.acceptanceRate.toFixed(2)}\n`);
      io.stderr(`netevo: wrote fit.json, fit.csv, simulations.csv to ${out}\n`);
    }
    return { winner: choice.winner, posterior: choice.posterior, best: { index: -1, model: choice.winner, params: best.params, distance: best.distance }, bestScenario, sims, measures: ms };
  } finally {
    await pool.close();
  }
}
