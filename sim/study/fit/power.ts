/**
 * Power: how many tumours a study needs to tell the four hypotheses apart with a table's
 * measures, and which measure not in the table would help most (`netevo power`). The same
 * leave-one-out attribution as cross-validation (crossval.ts, validatePure) on a reference table
 * of pure-hypothesis cohorts, with every row's sample size scaled to each study size.
 */
import { ARCHETYPES, HIT_IDS, ORIGINS, SUBGROUPS, type Site } from '../../biology/biology.js';
import { wilson } from '../inference.js';
import { round4, validatePure, type ReferenceProblem, type ReferenceSim } from './crossval.js';
import type { TargetRow } from './targets.js';

/** The table's study size: its largest denominator (the cohort its groups are counted in). */
export function tableSize(rows: readonly TargetRow[]): number {
  return Math.max(...rows.map((r) => r.denominator ?? 0), 1);
}

/**
 * Rows a study could add to the table: per subgroup (and over all tumours) the sex ratio, the
 * median age, metastasis, 5-year overall survival, each hit, the location where the site has
 * several, each microenvironment archetype, counted over the group's size in the table (its
 * `tumors` row, else the table's size). Rows the table already has are left out.
 */
export function candidateRows(rows: readonly TargetRow[], site: Site): TargetRow[] {
  const size = tableSize(rows);
  const groupSize = (g: string) => rows.find((r) => r.group === g && r.measure === 'tumors' && r.denominator === size)?.value ?? size;
  const locations = [...new Set(ORIGINS.filter((o) => o.site === site).map((o) => o.location))];
  const measures = [
    'male_percent', 'median_age_years', 'metastasis_ever_percent', 'overall_survival_5y_percent',
    ...HIT_IDS.map((h) => `${h}_damaging_SNV`),
    ...(locations.length > 1 ? [`${locations[0]}_location_percent`] : []),
    ...ARCHETYPES.map((a) => `${a.id}_archetype_percent`),
  ];
  const have = new Set(rows.map((r) => `${r.group}|${r.measure}`));
  const out: TargetRow[] = [];
  for (const g of [...SUBGROUPS[site], 'all']) {
    const n = Math.max(1, Math.round(groupSize(g)));
    for (const m of measures) {
      if (have.has(`${g}|${m}`) || (m.endsWith('_damaging_SNV') && have.has(`${g}|${m.replace('_damaging_SNV', '')}`))) continue;
      // The value is a placeholder: a study's value is always drawn from a simulation.
      out.push({ line: 0, cohort: 'candidate', group: g, measure: m, value: m.endsWith('_damaging_SNV') ? 0 : 50, denominator: n, source: 'candidate' });
    }
  }
  return out;
}

export interface PowerRow {
  patients: number;
  accuracy: number;
  /** Wilson 95 % interval of the accuracy over the targets. */
  lo: number;
  hi: number;
  recall: Record<string, number>;
}

export interface PowerResult {
  tableSize: number;
  curve: PowerRow[];
  /** Accuracy at the table's own size with one more measure, best first (top 10). */
  extra: { group: string; measure: string; accuracy: number; gain: number }[];
  baseline: number;
}

/** Attribution accuracy by study size, and the measures that would raise it most. */
export function power(pure: readonly ReferenceSim[], p: Pick<ReferenceProblem, 'target' | 'candidates' | 'site' | 'accept' | 'seed'>, sizes: readonly number[], onStep?: (what: string) => void): PowerResult {
  const size = tableSize(p.target);
  const curve = sizes.map((n): PowerRow => {
    onStep?.(`studies of ${n} tumours`);
    const v = validatePure(pure, p.target, p.site, p.accept, p.seed, n / size, 'power');
    const [lo, hi] = wilson(Math.round(v.accuracy * v.targets), v.targets);
    return { patients: n, accuracy: v.accuracy, lo: round4(lo), hi: round4(hi), recall: v.recall };
  });
  const baseline = validatePure(pure, p.target, p.site, p.accept, p.seed, 1, 'power').accuracy;
  const extra: PowerResult['extra'] = [];
  const candidates = p.candidates ?? [];
  candidates.forEach((c, j) => {
    // Only rows every simulation can compute and that vary between them can tell anything.
    const col = pure.map((s) => s.evals[p.target.length + j]);
    if (col.some((e) => e.kind === 'none')) return;
    onStep?.(`with ${c.group} ${c.measure} (${j + 1}/${candidates.length})`);
    const rows = [...p.target, c];
    // The candidate's evaluation sits right after the table's rows in each simulation.
    const moved = pure.map((s) => ({ ...s, evals: [...s.evals.slice(0, p.target.length), s.evals[p.target.length + j]] }));
    // The same study draws as the baseline's for the table's rows (a paired comparison: only the
    // added row differs).
    const v = validatePure(moved, rows, p.site, p.accept, p.seed, 1, 'power');
    extra.push({ group: c.group, measure: c.measure, accuracy: v.accuracy, gain: round4(v.accuracy - baseline) });
  });
  extra.sort((a, b) => b.accuracy - a.accuracy || a.group.localeCompare(b.group) || a.measure.localeCompare(b.measure));
  return { tableSize: size, curve, extra: extra.slice(0, 10), baseline };
}
