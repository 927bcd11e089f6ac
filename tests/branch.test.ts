/**
 * Counterfactual branches (the clinical issue, on the checkpoints of the reliability issue):
 * `netevo branch CHECKPOINT [--at-days T] --set path=value …` continues the saved patient with one
 * thing changed and the same random streams. A branch that changes nothing is the original run,
 * byte for byte; a change leaves the history before the branch untouched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { netevo, tmp, filesIn } from './helpers/cli.js';

const S = (f: string) => new URL(`../scenarios/${f}`, import.meta.url).pathname;
const dir = tmp('netevo-branch-');
const ck = join(dir, 'ck.json');
const read = (d: string, f: string) => readFileSync(join(dir, d, f), 'utf8');
let savedDay = 0;

beforeAll(async () => {
  const r = await netevo('run', S('lung-immune-divergent.json'), '--seed', '7', '--out', join(dir, 'original'), '--checkpoint', ck, '--checkpoint-every', '2000', '--quiet');
  expect(r.code, r.stderr).toBe(0);
  savedDay = JSON.parse(readFileSync(ck, 'utf8')).tDays;
});

describe('netevo branch', () => {
  it('a branch that changes nothing, at the checkpoint or later, is the original run byte for byte', async () => {
    for (const [name, at] of [['same', []], ['later', ['--at-days', String(savedDay + 400)]]] as const) {
      const r = await netevo('branch', ck, ...at, '--out', join(dir, name));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/branching lung-immune-divergent seed 7 at day [\d.]+ \(age [\d.]+ y\), nothing changed/);
      for (const f of filesIn(join(dir, 'original'))) expect(read(name, f), `${name}: ${f}`).toBe(read('original', f));
    }
  });
  it('a change leaves the history before the branch untouched and changes what follows', async () => {
    const r = await netevo('branch', ck, '--set', 'progression.disseminationPerCellDay=2e-6', '--set', 'fitness.birthPerDay=turnover * hit_birth * program_birth * cna_birth * 1.5', '--out', join(dir, 'changed'));
    expect(r.code, r.stderr).toBe(0);
    const a = read('original', 'timeseries.csv').trim().split('\n');
    const b = read('changed', 'timeseries.csv').trim().split('\n');
    const t = (row: string) => Number(row.split(',')[0]);
    const before = (rows: string[]) => rows.filter((row, i) => i > 0 && t(row) <= savedDay);
    expect(before(b)).toEqual(before(a));
    expect(before(a).length).toBeGreaterThan(10);
    expect(b.filter((row, i) => i > 0 && t(row) > savedDay)).not.toEqual(a.filter((row, i) => i > 0 && t(row) > savedDay));
  });
  it('refuses what the saved state cannot carry, by name', async () => {
    const cases: [string[], RegExp][] = [
      [['--set', 'site=pancreas'], /--set: a branch keeps its site \(lung\)/],
      [['--set', 'engine=lattice'], /--set: a branch keeps its engine and lattice/],
      [['--at-days', '10'], /--at-days 10: the checkpoint is at day [\d.]+; branch later, or from an earlier checkpoint/],
      [['--set', 'immune killPerDay=1'], /--set "immune killPerDay=1": expected path=value/],
      [['--set', '__proto__.x=1'], /--set "__proto__\.x=1": expected path=value/],
      [['--set', 'immune.killPerDay=-1'], /\$\.immune\.killPerDay: expected a number ≥ 0/],
    ];
    for (const [args, message] of cases) {
      const r = await netevo('branch', ck, ...args, '--out', join(dir, 'bad'));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(filesIn(join(dir, 'bad'))).toEqual([]);
    }
  });
});
