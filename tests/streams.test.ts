/**
 * Named random substreams: each process draws from its own stream, so changing one process's
 * parameters leaves every other process's draws where they were. Under a spontaneous hypothesis
 * the niche's agents act on no cell (coupling 0), so recruiting them three times faster must
 * change the immune counts and nothing else about any patient. With one stream shared by every
 * process (the layout before streams version 2) the immune draws shift the growth draws, and the
 * patients' stories differ.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deepMerge, parseScenario, type ResolvedNet } from '../sim/scenario/scenario.js';
import { simulatePatient } from '../sim/net/patient.js';
import { STREAM_NAMES } from '../sim/core/streams.js';
import { createRng } from '../sim/core/rng.js';
import { NetModel } from '../sim/net/model.js';

const base = JSON.parse(readFileSync(new URL('../scenarios/lung-spontaneous-parallel.json', import.meta.url), 'utf8'));
const scenario = (over: object) => parseScenario(deepMerge(structuredClone(base), over), 'streams') as ResolvedNet;

describe('named random substreams', () => {
  it('a niche parameter moves the niche and nothing else when the niche does not act (3 seeds × 12 patients)', () => {
    const slow = scenario({});
    const fast = scenario({ immune: { recruitmentPerLog10Cells: 0.75 } });
    let immuneDiffers = 0;
    let diagnosed = 0;
    for (const seed of [1, 2, 3])
      for (let i = 0; i < 12; i++) {
        const a = simulatePatient(slow, seed, i, { record: true });
        const b = simulatePatient(fast, seed, i, { record: true });
        expect(b.record).toEqual(a.record);
        const cols = a.timeseries!.columns;
        const immune = cols.map((c, k) => (c.startsWith('immune_') ? k : -1)).filter((k) => k >= 0);
        const other = cols.map((c, k) => (c.startsWith('immune_') ? -1 : k)).filter((k) => k >= 0);
        expect(b.timeseries!.rows.map((r) => other.map((k) => r[k]))).toEqual(a.timeseries!.rows.map((r) => other.map((k) => r[k])));
        if (JSON.stringify(b.timeseries!.rows.map((r) => immune.map((k) => r[k]))) !== JSON.stringify(a.timeseries!.rows.map((r) => immune.map((k) => r[k])))) immuneDiffers++;
        diagnosed += a.record.diagnosed;
      }
    // The change did act: the niche differs wherever a lesion grew (and some patients had one).
    expect(diagnosed).toBeGreaterThan(0);
    expect(immuneDiffers).toBeGreaterThanOrEqual(diagnosed);
  });

  it('an unobserved niche is not stepped, and no record changes for it (3 seeds × 12 patients)', () => {
    // Without a time series nothing reads a spontaneous hypothesis's niche: it rests.
    const s = scenario({});
    let diagnosed = 0;
    for (const seed of [1, 2, 3])
      for (let i = 0; i < 12; i++) {
        const watched = simulatePatient(s, seed, i, { record: true });
        const unwatched = simulatePatient(s, seed, i);
        expect(watched.model.nicheObserved).toBe(true);
        expect(unwatched.model.nicheObserved).toBe(false);
        expect(unwatched.record).toEqual(watched.record);
        diagnosed += watched.record.diagnosed;
      }
    expect(diagnosed).toBeGreaterThan(0);
    // Under an immune hypothesis the niche acts, so it is always stepped.
    const immune = parseScenario(deepMerge(structuredClone(base), { hypothesis: { spontaneousParallel: 0, immuneParallel: 1 } }), 'streams') as ResolvedNet;
    expect(simulatePatient(immune, 1, 0).model.nicheObserved).toBe(true);
  });

  it('each process has its own stream, derived from the patient seed and its name', () => {
    const m = new NetModel(scenario({}), createRng('seed/patient/0'));
    for (const name of STREAM_NAMES) expect(m.streams[name].seed).toBe(`seed/patient/0/${name}`);
    expect(new Set(STREAM_NAMES.map((n) => m.streams[n])).size).toBe(STREAM_NAMES.length);
  });
});
