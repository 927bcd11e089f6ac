/**
 * The page: scenario picker, generated form, seed and controls; a run drawn live (lattice,
 * charts, Muller plot); a cohort on a pool of workers; the four hypotheses side by side. The
 * simulation runs in workers (Comlink); this thread only draws.
 */
import * as Comlink from 'comlink';
import './styles.css';
import { z } from 'zod';
import { NetScenarioSchema, BirthDeathScenarioSchema, deepMerge } from '../sim/scenario/scenario.js';
import { COMMON_DEFAULTS, SITE_DEFAULTS } from '../sim/biology/defaults.js';
import { ARCHETYPES, HITS, MARKERS, PROGRAMS, SUBGROUPS, AGENT_TYPES, type Site } from '../sim/biology/biology.js';
import { PATIENT_COLUMNS, patientRow } from '../sim/api.js';
import { toCsv } from '../sim/io/outputs.js';
import { kaplanMeier, cumulativeIncidence, cramersV, cohortStatistics } from '../sim/study/stats.js';
import { comparisonStats } from '../sim/study/compare.js';
import type { PatientRecord } from '../sim/net/patient.js';
import { Chart, PALETTE, stack } from './charts.js';
import { LatticeView, AGENT_COLOURS, type ColourBy } from './lattice.js';
import { MullerPlot } from './muller.js';
import { buildForm, type FormHandle } from './form.js';
import { decodeShare, encodeShare, type Share } from './url.js';
import type { Frame, ScenarioInfo, SimApi } from './protocol.js';
import { HYPOTHESIS_TEXT, ARCHETYPE_TEXT } from './teaching.js';

// ------------------------------------------------------------------------------------ scenarios

