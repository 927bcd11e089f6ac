/**
 * "What if": at any paused moment of a NET run, the same patient goes on twice — as it was, and
 * with one thing changed (`path=value`, the CLI's `netevo branch --set`). The worker copies the
 * patient through the checkpoint format (the same cells, clones and random streams) and advances
 * the copy in step with the run (ui/worker.ts); this view draws the two side by side: each one's
 * story and the largest lesion of both on one chart.
 */
import { Chart } from '../charts.js';
import { compactNumber } from '../format.js';
import { $, fmt, h, pngButton } from '../dom.js';
import type { Sim } from '../pool.js';
import type { Frame, PatientView, ScenarioInfo } from '../protocol.js';
import { state, testHooks } from '../state.js';

let sim: Sim;
let info: ScenarioInfo | null = null;
/** Columns of age and of the largest lesion in the timeseries rows. */
let ageCol = -1;
let sizeCol = -1;
/** The run's last row (age, cells): where both lines start when a branch is made. */
let last: [number, number] | null = null;
/** Largest lesion by age since the branch point: [as it ran, with the change]. */
let series = new Map<number, [number | null, number | null]>();
let chart: Chart | null = null;
let active = false;

/** A new run (or scenario, or saved run): no branch, and the form shown only for NET runs. */
export function resetBranch(i: ScenarioInfo): void {
  info = i;
  ageCol = i.columns.indexOf('age_years');
  sizeCol = i.columns.indexOf('tumor_cells');
  last = null;
  drop();
  $('#whatif').hidden = i.kind !== 'net';
}

function drop(): void {
  active = false;
  series = new Map();
  chart?.destroy();
  chart = null;
  $('#branch-view').replaceChildren();
  ($('#branch-stop') as HTMLButtonElement).disabled = true;
  testHooks.branch = null;
}

/** Each frame: the run's rows (and the branch's, once there is one) extend the chart. */
export function applyBranch(f: Frame): void {
  if (!info || info.kind !== 'net' || ageCol < 0) return;
  const add = (rows: (number | string)[][], k: 0 | 1) => {
    for (const r of rows) {
      const age = Number(r[ageCol]);
      const v = series.get(age) ?? [null, null];
      v[k] = Number(r[sizeCol]);
      series.set(age, v);
    }
  };
  const tail = f.rows.at(-1);
  if (tail) last = [Number(tail[ageCol]), Number(tail[sizeCol])];
  if (!active || !f.branch) return;
  add(f.rows, 0);
  add(f.branch.rows, 1);
  draw(f);
}

function story(title: string, p: PatientView, ageYears: number): HTMLElement {
  return h(
    'div',
    { class: 'patient' },
    h('h3', {}, title),
    h('div', {}, `Age ${fmt(ageYears)} y`),
    p.diagnosed ? h('div', { class: 'dx' }, `Diagnosed at ${fmt(p.ageAtDiagnosis)} y: ${p.subgroup}, Ki-67 ${fmt(p.ki67)} % (${p.grade})`) : h('div', {}, 'Not diagnosed'),
    h('div', {}, `Hits: ${p.hits.join(', ') || 'none'}`),
    h('div', {}, p.metastasisYears !== null ? `Metastasis ${fmt(p.metastasisYears)} y after diagnosis` : 'No metastasis found'),
    p.death ? h('div', {}, `Died (${p.death})`) : '',
  );
}

function draw(f: Frame): void {
  const b = f.branch!;
  const change = b.change.join(', ');
  $('#branch-stories').replaceChildren(story('As it ran', f.patient, f.ageYears), story(`What if ${change}`, b.patient, b.ageYears));
  if (!chart) {
    const host = $('#branch-chart');
    chart = new Chart(host, {
      title: `Largest lesion from age ${fmt(b.atYears)} y: as it ran and with ${change}`, xLabel: 'age (years)', yLabel: 'real cells', logY: true,
      hLines: info?.diagnosisCells ? [{ y: info.diagnosisCells, label: `diagnosis at ${compactNumber(info.diagnosisCells)} cells` }] : undefined,
      series: [{ label: 'as it ran', color: '#0072B2' }, { label: 'with the change', color: '#D55E00', dash: [6, 3] }],
    });
    pngButton(chart.el, () => `${state.name}-seed${state.seed}-what-if.png`, () => chart!.png());
  }
  const ages = [...series.keys()].sort((x, y) => x - y);
  // A log axis has no zero: an empty lesion is drawn as a gap.
  const col = (k: 0 | 1) => ages.map((a) => {
    const v = series.get(a)![k];
    return v !== null && v > 0 ? v : null;
  });
  chart.set([ages, col(0), col(1)]);
  testHooks.chartPoints[chart.spec.title] = chart.points;
  testHooks.branch = { change: b.change, atYears: b.atYears, ages, run: ages.map((a) => series.get(a)![0]), branch: ages.map((a) => series.get(a)![1]) };
}

async function start(): Promise<void> {
  const input = $('#branch-set') as HTMLInputElement;
  const err = $('#branch-error');
  err.textContent = '';
  if (testHooks.status === 'running') {
    err.textContent = 'pause the run first: the branch starts where it stands';
    return;
  }
  const changes = input.value.split(';').map((x) => x.trim()).filter(Boolean);
  const r = await sim.branch(changes);
  if (!r.ok) {
    err.textContent = r.errors.map((e) => (e.path === '$' ? e.message : `${e.path}: ${e.message}`)).join('; ');
    return;
  }
  drop();
  active = true;
  if (last) series.set(last[0], [last[1], last[1]]);
  $('#branch-view').append(h('div', { id: 'branch-stories', class: 'branch-stories' }), h('div', { id: 'branch-chart', class: 'charts' }));
  ($('#branch-stop') as HTMLButtonElement).disabled = false;
  $('#branch-status').textContent = `Branched at ${fmt(r.atYears)} y: press Play to run both on.`;
}

export function initBranchView(worker: Sim): void {
  sim = worker;
  $('#branch-start').addEventListener('click', () => void start());
  $('#branch-stop').addEventListener('click', async () => {
    await sim.unbranch();
    drop();
    $('#branch-status').textContent = '';
  });
}
