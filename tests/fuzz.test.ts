/**
 * Fuzzing the command line with fast-check (the reliability issue): generated scenario files
 * (fields set to hostile numbers, strings and rate expressions; raw-text damage: a byte-order
 * mark, a cut, a duplicate key), generated rate expressions, and generated flags. Every run must
 * end with exit 0 or 2 (1 would be a failure nobody foresaw), never print a stack trace or more
 * than a few hundred characters a line, and never write NaN or Infinity into a CSV. A hang fails
 * the test by its timeout. `npm test` runs a short campaign at a fixed seed; `npm run fuzz` a long
 * one (NETEVO_FUZZ_RUNS, default 1,000; NETEVO_FUZZ_SEED) and writes its tally to
 * test-artifacts/fuzz.json; NETEVO_FUZZ_SHOW=1 prints each run's exit code and first message.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netevo, tmp } from './helpers/cli.js';
import { GENOTYPE_VARS } from '../sim/scenario/resolve.js';
import { overDefaults } from '../sim/api.js';

const RUNS = Number(process.env.NETEVO_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.NETEVO_FUZZ_SEED ?? 20261126);
const LONG = process.env.NETEVO_FUZZ_RUNS !== undefined;
/** Small limits keep each run short; what they refuse is refused with a message (exit 2). */
const LIMITS = ['--max-ticks', '2e5', '--max-rows', '2e4', '--max-memory', '256'];
const artifacts = new URL('../test-artifacts/', import.meta.url).pathname;
const tally: Record<string, Record<string, number>> = {};
const count = (what: string, code: number) => ((tally[what] ??= {})[`exit ${code}`] = (tally[what]?.[`exit ${code}`] ?? 0) + 1);

// ---- generators ----------------------------------------------------------------------------
const nastyNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 2, 3, 30, 1e-320, 1e-9, 1e-3, 1e6, 1e12, 1e308, -1e308, 2 ** 53, 18446744073709551616),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.integer({ min: -1000, max: 100000 }),
);
const variable = fc.constantFrom(...GENOTYPE_VARS, 'speed', 'pi');
const constant = fc.constantFrom('0', '1', '-1', '0.5', '1e308', '1e-320', '2', '1e6');
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    variable,
    constant,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '>', '<', '==', ' and '), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} > 0 ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom('exp', 'log', 'sqrt', 'abs', 'min', 'max', 'floor', 'eval', 'import'), tie('e')).map(([f, a]) => `${f}(${a}${f === 'min' || f === 'max' ? ', 1' : ''})`),
  ),
})).e;
const hostileValue = fc.oneof(
  { weight: 5, arbitrary: nastyNumber },
  { weight: 3, arbitrary: expression },
  { weight: 1, arbitrary: fc.constantFrom('', 'x', null, true, [], {}, [1, 2], { a: 1 }, 'lung', 'NaN') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Every leaf of a site's scenario over its defaults, as a dotted path (the fields a file may set). */
function leaves(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return prefix ? [prefix] : [];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const SITES = ['lung', 'pancreas', 'small-intestine'] as const;
const DEFAULTS = Object.fromEntries(SITES.map((s) => [s, overDefaults({ site: s })]));
const PATHS = Object.fromEntries(SITES.map((s) => [s, leaves(DEFAULTS[s]).filter((p) => !/^(kind|name|site|description|\$schema|engine)$/.test(p))]));
const valueAt = (o: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
/** A field's default scaled by a factor (a plausible change), or a hostile value. */
function changed(site: string, path: string, c: { scale?: number; value?: unknown }): unknown {
  if (c.scale === undefined) return c.value;
  const d = valueAt(DEFAULTS[site], path);
  return typeof d === 'number' ? d * c.scale : typeof d === 'string' ? `(${d}) * ${c.scale}` : d;
}

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] = typeof cur[k] === 'object' && cur[k] !== null && !Array.isArray(cur[k]) ? cur[k] : {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]] = v;
}

/**
 * A NET scenario file's text: a site, hypothesis weights, 1–3 fields changed (a default scaled, or
 * a hostile value); in about one file in three, worse: unknown or forbidden keys, hostile weights,
 * a byte-order mark, a cut, a duplicate key, a lattice at or beyond its bounds.
 */
const scenarioText = fc
  .record({
    site: fc.constantFrom(...SITES),
    mode: fc.integer({ min: 0, max: 20 }),
    weights: fc.array(fc.constantFrom(0, 0.5, 1), { minLength: 4, maxLength: 4 }),
    picks: fc.array(fc.tuple(fc.nat(), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 0.1, 0.5, 2, 10, 1000).map((f) => ({ scale: f })) }, { weight: 1, arbitrary: hostileValue.map((v) => ({ value: v })) })), { minLength: 1, maxLength: 3 }),
    extra: fc.nat(),
  })
  .map(({ site, mode, weights, picks, extra }) => {
    const o: Record<string, unknown> = { kind: 'net', name: 'fuzz', site };
    const w = mode === 14 ? [2, -1, 0, 0] : weights.every((x) => x === 0) ? [1, 0, 0, 0] : weights;
    o.hypothesis = Object.fromEntries(['spontaneousParallel', 'spontaneousDivergent', 'immuneParallel', 'immuneDivergent'].map((k, i) => [k, w[i]]));
    for (const [i, c] of picks) {
      const path = PATHS[site][i % PATHS[site].length];
      setPath(o, path, changed(site, path, c));
    }
    if (mode === 15) setPath(o, ['colour', 'hits.NOPE', 'origins.lung_peripheral.size'][extra % 3], 1);
    if (mode === 16 || mode === 17) Object.assign(o, { engine: 'lattice', lattice: { width: [4, 16, 64, 5000][extra % 4], height: [4, 16, 64][extra % 3], neBodies: [1, 3, 10000][extra % 3], realCellsPerSite: 1e4 } });
    let text = JSON.stringify(o);
    if (mode === 18) text = `\ufeff${text}`;
    if (mode === 19) text = text.slice(0, extra % text.length);
    if (mode === 20) text = text.replace('"name":"fuzz"', ['"name":"fuzz","name":"again"', '"name":"fuzz","__proto__":{}', '"name":"fuzz","constructor":1'][extra % 3]);
    return text;
  });

