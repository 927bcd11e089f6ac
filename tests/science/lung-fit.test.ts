/**
 * A longer science check (`npm run test:science`, run by CI after `npm test`): the fit learns from
 * the lungNENomics reference table. At each seed the fit (model choice, the mixture's sequential
 * ABC, calibration on a common cohort) gives a model whose distance to the table, on a fresh
 * 2,000-patient validation cohort, is smaller than that of each of four parameter sets drawn from
 * the prior, run on the same cohort (common random numbers: only the parameters differ). A fit
 * that returned a random particle would pass this at one seed in five; the claim is two of three
 * seeds. Also checked: the mixture weights' posterior is a proper one (intervals inside [0, 1]
 * around their median, means summing to 1), and the posterior predictive check is given for every
 * computable row. Not claimed, and logged: whether it beats the shipped scenarios (the prior's
 * centre, hand-set). At this budget (128 simulations of 150 patients) it does not: measured
 * (2026-11-26) fitted 2.82, 2.89, 2.91 at seeds 1–3 against prior draws 3.38–7.74, and the
 * shipped scenarios 2.65–4.97 at seed 1 (immune-parallel 2.65, spontaneous-parallel 2.70). The inference issue's throughput target is what
 * lets a fit afford the simulations it needs.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/cli.js';
import {
  FIT_HUBER_Z, HYPOTHESIS_KEYS, HYPOTHESIS_SLUGS, createRng, distance, fitHypotheses, measure, memoryStore, mixtureBase, mixtureSpace, parseScenario, parseTarget, priors,
  scenarioWith, shippedScenarioName, type FitProblem, type ResolvedNet,
} from '../../sim/api.js';
import { CohortPool } from '../../cli/pool.js';
import { readFileSync } from 'node:fs';

const shipped = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));
const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, { input: shipped(shippedScenarioName('lung', h)), file: `scenarios/${shippedScenarioName('lung', h)}.json` }])) as FitProblem['bases'];

describe('fitting the lung reference table', () => {
  it('gives a model closer to the table than four prior draws, on a fresh cohort, at ≥ 2 of 3 seeds', async () => {
    const file = new URL('../../reference/lung-subgroups.csv', import.meta.url).pathname;
    const records = readCsv(file);
    const target = parseTarget(Object.keys(records[0]), records, 'lung', file);
    const outcomes: { seed: number; fitted: number; prior: number[]; shipped: Record<string, number> }[] = [];
    const pool = new CohortPool(2);
    const run = pool.runner({ interrupted: false });
    try {
      for (const seed of [1, 2, 3]) {
        const problem: FitProblem = { site: 'lung', target, bases, budget: 8, patients: 150, seed, accept: 0.25, smc: 128, particles: 32, select: 6, refine: 12, validation: 2000 };
        const r = await fitHypotheses(problem, { run, store: memoryStore() });
        const c = r.calibration!;
        // The figures are the validation cohort's, not the cohort the selection chose over.
        expect(c).toMatchObject({ validationPatients: 2000, validationSeed: `${seed}/validation` });
        const w = r.mixture!.summary.weights;
        // Means are reported to 4 significant digits.
        expect(HYPOTHESIS_KEYS.reduce((a, k) => a + w[k].mean, 0)).toBeCloseTo(1, 3);
        for (const k of HYPOTHESIS_KEYS) expect(0 <= w[k].lo && w[k].lo <= w[k].median && w[k].median <= w[k].hi && w[k].hi <= 1, `${k} ${JSON.stringify(w[k])}`).toBe(true);
        const ppc = r.mixture!.summary.ppc;
        c.measures.forEach((m, j) => expect(ppc[j] === null, `row ${m.row.line}`).toBe(m.z === null));
        const onValidation = async (scenario: ResolvedNet, file: string) => {
          const rows = await run(scenario, file, { patients: 2000, seed: c.validationSeed });
          return Number(distance(measure(target, 'lung', rows), FIT_HUBER_Z).toFixed(3));
        };
        const space = mixtureSpace(priors('lung'));
        const draw = createRng(`${seed}/prior-draws`);
        const prior: number[] = [];
        // Prior draws are measured as the fitted model was: the scenario the fit simulates
        // (scenarioWith's, without passenger genealogy; some draws far in the tails found tens of
        // thousands of passenger sub-clones per patient with it).
        for (let k = 0; k < 4; k++) prior.push(await onValidation(scenarioWith(mixtureBase('lung'), space.decode(space.sample(() => draw.next()))).scenario, 'prior draw'));
        // The shipped scenarios at seed 1 only (logged, not claimed).
        const shippedDistance: Record<string, number> = {};
        if (seed === 1) for (const h of HYPOTHESIS_SLUGS) shippedDistance[h] = await onValidation(parseScenario(bases[h].input, bases[h].file) as ResolvedNet, bases[h].file);
        outcomes.push({ seed, fitted: Number(distance(c.measures, FIT_HUBER_Z).toFixed(3)), prior, shipped: shippedDistance });
      }
    } finally {
      await pool.close();
    }
    console.log('lung fit: validation distance, fitted vs prior draws (and shipped at seed 1), per seed:', JSON.stringify(outcomes));
    const better = outcomes.filter((o) => o.prior.every((d) => o.fitted < d));
    expect(better.length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(2);
  }, 3_600_000);
});
