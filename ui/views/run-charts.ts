/**
 * The run view's drawings: the lattice with its legend, and the live charts — tumor cells by
 * program (stacked), tumor size, Ki-67 with the grade cut-offs, immune agents and the Muller plot
 * of the clones (a birth–death run: population and births/deaths). Frames extend their columns.
 */
import { AGENT_TYPES, DAYS_PER_YEAR } from '../../sim/api.js';
import { Chart, stack } from '../charts.js';
import { compactNumber } from '../format.js';
import { AGENT_COLOURS, EPITHELIUM_RGB, HIT_RGB, NEOPLASTIC_RGB, NORMAL_NE_RGB, programColour, rgbCss } from '../colours.js';
import { $, h, pngButton } from '../dom.js';
import { LatticeView, type ColourBy } from '../lattice.js';
import { MullerPlot } from '../muller.js';
import type { Frame, ScenarioInfo } from '../protocol.js';
import { state, testHooks } from '../state.js';

/** The Muller plot is redrawn at most this often (ms) while a run plays. */
const MULLER_EVERY_MS = 250;
/** Lattice frames kept for the age scrubber: at most this many bytes and this many frames (the
 *  spacing doubles, every other frame dropped, when either is reached). */
const KEEP_BYTES = 48 * 2 ** 20;
const KEEP_FRAMES = 1000;

interface KeptFrame {
  x: number;
  states: Int32Array;
  agentType: Uint8Array;
  agentSite: Int32Array;
}

export class RunCharts {
  private readonly data: Map<string, (number | string)[]>;
  private readonly programs: Chart | null;
  private readonly size: Chart;
  private readonly ki67: Chart | null;
  private readonly immune: Chart;
  private readonly muller: MullerPlot | null;
  /** After diagnosis: the IHC panel's stains and the liquid biopsies (NET runs). */
  private readonly panel: Chart | null;
  private readonly ctdna: Chart | null;
  private readonly panelStains: string[];
  /** The clone table the Muller plot's next drawing reads, and whether that drawing is scheduled. */
  private mullerMeta: Frame['clones'] | null = null;
  private mullerScheduled = false;
  private mullerDrawn = -Infinity;
  readonly lattice: LatticeView | null = null;
  private legend: HTMLElement | null = null;
  /** Lattice frames kept for the scrubber (copies: the drawn buffers go back to the worker), the
   *  x spacing between them (age or days), and the last clone table (clone ids only grow, so it
   *  colours every earlier frame). */
  private kept: KeptFrame[] = [];
  private keepEvery = 0;
  private meta: Frame['clones'] | null = null;
  /** The x the scrubber shows (null: the live run) and the run's latest x. */
  private scrubX: number | null = null;
  /** The last live frame's lattice (drawn again when the scrubber comes back to live). */
  private live: NonNullable<Frame['lattice']> | null = null;
  lastX = 0;
  firstX: number | null = null;
  private readonly all: (Chart | MullerPlot)[];

