/**
 * Therapies and virtual trials: Cox regression against its textbook example, therapies acting
 * through the cells' markers (the SSTR2 interaction of PRRT emerges from the programs' SSTR2
 * levels and goes away when the therapy does not read them), arms sharing every draw up to
 * enrolment, and `netevo trial`'s files (its control arm is a plain cohort, byte for byte).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL, analyseTrial, armInput, coxBinary, parseScenario, runCohort, trialRows, type ResolvedNet } from '../sim/api.js';
import { netevo, readCsv, tmp } from './helpers/cli.js';

describe('Cox regression (one binary covariate, Breslow ties)', () => {
  it("reproduces the textbook fit of Freireich's remission data (6-MP against placebo)", () => {
    // Weeks in remission (Freireich 1963, as in Kleinbaum & Klein, Survival Analysis, ch. 3): 21
    // patients on 6-MP (9 relapses, 12 censored) and 21 on placebo (21 relapses). The book's
    // Breslow fit of the placebo indicator: coefficient 1.509, standard error 0.410, HR 4.523.
    const sixMp = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    const sixMpEvent = [...Array(9).fill(1), ...Array(12).fill(0)];
    const placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
    const fit = coxBinary([...sixMp, ...placebo], [...sixMpEvent, ...Array(21).fill(1)], [...Array(21).fill(0), ...Array(21).fill(1)]);
    expect(fit.beta).toBeCloseTo(1.509, 3);
    expect(fit.se).toBeCloseTo(0.41, 2);
    expect(fit.hr).toBeCloseTo(4.523, 2);
    expect(fit.p!).toBeLessThan(0.001);
    expect(fit.events).toBe(30);
  });
  it('a covariate with no event in one group is not estimable (no finite hazard ratio)', () => {
    expect(coxBinary([1, 2, 3, 4], [1, 1, 0, 0], [0, 0, 1, 1]).hr).toBeNull();
  });
});

const load = (name: string) => JSON.parse(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
const arm = (base: Record<string, unknown>, a: string, patients: number) => {
  const s = parseScenario(a.startsWith('{') ? { ...base, interventions: [JSON.parse(a)] } : armInput(base, a), 'trial') as ResolvedNet;
  return runCohort(s, { patients, seed: 'trial' });
};

describe('a virtual trial of PRRT in lung carcinoids', () => {
  // 1,200 patients per arm (~340 enrolled: metastases found); SSTR2-low metastases (the solitary-
  // cell and NEC-like programs) are ~1/3 of them.
  const base = load('lung-spontaneous-parallel');
  const control = arm(base, CONTROL, 1200);
  const prrt = arm(base, 'prrt', 1200);
  // The same radiation aimed at another marker: HNF1A, high in the solitary-cell (B) program
  // whose metastases are mostly SSTR2-low.
  const retargeted = arm(base, JSON.stringify({ id: 'hnf1a', start: { onEvent: 'metastasis' }, durationDays: 28, repeatEveryDays: 56, courses: 4, target: { marker: 'HNF1A' }, effects: { deathPerDay: 0.01 } }), 1200);
  const rows = (a: string, r: typeof control) => trialRows(a, r);

  it('arms share every draw up to enrolment: the same patients enrolled, at the same time, with the same tumour', () => {
    const key = (recs: typeof control) => recs.filter((r) => r.metastasis_years !== null).map((r) => [r.patient, r.metastasis_years, r.subgroup, r.hits, r.metastasis_SSTR2].join('|'));
    expect(key(control)).toEqual(key(prrt));
    expect(rows(CONTROL, control).length).toBeGreaterThan(150);
    // and they differ after it: PRRT changes the course of the treated patients.
    expect(prrt.map((r) => r.progression_years)).not.toEqual(control.map((r) => r.progression_years));
  });

  it('PRRT helps SSTR2-high metastatic tumours far more than SSTR2-low ones, because it reads SSTR2: aimed at another marker, the gap moves', () => {
    const logHr = (treated: typeof control, name: string) => {
      const t = analyseTrial({ [CONTROL]: rows(CONTROL, control), [name]: rows(name, treated) });
      const pick = (s: string) => t.hazardRatios.find((h) => h.endpoint === 'pfs' && h.stratum === s)!;
      const hi = pick('SSTR2-high');
      const lo = pick('SSTR2-low');
      // Standard errors back from the 95 % intervals.
      const se = (h: typeof hi) => (Math.log(h.hi!) - Math.log(h.lo!)) / (2 * 1.959964);
      return { diff: Math.log(lo.hr!) - Math.log(hi.hr!), se: Math.hypot(se(hi), se(lo)), hi, lo, all: pick('all'), interaction: t.interactions.find((i) => i.endpoint === 'pfs' && i.marker === 'SSTR2')!.p! };
    };
    const targeted = logHr(prrt, 'prrt');
    const other = logHr(retargeted, 'hnf1a');
    expect(targeted.lo.n).toBeGreaterThan(60);
    // PRRT works overall and in SSTR2-high tumours; the interaction test says so.
    expect(targeted.all.hi!).toBeLessThan(1);
    expect(targeted.hi.hi!).toBeLessThan(1);
    expect(targeted.interaction).toBeLessThan(0.001);
    // Aimed at HNF1A instead, the same dose helps the SSTR2-low (B-rich) stratum more: the gap of
    // log hazard ratios (low − high) moves with the target, by more than 3.5 standard errors.
    expect(other.diff).toBeLessThan(0);
    expect(targeted.diff - other.diff).toBeGreaterThan(3.5 * Math.hypot(targeted.se, other.se));
  });
});

describe('a therapy that releases the niche’s killers acts only where the wiring couples the niche to the tumour', () => {
  // Killing × 30 in every tumour cell from the metastasis on (a checkpoint-like release of the
  // CD8 T cells the niche holds).
  const release = JSON.stringify({ id: 'release', start: { onEvent: 'metastasis' }, effects: { killFactor: 30 } });
  it('under spontaneous parallel (no coupling) the arm equals the control; under immune parallel it slows progression', () => {
    const sp = load('lung-spontaneous-parallel');
    const same = (xs: ReturnType<typeof arm>) => xs.map((r) => [r.patient, r.progression_years, r.death_years, r.death_cause].join('|'));
    expect(same(arm(sp, release, 300))).toEqual(same(arm(sp, CONTROL, 300)));
    const ip = load('lung-immune-parallel');
    const t = analyseTrial({ [CONTROL]: trialRows(CONTROL, arm(ip, CONTROL, 1200)), release: trialRows('release', arm(ip, release, 1200)) });
    const all = t.hazardRatios.find((h) => h.endpoint === 'pfs' && h.stratum === 'all')!;
    expect(all.n).toBeGreaterThan(100);
    expect(all.hi!).toBeLessThan(1); // the 95 % interval lies below 1
  });
});

describe('belzutifan reaches only the cells that lost VHL', () => {
  // The target is a hit of the cells, not the patient's diagnosis: in a sporadic pancreatic cohort
  // (no VHL carriers, no VHL hit) every course is the control's; in von Hippel–Lindau disease
  // (pancreas-vhl: every patient a carrier, most tumours VHL-null) progression slows.
  it('changes nothing in sporadic PanNETs and slows progression in VHL disease', () => {
    const same = (xs: ReturnType<typeof arm>) => xs.map((r) => [r.patient, r.progression_years, r.death_years, r.death_cause].join('|'));
    const sporadic = load('pancreas-calibrated');
    const sporadicControl = arm(sporadic, CONTROL, 300);
    expect(sporadicControl.filter((r) => r.metastasis_years !== null).length).toBeGreaterThan(20);
    expect(same(arm(sporadic, 'belzutifan', 300))).toEqual(same(sporadicControl));
    const vhl = load('pancreas-vhl');
    const control = arm(vhl, CONTROL, 500);
    const treated = arm(vhl, 'belzutifan', 500);
    expect(control.filter((r) => r.diagnosed && r.hits.split(';').includes('VHL')).length).toBeGreaterThan(150);
    const t = analyseTrial({ [CONTROL]: trialRows(CONTROL, control), belzutifan: trialRows('belzutifan', treated) });
    const all = t.hazardRatios.find((h) => h.endpoint === 'pfs' && h.stratum === 'all')!;
    expect(all.n).toBeGreaterThan(100);
    expect(all.hi!).toBeLessThan(1); // the 95 % interval lies below 1
  });
});

describe('netevo trial', () => {
  it('writes arms.csv, trial.json and each arm, whose control is the plain cohort byte for byte', async () => {
    const dir = tmp('netevo-trial-');
    const r = await netevo('trial', 'pancreas-calibrated', '--arms', 'everolimus,control', '--patients', '60', '--seed', '4', '--out', join(dir, 't'), '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const c = await netevo('cohort', 'pancreas-calibrated', '--patients', '60', '--seed', '4', '--out', join(dir, 'c'), '--quiet');
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(join(dir, 't', 'control', 'patients.csv'), 'utf8')).toBe(readFileSync(join(dir, 'c', 'patients.csv'), 'utf8'));
    const trial = JSON.parse(readFileSync(join(dir, 't', 'trial.json'), 'utf8'));
    expect(trial.arms.map((a: { arm: string }) => a.arm)).toEqual(['control', 'everolimus']);
    const strata = trial.hazardRatios.filter((h: { endpoint: string }) => h.endpoint === 'pfs').map((h: { stratum: string }) => h.stratum);
    expect(strata).toEqual(['all', 'SSTR2-high', 'SSTR2-low', 'MGMT-high', 'MGMT-low', 'DLL3-high', 'DLL3-low']);
    for (const h of trial.hazardRatios) expect(Object.keys(h).sort()).toEqual(['arm', 'endpoint', 'events', 'hi', 'hr', 'lo', 'n', 'p', 'stratum', 'vs']);
    const arms = readCsv(join(dir, 't', 'arms.csv'));
    expect(arms.filter((x) => x.arm === 'control').length).toBe(trial.arms[0].enrolled);
    // The treated patients started everolimus when their metastases were found (at the tick after:
    // not for metastases found on the last tick of follow-up).
    const treated = readCsv(join(dir, 't', 'everolimus', 'patients.csv')).filter((x) => x.metastasis_years !== '' && Number(x.metastasis_years) < Number(x.followup_years));
    expect(treated.length).toBeGreaterThan(0);
    for (const p of treated) expect(p.therapies).toMatch(/^trial-everolimus@\d/);
  });
  it('a scenario\'s intervention without a therapy or effects, or with two starts, is named in the error', async () => {
    const dir = tmp('netevo-int-');
    const file = join(dir, 's.json');
    const scenario = (x: object) => JSON.stringify({ kind: 'net', name: 'x', site: 'pancreas', hypothesis: { spontaneousParallel: 1 }, interventions: [x] });
    writeFileSync(file, scenario({ id: 'a', start: { onEvent: 'diagnosis' } }));
    let r = await netevo('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.interventions\[0\]\.effects: required: name a built-in therapy or give its effects/);
    writeFileSync(file, scenario({ id: 'b', therapy: 'ssa', start: { ageYears: 50, onEvent: 'relapse' } }));
    r = await netevo('validate', file);
    expect(r.stderr).toMatch(/\$\.interventions\[0\]\.start: give exactly one of ageYears, daysAfterDiagnosis, onEvent/);
  });
  it.each([
    ['an unknown arm', ['--arms', 'control,lutetium'], /--arms: unknown arm "lutetium": expected control, ssa, prrt/],
    ['no control arm', ['--arms', 'prrt,ssa'], /a trial needs a control arm/],
    ['an arm twice', ['--arms', 'control,prrt,prrt'], /an arm is named twice/],
  ])('refuses %s', async (_, flags, message) => {
    const r = await netevo('trial', 'pancreas-calibrated', ...flags, '--patients', '10', '--out', join(tmp(), 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
