/**
 * The Compare view: the four hypotheses for the scenario's site — one patient each with the same
 * seed, and a cohort of the same patients under each — on the same axes. Each hypothesis runs in
 * its own worker, which also computes its cohort's statistics and survival curves.
 */
import { HYPOTHESIS_SLUGS, cohortBlocks, shippedScenarioName, type HypothesisSlug, type PatientRecord } from '../../sim/api.js';
import { Chart, stack, survivalSeries } from '../charts.js';
import { programColour } from '../colours.js';
import { $, banner, fmt, h } from '../dom.js';
import { newWorker, type Sim } from '../pool.js';
import type { CompareStats, Frame, ScenarioInfo } from '../protocol.js';
import { request, state, testHooks, updateHash } from '../state.js';
import { HYPOTHESIS_TEXT } from '../teaching.js';

const PATIENTS = 150;
let generation = 0;

interface Column {
  slug: HypothesisSlug;
  info: ScenarioInfo;
  frames: Frame[];
  stats: CompareStats;
}

/** One hypothesis: its shipped scenario's patient to the end, then its cohort, in blocks so that a
 *  new comparison cancels this one quickly. */
async function runHypothesis(sim: Sim, site: string, slug: HypothesisSlug, gen: number): Promise<Column> {
  const name = shippedScenarioName(site, slug);
  const r = await sim.load(request(name, {}));
  if (!r.ok) throw new Error(r.errors[0].message);
  await sim.start(state.seed);
  const frames: Frame[] = [];
  for (;;) {
    const f = await sim.advance(200);
    frames.push(f);
    if (f.done || gen !== generation) break;
  }
  const cohort: PatientRecord[] = [];
  for (const { start, end } of cohortBlocks(PATIENTS)) {
    if (gen !== generation) break;
    cohort.push(...(await sim.cohort(state.seed, start, end - start)));
  }
  return { slug, info: r.info, frames, stats: await sim.compareStats(cohort, site) };
}

export async function runCompare(sim: Sim): Promise<void> {
  const gen = ++generation;
  const site = (await sim.merged(request())).site as string | undefined;
  const host = $('#compare-grid');
  host.replaceChildren();
  testHooks.compareDone = 0;
  if (!site) {
    banner('The compare view needs a NET scenario (with a site).');
    return;
  }
  const results = await Promise.all(
    HYPOTHESIS_SLUGS.map(async (slug) => {
      const w = newWorker();
      try {
        return await runHypothesis(w.api, site, slug, gen);
      } finally {
        w.terminate();
      }
    }),
  );
  if (gen !== generation) return;
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
    const { slug, stats } = results[k];
    const col = h('div', { class: 'compare-col' }, h('h3', { title: HYPOTHESIS_TEXT[slug] }, slug));
    host.appendChild(col);
    const xs = s.col('age_years');
    const pc = new Chart(col, { title: `${slug}: cells by program`, xLabel: 'age (years)', yLabel: 'cells', xRange: [xmin, xmax], yRange: [0, ymax], series: [...s.i.programs].reverse().map((p) => ({ label: p.id.replace(/^[a-z]+_/, ''), color: programColour(p.index), fill: true })) }, 300, 200);
    pc.set([xs, ...stack(s.i.programs.map((p) => s.col(`program_${p.id}`)))]);
    const sc = new Chart(col, { title: `${slug}: tumor size`, xLabel: 'age (years)', yLabel: 'cells', logY: true, xRange: [xmin, xmax], yRange: [1, ymax * 2], series: [{ label: 'largest lesion', color: '#d95f02' }, { label: 'metastatic', color: '#e7298a' }] }, 300, 200);
    sc.set([xs, s.col('tumor_cells').map((v) => (v > 0 ? v : null)), s.col('metastatic_cells').map((v) => (v > 0 ? v : null))]);
    const p = s.last.patient;
    col.append(h('p', { class: 'compare-summary' }, p.diagnosed ? `Diagnosed at ${fmt(p.ageAtDiagnosis)} y: ${p.subgroup} (Ki-67 ${fmt(p.ki67)} %, ${p.mitoses} mitoses/2 mm², ${p.grade}); hits ${p.hits.join(', ') || 'none'}` : 'Not diagnosed', ` · niche ${p.archetype}`));
    testHooks.chartPoints[pc.spec.title] = pc.points;
    col.append(statsTable(stats));
    const groups = stats.groups;
    const km = new Chart(col, {
      title: `${slug}: overall survival`, xLabel: 'years after diagnosis', yLabel: 'probability', yRange: [0, 1.02], xRange: [0, 15],
      series: survivalSeries(groups),
    }, 300, 220);
    km.set([stats.overall.xs, ...stats.overall.lines, ...stats.overall.marks]);
    testHooks.chartPoints[km.spec.title] = km.points;
  }
  testHooks.compareDone = 4;
  updateHash();
}

/** The cohort's statistics, same rows in every column. */
function statsTable({ comparison: st, statistics: assoc }: CompareStats): HTMLTableElement {
  const Vof = (a: string) => st.cramersV.find((v) => v.against === a)!.V.toFixed(2);
  return h('table', { class: 'stats' },
    h('tr', {}, h('th', {}, `${PATIENTS} patients`), h('th', {}, `${st.diagnosed} diagnosed`)),
    ...st.subgroups.map((g) => h('tr', {}, h('td', {}, g.group), h('td', {}, `${(100 * g.proportion).toFixed(0)} % (${(100 * g.lo).toFixed(0)}–${(100 * g.hi).toFixed(0)})`))),
    h('tr', { title: "Cramér's V of subgroup with the cell of origin" }, h('td', {}, 'V origin'), h('td', {}, Vof('cell_of_origin'))),
    h('tr', { title: "Cramér's V of subgroup with the immune archetype" }, h('td', {}, 'V archetype'), h('td', {}, Vof('archetype'))),
    h('tr', { title: "strongest Cramér's V of subgroup with a hit carried by at least 10 % of tumors" }, h('td', {}, `V ${assoc.best_hit || 'hit'}`), h('td', {}, assoc.best_hit ? assoc.V_best_hit.toFixed(2) : '—')),
    h('tr', { title: 'log-rank test of overall survival between subgroups' }, h('td', {}, 'OS log-rank p'), h('td', {}, String(st.logRank.find((l) => l.endpoint === 'overall')!.p.toPrecision(2)))),
  );
}

export function initCompareView(sim: Sim): void {
  $('#run-compare').addEventListener('click', () => void runCompare(sim).catch((e) => banner(`The comparison stopped: ${e.message}`)));
}
