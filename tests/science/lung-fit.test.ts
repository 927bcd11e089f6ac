/**
 * A longer science check (`npm run test:science`, run by CI after `npm test`): fitting the
 * lungNENomics reference table with the shipped scenarios reproduces its four subgroup sizes
 * within the published cohort's 95 % (Wilson) intervals, on a fresh 3,000-patient validation
 * cohort. The refinement is a stochastic hill climb that trades the table's measures against each
 * other, so one seed can land a size just outside its interval; the claim checked is that it
 * lands every size inside at two of three seeds (measured with streams version 2: seeds 2 and 3
 * inside; seed 1 put B at 0.191 against [0.209, 0.304]). The inference issue replaces this
 * refinement; its tests will tighten this.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/cli.js';
import { HYPOTHESIS_SLUGS, fitHypotheses, memoryStore, parseTarget, shippedScenarioName, wilson, type FitProblem } from '../../sim/api.js';
import { CohortPool } from '../../cli/pool.js';
import { readFileSync } from 'node:fs';

const shipped = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));
const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, { input: shipped(shippedScenarioName('lung', h)), file: `scenarios/${shippedScenarioName('lung', h)}.json` }])) as FitProblem['bases'];

describe('fitting the lung reference table', () => {
  it("reproduces its subgroup sizes within the target's 95 % intervals at ≥ 2 of 3 seeds", async () => {
    const file = new URL('../../reference/lung-subgroups.csv', import.meta.url).pathname;
    const records = readCsv(file);
    const target = parseTarget(Object.keys(records[0]), records, 'lung', file);
    const misses: string[][] = [];
    const pool = new CohortPool(2);
    try {
      for (const seed of [1, 2, 3]) {
        // Cohorts of 300 (refinement 1,200): with smaller ones the refinement chases the noise of
        // its own cohort, and the fresh validation cohort (3,000 patients by default) shows it.
        const problem: FitProblem = { site: 'lung', target, bases, budget: 40, patients: 300, seed, accept: 0.25, refine: 40 };
        const r = await fitHypotheses(problem, { run: pool.runner({ interrupted: false }), store: memoryStore() });
        // The figures are the validation cohort's, not the cohort the refinement chose over.
        expect(r.refinement).toMatchObject({ validationPatients: 3000, validationSeed: `${seed}/validation` });
        const sizes = r.refinement.measures.filter((m) => m.row.cohort === 'lungNENomics-2025' && m.row.measure === 'tumors');
        expect(sizes).toHaveLength(4);
        const out: string[] = [];
        for (const m of sizes) {
          const [lo, hi] = wilson(m.row.value, m.row.denominator!);
          if (!(m.simulated! >= lo && m.simulated! <= hi)) out.push(`seed ${seed} ${m.row.group}: ${m.simulated!.toFixed(3)} vs [${lo.toFixed(3)}, ${hi.toFixed(3)}]`);
        }
        misses.push(out);
      }
    } finally {
      await pool.close();
    }
    console.log('lung fit, sizes outside their intervals per seed:', JSON.stringify(misses));
    expect(misses.filter((m) => m.length === 0).length, misses.flat().join('; ')).toBeGreaterThanOrEqual(2);
  }, 1_200_000);
});
