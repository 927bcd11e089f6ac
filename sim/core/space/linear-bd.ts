/**
 * The exact law of a linear birth–death process (birth rate b, death rate d per cell) over a time
 * dt, as the well-mixed engine's `leap` (wellmixed.ts) draws it. With r = b − d, x = r·dt and
 * M = (e^x − 1)/x (M = 1 at x = 0), one cell leaves X descendants after dt with
 *   P(X = 0) = α,  P(X = k) = (1 − α)(1 − β)β^{k−1} (k ≥ 1),
 *   α = d·dt·M / (1 + b·dt·M),  β = b·dt·M / (1 + b·dt·M)
 * (Kendall 1948; the usual α = d(E − 1)/(bE − d), β = b(E − 1)/(bE − d) with E = e^x, written so
 * that b = d, b = 0 and d = 0 need no special case).
 *
 * Births and deaths given the endpoints. A lineage with X = k ≥ 1 had k − 1 + h births and h
 * deaths, one with X = 0 had h births and 1 + h deaths, where h counts "hidden" birth–death
 * pairs. From the joint generating function of (X, births), which solves the Riccati equation
 * ∂G/∂t = b·z·G² − (b + d)·G + d with G(0) = s, the conditional means are
 *   E[h | X = 0] = c,  E[h | X = k ≥ 1] = a + c·(k − 1),
 *   c = b·d·dt²·P(x) / (1 + b·dt·M),   P(x) = 2(sinh x − x) / (x²(1 − e^{−x})),
 *   a = 2·b·d·dt²·((M − g) + d·dt·K) / (1 + b·dt·M),   g = (e^x − 1 − x)/x²,  K = (M − 2g)/x
 * (P(0) = 1/3, g(0) = 1/2, K(0) = 1/6). Checked against a direct simulation in
 * tests/exact-engine.test.ts. Series are used for |x| < 1, where the closed forms cancel.
 */
import { SimulationError } from '../limits.js';

/** The law of one cell's lineage over dt (see the file comment). */
export interface LineageLaw {
  /** P(no descendant). */
  alpha: number;
  /** 1 − β: the success probability of the geometric number of descendants of a survivor. */
  pGeom: number;
  /** β > 0 (some survivor may leave more than one descendant). */
  grows: boolean;
  /** c: mean hidden birth–death pairs of a lineage that dies out, and per extra descendant. */
  hiddenPerCell: number;
  /** a: mean hidden birth–death pairs of a surviving lineage with one descendant. */
  hiddenSurvivor: number;
}

const FACT: number[] = [1];
for (let k = 1; k < 40; k++) FACT.push(FACT[k - 1] * k);
const TERMS = 16;
// Σ x^k / (k+2)!  (g);  Σ (k+1) x^k / (k+3)!  (K);  Σ y^j / (2j+3)!, y = x²  ((sinh x − x)/x³).
const G_SERIES = Array.from({ length: TERMS }, (_, k) => 1 / FACT[k + 2]);
const K_SERIES = Array.from({ length: TERMS }, (_, k) => (k + 1) / FACT[k + 3]);
const S3_SERIES = Array.from({ length: TERMS }, (_, j) => 1 / FACT[2 * j + 3]);

function horner(c: number[], x: number): number {
  let s = 0;
  for (let k = c.length - 1; k >= 0; k--) s = s * x + c[k];
  return s;
}

/** (e^x − 1)/x. */
function expm1Over(x: number): number {
  return x === 0 ? 1 : Math.expm1(x) / x;
}

/** P(x) = 2(sinh x − x) / (x²(1 − e^{−x})). */
function hiddenShape(x: number): number {
  if (Math.abs(x) < 1) return (2 * horner(S3_SERIES, x * x)) / expm1Over(-x);
  if (x > 0) return (2 * ((Math.sinh(x) - x) / (x * x * x))) / expm1Over(-x);
  // x ≤ −1: the same ratio multiplied through by e^x, which cannot overflow.
  const e = Math.exp(x);
  return (e * e - 1 - 2 * x * e) / (x * x * Math.expm1(x));
}

/** The lineage law for rates b, d ≥ 0 over dt > 0; throws when dt is too long to represent it. */
export function lineageLaw(b: number, d: number, dt: number, out: LineageLaw): LineageLaw {
  if (!(b >= 0 && d >= 0 && dt >= 0)) throw new Error(`birth–death rates and dt must be ≥ 0, got b=${b}, d=${d} per day, dt=${dt} days`);
  const x = (b - d) * dt;
  const M = expm1Over(x);
  let g: number, K: number;
  if (Math.abs(x) < 1) {
    g = horner(G_SERIES, x);
    K = horner(K_SERIES, x);
  } else {
    g = (Math.expm1(x) - x) / (x * x);
    K = (M - 2 * g) / x;
  }
  const den = 1 + b * dt * M;
  const bd = b * d * dt * dt;
  out.alpha = Math.min(1, (d * dt * M) / den);
  out.pGeom = 1 / den;
  out.grows = b > 0;
  out.hiddenPerCell = bd > 0 ? (bd * hiddenShape(x)) / den : 0;
  out.hiddenSurvivor = bd > 0 ? (2 * bd * (M - g + d * dt * K)) / den : 0;
  const ok = Number.isFinite(out.alpha) && out.pGeom > 0 && Number.isFinite(out.hiddenPerCell) && Number.isFinite(out.hiddenSurvivor);
  if (!ok)
    throw new SimulationError(`cannot step a birth–death process with b=${b}, d=${d} per day over dt=${dt} days ((b−d)·dt=${x}): shorten time.dtDays`);
  return out;
}
