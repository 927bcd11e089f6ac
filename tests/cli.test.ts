import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, readCsv, filesIn } from './helpers/cli.js';
import { checkOutputDir } from '../cli/io.js';
import { VERSION, cohortBlocks, parseScenario, runCohort, simulateBlock, type ResolvedNet } from '../sim/api.js';

const S = (f: string) => new URL(`../scenarios/${f}`, import.meta.url).pathname;
const bin = new URL('../bin/netevo.mjs', import.meta.url).pathname;

describe('netevo run', () => {
  it('writes the four files with the contracted columns (and the liquid biopsies of a diagnosed patient)', async () => {
    const out = join(tmp(), 'run');
    const r = await netevo('run', S('lung-spontaneous-parallel.json'), '--seed', '3', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(filesIn(out)).toEqual(['clone_sizes.csv', 'clones.csv', 'ctdna.csv', 'summary.json', 'timeseries.csv']);
    expect(Object.keys(readCsv(join(out, 'ctdna.csv'))[0])).toEqual(['t_days', 'age_years', 'tumour_fraction', 'mutant_reads', 'detected', 'clone', 'plasma_vaf', 'tissue_fraction']);
    const ts = readCsv(join(out, 'timeseries.csv'));
    expect(Object.keys(ts[0])).toEqual(expect.arrayContaining(['t_days', 'cells', 'births', 'deaths', 'ki67', 'grade']));
    expect(Object.keys(readCsv(join(out, 'clones.csv'))[0]).slice(0, 3)).toEqual(['id', 'parent', 'born_days']);
    expect(Object.keys(readCsv(join(out, 'clone_sizes.csv'))[0])).toEqual(['Identity', 'Time', 'Population']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.seed).toBe(3);
    expect(summary.netevo).toBe(VERSION);
    expect(summary.scenario.name).toBe('lung-spontaneous-parallel');
    expect(summary.patient).toHaveProperty('subgroup');
    // Clone sizes at the last record sum to the last timeseries row's cells.
    const sizes = readCsv(join(out, 'clone_sizes.csv'));
    const lastT = ts[ts.length - 1].t_days;
    const total = sizes.filter((r) => r.Time === lastT).reduce((a, r) => a + Number(r.Population), 0);
    expect(total).toBe(Number(ts[ts.length - 1].cells));
  });

  it('runs the birth–death scenario on the lattice', async () => {
    // A single founder dies out with probability d/b = 0.1: take the first seed that survives.
    let last = 0;
    for (let seed = 1; seed <= 5 && last === 0; seed++) {
      const out = join(tmp(), 'bd');
      const r = await netevo('run', S('birth-death-lattice.json'), '--out', out, '--seed', String(seed));
      expect(r.code, r.stderr).toBe(0);
      const ts = readCsv(join(out, 'timeseries.csv'));
      last = Number(ts[ts.length - 1].cells);
      expect([0, 100000]).toContain(last);
    }
    expect(last).toBe(100000);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const root = tmp();
    for (const [dir, seed] of [['a', '11'], ['b', '11'], ['c', '12']]) {
      const r = await netevo('run', S('lung-immune-divergent.json'), '--seed', seed, '--out', join(root, dir));
      expect(r.code, r.stderr).toBe(0);
    }
    for (const f of ['timeseries.csv', 'clones.csv', 'clone_sizes.csv', 'summary.json']) {
      expect(readFileSync(join(root, 'b', f))).toEqual(readFileSync(join(root, 'a', f)));
    }
    expect(readFileSync(join(root, 'c', 'timeseries.csv'))).not.toEqual(readFileSync(join(root, 'a', 'timeseries.csv')));
  });
});

describe('netevo cohort', () => {
  it('writes patients.csv with the contracted columns; same rows for 1 and 2 workers', async () => {
    const root = tmp();
    const one = await netevo('cohort', S('pancreas-spontaneous-divergent.json'), '--patients', '40', '--seed', '5', '--out', join(root, 'w1'));
    expect(one.code, one.stderr).toBe(0);
    const two = await netevo('cohort', S('pancreas-spontaneous-divergent.json'), '--patients', '40', '--seed', '5', '--workers', '2', '--out', join(root, 'w2'));
    expect(two.code, two.stderr).toBe(0);
    expect(readFileSync(join(root, 'w2', 'patients.csv'))).toEqual(readFileSync(join(root, 'w1', 'patients.csv')));
    const rows = readCsv(join(root, 'w1', 'patients.csv'));
    expect(rows).toHaveLength(40);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining([
      'patient', 'site', 'cell_of_origin', 'archetype', 'hits', 'subgroup', 'diagnosed', 'age_at_diagnosis_years',
      'ki67_at_diagnosis', 'grade_at_diagnosis', 'metastasis_years', 'death_years', 'followup_years', 'location',
    ]));
    for (const r of rows) {
      expect(['0', '1']).toContain(r.diagnosed);
      if (r.diagnosed === '0') expect([r.subgroup, r.age_at_diagnosis_years, r.cell_of_origin]).toEqual(['', '', '']);
      else expect(['alpha-like', 'intermediate', 'beta-like']).toContain(r.subgroup);
    }
    const summary = JSON.parse(readFileSync(join(root, 'w1', 'summary.json'), 'utf8'));
    expect(summary.patients).toBe(40);
    expect(summary.diagnosed).toBe(rows.filter((r) => r.diagnosed === '1').length);
  });
});

