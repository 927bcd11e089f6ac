/**
 * Cox proportional hazards with one binary covariate (treated = 1), Breslow's handling of tied
 * event times: the hazard ratio of a trial arm against its control, its 95 % Wald interval and
 * p-value. Fitted by Newton–Raphson on the partial likelihood; checked against the textbook
 * example (Freireich's leukaemia remission data: β = 1.509, SE 0.410 with Breslow ties; Kleinbaum
 * & Klein, Survival Analysis, 3rd ed., ch. 3) in tests/trial.test.ts.
 */

export interface CoxFit {
  /** log hazard ratio and its standard error (null when not estimable: no event, or no event in a group). */
  beta: number | null;
  se: number | null;
  hr: number | null;
  lo: number | null;
  hi: number | null;
  p: number | null;
  n: number;
  events: number;
}

/** Standard normal upper tail P(Z > z), by erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalUpper(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Two-sided p of a standard normal statistic. */
export const twoSided = (z: number) => Math.min(1, 2 * normalUpper(Math.abs(z)));

/** Fit h(t | x) = h0(t)·e^{βx} to times, events (1 = event, 0 = censored) and x ∈ {0, 1}. */
export function coxBinary(time: readonly number[], event: readonly (0 | 1)[], x: readonly (0 | 1)[]): CoxFit {
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]); // latest first
  const events = event.reduce<number>((a, e) => a + e, 0);
  const none: CoxFit = { beta: null, se: null, hr: null, lo: null, hi: null, p: null, n, events };
  const eventsIn = [0, 0];
  for (let i = 0; i < n; i++) if (event[i]) eventsIn[x[i]]++;
  if (!eventsIn[0] || !eventsIn[1]) return none;
  // Distinct event times, latest first, with the risk set's counts by group as it grows backwards.
  const score = (beta: number) => {
    let u = 0;
    let info = 0;
    let logL = 0;
    let at0 = 0;
    let at1 = 0;
    const r = Math.exp(beta);
    for (let k = 0; k < n; ) {
      const t = time[order[k]];
      let d = 0;
      let s = 0;
      for (; k < n && time[order[k]] === t; k++) {
        const i = order[k];
        if (x[i]) at1++;
        else at0++;
        if (event[i]) {
          d++;
          s += x[i];
        }
      }
      if (!d) continue;
      const s0 = at0 + at1 * r;
      const m = (at1 * r) / s0; // S1/S0 (= S2/S0 for a binary covariate)
      u += s - d * m;
      info += d * (m - m * m);
      logL += beta * s - d * Math.log(s0);
    }
    return { u, info, logL };
  };
  let beta = 0;
  for (let it = 0; it < 50; it++) {
    const { u, info } = score(beta);
    if (!(info > 0)) return none;
    const step = u / info;
    beta += Math.max(-5, Math.min(5, step));
    if (Math.abs(step) < 1e-10) break;
  }
  const { info } = score(beta);
  if (!(info > 0) || !Number.isFinite(beta) || Math.abs(beta) > 20) return none;
  const se = 1 / Math.sqrt(info);
  return { beta, se, hr: Math.exp(beta), lo: Math.exp(beta - 1.959963984540054 * se), hi: Math.exp(beta + 1.959963984540054 * se), p: twoSided(beta / se), n, events };
}

/** Do two independent log hazard ratios differ (a treatment × stratum interaction)? Two-sided p. */
export function interactionP(a: CoxFit, b: CoxFit): number | null {
  if (a.beta === null || b.beta === null || a.se === null || b.se === null) return null;
  return twoSided((a.beta - b.beta) / Math.hypot(a.se, b.se));
}
