/**
 * The model's pace (sim/net/pace.ts): while a patient is quiet a step spans several ticks. That
 * must be a matter of speed, not of biology: cohorts stepped tick by tick (`time.maxStepDays`
 * equal to `dtDays`) and paced cohorts of the same scenarios agree on what a cohort reports,
 * within sampling error; the step's length reads only the patient's state, so a run advanced in
 * chunks (the page, the CLI's slices) is the same patient as one run at once; recorded rows fall
 * where they fall tick by tick.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PatientSimulation, parseScenario, simulateRows, type PatientRecord, type ResolvedNet } from '../sim/api.js';
import { stepTicks } from '../sim/net/pace.js';
import { FIT_RECORD_EVERY_DAYS } from '../sim/study/fit/priors.js';

const shipped = (f: string) => JSON.parse(readFileSync(new URL(`../scenarios/${f}`, import.meta.url), 'utf8'));
function scenario(f: string, maxStepDays?: number, time: Record<string, number> = {}): ResolvedNet {
  const input = shipped(f);
  return parseScenario({ ...input, time: { ...input.time, ...(maxStepDays === undefined ? {} : { maxStepDays }), ...time } }, f) as ResolvedNet;
}

const PATIENTS = 800;
const SEEDS = [11, 12];
const cohort = (s: ResolvedNet) => SEEDS.flatMap((seed) => simulateRows(s, seed, { start: 0, end: PATIENTS }) as PatientRecord[]);

/** Two-sample z of a proportion. */
function zShare(a: boolean[], b: boolean[]): number {
  const pa = a.filter(Boolean).length / a.length;
  const pb = b.filter(Boolean).length / b.length;
  const p = (pa * a.length + pb * b.length) / (a.length + b.length);
  const se = Math.sqrt(p * (1 - p) * (1 / a.length + 1 / b.length));
  return se > 0 ? (pa - pb) / se : 0;
}
/** Welch's z of a mean. */
function zMean(a: number[], b: number[]): number {
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const v = (x: number[]) => x.reduce((s, y) => s + (y - m(x)) ** 2, 0) / (x.length - 1);
  return (m(a) - m(b)) / Math.sqrt(v(a) / a.length + v(b) / b.length);
}

