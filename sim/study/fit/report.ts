/** A fit's outputs: fit.json (the choice, refinement and validation), fit.csv (each measure), simulations.csv. */
import { VERSION } from '../../core/version.js';
import { toCsv } from '../../core/csv.js';
import { distance, REFINE_Z_CAP } from './targets.js';
import { priors } from './priors.js';
import type { FitResult } from './abc.js';

/** The contents of fit.json. `target` names the table (its path, for the CLI). */
export function fitReport(r: FitResult, target: string): Record<string, unknown> {
  const { problem: p, choice, refinement: rf } = r;
  const ms = rf.measures;
  return {
    netevo: VERSION,
    site: p.site,
    target,
    patients_per_simulation: p.patients,
    simulations: r.sims.length,
    accepted: choice.accepted,
    acceptance_rate: choice.acceptanceRate,
    distance_threshold: choice.threshold,
    posterior: choice.posterior,
    min_distance: choice.minDistance,
    winner: choice.winner,
    best_accepted: choice.best,
    refinement: { steps: p.refine, cohort_seed: rf.cohortSeed, patients: rf.patients, z_cap: REFINE_Z_CAP, log: rf.log },
    best: { model: choice.winner, distance: Number(rf.distance.toPrecision(6)), params: rf.params, scenario: rf.input },
    validation: rf.validationPatients > 0
      ? { cohort_seed: rf.validationSeed, patients: rf.validationPatients, distance: Number(distance(ms, REFINE_Z_CAP).toPrecision(6)) }
      : { cohort_seed: rf.cohortSeed, patients: rf.patients, note: 'no validation cohort (--validation 0): figures from the refinement cohort' },
    not_computable: ms.filter((m) => m.z === null).map((m) => ({ line: m.row.line, cohort: m.row.cohort, group: m.row.group, measure: m.row.measure, reason: m.reason })),
  };
}

/** fit.json, fit.csv and simulations.csv as text. */
export function fitFiles(r: FitResult, target: string): Record<string, string> {
  const ps = priors(r.problem.site);
  const fitCsv = toCsv(
    ['line', 'cohort', 'group', 'measure', 'target', 'simulated', 'z', 'note'],
    r.refinement.measures.map((m) => [m.row.line, m.row.cohort, m.row.group, m.row.measure, m.target ?? '', m.simulated ?? '', m.z === null ? '' : Number(m.z.toPrecision(4)), m.reason ?? '']),
  );
  const simCsv = toCsv(['index', 'model', 'distance', ...ps.map((p) => p.path)], r.sims.map((s) => [s.index, s.model, s.distance, ...ps.map((p) => s.params[p.path])]));
  return { 'fit.json': JSON.stringify(fitReport(r, target), null, 2) + '\n', 'fit.csv': fitCsv, 'simulations.csv': simCsv };
}
