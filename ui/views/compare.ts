/**
 * The Compare view: the page's scenario — the form's parameters included — under each of the four
 * hypotheses (its weights replaced by a pure hypothesis's), one patient each with the same seed
 * and a cohort of the same patients under each, on the same axes; the subgroup shares of the four
 * on one chart with their 95 % intervals; netevo compare's comparison.csv of the four. Each
 * hypothesis runs in its own worker, which also computes its cohort's statistics.
 */
import { HYPOTHESES, cohortBlocks, pureWeights, type HypothesisSlug, type PatientRecord } from '../../sim/api.js';
import { Chart, stack, survivalSeries } from '../charts.js';
import { PALETTE, programColour } from '../colours.js';
import { $, banner, download, fmt, h, pngButton } from '../dom.js';
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

/** One hypothesis: the page's scenario under it, its patient to the end, then its cohort, in
 *  blocks so that a new comparison cancels this one quickly. */
async function runHypothesis(sim: Sim, site: string, h: (typeof HYPOTHESES)[number], gen: number): Promise<Column> {
  const slug = h.slug;
  const r = await sim.load(request(state.name, { ...state.overrides, hypothesis: pureWeights(h.key) }));
  if (!r.ok) throw new Error(r.errors[0].message);
  await sim.start(state.seed);
  const frames: Frame[] = [];
  for (;;) {
    const f = await sim.advance(200);
    frames.push(f);
    if (f.done || gen !== generation) break;
  }
  // A lattice scenario's cohorts run on the clone engine (a lattice patient takes about a second).
  if (r.info.engine === 'lattice') {
    const c = await sim.load(request(state.name, { ...state.overrides, hypothesis: pureWeights(h.key), engine: 'clone' }));
    if (!c.ok) throw new Error(c.errors[0].message);
  }
  const cohort: PatientRecord[] = [];
  for (const { start, end } of cohortBlocks(PATIENTS)) {
    if (gen !== generation) break;
    cohort.push(...(await sim.cohort(state.seed, start, end - start)));
  }
  return { slug, info: r.info, frames, stats: await sim.compareStats(cohort, site, slug) };
}

export async function runCompare(sim: Sim): Promise<void> {
  const gen = ++generation;
  const site = (await sim.merged(request())).site as string | undefined;
  const host = $('#compare-grid');
  host.replaceChildren();
  $('#compare-shared').replaceChildren();
  ($('#compare-csv') as HTMLButtonElement).disabled = true;
  testHooks.compareDone = 0;
  if (!site) {
    banner('The compare view needs a NET scenario (with a site).');
    return;
  }
  const results = await Promise.all(
    HYPOTHESES.map(async (hyp) => {
      const w = newWorker();
      try {
        return await runHypothesis(w.api, site, hyp, gen);
      } finally {
        w.terminate();
      }
    }),
  );
  if (gen !== generation) return;
  drawShares(results);
  // comparison.csv: the header once, then each hypothesis's rows.
  csv = results.map((r, k) => (k === 0 ? r.stats.csv : r.stats.csv.slice(r.stats.csv.indexOf('\n') + 1))).join('');
  ($('#compare-csv') as HTMLButtonElement).disabled = false;
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

let csv = '';
let shares: Chart | null = null;

/** The subgroup shares of the four cohorts on one chart: a dot per hypothesis and subgroup (side
 *  by side within the subgroup), with its 95 % Wilson interval. */
function drawShares(results: Column[]): void {
  shares?.destroy();
  const groups = results[0].stats.groups;
  const n = results.length;
  const offset = (k: number) => (k - (n - 1) / 2) * 0.16;
  const xs = groups.flatMap((_, g) => results.map((_, k) => g + offset(k)));
  // Series k holds its own points; null at the other hypotheses' positions.
  const own = (k: number, f: (s: Column['stats']['comparison']['subgroups'][number]) => number) =>
    groups.flatMap((_, g) => results.map((_, j) => (j === k ? 100 * f(results[k].stats.comparison.subgroups[g]) : null)));
  shares = new Chart($('#compare-shared'), {
    title: 'Subgroup shares under each hypothesis (95 % intervals)',
    xLabel: 'subgroup', yLabel: '% of diagnosed', yRange: [0, 100], categories: groups, intervals: true,
    series: results.map((r, k) => ({ label: r.slug, color: PALETTE[k], points: true })),
  }, 700, 260);
  shares.set([xs, ...results.map((_, k) => own(k, (s) => s.proportion))]);
  shares.setIntervals(results.map((_, k) => own(k, (s) => s.lo)), results.map((_, k) => own(k, (s) => s.hi)));
  const chart = shares;
  pngButton(chart.el, () => `${state.name}-compare-subgroups.png`, () => chart.png());
  testHooks.chartPoints[chart.spec.title] = chart.points;
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
  $('#compare-csv').addEventListener('click', () => csv && download(`${state.name}-seed${state.seed}-comparison.csv`, csv, 'text/csv'));
}
