/**
 * The Fit view: netevo fit in the page. A reference table (one of reference/'s, or the reader's
 * own CSV in the same format) and the fit's sizes go to a worker of their own, which runs the
 * core's fit (model choice, the mixture's sequential ABC, the calibration) and returns netevo
 * fit's files; this view draws the progress, the posterior over the four hypotheses and the
 * mixture weights with their 90 % intervals, the measures the model cannot reach, and offers the
 * files. The same table, sizes and seed give the CLI's files, byte for byte.
 */
import * as Comlink from 'comlink';
import { HYPOTHESES, HYPOTHESIS_SLUGS, shippedScenarioName } from '../../sim/api.js';
import { Chart } from '../charts.js';
import { PALETTE } from '../colours.js';
import { $, banner, download, fmt, h, pngButton } from '../dom.js';
import { newWorker, type SimWorker } from '../pool.js';
import type { FitProgress, FitRequest } from '../protocol.js';
import { SCENARIOS, request, state, testHooks } from '../state.js';

/** The shipped reference tables, loaded when picked (not in the page's first bundle). */
const TABLES = import.meta.glob('../../reference/*.csv', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
const tableName = (path: string) => `reference/${path.split('/').pop()}`;
/** The table a site is fitted to by default (its own; metastasis.csv holds several sites' rows). */
const SITE_TABLE: Record<string, string> = { lung: 'reference/lung-subgroups.csv', pancreas: 'reference/pancreas.csv', 'small-intestine': 'reference/small-intestine.csv' };

/** The fit's sizes: [input id, FitRequest field, default (about a minute of one core)]. */
const SIZES = [
  ['fit-budget', 'budget', 24],
  ['fit-patients', 'patients', 100],
  ['fit-smc', 'smc', 48],
  ['fit-particles', 'particles', 12],
  ['fit-refine', 'refine', 0],
  ['fit-validation', 'validation', 0],
] as const;

let worker: SimWorker | null = null;
let generation = 0;
let files: Record<string, string> = {};
let charts: Chart[] = [];
/** The reader's own table, when one was chosen (else the picked shipped table). */
let ownTable: { name: string; csv: string } | null = null;

async function targetTable(): Promise<{ name: string; csv: string }> {
  if (ownTable) return ownTable;
  const pick = ($('#fit-table') as HTMLSelectElement).value;
  const path = Object.keys(TABLES).find((p) => tableName(p) === pick);
  if (!path) throw new Error(`no reference table ${pick}`);
  return { name: pick, csv: await TABLES[path]() };
}

function setRunning(on: boolean): void {
  ($('#run-fit') as HTMLButtonElement).disabled = on;
  ($('#fit-stop') as HTMLButtonElement).disabled = !on;
}

async function runFit(): Promise<void> {
  const gen = ++generation;
  const status = $('#fit-status');
  const bar = $('#fit-progress') as HTMLProgressElement;
  const site = siteOfScenario();
  if (!site) {
    banner('A fit needs a NET scenario (with a site): pick one in the sidebar.');
    return;
  }
  for (const c of charts) c.destroy();
  charts = [];
  $('#fit-results').replaceChildren();
  $('#fit-exports').replaceChildren();
  $('#fit-generations').replaceChildren();
  files = {};
  testHooks.fit = null;
  const sizes = Object.fromEntries(SIZES.map(([id, field]) => [field, Number(($(`#${id}`) as HTMLInputElement).value)]));
  const table = await targetTable();
  const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, { input: SCENARIOS[shippedScenarioName(site, h)], file: `scenarios/${shippedScenarioName(site, h)}.json` }]));
  const req = { site, target: table, bases, ...sizes, seed: state.seed } as FitRequest;
  worker?.terminate();
  worker = newWorker();
  setRunning(true);
  bar.value = 0;
  status.textContent = `fitting ${site} to ${table.name}…`;
  const t0 = performance.now();
  let stageStart = t0;
  let stage = '';
  const rows: HTMLTableRowElement[] = [];
  const onProgress = (p: FitProgress) => {
    if (gen !== generation) return;
    if (p.kind === 'simulation') {
      if (p.stage !== stage) {
        stage = p.stage;
        stageStart = performance.now();
      }
      const s = (performance.now() - stageStart) / 1000;
      const rate = s > 0 ? p.done / s : 0;
      const left = rate > 0 ? (p.total - p.done) / rate : null;
      bar.value = p.done / p.total;
      status.textContent = `${p.stage === 'choice' ? 'model choice' : 'mixture (sequential ABC)'}: ${p.done} / ${p.total} simulations · ${fmt(rate, 2)} per s${left !== null && p.done < p.total ? ` · about ${Math.ceil(left)} s left` : ''}`;
    } else if (p.kind === 'generation') {
      rows.push(h('tr', {}, h('td', {}, String(p.generation)), h('td', {}, String(p.total)), h('td', {}, p.epsilon.toPrecision(4)), h('td', {}, p.pAcc === null ? '—' : p.pAcc.toFixed(2))));
      $('#fit-generations').replaceChildren(
        h('table', { class: 'stats' }, h('caption', {}, 'Sequential ABC: each generation'), h('thead', {}, h('tr', {}, ...['generation', 'simulations', 'tolerance', 'acceptance of moves'].map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, ...rows)),
      );
    } else {
      bar.removeAttribute('value'); // indeterminate: the calibration has no count
      status.textContent = 'calibrating: the best posterior particles on a common cohort…';
    }
  };
  const out = await worker.api.fit(req, Comlink.proxy(onProgress));
  if (gen !== generation) return;
  worker.terminate();
  worker = null;
  setRunning(false);
  if (!out.ok) {
    bar.value = 0;
    status.textContent = `The fit stopped: ${out.errors.map((e) => (e.path === '$' ? e.message : `${e.path}: ${e.message}`)).join('; ')}`;
    return;
  }
  bar.value = 1;
  files = out.files;
  status.textContent = `done in ${fmt((performance.now() - t0) / 1000, 1)} s`;
  drawResults(JSON.parse(files['fit.json']) as FitJson);
}

