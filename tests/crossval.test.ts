/**
 * The cross-validation and power machinery (sim/study/fit/crossval.ts) on reference tables whose
 * truth is known, built without simulating (the real model is cross-validated by
 * `netevo fit --validate` and tests/science/crossval.test.ts). The table: the four lung groups'
 * shares of 300 tumours.
 */
import { describe, expect, it } from 'vitest';
import {
  HYPOTHESES, HYPOTHESIS_SLUGS, createRng, power, validateMixture, validatePure, type ReferenceSim, type TargetRow,
} from '../sim/api.js';

const GROUPS = ['A1', 'A2', 'B', 'supra-carcinoid'];
const TABLE: TargetRow[] = GROUPS.map((g, i) => ({ line: i + 2, cohort: 'test', group: g, measure: 'tumors', value: 75, denominator: 300, source: 'test' }));

/** A simulation whose (large) cohort has these group shares. */
function sim(index: number, model: string, shares: number[], weights?: number[]): ReferenceSim {
  return {
    index, model,
    weights: Object.fromEntries(HYPOTHESES.map((h, k) => [h.key, weights ? weights[k] : h.slug === model ? 1 : 0])) as ReferenceSim['weights'],
    evals: shares.map((q, i) => ({ kind: 'proportion', p: 0.25, n: 300, size: 'denominator', q, nSim: 1e6 } as const)).slice(0, TABLE.length),
  };
}

/** Shares drawn around a centre (Dirichlet: normalised gammas of shape concentration × centre). */
function around(centre: number[], rng: ReturnType<typeof createRng>, concentration = 40): number[] {
  const g = centre.map((c) => rng.gamma(concentration * c));
  const s = g.reduce((a, x) => a + x, 0);
  return g.map((x) => x / s);
}

describe('pure attribution', () => {
  const rng = createRng('crossval-test');
  it('tells apart hypotheses that leave different signatures', () => {
    // Hypothesis h puts 55 % of tumours in group h.
    const centre = (h: number) => GROUPS.map((_, i) => (i === h ? 0.55 : 0.15));
    const pure = Array.from({ length: 200 }, (_, i) => sim(i, HYPOTHESIS_SLUGS[i % 4], around(centre(i % 4), rng)));
    const v = validatePure(pure, TABLE, 'lung', 0.1, 1);
    expect(v.targets).toBe(200);
    expect(Object.values(v.confusion).flatMap((r) => Object.values(r)).reduce((a, x) => a + x, 0)).toBe(200);
    expect(v.accuracy).toBeGreaterThan(0.95);
    expect(v.brier).toBeLessThan(0.15);
  });
  it('cannot tell apart hypotheses with the same signature: accuracy at chance, probabilities calibrated', () => {
    const pure = Array.from({ length: 400 }, (_, i) => sim(i, HYPOTHESIS_SLUGS[i % 4], around([0.4, 0.3, 0.2, 0.1], rng)));
    const v = validatePure(pure, TABLE, 'lung', 0.1, 1);
    // Chance is 1/4; the sampling sd of an accuracy over 400 targets is √(0.25·0.75/400) ≈ 0.022.
    expect(Math.abs(v.accuracy - 0.25)).toBeLessThan(3.5 * 0.022);
    // Nearly every posterior probability lies near 1/4, and a quarter of those are right.
    const mid = v.calibration.filter((b) => b.lo >= 0.1 && b.hi <= 0.4);
    const n = mid.reduce((a, b) => a + b.n, 0);
    const right = mid.reduce((a, b) => a + b.n * b.observed!, 0);
    expect(n).toBeGreaterThan(0.8 * 1600);
    expect(Math.abs(right / n - 0.25)).toBeLessThan(3.5 * Math.sqrt((0.25 * 0.75) / 400));
  });
});

describe('mixture weights', () => {
  it('90 % intervals hold the true weights in ≥ 85 % of cases (the shares are the weights)', () => {
    const rng = createRng('crossval-mixture');
    const mixture = Array.from({ length: 400 }, (_, i) => {
      const w = around([0.25, 0.25, 0.25, 0.25], rng, 4); // Dirichlet(1, 1, 1, 1)
      return sim(i, 'mixture', w, w);
    });
    const v = validateMixture(mixture, TABLE, 'lung', 0.1, 1);
    expect(v.targets).toBe(400);
    // 1,600 (study, weight) pairs: a coverage of 0.90 has a sampling sd of about 0.0075.
    expect(v.coverage).toBeGreaterThanOrEqual(0.85);
    // And the data inform the weights: intervals far narrower than the prior's.
    for (const h of HYPOTHESIS_SLUGS) expect(v.meanWidth[h]).toBeLessThan(0.5 * v.priorWidth);
  });
});

describe('power', () => {
  it('accuracy grows with the study size, and the measure that carries the signal helps most', () => {
    const rng = createRng('crossval-power');
    // The hypotheses differ slightly in group shares (30 % vs 23 % in their group, each
    // simulation within ±1 point of its centre: what a study's sampling error hides at 30
    // tumours and shows at 3,000), and strongly in a candidate row.
    // A table of 30 tumours, where the shares alone hardly tell.
    const TABLE2 = TABLE.map((r) => ({ ...r, value: 8, denominator: 30 }));
    const candidates: TargetRow[] = [
      { line: 0, cohort: 'candidate', group: 'all', measure: 'male_percent', value: 50, denominator: 300, source: 'candidate' },
      { line: 0, cohort: 'candidate', group: 'A1', measure: 'MEN1_damaging_SNV', value: 0, denominator: 75, source: 'candidate' },
    ];
    const pure = Array.from({ length: 200 }, (_, i) => {
      const h = i % 4;
      const shares = around(GROUPS.map((_, k) => (k === h ? 0.3 : 0.7 / 3)), rng, 2000);
      const s = sim(i, HYPOTHESIS_SLUGS[h], shares);
      s.evals.push({ kind: 'proportion', p: 0.5, n: 300, size: 'denominator', q: 0.5, nSim: 1e6 }); // male share: the same under all
      s.evals.push({ kind: 'proportion', p: 0, n: 75, size: 'denominator', q: 0.1 + 0.25 * h, nSim: 1e6 }); // MEN1 in A1: the signal
      return s;
    });
    const r = power(pure, { target: TABLE2, candidates, site: 'lung', accept: 0.1, seed: 1 }, [30, 300, 3000]);
    expect(r.tableSize).toBe(30);
    expect(r.curve.map((c) => c.patients)).toEqual([30, 300, 3000]);
    // 200 targets: an accuracy's sampling sd is at most 0.035; the gaps asked for are far larger.
    expect(r.curve[2].accuracy).toBeGreaterThan(r.curve[0].accuracy + 0.2);
    expect(r.curve[0].lo).toBeLessThanOrEqual(r.curve[0].accuracy);
    expect(r.curve[0].hi).toBeGreaterThanOrEqual(r.curve[0].accuracy);
    expect(r.extra[0]).toMatchObject({ group: 'A1', measure: 'MEN1_damaging_SNV' });
    expect(r.extra[0].gain).toBeGreaterThan(0.2);
    expect(r.extra[1]).toMatchObject({ group: 'all', measure: 'male_percent' });
    expect(Math.abs(r.extra[1].gain)).toBeLessThan(3.5 * 0.05); // no signal: a change within sampling error
  });
});