describe('netevo cohort of a birth–death scenario', () => {
  it('writes one replicates.csv row per replicate, the same bytes for 1 and 2 workers', async () => {
    const root = tmp();
    // d/b = 0.5: about half the replicates die out, so both kinds of row are there.
    const scenario = join(root, 'bd.json');
    writeFileSync(scenario, JSON.stringify({ kind: 'birth-death', name: 'bd-cohort', rates: { b: 1, d: 0.5, mu: 0.5 }, initialCells: 1, stop: { days: 8, cells: 5000 } }));
    const one = await netevo('cohort', scenario, '--patients', '40', '--seed', '7', '--out', join(root, 'w1'));
    expect(one.code, one.stderr).toBe(0);
    const two = await netevo('cohort', scenario, '--patients', '40', '--seed', '7', '--workers', '2', '--out', join(root, 'w2'));
    expect(two.code, two.stderr).toBe(0);
    expect(filesIn(join(root, 'w1'))).toEqual(['replicates.csv', 'summary.json']);
    for (const f of ['replicates.csv', 'summary.json']) expect(readFileSync(join(root, 'w2', f)), f).toEqual(readFileSync(join(root, 'w1', f)));
    const text = readFileSync(join(root, 'w1', 'replicates.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('replicate,t_end_days,cells,births,deaths,extinct');
    const rows = readCsv(join(root, 'w1', 'replicates.csv'));
    expect(rows.map((r) => r.replicate)).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    for (const r of rows) {
      expect(['0', '1']).toContain(r.extinct);
      if (r.extinct === '1') expect(r.cells).toBe('0');
      else expect(Number(r.cells)).toBeGreaterThan(0);
      expect(Number(r.births) - Number(r.deaths)).toBe(Number(r.cells) - 1);
    }
    const extinct = rows.filter((r) => r.extinct === '1').length;
    expect(extinct).toBeGreaterThan(0);
    expect(extinct).toBeLessThan(40);
    const summary = JSON.parse(readFileSync(join(root, 'w1', 'summary.json'), 'utf8'));
    expect(summary.scenario.kind).toBe('birth-death');
    expect([summary.seed, summary.replicates, summary.extinct]).toEqual([7, 40, extinct]);
    const cells = rows.map((r) => Number(r.cells));
    const mean = cells.reduce((a, c) => a + c, 0) / 40;
    expect(summary.final_cells_mean).toBeCloseTo(mean, 9);
    expect(summary.final_cells_variance).toBeCloseTo(cells.reduce((a, c) => a + (c - mean) ** 2, 0) / 39, 6);
    // A different master seed gives other replicates.
    const other = await netevo('cohort', scenario, '--patients', '40', '--seed', '8', '-q', '--out', join(root, 's8'));
    expect(other.code, other.stderr).toBe(0);
    expect(readFileSync(join(root, 's8', 'replicates.csv'), 'utf8')).not.toBe(text);
  });
});

describe('cohort blocks (the one scheduler of the pool, its workers and the page)', () => {
  it('cover patients [0, N) once, in order; rows do not depend on the block size', () => {
    for (const [n, size] of [[0, 8], [1, 8], [8, 8], [21, 8], [21, 5], [7, 1]]) {
      const blocks = cohortBlocks(n, size);
      expect(blocks.flatMap((b) => Array.from({ length: b.end - b.start }, (_, k) => b.start + k))).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(blocks.every((b) => b.end - b.start >= 1 && b.end - b.start <= size)).toBe(true);
    }
    expect(() => cohortBlocks(10, 0)).toThrow(/block size 0/);
    const s = parseScenario(JSON.parse(readFileSync(S('lung-immune-parallel.json'), 'utf8'))) as ResolvedNet;
    const whole = runCohort(s, { patients: 11, seed: 9 });
    expect(cohortBlocks(11, 3).flatMap((b) => simulateBlock(s, 9, b))).toEqual(whole);
    expect(cohortBlocks(11).flatMap((b) => simulateBlock(s, 9, b))).toEqual(whole);
  });
});

describe('bad input: one clear message, exit 2, nothing written', () => {
  const dir = tmp('netevo-bad-');
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const good = readFileSync(S('lung-spontaneous-parallel.json'), 'utf8');
  const cases: [string, () => string[], RegExp][] = [
    ['malformed JSON', () => ['run', file('bad1.json', good.replace('"site"', '"site" "x",'))], /bad1\.json: \$: malformed JSON at line 6, column 10: colon expected/],
    ['unknown field', () => ['run', file('bad2.json', good.replace('"site"', '"colour": "red", "site"'))], /bad2\.json: \$: unknown field "colour"/],
    ['wrong type', () => ['run', file('bad3.json', good.replace('"spontaneousParallel": 1', '"spontaneousParallel": "1"'))], /bad3\.json: \$\.hypothesis\.spontaneousParallel: expected a number, received string/],
    ['out-of-range value', () => ['run', file('bad4.json', good.replace('"site": "lung",', '"site": "lung", "time": { "dtDays": 4000 },'))], /bad4\.json: \$\.time\.dtDays: .*365/],
    ['non-finite rate', () => ['run', file('bad5.json', good.replace('"site": "lung",', '"site": "lung", "hits": { "MEN1": { "ratePerDivision": 1e999 } },'))], /bad5\.json: \$\.hits\.MEN1\.ratePerDivision: number out of range: 1e999/],
    ['duplicate key', () => ['run', file('bad6.json', good.replace('"site": "lung",', '"site": "lung", "site": "pancreas",'))], /bad6\.json: \$\.site: duplicate key "site" \(each key once per object\)/],
    ['__proto__ key', () => ['run', file('bad7.json', good.replace('"site": "lung",', '"site": "lung", "hits": { "__proto__": { "birth": 9 } },'))], /bad7\.json: \$\.hits: key "__proto__" is not allowed/],
    ['constructor key', () => ['run', file('bad8.json', good.replace('"site": "lung",', '"site": "lung", "constructor": 1,'))], /bad8\.json: \$: key "constructor" is not allowed/],
    ['deeply nested expression', () => ['run', file('bad9.json', good.replace('"site": "lung",', `"site": "lung", "fitness": { "birthPerDay": "${'('.repeat(900)}1${')'.repeat(900)}" },`))], /bad9\.json: \$\.fitness\.birthPerDay: cannot parse expression "\({80}…": nested too deeply/],
    ['very long expression', () => ['run', file('bad10.json', good.replace('"site": "lung",', `"site": "lung", "fitness": { "birthPerDay": "turnover${' * 1'.repeat(20_000)}" },`))], /bad10\.json: \$\.fitness\.birthPerDay: expression of 80008 characters: at most 2000/],
    ['repeated single-valued flag', () => ['run', S('lung-spontaneous-parallel.json'), '--seed', '1', '--seed=2'], /--seed given 2 times: give it once/],
    ['missing file', () => ['run', join(dir, 'nope.json')], /nope\.json: no such scenario file/],
    ['bad seed flag', () => ['run', S('lung-spontaneous-parallel.json'), '--seed', 'abc'], /--seed "abc": expected a non-negative integer/],
    ['bad patients flag', () => ['cohort', S('lung-spontaneous-parallel.json'), '--patients', '0'], /--patients "0": expected a positive integer|--patients "0": .*>=1/],
    ['absurd patients flag, with an exponent', () => ['cohort', S('lung-spontaneous-parallel.json'), '--patients', '1e12'], /--patients "1e12": at most 10,000,000/],
    ['missing patients flag', () => ['cohort', S('lung-spontaneous-parallel.json')], /--patients N is required/],
    ['unknown flag', () => ['run', S('lung-spontaneous-parallel.json'), '--sed', '3'], /unknown option '--sed'/],
    ['unknown command', () => ['rnu', S('lung-spontaneous-parallel.json')], /unknown command 'rnu'/],
    ['sequencing a birth–death cohort', () => ['cohort', S('birth-death.json'), '--patients', '3', '--sequencing', 'depth=100,purity=0.7'], /--sequencing: needs a "net" scenario/],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const out = join(tmp(), 'out');
    const r = await netevo(...args(), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(filesIn(out)).toEqual([]);
  });
});

describe('messages echo little of the input', () => {
  it('a 1 MB string and a 1 MB expression come back as at most ~300 characters each', async () => {
    const dir = tmp('netevo-echo-');
    const big = 'x'.repeat(1_000_000);
    for (const [name, text] of [
      ['site.json', `{"kind":"net","name":"x","site":"${big}","hypothesis":{"spontaneousParallel":1}}`],
      ['key.json', `{"kind":"net","name":"x","site":"lung","hypothesis":{"spontaneousParallel":1},"${big}":1}`],
      ['expr.json', `{"kind":"net","name":"x","site":"lung","hypothesis":{"spontaneousParallel":1},"fitness":{"birthPerDay":"turnover * ${big}"}}`],
    ]) {
      writeFileSync(join(dir, name), text);
      const r = await netevo('validate', join(dir, name));
      expect(r.code, name).toBe(2);
      for (const line of r.stderr.trim().split('\n')) expect(line.length, `${name}: ${line.slice(0, 200)}`).toBeLessThan(300 + 200 + join(dir, name).length);
    }
  });
  it('a byte-order mark is accepted', async () => {
    const dir = tmp('netevo-bom-');
    writeFileSync(join(dir, 'bom.json'), '\ufeff' + readFileSync(S('birth-death.json'), 'utf8'));
    const r = await netevo('validate', join(dir, 'bom.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bom\.json: ok/);
  });
  it('validate reports every file, then exits 2 if any is bad', async () => {
    const dir = tmp('netevo-validate-');
    writeFileSync(join(dir, 'dup.json'), '{"kind":"birth-death","name":"a","name":"b"}');
    const r = await netevo('validate', join(dir, 'missing.json'), S('birth-death.json'), join(dir, 'dup.json'), S('lung-immune-parallel.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.json: no such scenario file/);
    expect(r.stderr).toMatch(/dup\.json: \$\.name: duplicate key "name"/);
    expect(r.stderr).toMatch(/2 of 4 scenario files are not valid/);
    expect(r.stdout.match(/: ok/g)).toHaveLength(2);
  });
});

describe('outputs: the folder is checked before the simulation, one line on failure', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a special file system', () => '/proc/netevo-out', /--out \/proc\/netevo-out: a special file system \(\/proc\), not a place for output files/],
    ['a file on the path', () => {
      const f = join(tmp('netevo-notdir-'), 'file');
      writeFileSync(f, 'x');
      return join(f, 'out');
    }, /--out .*file\/out: cannot write there \(a part of the path is a file, not a folder\)/],
    ['an existing file', () => {
      const f = join(tmp('netevo-isfile-'), 'file');
      writeFileSync(f, 'x');
      return f;
    }, /--out .*file: cannot write there \(exists and is not a folder\)/],
  ];
  it.each(cases)('%s: exit 1, one line, no stack trace', async (_, out, message) => {
    const r = await netevo('run', S('lung-spontaneous-parallel.json'), '--out', out());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('the check leaves no folder behind (an interrupted run writes nothing); a writable folder passes', () => {
    const root = tmp('netevo-probe-');
    checkOutputDir(join(root, 'a', 'b'));
    expect(readdirSync(root)).toEqual([]);
    mkdirSync(join(root, 'c'));
    checkOutputDir(join(root, 'c'));
    expect(readdirSync(join(root, 'c'))).toEqual([]);
  });
  // Array tasks of a sharded fit start together on one new --out folder: each creates it and
  // removes it after its probe, and one's removal could come between another's mkdir and probe
  // (a Slurm fit failed so: "cannot write there (ENOENT …)"). Six processes check 150 new folders
  // each, all at once round by round; before the fix 41 of 900 checks failed in one such run.
  it('processes checking one new folder at the same moment all pass', async () => {
    const root = tmp('netevo-probe-race-');
    const script = join(root, 'race.mjs');
    buildSync({ entryPoints: [new URL('../cli/io.ts', import.meta.url).pathname], outfile: join(root, 'io.mjs'), bundle: true, platform: 'node', format: 'esm', mainFields: ['module', 'main'], logLevel: 'error', banner: { js: "import { createRequire as __nr } from 'node:module'; const require = __nr(import.meta.url);" } });
    writeFileSync(script, `import { checkOutputDir } from './io.mjs';
const [base, start] = process.argv.slice(2);
let fails = 0;
for (let r = 0; r < 150; r++) {
  while (Date.now() < +start + 20 * r) {} // every process begins round r at the same moment
  try { checkOutputDir(base + '/round-' + r + '/shared'); } catch (e) { fails++; if (fails === 1) console.error(e.message); }
}
console.log(fails);`);
    const start = Date.now() + 1500;
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<{ out: string; err: string }>((done) => {
        const c = spawn(process.execPath, [script, join(root, 'out'), String(start)]);
        let out = '';
        let err = '';
        c.stdout.on('data', (b) => (out += b));
        c.stderr.on('data', (b) => (err += b));
        c.on('close', () => done({ out, err }));
      })),
    );
    for (const r of runs) expect(r.out.trim(), r.err).toBe('0');
  }, 30_000);
});

describe('the installed command', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops a long run: exit 130, no output folder', async (signal) => {
    const dir = tmp('netevo-signal-');
    const f = join(dir, 'big.json');
    // The teaching scenario on a 384 × 384 lattice: a minute of work, stopped after a second.
    writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(S('teaching-lung-lattice.json'), 'utf8')), lattice: { width: 384, height: 384, neBodies: 60 } }));
    const out = join(dir, 'out');
    execFileSync(process.execPath, [bin, '--version']); // the bundle is built (and the handlers installed) well within the second
    const child = spawn(process.execPath, [bin, 'run', f, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => {
      setTimeout(() => child.kill(signal), 1500);
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted; no result file written/);
    expect(filesIn(out)).toEqual([]);
  });
  it('prints help and version, exits 0; exits 2 on a typo in the scenario path', () => {
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(VERSION);
    expect(execFileSync('node', [bin, '--help'], { encoding: 'utf8' })).toMatch(/Usage: netevo/);
    const bad = spawnSync('node', [bin, 'run', 'scenarios/lung-spontanous-parallel.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/lung-spontanous-parallel\.json: no such scenario file; did you mean lung-spontaneous-parallel\?/);
  });
  it('takes a shipped scenario by name: the same files as its path; a misspelt name gets suggestions', async () => {
    const [a, b] = [tmp(), tmp()];
    expect((await netevo('run', 'scenarios/birth-death.json', '--seed', '3', '--out', a, '-q')).code).toBe(0);
    expect((await netevo('run', 'birth-death', '--seed', '3', '--out', b, '-q')).code).toBe(0);
    for (const f of ['timeseries.csv', 'clones.csv', 'clone_sizes.csv', 'summary.json']) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    const typo = await netevo('cohort', 'pancreas-imune-parallel', '--patients', '3', '--out', tmp());
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean pancreas-immune-parallel\?/);
    expect(typo.stderr).toMatch(/shipped scenario: birth-death, birth-death-lattice, birth-death-lattice-3d, lung-calibrated, lung-immune-divergent/);
    const none = await netevo('run', 'nothing-like-it', '--out', tmp());
    expect(none.code).toBe(2);
    expect(none.stderr).not.toMatch(/did you mean/);
  });
  it('package.json version and the core agree', () => {
    expect(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version).toBe(VERSION);
  });
});

