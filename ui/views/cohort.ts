/**
 * The Cohort view: patients on a pool of workers with a progress bar, then what the worker
 * computed of them — cumulative incidence of each subgroup by age, the subgroup mix at diagnosis,
 * Kaplan–Meier metastasis-free and overall survival per subgroup, Cramér's V — drawn here.
 */
import { CONTROL, THERAPIES, armIntervention, type PatientRecord } from '../../sim/api.js';
import { Chart, survivalSeries } from '../charts.js';
import { PALETTE } from '../colours.js';
import { $, banner, download, h, pngButton } from '../dom.js';
import { runCohortOnPool, type Sim } from '../pool.js';
import type { CohortView, KmSeries, KmTable, TrialView } from '../protocol.js';
import { SCENARIOS, request, state, testHooks, updateHash } from '../state.js';

let rows: PatientRecord[] = [];
let charts: Chart[] = [];
let generation = 0;

export async function runCohort(): Promise<void> {
  const gen = ++generation;
  if (SCENARIOS[state.name].kind !== 'net') {
    banner('A cohort needs a NET scenario (this one is a birth–death process).');
    return;
  }
  const n = state.patients;
  const progress = $('#cohort-progress') as HTMLProgressElement;
  progress.max = n;
  progress.value = 0;
  testHooks.cohortDone = 0;
  ($('#cohort-stop') as HTMLButtonElement).disabled = false;
  let result: { rows: PatientRecord[]; summary: CohortView } | null;
  try {
    result = await runCohortOnPool(request(), state.seed, n, {
      cancelled: () => gen !== generation,
      onProgress: (p) => {
        if (gen !== generation) return; // stopped, or replaced by a newer cohort: blocks in flight still land
        progress.value = p.done;
        const left = p.patientsPerSecond > 0 ? (p.total - p.done) / p.patientsPerSecond : NaN;
        $('#cohort-status').textContent =
          `${p.done} / ${p.total} patients · ${p.patientsPerSecond.toFixed(0)} patients/s` + (p.done < p.total && Number.isFinite(left) ? ` · about ${timeLeft(left)} left` : '');
      },
      summarise: (sim, rs, info) => sim.cohortView(rs, info.site!),
    });
  } catch (e) {
    banner(`The cohort stopped: ${(e as Error).message}`);
    return;
  } finally {
    // (A cohort replaced by a newer one leaves the newer one's Stop alone.)
    if (gen === generation) ($('#cohort-stop') as HTMLButtonElement).disabled = true;
  }
  if (!result || gen !== generation) return; // stopped or replaced (pool: null only when cancelled)
  rows = result.rows;
  draw(result.summary);
  testHooks.cohortDone = n;
  updateHash();
}

