import { describe, expect, it } from 'vitest';
import { parseScenario, type ResolvedBirthDeath } from '../sim/scenario/scenario.js';
import { BirthDeathModel } from '../sim/birth-death/model.js';
import { createRng, type Rng } from '../sim/core/rng.js';
import { leap, leapOut } from '../sim/core/space/wellmixed.js';
import { lineageLaw, type LineageLaw } from '../sim/core/space/linear-bd.js';

const scenario = (b: number, d: number, days: number, dt: number) =>
  parseScenario({ kind: 'birth-death', name: 'exact', rates: { b, d, mu: 0 }, initialCells: 1, stop: { days }, time: { dtDays: dt, recordEveryDays: days } }) as ResolvedBirthDeath;

/**
 * The well-mixed engine steps by the exact transition of the linear birth–death process, so
 * whatever dt, a lone cell's population at t has the textbook law (Kendall 1948):
 * P(n(t) = 0) = α_t = d(E − 1)/(bE − d), else geometric on {1, 2, …} with success probability
 * p_t = (b − d)/(bE − d), E = e^{(b−d)t}. With b = 1, d = 0.5, t = 20 (E = e^{10}), α_t equals
 * d/b = 0.5 to 2·10⁻⁵. R = 20,000 replicates at dt 0.05 and 0.5:
 * - extinct fraction within 3.5 standard errors sqrt(α(1 − α)/R) = 0.0035 of α_t;
 * - mean within 4 standard errors sqrt(Var/R) of e^{(b−d)t};
 * - sample variance within 4 standard errors of (b+d)/(b−d)·E(E − 1); its standard error is
 *   sqrt((μ₄ − σ⁴)/R) (the leading term), with μ₄ the law's own fourth central moment (≈ 2.5 % of
 *   the variance here).
 * The former mean-exact tau-leap failed these on the same seeds: extinct 0.4842 at dt 0.05
 * (z = −4.5) and 0.3718 at dt 0.5 (z = −36), variance ×0.62 of theory at dt 0.5 (z = −15).
 */
describe('exact well-mixed transition: a lone cell', () => {
  const [b, d, t, R] = [1, 0.5, 20, 20000];
  const E = Math.exp((b - d) * t);
  const alpha = (d * (E - 1)) / (b * E - d);
  const p = (b - d) / (b * E - d);
  // Raw moments of the law: (1 − α)·E[Y^j] for Y geometric on {1, 2, …} with success p.
  const m1 = (1 - alpha) / p;
  const m2 = (1 - alpha) * (2 / p ** 2 - 1 / p);
  const m3 = (1 - alpha) * (6 / p ** 3 - 6 / p ** 2 + 1 / p);
  const m4 = (1 - alpha) * (24 / p ** 4 - 36 / p ** 3 + 14 / p ** 2 - 1 / p);
  const variance = m2 - m1 * m1;
  const mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;

  it('the moments used are the textbook ones', () => {
    expect(m1 / E).toBeCloseTo(1, 9);
    expect(variance / (((b + d) / (b - d)) * E * (E - 1))).toBeCloseTo(1, 9);
  });

  it.each([0.05, 0.5])('dt = %d: extinction, mean and variance at t = 20 follow the law', (dt) => {
    const s = scenario(b, d, t, dt);
    const rng = createRng(`exact-engine/${dt}`);
    let extinct = 0;
    let sum = 0;
    let sum2 = 0;
    for (let r = 0; r < R; r++) {
      const m = new BirthDeathModel(s, rng);
      while (!m.finished()) m.step(dt);
      const n = m.cells();
      if (n === 0) extinct++;
      else expect(m.tDays).toBeCloseTo(t, 9);
      sum += n;
      sum2 += n * n;
    }
    const mean = sum / R;
    const sampleVar = (sum2 - R * mean * mean) / (R - 1);
    expect(Math.abs(extinct / R - alpha)).toBeLessThan(3.5 * Math.sqrt((alpha * (1 - alpha)) / R));
    expect(Math.abs(mean - E)).toBeLessThan(4 * Math.sqrt(variance / R));
    expect(Math.abs(sampleVar - variance)).toBeLessThan(4 * Math.sqrt((mu4 - variance ** 2) / R));
  });
});

/** A plain Gillespie simulation of n cells over dt: [cells at the end, births]. */
function gillespie(rng: Rng, n: number, b: number, d: number, dt: number): [number, number] {
  let t = 0;
  let births = 0;
  while (n > 0) {
    t += rng.exp(n * (b + d));
    if (t > dt) break;
    if (rng.next() * (b + d) < b) {
      n++;
      births++;
    } else n--;
  }
  return [n, births];
}

