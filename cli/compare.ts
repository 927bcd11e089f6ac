/** `netevo compare <site>`: the four hypotheses (and mixtures) on the same patients, side by side. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { SITES, parseScenario, cohortFiles, comparisonStats, comparisonRows, COMPARISON_COLUMNS, toCsv, VERSION, type ResolvedNet, type Site, type ComparisonStats } from '../sim/api.js';
import { InputError, writeFilesAtomically } from './io.js';
import { CohortPool } from './pool.js';

export const HYPOTHESES = ['spontaneous-parallel', 'spontaneous-divergent', 'immune-parallel', 'immune-divergent'] as const;
const KEYS = ['spontaneousParallel', 'spontaneousDivergent', 'immuneParallel', 'immuneDivergent'] as const;

export function checkSite(site: string): Site {
  if (!(SITES as readonly string[]).includes(site)) throw new InputError(`site "${site}": expected one of ${SITES.join(', ')}`);
  return site as Site;
}

/** The shipped scenario of a site and hypothesis. */
export function siteScenario(site: Site, hyp: string): { input: Record<string, unknown>; file: string } {
  const file = new URL(`../scenarios/${site}-${hyp}.json`, import.meta.url);
  return { input: JSON.parse(readFileSync(file, 'utf8')), file: `scenarios/${site}-${hyp}.json` };
}

/** "--mix 0.5,0,0,0.5" → hypothesis weights (spontaneous-parallel, spontaneous-divergent, immune-parallel, immune-divergent). */
export function parseMix(value: string): Record<(typeof KEYS)[number], number> {
  const parts = value.split(',').map((x) => x.trim());
  const nums = parts.map(Number);
  if (parts.length !== 4 || nums.some((x) => !Number.isFinite(x) || x < 0) || nums.every((x) => x === 0))
    throw new InputError(`--mix ${JSON.stringify(value)}: expected four non-negative weights (spontaneous-parallel,spontaneous-divergent,immune-parallel,immune-divergent), not all 0, e.g. 0.5,0,0,0.5`);
  return Object.fromEntries(KEYS.map((k, i) => [k, nums[i]])) as Record<(typeof KEYS)[number], number>;
}

export async function cmdCompare(
  siteArg: string,
  opts: { patients: number; seed: number; out?: string; workers: number; mix: string[] },
  io: { stderr: (s: string) => void; signal: { interrupted: boolean } },
): Promise<void> {
  const site = checkSite(siteArg);
  const cohorts: { name: string; scenario: ResolvedNet; file: string }[] = HYPOTHESES.map((h) => {
    const s = siteScenario(site, h);
    return { name: h, scenario: parseScenario(s.input, s.file) as ResolvedNet, file: s.file };
  });
  opts.mix.forEach((m, i) => {
    const weights = parseMix(m);
    const base = siteScenario(site, 'spontaneous-parallel');
    const input = { ...base.input, name: `${site}-mix-${i + 1}`, hypothesis: weights, description: `Mixture ${m} of the four hypotheses.` };
    cohorts.push({ name: `mix-${i + 1}`, scenario: parseScenario(input, `--mix ${m}`) as ResolvedNet, file: `--mix ${m}` });
  });
  const out = opts.out ?? `out/compare-${site}-seed${opts.seed}`;
  const files: Record<string, string> = {};
  const stats: Record<string, ComparisonStats> = {};
  const t0 = performance.now();
  const pool = new CohortPool(opts.workers);
  try {
    for (const c of cohorts) {
      const rows = await pool.run(c.file, c.scenario, { patients: opts.patients, seed: opts.seed, signal: io.signal }, () => {});
      if (io.signal.interrupted) return;
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
