/**
 * Intervals and tests: Wilson intervals, the χ² tail, Fisher's exact test, the log-rank test and
 * Kaplan–Meier values with Greenwood intervals. Log-gamma comes from mathjs; the incomplete gamma
 * function is the textbook series / continued fraction (Numerical Recipes §6.2).
 */
import { lgamma } from 'mathjs/number';
import { kaplanMeier, type KaplanMeier } from './stats.js';

/** Wilson score interval of a proportion k/n (95 % by default). */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  // At k = 0 (k = n) the bound is 0 (1) exactly; in floating point c − h can land a hair above 0.
  return [k <= 0 ? 0 : Math.max(0, c - h), k >= n ? 1 : Math.min(1, c + h)];
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const gln = lgamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  // Continued fraction for Q, by Lentz's method.
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Upper tail of the χ² distribution: P(X ≥ x) with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return Math.max(0, 1 - gammaP(df / 2, x / 2));
}

/** Two-sided Fisher's exact test of the 2×2 table [[a, b], [c, d]] (sum of tables no more likely). */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  const lf = (k: number) => lgamma(k + 1);
  const logP = (x: number) => lf(r1) + lf(r2) + lf(c1) + lf(n - c1) - lf(n) - lf(x) - lf(r1 - x) - lf(c1 - x) - lf(r2 - c1 + x);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) {
    const lp = logP(x);
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** Log-rank test of equal survival across groups (k − 1 degrees of freedom). */
export function logRank(time: readonly number[], event: readonly (0 | 1 | boolean)[], group: readonly string[]): { chi2: number; df: number; p: number } {
  const groups = [...new Set(group)].sort();
  const k = groups.length;
  if (k < 2) return { chi2: 0, df: 0, p: 1 };
  const gi = new Map(groups.map((g, i) => [g, i]));
  const times = [...new Set(time.filter((_, i) => event[i]))].sort((x, y) => x - y);
  const O = new Float64Array(k);
  const E = new Float64Array(k);
  const V = Array.from({ length: k }, () => new Float64Array(k));
  for (const t of times) {
    const atRisk = new Float64Array(k);
    const deaths = new Float64Array(k);
    for (let i = 0; i < time.length; i++) {
      const g = gi.get(group[i])!;
      if (time[i] >= t) atRisk[g]++;
      if (time[i] === t && event[i]) deaths[g]++;
    }
    const n = atRisk.reduce((x, y) => x + y, 0);
    const d = deaths.reduce((x, y) => x + y, 0);
    if (n < 2) continue;
    for (let g = 0; g < k; g++) {
      O[g] += deaths[g];
      E[g] += (d * atRisk[g]) / n;
      for (let h = 0; h < k; h++) {
        const v = ((d * (n - d)) / (n - 1)) * ((atRisk[g] / n) * ((g === h ? 1 : 0) - atRisk[h] / n));
        V[g][h] += v;
      }
    }
  }
  // χ² = (O − E)ᵀ V⁻¹ (O − E) over the first k − 1 groups (Gaussian elimination).
  const m = k - 1;
  const A = Array.from({ length: m }, (_, i) => [...Array.from(V[i].slice(0, m)), O[i] - E[i]]);
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    if (Math.abs(A[col][col]) < 1e-12) return { chi2: 0, df: m, p: 1 };
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let c2 = col; c2 <= m; c2++) A[r][c2] -= f * A[col][c2];
    }
  }
  let chi2 = 0;
  for (let i = 0; i < m; i++) chi2 += (O[i] - E[i]) * (A[i][m] / A[i][i]);
  return { chi2, df: m, p: chiSquareSurvival(chi2, m) };
}

/**
 * Kaplan–Meier value at time t with a 95 % log–log (Greenwood) interval and Greenwood's standard
 * error of s itself (0 where s is 0 or 1 or no event came before t).
 */
export function survivalAt(time: readonly number[], event: readonly (0 | 1 | boolean)[], t: number): { s: number; lo: number; hi: number; se: number; atRisk: number } {
  const km = kaplanMeier(time, event);
  const atRisk = time.filter((x) => x >= t).length;
  const band = kmIntervals(km);
  let i = 0;
  while (i + 1 < km.times.length && km.times[i + 1] <= t) i++;
  return { s: km.surv[i], lo: band.lo[i], hi: band.hi[i], se: band.se[i], atRisk };
}

/**
 * The 95 % interval of a Kaplan–Meier curve at each of its steps: Greenwood's variance on the
 * log(−log) scale (so the interval stays inside [0, 1]); the step's own value where the curve is
 * at 0 or 1 or no event has happened yet.
 */
export function kmIntervals(km: KaplanMeier): { lo: number[]; hi: number[]; se: number[] } {
  const lo = [km.surv[0]];
  const hi = [km.surv[0]];
  const se = [0];
  const z = 1.959963984540054;
  let greenwood = 0;
  for (let i = 1; i < km.times.length; i++) {
    const s = km.surv[i];
    const n = km.atRisk[i];
    const d = n * (1 - km.surv[i] / km.surv[i - 1]);
    if (n > d) greenwood += d / (n * (n - d));
    if (s <= 0 || s >= 1 || greenwood === 0) {
      lo.push(s);
      hi.push(s);
      se.push(0);
      continue;
    }
    const seLogLog = Math.sqrt(greenwood) / Math.abs(Math.log(s));
    lo.push(s ** Math.exp(z * seLogLog));
    hi.push(s ** Math.exp(-z * seLogLog));
    se.push(s * Math.sqrt(greenwood));
  }
  return { lo, hi, se };
}
