/**
 * Fitting through the command: reading tables, clear errors, files, resuming. The science of the
 * fit (sim/study/fit/) is checked by the longer science checks (`npm run test:science`):
 * tests/science/identifiability.test.ts attributes synthetic cohorts to the hypothesis that made
 * them, tests/science/lung-fit.test.ts fits the lung reference table.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, readCsv } from './helpers/cli.js';

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
    const table = file('pan.csv', readFileSync(new URL('../reference/pancreas.csv', import.meta.url), 'utf8') + 'x,all,necrosis_percent,10,50,s\nx,metastasis,median_age_years,60,,s\n');
    const r = await netevo('fit', 'pancreas', '--target', table, '--budget', '4', '--smc', '0', '--patients', '30', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const fit = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    expect(fit.not_computable.map((x: { measure: string }) => x.measure)).toEqual(['necrosis_percent', 'median_age_years']);
    expect(readCsv(join(out, 'fit.csv')).find((r) => r.measure === 'necrosis_percent')!.note).toMatch(/not one the simulator computes/);
  });
});

describe('netevo fit: the command', () => {
  it('resumes from its saved simulations of both stages (a corrupt one is named and run again) and writes the same files', async () => {
    const dir = tmp('netevo-resume-');
    const target = new URL('../reference/lung-subgroups.csv', import.meta.url).pathname;
    // Model choice: 6 simulations; the mixture: a first generation of 12 (6 particles / α 0.5), then
    // moves of the 3 copies while they are accepted, 24 simulations at most.
    const args = ['fit', 'lung', '--target', target, '--budget', '6', '--smc', '24', '--particles', '6', '--patients', '20', '--validation', '40'];
    const first = await netevo(...args, '--out', join(dir, 'a'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/model choice: 6 simulations \(0 already done\)/);
    expect(first.stderr).toMatch(/at most 24 simulations, 6 particles \(0 already done\)/);
    expect(first.stderr).toMatch(/mixture generation 0: 12 simulations/);
    expect(first.stderr).toMatch(/mixture generation 1: /);
    const sims = readdirSync(join(dir, 'a', 'sims')).sort();
    expect(sims).toEqual([0, 1, 2, 3, 4, 5].map((i) => `sim-00000${i}.json`));
    const mixed = readdirSync(join(dir, 'a', 'mixture')).length;
    expect(mixed).toBeGreaterThanOrEqual(12);
    expect(mixed).toBeLessThanOrEqual(24);
    writeFileSync(join(dir, 'a', 'sims', sims[2]), '{"key": "trunc');
    writeFileSync(join(dir, 'a', 'mixture', 'sim-000009.json'), 'not json');
    const again = await netevo(...args, '--out', join(dir, 'a'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/sims\/sim-000002\.json: unreadable .*; it will be run again/);
    expect(again.stderr).toMatch(/mixture\/sim-000009\.json: unreadable .*; it will be run again/);
    expect(again.stderr).toMatch(/model choice: 6 simulations \(5 already done\)/);
    expect(again.stderr).toContain(`6 particles (${mixed - 1} already done)`);
    const fresh = await netevo(...args, '--out', join(dir, 'b'), '--quiet');
    expect(fresh.code, fresh.stderr).toBe(0);
    for (const f of ['fit.json', 'fit.csv', 'simulations.csv', 'mixture.csv', 'best-scenario.json', 'sims/sim-000002.json', 'mixture/sim-000009.json']) expect(readFileSync(join(dir, 'a', f), 'utf8'), f).toBe(readFileSync(join(dir, 'b', f), 'utf8'));
    // The calibrated scenario is a scenario netevo runs, with the fitted hypothesis weights.
    const calibrated = JSON.parse(readFileSync(join(dir, 'a', 'best-scenario.json'), 'utf8'));
    expect(Object.keys(calibrated.hypothesis).sort()).toEqual(['immuneDivergent', 'immuneParallel', 'spontaneousDivergent', 'spontaneousParallel']);
    const fit = JSON.parse(readFileSync(join(dir, 'a', 'fit.json'), 'utf8'));
    expect(fit.calibrated.params).toMatchObject(Object.fromEntries(Object.entries(calibrated.hypothesis).map(([k, v]) => [`hypothesis.${k}`, v])));
    const run = await netevo('run', join(dir, 'a', 'best-scenario.json'), '--out', join(dir, 'run'), '--quiet');
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('netevo fit --validate and netevo power', () => {
  const target = new URL('../reference/lung-subgroups.csv', import.meta.url).pathname;
  it('cross-validates on a small reference table, resumes it, and writes validation.json', async () => {
    const dir = tmp('netevo-validate-');
    const args = ['fit', 'lung', '--target', target, '--validate', '--budget', '8', '--smc', '8', '--patients', '20', '--workers', '2'];
    const first = await netevo(...args, '--out', dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/8 cohorts of the pure hypotheses \(0 already done\) and 8 of mixtures \(0 already done\), 20 patients each/);
    expect(first.stdout).toMatch(/Pure hypotheses: 8 synthetic studies, [\d.]+ % attributed/);
    expect(first.stdout).toMatch(/Mixtures: 8 synthetic studies; the 90 % intervals hold the true weight in [\d.]+ %/);
    const v = JSON.parse(readFileSync(join(dir, 'validation.json'), 'utf8'));
    expect(v.pure.targets).toBe(8);
    const cells = Object.values(v.pure.confusion as Record<string, Record<string, number>>).flatMap((r) => Object.values(r));
    expect(cells.reduce((a, x) => a + x, 0)).toBe(8);
    expect(v.pure.calibration.reduce((a: number, b: { n: number }) => a + b.n, 0)).toBe(32);
    expect(v.mixture.coverage).toBeGreaterThanOrEqual(0);
    expect(v.mixture.coverage).toBeLessThanOrEqual(1);
    expect(readdirSync(join(dir, 'reference-pure'))).toHaveLength(8);
    const again = await netevo(...args, '--out', dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/\(8 already done\) and 8 of mixtures \(8 already done\)/);
    expect(JSON.parse(readFileSync(join(dir, 'validation.json'), 'utf8'))).toEqual(v);
  });
  it('power: accuracy per study size and the extra measures, in files', async () => {
    const dir = tmp('netevo-power-');
    const r = await netevo('power', 'lung', '--target', target, '--patients', '50,500', '--budget', '12', '--cohort', '20', '--accept', '0.25', '--out', dir, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tumours {3}attributed correctly/);
    const rows = readCsv(join(dir, 'power.csv'));
    expect(rows.map((x) => x.patients)).toEqual(['50', '500']);
    for (const x of rows) expect(Number(x.lo95)).toBeLessThanOrEqual(Number(x.accuracy));
    const p = JSON.parse(readFileSync(join(dir, 'power.json'), 'utf8'));
    expect(p.table_size).toBe(319);
    expect(p.extra.length).toBeGreaterThan(0);
    expect(readCsv(join(dir, 'extra-measures.csv'))[0]).toHaveProperty('measure');
  });
  it('power --shard: two shards build the reference table together; shard 1 writes what one process writes', async () => {
    const dir = tmp('netevo-power-shard-');
    const args = ['power', 'lung', '--target', target, '--patients', '50,500', '--budget', '8', '--cohort', '12', '--accept', '0.25', '--quiet'];
    const [one, two] = await Promise.all([netevo(...args, '--shard', '1/2', '--out', join(dir, 'shared')), netevo(...args, '--shard', '2/2', '--out', join(dir, 'shared'))]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toBe('');
    const single = await netevo(...args, '--out', join(dir, 'single'));
    expect(single.code, single.stderr).toBe(0);
    for (const f of ['power.json', 'power.csv', 'extra-measures.csv']) expect(readFileSync(join(dir, 'shared', f), 'utf8'), f).toBe(readFileSync(join(dir, 'single', f), 'utf8'));
    expect(one.stdout).toBe(single.stdout);
  });
  it.each([
    [['power', 'lung', '--target', 'reference/lung-subgroups.csv', '--patients', '50,abc'], /--patients "abc": expected a positive integer/],
    [['power', 'lung', '--patients', '50'], /--target FILE\.csv is required/],
    [['power', 'lungs', '--target', 'reference/lung-subgroups.csv'], /lungs/],
    [['power', 'lung', '--target', 'reference/lung-subgroups.csv', '--accept', '2'], /--accept "2": expected a fraction in \(0, 1\]/],
    [['fit', 'lung', '--target', 'reference/lung-subgroups.csv', '--validate', '--budget', '4'], /--budget 4: cross-validation needs at least 8/],
  ])('bad flags: %j', async (args, message) => {
    const r = await netevo(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('netevo fit --shard i/n', () => {
  const target = new URL('../reference/lung-subgroups.csv', import.meta.url).pathname;
  // A short calibration (4 local-search steps): the shards share the stages before it.
  const args = ['fit', 'lung', '--target', target, '--budget', '8', '--smc', '24', '--particles', '6', '--patients', '16', '--refine', '4', '--validation', '32'];
  it('two shards sharing a folder reach the fit of one process, byte for byte', async () => {
    const dir = tmp('netevo-shard-');
    const [one, two] = await Promise.all([netevo(...args, '--shard', '1/2', '--out', join(dir, 'shared')), netevo(...args, '--shard', '2/2', '--out', join(dir, 'shared'))]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/shard 1\/2: runs simulations 0, 2, 4, … of each stage .*this shard calibrates and writes the outputs/);
    expect(two.stderr).toMatch(/shard 2\/2: its share of the model choice and the mixture is done/);
    const single = await netevo(...args, '--out', join(dir, 'single'), '--quiet');
    expect(single.code, single.stderr).toBe(0);
    for (const f of ['fit.json', 'fit.csv', 'simulations.csv', 'mixture.csv', 'best-scenario.json']) expect(readFileSync(join(dir, 'shared', f), 'utf8'), f).toBe(readFileSync(join(dir, 'single', f), 'utf8'));
  });
  it('a shard whose partner never runs stops with a clear message', async () => {
    const dir = tmp('netevo-shard-alone-');
    const r = await netevo(...args, '--shard', '2/2', '--wait', '0', '--out', dir, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard 2\/2: choice simulation 0 \(shard 1's\) did not appear in .* within 0 min; run that shard again, or run without --shard to finish here/);
  });
  it('rejects a malformed shard', async () => {
    const r = await netevo(...args, '--shard', '3/2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard "3\/2": expected i\/n with 1 ≤ i ≤ n/);
  });
});
