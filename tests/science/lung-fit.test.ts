/**
 * A longer science check (`npm run test:science`, run by CI after `npm test`): fitting the
 * lungNENomics reference table helps. At each seed the fit (model choice, the mixture's
 * sequential ABC, calibration on a common cohort) gives a model whose distance to the table, on
 * a fresh 2,000-patient validation cohort, is smaller than that of every shipped pure-hypothesis
 * scenario (the model's defaults) on the same cohort (common random numbers: only the parameters
 * differ). Claimed at two of three seeds: a fit at this small budget (128 simulations of 150
 * patients) can be unlucky. Measured with larger budgets (seed 1): shipped 1.96–2.40, fitted
 * 1.73–1.82. It also checks what the fit reports: the mixture weights' posterior is a proper one
 * (intervals inside [0, 1] around their median, means summing to 1), and the posterior
 * predictive check is given for every computable row.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/cli.js';
import {
  FIT_Z_CAP, HYPOTHESIS_KEYS, HYPOTHESIS_SLUGS, distance, fitHypotheses, measure, memoryStore, parseScenario, parseTarget, shippedScenarioName,
  type FitProblem, type ResolvedNet,
} from '../../sim/api.js';
import { CohortPool } from '../../cli/pool.js';
import { readFileSync } from 'node:fs';

const shipped = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));
const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, { input: shipped(shippedScenarioName('lung', h)), file: `scenarios/${shippedScenarioName('lung', h)}.json` }])) as FitProblem['bases'];

describe('fitting the lung reference table', () => {
  it('gives a model closer to the table than every shipped scenario, on a fresh cohort, at ≥ 2 of 3 seeds', async () => {
    const file = new URL('../../reference/lung-subgroups.csv', import.meta.url).pathname;
    const records = readCsv(file);
    const target = parseTarget(Object.keys(records[0]), records, 'lung', file);
    const outcomes: { seed: number; fitted: number; shipped: Record<string, number> }[] = [];
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
        expect(HYPOTHESIS_KEYS.reduce((a, k) => a + w[k].mean, 0)).toBeCloseTo(1, 6);
        for (const k of HYPOTHESIS_KEYS) expect(0 <= w[k].lo && w[k].lo <= w[k].median && w[k].median <= w[k].hi && w[k].hi <= 1, `${k} ${JSON.stringify(w[k])}`).toBe(true);
        const ppc = r.mixture!.summary.ppc;
        c.measures.forEach((m, j) => expect(ppc[j] === null, `row ${m.row.line}`).toBe(m.z === null));
        const shippedDistance: Record<string, number> = {};
        for (const h of HYPOTHESIS_SLUGS) {
          const rows = await run(parseScenario(bases[h].input, bases[h].file) as ResolvedNet, bases[h].file, { patients: 2000, seed: c.validationSeed });
          shippedDistance[h] = Number(distance(measure(target, 'lung', rows), FIT_Z_CAP).toFixed(3));
        }
        outcomes.push({ seed, fitted: Number(distance(c.measures, FIT_Z_CAP).toFixed(3)), shipped: shippedDistance });
      }
    } finally {
      await pool.close();
    }
    console.log('lung fit: validation distance, fitted vs shipped, per seed:', JSON.stringify(outcomes));
    const better = outcomes.filter((o) => Object.values(o.shipped).every((d) => o.fitted < d));
    expect(better.length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(2);
  }, 3_600_000);
});
