/**
 * A longer science check (`npm run test:science`): each shipped `scenarios/<site>-calibrated.json`
 * is what the command the README gives writes (the fit is deterministic given its seed, whatever
 * the number of workers), and on a fresh 2,000-patient cohort (`netevo check`) at least the share
 * of its site's computable reference rows measured when it shipped falls inside their 95 %
 * intervals, over three cohort seeds (one could be lucky: a row near its interval's edge moves
 * in and out with the cohort).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, readCsv, tmp } from '../helpers/cli.js';

const ref = (f: string) => new URL(`../../reference/${f}`, import.meta.url).pathname;
const shipped = (site: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${site}-calibrated.json`, import.meta.url), 'utf8'));

// `args`: the README command's settings beyond the tables (none: the fit's defaults).
const CASES: { site: string; tables: string[]; args: string[]; minInside: number }[] = [
  // Measured when shipped (refit for streams version 6, a fit stepping past the recording grid):
  // 6/6 at seeds 1, 2 and 3 (cohorts of 400 patients per simulation: at 200 the fit traded the
  // CDKN1B row away).
  { site: 'small-intestine', tables: ['small-intestine.csv', 'metastasis.csv'], args: ['--patients', '400'], minInside: 6 },
  // Measured when shipped (refit for streams version 6, a fit stepping past the recording grid):
  // 10/10 at seeds 1, 2 and 3 (every row of
  // both tables computable; cohorts of 400 patients per simulation: at 200 the fit's choice
  // missed DAXX/ATRX, mTOR and ALT, 6, 7 and 6 of 10).
  { site: 'pancreas', tables: ['pancreas.csv', 'metastasis.csv'], args: ['--patients', '400'], minInside: 10 },
  // Measured when shipped (refit for streams version 6: the same scenario as before): 46, 51 and
  // 49 of 53 at seeds 1, 2 and 3 (the prior's centre under spontaneous parallel won the selection;
  // --refine 0: the local search overfitted the selection cohort, 48/46/46 on fresh cohorts with
  // 24 steps, before pacing).
  { site: 'lung', tables: ['lung-subgroups.csv', 'grading.csv', 'metastasis.csv'], args: ['--refine', '0'], minInside: 48 },
];

describe.each(CASES)('scenarios/$site-calibrated.json', ({ site, tables, args, minInside }) => {
  const dir = tmp(`netevo-calibrated-${site}-`);
  it('is what the README command writes', async () => {
    const r = await netevo('fit', site, ...tables.flatMap((t) => ['--target', `reference/${t}`]), ...args, '--workers', '2', '--out', join(dir, 'fit'), '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const { $schema: _, ...file } = shipped(site);
    expect(JSON.parse(readFileSync(join(dir, 'fit', 'best-scenario.json'), 'utf8'))).toEqual(file);
  }, 1_200_000);
  it(`keeps ≥ ${minInside} computable rows inside their 95 % intervals on fresh cohorts (3 seeds, at least 2 of them)`, async () => {
    let good = 0;
    for (const seed of ['1', '2', '3']) {
      const out = join(dir, `check-${seed}`);
      const r = await netevo('check', `scenarios/${site}-calibrated.json`, ...tables.flatMap((t) => ['--targets', ref(t)]), '--patients', '2000', '--seed', seed, '--workers', '2', '--out', out, '--quiet');
      expect(r.code, r.stderr).toBe(0);
      const inside = readCsv(join(out, 'check.csv')).filter((x) => x.status === 'inside').length;
      console.log(`${site}-calibrated, check seed ${seed}: ${inside} inside`);
      if (inside >= minInside) good++;
    }
    expect(good).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