const files = import.meta.glob('../scenarios/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;
const SCENARIOS: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(files).map(([path, data]) => [path.replace(/^.*\//, '').replace(/\.json$/, ''), data]),
);
const NAMES = Object.keys(SCENARIOS).sort();
const DEFAULT_SCENARIO = 'teaching-lung-lattice';
const HYPOTHESES = ['spontaneous-parallel', 'spontaneous-divergent', 'immune-parallel', 'immune-divergent'];
/** Lattices larger than this are refused: the page would need more memory than it should take. */
const MAX_LATTICE_BYTES = 256 * 2 ** 20;

const netJsonSchema = z.toJSONSchema(NetScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const bdJsonSchema = z.toJSONSchema(BirthDeathScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

// ------------------------------------------------------------------------------------ helpers

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}
function download(name: string, data: Blob | string, type = 'text/csv'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}
/** A problem with the link the page was opened with: it stays on show until the scenario changes. */
let linkNotice: string | null = null;
function banner(text: string | null, kind: 'error' | 'info' = 'error'): void {
  if (text === null && linkNotice) text = linkNotice;
  const b = $('#banner');
  b.textContent = text ?? '';
  b.className = text ? `banner ${kind}` : 'banner';
}
const newWorker = () => Comlink.wrap<SimApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '—' : x.toFixed(d));
const programColour = (p: number) => {
  const id = PROGRAMS[p]?.id ?? '';
  const fixed: Record<string, string> = {
    lung_NE_generic: '#9e9e9e', lung_NE_peripheral: '#1b9e77', lung_NE_central: '#7570b3', lung_NE_solitary: '#d95f02', lung_NEC_like: '#e7298a',
    pancreas_islet_generic: '#9e9e9e', pancreas_alpha: '#1f78b4', pancreas_beta: '#e6ab02', si_EC_generic: '#9e9e9e', si_EC: '#66a61e',
  };
  return fixed[id] ?? PALETTE[p % PALETTE.length];
};

// ------------------------------------------------------------------------------------ state

interface State {
  name: string;
  overrides: Record<string, unknown>;
  seed: number;
  view: 'run' | 'cohort' | 'compare';
  patients: number;
}
const state: State = { name: DEFAULT_SCENARIO, overrides: {}, seed: 1, view: 'run', patients: 300 };
const sim = newWorker();
let info: ScenarioInfo | null = null;
let form: FormHandle | null = null;
let playing = false;
let busy = false;
let generation = 0;
let speed = 5;
let runDone = false;

/** Hooks the browser tests read. */
const testHooks = {
  status: 'idle' as string,
  frames: 0,
  chartPoints: {} as Record<string, number>,
  /** Computed when read (a pass over every pixel: not paid per frame). */
  get latticeFraction(): number {
    return charts?.lattice?.drawnFraction() ?? 0;
  },
  lastPatient: null as Frame['patient'] | null,
  cohortDone: 0,
  compareDone: 0,
  /** The longest main-thread time one frame took, by part (ms). */
  frameMs: { charts: 0, muller: 0, lattice: 0, frame: 0 },
};
(window as unknown as { __netevo: typeof testHooks }).__netevo = testHooks;

function currentInput(): Record<string, unknown> {
  return deepMerge(structuredClone(SCENARIOS[state.name]), state.overrides) as Record<string, unknown>;
}

function share(): Share {
  return { v: 1, scenario: state.name, overrides: state.overrides, seed: state.seed, view: state.view, ...(state.view === 'cohort' ? { patients: state.patients } : {}) };
}
function updateHash(): void {
  history.replaceState(null, '', encodeShare(share()));
}

// ------------------------------------------------------------------------------------ run view

interface RunCharts {
  columns: string[];
  data: Map<string, (number | string)[]>;
  programs: Chart | null;
  size: Chart;
  ki67: Chart | null;
  immune: Chart | null;
  muller: MullerPlot | null;
  lattice: LatticeView | null;
  all: (Chart | MullerPlot)[];
}
let charts: RunCharts | null = null;

function buildRunView(i: ScenarioInfo): RunCharts {
  const host = $('#run-charts');
  host.replaceChildren();
  const latticeHost = $('#lattice-host');
  latticeHost.replaceChildren();
  const net = i.kind === 'net';
  const x = net ? 'age (years)' : 'time (days)';
  let lattice: LatticeView | null = null;
  if (i.engine === 'lattice') {
    lattice = new LatticeView(latticeHost, i.width, i.height, i.agentTypes);
    lattice.programColour = programColour;
    latticeHost.append(legend(i));
  }
  const progs = net ? i.programs : [];
  const programs = net
    ? new Chart(host, { title: 'Tumor cells by program', xLabel: x, yLabel: 'cells', series: [...progs].reverse().map((p) => ({ label: p.id.replace(/^[a-z]+_/, ''), color: programColour(p.index), fill: true })) })
    : null;
  const size = net
    ? new Chart(host, { title: 'Tumor size', xLabel: x, yLabel: 'cells', logY: true, series: [{ label: 'largest lesion', color: '#d95f02' }, { label: 'all neoplastic', color: '#7570b3', dash: [5, 3] }, { label: 'metastatic', color: '#e7298a' }] })
    : new Chart(host, { title: 'Population', xLabel: x, yLabel: 'cells', logY: true, series: [{ label: 'cells', color: '#1b9e77' }] });
  const ki67 = net
    ? new Chart(host, { title: 'Ki-67 index of the largest lesion', xLabel: x, yLabel: '% cycling', yRange: [0, 30], hLines: [{ y: 3, label: 'G1 < 3 %' }, { y: 20, label: 'G2 ≤ 20 % < G3' }], series: [{ label: 'Ki-67', color: '#1f78b4' }] })
    : null;
  const immune = net
    ? new Chart(host, { title: 'Immune and stromal agents', xLabel: x, yLabel: 'agents', series: i.agentTypes.map((a) => ({ label: a, color: AGENT_COLOURS[a] })) })
    : new Chart(host, { title: 'Births and deaths', xLabel: x, yLabel: 'events', series: [{ label: 'births', color: '#1b9e77' }, { label: 'deaths', color: '#d95f02' }] });
  const muller = net ? new MullerPlot(host, 'Muller plot of the neoplastic clones') : null;
  const all = [programs, size, ki67, immune, muller].filter((c): c is Chart | MullerPlot => c !== null);
  for (const c of all) {
    const b = h('button', { class: 'png', title: 'save this chart as PNG' }, 'PNG');
    b.addEventListener('click', async () => download(`${state.name}-${(c instanceof Chart ? c.spec.title : c.title).replace(/\W+/g, '_')}.png`, await c.png()));
    c.el.appendChild(b);
  }
  return { columns: i.columns, data: new Map(i.columns.map((c) => [c, []])), programs, size, ki67, immune, muller, lattice, all };
}

function legend(i: ScenarioInfo): HTMLElement {
  const el = h('div', { class: 'legend' });
  for (const p of i.programs) el.append(h('span', { class: 'key', title: p.label }, h('i', { style: `background:${programColour(p.index)}` }), p.id.replace(/^[a-z]+_/, '')));
  for (const a of i.agentTypes) el.append(h('span', { class: 'key agent', title: AGENT_TYPES.find((t) => t.id === a)?.label ?? a }, h('i', { style: `background:${AGENT_COLOURS[a]}` }), a));
  el.append(h('span', { class: 'key', title: 'non-NE epithelium' }, h('i', { style: 'background:#e4e0d8' }), 'epithelium'));
  return el;
}

function applyFrame(f: Frame): void {
  if (!charts || !info) return;
  const c = charts;
  const t0 = performance.now();
  for (const row of f.rows) c.columns.forEach((col, k) => c.data.get(col)!.push(row[k]));
  const col = (n: string) => (c.data.get(n) ?? []) as number[];
  const net = info.kind === 'net';
  const xs = net ? col('age_years') : col('t_days');
  const pos = (v: number[]) => v.map((y) => (y > 0 ? y : null));
  if (f.rows.length) {
    if (net) {
      const progs = [...info.programs];
      c.programs!.set([xs, ...stack(progs.map((p) => col(`program_${p.id}`)))]);
      c.size.set([xs, pos(col('tumor_cells')), pos(col('neoplastic_cells')), pos(col('metastatic_cells'))]);
      c.ki67!.set([xs, col('ki67').map((k) => k * 100)]);
      c.immune!.set([xs, ...info.agentTypes.map((a) => col(`immune_${a}`))]);
    } else {
      c.size.set([xs, pos(col('cells'))]);
      c.immune!.set([xs, col('births'), col('deaths')]);
    }
  }
  const t1 = performance.now();
  if (c.muller) {
    c.muller.add(f.cloneSizes);
    c.muller.colour = (id) => programColour(f.clones.program[id]);
    if (f.rows.length || f.done) c.muller.draw(f.clones);
  }
  const t2 = performance.now();
  if (c.lattice && f.lattice) {
    c.lattice.draw(f.lattice.states, f.clones, f.lattice.agentType, f.lattice.agentSite);
  }
  const t3 = performance.now();
  for (const ch of c.all) testHooks.chartPoints[ch instanceof Chart ? ch.spec.title : ch.title] = ch.points;
  showPatient(f);
  const ms = testHooks.frameMs;
  ms.charts = Math.max(ms.charts, t1 - t0);
  ms.muller = Math.max(ms.muller, t2 - t1);
  ms.lattice = Math.max(ms.lattice, t3 - t2);
  ms.frame = Math.max(ms.frame, performance.now() - t0);
  testHooks.frames++;
  testHooks.lastPatient = f.patient;
}

function showPatient(f: Frame): void {
  const p = f.patient;
  const el = $('#patient');
  if (!info || info.kind !== 'net') {
    el.textContent = `t = ${fmt(f.tDays, 2)} days`;
    return;
  }
  const arche = ARCHETYPES.find((a) => a.id === p.archetype);
  el.replaceChildren(
    h('div', {}, h('b', {}, `Age ${fmt(f.ageYears)} y`), ` · ${p.sex === 'F' ? 'woman' : 'man'}${p.germlineMEN1 ? ' · germline MEN1' : ''}`),
    h('div', { title: ARCHETYPE_TEXT[p.archetype] ?? '' }, `Niche: ${arche?.label ?? p.archetype}`),
    p.diagnosed
      ? h('div', { class: 'dx' }, h('b', {}, `Diagnosed at ${fmt(p.ageAtDiagnosis)} y: ${p.subgroup}`), ` · Ki-67 ${fmt(p.ki67)} % (${p.grade}) · hits: ${p.hits.join(', ') || 'none'} · origin: ${p.cellOfOrigin}`)
      : h('div', {}, 'Not diagnosed yet'),
    h('div', {}, p.metastasisYears !== null ? `Metastasis ${fmt(p.metastasisYears)} y after diagnosis` : '', p.death ? ` · died (${p.death})` : ''),
  );
}

async function loadScenario(): Promise<boolean> {
  const gen = ++generation;
  playing = false;
  runDone = false;
  updateButtons();
  const input = currentInput();
  const bytes = estimateLatticeBytes(input);
  if (bytes > MAX_LATTICE_BYTES) {
    banner(`This lattice would need about ${Math.round(bytes / 2 ** 20)} MB, more than this page allows (${MAX_LATTICE_BYTES / 2 ** 20} MB). Make lattice.width and lattice.height smaller.`);
    form?.showErrors([{ path: '$.lattice.width', message: 'too large for the browser' }]);
    testHooks.status = 'invalid';
    return false;
  }
  const r = await sim.load(input, `${state.name}.json`);
  if (gen !== generation) return false;
  if (!r.ok) {
    form?.showErrors(r.errors); // beside their fields; the banner lists them all
    banner(`The scenario is not valid: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    testHooks.status = 'invalid';
    return false;
  }
  form?.showErrors([]);
  banner(null);
  info = r.info;
  charts = buildRunView(info);
  await sim.start(state.seed);
  testHooks.frames = 0;
  testHooks.frameMs = { charts: 0, muller: 0, lattice: 0, frame: 0 };
  updateHash();
  const first = await sim.advance(1);
  if (gen !== generation) return false;
  applyFrame(first);
  testHooks.status = 'ready'; // the run view is built and its first frame drawn
  return true;
}

function estimateLatticeBytes(input: Record<string, unknown>): number {
  const engine = (input.engine ?? (input.space as { mode?: string } | undefined)?.mode) as string | undefined;
  if (engine !== 'lattice') return 0;
  const L = (input.lattice ?? input.space ?? {}) as { width?: number; height?: number };
  const w = Number(L.width ?? COMMON_DEFAULTS.lattice.width);
  const hgt = Number(L.height ?? w);
  // site records (16 B) + a state copy per frame (4 B) + image (4 B) + member lists (8 B)
  return w * hgt * 32;
}

async function tick(): Promise<void> {
  if (!playing || busy) return;
  busy = true;
  const gen = generation;
  try {
    const f = await sim.advance(speed);
    if (gen !== generation) return;
    applyFrame(f);
    if (f.done) {
      playing = false;
      runDone = true;
      testHooks.status = 'done';
      updateButtons();
    }
  } catch (e) {
    playing = false;
    banner(`The simulation stopped: ${(e as Error).message}`);
    testHooks.status = 'error';
  } finally {
    busy = false;
  }
}

function loop(): void {
  void tick();
  requestAnimationFrame(loop);
}

function updateButtons(): void {
  $('#play').textContent = playing ? '❚❚ Pause' : '▶ Play';
  ($('#play') as HTMLButtonElement).disabled = runDone;
  ($('#step') as HTMLButtonElement).disabled = playing || runDone;
}

// ------------------------------------------------------------------------------------ cohort view

let cohortRows: PatientRecord[] = [];
let cohortCharts: Chart[] = [];
let cohortGen = 0;

async function runCohort(): Promise<void> {
  const gen = ++cohortGen;
  const input = currentInput();
  if (input.kind !== 'net') {
    banner('A cohort needs a NET scenario (this one is a birth–death process).');
    return;
  }
  const n = state.patients;
  const poolSize = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1, Math.ceil(n / 20)));
  const pool = Array.from({ length: poolSize }, newWorker);
  const progress = $('#cohort-progress') as HTMLProgressElement;
  progress.max = n;
  progress.value = 0;
  testHooks.cohortDone = 0;
  const rows: PatientRecord[] = new Array(n);
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  try {
    for (const w of pool) {
      const r = await w.load(input, `${state.name}.json`);
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    }
    await Promise.all(
      pool.map(async (w) => {
        while (next < n && gen === cohortGen) {
          const start = next;
          const count = Math.min(10, n - start);
          next += count;
          const block = await w.cohort(state.seed, start, count);
          block.forEach((r, k) => (rows[start + k] = r));
          done += count;
          progress.value = done;
          $('#cohort-status').textContent = `${done} / ${n} patients · ${(done / ((performance.now() - t0) / 1000)).toFixed(0)} patients/s`;
        }
      }),
    );
  } catch (e) {
    banner(`The cohort stopped: ${(e as Error).message}`);
    return;
  } finally {
    for (const w of pool) w[Comlink.releaseProxy]();
  }
  if (gen !== cohortGen) return;
  cohortRows = rows;
  drawCohort(input.site as Site);
  testHooks.cohortDone = n;
  updateHash();
}

function kmSeries(groups: string[], rows: PatientRecord[], time: (r: PatientRecord) => number, event: (r: PatientRecord) => boolean) {
  const curves = groups.map((g) => {
    const rs = rows.filter((r) => r.subgroup === g);
    return kaplanMeier(rs.map(time), rs.map((r) => (event(r) ? 1 : 0)));
  });
  const xs = [...new Set(curves.flatMap((k) => [...k.times, ...k.censorTimes]))].sort((a, b) => a - b);
  const stepAt = (k: (typeof curves)[number], t: number) => {
    let s = 1;
    for (let i = 0; i < k.times.length && k.times[i] <= t; i++) s = k.surv[i];
    return s;
  };
  const lines = curves.map((k) => xs.map((t) => stepAt(k, t)));
  const marks = curves.map((k) => xs.map((t) => (k.censorTimes.includes(t) ? stepAt(k, t) : null)));
  return { xs, lines, marks };
}

function drawCohort(site: Site): void {
  for (const c of cohortCharts) c.destroy();
  const host = $('#cohort-charts');
  host.replaceChildren();
  const rows = cohortRows;
  const dx = rows.filter((r) => r.diagnosed);
  const groups = SUBGROUPS[site];
  const colours = groups.map((_, i) => PALETTE[i]);
  const grid = Array.from({ length: 81 }, (_, i) => 15 + i);
  const ci = cumulativeIncidence(rows.map((r) => r.age_at_diagnosis_years), rows.map((r) => r.subgroup), grid);
  const inc = new Chart(host, { title: 'Subgroup emergence: cumulative incidence by age', xLabel: 'age (years)', yLabel: 'fraction of cohort', series: groups.map((g, i) => ({ label: g, color: colours[i] })) });
  inc.set([grid, ...groups.map((g) => ci[g] ?? grid.map(() => 0))]);
  const mix = new Chart(host, { title: 'Subgroup mix at diagnosis', xLabel: 'subgroup', yLabel: 'tumors', bars: true, categories: groups, series: [{ label: 'tumors', color: '#7570b3', fill: true }] });
  mix.set([groups.map((_, i) => i), groups.map((g) => dx.filter((r) => r.subgroup === g).length)]);
  const mfs = kmSeries(groups, dx, (r) => r.metastasis_years ?? r.followup_years ?? 0, (r) => r.metastasis_years !== null);
  const km1 = new Chart(host, {
    title: 'Metastasis-free survival (Kaplan–Meier, + censored)', xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02],
    series: [...groups.map((g, i) => ({ label: g, color: colours[i], step: true })), ...groups.map((g, i) => ({ label: `${g} censored`, color: colours[i], points: true }))],
  });
  km1.set([mfs.xs, ...mfs.lines, ...mfs.marks]);
  const os = kmSeries(groups, dx, (r) => r.death_years ?? r.followup_years ?? 0, (r) => r.death_years !== null);
  const km2 = new Chart(host, {
    title: 'Overall survival (Kaplan–Meier, + censored)', xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02],
    series: [...groups.map((g, i) => ({ label: g, color: colours[i], step: true })), ...groups.map((g, i) => ({ label: `${g} censored`, color: colours[i], points: true }))],
  });
  km2.set([os.xs, ...os.lines, ...os.marks]);
  cohortCharts = [inc, mix, km1, km2];
  for (const c of cohortCharts) {
    const b = h('button', { class: 'png' }, 'PNG');
    b.addEventListener('click', async () => download(`${state.name}-${c.spec.title.replace(/\W+/g, '_')}.png`, await c.png()));
    c.el.appendChild(b);
    testHooks.chartPoints[c.spec.title] = c.points;
  }
  const sg = dx.map((r) => r.subgroup);
  $('#cohort-stats').textContent =
    `${rows.length} patients, ${dx.length} diagnosed. Cramér's V of subgroup with cell of origin ${cramersV(dx.map((r) => r.cell_of_origin), sg).toFixed(2)}, ` +
    `with archetype ${cramersV(dx.map((r) => r.archetype), sg).toFixed(2)}; of diagnosis with archetype ${cramersV(rows.map((r) => r.archetype), rows.map((r) => String(r.diagnosed))).toFixed(2)}.`;
}

// ------------------------------------------------------------------------------------ compare view

let compareGen = 0;
const COMPARE_PATIENTS = 150;
async function runCompare(): Promise<void> {
  const gen = ++compareGen;
  const input = currentInput();
  const site = input.site as Site | undefined;
  const host = $('#compare-grid');
  host.replaceChildren();
  testHooks.compareDone = 0;
  if (!site) {
    banner('The compare view needs a NET scenario (with a site).');
    return;
  }
  const results = await Promise.all(
    HYPOTHESES.map(async (hyp) => {
      const w = newWorker();
      const base = SCENARIOS[`${site}-${hyp}`];
      const r = await w.load(base, `${site}-${hyp}.json`);
      if (!r.ok) throw new Error(r.errors[0].message);
      await w.start(state.seed);
      const frames: Frame[] = [];
      for (;;) {
        const f = await w.advance(200);
        frames.push(f);
        if (f.done || gen !== compareGen) break;
      }
      // A cohort of the same patients under this hypothesis, for its statistics and survival curves.
      const cohort: PatientRecord[] = [];
      for (let start = 0; start < COMPARE_PATIENTS && gen === compareGen; start += 25) cohort.push(...(await w.cohort(state.seed, start, Math.min(25, COMPARE_PATIENTS - start))));
      w[Comlink.releaseProxy]();
      return { hyp, info: r.info, frames, cohort };
    }),
  );
  if (gen !== compareGen) return;
  // Same axes for all four: age range and the largest tumor.
  const series = results.map(({ info: i, frames }) => {
    const rows = frames.flatMap((f) => f.rows);
    const col = (n: string) => rows.map((r) => r[i.columns.indexOf(n)] as number);
    return { i, col, last: frames[frames.length - 1] };
  });
  const xmax = Math.max(...series.map((s) => Math.max(...s.col('age_years'))));
  const xmin = Math.min(...series.map((s) => Math.min(...s.col('age_years'))));
  const ymax = Math.max(1, ...series.map((s) => Math.max(...s.col('neoplastic_cells'), ...s.col('metastatic_cells'))));
  for (const [k, s] of series.entries()) {
    const col = h('div', { class: 'compare-col' }, h('h3', { title: HYPOTHESIS_TEXT[HYPOTHESES[k]] }, HYPOTHESES[k]));
    host.appendChild(col);
    const xs = s.col('age_years');
    const pc = new Chart(col, { title: `${HYPOTHESES[k]}: cells by program`, xLabel: 'age (years)', yLabel: 'cells', xRange: [xmin, xmax], yRange: [0, ymax], series: [...s.i.programs].reverse().map((p) => ({ label: p.id.replace(/^[a-z]+_/, ''), color: programColour(p.index), fill: true })) }, 300, 200);
    pc.set([xs, ...stack(s.i.programs.map((p) => s.col(`program_${p.id}`)))]);
    const sc = new Chart(col, { title: `${HYPOTHESES[k]}: tumor size`, xLabel: 'age (years)', yLabel: 'cells', logY: true, xRange: [xmin, xmax], yRange: [1, ymax * 2], series: [{ label: 'largest lesion', color: '#d95f02' }, { label: 'metastatic', color: '#e7298a' }] }, 300, 200);
    sc.set([xs, s.col('tumor_cells').map((v) => (v > 0 ? v : null)), s.col('metastatic_cells').map((v) => (v > 0 ? v : null))]);
    const p = s.last.patient;
    col.append(h('p', { class: 'compare-summary' }, p.diagnosed ? `Diagnosed at ${fmt(p.ageAtDiagnosis)} y: ${p.subgroup} (Ki-67 ${fmt(p.ki67)} %, ${p.grade}); hits ${p.hits.join(', ') || 'none'}` : 'Not diagnosed', ` · niche ${p.archetype}`));
    testHooks.chartPoints[pc.spec.title] = pc.points;
    // The cohort's statistics and survival, same axes in every column.
    const cohort = results[k].cohort;
    const st = comparisonStats(cohort, site);
    const assoc = cohortStatistics(cohort); // the strongest hit among those in ≥ 10 % of tumors
    const Vof = (a: string) => st.cramersV.find((v) => v.against === a)!.V.toFixed(2);
    const table = h('table', { class: 'stats' },
      h('tr', {}, h('th', {}, `${COMPARE_PATIENTS} patients`), h('th', {}, `${st.diagnosed} diagnosed`)),
      ...st.subgroups.map((g) => h('tr', {}, h('td', {}, g.group), h('td', {}, `${(100 * g.proportion).toFixed(0)} % (${(100 * g.lo).toFixed(0)}–${(100 * g.hi).toFixed(0)})`))),
      h('tr', { title: "Cramér's V of subgroup with the cell of origin" }, h('td', {}, 'V origin'), h('td', {}, Vof('cell_of_origin'))),
      h('tr', { title: "Cramér's V of subgroup with the immune archetype" }, h('td', {}, 'V archetype'), h('td', {}, Vof('archetype'))),
      h('tr', { title: "strongest Cramér's V of subgroup with a hit carried by at least 10 % of tumors" }, h('td', {}, `V ${assoc.best_hit || 'hit'}`), h('td', {}, assoc.best_hit ? assoc.V_best_hit.toFixed(2) : '—')),
      h('tr', { title: 'log-rank test of overall survival between subgroups' }, h('td', {}, 'OS log-rank p'), h('td', {}, String(st.logRank.find((l) => l.endpoint === 'overall')!.p.toPrecision(2)))),
    );
    col.append(table);
    const groups = SUBGROUPS[site];
    const dxRows = cohort.filter((r) => r.diagnosed);
    const os = kmSeries(groups, dxRows, (r) => r.death_years ?? r.followup_years ?? 0, (r) => r.death_years !== null);
    const km = new Chart(col, {
      title: `${HYPOTHESES[k]}: overall survival`, xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02], xRange: [0, 15],
      series: [...groups.map((g, i) => ({ label: g, color: PALETTE[i], step: true })), ...groups.map((g, i) => ({ label: `${g} censored`, color: PALETTE[i], points: true }))],
    }, 300, 220);
    km.set([os.xs, ...os.lines, ...os.marks]);
    testHooks.chartPoints[km.spec.title] = km.points;
  }
  testHooks.compareDone = 4;
  updateHash();
}

// ------------------------------------------------------------------------------------ page

function buildForms(): void {
  const input = SCENARIOS[state.name];
  const net = input.kind === 'net';
  const resolved = net ? deepMerge(deepMerge(structuredClone(COMMON_DEFAULTS), structuredClone(SITE_DEFAULTS[input.site as Site])), input) : input;
  const schema = (net ? netJsonSchema : bdJsonSchema) as Parameters<typeof buildForm>[0];
  form = buildForm(schema, resolved, state.overrides, (o) => {
    state.overrides = o;
    void loadScenario();
  });
  $('#form-host').replaceChildren(form.el);
  $('#scenario-description').textContent = String(input.description ?? '');
}

function showView(v: State['view']): void {
  state.view = v;
  for (const id of ['run', 'cohort', 'compare', 'about']) {
    $(`#view-${id}`).hidden = id !== v;
    $(`#tab-${id}`).setAttribute('aria-selected', String(id === v));
  }
  if (v !== ('about' as string)) updateHash();
}

function teaching(): void {
  const el = $('#view-about');
  el.append(
    h('h2', {}, 'The four evolution hypotheses (Fernandez-Cuesta et al., J Clin Invest 2025, Figure 2B)'),
    ...HYPOTHESES.map((k) => h('p', {}, h('b', {}, k.replace('-', ' ') + ': '), HYPOTHESIS_TEXT[k])),
    h('h2', {}, 'Immune archetypes (Combes et al. 2022)'),
    ...ARCHETYPES.map((a) => h('p', {}, h('b', {}, a.label + ': '), ARCHETYPE_TEXT[a.id] ?? '')),
    h('h2', {}, 'Somatic hits'),
    h('ul', {}, ...HITS.map((x) => h('li', { title: x.label }, h('b', {}, x.id), ` — ${x.label}`))),
    h('h2', {}, 'Markers the classifier reads'),
    h('p', {}, MARKERS.join(', ')),
  );
}

async function start(): Promise<void> {
  // Controls.
  const picker = $('#scenario') as HTMLSelectElement;
  for (const n of NAMES) picker.append(new Option(n, n));
  const seedInput = $('#seed') as HTMLInputElement;
  const decoded = decodeShare(location.hash);
  if (decoded && !decoded.ok) linkNotice = `${decoded.error}. Showing the default scenario instead.`;
  if (decoded?.ok) {
    if (!SCENARIOS[decoded.share.scenario]) linkNotice = `This link names a scenario this page does not have ("${decoded.share.scenario.slice(0, 60)}"). Showing the default scenario instead.`;
    else {
      state.name = decoded.share.scenario;
      state.overrides = decoded.share.overrides;
      state.seed = decoded.share.seed;
      state.view = decoded.share.view;
      state.patients = decoded.share.patients ?? state.patients;
    }
  }
  picker.value = state.name;
  seedInput.value = String(state.seed);
  ($('#patients') as HTMLInputElement).value = String(state.patients);
  picker.addEventListener('change', () => {
    linkNotice = null;
    state.name = picker.value;
    state.overrides = {};
    buildForms();
    void loadScenario();
  });
  seedInput.addEventListener('change', () => {
    const v = Number(seedInput.value);
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      $('#seed-error').textContent = 'expected a non-negative integer';
      return;
    }
    $('#seed-error').textContent = '';
    state.seed = v;
    void loadScenario();
  });
  $('#play').addEventListener('click', () => {
    if (runDone || testHooks.status === 'invalid') return;
    playing = !playing;
    testHooks.status = playing ? 'running' : 'paused';
    updateButtons();
  });
  $('#step').addEventListener('click', async () => {
    if (playing || busy || runDone) return;
    busy = true;
    try {
      const f = await sim.advance(1);
      applyFrame(f);
      if (f.done) runDone = true;
    } finally {
      busy = false;
      updateButtons();
    }
  });
  $('#reset').addEventListener('click', () => void loadScenario());
  const speedInput = $('#speed') as HTMLInputElement;
  const speeds = [1, 2, 5, 10, 25, 50, 100, 250];
  speedInput.addEventListener('input', () => {
    speed = speeds[Number(speedInput.value)];
    $('#speed-label').textContent = `${speed} ticks/frame`;
  });
  speed = speeds[Number(speedInput.value)];
  $('#speed-label').textContent = `${speed} ticks/frame`;
  const colourBy = $('#colour-by') as HTMLSelectElement;
  const hitPick = $('#hit') as HTMLSelectElement;
  HITS.forEach((x, k) => hitPick.append(new Option(x.id, String(k))));
  const recolour = () => {
    if (!charts?.lattice) return;
    charts.lattice.colourBy = colourBy.value as ColourBy;
    charts.lattice.hit = Number(hitPick.value);
    hitPick.hidden = colourBy.value !== 'hit';
  };
  colourBy.addEventListener('change', recolour);
  hitPick.addEventListener('change', recolour);
  ($('#agents') as HTMLInputElement).addEventListener('change', (e) => charts?.lattice && (charts.lattice.showAgents = (e.target as HTMLInputElement).checked));
  // Exports.
  for (const name of ['timeseries.csv', 'clones.csv', 'clone_sizes.csv', 'summary.json']) {
    const b = h('button', { 'data-export': name }, name);
    b.addEventListener('click', async () => {
      const f = await sim.files();
      download(name, f[name], name.endsWith('.json') ? 'application/json' : 'text/csv');
    });
    $('#exports').append(b);
  }
  const sj = h('button', { 'data-export': 'scenario.json' }, 'scenario.json');
  sj.addEventListener('click', () => download(`${state.name}.json`, JSON.stringify(currentInput(), null, 2) + '\n', 'application/json'));
  $('#exports').append(sj);
  $('#share').addEventListener('click', async () => {
    updateHash();
    try {
      await navigator.clipboard.writeText(location.href);
      banner('Link copied: it reproduces this run exactly.', 'info');
    } catch {
      banner(`Link: ${location.href}`, 'info');
    }
  });
  // Cohort and compare.
  ($('#patients') as HTMLInputElement).addEventListener('change', (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isInteger(v) || v < 1 || v > 100000) {
      $('#patients-error').textContent = 'expected an integer from 1 to 100,000';
      return;
    }
    $('#patients-error').textContent = '';
    state.patients = v;
  });
  $('#run-cohort').addEventListener('click', () => void runCohort());
  $('#cohort-csv').addEventListener('click', () => {
    if (!cohortRows.length) return;
    download('patients.csv', toCsv(PATIENT_COLUMNS, cohortRows.map(patientRow)));
  });
  $('#run-compare').addEventListener('click', () => void runCompare().catch((e) => banner(`The comparison stopped: ${e.message}`)));
  for (const v of ['run', 'cohort', 'compare', 'about'] as const) $(`#tab-${v}`).addEventListener('click', () => showView(v as State['view']));
  teaching();
  buildForms();
  showView(state.view);
  const loaded = await loadScenario();
  requestAnimationFrame(loop);
  if (loaded) banner(null);
  if (loaded && decoded?.ok && state.view === 'run') {
    playing = true;
    testHooks.status = 'running';
    updateButtons();
  }
  if (decoded?.ok && state.view === 'cohort') void runCohort();
  if (decoded?.ok && state.view === 'compare') void runCompare();
}

window.addEventListener('error', (e) => banner(`Something went wrong: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => banner(`Something went wrong: ${(e.reason as Error)?.message ?? e.reason}`));
void start();
