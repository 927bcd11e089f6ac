/**
 * The target tables' measures on hand-made patient records (each figure computed by hand), the
 * group grammar, the intervals of `netevo check`, and the command itself on a tiny cohort.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, netevo, readCsv, tmp } from './helpers/cli.js';
import {
  APPROXIMATE_N, HITS, checkSummary, checkTable, evaluate, measure, medianSe, parseGroup, parseTarget, wilson,
  type Evaluation, type PatientRecord, type TargetRow,
} from '../sim/api.js';

let next = 0;
/** A diagnosed lung A1 tumour in a woman, G1, peripheral, alive at 20 years of follow-up, then the overrides. */
function patient(o: Partial<PatientRecord> = {}, hits: string[] = []): PatientRecord {
  return {
    patient: next++, site: 'lung', engine: 'well-mixed', sex: 'F', germline_MEN1: 0, germline_VHL: 0, archetype: 'none', cell_of_origin: 'lung_peripheral',
    location: 'peripheral', hits: hits.join(';'), subgroup: 'A1', diagnosed: 1, age_at_diagnosis_years: 60, ki67_at_diagnosis: 2,
    grade_at_diagnosis: 'G1', mitoses_per_2mm2: 1, clonal_tmb_per_mb: 0.8, metastasis_years: null, death_years: null, death_cause: '', followup_years: 20, age_at_end_years: 80,
    metastasis_hits: null, microadenomas: 0, microadenoma_hits: '', progression_years: null, metastasis_SSTR2: null, metastasis_MGMT: null, metastasis_DLL3: null, therapies: '', ihc_subgroup: '', ihc: '', ctdna_positive_years: null,
    hitFlags: Object.fromEntries(HITS.map((h) => [h.id, hits.includes(h.id) ? 1 : 0])) as Record<string, 0 | 1>,
    ...o,
  };
}
const undiagnosed = (o: Partial<PatientRecord> = {}) => patient({ diagnosed: 0, subgroup: '', location: '', grade_at_diagnosis: '', mitoses_per_2mm2: null, age_at_diagnosis_years: null, ki67_at_diagnosis: null, clonal_tmb_per_mb: null, followup_years: null, ...o });
const row = (group: string, measure: string, value: number, denominator: number | null = null, cohort = 't'): TargetRow => ({ line: 2, cohort, group, measure, value, denominator, source: '' });
const one = (r: TargetRow, ps: PatientRecord[], all: TargetRow[] = [r]): Evaluation => evaluate(all, 'lung', ps)[all.indexOf(r)];

