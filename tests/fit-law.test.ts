/**
 * The fit simulates each scenario without passenger genealogy (priors.ts, scenarioWith): no
 * measure reads it, and by the branching property a lineage split into passenger sub-clones of
 * one genotype grows with the same law as the lineage held as one clone. Checked here on what the
 * fit measures: two independent 700-patient cohorts, with and without sub-clones, agree within
 * sampling error (two-sample z, |z| < 3.5) on the diagnosed share, the subgroups, metastasis and
 * the median age at diagnosis; and the genealogy really is off (far fewer clones).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, fitFollowup, parseScenario, parseTargetCsv, runCohort, scenarioWith, simulatePatient, type PatientRecord, type ResolvedNet } from '../sim/api.js';

const input = JSON.parse(readFileSync(new URL('../scenarios/lung-spontaneous-divergent.json', import.meta.url), 'utf8'));
const asWritten = parseScenario(input, 'lung-spontaneous-divergent') as ResolvedNet;
const asFitted = scenarioWith({ input, file: 'lung-spontaneous-divergent' }, {}).scenario;
const N = 700;

const shareZ = (a: PatientRecord[], b: PatientRecord[], f: (r: PatientRecord) => boolean) => {
  const pa = a.filter(f).length / a.length;
  const pb = b.filter(f).length / b.length;
  const p = (pa * a.length + pb * b.length) / (a.length + b.length);
  return (pa - pb) / Math.sqrt(p * (1 - p) * (1 / a.length + 1 / b.length) || 1);
};
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

describe('the fit’s cohorts have the law of the scenario as written', () => {
  const written = runCohort(asWritten, { patients: N, seed: 'law/written' });
  const fitted = runCohort(asFitted, { patients: N, seed: 'law/fitted' });
  const dw = written.filter((r) => r.diagnosed);
  const df = fitted.filter((r) => r.diagnosed);

  it('diagnosed share, subgroups and metastasis agree within sampling error', () => {
    expect(Math.abs(shareZ(written, fitted, (r) => r.diagnosed === 1))).toBeLessThan(3.5);
    for (const g of ['A1', 'A2', 'B']) expect(Math.abs(shareZ(dw, df, (r) => r.subgroup === g))).toBeLessThan(3.5);
    expect(Math.abs(shareZ(dw, df, (r) => r.metastasis_years !== null))).toBeLessThan(3.5);
    expect(Math.abs(shareZ(dw, df, (r) => r.sex === 'M'))).toBeLessThan(3.5);
  });

  it('the median age at diagnosis agrees within sampling error', () => {
    const ages = (rs: PatientRecord[]) => rs.map((r) => r.age_at_diagnosis_years!);
    const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - xs.reduce((s, y) => s + y, 0) / xs.length) ** 2, 0) / (xs.length - 1));
    // A median's standard error ≈ 1.2533 σ/√n.
    const se = 1.2533 * Math.sqrt(sd(ages(dw)) ** 2 / dw.length + sd(ages(df)) ** 2 / df.length);
    expect(Math.abs(median(ages(dw)) - median(ages(df)))).toBeLessThan(3.5 * se);
  });

  it('without genealogy a patient’s clone table is much smaller', () => {
    let w = 0;
    let f = 0;
    for (let i = 0; i < 20; i++) {
      w += simulatePatient(asWritten, 'law/clones', i).model.clones.size;
      f += simulatePatient(asFitted, 'law/clones', i).model.clones.size;
    }
    expect(asFitted.passengerResolutionCells).toBe(1);
    expect(f).toBeLessThan(w / 3);
  });

  it('a fit follows its patients only as long as its measures read, and measures the same', () => {
    // lung-subgroups.csv reads overall survival at 5 and 10 years, nothing later: the fit follows
    // its patients 11 years, and every measure of the table is the same figure as with the
    // scenario's 15 (the same patients up to then); a table with metastasis ever needs them all.
    const table = readFileSync(new URL('../reference/lung-subgroups.csv', import.meta.url), 'utf8');
    const target = parseTargetCsv(table, 'lung', 'lung-subgroups.csv');
    expect(fitFollowup(target, 'lung')).toBe(11);
    const metastasis = parseTargetCsv(readFileSync(new URL('../reference/metastasis.csv', import.meta.url), 'utf8'), 'lung', 'metastasis.csv');
    expect(fitFollowup([...target, ...metastasis], 'lung')).toBe(Infinity);
    const short = scenarioWith({ input, file: 'lung-spontaneous-divergent' }, {}, fitFollowup(target, 'lung')).scenario;
    expect(short.time.followupYears).toBe(11);
    expect(asFitted.time.followupYears).toBe(15);
    const full = runCohort(asFitted, { patients: 300, seed: 'law/followup' });
    const cut = runCohort(short, { patients: 300, seed: 'law/followup' });
    expect(cut.some((r, i) => r.followup_years !== full[i].followup_years)).toBe(true);
    expect(evaluate(target, 'lung', cut)).toEqual(evaluate(target, 'lung', full));
  });
});