describe('simulated sequencing', () => {
  it('writes VAFs whose truncal mutations sit near purity/2, a mutation burden and TMB per tumor, and a birth–death run\'s', async () => {
    const out = join(tmp(), 'seq');
    const r = await netevo('cohort', S('pancreas-spontaneous-divergent.json'), '--patients', '30', '--seed', '4', '--sequencing', 'depth=400,purity=0.6', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const variants = readCsv(join(out, 'sequencing.csv'));
    const patients = readCsv(join(out, 'patients.csv'));
    expect(variants.length).toBeGreaterThan(0);
    const truncal = variants.filter((v) => v.cellular_fraction === '1');
    expect(truncal.length).toBeGreaterThan(10);
    const mean = truncal.reduce((a, v) => a + Number(v.vaf), 0) / truncal.length;
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.02); // purity 0.6, heterozygous: 0.3
    for (const p of patients.filter((x) => x.diagnosed === '1')) {
      const called = variants.filter((v) => v.patient === p.patient && v.called === '1');
      expect(Number(p.mutation_burden)).toBe(called.length);
      expect(Number(p.tmb_per_mb)).toBe(Number((called.filter((v) => v.gene === 'passenger').length / 3000).toPrecision(6)));
    }
    // Passenger sub-clones give each diagnosed tumor over a hundred subclonal passengers (127–202
    // here at the NET default resolution of 300 cells), where hit clones' founders' passengers
    // alone gave 24–61.
    for (const p of patients.filter((x) => x.diagnosed === '1')) {
      const sub = variants.filter((v) => v.patient === p.patient && v.gene === 'passenger' && Number(v.cellular_fraction) < 1);
      expect(sub.length).toBeGreaterThan(80);
    }
    // A birth–death run sequences its final population, in the same format.
    const bd = join(tmp(), 'bdseq');
    const rb = await netevo('run', S('birth-death.json'), '--seed', '2', '--sequencing', 'depth=500,purity=1', '--out', bd);
    expect(rb.code, rb.stderr).toBe(0);
    const bdv = readCsv(join(bd, 'sequencing.csv'));
    expect(Object.keys(bdv[0])).toEqual(Object.keys(variants[0]));
    expect(bdv.filter((v) => Number(v.cellular_fraction) > 0.05 && Number(v.cellular_fraction) < 0.5).length).toBeGreaterThan(0);
    const bds = JSON.parse(readFileSync(join(bd, 'summary.json'), 'utf8'));
    expect(bds.sequencing.mutation_burden).toBe(bdv.filter((v) => v.called === '1').length);
    const bad = await netevo('run', S('lung-spontaneous-parallel.json'), '--sequencing', 'depth=100,purity=1.5', '--out', join(tmp(), 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sequencing "depth=100,purity=1\.5": purity/);
  });
});