const timeLeft = (s: number) => (s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`);

/** Survival curves with censoring marks ("+"), one colour per subgroup, and under them the
 *  numbers at risk, survival at 5 and 10 years with 95 % intervals, medians and the log-rank p. */
function kmChart(host: HTMLElement, title: string, groups: string[], km: KmSeries, table: KmTable): Chart {
  const c = new Chart(host, {
    title, xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02], bands: true,
    series: survivalSeries(groups),
  });
  c.set([km.xs, ...km.lines, ...km.marks]);
  c.setBands(km.lo, km.hi);
  const pct = (x: [number, number, number] | null) => (x ? `${(100 * x[0]).toFixed(0)} % (${(100 * x[1]).toFixed(0)}–${(100 * x[2]).toFixed(0)})` : '—');
  const t = h(
    'table',
    { class: 'stats km-table' },
    h('caption', {}, table.logRankP === null ? 'one group: no log-rank test' : `log-rank p = ${table.logRankP < 1e-4 ? table.logRankP.toExponential(1) : table.logRankP.toFixed(4)}`),
    h('thead', {}, h('tr', {}, ...['group', 'at risk 0 / 5 / 10 y', '5 y (95 %)', '10 y (95 %)', 'median'].map((x) => h('th', { scope: 'col' }, x)))),
    h(
      'tbody',
      {},
      ...table.rows.map((r) =>
        h('tr', {}, h('th', { scope: 'row' }, r.group), h('td', {}, r.atRisk.join(' / ')), h('td', {}, pct(r.at5)), h('td', {}, pct(r.at10)), h('td', {}, r.medianYears === null ? 'not reached' : `${r.medianYears.toFixed(1)} y`)),
      ),
    ),
  );
  c.el.appendChild(t);
  return c;
}

function draw(v: CohortView): void {
  for (const c of charts) c.destroy();
  const host = $('#cohort-charts');
  host.replaceChildren();
  const groups = v.groups;
  const inc = new Chart(host, { title: 'Subgroup emergence: cumulative incidence by age', xLabel: 'age (years)', yLabel: 'fraction of cohort', series: groups.map((g, i) => ({ label: g, color: PALETTE[i] })) });
  inc.set([v.incidence.ages, ...v.incidence.byGroup]);
  // One bar per subgroup in its colour, from 0, with its count above it.
  const top = Math.max(1, ...v.mix);
  const mix = new Chart(host, {
    title: 'Subgroup mix at diagnosis', xLabel: 'subgroup', yLabel: 'tumors', bars: true, barLabels: true, categories: groups, yRange: [0, Math.ceil(top * 1.15)],
    series: groups.map((g, i) => ({ label: g, color: PALETTE[i], fill: true })),
  });
  mix.set([groups.map((_, i) => i), ...groups.map((_, i) => v.mix.map((n, j) => (j === i ? n : null)))]);
  const mfs = kmChart(host, 'Metastasis-free survival (Kaplan–Meier, 95 % bands, + censored)', groups, v.metastasisFree, v.metastasisFreeTable);
  const os = kmChart(host, 'Overall survival (Kaplan–Meier, 95 % bands, + censored)', groups, v.overall, v.overallTable);
  charts = [inc, mix, mfs, os];
  for (const c of charts) {
    pngButton(c.el, () => `${state.name}-${c.spec.title.replace(/\W+/g, '_')}.png`, () => c.png());
    testHooks.chartPoints[c.spec.title] = c.points;
  }
  const s = v.statistics;
  $('#cohort-stats').textContent =
    `${v.patients} patients, ${v.diagnosed} diagnosed. Cramér's V of subgroup with cell of origin ${s.V_cell_of_origin.toFixed(2)}, ` +
    `with archetype ${s.V_archetype.toFixed(2)}; of diagnosis with archetype ${s.V_archetype_incidence.toFixed(2)}.`;
}

let trialGeneration = 0;
let trialCharts: Chart[] = [];

/**
 * A virtual trial of the page's scenario: the cohort twice on the worker pool, the second arm
 * with the chosen therapy from metastasis (the core's armIntervention, as `netevo trial`), then
 * the worker's trial analysis drawn: survival from enrolment per arm and the hazard ratios.
 */
async function runTrial(sim: Sim): Promise<void> {
  const gen = ++trialGeneration;
  if (SCENARIOS[state.name].kind !== 'net') {
    banner('A trial needs a NET scenario (this one is a birth–death process).');
    return;
  }
  const arm = ($('#trial-arm') as HTMLSelectElement).value;
  const status = $('#trial-status');
  const given = (state.overrides.interventions ?? SCENARIOS[state.name].interventions ?? []) as unknown[];
  const arms: PatientRecord[][] = [];
  testHooks.trial = null;
  for (const a of [CONTROL, arm]) {
    const overrides = a === CONTROL ? state.overrides : { ...state.overrides, interventions: [...given, armIntervention(a)] };
    let r: { rows: PatientRecord[] } | null;
    try {
      r = await runCohortOnPool(request(state.name, overrides), state.seed, state.patients, {
        cancelled: () => gen !== trialGeneration,
        onProgress: (p) => gen === trialGeneration && (status.textContent = `${a}: ${p.done} / ${p.total} patients`),
        summarise: async () => null,
      });
    } catch (e) {
      banner(`The trial stopped: ${(e as Error).message}`);
      return;
    }
    if (!r || gen !== trialGeneration) return;
    arms.push(r.rows);
  }
  const v = await sim.trialView(arms[0], arms[1], arm);
  if (gen !== trialGeneration) return;
  drawTrial(v);
  status.textContent = `${v.enrolled} of ${state.patients} patients enrolled (metastases found) in each arm`;
  testHooks.trial = v.hazardRatios;
}

/** The last trial (its curves are redrawn when another stratum is picked). */
let lastTrial: TrialView | null = null;

