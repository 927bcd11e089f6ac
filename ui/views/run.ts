/**
 * The One tumor view: a run of the scenario drawn live, with play / pause / step / reset / speed,
 * the lattice's colouring, the patient's story and the CLI's files. The run advances in the
 * worker in chunks of at most ~30 ms, one chunk per animation frame, so controls answer at once.
 */
import * as Comlink from 'comlink';
import { ARCHETYPES, HITS, PROGRAMS } from '../../sim/api.js';
import { $, banner, download, fmt, h } from '../dom.js';
import type { ColourBy } from '../lattice.js';
import type { Sim } from '../pool.js';
import type { Frame, ScenarioInfo } from '../protocol.js';
import { request, state, testHooks, updateHash } from '../state.js';
import { ARCHETYPE_TEXT } from '../teaching.js';
import { cloneEvents } from '../events.js';
import { RunCharts } from './run-charts.js';

/** Lattices larger than this are refused: the page would need more memory than it should take. */
const MAX_LATTICE_BYTES = 256 * 2 ** 20;
const SPEEDS = [1, 2, 5, 10, 25, 50, 100, 250];

let sim: Sim;
let info: ScenarioInfo | null = null;
let charts: RunCharts | null = null;
let playing = false;
let busy = false;
let generation = 0;
let speed = 5;
let runDone = false;
/** Shows a scenario's errors beside their fields (the sidebar's form). */
let showErrors: (errors: { path: string; message: string }[]) => void = () => {};

/** Ask the run worker for the next frame, handing back the lattice buffer already drawn. */
function advance(ticks: number): Promise<Frame> {
  const spare = charts?.lattice?.spare();
  return spare ? sim.advance(ticks, Comlink.transfer(spare, [spare])) : sim.advance(ticks);
}

function applyFrame(f: Frame): void {
  if (!charts || !info) return;
  const t0 = performance.now();
  charts.apply(f);
  showPatient(f);
  testHooks.frameMs.frame = Math.max(testHooks.frameMs.frame, performance.now() - t0);
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
    eventList(f),
  );
}

/** Clone events (hits gained, programs changed) with the age each happened at: the first
 *  EVENTS_EACH_END (how the tumour began) and the last EVENTS_EACH_END (what it does now). */
const EVENTS_EACH_END = 4;
function eventList(f: Frame): HTMLElement {
  const events = cloneEvents(f.clones, HITS.map((x) => x.id), PROGRAMS.map((x) => x.id));
  const item = (e: (typeof events)[number], k: number) => h('li', { value: String(k + 1) }, `${e.text} at ${fmt(e.ageYears)} y`);
  const items =
    events.length <= 2 * EVENTS_EACH_END
      ? events.map(item)
      : [...events.slice(0, EVENTS_EACH_END).map(item), h('li', { class: 'gap', 'aria-label': `${events.length - 2 * EVENTS_EACH_END} more` }, '…'), ...events.slice(-EVENTS_EACH_END).map((e, j) => item(e, events.length - EVENTS_EACH_END + j))];
  // Open once there are events, unless the reader closed it.
  const was = document.querySelector<HTMLDetailsElement>('#patient details.events');
  const open = was && was.dataset.touched ? was.open : events.length > 0;
  const d = h(
    'details',
    { class: 'events', ...(open ? { open: '' } : {}), ...(was?.dataset.touched ? { 'data-touched': '1' } : {}) },
    h('summary', {}, `Events (${events.length})`),
    h('ol', {}, ...items),
  );
  d.querySelector('summary')!.addEventListener('click', () => (d.dataset.touched = '1'));
  return d;
}

