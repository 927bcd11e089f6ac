/**
 * The One tumor view: a run of the scenario drawn live, with play / pause / step / reset / speed
 * (simulated years per second),
 * the lattice's colouring, the patient's story and the CLI's files. The run advances in the
 * worker in chunks of at most ~30 ms, one chunk per animation frame, so controls answer at once.
 */
import * as Comlink from 'comlink';
import { ARCHETYPES, DAYS_PER_YEAR, HITS, PROGRAMS } from '../../sim/api.js';
import { $, banner, download, fmt, h } from '../dom.js';
import type { ColourBy } from '../lattice.js';
import type { Sim } from '../pool.js';
import type { Frame, ScenarioInfo } from '../protocol.js';
import { request, state, testHooks, updateHash } from '../state.js';
import { ARCHETYPE_TEXT } from '../teaching.js';
import { cloneEvents } from '../events.js';
import { RunCharts } from './run-charts.js';
import { applyBranch, resetBranch } from './branch.js';

/** Lattices larger than this are refused: the page would need more memory than it should take. */
const MAX_LATTICE_BYTES = 256 * 2 ** 20;
/**
 * Speeds of the animation in simulated time per second: years for a patient, days for a birth–
 * death population; the last position runs as fast as the worker can (~30 ms of work a frame).
 */
const SPEEDS = {
  net: { values: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, Infinity], unit: 'years/s', days: DAYS_PER_YEAR },
  'birth-death': { values: [0.5, 1, 2, 5, 10, 20, 50, 100, Infinity], unit: 'days/s', days: 1 },
} as const;
/** The default speed makes a patient's whole window last about this long (the teaching story's
 *  three years at 0.05 years/s: 60 s), a birth–death run goes at 10 days/s. */
const STORY_SECONDS = 45;
const BD_DEFAULT = 4;
/** Ticks asked of the worker per frame at the fastest speed (it stops after ~30 ms of work). */
const MAX_TICKS = 100_000;

let sim: Sim;
let info: ScenarioInfo | null = null;
let charts: RunCharts | null = null;
let playing = false;
let busy = false;
let generation = 0;
let runDone = false;
/** Apply the lattice controls (colour mode, hit, agents) to the current run's view. */
let recolour: () => void = () => {};
/** Simulated days owed to the animation (what the speed asked for and the worker has not run yet),
 *  the last frame's time, and recent (wall ms, simulated days) samples for the speed reached. */
let owedDays = 0;
let lastFrameAt = 0;
let reached: [number, number][] = [];
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
  applyBranch(f);
  testHooks.frameMs.frame = Math.max(testHooks.frameMs.frame, performance.now() - t0);
  testHooks.frames++;
  testHooks.lastPatient = f.patient;
  testHooks.lastT = f.tDays;
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
    h('div', {}, h('b', {}, `Age ${fmt(f.ageYears)} y`), ` · ${p.sex === 'F' ? 'woman' : 'man'}${p.germlineMEN1 ? ' · germline MEN1' : ''}${p.germlineVHL ? ' · germline VHL' : ''}`),
    h('div', { title: ARCHETYPE_TEXT[p.archetype] ?? '' }, `Niche: ${arche?.label ?? p.archetype}`),
    p.diagnosed
      ? h('div', { class: 'dx' }, h('b', {}, `Diagnosed at ${fmt(p.ageAtDiagnosis)} y: ${p.subgroup}`), ` · Ki-67 ${fmt(p.ki67)} %, ${p.mitoses} mitoses/2 mm² (${p.grade}) · hits: ${p.hits.join(', ') || 'none'} · origin: ${p.cellOfOrigin}`)
      : h('div', {}, 'Not diagnosed yet'),
    p.ihc ? h('div', { title: 'the site’s IHC panel: share of counted cells stained per marker' }, `IHC panel: ${p.ihc.call} (${Object.entries(p.ihc.scores).map(([k, v]) => `${k} ${v}`).join(', ')})`) : '',
    h(
      'div',
      {},
      p.ctdnaPositiveYears !== null ? `ctDNA positive ${fmt(p.ctdnaPositiveYears)} y after diagnosis` : '',
      p.ctdnaPositiveYears !== null && p.metastasisYears !== null ? ' · ' : '',
      p.metastasisYears !== null ? `Metastasis ${fmt(p.metastasisYears)} y after diagnosis` : '',
      p.death ? ` · died (${p.death})` : '',
    ),
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
  beginRun(r.info);
  await sim.start(state.seed);
  updateHash();
  const first = await sim.advance(1);
  if (gen !== generation) return false;
  applyFrame(first);
  testHooks.status = 'ready'; // the run view is built and its first frame drawn
  return true;
}

