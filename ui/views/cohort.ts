/**
 * The Cohort view: patients on a pool of workers with a progress bar, then what the worker
 * computed of them — cumulative incidence of each subgroup by age, the subgroup mix at diagnosis,
 * Kaplan–Meier metastasis-free and overall survival per subgroup, Cramér's V — drawn here.
 */
import type { PatientRecord } from '../../sim/api.js';
import { Chart } from '../charts.js';
import { PALETTE } from '../colours.js';
import { $, banner, download, pngButton } from '../dom.js';
import { runCohortOnPool, type Sim } from '../pool.js';
import type { CohortView, KmSeries } from '../protocol.js';
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
  let result: { rows: PatientRecord[]; summary: CohortView } | null;
  try {
    result = await runCohortOnPool(request(), state.seed, n, {
      cancelled: () => gen !== generation,
      onProgress: (p) => {
        progress.value = p.done;
        $('#cohort-status').textContent = `${p.done} / ${p.total} patients · ${p.patientsPerSecond.toFixed(0)} patients/s`;
      },
      summarise: (sim, rs, info) => sim.cohortView(rs, info.site!),
    });
  } catch (e) {
    banner(`The cohort stopped: ${(e as Error).message}`);
    return;
  }
  if (!result || gen !== generation) return;
  rows = result.rows;
  draw(result.summary);
  testHooks.cohortDone = n;
  updateHash();
}

/** Survival curves with censoring marks ("+"), one colour per subgroup. */
function kmChart(host: HTMLElement, title: string, groups: string[], km: KmSeries): Chart {
  const c = new Chart(host, {
    title, xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02],
    series: [...groups.map((g, i) => ({ label: g, color: PALETTE[i], step: true })), ...groups.map((g, i) => ({ label: `${g} censored`, color: PALETTE[i], points: true }))],
  });
  c.set([km.xs, ...km.lines, ...km.marks]);
  return c;
}

function draw(v: CohortView): void {
  for (const c of charts) c.destroy();
  const host = $('#cohort-charts');
  host.replaceChildren();
  const groups = v.groups;
  const inc = new Chart(host, { title: 'Subgroup emergence: cumulative incidence by age', xLabel: 'age (years)', yLabel: 'fraction of cohort', series: groups.map((g, i) => ({ label: g, color: PALETTE[i] })) });
  inc.set([v.incidence.ages, ...v.incidence.byGroup]);
  const mix = new Chart(host, { title: 'Subgroup mix at diagnosis', xLabel: 'subgroup', yLabel: 'tumors', bars: true, categories: groups, series: [{ label: 'tumors', color: '#7570b3', fill: true }] });
  mix.set([groups.map((_, i) => i), v.mix]);
  const mfs = kmChart(host, 'Metastasis-free survival (Kaplan–Meier, + censored)', groups, v.metastasisFree);
  const os = kmChart(host, 'Overall survival (Kaplan–Meier, + censored)', groups, v.overall);
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

export function initCohortView(sim: Sim): void {
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
  // patients.csv of the last cohort, written by a worker (the CLI's columns).
  $('#cohort-csv').addEventListener('click', async () => {
    if (rows.length) download('patients.csv', await sim.patientsCsv(rows));
  });
}
