/**
 * A fit's outputs: fit.json (model choice, the mixture's posterior, the calibrated model and its
 * validation), fit.csv (each target row on the validation cohort, with the posterior predictive
 * check), simulations.csv and mixture.csv (every simulation of each stage), best-scenario.json
 * (the calibrated scenario, ready for `netevo run` and `netevo check`).
 */
import { VERSION } from '../../core/version.js';
import { toCsv } from '../../core/csv.js';
import { HYPOTHESES, HYPOTHESIS_KEYS } from '../../biology/hypotheses.js';
import { distance, FIT_HUBER_Z, measure, type Measured } from './targets.js';
import { priors, weightPath } from './priors.js';
import { SMC_ALPHA, SMC_P_ACC_MIN, type FitResult } from './abc.js';

const slugKey = (slug: string) => HYPOTHESES.find((h) => h.slug === slug)!.key;
const byKey = <T>(bySlug: Record<string, T>) => Object.fromEntries(HYPOTHESES.map((h) => [h.key, bySlug[h.slug]]));

/**
 * The contents of fit.json (`target` names the table). The contract other tools read: `posterior`
 * (model choice among the pure hypotheses, keys as in scenario files, summing to 1), `mixture`
 * (per hypothesis weight: `mean`, `median`, `lo`, `hi` of the 90 % interval), `parameters` (the
 * same per parameter), `ppc` (per target row), `cannot_reach`, `simulations`, `acceptance`; the
 * stages' details follow.
 */
export function fitReport(r: FitResult, target: string): Record<string, unknown> {
  const { problem: p, choice, mixture, calibration: c } = r;
  const ms = c?.measures ?? measure(p.target, p.site, []);
  const ppc = mixture?.summary.ppc;
  const rowId = (m: Measured) => ({ ...(m.row.table ? { table: m.row.table } : {}), line: m.row.line, cohort: m.row.cohort, group: m.row.group, measure: m.row.measure });
  return {
    netevo: VERSION,
    site: p.site,
    target,
    patients_per_simulation: p.patients,
    posterior: byKey(choice.posterior),
    winner: slugKey(choice.winner),
    bayes_factors_of_winner: byKey(choice.bayesFactors),
    mixture: mixture?.summary.weights ?? null,
    dominant: mixture?.summary.dominant ?? null,
    parameters: mixture?.summary.params ?? null,
    ppc: ppc ? ms.map((m, j) => ({ ...rowId(m), published: m.target, ...(ppc[j] ?? { quantile: null, p: null }) })) : null,
    cannot_reach: ppc ? ms.flatMap((m, j) => (ppc[j] && ppc[j]!.p < 0.05 ? [`${m.row.cohort} ${m.row.group} ${m.row.measure} (${m.row.table ? `${m.row.table} ` : ''}line ${m.row.line})`] : [])) : null,
    simulations: { model_choice: r.sims.length, mixture: mixture ? mixture.smc.generations.at(-1)!.total : 0, calibration: c ? c.candidates.length + c.refinement.length + (c.validationPatients > 0 ? 1 : 0) : 0 },
    acceptance: { model_choice: choice.acceptanceRate, mixture_last_generation: mixture?.smc.generations.at(-1)!.pAcc ?? null },
    model_choice: {
      method: 'rejection ABC over the four pure hypotheses (uniform model prior), plain RMS distance',
      accepted: choice.accepted,
      distance_threshold: choice.threshold,
      min_distance: byKey(choice.minDistance),
      best_accepted: choice.best,
    },
    smc: mixture
      ? {
          method: `replenishment ABC-SMC with MCMC moves (Drovandi & Pettitt 2011), alpha ${SMC_ALPHA}, stops below ${SMC_P_ACC_MIN} acceptance of moves; Dirichlet(1,1,1,1) prior on the weights; RMS distance with Huber's loss beyond |z| = ${FIT_HUBER_Z}`,
          particles: p.particles,
          posterior_particles: mixture.summary.particles,
          stopped: mixture.smc.stopped,
          epsilon: mixture.summary.epsilon,
          generations: mixture.smc.generations,
        }
      : { note: 'no mixture stage (--smc 0)' },
    calibrated: c
      ? { select_cohort_seed: c.selectSeed, select_patients: c.selectPatients, candidates: c.candidates, refinement: c.refinement, distance: c.distance, params: c.params }
      : null,
    validation: c ? { cohort_seed: c.validationSeed, patients: c.validationPatients, distance: Number(distance(ms, FIT_HUBER_Z).toPrecision(6)) } : null,
    not_computable: ms.filter((m) => m.z === null).map((m) => ({ ...rowId(m), reason: m.reason })),
  };
}

/** fit.json, fit.csv, simulations.csv, and with a mixture stage mixture.csv and best-scenario.json, as text. */
export function fitFiles(r: FitResult, target: string): Record<string, string> {
  const ps = priors(r.problem.site);
  const ms = r.calibration?.measures ?? measure(r.problem.target, r.problem.site, []);
  const ppc = r.mixture?.summary.ppc;
  const fitCsv = toCsv(
    ['table', 'line', 'cohort', 'group', 'measure', 'target', 'simulated', 'z', 'ppc_quantile', 'ppc_p', 'note'],
    ms.map((m, j) => [m.row.table ?? '', m.row.line, m.row.cohort, m.row.group, m.row.measure, m.target ?? '', r.calibration ? (m.simulated ?? '') : '', r.calibration && m.z !== null ? Number(m.z.toPrecision(4)) : '', ppc?.[j]?.quantile ?? '', ppc?.[j]?.p ?? '', m.reason ?? (r.calibration ? '' : 'no calibration (--smc 0)')]),
  );
  const simCsv = toCsv(['index', 'model', 'distance', ...ps.map((p) => p.path)], r.sims.map((s) => [s.index, s.model, s.distance, ...ps.map((p) => s.params[p.path])]));
  const files: Record<string, string> = { 'fit.json': JSON.stringify(fitReport(r, target), null, 2) + '\n', 'fit.csv': fitCsv, 'simulations.csv': simCsv };
  if (r.mixture && r.calibration) {
    // A particle's posterior weight: its share of the (equally weighted) population.
    const post = new Map<number, number>();
    for (const q of r.mixture.smc.population) post.set(q.index, (post.get(q.index) ?? 0) + 1 / r.mixture.smc.population.length);
    const cols = [...HYPOTHESIS_KEYS.map(weightPath), ...ps.map((p) => p.path)];
    files['mixture.csv'] = toCsv(['index', 'distance', 'posterior_weight', ...cols], r.mixture.sims.map((s) => [s.index, s.distance, post.has(s.index) ? Number(post.get(s.index)!.toPrecision(6)) : '', ...cols.map((c) => s.params[c])]));
    const { kind, name, site, ...rest } = r.calibration.input;
    const c = r.calibration;
    const start = c.candidates.reduce((a, q) => (q.distance < a.distance ? q : a));
    const from = start.centre ? `the site's defaults under ${start.centre} (the prior's centre), which came closer than the mixture posterior's closest particles` : "one of the mixture posterior's closest particles";
    const refined = c.refinement.some((s) => s.kept) ? ', refined there' : '';
    const description = `Calibrated by netevo ${VERSION} fit against ${target} (seed ${r.problem.seed}): the hypothesis weights and parameters of the best candidate on a common cohort, ${from}${refined}; fit.json has the posterior and the validation.`;
    files['best-scenario.json'] = JSON.stringify({ kind, name, description, site, ...rest }, null, 2) + '\n';
  }
  return files;
}
