/**
 * Fitting: malformed target tables get clear errors; synthetic cohorts simulated under a known
 * hypothesis are attributed to it; the lung reference table is fitted to its subgroup sizes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, readCsv } from './helpers/cli.js';
import { parseScenario, runCohort, targetFromCohort, toCsv, wilson, TARGET_COLUMNS, type ResolvedNet } from '../sim/api.js';
import { runFit } from '../cli/fit.js';

const quietIo = { stderr: () => {}, isTTY: false, signal: { interrupted: false } };
const HYPS = ['spontaneous-parallel', 'spontaneous-divergent', 'immune-parallel', 'immune-divergent'];

describe('netevo fit: target tables', () => {
  const dir = tmp('netevo-target-');
  const good = readFileSync(new URL('../reference/lung-subgroups.csv', import.meta.url), 'utf8');
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it.each([
    ['missing column', () => file('a.csv', good.replace('denominator,', '')), /a\.csv: header: missing column denominator/],
    ['unknown group', () => file('b.csv', good.replace('lungNENomics-2025,A1,tumors', 'lungNENomics-2025,A3,tumors')), /b\.csv: line 2, column group: unknown group "A3" for lung/],
    ['negative count', () => file('c.csv', good.replace('A2,tumors,107', 'A2,tumors,-107')), /c\.csv: line 3, column value: negative count or value -107/],
    ['count above its denominator', () => file('d.csv', good.replace('B,MEN1_damaging_SNV,9,24', 'B,MEN1_damaging_SNV,30,24')), /d\.csv: line 8, column value: count 30 is larger than its denominator 24/],
    ['missing file', () => join(dir, 'nope.csv'), /nope\.csv: no such target table/],
  ])('%s', async (_, make, message) => {
    const out = join(dir, 'out');
    const r = await netevo('fit', 'lung', '--target', make(), '--budget', '4', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it('reports what it cannot compute instead of dropping it', async () => {
    const out = join(dir, 'pan');
    const r = await netevo('fit', 'pancreas', '--target', new URL('../reference/pancreas.csv', import.meta.url).pathname, '--budget', '4', '--refine', '0', '--patients', '30', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const fit = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    expect(fit.not_computable.map((x: { measure: string }) => x.measure)).toEqual(expect.arrayContaining(['mTOR_pathway_percent', 'ALT_or_ATRX_DAXX_loss']));
    expect(readCsv(join(out, 'fit.csv')).find((r) => r.measure === 'mTOR_pathway_percent')!.note).toMatch(/not one the simulator computes/);
  });
});

describe('netevo fit: model choice', () => {
  it('attributes synthetic cohorts to the hypothesis that made them (≥ 80 % of 20 trials)', async () => {
    const dir = tmp('netevo-ident-');
    const outcomes: { truth: string; winner: string; posterior: Record<string, number> }[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const truth = HYPS[trial % 4];
      const input = JSON.parse(readFileSync(new URL(`../scenarios/lung-${truth}.json`, import.meta.url), 'utf8'));
      const rows = runCohort(parseScenario(input) as ResolvedNet, { patients: 300, seed: `synthetic/${trial}` });
      const target = targetFromCohort(rows, 'lung', `synthetic-${trial}`);
      const f = join(dir, `target-${trial}.csv`);
      writeFileSync(f, toCsv([...TARGET_COLUMNS], target.map((t) => [t.cohort, t.group, t.measure, t.value, t.denominator ?? '', t.source])));
      const r = await runFit('lung', { target: f, budget: 24, patients: 80, seed: 1000 + trial, accept: 0.25, refine: 0, validation: 0, workers: 1, out: join(dir, `fit-${trial}`), quiet: true }, quietIo);
      outcomes.push({ truth, winner: r!.winner, posterior: r!.posterior });
    }
    const correct = outcomes.filter((o) => o.truth === o.winner).length;
    writeFileSync(join(dir, 'identifiability.json'), JSON.stringify({ correct, outcomes }, null, 1));
    console.log(`identifiability: ${correct}/20`, JSON.stringify(outcomes.map((o) => [o.truth, o.winner])));
    expect(correct).toBeGreaterThanOrEqual(16);
  });

  it("fitting the lung reference table reproduces its subgroup proportions within the target's 95 % interval", async () => {
    const dir = tmp('netevo-lungfit-');
    const target = new URL('../reference/lung-subgroups.csv', import.meta.url).pathname;
    // Cohorts of 300 (refinement 1,200): with smaller ones the refinement chases the noise of its
    // own cohort and the fresh validation cohort (2,000 patients by default) shows it.
    const r = await runFit('lung', { target, budget: 40, patients: 300, seed: 1, accept: 0.25, refine: 40, workers: 2, out: dir, quiet: true }, quietIo);
    const sizes = r!.measures.filter((m) => m.row.cohort === 'lungNENomics-2025' && m.row.measure === 'tumors');
    expect(sizes).toHaveLength(4);
    // The figures are the validation cohort's, not the cohort the refinement chose over.
    expect(JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8')).validation).toMatchObject({ patients: 3000, cohort_seed: '1/validation' });
    for (const m of sizes) {
      const [lo, hi] = wilson(m.row.value, m.row.denominator!);
      expect(m.simulated!, `${m.row.group}: ${m.simulated} vs [${lo.toFixed(3)}, ${hi.toFixed(3)}]`).toBeGreaterThanOrEqual(lo);
      expect(m.simulated!, m.row.group).toBeLessThanOrEqual(hi);
    }
  });
});