  constructor(private readonly info: ScenarioInfo) {
    const i = info;
    const host = $('#run-charts');
    host.replaceChildren();
    const latticeHost = $('#lattice-host');
    latticeHost.replaceChildren();
    const net = i.kind === 'net';
    const x = net ? 'age (years)' : 'time (days)';
    if (i.engine === 'lattice') {
      this.lattice = new LatticeView(latticeHost, i.width, i.height, i.agentTypes, i.depth);
      this.lattice.programColour = programColour;
      this.legend = latticeHost.appendChild(legend(i, 'program', 0, true));
    }
    const progs = net ? i.programs : [];
    this.programs = net
      ? new Chart(host, { title: 'Tumor cells by program', xLabel: x, yLabel: 'real cells', series: [...progs].reverse().map((p) => ({ label: p.id.replace(/^[a-z]+_/, ''), color: programColour(p.index), fill: true })) })
      : null;
    this.size = net
      ? new Chart(host, {
          title: 'Tumor size', xLabel: x, yLabel: i.cellsPerUnit > 1 ? `real cells (a site: ${compactNumber(i.cellsPerUnit)})` : 'real cells', logY: true,
          hLines: i.diagnosisCells ? [{ y: i.diagnosisCells, label: `diagnosis at ${compactNumber(i.diagnosisCells)} cells` }] : undefined,
          series: [{ label: 'largest lesion', color: '#D55E00' }, { label: 'all neoplastic', color: '#0072B2', dash: [5, 3] }, { label: 'metastatic', color: '#CC79A7' }],
        })
      : new Chart(host, { title: 'Population', xLabel: x, yLabel: 'cells', logY: true, series: [{ label: 'cells', color: '#1b9e77' }] });
    this.ki67 = net
      ? new Chart(host, { title: 'Ki-67 index of the largest lesion', xLabel: x, yLabel: '% cycling', yRange: [0, 30], hLines: i.site === 'lung' ? [{ y: 3, label: '3 % (lung grades count mitoses)' }, { y: 20, label: '20 %' }] : [{ y: 3, label: 'G1 < 3 %' }, { y: 20, label: 'G2 ≤ 20 % < G3' }], series: [{ label: 'Ki-67', color: '#1f78b4' }] })
      : null;
    this.immune = net
      ? new Chart(host, { title: 'Immune and stromal agents', xLabel: x, yLabel: 'agents', series: i.agentTypes.map((a) => ({ label: a, color: AGENT_COLOURS[a] })) })
      : new Chart(host, { title: 'Births and deaths', xLabel: x, yLabel: 'events', series: [{ label: 'births', color: '#1b9e77' }, { label: 'deaths', color: '#d95f02' }] });
    this.muller = net ? new MullerPlot(host, 'Muller plot of the neoplastic clones') : null;
    // Its legend: a band takes its clone's program colour (the lattice's and the stacked chart's).
    if (this.muller) this.muller.el.append(h('div', { class: 'legend' }, ...progs.map(programKey)));
    // The pathologist's panel (share of counted cells stained, positive from 50 %) and the
    // liquid biopsies over age (the tumour's share of the plasma's cell-free DNA; a positive
    // draw is a point on the second series). Empty until diagnosis.
    this.panelStains = net ? i.panelStains : [];
    this.panel = net && this.panelStains.length
      ? new Chart(host, { title: 'IHC panel at diagnosis', xLabel: 'stain', yLabel: '% cells stained', bars: true, barLabels: true, yRange: [0, 100], categories: this.panelStains, hLines: [{ y: 50, label: 'positive ≥ 50 %' }], series: [{ label: 'stained', color: '#0072B2' }] })
      : null;
    this.ctdna = net
      ? new Chart(host, { title: 'Liquid biopsy: tumour DNA in plasma', xLabel: x, yLabel: 'tumour share of cfDNA', logY: true, series: [{ label: 'tumour DNA fraction', color: '#009E73' }, { label: 'called positive', color: '#D55E00', points: true }] })
      : null;
    this.all = [this.programs, this.size, this.ki67, this.immune, this.panel, this.ctdna, this.muller].filter((c): c is Chart | MullerPlot => c !== null);
    for (const c of this.all) {
      const title = c instanceof Chart ? c.spec.title : c.title;
      pngButton(c.el, () => `${state.name}-${title.replace(/\W+/g, '_')}.png`, () => c.png(), 'save this chart as PNG');
    }
    this.data = new Map(i.columns.map((c) => [c, []]));
  }

  /** Keep a copy of this frame's lattice when it is far enough from the last kept one (always the
   *  last of a run); thin the kept frames when they grow past the budget. */
  private keep(x: number, l: NonNullable<Frame['lattice']>, last: boolean): void {
    const prev = this.kept.at(-1);
    if (prev && x - prev.x < this.keepEvery && !last) return;
    if (prev && prev.x === x) this.kept.pop();
    this.kept.push({ x, states: l.states.slice(), agentType: l.agentType.slice(), agentSite: l.agentSite.slice() });
    const bytes = this.kept.reduce((a, k) => a + k.states.byteLength + k.agentType.byteLength + k.agentSite.byteLength, 0);
    if (bytes > KEEP_BYTES || this.kept.length > KEEP_FRAMES) {
      const end = this.kept.at(-1)!;
      this.kept = this.kept.filter((_, i) => i % 2 === 0);
      if (this.kept.at(-1) !== end) this.kept.push(end);
      this.keepEvery = Math.max(2 * this.keepEvery, (end.x - this.kept[0].x) / this.kept.length);
    }
  }

