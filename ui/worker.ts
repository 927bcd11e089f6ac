/// <reference lib="webworker" />
/** The simulation worker: the core behind Comlink. Runs in chunks, so the page can pause,
 *  step, change speed and cancel between calls. Also resolves scenarios for the page's form and
 *  computes the statistics its cohort and compare views draw (ui/analysis.ts). */
import * as Comlink from 'comlink';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import {
  AGENT_TYPES, DAYS_PER_YEAR, HITS, HYPOTHESIS_SLUGS, LATTICE_BYTES_PER_SITE, PROGRAMS, SUBGROUPS, BD_COLUMNS, BirthDeathScenarioSchema, BirthDeathSimulation,
  LatticeEngine, NetScenarioSchema, PatientSimulation, ScenarioError, panelStains, birthDeathRunFiles, parseScenario, overDefaults, deepMerge, patientRecord, simulateBlock,
  patientRunFiles, patientsCsv, timeseriesColumns, Interrupted, inThreadRunner, fitFiles, fitHypotheses, memoryStore, parseTargetCsv, type CohortRunner, type FitProblem, type Site, checkpointText, resumeRun, branchRun, setOverrides, THERAPY_IDS, type PatientRecord, type Scenario,
} from '../sim/api.js';
import {
  BlockSchema, BranchSetSchema, CheckpointTextSchema, FitRequestSchema, PageRecordSchema, PatientRowsSchema, ScenarioRequestSchema, SeedSchema, SiteSchema, TicksSchema, RecycleSchema,
  type BranchFrame, type CloneMeta, type Frame, type ScenarioInfo, type PatientView, type ScenarioRequest, type SimApi,
} from './protocol.js';
import { cohortView, compareStats, trialView } from './analysis.js';

let scenario: Scenario | null = null;
let source = '';
/** The loaded scenario as text (what a saved run carries to be resumed). */
let scenarioText = '';
let run: PatientSimulation | BirthDeathSimulation | null = null;
let seedUsed = 0;
let sentRows = 0;
let sentSizes = 0;
/** The "what if" branch beside the run (api.branch), and how many of its rows the page has. */
let branch: { run: PatientSimulation; change: string[]; atYears: number; sentRows: number } | null = null;

/** The scenario with the user's overrides, as the CLI would read the merged file. */
function mergedInput(req: ScenarioRequest): Record<string, unknown> {
  const r = ScenarioRequestSchema.parse(req);
  return deepMerge(structuredClone(r.base), r.overrides);
}

