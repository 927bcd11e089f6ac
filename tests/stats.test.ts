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
