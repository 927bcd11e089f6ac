/// <reference lib="webworker" />
/** The simulation worker: the core behind Comlink. Runs in chunks, so the page can pause,
 *  step, change speed and cancel between calls. */
import * as Comlink from 'comlink';
import {
  AGENT_TYPES, HITS, PROGRAMS, SUBGROUPS, BirthDeathSimulation, PatientSimulation, ScenarioError, birthDeathRunFiles,
  parseScenario, patientRunFiles, simulatePatient, type PatientRecord, type Scenario,
} from '../sim/api.js';
import { LatticeEngine } from '../sim/core/space/lattice.js';
import { BD_COLUMNS } from '../sim/birth-death/model.js';
import { timeseriesColumns } from '../sim/api.js';
import { SeedSchema, TicksSchema, type CloneMeta, type Frame, type LoadResult, type PatientView, type SimApi } from './protocol.js';

let scenario: Scenario | null = null;
let source = '';
let run: PatientSimulation | BirthDeathSimulation | null = null;
let seedUsed = 0;
let sentRows = 0;
let sentSizes = 0;

function cloneMeta(): CloneMeta {
  const c = run!.model.clones;
  const n = c.size;
  const meta = { program: new Int32Array(n), hits: new Int32Array(n), neoplastic: new Uint8Array(n), parent: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    meta.program[i] = c.program[i];
    meta.hits[i] = c.hits[i];
    meta.neoplastic[i] = c.neoplastic[i] ? 1 : 0;
    meta.parent[i] = c.parent[i];
  }
  return meta;
}

function patientView(): PatientView {
  if (!(run instanceof PatientSimulation)) {
    return { sex: '', archetype: '', germlineMEN1: false, diagnosed: false, subgroup: null, ageAtDiagnosis: null, ki67: null, grade: null, hits: [], cellOfOrigin: null, metastasisYears: null, death: null };
  }
  const m = run.model;
  const d = m.diagnosis;
  return {
    sex: m.female ? 'F' : 'M',
    archetype: m.archetype,
    germlineMEN1: m.germlineMEN1,
    diagnosed: !!d,
    subgroup: d?.subgroup ?? null,
    ageAtDiagnosis: d ? d.ageYears : null,
    ki67: d ? d.ki67 * 100 : null,
    grade: d?.grade ?? null,
    hits: d?.hits ?? [],
    cellOfOrigin: d?.origin ?? null,
    metastasisYears: d && m.metastasisDays !== null ? (m.metastasisDays - d.tDays) / 365.25 : null,
    death: m.death ? `${m.death.cause} at ${(m.scenario.time.startAgeYears + m.death.tDays / 365.25).toFixed(1)} y` : null,
  };
}

const api: SimApi = {
  async load(input, src) {
    try {
      scenario = parseScenario(input, src);
      source = src;
      run = null;
      const s = scenario;
      const net = s.kind === 'net';
      const info: LoadResult = {
        ok: true,
        info: {
          name: s.name,
          kind: s.kind,
          site: net ? s.site : null,
          engine: net ? s.engine : s.space.mode === 'lattice' ? 'lattice' : 'clone',
          width: net ? s.lattice.width : s.space.width,
          height: net ? s.lattice.height : s.space.height,
          subgroups: net ? SUBGROUPS[s.site] : [],
          programs: PROGRAMS.map((p, index) => ({ index, id: p.id, label: p.label, committed: p.committed })).filter((p) => !net || PROGRAMS[p.index].site === s.site),
          hits: HITS.map((h) => h.id),
          agentTypes: AGENT_TYPES.map((a) => a.id),
          columns: net ? timeseriesColumns(s.site) : BD_COLUMNS,
        },
      };
      return info;
    } catch (e) {
      if (e instanceof ScenarioError) return { ok: false, errors: e.issues };
      return { ok: false, errors: [{ path: '$', message: String((e as Error).message ?? e) }] };
    }
  },
  async start(seed) {
    if (!scenario) throw new Error('no scenario loaded');
    seedUsed = SeedSchema.parse(seed);
    run = scenario.kind === 'net' ? new PatientSimulation(scenario, seedUsed, 0, true) : new BirthDeathSimulation(scenario, seedUsed);
    sentRows = 0;
    sentSizes = 0;
  },
  async advance(ticks) {
    if (!run) throw new Error('no run started');
    const n = TicksSchema.parse(ticks);
    // At most `n` ticks, and no more than ~30 ms of work, so pause, step and reset answer at once.
    const t0 = performance.now();
    let done = run.done;
    for (let k = 0; k < n && !done; k++) {
      done = run.advance(1);
      if (performance.now() - t0 > 30) break;
    }
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
      const states = m.engine.states();
      const agents = run instanceof PatientSimulation ? run.model.agents : null;
      const agentType = agents ? agents.type.slice(0, agents.size) : new Uint8Array(0);
      const agentSite = agents ? agents.site.slice(0, agents.size) : new Int32Array(0);
      lattice = { states, agentType, agentSite };
      transfers.push(states.buffer, agentType.buffer, agentSite.buffer);
    }
    const tDays = m.tDays;
    const frame: Frame = {
      done,
      tDays,
      ageYears: run instanceof PatientSimulation ? run.model.ageYears() : tDays / 365.25,
      rows: newRows,
      cloneSizes: sizes,
      clones: cloneMeta(),
      lattice,
      patient: patientView(),
    };
    return Comlink.transfer(frame, transfers);
  },
  async files() {
    if (!run || !scenario) throw new Error('no run');
    if (run instanceof PatientSimulation && scenario.kind === 'net') return patientRunFiles(run.result(), scenario, seedUsed, source);
    if (run instanceof BirthDeathSimulation && scenario.kind === 'birth-death') return birthDeathRunFiles(run.result(), scenario, seedUsed, source);
    throw new Error('run and scenario disagree');
  },
  async cohort(seed, start, count) {
    if (!scenario || scenario.kind !== 'net') throw new Error('cohorts need a NET scenario');
    const s = SeedSchema.parse(seed);
    const out: PatientRecord[] = [];
    for (let i = start; i < start + count; i++) out.push(simulatePatient(scenario, s, i).record);
    return out;
  },
};

Comlink.expose(api);