/** The run view for a new run (or a restored one) of `runInfo`: charts, branch panel, colours,
 *  speed and clock reset, frame counters zeroed. */
function beginRun(runInfo: ScenarioInfo): void {
  info = runInfo;
  charts = new RunCharts(runInfo);
  showLive();
  resetBranch(runInfo);
  recolour();
  speedInput().value = String(state.speed ?? defaultSpeed(runInfo));
  restartClock();
  showSpeed();
  testHooks.frames = 0;
  testHooks.frameMs = { charts: 0, muller: 0, lattice: 0, frame: 0 };
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
  beginRun(r.info);
  const first = await advance(1); // its frame carries the whole history
  if (gen !== generation) return false;
  applyFrame(first);
  runDone = first.done;
  testHooks.status = first.done ? 'done' : 'ready';
  updateButtons();
  banner(`Loaded a saved run of ${r.info.name}, seed ${r.seed}, from day ${Math.round(r.tDays)}: Play continues it.`);
  return true;
}

const speedTable = () => SPEEDS[info?.kind ?? 'net'];
const speedInput = () => $('#speed') as HTMLInputElement;
/** Simulated days per second of the slider's position (Infinity: as fast as it runs). */
const speedDays = () => {
  const t = speedTable();
  return t.values[Number(speedInput().value)] * t.days;
};

/** The slider's position for this scenario when nobody chose one: a NET patient's window in about
 *  STORY_SECONDS, a birth–death run at BD_DEFAULT. */
function defaultSpeed(i: ScenarioInfo): number {
  if (i.spanDays === null) return BD_DEFAULT;
  const t = SPEEDS.net;
  const want = i.spanDays / t.days / STORY_SECONDS;
  let best = 0;
  t.values.forEach((v, k) => Number.isFinite(v) && Math.abs(Math.log(v / want)) < Math.abs(Math.log(t.values[best] / want)) && (best = k));
  return best;
}

/** The speed's label: the speed asked for, and the speed reached when the worker cannot keep up. */
function showSpeed(): void {
  const t = speedTable();
  const v = t.values[Number(speedInput().value)];
  const span = reached.length > 1 ? reached[reached.length - 1][0] - reached[0][0] : 0;
  const got = span > 500 ? ((reached[reached.length - 1][1] - reached[0][1]) / t.days / span) * 1000 : null;
  testHooks.speed = { asked: v, reached: got };
  const asked = Number.isFinite(v) ? `${v} ${t.unit}` : 'fastest';
  const lag = got !== null && playing && (!Number.isFinite(v) || got < 0.8 * v) ? ` (running at ${fmt(got, 2)} ${t.unit})` : '';
  $('#speed-label').textContent = asked + lag;
}

