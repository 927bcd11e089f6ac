/**
 * Target tables of a fit: a published table (`cohort,group,measure,value,denominator,source`, the
 * format of reference/*.csv), its measures computed from simulated patients the way they were
 * counted in patients, and the ABC distance. A measure the simulator cannot compute is reported
 * as such, never silently dropped.
 */
import { ARCHETYPES, HITS, HIT_IDS, ORIGINS, SUBGROUPS, type Site } from '../../biology/biology.js';

const ALT_HITS = HITS.filter((h) => h.alt).map((h) => h.id);
import type { PatientRecord } from '../../net/patient.js';
import { ScenarioError } from '../../scenario/scenario.js';
import { median } from '../stats.js';

export const TARGET_COLUMNS = ['cohort', 'group', 'measure', 'value', 'denominator', 'source'] as const;

export interface TargetRow {
  line: number;
  cohort: string;
  group: string;
  measure: string;
  value: number;
  denominator: number | null;
  source: string;
}

const GRADE_GROUPS: Record<string, string> = { G1: 'G1', G2: 'G2', G3: 'G3', 'Ki67<3%': 'G1', 'Ki67 3-20%': 'G2', 'Ki67>20%': 'G3' };
const SAMPLE_GROUPS = ['all', 'primary', 'metastasis', 'microadenoma'];

/** Groups a table may name for a site. */
export function knownGroups(site: Site): string[] {
  return [...SUBGROUPS[site], ...Object.keys(GRADE_GROUPS), ...SAMPLE_GROUPS];
}