  /**
   * The scrubber: show the run at x (an age, or a day of a birth–death run) — the kept lattice
   * frame at or before it, and every chart's cursor (its legend reads the values there); null:
   * back to the live run. Returns the x of the lattice frame shown (x itself without a lattice).
   */
  showAt(x: number | null): number | null {
    this.scrubX = x;
    for (const c of this.all) if (c instanceof Chart && c !== this.panel) c.cursorAt(x);
    if (x === null) {
      const l = this.live;
      // Its buffer is still ours while no newer frame was asked for (paused, or over).
      if (this.lattice && l && this.meta && l.states.buffer.byteLength > 0) this.lattice.draw(l.states, this.meta, l.agentType, l.agentSite);
      return null;
    }
    if (!this.lattice || !this.kept.length || !this.meta) return x;
    let k = 0;
    while (k + 1 < this.kept.length && this.kept[k + 1].x <= x) k++;
    const f = this.kept[k];
    // A copy: the view hands the buffer it drew back to the worker.
    this.lattice.draw(f.states.slice(), this.meta, f.agentType, f.agentSite);
    return f.x;
  }

  /** Draw one frame; the time each part took goes to the test hooks (the whole frame: run.ts). */
  /** The lattice's colour mode, hit and agents changed: its legend follows, and the last frame is
   *  drawn again at once when the run is paused or over (a running one shows it next frame). */
  setLatticeView(mode: ColourBy, hit: number, agents: boolean): void {
    const L = this.lattice;
    if (!L) return;
    L.colourBy = mode;
    L.hit = hit;
    L.showAgents = agents;
    const next = legend(this.info, mode, hit, agents);
    this.legend?.replaceWith(next);
    this.legend = next;
    L.redraw();
  }

  /** The IHC panel's scores and the liquid biopsies, once the patient is diagnosed. */
  private afterDiagnosis(p: Frame['patient']): void {
    if (this.panel) {
      const scores = p.ihc?.scores;
      this.panel.set([this.panelStains.map((_, k) => k), this.panelStains.map((s) => (scores && s in scores ? scores[s] * 100 : null))]);
    }
    if (this.ctdna) {
      const c = p.ctdna;
      // A fraction of 0 (no tumour cell dying) has no place on a log axis.
      this.ctdna.set([c.age, c.fraction.map((v) => (v > 0 ? v : null)), c.fraction.map((v, k) => (c.detected[k] && v > 0 ? v : null))]);
      this.ctdna.markX(p.metastasisYears !== null && p.ageAtDiagnosis !== null ? p.ageAtDiagnosis + p.metastasisYears : null, 'metastasis on imaging');
    }
  }

