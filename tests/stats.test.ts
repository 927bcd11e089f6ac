import { describe, expect, it } from 'vitest';
import { chiSquare, contingency, cramersV, cramersVCorrected } from '../sim/api.js';

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

import { kaplanMeier, cumulativeIncidence, quantile } from '../sim/api.js';

describe('quantiles', () => {
  it("interpolate between order statistics (R's type 7)", () => {
    // R: quantile(c(4, 1, 2, 0.5), c(0, 0.25, 0.5, 0.75, 1)) = 0.5, 0.875, 1.5, 2.5, 4.
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantile([4, 1, 2, 0.5], p))).toEqual([0.5, 0.875, 1.5, 2.5, 4]);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(/expected a probability in \[0, 1\]/);
  });
});

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

import { wilson, chiSquareSurvival, fisherExact, kmIntervals, logRank, survivalAt } from '../sim/api.js';

describe('intervals and tests against textbook values', () => {
  it('Wilson interval', () => {
    // 81/319 (lung B group): Wilson 95 % = [0.2088, 0.3043]
    const [lo, hi] = wilson(81, 319);
    expect(lo).toBeCloseTo(0.2088, 3);
    expect(hi).toBeCloseTo(0.3043, 3);
  });
  it('χ² tail probabilities', () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(18.467, 4)).toBeCloseTo(0.001, 5);
  });
  it("Fisher's exact test: the lady tasting tea (3, 1, 1, 3) → p = 0.4857", () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.485714, 5);
    expect(fisherExact(9, 15, 0, 73)).toBeLessThan(1e-4);
  });
  it('log-rank test: Freireich 6-MP vs placebo, χ² = 16.79 (1 df)', () => {
    const mp = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    const mpE = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const pl = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
    const r = logRank([...mp, ...pl], [...mpE, ...pl.map(() => 1)] as (0 | 1)[], [...mp.map(() => '6-MP'), ...pl.map(() => 'placebo')]);
    expect(r.df).toBe(1);
    expect(r.chi2).toBeCloseTo(16.79, 1);
    expect(r.p).toBeLessThan(1e-4);
  });
  it('Kaplan–Meier at a time with a Greenwood log–log interval', () => {
    const t = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    const e = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] as (0 | 1)[];
    const r = survivalAt(t, e, 10);
    // S(10) = 0.753. By hand: Greenwood Σ d/(n(n−d)) = 3/(21·18) + 1/(17·16) + 1/(15·14) = 0.016375;
    // se of log(−log S) = sqrt(0.016375)/|log 0.753| = 0.4509; S^{exp(±1.96·0.4509)} = (0.503, 0.889)
    // (R: survfit(..., conf.type = "log-log")).
    expect(r.s).toBeCloseTo(0.753, 3);
    expect(r.lo).toBeCloseTo(0.503, 3);
    expect(r.hi).toBeCloseTo(0.889, 3);
    // Greenwood's standard error of S itself: 0.753 · sqrt(0.016375) = 0.0964 (the textbook's 0.096).
    expect(r.se).toBeCloseTo(0.0964, 3);
    // The band the page shades holds that interval from the step at 10 until the next (13), and
    // contains the curve at every step.
    const km = kaplanMeier(t, e);
    const band = kmIntervals(km);
    const at10 = km.times.indexOf(10);
    expect([band.lo[at10], band.hi[at10]]).toEqual([r.lo, r.hi]);
    km.surv.forEach((s, i) => {
      expect(band.lo[i]).toBeLessThanOrEqual(s);
      expect(band.hi[i]).toBeGreaterThanOrEqual(s);
    });
    expect(band.hi[km.times.length - 1] - band.lo[km.times.length - 1]).toBeGreaterThan(0.2); // wide at 9 of 21 patients
  });
});
