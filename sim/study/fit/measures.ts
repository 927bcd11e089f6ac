/**
 * A target table's measures computed from simulated patients the way the published cohorts
 * counted them: over diagnosed patients only, within the row's group (groups.ts). The fit's
 * distance (targets.ts) and `netevo check`'s table (../check.ts) both read them from here, so a
 * measure is counted one way. What each measure counts:
 *
 * - `tumors`, `tumors_percent`: the group's share of diagnosed tumours.
 * - `<HIT>`, `<HIT>_damaging_SNV`, `_frameshift`, `_percent`, `_somatic_percent`, `_positive_percent`,
 *   `_loss`: tumours carrying the hit at diagnosis (`chromothripsis`, `ARID1A_damaging_SNV`,
 *   `ALT_positive_percent`…), within the group; hits joined by `_or_` or `_` (`DAXX_or_ATRX_percent`,
 *   `ALT_or_ATRX_DAXX_loss`): tumours carrying any of them.
 * - Group `metastasis`: the same hit measures read in the metastases of the patients whose
 *   metastases were found (as a biopsy reads them when found; `metastasis_hits`).
 * - Group `microadenoma`: the same hit measures counted over microadenomas, the lesions under 5 mm
 *   a pathologist finds beside the diagnosed tumour in the resected organ (`microadenoma_hits`).
 * - `<location>_location`, `<location>_location_percent`: tumours at that location among those
 *   with a recorded location, within the group.
 * - `male_percent`, `female_percent`; `metastasis_ever_percent`: metastasis at diagnosis or
 *   during follow-up (`metastasis_years` recorded).
 * - `<endpoint>_survival_<N>y_percent` (`overall`, `metastasis_free`): Kaplan–Meier from
 *   diagnosis at N years (endpoints.ts: for overall survival the event is death of any cause,
 *   tumour or other; patients are censored at the end of follow-up).
 * - `median_age_years`, `median_ki67_percent`, `median_tmb_per_mb`: medians of the record's field
 *   (for TMB, `clonal_tmb_per_mb`: the mutations of the tumour's founding cell per megabase).
 *
 * A grade group ("lung G1") means diagnosed tumours of that grade at diagnosis.
 */
import { ARCHETYPES, HIT_IDS, ORIGINS, type Site } from '../../biology/biology.js';
import type { PatientRecord } from '../../net/patient.js';
import { SURVIVAL_ENDPOINTS } from '../endpoints.js';
import { survivalAt } from '../inference.js';
import { median, quantile } from '../stats.js';
import { KI67_BANDS, parseGroup, sameSite, type Group } from './groups.js';
import type { TargetRow } from './targets.js';

/**
 * A row without a denominator (figures quoted approximately, such as the review's) is read as if
 * counted over this many tumours: its sampling interval is then wide (Wilson 95 % at 50 %: about
 * ±17 points; at 10 %: 3–26 %), the "wide tolerance" reference/README.md asks for.
 */
export const APPROXIMATE_N = 30;

/** Where a row's sample size came from. */
export type SizeSource = 'denominator' | 'group size' | 'assumed';

type Pred = (r: PatientRecord) => boolean;
/** What a proportion counts per patient: [units with the feature, units] (units: lesions). */
type Units = (r: PatientRecord) => [number, number];
/** `followup`: years after diagnosis the measure reads (0: at diagnosis; Infinity: any time). */
type Spec =
  | { kind: 'proportion'; within: Pred; has: Pred; units?: Units; p: number; n: number; size: SizeSource; followup: number }
  | { kind: 'survival'; within: Pred; time: (r: PatientRecord) => number; event: Pred; years: number; p: number; n: number; size: SizeSource; followup: number }
  | { kind: 'median'; within: Pred; field: string; v: number; n: number; size: SizeSource; followup: 0 }
  | { kind: 'none'; reason: string; otherSite: boolean; followup: 0 };

/** A row measured on a simulated cohort: the published side, and the simulated one (null: see reason). */
export type Evaluation =
  | { kind: 'proportion'; p: number; n: number; size: SizeSource; q: number | null; nSim: number; reason?: string }
  | { kind: 'survival'; p: number; n: number; size: SizeSource; years: number; s: number | null; se: number | null; nSim: number; reason?: string }
  | { kind: 'median'; v: number; n: number; size: SizeSource; sim: number | null; sigma: number | null; nSim: number; reason?: string }
  | { kind: 'none'; reason: string; otherSite: boolean };

const MEDIAN_FIELDS: Record<string, string> = { median_age_years: 'age_at_diagnosis_years', median_ki67_percent: 'ki67_at_diagnosis', median_tmb_per_mb: 'clonal_tmb_per_mb' };
const hitIn = (h: string) => (r: PatientRecord) => r.hitFlags[h] === 1;
const HIT_SUFFIX = /(_somatic_percent|_positive_percent|_damaging_SNV|_frameshift|_percent|_loss)$/;