/**
 * Births and deaths: a step's births − deaths is its change in cells, and its mean number of
 * births given where it ends (n' cells) is exact. Checked against a plain Gillespie simulation
 * over one long step (dt = 2) for growth, decline and b = d: the mean births given n', for each
 * n' seen ≥ 500 times in both, agree within 4 standard errors of the difference (each side's
 * sample variance over its count); and the overall mean births is n·b·(e^{(b−d)dt} − 1)/(b − d)
 * (n·b·dt when b = d) within 4 standard errors.
 */
describe('exact well-mixed transition: births given the endpoints', () => {
  it.each([
    [1, 1, 0.5],
    [1, 0.5, 1],
    [1, 0.8, 0.8],
    [3, 1, 0.5],
  ])('n=%d b=%d d=%d, dt = 2', (n, b, d) => {
    const [dt, R] = [2, 20000];
    const tally = () => new Map<number, { k: number; s: number; s2: number }>();
    const add = (m: Map<number, { k: number; s: number; s2: number }>, end: number, births: number) => {
      const e = m.get(end) ?? { k: 0, s: 0, s2: 0 };
      e.k++;
      e.s += births;
      e.s2 += births * births;
      m.set(end, e);
    };
    const engine = tally();
    const direct = tally();
    const rng = createRng(`exact-births/${n}/${b}/${d}`);
    let total = 0;
    let total2 = 0;
    let negative = 0;
    for (let r = 0; r < R; r++) {
      leap(rng, n, b, d, dt);
      const [births, deaths] = leapOut;
      if (births < 0 || deaths < 0 || n + births - deaths < 0) negative++;
      add(engine, n + births - deaths, births);
      total += births;
      total2 += births * births;
      const [end, gb] = gillespie(rng, n, b, d, dt);
      add(direct, end, gb);
    }
    expect(negative).toBe(0);
    let compared = 0;
    for (const [end, e] of engine) {
      const g = direct.get(end);
      if (!g || e.k < 500 || g.k < 500) continue;
      const v = (x: { k: number; s: number; s2: number }) => (x.s2 - (x.s * x.s) / x.k) / (x.k - 1) / x.k;
      expect(Math.abs(e.s / e.k - g.s / g.k), `mean births given ${end} cells`).toBeLessThan(4 * Math.sqrt(v(e) + v(g)));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    const x = (b - d) * dt;
    const meanBirths = n * b * dt * (x === 0 ? 1 : Math.expm1(x) / x);
    const se = Math.sqrt((total2 - (total * total) / R) / (R - 1) / R);
    expect(Math.abs(total / R - meanBirths)).toBeLessThan(4 * se);
  });
});

describe('lineage law', () => {
  const law = (): LineageLaw => ({ alpha: 0, pGeom: 1, grows: false, hiddenPerCell: 0, hiddenSurvivor: 0 });

  it('matches the textbook α and β, and the b = d, b = 0 and d = 0 limits', () => {
    const [b, d, dt] = [0.7, 0.2, 1.3];
    const E = Math.exp((b - d) * dt);
    const l = lineageLaw(b, d, dt, law());
    expect(l.alpha).toBeCloseTo((d * (E - 1)) / (b * E - d), 14);
    expect(1 - l.pGeom).toBeCloseTo((b * (E - 1)) / (b * E - d), 14);
    const eq = lineageLaw(0.4, 0.4, 2, law());
    expect(eq.alpha).toBeCloseTo(0.8 / 1.8, 14);
    expect(1 - eq.pGeom).toBeCloseTo(0.8 / 1.8, 14);
    expect(lineageLaw(0, 0.3, 2, law()).alpha).toBeCloseTo(1 - Math.exp(-0.6), 14);
    expect(lineageLaw(0.3, 0, 2, law()).pGeom).toBeCloseTo(Math.exp(-0.6), 14);
  });

  it('is continuous where its series give way to closed forms (|(b − d)dt| = 1) and at b = d', () => {
    for (const [b, d, dt] of [[1.5, 0.5, 1], [0.5, 1.5, 1], [0.5, 0.5, 1]]) {
      const lo = lineageLaw(b, d, dt * (1 - 1e-9), law());
      const hi = lineageLaw(b + 1e-9, d, dt * (1 + 1e-9), law());
      for (const k of ['alpha', 'pGeom', 'hiddenPerCell', 'hiddenSurvivor'] as const) expect(Math.abs(hi[k] / lo[k] - 1), k).toBeLessThan(1e-7);
    }
  });

  it('says which step is too long to represent', () => {
    expect(() => lineageLaw(1, 0, 1000, law())).toThrow(/shorten time.dtDays/);
    expect(() => lineageLaw(-1, 0, 1, law())).toThrow(/must be ≥ 0/);
  });
});
