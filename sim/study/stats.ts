/**
 * Association statistics on cohort tables. Cramér's V (Cramér 1946) and its bias-corrected form
 * (Bergsma 2013), from a contingency table built of two label columns; the battery of subgroup
 * associations every output reports; medians, Kaplan–Meier curves, cumulative incidence.
 */
import { HIT_IDS } from '../biology/biology.js';

export interface Contingency {
  rows: string[];
  cols: string[];
  counts: number[][];
  n: number;
}

export function contingency(a: readonly string[], b: readonly string[]): Contingency {
  if (a.length !== b.length) throw new Error(`columns differ in length (${a.length} vs ${b.length})`);
  const rows = [...new Set(a)].sort();
  const cols = [...new Set(b)].sort();
  const ri = new Map(rows.map((r, i) => [r, i]));
  const ci = new Map(cols.map((c, i) => [c, i]));
  const counts = rows.map(() => cols.map(() => 0));
  for (let i = 0; i < a.length; i++) counts[ri.get(a[i])!][ci.get(b[i])!]++;
  return { rows, cols, counts, n: a.length };
}

export function chiSquare(t: Contingency): number {
  const rs = t.counts.map((r) => r.reduce((x, y) => x + y, 0));
  const cs = t.cols.map((_, j) => t.counts.reduce((x, r) => x + r[j], 0));
  let chi = 0;
  for (let i = 0; i < t.rows.length; i++)
    for (let j = 0; j < t.cols.length; j++) {
      const e = (rs[i] * cs[j]) / t.n;
      if (e > 0) chi += (t.counts[i][j] - e) ** 2 / e;
    }
  return chi;
}

/** Cramér's V of two label columns; 0 when either has a single level. */
export function cramersV(a: readonly string[], b: readonly string[]): number {
  const t = contingency(a, b);
  const k = Math.min(t.rows.length, t.cols.length);
  if (k < 2 || t.n === 0) return 0;
  return Math.sqrt(chiSquare(t) / (t.n * (k - 1)));
}

/** Bias-corrected Cramér's V (Bergsma 2013). */
export function cramersVCorrected(a: readonly string[], b: readonly string[]): number {
  const t = contingency(a, b);
  const n = t.n;
  const r = t.rows.length;
  const c = t.cols.length;
  if (n < 2 || r < 2 || c < 2) return 0;
  const phi2 = Math.max(0, chiSquare(t) / n - ((r - 1) * (c - 1)) / (n - 1));
  const rr = r - (r - 1) ** 2 / (n - 1);
  const cc = c - (c - 1) ** 2 / (n - 1);
  const k = Math.min(rr - 1, cc - 1);
  return k > 0 ? Math.sqrt(phi2 / k) : 0;
}

/** A tumor's labels, as the association statistics read them (a PatientRecord has them all). */
export interface LabelledTumor {
  diagnosed: number;
  subgroup: string;
  cell_of_origin: string;
  archetype: string;
  location: string;
  hitFlags: Record<string, number>;
}

/** Cramér's V of subgroup against one label of the tumors (`hit_<ID>`: carrying that hit or not). */
export interface SubgroupAssociation {
  against: string;
  V: number;
  V_corrected: number;
  /** Diagnosed tumors carrying the hit (hits only). */
  carriers?: number;
}

/**
 * The association battery, written once: Cramér's V (plain and bias-corrected) of subgroup
 * against cell of origin, location, archetype and each hit, over the diagnosed tumors. Unrounded:
 * each output rounds the way its file always has.
 */
export function subgroupAssociations(rows: readonly LabelledTumor[]): SubgroupAssociation[] {
  const dx = rows.filter((r) => r.diagnosed);
  const sg = dx.map((r) => r.subgroup);
  const V = (against: string, xs: string[], carriers?: number): SubgroupAssociation => ({ against, V: cramersV(xs, sg), V_corrected: cramersVCorrected(xs, sg), ...(carriers === undefined ? {} : { carriers }) });
  return [
    V('cell_of_origin', dx.map((r) => r.cell_of_origin)),
    V('location', dx.map((r) => r.location)),
    V('archetype', dx.map((r) => r.archetype)),
    ...HIT_IDS.map((h) => V(`hit_${h}`, dx.map((r) => String(r.hitFlags[h])), dx.filter((r) => r.hitFlags[h] === 1).length)),
  ];
}

