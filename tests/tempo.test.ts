/**
 * Tumor tempo (progression.tempoSdLog): a per-patient factor on the tumor cells' intrinsic
 * division and death rates. What follows from it is not written anywhere in the model: it must
 * emerge — Ki-67 at diagnosis spreads across the G1/G2 cut-off, and faster tumors (higher Ki-67)
 * are diagnosed younger and metastasize more often.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deepMerge, parseScenario, type ResolvedNet } from '../sim/scenario/scenario.js';
import { runCohort } from '../sim/study/cohort.js';

const base = JSON.parse(readFileSync(new URL('../scenarios/lung-spontaneous-parallel.json', import.meta.url), 'utf8'));
// The pathologist's counting noise is switched off (a 100,000-cell count, no field-to-field
// spread), so that only the tempo moves Ki-67 here (tests/science/realism.test.ts covers the count), and
// the Ki-67 window is 7.5 days, which puts these tumors on the G1/G2 cut-off.
const cohort = (sd: number) =>
  runCohort(parseScenario(deepMerge(structuredClone(base), { progression: { tempoSdLog: sd, cycleDays: 7.5 }, pathology: { hotspotCells: 100000, fieldSdLog: 0 } }), 'tempo') as ResolvedNet, { patients: 400, seed: 'tempo' }).filter((r) => r.diagnosed);

/** Spearman's rank correlation (average ranks for ties). */
function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const mx = rx.reduce((a, b) => a + b, 0) / rx.length;
  const my = ry.reduce((a, b) => a + b, 0) / ry.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('tumor tempo', () => {
  const fixed = cohort(0);
  const spread = cohort(0.3);
  // Below the digestive G1/G2 cut-off of Ki-67 (the lung's grade counts mitoses).
  const g1 = (rows: typeof fixed) => rows.filter((r) => (r.ki67_at_diagnosis as number) < 3).length / rows.length;

  // The share of tumours on the four commonest values of Ki-67 (0.1-point bins).
  const top4 = (rows: typeof fixed) => {
    const c = new Map<number, number>();
    for (const r of rows) c.set(Math.round((r.ki67_at_diagnosis as number) * 10), (c.get(Math.round((r.ki67_at_diagnosis as number) * 10)) ?? 0) + 1);
    return [...c.values()].sort((a, b) => b - a).slice(0, 4).reduce((a, b) => a + b, 0) / rows.length;
  };

  it('without spread, Ki-67 at diagnosis sits on a few values (those of the driver and program combinations): the spread scatters it', () => {
    // Measured 0.54 without spread and 0.18 with it (n ≈ 300 each: SE of a share ≤ 0.03).
    expect(fixed.length).toBeGreaterThan(150);
    expect(top4(fixed)).toBeGreaterThan(0.4);
    expect(top4(spread)).toBeLessThan(top4(fixed) / 2);
  });

  it('with spread, tumors fall on both sides of the Ki-67 3 % cut-off', () => {
    expect(spread.length).toBeGreaterThan(150);
    expect(g1(spread)).toBeGreaterThan(0.2);
    expect(g1(spread)).toBeLessThan(0.8);
  });

  it('faster tumors are diagnosed younger and metastasize more often', () => {
    const ki = spread.map((r) => r.ki67_at_diagnosis as number);
    const age = spread.map((r) => r.age_at_diagnosis_years as number);
    const rho = spearman(ki, age);
    expect(rho).toBeLessThan(-0.1);
    const median = [...ki].sort((a, b) => a - b)[ki.length >> 1];
    const metRate = (rows: typeof spread) => rows.filter((r) => r.metastasis_years !== null).length / rows.length;
    const fast = spread.filter((r) => (r.ki67_at_diagnosis as number) > median);
    const slow = spread.filter((r) => (r.ki67_at_diagnosis as number) <= median);
    expect(metRate(fast)).toBeGreaterThan(metRate(slow));
  });
});