/** The hits a measure names (any of them counts), or null: `MEN1_percent` → [MEN1],
 *  `DAXX_or_ATRX_percent` → [DAXX, ATRX], `ALT_or_ATRX_DAXX_loss` → [ALT, ATRX, DAXX]. */
export function measureHits(measure: string): string[] | null {
  const stem = measure.replace(HIT_SUFFIX, '');
  const parts = stem.split('_or_').flatMap((p) => (HIT_IDS.includes(p) ? [p] : p.split('_')));
  return parts.length && parts.every((p) => HIT_IDS.includes(p)) ? parts : null;
}
const anyOf = (hits: readonly string[], list: string | null | undefined) => !!list && list.split(';').some((h) => hits.includes(h));
const numberField = (r: PatientRecord, f: string): number | null => {
  const x = (r as unknown as Record<string, unknown>)[f];
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
};

function inGroupOf(g: Group): Pred | null {
  if (g.kind === 'subgroup') return (r) => r.subgroup === g.id;
  if (g.kind === 'grade') return (r) => r.grade_at_diagnosis === g.id;
  if (g.kind === 'ki67') return (r) => r.ki67_at_diagnosis !== null && KI67_BANDS[g.id](r.ki67_at_diagnosis);
  return g.id === 'all' || g.id === 'primary' ? () => true : null;
}

/** How a row is counted (before any patient is looked at). `all` is the whole table (for group sizes). */
function interpret(row: TargetRow, all: readonly TargetRow[], site: Site): Spec {
  const none = (reason: string): Spec => ({ kind: 'none', reason, otherSite: false, followup: 0 });
  const g = parseGroup(row.group, site);
  if (!sameSite(g, site)) return { kind: 'none', reason: `a ${g.site} group; the scenario is at ${site}`, otherSite: true, followup: 0 };
  const m = row.measure;
  const pct = m.endsWith('_percent');
  const den = row.denominator;
  const n = den ?? APPROXIMATE_N;
  const size: SizeSource = den === null ? 'assumed' : 'denominator';
  const proportion = (has: Pred, within: Pred, units?: Units, followup = 0): Spec => {
    if (!pct && den === null) return none(`a count (${row.value}) without a denominator`);
    return { kind: 'proportion', within, has, units, p: pct ? row.value / 100 : row.value / n, n, size, followup };
  };
  const hits = measureHits(m);
  if (g.kind === 'sample' && (g.id === 'metastasis' || g.id === 'microadenoma')) {
    if (!hits) return none(`in group "${g.id}" only hit measures are computed (the hits a biopsy reads), not "${m}"`);
    if (g.id === 'metastasis') return proportion((r) => anyOf(hits, r.metastasis_hits), (r) => r.metastasis_years !== null, undefined, Infinity);
    // Counted over microadenomas, not patients.
    const lesions = (r: PatientRecord): string[] => (r.microadenomas ? String(r.microadenoma_hits ?? '').split('|') : []);
    return proportion(() => false, (r) => (r.microadenomas ?? 0) > 0, (r) => {
      const l = lesions(r);
      return [l.filter((x) => anyOf(hits, x)).length, l.length];
    });
  }
  const inGroup = inGroupOf(g)!;
  const prop = (has: Pred, within: Pred = inGroup, followup = 0): Spec => proportion(has, within, undefined, followup);
  if (m === 'ki67_upper_percent') return none('a grading definition, not a measure');
  if (m === 'tumors' || m === 'tumors_percent') {
    if (g.kind === 'sample') return none(`tumour counts need a subgroup or grade group, not "${g.id}"`);
    return prop(inGroup, () => true);
  }
  if (MEDIAN_FIELDS[m]) {
    // Without a denominator, a median's n is its group's size in the same cohort's `tumors` row.
    const sized = den ?? all.find((r) => r.cohort === row.cohort && r.group === row.group && r.measure === 'tumors')?.value ?? null;
    return { kind: 'median', within: inGroup, field: MEDIAN_FIELDS[m], v: row.value, n: sized ?? APPROXIMATE_N, size: den !== null ? 'denominator' : sized !== null ? 'group size' : 'assumed', followup: 0 };
  }
  const surv = /^(.+)_survival_(\d+)y_percent$/.exec(m);
  const endpoint = surv && SURVIVAL_ENDPOINTS.find((e) => e.endpoint === surv[1]);
  if (surv && endpoint) return { kind: 'survival', within: inGroup, time: endpoint.time, event: endpoint.event, years: Number(surv[2]), p: row.value / 100, n, size, followup: Number(surv[2]) };
  if (m === 'male_percent') return prop((r) => r.sex === 'M');
  if (m === 'female_percent') return prop((r) => r.sex === 'F');
  if (m === 'metastasis_ever_percent') return prop((r) => r.metastasis_years !== null, inGroup, Infinity);
  if (m === 'germline_pathogenic_percent') return prop((r) => r.germline_MEN1 === 1 || r.germline_VHL === 1);
  if (hits) return prop((r) => hits.some((h) => hitIn(h)(r)));
  const loc = /^(.+)_location(_percent)?$/.exec(m);
  if (loc) {
    const locations = [...new Set(ORIGINS.filter((o) => o.site === site).map((o) => o.location))];
    if (!locations.includes(loc[1])) return none(`no cell of origin at ${site} lies at location "${loc[1]}" (the site's locations: ${locations.join(', ')})`);
    return prop((r) => r.location === loc[1], (r) => inGroup(r) && r.location !== '');
  }
  const arch = /^(.+)_archetype_percent$/.exec(m);
  if (arch && ARCHETYPES.some((a) => a.id === arch[1])) return prop((r) => r.archetype === arch[1]);
  return none(`measure "${m}" is not one the simulator computes`);
}