/** Association and outcome figures of a cohort (over diagnosed patients), as sweeps and summaries report them. */
export interface CohortStatistics {
  V_cell_of_origin: number;
  V_archetype: number;
  V_location: number;
  /** Strongest hit–subgroup association among hits carried by ≥ 10 % of diagnosed tumors. */
  V_best_hit: number;
  best_hit: string;
  /** Cramér's V of (archetype × diagnosed) over all patients: how much incidence depends on the niche. */
  V_archetype_incidence: number;
}

export function cohortStatistics(rows: readonly LabelledTumor[]): CohortStatistics {
  const dx = rows.filter((r) => r.diagnosed).length;
  const all = subgroupAssociations(rows);
  const of = (against: string) => all.find((a) => a.against === against)!.V;
  // The first strictly strongest hit, in HIT_IDS order; rare hits (< 10 %) make noisy V.
  let best = { v: 0, hit: '' };
  for (const a of all) if (a.carriers !== undefined && a.carriers >= 0.1 * dx && a.V > best.v) best = { v: a.V, hit: a.against.slice(4) };
  const r6 = (x: number) => Number(x.toFixed(6));
  return {
    V_cell_of_origin: r6(of('cell_of_origin')),
    V_archetype: r6(of('archetype')),
    V_location: r6(of('location')),
    V_best_hit: r6(best.v),
    best_hit: best.hit,
    V_archetype_incidence: r6(cramersV(rows.map((r) => r.archetype), rows.map((r) => String(r.diagnosed)))),
  };
}

/** Median of the numbers (mean of the middle two for an even count); null for none. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The p-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics (R's type 7); null for none. */
export function quantile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  if (!(p >= 0 && p <= 1)) throw new Error(`quantile ${p}: expected a probability in [0, 1]`);
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** A Kaplan–Meier curve: the survival function as steps, with the censoring marks. */
export interface KaplanMeier {
  /** Step times, starting at 0; surv[i] holds from times[i] until times[i + 1]. */
  times: number[];
  surv: number[];
  atRisk: number[];
  censorTimes: number[];
  censorSurv: number[];
}

/** Kaplan–Meier estimate from times and event flags (1 event, 0 censored at that time). */
export function kaplanMeier(time: readonly number[], event: readonly (0 | 1 | boolean)[]): KaplanMeier {
  const idx = time.map((_, i) => i).sort((a, b) => time[a] - time[b] || Number(event[b]) - Number(event[a]));
  let n = time.length;
  let s = 1;
  const out: KaplanMeier = { times: [0], surv: [1], atRisk: [n], censorTimes: [], censorSurv: [] };
  for (let k = 0; k < idx.length; ) {
    const t = time[idx[k]];
    let d = 0;
    let c = 0;
    while (k < idx.length && time[idx[k]] === t) {
      if (event[idx[k]]) d++;
      else c++;
      k++;
    }
    if (d > 0) {
      s *= 1 - d / n;
      out.times.push(t);
      out.surv.push(s);
      out.atRisk.push(n);
    }
    for (let j = 0; j < c; j++) {
      out.censorTimes.push(t);
      out.censorSurv.push(s);
    }
    n -= d + c;
  }
  return out;
}

/** The median of a Kaplan–Meier curve: the first time it is at or below 0.5 (null: never, within follow-up). */
export function kmMedian(k: KaplanMeier): number | null {
  const i = k.surv.findIndex((s) => s <= 0.5);
  return i < 0 ? null : k.times[i];
}

/** Fraction of a cohort diagnosed with each subgroup by each age (no censoring: every patient is
 *  followed to death or the end of the simulated life span, so this is the cumulative incidence). */
export function cumulativeIncidence(ages: readonly (number | null)[], groups: readonly string[], grid: readonly number[]): Record<string, number[]> {
  const n = ages.length;
  const out: Record<string, number[]> = {};
  for (const g of new Set(groups.filter((g, i) => g && ages[i] !== null))) {
    const a = ages.filter((x, i) => groups[i] === g && x !== null) as number[];
    a.sort((x, y) => x - y);
    let k = 0;
    out[g] = grid.map((t) => {
      while (k < a.length && a[k] <= t) k++;
      return k / n;
    });
  }
  return out;
}