describe('pace: several ticks per step while the patient is quiet', () => {
  // Spontaneous parallel: the niche does not act; immune parallel: it gates initiation; immune
  // divergent: its agents select programs. A step of several ticks draws the niche once and holds
  // the rates it sets (model.ts). Each measure's three z (one per scenario, independent cohorts)
  // are also combined (Stouffer: (z1 + z2 + z3)/√3). 72 comparisons (9 measures × 3 scenarios,
  // and combined, for each of the two paces) at |z| < 4: a false alarm about 5e-3 of the time
  // under the normal approximation.
  // The comparison sees a wrong pace: steps that ran on past the diagnosis size (the check near
  // diagnosisCells removed, no growth bound) moved metastasis ever by z −5.4 and tumour deaths
  // by −5.3 in the first scenario already.
  // Paced two ways: as a run is (recording yearly), and as a fit runs it (nothing recorded: its
  // recording grid lies past the story, FIT_RECORD_EVERY_DAYS, so steps run up to maxStepDays).
  it('tick by tick and paced cohorts agree, paced as a run and as a fit (lung spontaneous parallel, immune parallel and divergent, 2 × 800 patients each)', () => {
    const zs: Record<string, Record<string, number>[]> = { run: [], fit: [] };
    for (const f of ['lung-spontaneous-parallel.json', 'lung-immune-parallel.json', 'lung-immune-divergent.json']) {
      const tick = cohort(scenario(f, 30));
      for (const [how, paced] of [['run', cohort(scenario(f))], ['fit', cohort(scenario(f, undefined, { recordEveryDays: FIT_RECORD_EVERY_DAYS }))]] as const) {
        const dx = (rs: PatientRecord[]) => rs.filter((r) => r.diagnosed);
        // Alive 5 years after diagnosis, among those followed that long or dead before.
        const five = (rs: PatientRecord[]) => dx(rs).filter((r) => r.death_years !== null || r.followup_years! >= 5).map((r) => r.death_years === null || r.death_years > 5);
        const z: Record<string, number> = {
          diagnosed: zShare(tick.map((r) => !!r.diagnosed), paced.map((r) => !!r.diagnosed)),
          age_at_diagnosis: zMean(dx(tick).map((r) => r.age_at_diagnosis_years!), dx(paced).map((r) => r.age_at_diagnosis_years!)),
          ki67: zMean(dx(tick).map((r) => r.ki67_at_diagnosis!), dx(paced).map((r) => r.ki67_at_diagnosis!)),
          metastasis_ever: zShare(dx(tick).map((r) => r.metastasis_years !== null), dx(paced).map((r) => r.metastasis_years !== null)),
          tumour_death: zShare(dx(tick).map((r) => r.death_cause === 'tumor'), dx(paced).map((r) => r.death_cause === 'tumor')),
          alive_5y: zShare(five(tick), five(paced)),
        };
        for (const g of ['A1', 'A2', 'B']) z[`subgroup ${g}`] = zShare(dx(tick).map((r) => r.subgroup === g), dx(paced).map((r) => r.subgroup === g));
        console.log(f, how, Object.fromEntries(Object.entries(z).map(([k, v]) => [k, Number(v.toFixed(2))])));
        for (const [k, v] of Object.entries(z)) expect(Math.abs(v), `${f} ${how} ${k}`).toBeLessThan(4);
        zs[how].push(z);
      }
    }
    for (const how of ['run', 'fit'])
      for (const k of Object.keys(zs[how][0])) expect(Math.abs(zs[how].reduce((a, z) => a + z[k], 0) / Math.sqrt(zs[how].length)), `combined ${how} ${k}`).toBeLessThan(4);
  }, 240_000);

  it('takes far fewer steps than ticks, and one step per tick when maxStepDays is dtDays', () => {
    const count = (s: ResolvedNet) => {
      const sim = new PatientSimulation(s, 3, 0);
      let steps = 0;
      while (!sim.done) {
        sim.advance(1);
        steps++;
      }
      return { steps, ticks: Math.round(sim.model.tDays / s.time.dtDays) };
    };
    const tick = count(scenario('lung-spontaneous-parallel.json', 30));
    expect(tick.steps).toBe(tick.ticks);
    const paced = count(scenario('lung-spontaneous-parallel.json'));
    expect(paced.steps).toBeLessThan(paced.ticks / 2);
    // The lattice is event by event: its steps are ticks whatever maxStepDays says.
    const lattice = scenario('teaching-lung-lattice.json');
    const sim = new PatientSimulation(lattice, 1, 0);
    for (let k = 0; k < 20; k++) expect(stepTicks(sim.model)).toBe(1), sim.advance(1);
  });

  it('a run advanced tick budget by tick budget is the same patient, recorded where tick by tick records', () => {
    const s = scenario('lung-immune-divergent.json');
    for (const index of [0, 1, 2, 3]) {
      const whole = new PatientSimulation(s, 5, index, true);
      whole.advance();
      const chunked = new PatientSimulation(s, 5, index, true);
      while (!chunked.done) chunked.advance(1 + (index % 3));
      expect(chunked.result().record).toEqual(whole.result().record);
      expect(chunked.timeseries).toEqual(whole.timeseries);
      // Rows at each recording time's first tick (or the end): never a step past one.
      const t = whole.timeseries!.rows.map((r) => Number(r[0]));
      const every = s.time.recordEveryDays;
      t.slice(0, -1).forEach((x, i) => expect(x, `row ${i}`).toBe(Math.max(0, Math.ceil((i * every) / s.time.dtDays - 1e-9)) * s.time.dtDays));
    }
  });
});