/** Validate parsed CSV rows (header fields and records) as a target table. */
export function parseTarget(fields: readonly string[], records: readonly Record<string, string>[], site: Site, source: string): TargetRow[] {
  const missing = TARGET_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length) throw new ScenarioError(source, [{ path: 'header', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${TARGET_COLUMNS.join(',')})` }]);
  const groups = knownGroups(site);
  const issues: { path: string; message: string }[] = [];
  const rows: TargetRow[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const at = (col: string) => `line ${line}, column ${col}`;
    const value = Number(r.value);
    const den = r.denominator === undefined || r.denominator.trim() === '' ? null : Number(r.denominator);
    if (r.value === undefined || r.value.trim() === '' || !Number.isFinite(value)) issues.push({ path: at('value'), message: `expected a number, got ${JSON.stringify(r.value ?? '')}` });
    else if (value < 0) issues.push({ path: at('value'), message: `negative count or value ${value}` });
    if (den !== null && (!Number.isInteger(den) || den <= 0)) issues.push({ path: at('denominator'), message: `expected a positive whole number or nothing, got ${JSON.stringify(r.denominator)}` });
    if (den !== null && Number.isFinite(value) && !r.measure?.endsWith('_percent') && !r.measure?.startsWith('median_') && value > den)
      issues.push({ path: at('value'), message: `count ${value} is larger than its denominator ${den}` });
    if (!groups.includes(r.group)) issues.push({ path: at('group'), message: `unknown group "${r.group}" for ${site} (expected one of ${groups.join(', ')})` });
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

type Kind = { kind: 'proportion'; inGroup: (r: PatientRecord) => boolean; has: (r: PatientRecord) => boolean; p: number; n: number } | { kind: 'median'; inGroup: (r: PatientRecord) => boolean; of: (r: PatientRecord) => number | null; v: number; scale: number } | { kind: 'none'; reason: string };

const hitIn = (h: string) => (r: PatientRecord) => r.hitFlags[h] === 1;

function interpret(row: TargetRow, site: Site): Kind {
  const g = row.group;
  const subgroup = SUBGROUPS[site].includes(g);
  const grade = GRADE_GROUPS[g];
  const inGroup = subgroup ? (r: PatientRecord) => r.subgroup === g : (r: PatientRecord) => (g === 'all' || g === 'primary' ? true : false);
  const m = row.measure;
  const pct = m.endsWith('_percent');
  const asProp = (has: (r: PatientRecord) => boolean, within: (r: PatientRecord) => boolean): Kind => {
    // Without a denominator the row is weighted as if counted over 100 tumors.
    const n = row.denominator ?? 100;
    const p = pct ? row.value / 100 : row.value / n;
    return { kind: 'proportion', inGroup: within, has, p, n };
  };
  if (g === 'metastasis' || g === 'microadenoma') return { kind: 'none', reason: `group "${g}" needs sampling of ${g === 'metastasis' ? 'metastases' : 'small lesions'}, which the simulator does not record` };
  if (m === 'ki67_upper_percent') return { kind: 'none', reason: 'a grading definition, not a measure' };
  if (m === 'tumors' || m === 'tumors_percent') {
    if (grade) return asProp((r) => r.grade_at_diagnosis === grade, () => true);
    if (subgroup) return asProp((r) => r.subgroup === g, () => true);
    return { kind: 'none', reason: `tumor counts need a subgroup or grade group, not "${g}"` };
  }
  if (m === 'median_age_years') return { kind: 'median', inGroup, of: (r) => r.age_at_diagnosis_years, v: row.value, scale: 3 };
  if (m === 'median_ki67_percent') return { kind: 'median', inGroup, of: (r) => r.ki67_at_diagnosis, v: row.value, scale: 1 };
  if (m === 'DAXX_or_ATRX_percent') return asProp((r) => hitIn('DAXX')(r) || hitIn('ATRX')(r), inGroup);
  // ALT follows the hits whose definition says so (DAXX, ATRX), read from the hit table.
  if (m === 'ALT_positive_percent') return asProp((r) => ALT_HITS.some((h) => hitIn(h)(r)), inGroup);
  if (m === 'germline_pathogenic_percent') return asProp((r) => r.germline_MEN1 === 1, inGroup);
  const hit = HIT_IDS.find((h) => m === `${h}_damaging_SNV` || m === `${h}_frameshift` || m === `${h}_percent` || m === `${h}_somatic_percent`);
  if (hit) return asProp(hitIn(hit), inGroup);
  const loc = /^(.+)_location_percent$/.exec(m);
  if (loc) return asProp((r) => r.location === loc[1], inGroup);
  const arch = /^(.+)_archetype_percent$/.exec(m);
  if (arch && ARCHETYPES.some((a) => a.id === arch[1])) return asProp((r) => r.archetype === arch[1], inGroup);
  return { kind: 'none', reason: `measure "${m}" is not one the simulator computes` };
}

/** Each target row against a simulated cohort: the simulated value and a z-like discrepancy. */
export function measure(rows: readonly TargetRow[], site: Site, patients: readonly PatientRecord[]): Measured[] {
  const dx = patients.filter((r) => r.diagnosed);
  return rows.map((row) => {
    const k = interpret(row, site);
    if (k.kind === 'none') return { row, target: null, simulated: null, z: null, reason: k.reason };
    const within = dx.filter(k.inGroup);
    if (k.kind === 'median') {
      const vals = within.map(k.of).filter((x): x is number => x !== null);
      if (!vals.length) return { row, target: k.v, simulated: null, z: 5 };
      const q = median(vals)!;
      return { row, target: k.v, simulated: q, z: (q - k.v) / k.scale };
    }
    const n2 = within.length;
    const q = n2 ? within.filter(k.has).length / n2 : 0;
    const pt = (k.p * k.n + 0.5) / (k.n + 1);
    const se = Math.sqrt(pt * (1 - pt) * (1 / k.n + 1 / Math.max(1, n2)));
    return { row, target: k.p, simulated: q, z: (q - k.p) / se };
  });
}

/**
 * ABC distance: root mean square of the discrepancies of the computable measures. With a cap, a
 * discrepancy counts fully up to |z| = cap and no more beyond, so that a measure no parameter of
 * the model can reach (say, a group's median age) costs a fixed penalty instead of deciding the
 * parameters; model choice uses the uncapped distance, where such misses are the evidence.
 */
export function distance(ms: readonly Measured[], cap = Infinity): number {
  const zs = ms.filter((m) => m.z !== null).map((m) => Math.min(cap, Math.abs(m.z!)));
  return zs.length ? Math.sqrt(zs.reduce((a, z) => a + z * z, 0) / zs.length) : Infinity;
}

/** The cap used when refining the winner's parameters. */
export const REFINE_Z_CAP = 3;

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