/**
 * Years of follow-up after diagnosis a table's measures read: the longest survival horizon; all of
 * it (Infinity) when a measure counts an event at any time after diagnosis (metastasis ever, the
 * metastases' hits); 0 when every measure is read at diagnosis.
 */
export function followupRead(rows: readonly TargetRow[], site: Site): number {
  return Math.max(0, ...rows.map((row) => interpret(row, rows, site).followup));
}

/** Median, and the spread σ of the values (interquartile range / 1.349, which is σ for normal data). */
function spread(vals: number[]): { sim: number; sigma: number } {
  return { sim: median(vals)!, sigma: (quantile(vals, 0.75)! - quantile(vals, 0.25)!) / 1.349 };
}

/** Each row of a table on a cohort (all its patients; only the diagnosed ones are counted). */
export function evaluate(rows: readonly TargetRow[], site: Site, patients: readonly PatientRecord[]): Evaluation[] {
  const dx = patients.filter((r) => r.diagnosed);
  return rows.map((row): Evaluation => {
    const k = interpret(row, rows, site);
    if (k.kind === 'none') return k;
    const within = dx.filter(k.within);
    const empty = `no diagnosed simulated tumour in group "${row.group}"`;
    if (k.kind === 'proportion') {
      let yes = 0;
      let total = 0;
      for (const r of within) {
        const [a, b] = k.units ? k.units(r) : [k.has(r) ? 1 : 0, 1];
        yes += a;
        total += b;
      }
      const q = total ? yes / total : null;
      return { kind: 'proportion', p: k.p, n: k.n, size: k.size, q, nSim: total, ...(q === null ? { reason: empty } : {}) };
    }
    if (k.kind === 'survival') {
      const base = { kind: 'survival' as const, p: k.p, n: k.n, size: k.size, years: k.years, nSim: within.length };
      if (!within.length) return { ...base, s: null, se: null, reason: empty };
      const at = survivalAt(within.map(k.time), within.map((r) => (k.event(r) ? 1 : 0)), k.years);
      // Past the last follow-up (no one at risk, curve not at 0) the Kaplan–Meier curve is undefined.
      if (at.atRisk === 0 && at.s > 0) return { ...base, s: null, se: null, reason: `no simulated patient of group "${row.group}" was followed ${k.years} years` };
      return { ...base, s: at.s, se: at.se };
    }
    const base = { kind: 'median' as const, v: k.v, n: k.n, size: k.size, nSim: within.length };
    if (!dx.some((r) => numberField(r, k.field) !== null))
      return { kind: 'none', reason: `the patient record has no numeric ${k.field} field (not simulated yet)`, otherSite: false };
    const vals = within.map((r) => numberField(r, k.field)).filter((x): x is number => x !== null);
    if (!vals.length) return { ...base, sim: null, sigma: null, reason: empty };
    return { ...base, ...spread(vals), nSim: vals.length };
  });
}

/**
 * The same simulated cohort's evaluations against other published values of the same rows (a
 * synthetic target: row i of `rows` is the row evaluations[i] was computed for, with another
 * value and perhaps another sample size). The
 * simulated side is reused as is: cross-validation and power analysis measure one simulated
 * cohort against many targets without keeping its patients.
 */
export function retarget(evals: readonly Evaluation[], rows: readonly TargetRow[], site: Site): Evaluation[] {
  return evals.map((e, i) => {
    if (e.kind === 'none') return e;
    const k = interpret(rows[i], rows, site);
    if (e.kind === 'median' && k.kind === 'median') return { ...e, v: k.v, n: k.n };
    if ((e.kind === 'proportion' && k.kind === 'proportion') || (e.kind === 'survival' && k.kind === 'survival')) return { ...e, p: k.p, n: k.n };
    return e;
  });
}

/**
 * Standard error of a published median of n values of spread σ: 1.2533 σ / √n, the large-sample
 * value √(π/2) σ/√n for normal data. σ is floored at 5 % of the median, so that a simulated group
 * of identical values cannot shrink the tolerance to nothing.
 */
export function medianSe(v: number, sigma: number, n: number): number {
  return (Math.sqrt(Math.PI / 2) * Math.max(sigma, 0.05 * Math.abs(v))) / Math.sqrt(n);
}
