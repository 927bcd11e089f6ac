/**
 * Whatever the schema accepts finishes or stops with a message (the reliability issue's bounds
 * and budgets): work estimated before a run against stated limits, a rate checked at each genotype
 * it meets, random draws refused a non-finite mean, a clone table held below its budget.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, filesIn } from './helpers/cli.js';
import { CloneTable } from '../sim/core/clones.js';
import { MAX_CLONES, SimulationError } from '../sim/core/limits.js';
import { createRng } from '../sim/api.js';

const dir = tmp('netevo-limits-');
const lung = (extra: string) => {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, `{"kind":"net","name":"x","site":"lung","hypothesis":{"spontaneousParallel":1}${extra}}`);
  return f;
};

describe('work estimated before the run, against limits a flag raises', () => {
  it('a tiny tick is refused with the estimate and the flag; the flag raises the limit', async () => {
    const f = lung(',"time":{"dtDays":0.5}');
    const out = join(tmp(), 'out');
    const r = await netevo('run', f, '--max-ticks', '1000', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/about 58,440 ticks per run \(80 years of life at time\.dtDays 0\.5\), over the limit of 1,000: lengthen time\.dtDays, or raise the limit with --max-ticks/);
    expect(filesIn(out)).toEqual([]);
    const ok = await netevo('run', f, '--out', out, '--quiet');
    expect(ok.code, ok.stderr).toBe(0);
    expect(await netevo('run', lung(',"time":{"dtDays":1e-9}'), '--out', out)).toMatchObject({ code: 2, stderr: expect.stringMatching(/about 2\.9e13 ticks per run/) });
  });
  it('recorded rows count for a run, not for a cohort; a lattice beyond the memory limit is refused', async () => {
    const f = lung(',"time":{"recordEveryDays":0.01}');
    const r = await netevo('run', f, '--out', join(tmp(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/about 2\.9e6 recorded rows per run \(every 0\.01 days\), over the limit of 1\.0e6: lengthen time\.recordEveryDays, or raise the limit with --max-rows/);
    const c = await netevo('cohort', f, '--patients', '2', '--out', join(tmp(), 'c'), '--quiet');
    expect(c.code, c.stderr).toBe(0);
    const big = lung(',"engine":"lattice","lattice":{"width":4096,"height":4096}');
    expect(await netevo('run', big, '--max-memory', '100', '--out', join(tmp(), 'l'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/about 384 MB of lattice per run, over the limit of 100 MB: make the lattice smaller, or raise the limit with --max-memory/) });
  });
  it('a sweep checks every task before running any', async () => {
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ name: 'lim', scenario: lung(''), parameters: { 'time.dtDays': [30, 1e-6] }, seeds: [1], patients: 2 }));
    const r = await netevo('sweep', sweep, '--out', join(tmp(), 'sw'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sweep\.json \(task 1\): about 2\.9e10 ticks per run/);
  });
});

describe('a rate is checked at each genotype it meets; the run stops naming it (exit 2, nothing written)', () => {
  const cases: [string, string, RegExp][] = [
    ['infinite', '"turnover * (MEN1 > 0 ? 1e308*10 : 1)"', /fitness\.birthPerDay "turnover \* \(MEN1 > 0 \? 1e308\*10 : 1\)" at the genotype MEN1, program lung_NE_\w+ is Infinity \(expected a finite number ≥ 0\)/],
    ['not a number', '"MEN1 > 0 ? 0/0 : turnover"', /fitness\.birthPerDay "MEN1 > 0 \? 0\/0 : turnover" at the genotype MEN1, program lung_NE_\w+ is NaN/],
  ];
  it.each(cases)('%s birth rate', async (_, expr, message) => {
    const out = join(tmp(), 'out');
    // Seed 3: this patient meets a MEN1 clone at 45 y (many never do).
    const r = await netevo('run', lung(`,"fitness":{"birthPerDay":${expr}}`), '--seed', '3', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the simulation stopped at age [\d.]+ y: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/nothing written/);
    expect(filesIn(out)).toEqual([]);
  });
  it('a negative death rate, in a cohort on two workers (the worker names it too)', async () => {
    const r = await netevo('cohort', lung(',"fitness":{"deathPerDay":"turnover * (1 - 3*MEN1)"}'), '--patients', '40', '--workers', '2', '--out', join(tmp(), 'c'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fitness\.deathPerDay "turnover \* \(1 - 3\*MEN1\)" at the genotype MEN1, program lung_NE_\w+ is -0\.00\d+ \(expected a finite number ≥ 0\)/);
  });
  it('a birth–death rate no step can take', async () => {
    const f = join(dir, 'bd.json');
    writeFileSync(f, '{"kind":"birth-death","name":"x","rates":{"b":1e308,"d":0.1},"stop":{"cells":1000}}');
    const r = await netevo('run', f, '--out', join(tmp(), 'bd'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the simulation stopped at day 0\.00000: cannot step a birth–death process with b=1e\+308/);
  });
  it('the highest birth rate the schema allows finishes (it ran out of memory: a passenger sub-clone per daughter)', async () => {
    const r = await netevo('run', lung(',"fitness":{"birthPerDay":1e308}'), '--out', join(tmp(), 'fast'), '--quiet');
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('the core refuses what cannot be computed', () => {
  it('random draws from a non-finite mean or trial count throw, never loop', () => {
    const rng = createRng(1);
    expect(() => rng.poisson(Infinity)).toThrow(SimulationError);
    expect(() => rng.binomial(Infinity, 0.5)).toThrow(SimulationError);
    expect(() => rng.binomial(10, NaN)).toThrow(SimulationError);
    expect(() => rng.negativeBinomial(Infinity, 0.5)).toThrow(SimulationError);
    expect(rng.poisson(0)).toBe(0);
  });
  it(`a clone table stops at ${MAX_CLONES.toLocaleString('en')} clones`, () => {
    const t = new CloneTable();
    const c = { parent: -1, lineage: -1, bornDays: 0, origin: 0, program: 0, hits: 0, cna: 0, chromothripsis: 0, neoplastic: false, founderPassengers: 0 };
    for (let i = 0; i < MAX_CLONES; i++) t.add(c, false);
    expect(() => t.add(c, false)).toThrow(/more than 300,000 clones/);
  });
});
