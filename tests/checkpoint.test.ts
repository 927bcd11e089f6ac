/**
 * Checkpoint and resume (the reliability issue): `run --checkpoint FILE --checkpoint-every DAYS`
 * saves the whole state atomically; `resume FILE` continues it and writes the files an
 * uninterrupted run writes, byte for byte — on the clone engine and on the lattice, NET and
 * birth–death. Saving does not disturb the run. A damaged or foreign checkpoint is named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netevo, tmp, filesIn } from './helpers/cli.js';
import { decodeState, encodeState } from '../sim/core/snapshot.js';

const S = (f: string) => new URL(`../scenarios/${f}`, import.meta.url).pathname;

async function roundTrip(scenario: string, every: string, extra: string[] = []) {
  const dir = tmp('netevo-ck-');
  const whole = await netevo('run', scenario, '--seed', '7', '--out', join(dir, 'whole'), '--quiet', ...extra);
  expect(whole.code, whole.stderr).toBe(0);
  const saving = await netevo('run', scenario, '--seed', '7', '--out', join(dir, 'saving'), '--checkpoint', join(dir, 'ck.json'), '--checkpoint-every', every, '--quiet', ...extra);
  expect(saving.code, saving.stderr).toBe(0);
  const ck = JSON.parse(readFileSync(join(dir, 'ck.json'), 'utf8'));
  expect(ck.tDays).toBeGreaterThan(0); // a state from the middle of the run
  const resumed = await netevo('resume', join(dir, 'ck.json'), '--out', join(dir, 'resumed'));
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`resuming .* seed 7 from .*ck\\.json \\(day ${ck.tDays.toFixed(1)}\\)`));
  const files = filesIn(join(dir, 'whole'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const f of files) {
    const a = readFileSync(join(dir, 'whole', f), 'utf8');
    expect(readFileSync(join(dir, 'saving', f), 'utf8'), `${f}: saving disturbed the run`).toBe(a);
    expect(readFileSync(join(dir, 'resumed', f), 'utf8'), `${f}: the resumed run differs`).toBe(a);
  }
  return { dir, ck };
}

describe('checkpoint and resume, byte for byte', () => {
  it('a lung patient on the clone engine (checkpoints every 2,000 days)', async () => {
    await roundTrip(S('lung-immune-divergent.json'), '2000');
  });
  it('the teaching scenario on a 64 × 64 lattice, with its immune agents (every 400 days)', async () => {
    const f = join(tmp('netevo-ck-lat-'), 'teaching-64.json');
    writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(S('teaching-lung-lattice.json'), 'utf8')), lattice: { width: 64, height: 64, neBodies: 5 } }));
    await roundTrip(f, '400');
  });
  it('birth–death on a lattice and well-mixed, with sequencing', async () => {
    const dir = tmp('netevo-ck-bd-');
    const f = join(dir, 'bd-lattice.json');
    writeFileSync(f, JSON.stringify({ kind: 'birth-death', name: 'bd-lattice', space: { mode: 'lattice', width: 96, height: 96 }, rates: { b: 1, d: 0.2, mu: 1 }, stop: { cells: 4000 }, time: { dtDays: 0.5, recordEveryDays: 0.5 } }));
    await roundTrip(f, '3');
    await roundTrip(S('birth-death.json'), '1', ['--sequencing', 'depth=80,purity=0.9']);
  });
  it('a damaged, foreign or missing checkpoint is named (exit 2, nothing written)', async () => {
    const { dir } = await roundTrip(S('lung-immune-parallel.json'), '3000');
    const text = readFileSync(join(dir, 'ck.json'), 'utf8');
    const cases: [string, string, RegExp][] = [
      ['cut.json', text.slice(0, 4000), /cut\.json: not a netevo checkpoint \(unreadable JSON: a cut or damaged file\)/],
      ['other.json', JSON.stringify({ format: 1 }), /other\.json: not a netevo checkpoint \(netevo: /],
      ['old.json', text.replace(/"netevo":"[^"]*"/, '"netevo":"0.0.1"'), /old\.json: written by netevo 0\.0\.1 .* run the scenario again/],
      ['forged.json', text.replace('"$c":"CloneTable"', '"$c":"Evil"'), /forged\.json: not a saved state: unknown class "Evil"/],
    ];
    for (const [name, body, message] of cases) {
      writeFileSync(join(dir, name), body);
      const r = await netevo('resume', join(dir, name), '--out', join(dir, `o-${name}`));
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(filesIn(join(dir, `o-${name}`))).toEqual([]);
    }
    expect(await netevo('resume', join(dir, 'none.json'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/none\.json: no such checkpoint file/) });
    expect(await netevo('run', S('birth-death.json'), '--checkpoint-every', '3')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--checkpoint-every needs --checkpoint FILE/) });
  });
});

describe('the state codec', () => {
  class Point {
    constructor(public x: number, public next: Point | null = null) {}
    norm() {
      return Math.abs(this.x);
    }
  }
  it('keeps shared references and cycles, classes, Maps, Sets, typed arrays, −0, NaN and infinities', () => {
    const a = new Point(-0);
    const b = new Point(NaN, a);
    a.next = b; // a cycle
    const shared = new Float64Array([1.5, Infinity, -Infinity]);
    const root = { a, b, list: [a, a], shared, again: shared, map: new Map<unknown, unknown>([['k', a], [2, new Set([1, 'x'])]]), ints: new Int32Array([1, -2, 3]).subarray(1), u: undefined };
    const enc = JSON.parse(JSON.stringify(encodeState(root, { Point }, new Map())));
    const r = decodeState(enc, { Point }, {}) as typeof root;
    expect(r.a).toBeInstanceOf(Point);
    expect(r.a.norm()).toBe(0);
    expect(Object.is(r.a.x, -0)).toBe(true);
    expect(Number.isNaN(r.b.x)).toBe(true);
    expect(r.a.next).toBe(r.b);
    expect(r.b.next).toBe(r.a);
    expect(r.list[0]).toBe(r.a);
    expect(r.again).toBe(r.shared);
    expect([...r.shared]).toEqual([1.5, Infinity, -Infinity]);
    expect([...r.ints]).toEqual([-2, 3]);
    expect(r.map.get('k')).toBe(r.a);
    expect([...(r.map.get(2) as Set<unknown>)]).toEqual([1, 'x']);
    expect('u' in r && r.u === undefined).toBe(true);
  });
  it('refuses what it cannot keep: a function, an unregistered class; supplies externals by name', () => {
    expect(() => encodeState({ f: () => 1 }, {}, new Map())).toThrow(/a function at \$\.f/);
    expect(() => encodeState({ p: new Point(1) }, {}, new Map())).toThrow(/an unregistered class at \$\.p/);
    const ext = { fn: () => 2 };
    const enc = encodeState({ e: ext, n: 1 }, {}, new Map([[ext, 'thing']]));
    const r = decodeState(enc, {}, { thing: ext }) as { e: typeof ext };
    expect(r.e).toBe(ext);
  });
});