/** The scenario's site (the page's scenario with the form's overrides), or null for birth–death. */
function siteOfScenario(): string | null {
  const s = request().base as { kind?: string; site?: string };
  return s.kind === 'net' && s.site ? s.site : null;
}

interface FitJson {
  posterior: Record<string, number>;
  mixture: Record<string, { mean: number; lo: number; hi: number }> | null;
  cannot_reach: string[] | null;
  simulations: Record<string, number>;
}

function drawResults(f: FitJson): void {
  const host = $('#fit-results');
  // Short enough for four categories side by side: "spont. par." for spontaneous-parallel.
  const labels = HYPOTHESES.map((x) => x.slug.replace('spontaneous', 'spont.').replace('parallel', 'par.').replace('divergent', 'div.').replace('-', ' '));
  const post = new Chart(host, { title: 'Posterior probability of each pure hypothesis (model choice)', xLabel: 'hypothesis', yLabel: 'probability', yRange: [0, 1], bars: true, barLabels: true, categories: labels, series: [{ label: 'posterior' }] }, 460, 240);
  post.set([labels.map((_, i) => i), HYPOTHESES.map((x) => Number(f.posterior[x.key].toFixed(2)))]);
  charts.push(post);
  if (f.mixture) {
    const mix = new Chart(host, { title: 'Mixture weights (posterior mean, 90 % interval)', xLabel: 'hypothesis', yLabel: 'weight', yRange: [0, 1], categories: labels, intervals: true, series: [{ label: 'weight', color: PALETTE[1], points: true }] }, 460, 240);
    mix.set([labels.map((_, i) => i), HYPOTHESES.map((x) => f.mixture![x.key].mean)]);
    mix.setIntervals([HYPOTHESES.map((x) => f.mixture![x.key].lo)], [HYPOTHESES.map((x) => f.mixture![x.key].hi)]);
    charts.push(mix);
  }
  for (const c of charts) {
    pngButton(c.el, () => `${state.name}-fit-${c.spec.title.replace(/\W+/g, '_')}.png`, () => c.png());
    testHooks.chartPoints[c.spec.title] = c.points;
  }
  const miss = f.cannot_reach;
  host.append(
    h('p', {}, `Simulations: ${Object.entries(f.simulations).map(([k, v]) => `${k.replace('_', ' ')} ${v}`).join(', ')}.`),
    miss === null ? h('p', {}, 'No mixture stage, so no posterior predictive check.') : miss.length ? h('div', {}, h('p', {}, 'Measures the fitted model cannot reach (posterior predictive p < 0.05):'), h('ul', {}, ...miss.map((m) => h('li', {}, m)))) : h('p', {}, 'The fitted model reaches every measure (posterior predictive p ≥ 0.05).'),
  );
  for (const name of Object.keys(files)) {
    const b = h('button', { 'data-fit-export': name }, name);
    b.addEventListener('click', () => download(name, files[name], name.endsWith('.json') ? 'application/json' : 'text/csv'));
    $('#fit-exports').append(b);
  }
  testHooks.fit = { posterior: f.posterior, files: Object.keys(files) };
}

export function initFitView(): void {
  const pick = $('#fit-table') as HTMLSelectElement;
  for (const p of Object.keys(TABLES).sort()) pick.append(new Option(tableName(p), tableName(p)));
  const site = siteOfScenario();
  if (site) pick.value = SITE_TABLE[site];
  for (const [id, , v] of SIZES) ($(`#${id}`) as HTMLInputElement).value = String(v);
  const own = $('#fit-file') as HTMLInputElement;
  own.addEventListener('change', async () => {
    const f = own.files?.[0];
    ownTable = f ? { name: f.name, csv: await f.text() } : null;
    pick.disabled = ownTable !== null;
  });
  $('#run-fit').addEventListener('click', () => void runFit().catch((e) => {
    setRunning(false);
    banner(`The fit stopped: ${(e as Error).message}`);
  }));
  $('#fit-stop').addEventListener('click', async () => {
    await worker?.api.cancelFit();
  });
}

/** The page's scenario changed: the default table follows its site. */
export function fitScenarioChanged(): void {
  const site = siteOfScenario();
  if (site && !ownTable) ($('#fit-table') as HTMLSelectElement).value = SITE_TABLE[site];
}