/** JSON Schemas of the two scenario kinds, made once. */
const jsonSchemas = new Map<string, Record<string, unknown>>();
function jsonSchemaOf(kind: 'net' | 'birth-death'): Record<string, unknown> {
  let s = jsonSchemas.get(kind);
  if (!s) {
    s = z.toJSONSchema(kind === 'net' ? NetScenarioSchema : BirthDeathScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    jsonSchemas.set(kind, s);
  }
  return s;
}

/** Rows handed back by the page are checked like any other input. */
const patientRows = (rows: unknown) => PatientRowsSchema.parse(rows) as unknown as PatientRecord[];

/** Memory the page needs per lattice point: the engine's (the core's estimate), a state copy per
 *  frame (4 B) and the image (4 B). */
const BYTES_PER_POINT = LATTICE_BYTES_PER_SITE + 8;

function cloneMeta(): CloneMeta {
  const c = run!.model.clones;
  const n = c.size;
  const meta = { program: new Int32Array(n), hits: new Int32Array(n), neoplastic: new Uint8Array(n), parent: new Int32Array(n), bornYears: new Float64Array(n) };
  const m = run!.model;
  const nowYears = run instanceof PatientSimulation ? run.model.ageYears() : m.tDays / DAYS_PER_YEAR;
  for (let i = 0; i < n; i++) {
    meta.bornYears[i] = nowYears - (m.tDays - c.bornDays[i]) / DAYS_PER_YEAR;
    meta.program[i] = c.program[i];
    meta.hits[i] = c.hits[i];
    meta.neoplastic[i] = c.neoplastic[i] ? 1 : 0;
    meta.parent[i] = c.parent[i];
  }
  return meta;
}

/** The liquid biopsies of the running patient (the draws ctdna.csv lists, one value each). */
function ctdnaDraws(m: PatientSimulation['model']): PatientView['ctdna'] {
  const draws = m.ctdnaSamples ?? [];
  const start = m.scenario.time.startAgeYears;
  return { age: draws.map((d) => start + d.tDays / DAYS_PER_YEAR), fraction: draws.map((d) => d.tumourFraction), detected: draws.map((d) => (d.detected ? 1 : 0)) };
}

/** The one-tumour view's patient panel: the patient's record (net/reporters.ts), as the CLI
 *  writes it to patients.csv and summary.json. */
function patientView(of: typeof run = run): PatientView {
  if (!(of instanceof PatientSimulation)) {
    return { sex: '', archetype: '', germlineMEN1: false, germlineVHL: false, diagnosed: false, subgroup: null, ageAtDiagnosis: null, ki67: null, mitoses: null, grade: null, hits: [], cellOfOrigin: null, metastasisYears: null, death: null, ihc: null, ctdnaPositiveYears: null, ctdna: { age: [], fraction: [], detected: [] } };
  }
  const r = patientRecord(of.model, of.index);
  return {
    sex: r.sex,
    archetype: r.archetype,
    germlineMEN1: r.germline_MEN1 === 1,
    germlineVHL: r.germline_VHL === 1,
    diagnosed: r.diagnosed === 1,
    subgroup: r.subgroup || null,
    ageAtDiagnosis: r.age_at_diagnosis_years,
    ki67: r.ki67_at_diagnosis,
    mitoses: r.mitoses_per_2mm2,
    grade: r.grade_at_diagnosis || null,
    hits: r.hits ? r.hits.split(';') : [],
    cellOfOrigin: r.cell_of_origin || null,
    metastasisYears: r.metastasis_years,
    death: r.death_cause ? `${r.death_cause} at ${r.age_at_end_years.toFixed(1)} y` : null,
    ihc: of.model.diagnosis?.panel ? { call: of.model.diagnosis.panel.call, scores: of.model.diagnosis.panel.scores } : null,
    ctdnaPositiveYears: r.ctdna_positive_years,
    ctdna: ctdnaDraws(of.model),
  };
}

/** What the page needs to build its views for a scenario. */
function infoOf(s: Scenario): ScenarioInfo {
  const net = s.kind === 'net';
  const lattice = net ? s.engine === 'lattice' : s.space.mode === 'lattice';
  const width = net ? s.lattice.width : s.space.width;
  const height = net ? s.lattice.height : s.space.height;
  const depth = net ? s.lattice.depth : s.space.depth; // 1 in 2D
  return {
    name: s.name,
    kind: s.kind,
    site: net ? s.site : null,
    engine: lattice ? 'lattice' : 'clone',
    width,
    height,
    depth,
    latticeBytes: lattice ? width * height * depth * BYTES_PER_POINT : 0,
    subgroups: net ? SUBGROUPS[s.site] : [],
    programs: PROGRAMS.map((p, index) => ({ index, id: p.id, label: p.label, committed: p.committed })).filter((p) => !net || PROGRAMS[p.index].site === s.site),
    hits: HITS.map((h) => h.id),
    agentTypes: AGENT_TYPES.map((a) => a.id),
    columns: net ? timeseriesColumns(s.site) : BD_COLUMNS,
    // As the model scales (net/model.ts): a lattice site stands for realCellsPerSite cells.
    cellsPerUnit: net && lattice ? s.lattice.realCellsPerSite : 1,
    diagnosisCells: net ? s.progression.diagnosisCells : null,
    dtDays: s.time.dtDays,
    panelStains: net ? panelStains(s.site) : [],
    spanDays: net ? (s.time.maxAgeYears - s.time.startAgeYears) * DAYS_PER_YEAR : null,
  };
}

/**
 * The branch in step with the run: up to the run's time, or, once the run has ended, up to `n`
 * ticks of its own (within the same ~30 ms budget, counted from `t0`).
 */
function advanceBranch(n: number, t0: number): BranchFrame | null {
  if (!branch || !run) return null;
  const b = branch.run;
  const target = run.done ? Infinity : run.model.tDays;
  for (let k = 0; !b.done && b.model.tDays < target - 1e-9 && (run.done ? k < n : true); k++) {
    b.advance(1);
    if (run.done && performance.now() - t0 > 30) break;
  }
  const rows = b.timeseries!.rows;
  const fresh = rows.slice(branch.sentRows);
  branch.sentRows = rows.length;
  return { change: branch.change, atYears: branch.atYears, done: b.done, ageYears: b.model.ageYears(), rows: fresh, patient: patientView(b) };
}

/** Set by cancelFit; the fit's runner checks it between blocks of patients. */
const fitSignal = { interrupted: false };

/** Cohorts on this thread, block by block, yielding between blocks so that cancelFit is heard
 *  (the rows do not depend on the blocks: patient i draws from its own streams). `onCohort`
 *  hears each cohort's seed first. */
const fitRunner = (onCohort: (seed: string) => void): CohortRunner => {
  const run = inThreadRunner(fitSignal, () => new Promise((r) => setTimeout(r, 0)));
  return (scenario, source, cohort) => {
    onCohort(String(cohort.seed));
    return run(scenario, source, cohort);
  };
};

/** The target table's rows, as netevo fit reads a --target file (the same checks and messages). */
function fitTarget(name: string, csv: string, site: Site): FitProblem['target'] {
  return parseTargetCsv(csv, site, name).map((r) => ({ ...r, table: name }));
}

const api: SimApi = {
  async describe(req) {
    const { base } = ScenarioRequestSchema.parse(req);
    const net = base.kind === 'net';
    // The values the form starts from are the scenario over its site's defaults, merged the way
    // the parser resolves a NET scenario; a birth–death scenario has no site defaults.
    const resolved = net ? overDefaults(base as { site: string }) : base;
    return { kind: net ? 'net' : 'birth-death', schema: jsonSchemaOf(net ? 'net' : 'birth-death'), resolved: resolved as Record<string, unknown>, description: String(base.description ?? '') };
  },
  async merged(req) {
    return mergedInput(req);
  },
  async load(req) {
    try {
      const input = mergedInput(req);
      scenario = parseScenario(input, req.source);
      scenarioText = JSON.stringify(input);
      source = req.source;
      run = null;
      branch = null;
      return { ok: true, info: infoOf(scenario) };
    } catch (e) {
      if (e instanceof ScenarioError) return { ok: false, errors: e.issues };
      return { ok: false, errors: [{ path: '$', message: String((e as Error).message ?? e) }] };
    }
  },
  async save() {
    if (!run || !scenario) throw new Error('no run to save');
    return checkpointText(run, scenarioText, source, seedUsed);
  },
  async restore(text) {
    try {
      const r = resumeRun(CheckpointTextSchema.parse(text), 'the file');
      scenario = r.scenario;
      scenarioText = r.scenarioText;
      source = r.source;
      seedUsed = SeedSchema.parse(Number(r.seed));
      run = r.run;
      branch = null;
      sentRows = 0; // the next frame carries the whole history
      sentSizes = 0;
      return { ok: true, info: infoOf(scenario), seed: seedUsed, tDays: r.tDays };
    } catch (e) {
      return { ok: false, errors: [{ path: '$', message: String((e as Error).message ?? e).slice(0, 300) }] };
    }
  },
  async start(seed) {
    if (!scenario) throw new Error('no scenario loaded');
    seedUsed = SeedSchema.parse(seed);
    run = scenario.kind === 'net' ? new PatientSimulation(scenario, seedUsed, 0, true) : new BirthDeathSimulation(scenario, seedUsed);
    branch = null;
    sentRows = 0;
    sentSizes = 0;
  },
  async branch(set) {
    if (!(run instanceof PatientSimulation) || !scenario) return { ok: false, errors: [{ path: '$', message: 'a branch needs a NET run (start one first)' }] };
    if (run.done) return { ok: false, errors: [{ path: '$', message: 'the run has ended: branch at an earlier moment' }] };
    try {
      const changes = BranchSetSchema.parse(set);
      const overrides = setOverrides(changes);
      // A copy of the patient as it is now, through the checkpoint format (as netevo branch).
      const copy = resumeRun(checkpointText(run, scenarioText, source, seedUsed), 'the run').run as PatientSimulation;
      branchRun(copy, overrides, scenarioText, source);
      branch = { run: copy, change: changes, atYears: copy.model.ageYears(), sentRows: copy.timeseries!.rows.length };
      return { ok: true, atYears: branch.atYears };
    } catch (e) {
      if (e instanceof ScenarioError) return { ok: false, errors: e.issues };
      const msg = e instanceof z.ZodError ? e.issues[0].message : String((e as Error).message ?? e);
      return { ok: false, errors: [{ path: '$', message: msg.slice(0, 300) }] };
    }
  },
  async unbranch() {
    branch = null;
  },
  async fit(req, progress) {
    fitSignal.interrupted = false;
    try {
      const r = FitRequestSchema.parse(req);
      const problem: FitProblem = {
        site: r.site, target: fitTarget(r.target.name, r.target.csv, r.site),
        bases: Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => {
          if (!r.bases[h]) throw new Error(`no base scenario for ${h}`);
          return [h, r.bases[h]];
        })) as FitProblem['bases'],
        budget: r.budget, patients: r.patients, seed: r.seed, accept: 0.25, smc: r.smc, particles: r.particles, refine: r.refine, validation: r.validation,
      };
      let calibrating = false;
      // The calibration has no callbacks of its own: its cohorts are the first not seeded as a
      // model-choice (<seed>/fit/<i>) or mixture (<seed>/mixture/<i>) simulation.
      const onCohort = (seed: string) => {
        if (calibrating || /\/(fit|mixture)\/\d+$/.test(seed)) return;
        calibrating = true;
        progress({ kind: 'calibration' });
      };
      const result = await fitHypotheses(problem, {
        run: fitRunner(onCohort), store: memoryStore(),
        onSimulation: (stage, done, total) => progress({ kind: 'simulation', stage, done, total }),
        onGeneration: (g) => progress({ kind: 'generation', generation: g.generation, total: g.total, epsilon: g.epsilon, pAcc: g.pAcc }),
      });
      return { ok: true, files: fitFiles(result, r.target.name) };
    } catch (e) {
      if (e instanceof Interrupted) return { ok: false, errors: [{ path: '$', message: 'the fit was stopped' }] };
      if (e instanceof ScenarioError) return { ok: false, errors: e.issues };
      const msg = e instanceof z.ZodError ? `${e.issues[0].path.join('.')}: ${e.issues[0].message}` : String((e as Error).message ?? e);
      return { ok: false, errors: [{ path: '$', message: msg.slice(0, 300) }] };
    }
  },
  async cancelFit() {
    fitSignal.interrupted = true;
  },
  async advance(ticks, recycle) {
    if (!run) throw new Error('no run started');
    const n = TicksSchema.parse(ticks);
    const reuse = RecycleSchema.parse(recycle);
    // At most `n` ticks, and no more than ~30 ms of work, so pause, step and reset answer at once.
    const t0 = performance.now();
    let done = run.done;
    // A step of a paced patient may span several ticks (sim/net/pace.ts): it counts as that many.
    for (let k = 0; k < n && !done; ) {
      const before = run instanceof PatientSimulation ? run.ticks : 0;
      done = run.advance(1);
      k += run instanceof PatientSimulation ? run.ticks - before : 1;
      if (performance.now() - t0 > 30) break;
    }
    const branchFrame = advanceBranch(n, t0);
    if (branchFrame) done &&= branchFrame.done;
    const rows = run instanceof PatientSimulation ? run.timeseries!.rows : run.rows;
    const newRows = rows.slice(sentRows);
    sentRows = rows.length;
    let sizes: [number, number, number][] = [];
    if (run instanceof PatientSimulation) {
      sizes = run.cloneSizes!.slice(sentSizes);
      sentSizes = run.cloneSizes!.length;
    } else {
      sizes = newRows.map((r) => [0, r[0] as number, r[1] as number]);
    }
    const m = run.model;
    let lattice: Frame['lattice'] = null;
    const transfers: Transferable[] = [];
    if (m.engine instanceof LatticeEngine) {
      // states() holds all the lattice's points: x fastest, then y, then z (depth 1 in 2D).
      const depth = m.engine.depth;
      const e = m.engine;
      const states = reuse?.byteLength === 4 * e.width * e.height * depth ? e.states(new Int32Array(reuse)) : e.states();
      const agents = run instanceof PatientSimulation ? run.model.agents : null;
      const agentType = agents ? agents.type.slice(0, agents.size) : new Uint8Array(0);
      const agentSite = agents ? agents.site.slice(0, agents.size) : new Int32Array(0);
      lattice = { states, depth, agentType, agentSite };
      transfers.push(states.buffer, agentType.buffer, agentSite.buffer);
    }
    const tDays = m.tDays;
    const frame: Frame = {
      done,
      tDays,
      ageYears: run instanceof PatientSimulation ? run.model.ageYears() : tDays / DAYS_PER_YEAR,
      rows: newRows,
      cloneSizes: sizes,
      clones: cloneMeta(),
      lattice,
      patient: patientView(),
      branch: branchFrame,
    };
    return Comlink.transfer(frame, transfers);
  },
  async files(page) {
    if (!run || !scenario) throw new Error('no run');
    const extra = PageRecordSchema.parse(page);
    // The CLI's files; the page's summary.json also records its overrides and share link.
    const withPage = (f: Record<string, string>) =>
      extra ? { ...f, 'summary.json': JSON.stringify({ ...JSON.parse(f['summary.json']), page: { overrides: extra.overrides, share_link: extra.shareLink } }, null, 2) + '\n' } : f;
    if (run instanceof PatientSimulation && scenario.kind === 'net') return withPage(patientRunFiles(run.result(), scenario, seedUsed, source));
    if (run instanceof BirthDeathSimulation && scenario.kind === 'birth-death') return withPage(birthDeathRunFiles(run.result(), scenario, seedUsed, source));
    throw new Error('run and scenario disagree');
  },
  async zip(page) {
    const files = await api.files(page);
    const folder = `${scenario!.name}-seed${seedUsed}`;
    const entries: Record<string, Uint8Array> = {};
    for (const [name, text] of Object.entries(files)) entries[`${folder}/${name}`] = strToU8(text);
    entries[`${folder}/scenario.json`] = strToU8(JSON.stringify(JSON.parse(scenarioText), null, 2) + '\n');
    const zipped = zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
    return Comlink.transfer(zipped, [zipped.buffer]);
  },
  async cohort(seed, start, count) {
    if (!scenario || scenario.kind !== 'net') throw new Error('cohorts need a NET scenario');
    const s = SeedSchema.parse(seed);
    const b = BlockSchema.parse({ start, count });
    return simulateBlock(scenario, s, { start: b.start, end: b.start + b.count });
  },
  async cohortView(rows, site) {
    return cohortView(patientRows(rows), SiteSchema.parse(site));
  },
  async trialView(control, treated, arm) {
    return trialView(patientRows(control), patientRows(treated), z.enum(THERAPY_IDS).parse(arm));
  },
  async compareStats(rows, site, name) {
    return compareStats(patientRows(rows), SiteSchema.parse(site), z.enum(HYPOTHESIS_SLUGS).parse(name));
  },
  async patientsCsv(rows) {
    return patientsCsv(patientRows(rows));
  },
};

Comlink.expose(api);