  apply(f: Frame): void {
    const info = this.info;
    const t0 = performance.now();
    for (const row of f.rows) info.columns.forEach((col, k) => this.data.get(col)!.push(row[k]));
    const col = (n: string) => (this.data.get(n) ?? []) as number[];
    const net = info.kind === 'net';
    const xs = net ? col('age_years') : col('t_days');
    const pos = (v: number[]) => v.map((y) => (y > 0 ? y : null));
    if (f.rows.length) {
      if (net) {
        this.programs!.set([xs, ...stack(info.programs.map((p) => col(`program_${p.id}`).map((y) => y * info.cellsPerUnit)))]);
        // Real cells: the columns count simulated cells (lattice sites stand for cellsPerUnit each).
        const real = (v: number[]) => pos(v.map((y) => y * info.cellsPerUnit));
        this.size.set([xs, real(col('tumor_cells')), real(col('neoplastic_cells')), real(col('metastatic_cells'))]);
        this.ki67!.set([xs, col('ki67').map((k) => k * 100)]);
        this.immune.set([xs, ...info.agentTypes.map((a) => col(`immune_${a}`))]);
        // The diagnosis, marked on every chart over age.
        const dx = f.patient.diagnosed ? f.patient.ageAtDiagnosis : null;
        for (const c of [this.programs!, this.size, this.ki67!, this.immune]) {
          c.markX(dx, 'diagnosis');
          testHooks.marks[c.spec.title] = dx;
        }
        this.afterDiagnosis(f.patient);
      } else {
        this.size.set([xs, pos(col('cells'))]);
        this.immune.set([xs, col('births'), col('deaths')]);
      }
    }
    const t1 = performance.now();
    if (this.muller) {
      this.muller.add(f.cloneSizes);
      this.muller.colour = (id) => programColour(f.clones.program[id]);
      // clone_sizes' Time is the run's day; the axis shows the patient's age (as the other charts).
      const now = { days: f.tDays, age: f.ageYears };
      this.muller.axis = info.kind === 'net' ? { at: (t) => now.age - (now.days - t) / DAYS_PER_YEAR, label: 'age (years)' } : { at: (t) => t, label: 'time (days)' };
      this.mullerMeta = f.clones;
      // Drawn in a task of its own after the frame, at most every MULLER_EVERY_MS and from the
      // latest clone table (coalesced): the history grows all run long, and a chart of the whole
      // past needs no redrawing at 60 frames a second. The last frame is drawn at once.
      if ((f.rows.length || f.done) && !this.mullerScheduled) {
        this.mullerScheduled = true;
        const wait = f.done ? 0 : Math.max(0, this.mullerDrawn + MULLER_EVERY_MS - performance.now());
        setTimeout(() => {
          this.mullerScheduled = false;
          const a = performance.now();
          this.muller!.draw(this.mullerMeta!);
          this.mullerDrawn = performance.now();
          testHooks.frameMs.muller = Math.max(testHooks.frameMs.muller, this.mullerDrawn - a);
        }, wait);
      }
    }
    const t2 = performance.now();
    const x = info.kind === 'net' ? f.ageYears : f.tDays;
    this.firstX ??= x;
    this.lastX = x;
    this.meta = f.clones;
    if (this.lattice && f.lattice) {
      this.live = f.lattice;
      if (this.scrubX === null) this.lattice.draw(f.lattice.states, f.clones, f.lattice.agentType, f.lattice.agentSite);
      this.keep(x, f.lattice, f.done);
    }
    const t3 = performance.now();
    for (const ch of this.all) testHooks.chartPoints[ch instanceof Chart ? ch.spec.title : ch.title] = ch.points;
    const ms = testHooks.frameMs;
    ms.charts = Math.max(ms.charts, t1 - t0);
    ms.lattice = Math.max(ms.lattice, t3 - t2);
  }
}

/** A legend key: a swatch and a name (a title for the longer story). */
const key = (colour: string, name: string, title = name, cls = 'key') => h('span', { class: cls, title }, h('i', { style: `background:${colour}` }), name);

/** A legend key of a program: its colour and short name. */
const programKey = (p: ScenarioInfo['programs'][number]) => h('span', { class: 'key', title: p.label }, h('i', { style: `background:${programColour(p.index)}` }), p.id.replace(/^[a-z]+_/, ''));

/** The lattice's legend for a colour mode: what each colour of the cells means, then the agents
 *  drawn over them (when shown). */
function legend(i: ScenarioInfo, mode: ColourBy, hit: number, agents: boolean): HTMLElement {
  const el = h('div', { class: 'legend', 'data-mode': mode });
  if (mode === 'program') for (const p of i.programs) el.append(programKey(p));
  else if (mode === 'clone') el.append(h('span', { class: 'key', title: 'each neoplastic clone (genotype and program) has a colour of its own' }, h('i', { class: 'clones' }), 'neoplastic clones, one colour each'));
  else {
    const name = i.hits[hit] ?? '?';
    el.append(key(rgbCss(HIT_RGB), `carries ${name}`, `neoplastic cells whose clone carries ${name}`), key(rgbCss(NEOPLASTIC_RGB), `neoplastic, no ${name}`));
  }
  if (mode !== 'program') el.append(key(rgbCss(NORMAL_NE_RGB), 'normal NE cells'));
  el.append(key(rgbCss(EPITHELIUM_RGB), 'epithelium', 'non-NE epithelium'));
  if (agents) for (const a of i.agentTypes) el.append(key(AGENT_COLOURS[a], a, AGENT_TYPES.find((t) => t.id === a)?.label ?? a, 'key agent'));
  return el;
}
