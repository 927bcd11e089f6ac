/** `netevo compare <site>`: the four hypotheses (and mixtures) on the same patients, side by side. */
import { join } from 'node:path';
import {
  HYPOTHESIS_KEYS, HYPOTHESIS_SLUGS, cohortFiles, comparisonCohorts, comparisonStats, comparisonRows, COMPARISON_COLUMNS, toCsv, VERSION,
  type ComparisonStats, type HypothesisSlug, type HypothesisWeights, type ScenarioSource,
} from '../sim/api.js';
import { InputError, checkSite, siteScenario, writeFilesAtomically, checkOutputDir } from './io.js';
import { CohortPool } from './pool.js';

/** "--mix 0.5,0,0,0.5" → hypothesis weights, in the order of HYPOTHESIS_SLUGS. */
export function parseMix(value: string): HypothesisWeights {
  const parts = value.split(',').map((x) => x.trim());
  const nums = parts.map(Number);
  if (parts.length !== HYPOTHESIS_KEYS.length || nums.some((x) => !Number.isFinite(x) || x < 0) || nums.every((x) => x === 0))
    throw new InputError(`--mix ${JSON.stringify(value)}: expected four non-negative weights (${HYPOTHESIS_SLUGS.join(',')}), not all 0, e.g. 0.5,0,0,0.5`);
  return Object.fromEntries(HYPOTHESIS_KEYS.map((k, i) => [k, nums[i]])) as HypothesisWeights;
}

export async function cmdCompare(
  siteArg: string,
  opts: { patients: number; seed: number; out?: string; workers: number; mix: string[] },
  io: { stderr: (s: string) => void; signal: { interrupted: boolean } },
): Promise<void> {
  const site = checkSite(siteArg);
  const mixes = opts.mix.map((m) => ({ weights: parseMix(m), label: m }));
  const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario(site, h)])) as Record<HypothesisSlug, ScenarioSource>;
  const cohorts = comparisonCohorts(site, bases, mixes);
  const out = opts.out ?? `out/compare-${site}-seed${opts.seed}`;
  checkOutputDir(out);
  const files: Record<string, string> = {};
  const stats: Record<string, ComparisonStats> = {};
  const t0 = performance.now();
  const pool = new CohortPool(opts.workers);
  const run = pool.runner(io.signal);
  try {
    for (const c of cohorts) {
      const rows = await run(c.scenario, c.file, { patients: opts.patients, seed: opts.seed });
      const cf = cohortFiles(rows, c.scenario, opts.seed, c.file);
      files[join(c.name, 'patients.csv')] = cf['patients.csv'];
      files[join(c.name, 'summary.json')] = cf['summary.json'];
      stats[c.name] = comparisonStats(rows, site);
      io.stderr(`netevo: ${c.name}: ${rows.length} patients, ${stats[c.name].diagnosed} diagnosed (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await pool.close();
  }
  files['comparison.json'] = JSON.stringify({ netevo: VERSION, site, seed: opts.seed, patients: opts.patients, cohorts: Object.fromEntries(cohorts.map((c) => [c.name, { scenario: c.file, hypothesis: c.scenario.hypothesis, statistics: stats[c.name] }])) }, null, 2) + '\n';
  files['comparison.csv'] = toCsv(COMPARISON_COLUMNS, comparisonRows(stats));
  for (const c of cohorts) writeFilesAtomically(join(out, c.name), { 'patients.csv': files[join(c.name, 'patients.csv')], 'summary.json': files[join(c.name, 'summary.json')] });
  writeFilesAtomically(out, { 'comparison.json': files['comparison.json'], 'comparison.csv': files['comparison.csv'] });
  io.stderr(`netevo: compare ${site}: wrote ${cohorts.length} cohorts, comparison.json and comparison.csv to ${out}\n`);
}