/** Load the page's scenario in the run worker, build the view and draw the first frame. */
export async function loadScenario(): Promise<boolean> {
  const gen = ++generation;
  playing = false;
  runDone = false;
  updateButtons();
  const r = await sim.load(request());
  if (gen !== generation) return false;
  if (!r.ok) {
    showErrors(r.errors); // beside their fields; the banner lists them all
    banner(`The scenario is not valid: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    testHooks.status = 'invalid';
    setStale(charts !== null);
    return false;
  }
  if (r.info.latticeBytes > MAX_LATTICE_BYTES) {
    banner(`This lattice would need about ${Math.round(r.info.latticeBytes / 2 ** 20)} MB, more than this page allows (${MAX_LATTICE_BYTES / 2 ** 20} MB). Make lattice.width and lattice.height smaller.`);
    showErrors([{ path: '$.lattice.width', message: 'too large for the browser' }]);
    testHooks.status = 'invalid';
    setStale(charts !== null);
    return false;
  }
  showErrors([]);
  banner(null);
  setStale(false);
  info = r.info;
  charts = new RunCharts(info);
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

/** Replace the run with a saved one (the page's Save run, or `netevo run --checkpoint`); Play goes on. */
export async function restoreRun(text: string, name: string): Promise<boolean> {
  const gen = ++generation;
  playing = false;
  runDone = false;
  updateButtons();
  const r = await sim.restore(text);
  if (gen !== generation) return false;
  if (!r.ok) {
    banner(`${name}: ${r.errors.map((e) => e.message).join('; ')}`);
    return false;
  }
  info = r.info;
  charts = new RunCharts(info);
  testHooks.frames = 0;
  testHooks.frameMs = { charts: 0, muller: 0, lattice: 0, frame: 0 };
  const first = await advance(1); // its frame carries the whole history
  if (gen !== generation) return false;
  applyFrame(first);
  runDone = first.done;
  testHooks.status = first.done ? 'done' : 'ready';
  updateButtons();
  banner(`Loaded a saved run of ${info.name}, seed ${r.seed}, from day ${Math.round(r.tDays)}: Play continues it.`);
  return true;
}

async function tick(): Promise<void> {
  if (!playing || busy) return;
  busy = true;
  const gen = generation;
  try {
    const f = await advance(speed);
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
  ($('#play') as HTMLButtonElement).disabled = runDone || stale;
  ($('#step') as HTMLButtonElement).disabled = playing || runDone || stale;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#exports button, #save-run')) b.disabled = stale;
}

/** The form has errors: what is drawn is the last valid run, greyed, and nothing of it can be
 *  played on or exported as if it were the form's. */
let stale = false;
function setStale(on: boolean): void {
  stale = on;
  $('#view-run').classList.toggle('stale', on);
  $('#stale-note').textContent = on ? 'Last valid run: the form has errors (see the messages beside the fields). Fix them to run again.' : '';
  if (on) playing = false;
  updateButtons();
}

/** Start playing (a shared link opens a run already playing). */
export function play(): void {
  playing = true;
  testHooks.status = 'running';
  updateButtons();
}

/** Wire the view's controls to the run worker; `errors` shows a scenario's errors in the form. */
export function initRunView(worker: Sim, errors: typeof showErrors): void {
  sim = worker;
  showErrors = errors;
  testHooks.latticeProbe = () => charts?.lattice?.drawnFraction() ?? 0;
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
      const f = await advance(1);
      applyFrame(f);
      if (f.done) runDone = true;
    } finally {
      busy = false;
      updateButtons();
    }
  });
  $('#reset').addEventListener('click', () => void loadScenario());
  const speedInput = $('#speed') as HTMLInputElement;
  const showSpeed = () => {
    speed = SPEEDS[Number(speedInput.value)];
    $('#speed-label').textContent = `${speed} ticks/frame`;
  };
  speedInput.addEventListener('input', showSpeed);
  showSpeed();
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
  // Exports: the CLI's files of this run, and the scenario as run.
  for (const name of ['timeseries.csv', 'clones.csv', 'clone_sizes.csv', 'summary.json']) {
    const b = h('button', { 'data-export': name }, name);
    b.addEventListener('click', async () => {
      const f = await sim.files();
      download(name, f[name], name.endsWith('.json') ? 'application/json' : 'text/csv');
    });
    $('#exports').append(b);
  }
  $('#save-run').addEventListener('click', async () => {
    if (!info || busy) return;
    playing = false;
    if (testHooks.status === 'running') testHooks.status = 'paused';
    updateButtons();
    download(`${state.name}-seed${state.seed}.checkpoint.json`, await sim.save(), 'application/json');
  });
  const loadInput = $('#load-run') as HTMLInputElement;
  $('#load-run-button').addEventListener('click', () => loadInput.click());
  loadInput.addEventListener('change', async () => {
    const f = loadInput.files?.[0];
    if (!f) return;
    const text = await f.text();
    loadInput.value = '';
    await restoreRun(text, f.name);
  });
  const sj = h('button', { 'data-export': 'scenario.json' }, 'scenario.json');
  sj.addEventListener('click', async () => download(`${state.name}.json`, JSON.stringify(await sim.merged(request()), null, 2) + '\n', 'application/json'));
  $('#exports').append(sj);
  // Every file of the run in one click: the CLI's four and scenario.json, zipped by the worker.
  const zip = h('button', { 'data-export': 'zip', title: 'the run’s files and its scenario, in one .zip' }, 'all files (.zip)');
  zip.addEventListener('click', async () => download(`${state.name}-seed${state.seed}.zip`, new Blob([(await sim.zip()) as Uint8Array<ArrayBuffer>], { type: 'application/zip' })));
  $('#exports').append(zip);
  requestAnimationFrame(loop);
}
