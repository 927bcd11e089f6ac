/**
 * `netevo trial <scenario> --arms control,prrt,… --patients N`: a virtual trial (sim/study/trial.ts)
 * — every arm's cohort on the worker pool, the same patients in each — and its files: arms.csv
 * (one row per enrolled patient and arm), trial.json (per arm, the hazard ratios overall and per
 * biomarker stratum, the interaction tests) and each arm's patients.csv.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import {
  CONTROL, DEFAULT_LIMITS, Interrupted, THERAPY_IDS, TRIAL_COLUMNS, VERSION, analyseTrial, armInput, parseScenario, patientsCsv, toCsv, trialRows,
  type PatientRecord, type ResolvedNet, type TrialRow,
} from '../sim/api.js';
import { InputError, checkLimits, checkOutputDir, loadScenario, writeFilesAtomically, type CohortCommandOptions } from './io.js';
import { CohortPool } from './pool.js';

export interface TrialOptions extends CohortCommandOptions {
  arms: string;
}

/** "control,prrt" → the arms, control first; every name known, none twice. */
export function parseArms(value: string): string[] {
  const arms = value.split(',').map((x) => x.trim()).filter((x) => x);
  const known = [CONTROL, ...THERAPY_IDS];
  const bad = arms.find((a) => !known.includes(a));
  if (bad !== undefined) throw new InputError(`--arms: unknown arm "${bad.slice(0, 40)}": expected ${known.join(', ')}`);
  if (new Set(arms).size !== arms.length) throw new InputError(`--arms ${JSON.stringify(value.slice(0, 80))}: an arm is named twice`);
  if (!arms.includes(CONTROL)) throw new InputError(`--arms: a trial needs a ${CONTROL} arm (e.g. --arms ${CONTROL},prrt)`);
  if (arms.length < 2) throw new InputError(`--arms: a trial needs a therapy arm besides ${CONTROL} (one of ${THERAPY_IDS.join(', ')})`);
  return [CONTROL, ...arms.filter((a) => a !== CONTROL)];
}

export async function cmdTrial(arg: string, o: TrialOptions, io: { stderr: (s: string) => void; isTTY: boolean; signal: { interrupted: boolean } }): Promise<void> {
  const arms = parseArms(o.arms);
  const { s, file } = loadScenario(arg);
  if (s.kind !== 'net') throw new InputError(`${file}: $.kind: a trial needs a "net" scenario (this one is "${s.kind}")`);
  checkLimits(s, file, o.limits ?? DEFAULT_LIMITS, false);
  const out = o.out ?? `out/${s.name}-trial-seed${o.seed}`;
  checkOutputDir(out);
  const scenarios = arms.map((a) => parseScenario(armInput(s.input as Record<string, unknown>, a), file) as ResolvedNet);
  const bar = io.isTTY && !o.quiet
    ? new cliProgress.SingleBar({ format: `{arm} [{bar}] {percentage}% | {value}/{total} patients | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : null;
  const t0 = performance.now();
  const pool = new CohortPool(o.workers);
  const byArm: Record<string, TrialRow[]> = {};
  const files: Record<string, string> = {};
  try {
    for (const [k, arm] of arms.entries()) {
      bar?.start(o.patients, 0, { arm });
      const rows: PatientRecord[] = await pool.run(file, scenarios[k], { patients: o.patients, seed: o.seed, signal: io.signal }, (done) => bar?.update(done, { arm }));
      bar?.stop();
      if (io.signal.interrupted) throw new Interrupted();
      byArm[arm] = trialRows(arm, rows);
      files[join(arm, 'patients.csv')] = patientsCsv(rows);
      if (!o.quiet) io.stderr(`netevo: arm ${arm}: ${o.patients} patients, ${byArm[arm].length} enrolled (metastases found) (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await pool.close();
  }
  const analysis = analyseTrial(byArm);
  const trial = { netevo: VERSION, scenario: file, site: s.site, seed: o.seed, patients: o.patients, enrolment: 'metastases found (at diagnosis or later); the therapy starts then', ...analysis };
  for (const arm of arms) writeFilesAtomically(join(out, arm), { 'patients.csv': files[join(arm, 'patients.csv')] });
  writeFilesAtomically(out, {
    'arms.csv': toCsv([...TRIAL_COLUMNS], arms.flatMap((a) => byArm[a].map((r) => TRIAL_COLUMNS.map((c) => r[c])))),
    'trial.json': JSON.stringify(trial, null, 2) + '\n',
  });
  if (!o.quiet) {
    for (const h of analysis.hazardRatios.filter((x) => x.stratum === 'all'))
      io.stderr(`netevo: ${h.arm} vs ${h.vs}, ${h.endpoint}: HR ${h.hr === null ? 'not estimable' : `${h.hr.toFixed(2)} [${h.lo!.toFixed(2)}, ${h.hi!.toFixed(2)}], p ${h.p!.toPrecision(2)}`} (${h.events} events, ${h.n} patients)\n`);
    io.stderr(`netevo: trial of ${s.name}: wrote arms.csv, trial.json and ${arms.length} arms' patients.csv to ${out}\n`);
  }
}
