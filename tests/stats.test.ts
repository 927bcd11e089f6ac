import { describe, expect, it } from 'vitest';
import { chiSquare, contingency, cramersV, cramersVCorrected } from '../sim/stats.js';

const expand = (table: number[][]) => {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) => row.forEach((n, j) => {
    for (let k = 0; k < n; k++) {
      a.push(`r${i}`);
      b.push(`c${j}`);
    }
  }));
  return [a, b] as const;
};

describe("Cramér's V", () => {
  it('matches a hand-computed 2×2 table', () => {
    // [[10, 20], [30, 40]]: chi² = 100·(10·40 − 20·30)² / (30·70·40·60) = 0.79365…; V = sqrt(chi²/100).
    const [a, b] = expand([[10, 20], [30, 40]]);
    expect(chiSquare(contingency(a, b))).toBeCloseTo(0.7936508, 6);
    expect(cramersV(a, b)).toBeCloseTo(Math.sqrt(0.7936508 / 100), 6);
  });
  it('is 1 for a perfect association and 0 for independence', () => {
    const [a, b] = expand([[25, 0, 0], [0, 25, 0], [0, 0, 25]]);
    expect(cramersV(a, b)).toBeCloseTo(1, 12);
    const [c, d] = expand([[10, 20], [10, 20]]);
    expect(cramersV(c, d)).toBeCloseTo(0, 12);
    expect(cramersVCorrected(c, d)).toBe(0);
  });
  it('bias-corrected V is below plain V on a noisy table', () => {
    const [a, b] = expand([[12, 9, 11], [8, 13, 10], [11, 10, 9]]);
    expect(cramersVCorrected(a, b)).toBeLessThan(cramersV(a, b));
  });
});

import { kaplanMeier, cumulativeIncidence } from '../sim/stats.js';

describe('Kaplan–Meier', () => {
  it('matches the textbook table (Kleinbaum & Klein, group 1 of the leukaemia remission data)', () => {
    // 6-MP group (Freireich 1963): remission times, + censored.
    const t = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    const e = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] as (0 | 1)[];
    const km = kaplanMeier(t, e);
    // Published S(t): 6 → 0.857, 7 → 0.807, 10 → 0.753, 13 → 0.690, 16 → 0.627, 22 → 0.538, 23 → 0.448
    expect(km.times).toEqual([0, 6, 7, 10, 13, 16, 22, 23]);
    const expected = [1, 0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448];
    km.surv.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 3));
    expect(km.atRisk).toEqual([21, 21, 17, 15, 12, 11, 7, 6]);
    expect(km.censorTimes).toHaveLength(12);
  });
  it('cumulative incidence counts diagnoses by age over the whole cohort', () => {
    const ci = cumulativeIncidence([50, 60, null, 70], ['A1', 'A1', '', 'B'], [40, 55, 65, 80]);
    expect(ci.A1).toEqual([0, 0.25, 0.5, 0.5]);
    expect(ci.B).toEqual([0, 0, 0, 0.25]);
  });
});