describe('measures on hand-made patients', () => {
  it('peripheral location: 3 of the 4 A1 tumours with a recorded location → 0.75', () => {
    const ps = [
      patient(), patient(), patient(), patient({ location: 'central' }),
      patient({ location: '' }), // no recorded location: not counted
      undiagnosed({ location: 'peripheral', subgroup: 'A1' }), // not diagnosed: not counted
      patient({ subgroup: 'A2', location: 'central' }), // another group
    ];
    expect(one(row('A1', 'peripheral_location', 32, 46), ps)).toMatchObject({ kind: 'proportion', p: 32 / 46, n: 46, q: 0.75, nSim: 4 });
    expect(one(row('A2', 'peripheral_location', 3, 30), ps)).toMatchObject({ q: 0, nSim: 1 });
    expect(one(row('A1', 'distal_location', 3, 30), ps)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/location "distal".*peripheral, central/) });
  });

  it('male share, hit counts (chromothripsis, ARID1A) within a group', () => {
    const ps = [patient({ sex: 'M', subgroup: 'B' }, ['chromothripsis']), patient({ subgroup: 'B' }, ['chromothripsis', 'ARID1A']), patient({ subgroup: 'B' }), patient({ subgroup: 'B' }), patient({ sex: 'M' }, ['ARID1A'])];
    expect(one(row('B', 'male_percent', 76.5, 81), ps)).toMatchObject({ p: 0.765, q: 0.25, nSim: 4 });
    expect(one(row('B', 'chromothripsis', 0, 24), ps)).toMatchObject({ q: 0.5 });
    expect(one(row('B', 'ARID1A_damaging_SNV', 2, 24), ps)).toMatchObject({ q: 0.25 });
    expect(one(row('A1', 'ARID1A_damaging_SNV', 1, 44), ps)).toMatchObject({ q: 1 });
  });

  it('Kaplan–Meier overall survival from diagnosis, death of any cause, censored at the end of follow-up', () => {
    // Group B: deaths at 2 (tumour) and 6 years (other cause); censored at 3, 8 and 12 years.
    // S(5) = 1 − 1/5 = 0.8; S(10) = 0.8 · (1 − 1/3) = 0.5333 (at risk at 6: 6, 8, 12).
    const b = (o: Partial<PatientRecord>) => patient({ subgroup: 'B', ...o });
    const ps = [
      b({ death_years: 2, death_cause: 'tumor', followup_years: 2 }), b({ followup_years: 3 }), b({ death_years: 6, death_cause: 'other', followup_years: 6 }),
      b({ followup_years: 8 }), b({ followup_years: 12 }), undiagnosed({ subgroup: 'B', death_cause: 'other' }),
      // A2: everyone censored before 10 years.
      patient({ subgroup: 'A2', followup_years: 7 }), patient({ subgroup: 'A2', followup_years: 9 }),
    ];
    const s5 = one(row('B', 'overall_survival_5y_percent', 78, 75), ps);
    const s10 = one(row('B', 'overall_survival_10y_percent', 67, 75), ps);
    expect(s5).toMatchObject({ kind: 'survival', p: 0.78, n: 75, nSim: 5 });
    expect(s5.kind === 'survival' && s5.s).toBeCloseTo(0.8, 12);
    expect(s10.kind === 'survival' && s10.s).toBeCloseTo(0.8 * (2 / 3), 12);
    // Greenwood: S(10)² · (1/(5·4) + 1/(3·2)).
    expect(s10.kind === 'survival' && s10.se).toBeCloseTo(0.8 * (2 / 3) * Math.sqrt(1 / 20 + 1 / 6), 12);
    expect(one(row('A2', 'overall_survival_5y_percent', 98, 107), ps)).toMatchObject({ s: 1 });
    expect(one(row('A2', 'overall_survival_10y_percent', 83, 107), ps)).toMatchObject({ s: null, reason: expect.stringMatching(/followed 10 years/) });
    expect(one(row('B', 'metastasis_free_survival_5y_percent', 50, 75), ps)).toMatchObject({ s: 1 });
  });

  it('hit measures: any of the hits named, in tumours, in metastases when found, and over microadenomas', () => {
    const pan = (o: Partial<PatientRecord>, hits: string[] = []) => patient({ site: 'pancreas', subgroup: 'alpha-like', ...o }, hits);
    const ps = [
      pan({}, ['MEN1', 'DAXX', 'ALT']), pan({}, ['MEN1', 'ATRX']), pan({}, ['MEN1']), pan({}),
      // Metastases found in two patients: one reads ALT there, one nothing; a third was never found.
      pan({ metastasis_years: 0, metastasis_hits: 'MEN1;DAXX;ALT' }), pan({ metastasis_years: 2.5, metastasis_hits: '' }),
      // Microadenomas: 3 in one patient (one with DAXX), 1 in another (none), counted per lesion.
      pan({ microadenomas: 3, microadenoma_hits: 'MEN1|MEN1;DAXX|' }), pan({ microadenomas: 1, microadenoma_hits: 'MEN1' }),
      undiagnosed({ metastasis_years: null, microadenomas: null, microadenoma_hits: null }),
    ];
    const ev = (r: TargetRow) => evaluate([r], 'pancreas', ps)[0];
    // DAXX or ATRX: 2 of the 8 diagnosed; ALT alone: 1 of 8.
    expect(ev(row('all', 'DAXX_or_ATRX_percent', 43, 68))).toMatchObject({ kind: 'proportion', q: 2 / 8, nSim: 8 });
    expect(ev(row('primary', 'ALT_positive_percent', 29, 561))).toMatchObject({ q: 1 / 8, nSim: 8 });
    expect(ev(row('all', 'mTOR_pathway_percent', 14, 68))).toMatchObject({ q: 0, nSim: 8 });
    // In metastases: 1 of the 2 patients whose metastases were found.
    expect(ev(row('metastasis', 'ALT_positive_percent', 71, 107))).toMatchObject({ kind: 'proportion', q: 0.5, nSim: 2 });
    // Over microadenomas: 1 of 4 lesions carries ALT, ATRX or DAXX.
    expect(ev(row('microadenoma', 'ALT_or_ATRX_DAXX_loss', 0, 19))).toMatchObject({ kind: 'proportion', p: 0, n: 19, q: 1 / 4, nSim: 4 });
    expect(ev(row('microadenoma', 'median_age_years', 50))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/only hit measures/) });
  });
  it('grade-within-site groups: metastasis ever (at diagnosis or later) among lung G1 tumours; other sites named, not dropped', () => {
    const ps = [patient({ metastasis_years: 0 }), patient({ metastasis_years: 3.2 }), patient(), patient(), patient({ grade_at_diagnosis: 'G2', metastasis_years: 1 }), undiagnosed({ metastasis_years: null })];
    const g1 = row('lung G1 (typical carcinoid)', 'metastasis_ever_percent', 9);
    expect(one(g1, ps)).toMatchObject({ kind: 'proportion', p: 0.09, n: APPROXIMATE_N, size: 'assumed', q: 0.5, nSim: 4 });
    expect(one(row('lung G2', 'metastasis_ever_percent', 25), ps)).toMatchObject({ q: 1, nSim: 1 });
    expect(one(row('pancreas G1', 'metastasis_ever_percent', 20), ps)).toMatchObject({ kind: 'none', otherSite: true, reason: 'a pancreas group; the scenario is at lung' });
    expect(one(row('lung B', 'overall_survival_10y_percent', 60), [...ps, patient({ subgroup: 'B', death_years: 4, followup_years: 4 })])).toMatchObject({ s: 0, nSim: 1 });
    // A count without its denominator cannot be a proportion.
    expect(one(row('A1', 'MEN1_damaging_SNV', 3), ps)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/without a denominator/) });
  });

  it('Ki-67 bands read the index, not the grade (lung grades by mitoses): 3 and 20 belong to the middle band', () => {
    const ps = [
      patient({ ki67_at_diagnosis: 2.9, grade_at_diagnosis: 'G2' }), // few cells counted, many mitoses
      patient({ ki67_at_diagnosis: 3, grade_at_diagnosis: 'G1' }),
      patient({ ki67_at_diagnosis: 20, grade_at_diagnosis: 'G2' }),
      patient({ ki67_at_diagnosis: 20.2, grade_at_diagnosis: 'G2' }),
      undiagnosed(),
    ];
    const all = ['Ki67<3%', 'Ki67 3-20%', 'Ki67>20%'].map((g) => row(g, 'tumors', 1, 3));
    expect(evaluate(all, 'lung', ps).map((e) => (e.kind === 'proportion' ? e.q : null))).toEqual([1 / 4, 2 / 4, 1 / 4]);
  });

  it('median TMB: read from the clonal TMB of the record; not computable without it', () => {
    const r = row('A1', 'median_tmb_per_mb', 0.74, 44);
    expect(one(r, [patient({ clonal_tmb_per_mb: null }), patient({ clonal_tmb_per_mb: null })])).toEqual({ kind: 'none', otherSite: false, reason: 'the patient record has no numeric clonal_tmb_per_mb field (not simulated yet)' });
    const withTmb = [0.5, 1, 2, 4].map((x) => patient({ clonal_tmb_per_mb: x }));
    // Median 1.5; quartiles (type 7) 0.875 and 2.5, so σ = 1.625 / 1.349.
    expect(one(r, [...withTmb, patient({ subgroup: 'B', clonal_tmb_per_mb: 9 })])).toMatchObject({ kind: 'median', v: 0.74, n: 44, sim: 1.5, nSim: 4 });
    const e = one(r, withTmb);
    expect(e.kind === 'median' && e.sigma).toBeCloseTo(1.625 / 1.349, 12);
  });

  it("a median without a denominator takes its group's size from the cohort's tumors row", () => {
    const all = [row('A1', 'tumors', 131, 319, 'c'), row('A1', 'median_age_years', 63, null, 'c'), row('A2', 'median_age_years', 43.5, null, 'c')];
    const ps = [patient({ age_at_diagnosis_years: 50 }), patient({ age_at_diagnosis_years: 70 }), patient({ subgroup: 'A2', age_at_diagnosis_years: 40 })];
    expect(one(all[1], ps, all)).toMatchObject({ kind: 'median', n: 131, size: 'group size', sim: 60 });
    expect(one(all[2], ps, all)).toMatchObject({ kind: 'median', n: APPROXIMATE_N, size: 'assumed', sim: 40 });
  });
});