async function tick(): Promise<void> {
  if (!playing || busy || !info) return;
  const now = performance.now();
  // A frame owes the simulated time its wall time asks for (at most 0.1 s of it, so a hidden tab
  // does not run ahead when it comes back), and never more than a quarter second's worth.
  const perSecond = speedDays();
  const elapsed = lastFrameAt ? Math.min(0.1, (now - lastFrameAt) / 1000) : 0;
  lastFrameAt = now;
  let ticks = MAX_TICKS;
  if (Number.isFinite(perSecond)) {
    owedDays = Math.min(owedDays + perSecond * elapsed, Math.max(info.dtDays, perSecond * 0.25));
    ticks = Math.min(MAX_TICKS, Math.floor(owedDays / info.dtDays + 1e-9));
    if (ticks < 1) return;
  }
  busy = testHooks.busy = true;
  const gen = generation;
  const before = testHooks.lastT;
  try {
    const f = await advance(ticks);
    if (gen !== generation) return;
    owedDays = Math.max(0, owedDays - (f.tDays - before));
    reached.push([performance.now(), f.tDays]);
    while (reached.length > 2 && reached[reached.length - 1][0] - reached[0][0] > 2000) reached.shift();
    applyFrame(f);
    showSpeed();
    if (f.done) {
      playing = false;
      runDone = true;
      testHooks.status = 'done';
      updateButtons();
      showSpeed();
    }
  } catch (e) {
    playing = false;
    banner(`The simulation stopped: ${(e as Error).message}`);
    testHooks.status = 'error';
  } finally {
    busy = testHooks.busy = false;
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

/** Forget the speed samples and the time owed (a pause, a new run). */
function restartClock(): void {
  owedDays = 0;
  lastFrameAt = 0;
  reached = [];
}

/** Start playing (a shared link opens a run already playing). */
export function play(): void {
  restartClock();
  playing = true;
  testHooks.status = 'running';
  updateButtons();
}

/** The scrubber: where the run is shown (its slider's 0–1000 spans the run so far; 1000 is live). */
const SCRUB_MAX = 1000;
const scrubInput = () => $('#scrub') as HTMLInputElement;
function showLive(): void {
  charts?.showAt(null);
  scrubInput().value = String(SCRUB_MAX);
  $('#scrub-label').textContent = 'live';
  testHooks.scrub = null;
}
function scrubTo(v: number): void {
  if (!charts || charts.firstX === null || !info) return;
  if (v >= SCRUB_MAX) return showLive();
  // Looking back pauses the run (Play comes back to live and goes on).
  if (playing) {
    playing = false;
    testHooks.status = 'paused';
    updateButtons();
  }
  const x = charts.firstX + (v / SCRUB_MAX) * (charts.lastX - charts.firstX);
  const shown = charts.showAt(x);
  const at = (t: number) => (info!.kind === 'net' ? `age ${fmt(t)} y` : `day ${fmt(t, 1)}`);
  $('#scrub-label').textContent = `${at(x)}${shown !== null && info.engine === 'lattice' && Math.abs(shown - x) > 1e-9 ? ` (lattice as at ${at(shown)})` : ''}`;
  testHooks.scrub = { asked: x, shown };
}

/** What the page's summary.json adds to the CLI's: the form's overrides and the share link. */
const pageRecord = () => ({ overrides: state.overrides, shareLink: location.href });

/** Wire the view's controls to the run worker; `errors` shows a scenario's errors in the form. */
export function initRunView(worker: Sim, errors: typeof showErrors): void {
  sim = worker;
  showErrors = errors;
  testHooks.latticeProbe = () => charts?.lattice?.drawnFraction() ?? 0;
  testHooks.latticeHashProbe = () => charts?.lattice?.pixelHash() ?? 0;
  $('#play').addEventListener('click', () => {
    if (runDone || testHooks.status === 'invalid') return;
    if (testHooks.scrub) showLive();
    restartClock();
    playing = !playing;
    testHooks.status = playing ? 'running' : 'paused';
    updateButtons();
  });
  $('#step').addEventListener('click', async () => {
    if (playing || busy || runDone) return;
    if (testHooks.scrub) showLive();
    busy = testHooks.busy = true;
    try {
      const f = await advance(1);
      applyFrame(f);
      if (f.done) runDone = true;
    } finally {
      busy = testHooks.busy = false;
      updateButtons();
    }
  });
  $('#reset').addEventListener('click', () => void loadScenario());
  scrubInput().addEventListener('input', () => scrubTo(Number(scrubInput().value)));
  speedInput().addEventListener('input', () => {
    state.speed = Number(speedInput().value);
    restartClock();
    showSpeed();
    updateHash();
  });
  const colourBy = $('#colour-by') as HTMLSelectElement;
  const hitPick = $('#hit') as HTMLSelectElement;
  HITS.forEach((x, k) => hitPick.append(new Option(x.id, String(k))));
  const agents = $('#agents') as HTMLInputElement;
  recolour = () => {
    hitPick.hidden = colourBy.value !== 'hit';
    charts?.setLatticeView(colourBy.value as ColourBy, Number(hitPick.value), agents.checked);
  };
  colourBy.addEventListener('change', recolour);
  hitPick.addEventListener('change', recolour);
  agents.addEventListener('change', recolour);
  // Exports: the CLI's files of this run, and the scenario as run.
  for (const name of ['timeseries.csv', 'clones.csv', 'clone_sizes.csv', 'summary.json']) {
    const b = h('button', { 'data-export': name }, name);
    b.addEventListener('click', async () => {
      const f = await sim.files(pageRecord());
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
  zip.addEventListener('click', async () => download(`${state.name}-seed${state.seed}.zip`, new Blob([(await sim.zip(pageRecord())) as Uint8Array<ArrayBuffer>], { type: 'application/zip' })));
  $('#exports').append(zip);
  requestAnimationFrame(loop);
}
