/**
 * Target tables of a fit: a published table (`cohort,group,measure,value,denominator,source`, the
 * format of reference/*.csv), its measures computed from simulated patients the way they were
 * counted in patients (measures.ts), the z-like discrepancy of each and the ABC distance. A
 * measure the simulator cannot compute is reported as such, never silently dropped.
 */
import { ARCHETYPES, HIT_IDS, ORIGINS, SUBGROUPS, type Site } from '../../biology/biology.js';
import type { PatientRecord } from '../../net/patient.js';
import { ScenarioError } from '../../scenario/scenario.js';
import { parseGroup } from './groups.js';
import { APPROXIMATE_N, evaluate, medianSe, type Evaluation } from './measures.js';
import type { Rng } from '../../core/rng.js';
import Papa from 'papaparse';

export const TARGET_COLUMNS = ['cohort', 'group', 'measure', 'value', 'denominator', 'source'] as const;

export interface TargetRow {
  /** The table (file) the row comes from, when several are fitted together. */
  table?: string;
  line: number;
  cohort: string;
  group: string;
  measure: string;
  value: number;
  denominator: number | null;
  source: string;
}

/** A target table's CSV text (a file's, or one a reader gave the page), validated; `source`
 *  names it in errors (missing columns first, then the first malformed line). */
export function parseTargetCsv(text: string, site: Site, source: string): TargetRow[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  if (TARGET_COLUMNS.every((c) => fields.includes(c)) && parsed.errors.length)
    throw new ScenarioError(source, [{ path: `line ${(parsed.errors[0].row ?? 0) + 2}`, message: `malformed CSV: ${parsed.errors[0].message}` }]);
  return parseTarget(fields, parsed.data, site, source);
}

