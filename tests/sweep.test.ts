import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, readCsv } from './helpers/cli.js';

const scenario = new URL('../scenarios/pancreas-immune-parallel.json', import.meta.url).pathname;

function sweepFile(dir: string, extra: Record<string, unknown> = {}) {
  const f = join(dir, 'sweep.json');
  writeFileSync(f, JSON.stringify({
    name: 'test-sweep',
    scenario,
    parameters: { 'hypothesis.immuneDivergent': [0, 1], 'immune.killPerDay': [0.0006, 0.0012] },
    seeds: [3, 4, 5],
    patients: 12,
    ...extra,
  }));
  return f;
}

describe('netevo sweep / merge', () => {
  it('shards merged equal the unsharded run byte for byte; a resumed sweep redoes nothing', async () => {
    const root = tmp('netevo-sweep-');
    const f = sweepFile(root);
    const whole = join(root, 'whole');
    expect((await netevo('sweep', f, '--out', whole)).code).toBe(0);
    const results = readFileSync(join(whole, 'results.csv'));
    const rows = readCsv(join(whole, 'results.csv'));
    expect(rows).toHaveLength(4 * 3);
    expect(rows.map((r) => r.task)).toEqual(rows.map((_, i) => String(i)));
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['hypothesis.immuneDivergent', 'immune.killPerDay', 'seed', 'diagnosed', 'V_archetype']));

    // Three shards into three directories, merged.
    const shards = [1, 2, 3].map((i) => join(root, `shard${i}`));
    for (const [i, d] of shards.entries()) {
      const r = await netevo('sweep', f, '--shard', `${i + 1}/3`, '--out', d);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(d, `results.shard-${i + 1}-of-3.csv`))).toBe(true);
    }
    const incomplete = await netevo('merge', shards[0], shards[1], '--out', join(root, 'partial'));
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/4 of 12 tasks are missing/);
    expect(existsSync(join(root, 'partial', 'results.csv'))).toBe(false);
    const merged = join(root, 'merged');
    expect((await netevo('merge', ...shards, '--out', merged)).code).toBe(0);
    expect(readFileSync(join(merged, 'results.csv'))).toEqual(results);

    // Resume: remove two finished tasks and the results, corrupt a third (a half-copied file);
    // only those three run again, and the corrupt one is named.
    const tasks = readdirSync(join(whole, 'tasks')).sort();
    rmSync(join(whole, 'tasks', tasks[4]));
    rmSync(join(whole, 'tasks', tasks[9]));
    writeFileSync(join(whole, 'tasks', tasks[7]), readFileSync(join(whole, 'tasks', tasks[7]), 'utf8').slice(0, 20));
    rmSync(join(whole, 'results.csv'));
    const again = await netevo('sweep', f, '--out', whole);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/12 tasks .*; 9 already done/);
    expect(again.stderr).toContain(`${join(whole, 'tasks', tasks[7])}: unreadable`);
    expect(readFileSync(join(whole, 'results.csv'))).toEqual(results);
  });

  it('without coupling the killing rate changes nothing: same seed, same cohort figures', async () => {
    const root = tmp('netevo-sweep-');
    const f = join(root, 'k.json');
    writeFileSync(f, JSON.stringify({
      name: 'kill', scenario: new URL('../scenarios/lung-spontaneous-parallel.json', import.meta.url).pathname,
      parameters: { 'immune.killPerDay': [0, 0.01] }, seeds: [1, 2], patients: 30,
    }));
    const out = join(root, 'o');
    expect((await netevo('sweep', f, '--out', out)).code).toBe(0);
    const rows = readCsv(join(out, 'results.csv'));
    const strip = ({ task, point, 'immune.killPerDay': k, ...rest }: Record<string, string>) => rest;
    expect(rows).toHaveLength(4);
    expect(strip(rows[2])).toEqual(strip(rows[0]));
    expect(strip(rows[3])).toEqual(strip(rows[1]));
    expect(strip(rows[1])).not.toEqual(strip(rows[0]));
  });

  it('rejects a bad sweep with the path of the problem and writes nothing', async () => {
    const root = tmp('netevo-sweep-');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ parameters: { 'immune.killPerDay': [-1] } }, /grid point \{"immune\.killPerDay":-1\}.*\$\.immune\.killPerDay/],
      [{ parameters: { 'immune.colour': [1] } }, /\$\.immune: unknown field "colour"/],
      [{ seeds: [] }, /\$\.seeds/],
      [{ patients: 0 }, /\$\.patients/],
    ];
    for (const [extra, message] of cases) {
      const out = join(root, 'never');
      const r = await netevo('sweep', sweepFile(root, extra), '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const r = await netevo('sweep', sweepFile(root), '--shard', '4/3', '--out', join(root, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard "4\/3": expected i\/n/);
  });
});

describe('an interrupted sweep', () => {
  it('stops on SIGINT with exit 130, leaves only whole task files, and resumes to the same results', async () => {
    const { spawn } = await import('node:child_process');
    const root = tmp('netevo-sigint-');
    const f = sweepFile(root, { patients: 40, seeds: { from: 1, count: 6 } });
    const out = join(root, 'o');
    const bin = new URL('../bin/netevo.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'sweep', f, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Interrupt as soon as the first task has been written.
    await new Promise<void>((resolveWait, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (existsSync(join(out, 'tasks')) && readdirSync(join(out, 'tasks')).some((x) => x.endsWith('.json'))) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolveWait();
        } else if (Date.now() - t0 > 60_000) {
          clearInterval(poll);
          reject(new Error('no task finished within 60 s'));
        }
      }, 5);
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ new tasks; run the same command again to resume/);
    expect(existsSync(join(out, 'results.csv'))).toBe(false);
    const files = readdirSync(join(out, 'tasks'));
    expect(files.every((x) => /^task-\d{6}\.json$/.test(x))).toBe(true); // no temporaries left
    for (const x of files) expect(() => JSON.parse(readFileSync(join(out, 'tasks', x), 'utf8'))).not.toThrow();
    expect(files.length).toBeLessThan(24);
    const resumed = await netevo('sweep', f, '--out', out);
    expect(resumed.code).toBe(0);
    const fresh = join(root, 'fresh');
    expect((await netevo('sweep', f, '--out', fresh)).code).toBe(0);
    expect(readFileSync(join(out, 'results.csv'))).toEqual(readFileSync(join(fresh, 'results.csv')));
  });
});
