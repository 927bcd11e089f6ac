/**
 * Refinement and validation of the ABC winner. The refinement is a hill climb from the best
 * accepted parameters: perturb (priors.ts), keep a step when it brings the simulation closer. All
 * steps share one cohort seed (common random numbers), so a difference in distance is the
 * parameters', not the noise's. The fit's figures then come from a fresh, larger validation
 * cohort: the refinement's own cohort is small and was chosen over (its distance flatters the
 * winner).
 */
import { createRng } from '../../core/rng.js';
import type { HypothesisSlug } from '../../biology/hypotheses.js';
import type { ResolvedNet } from '../../scenario/scenario.js';
import type { CohortRunner } from '../blocks.js';
import { distance, measure, REFINE_Z_CAP, type Measured } from './targets.js';
import { perturb, priors, scenarioWith } from './priors.js';
import type { FitProblem } from './abc.js';

export interface Refinement {
  /** Four times the cohort of the first stage: refinement compares neighbouring parameters, so
   *  the simulation's own sampling noise must be smaller than the differences it looks for. */
  patients: number;
  cohortSeed: string;
  log: { step: number; distance: number; kept: boolean }[];
  /** The refined parameters and their (capped) distance on the refinement cohort. */
  params: Record<string, number>;
  distance: number;
  /** The winner's base scenario input with the refined parameters, and that scenario resolved. */
  input: Record<string, unknown>;
  scenario: ResolvedNet;
  /** Patients of the validation cohort (0: the figures are the refinement cohort's). */
  validationPatients: number;
  validationSeed: string;
  /** The target's measures on the validation cohort. */
  measures: Measured[];
}

export const refinementPatients = (patients: number) => 4 * patients;
export const defaultValidationPatients = (patients: number) => Math.max(2000, 10 * patients);

export async function refineAndValidate(p: FitProblem, winner: HypothesisSlug, start: Record<string, number>, run: CohortRunner): Promise<Refinement> {
  const ps = priors(p.site);
  const base = p.bases[winner];
  const patients = refinementPatients(p.patients);
  const cohortSeed = `${p.seed}/refine`;
  const cohortOf = (params: Record<string, number>) => run(scenarioWith(base, params).scenario, base.file, { patients, seed: cohortSeed });
  let best = { params: start, distance: distance(measure(p.target, p.site, await cohortOf(start)), REFINE_Z_CAP) };
  const log: Refinement['log'] = [];
  const rng = createRng(`${p.seed}/refine/steps`);
  // Step size: 15 % of each prior's log-range, halved after 8 steps without improvement.
  let scale = 0.15;
  let stale = 0;
  for (let step = 0; step < p.refine; step++) {
    if (stale >= 8) {
      scale /= 2;
      stale = 0;
    }
    const params = perturb(ps, best.params, scale, rng);
    const d = distance(measure(p.target, p.site, await cohortOf(params)), REFINE_Z_CAP);
    const kept = d < best.distance;
    if (kept) best = { params, distance: d };
    stale = kept ? 0 : stale + 1;
    log.push({ step, distance: Number(d.toPrecision(6)), kept });
  }
  const { input, scenario } = scenarioWith(base, best.params);
  const validationPatients = p.validation ?? defaultValidationPatients(p.patients);
  const validationSeed = `${p.seed}/validation`;
  const rows = validationPatients > 0 ? await run(scenario, base.file, { patients: validationPatients, seed: validationSeed }) : await cohortOf(best.params);
  return { patients, cohortSeed, log, params: best.params, distance: best.distance, input, scenario, validationPatients, validationSeed, measures: measure(p.target, p.site, rows) };
}