/** Validate parsed CSV rows (header fields and records) as a target table. */
export function parseTarget(fields: readonly string[], records: readonly Record<string, string>[], site: Site, source: string): TargetRow[] {
  const missing = TARGET_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length) throw new ScenarioError(source, [{ path: 'header', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${TARGET_COLUMNS.join(',')})` }]);
  const issues: { path: string; message: string }[] = [];
  const rows: TargetRow[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const at = (col: string) => `line ${line}, column ${col}`;
    const value = Number(r.value);
    const den = r.denominator === undefined || r.denominator.trim() === '' ? null : Number(r.denominator);
    const pct = r.measure?.endsWith('_percent');
    if (r.value === undefined || r.value.trim() === '' || !Number.isFinite(value)) issues.push({ path: at('value'), message: `expected a number, got ${JSON.stringify(r.value ?? '')}` });
    else if (value < 0) issues.push({ path: at('value'), message: `negative count or value ${value}` });
    else if (pct && value > 100) issues.push({ path: at('value'), message: `a percentage above 100 (${value})` });
    if (den !== null && (!Number.isInteger(den) || den <= 0)) issues.push({ path: at('denominator'), message: `expected a positive whole number or nothing, got ${JSON.stringify(r.denominator)}` });
    if (den !== null && Number.isFinite(value) && !pct && !r.measure?.startsWith('median_') && value > den)
      issues.push({ path: at('value'), message: `count ${value} is larger than its denominator ${den}` });
    try {
      parseGroup(r.group ?? '', site);
    } catch (e) {
      issues.push({ path: at('group'), message: (e as Error).message });
    }
    if (!r.measure) issues.push({ path: at('measure'), message: 'empty measure' });
    rows.push({ line, cohort: r.cohort ?? '', group: r.group, measure: r.measure ?? '', value, denominator: den, source: r.source ?? '' });
  });
  if (issues.length) throw new ScenarioError(source, issues);
  if (!rows.length) throw new ScenarioError(source, [{ path: 'rows', message: 'the table has no rows' }]);
  return rows;
}

// --------------------------------------------------------------------------------- measures

export interface Measured {
  row: TargetRow;
  /** null: not computable (see reason). */
  target: number | null;
  simulated: number | null;
  z: number | null;
  reason?: string;
}

/**
 * Each target row against a simulated cohort: the simulated value and a z-like discrepancy. A
 * proportion's z uses the published count's sampling error and the simulated one's; a median's,
 * the sampling error of a median of the published n and of the simulated n (medianSe: √(π/2)σ/√n,
 * σ the simulated group's robust spread), as `netevo check` draws its intervals; a survival
 * percentage's, the published value's binomial error at its denominator and the simulated
 * curve's Greenwood error. A group the simulation did not produce costs z = 5 (as before).
 */
export function measure(rows: readonly TargetRow[], site: Site, patients: readonly PatientRecord[]): Measured[] {
  return discrepancies(rows, evaluate(rows, site, patients));
}

/** Each row's discrepancy from its evaluation on a cohort (measure() without the patients). */
export function discrepancies(rows: readonly TargetRow[], evals: readonly Evaluation[]): Measured[] {
  return evals.map((e, i): Measured => {
    const row = rows[i];
    if (e.kind === 'none') return { row, target: null, simulated: null, z: null, reason: e.reason };
    const target = e.kind === 'median' ? e.v : e.p;
    const simulated = e.kind === 'median' ? e.sim : e.kind === 'survival' ? e.s : (e.q ?? 0); // an empty group counts as 0
    return { row, target, simulated, z: zOf(e, target, e.n), ...(e.reason ? { reason: e.reason } : {}) };
  });
}

/**
 * The discrepancy of a simulated evaluation from a published value `target` (a share for
 * proportions and survival, the value for medians) measured on `n`: see measure(). Null when the
 * row is not computable.
 */
export function zOf(e: Evaluation, target: number, n: number): number | null {
  if (e.kind === 'none') return null;
  if (e.kind === 'median') {
    if (e.sim === null) return 5;
    // The published median's sampling error and the simulated one's, σ from the simulated group.
    return (e.sim - target) / Math.hypot(medianSe(target, e.sigma!, n), medianSe(target, e.sigma!, e.nSim));
  }
  const pt = (target * n + 0.5) / (n + 1);
  if (e.kind === 'survival') return e.s === null ? 5 : (e.s - target) / Math.sqrt((pt * (1 - pt)) / n + e.se! ** 2);
  const q = e.q ?? 0;
  return (q - target) / Math.sqrt(pt * (1 - pt) * (1 / n + 1 / Math.max(1, e.nSim)));
}

/**
 * ABC distance: root mean square of the discrepancies of the computable measures. With a
 * threshold c, each discrepancy counts by Huber's loss (Huber 1964): as z² up to |z| = c and
 * linearly beyond (2c|z| − c²), so that a measure no parameter of the model can reach (say, a
 * group's median age) does not decide the parameters as it would squared, yet a large miss still
 * costs more than a small one. A hard cap (counting |z| > c as c) let the fit give up the best-
 * measured rows: the calibrated lung model put A1 at 19 % of tumours (z = −7, published 41 %),
 * which cost no more than z = −3. Model choice among pure hypotheses uses the plain distance
 * (c = ∞), where such misses are the evidence.
 */
export function distance(ms: readonly Measured[], c = Infinity): number {
  const zs = ms.filter((m) => m.z !== null).map((m) => huberLoss(m.z!, c));
  return zs.length ? Math.sqrt(zs.reduce((a, l) => a + l, 0) / zs.length) : Infinity;
}

/** Huber's loss of a discrepancy z at threshold c: z² up to |z| = c, 2c|z| − c² beyond. */
export function huberLoss(z: number, c: number): number {
  const a = Math.abs(z);
  return a <= c ? a * a : 2 * c * a - c * c;
}

/**
 * The table of a study `scale` times the size of this one's: each denominator × scale (a row
 * without one, read at APPROXIMATE_N, gets APPROXIMATE_N × scale); a median without a
 * denominator keeps reading its group's size from the (scaled) `tumors` row.
 */
export function scaleTable(rows: readonly TargetRow[], scale: number): TargetRow[] {
  if (scale === 1) return [...rows];
  return rows.map((r) => {
    const pct = r.measure.endsWith('_percent');
    if (r.denominator === null && !pct) return r;
    const den = Math.max(1, Math.round((r.denominator ?? APPROXIMATE_N) * scale));
    // A count is rescaled with its denominator, so the published share is kept.
    const value = r.denominator !== null && !pct && !r.measure.startsWith('median_') ? Math.round((r.value * den) / r.denominator) : r.value;
    return { ...r, denominator: den, value };
  });
}

/** The Huber threshold of the mixture's sequential ABC and of the calibration. */
export const FIT_HUBER_Z = 3;

/** A target table of the joint measures a fit can use, computed from a cohort (for synthetic targets). */
export function targetFromCohort(patients: readonly PatientRecord[], site: Site, cohort: string): TargetRow[] {
  const dx = patients.filter((r) => r.diagnosed);
  const rows: TargetRow[] = [];
  const push = (group: string, measure: string, value: number, denominator: number | null) =>
    rows.push({ line: rows.length + 2, cohort, group, measure, value, denominator, source: 'simulated' });
  const locations = [...new Set(ORIGINS.filter((o) => o.site === site).map((o) => o.location))];
  for (const g of SUBGROUPS[site]) {
    const inG = dx.filter((r) => r.subgroup === g);
    push(g, 'tumors', inG.length, dx.length);
    if (!inG.length) continue;
    for (const h of HIT_IDS) if (dx.some((r) => r.hitFlags[h])) push(g, `${h}_damaging_SNV`, inG.filter((r) => r.hitFlags[h]).length, inG.length);
    if (locations.length > 1) push(g, `${locations[0]}_location_percent`, (100 * inG.filter((r) => r.location === locations[0]).length) / inG.length, inG.length);
    for (const a of ARCHETYPES) push(g, `${a.id}_archetype_percent`, (100 * inG.filter((r) => r.archetype === a.id).length) / inG.length, inG.length);
  }
  for (const a of ARCHETYPES) push('all', `${a.id}_archetype_percent`, (100 * dx.filter((r) => r.archetype === a.id).length) / Math.max(1, dx.length), dx.length);
  return rows;
}

/**
 * A synthetic version of a published table: the same rows (cohort name replaced), each value
 * what a study of the published size would have measured on a simulated cohort. Proportions are
 * drawn Binomial(n, q) at the row's n (its denominator, or the assumed n) from the simulated
 * share q; medians get the sampling error of a median of n values (medianSe); Kaplan–Meier values
 * are taken as simulated. Rows the cohort cannot compute are left out. Cross-validation and the
 * identifiability check use it, so a fit is tried on the measures and sample sizes real tables
 * have, not on ones only a simulator could know.
 */
export function syntheticTarget(rows: readonly TargetRow[], site: Site, patients: readonly PatientRecord[], cohort: string, rng: Rng): TargetRow[] {
  const values = syntheticValues(rows, evaluate(rows, site, patients), rng);
  const out: TargetRow[] = [];
  rows.forEach((row, i) => values[i] !== null && out.push({ ...row, line: out.length + 2, cohort, value: values[i]!, source: 'synthetic' }));
  return out;
}

/**
 * The values a study would publish for `rows`, drawn from a simulated cohort's evaluations of
 * them (null: the cohort cannot compute the row), at each row's sample size. A
 * proportion is Binomial(n, q); a Kaplan–Meier value, Binomial(n, s)/n (the sampling error of a
 * survival share among n patients without censoring); a median, the simulated median plus a
 * normal error of a median of n values (medianSe).
 */
export function syntheticValues(rows: readonly TargetRow[], evals: readonly Evaluation[], rng: Rng): (number | null)[] {
  return evals.map((e, i) => {
    const row = rows[i];
    const n = e.kind === 'none' ? 0 : e.n;
    if (e.kind === 'proportion' && e.q !== null) {
      const k = rng.binomial(n, e.q);
      return row.measure.endsWith('_percent') ? Number(((100 * k) / n).toFixed(1)) : k;
    }
    if (e.kind === 'survival' && e.s !== null) return Number(((100 * rng.binomial(n, e.s)) / n).toFixed(1));
    if (e.kind === 'median' && e.sim !== null) return Math.max(0, Number((e.sim + rng.normal() * medianSe(e.sim, e.sigma!, n)).toPrecision(4)));
    return null;
  });
}