describe('group names', () => {
  it('parses <site> <grade|subgroup> with an optional label, and the bare forms', () => {
    expect(parseGroup('lung G1 (typical carcinoid)', 'lung')).toEqual({ text: 'lung G1 (typical carcinoid)', site: 'lung', kind: 'grade', id: 'G1', label: 'typical carcinoid' });
    expect(parseGroup('small-intestine G2', 'lung')).toMatchObject({ site: 'small-intestine', kind: 'grade', id: 'G2', label: null });
    expect(parseGroup('lung B', 'lung')).toMatchObject({ site: 'lung', kind: 'subgroup', id: 'B' });
    expect(parseGroup('Ki67 3-20%', 'lung')).toMatchObject({ site: null, kind: 'ki67', id: 'Ki67 3-20%' });
    expect(parseGroup('supra-carcinoid', 'lung')).toMatchObject({ site: null, kind: 'subgroup', id: 'supra-carcinoid' });
  });
  it.each([
    ['lung G4', /unknown group "lung G4": after the site "lung" expected one of A1, A2, B, supra-carcinoid, G1, G2, G3, all/],
    ['pancreas A1', /after the site "pancreas" expected one of alpha-like, intermediate, beta-like, G1, G2, G3, all/],
    ['liver G1', /unknown group "liver G1" for lung \(expected one of A1, .*<site> one of lung, pancreas, small-intestine/],
    ['lung G1 (typical', /unknown group "lung G1 \(typical": after the site "lung"/],
    ['18LOH', /unknown group "18LOH" for lung/],
  ])('%s is an error naming what was expected', (g, message) => {
    expect(() => parseGroup(g, 'lung')).toThrow(message);
  });
  it('a table names the offending line and column', () => {
    const rec = (group: string, measure: string, value: string) => ({ cohort: 'c', group, measure, value, denominator: '', source: 's' });
    const fields = ['cohort', 'group', 'measure', 'value', 'denominator', 'source'];
    expect(() => parseTarget(fields, [rec('lung G1', 'metastasis_ever_percent', '9'), rec('lung G5', 'metastasis_ever_percent', '9')], 'lung', 'm.csv')).toThrow(/m\.csv: line 3, column group: unknown group "lung G5"/);
    expect(() => parseTarget(fields, [rec('lung G1', 'metastasis_ever_percent', '109')], 'lung', 'm.csv')).toThrow(/line 2, column value: a percentage above 100 \(109\)/);
  });
});

describe('check intervals', () => {
  it('Wilson score interval against published values', () => {
    // Newcombe (1998), Table I: 0/10 → [0, 0.2775]; 5/10 → Wilson [0.2366, 0.7634].
    expect(wilson(0, 10)[0]).toBe(0);
    // The bound at k = 0 (k = n) is exact, so a simulated 0 % is inside a published 0 of 24.
    expect(wilson(0, 24)[0]).toBe(0);
    expect(wilson(24, 24)[1]).toBe(1);
    expect(wilson(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilson(5, 10)[0]).toBeCloseTo(0.2366, 4);
    expect(wilson(5, 10)[1]).toBeCloseTo(0.7634, 4);
  });
  it("a median's standard error: √(π/2) σ/√n, σ floored at 5 % of the median", () => {
    expect(medianSe(0.74, 1.2, 44)).toBeCloseTo((1.2533141 * 1.2) / Math.sqrt(44), 6);
    expect(medianSe(60, 0, 100)).toBeCloseTo((1.2533141 * 3) / 10, 6);
  });
  it('counts each row as inside, outside, not computable or not this site', () => {
    const ps = [patient({ subgroup: 'B' }, ['MEN1']), patient({ subgroup: 'B' }), patient(), patient()];
    const rows = [row('B', 'MEN1_damaging_SNV', 9, 24), row('A1', 'MEN1_damaging_SNV', 9, 24), row('A1', 'necrosis_percent', 14, 68), row('pancreas G1', 'metastasis_ever_percent', 20)].map((r, i) => ({ ...r, line: i + 2 }));
    const c = checkTable('t.csv', rows, 'lung', ps);
    const [lo, hi] = wilson(9, 24);
    // B: 1 of 2 carries MEN1 = 50 %, inside [21.2, 57.3] %; A1: 0 %, outside.
    expect(c[0]).toMatchObject({ table: 't.csv', line: 2, unit: '%', published: 37.5, n: 24, simulated: 50, simulatedN: 2, status: 'inside', note: '9 of 24' });
    expect(c[0].lo).toBeCloseTo(100 * lo, 10);
    expect(c[0].hi).toBeCloseTo(100 * hi, 10);
    expect(c.map((r) => r.status)).toEqual(['inside', 'outside', 'not computable', 'not this site']);
    expect(checkTable('t.csv', [row('A1', 'chromothripsis', 0, 24)], 'lung', ps)[0]).toMatchObject({ lo: 0, simulated: 0, status: 'inside' });
    expect(checkSummary(c)).toEqual({ rows: 4, inside: 1, computable: 2, notComputable: 1, otherSite: 1, percent: 50 });
    // The fit reads the same rows: no discrepancy for what cannot be computed here.
    expect(measure(rows, 'lung', ps).map((m) => m.z === null)).toEqual([false, false, true, true]);
  });
});

describe('netevo check', () => {
  const ref = (f: string) => new URL(`../reference/${f}`, import.meta.url).pathname;
  it('prints and writes every row of every table with a status', async () => {
    const out = join(tmp('netevo-check-'), 'c');
    const r = await netevo('check', 'lung-immune-divergent', '--targets', ref('lung-subgroups.csv'), '--targets', ref('metastasis.csv'), '--patients', '24', '--seed', '5', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(filesIn(out)).toEqual(['check.csv', 'check.md']);
    const rows = readCsv(join(out, 'check.csv'));
    const expected = ['lung-subgroups.csv', 'metastasis.csv'].flatMap((f) => readCsv(ref(f)).map((x, i) => `${ref(f)}:${i + 2}:${x.group}:${x.measure}`));
    expect(rows.map((x) => `${x.table}:${x.line}:${x.group}:${x.measure}`)).toEqual(expected);
    for (const x of rows) expect(['inside', 'outside', 'not computable', 'not this site']).toContain(x.status);
    expect(rows.filter((x) => x.status === 'not this site').map((x) => x.group)).toEqual(['small-intestine G1', 'small-intestine G2', 'pancreas G1', 'pancreas G2']);
    // TMB is computed (the founding cell's clock-like and division-driven mutations).
    expect(rows.filter((x) => x.measure === 'median_tmb_per_mb').map((x) => x.status)).not.toContain('not computable');
    const md = readFileSync(join(out, 'check.md'), 'utf8');
    expect(r.stdout).toBe(md);
    expect(md.split('\n').filter((l) => l.startsWith(`| ${ref('')}`))).toHaveLength(expected.length);
    expect(md).toMatch(/Inside the 95 % interval: \d+ of \d+ computable rows/);
    expect(r.stderr).toMatch(/lung-immune-divergent seed 5: \d+ of \d+ computable rows inside their 95 % interval; wrote check\.csv, check\.md/);
  });
  it.each([
    ['no table', [], /--targets FILE\.csv is required/],
    ['a bad table', ['--targets', 'BAD'], /bad\.csv: line 2, column group: unknown group "lung G7"/],
  ])('refuses %s before simulating', async (_, args, message) => {
    const dir = tmp('netevo-check-bad-');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'cohort,group,measure,value,denominator,source\nx,lung G7,metastasis_ever_percent,9,,s\n');
    const r = await netevo('check', 'lung-immune-divergent', ...args.map((a) => (a === 'BAD' ? bad : a)), '--patients', '4', '--out', join(dir, 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(filesIn(join(dir, 'o'))).toEqual([]);
  });
});