/** Kaplan–Meier curves of both arms in the stratum picked (all patients by default). */
function drawTrialCurves(v: TrialView): void {
  for (const c of trialCharts) c.destroy();
  const host = $('#trial-curves');
  host.replaceChildren();
  const pick = $('#trial-stratum') as HTMLSelectElement;
  const st = v.strata.find((s) => s.name === pick.value) ?? v.strata[0];
  const who = st.name === 'all' ? '' : ` · ${st.name} (${st.enrolled[0]} and ${st.enrolled[1]} patients)`;
  const km = (title: string, s: KmSeries) => {
    const c = new Chart(host, { title, xLabel: 'years after metastases were found', yLabel: 'probability', yRange: [0, 1.02], bands: true, series: survivalSeries(v.arms) });
    c.set([s.xs, ...s.lines, ...s.marks]);
    c.setBands(s.lo, s.hi);
    return c;
  };
  trialCharts = [km(`Progression-free survival: ${v.arms[1]} against ${v.arms[0]}${who}`, st.pfs), km(`Overall survival: ${v.arms[1]} against ${v.arms[0]}${who}`, st.os)];
  for (const c of trialCharts) {
    testHooks.chartPoints[c.spec.title] = c.points;
    pngButton(c.el, () => `${state.name}-trial-${c.spec.title.replace(/\W+/g, '_')}.png`, () => c.png());
  }
}

function drawTrial(v: TrialView): void {
  lastTrial = v;
  const host = $('#trial-charts');
  host.replaceChildren();
  const pick = h('select', { id: 'trial-stratum' }, ...v.strata.map((s) => {
    const o = h('option', { value: s.name }, `${s.name === 'all' ? 'all enrolled patients' : s.name} (${s.enrolled[0]} + ${s.enrolled[1]})`);
    o.disabled = s.enrolled[0] + s.enrolled[1] === 0; // nobody to draw
    return o;
  })) as HTMLSelectElement;
  pick.addEventListener('change', () => lastTrial && drawTrialCurves(lastTrial));
  host.append(h('label', { class: 'field' }, 'Curves for ', pick), h('div', { id: 'trial-curves', class: 'charts' }));
  drawTrialCurves(v);
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  const p = (x: number | null) => (x === null ? '—' : x < 1e-4 ? x.toExponential(1) : x.toFixed(4));
  const inter = (endpoint: string, stratum: string) => {
    const marker = stratum.split('-')[0];
    const i = v.interactions.find((x) => x.endpoint === endpoint && x.marker === marker);
    return stratum.endsWith('-high') && i ? p(i.p) : '';
  };
  host.append(
    h(
      'table',
      { class: 'stats trial-table' },
      h('caption', {}, `Hazard ratio of ${v.arms[1]} against ${v.arms[0]} (Cox, 95 % interval; interaction: does the ratio differ between a marker's high and low strata)`),
      h('thead', {}, h('tr', {}, ...['endpoint', 'stratum', 'patients', 'events', 'HR (95 %)', 'p', 'interaction p'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...v.hazardRatios.map((r) => h('tr', {}, h('td', {}, r.endpoint.toUpperCase()), h('th', { scope: 'row' }, r.stratum), h('td', {}, String(r.n)), h('td', {}, String(r.events)), h('td', {}, r.hr === null ? 'not estimable' : `${f(r.hr)} (${f(r.lo)}–${f(r.hi)})`), h('td', {}, p(r.p)), h('td', {}, inter(r.endpoint, r.stratum))))),
    ),
  );
}

export function initCohortView(sim: Sim): void {
  const pick = $('#trial-arm') as HTMLSelectElement;
  for (const t of THERAPIES) pick.append(new Option(t.label, t.id));
  $('#run-trial').addEventListener('click', () => void runTrial(sim));
  const patients = $('#patients') as HTMLInputElement;
  patients.value = String(state.patients);
  patients.addEventListener('change', () => {
    const v = Number(patients.value);
    if (!Number.isInteger(v) || v < 1 || v > 100000) {
      $('#patients-error').textContent = 'expected an integer from 1 to 100,000';
      return;
    }
    $('#patients-error').textContent = '';
    state.patients = v;
  });
  $('#run-cohort').addEventListener('click', () => void runCohort());
  // Stopping is starting nothing new: the running cohort sees a newer generation and gives up.
  $('#cohort-stop').addEventListener('click', () => {
    generation++;
    ($('#cohort-stop') as HTMLButtonElement).disabled = true;
    $('#cohort-status').textContent += ' · stopped';
  });
  // patients.csv of the last cohort, written by a worker (the CLI's columns).
  $('#cohort-csv').addEventListener('click', async () => {
    if (rows.length) download('patients.csv', await sim.patientsCsv(rows));
  });
}