// ---- the property ------------------------------------------------------------------------------
/** What every run must satisfy; returns the exit code. */
async function checkRun(args: string[], out: string): Promise<number> {
  const r = await netevo(...args);
  if (process.env.NETEVO_FUZZ_SHOW) console.log(r.code, r.stderr.slice(0, 160).replace(/\n/g, ' | '));
  expect([0, 2], `exit ${r.code}: ${r.stderr.slice(0, 600)}`).toContain(r.code);
  expect(r.stderr, 'a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
  for (const line of r.stderr.split('\n')) expect(line.length, `a long message: ${line.slice(0, 200)}…`).toBeLessThan(900);
  let files: string[] = [];
  try {
    files = readdirSync(out);
  } catch {
    // nothing written
  }
  if (r.code !== 0) expect(files.filter((f) => !f.startsWith('.')), 'files written by a failed run').toEqual([]);
  for (const f of files.filter((x) => x.endsWith('.csv'))) {
    const cells = readFileSync(join(out, f), 'utf8').split(/[\n,]/);
    expect(cells.filter((c) => /^-?(NaN|Infinity)$/.test(c)), `${f}: NaN or Infinity`).toEqual([]);
  }
  return r.code;
}

const timeout = Math.max(120_000, RUNS * 20_000);

describe(`fuzzing the CLI (fast-check, ${RUNS} runs per property, seed ${SEED})`, () => {
  it('generated scenario files: run ends with exit 0 or 2, no stack trace, no NaN in an output', async () => {
    const dir = tmp('netevo-fuzz-');
    let k = 0;
    await fc.assert(
      fc.asyncProperty(scenarioText, fc.constantFrom('run', 'validate'), async (text, cmd) => {
        const f = join(dir, `s${k}.json`);
        const out = join(dir, `o${k++}`);
        writeFileSync(f, text);
        count(`scenario files (${cmd})`, await checkRun(cmd === 'run' ? ['run', f, '--seed', '3', '--quiet', '--out', out, ...LIMITS] : ['validate', f], out));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, timeout);

  it('generated rate expressions in every expression field', async () => {
    const dir = tmp('netevo-fuzz-expr-');
    let k = 0;
    const field = fc.constantFrom('fitness.birthPerDay', 'fitness.deathPerDay', 'hits.MEN1.ratePerDivision', 'copyNumber.ratePerDivision', 'origins.lung_central.turnoverPerDay');
    await fc.assert(
      fc.asyncProperty(field, expression, async (path, expr) => {
        const o: Record<string, unknown> = { kind: 'net', name: 'fuzz', site: 'lung', hypothesis: { spontaneousDivergent: 1 } };
        setPath(o, path, expr);
        const f = join(dir, `e${k}.json`);
        const out = join(dir, `o${k++}`);
        writeFileSync(f, JSON.stringify(o));
        count('expressions', await checkRun(['run', f, '--seed', '5', '--quiet', '--out', out, ...LIMITS], out));
      }),
      { numRuns: RUNS, seed: SEED + 1, endOnFailure: true },
    );
  }, timeout);

  it('generated flags', async () => {
    const dir = tmp('netevo-fuzz-flags-');
    let k = 0;
    const value = fc.constantFrom('', '0', '1', '3', '-1', 'abc', '1.5', '1e3', '99999999999999999999', '2/1', '1/2', '0/0', 'depth=100,purity=0.7', 'depth=-1', '🙂');
    const flag = fc.tuple(fc.constantFrom('--seed', '--patients', '--workers', '--sequencing', '--max-ticks', '--max-rows', '--max-memory', '--sed', '-q', '--quiet', '--debug'), value, fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('run', 'cohort', 'validate', 'rnu'), fc.constantFrom('birth-death', 'lung-immune-parallel', 'pancreas-calibrated', 'nope'), fc.array(flag, { maxLength: 5 }), async (cmd, scenario, flags) => {
        const out = join(dir, `o${k++}`);
        const argv = [cmd, scenario, ...flags.flatMap(([f, v, eq]) => (f === '-q' || f === '--quiet' || f === '--debug' ? [f] : eq ? [`${f}=${v}`] : [f, v]))];
        // A cohort of a valid size runs small: at most 3 patients (the flag's own range is tested elsewhere).
        if (cmd === 'cohort' && !argv.some((a) => a.startsWith('--patients'))) argv.push('--patients', '3');
        count('flags', await checkRun([...argv, '--out', out, ...LIMITS], out));
      }),
      { numRuns: RUNS * 2, seed: SEED + 2, endOnFailure: true },
    );
  }, timeout);

  it('writes the campaign tally', () => {
    expect(Object.keys(tally).length).toBeGreaterThan(0);
    if (LONG) {
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, 'fuzz.json'), JSON.stringify({ runs: RUNS, seed: SEED, tally }, null, 2) + '\n');
    }
  });
});
