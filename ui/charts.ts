/** uPlot charts: columnar data, one redraw per frame; stacking and KM steps done here. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PALETTE } from './colours.js';
import { barLabel, compactNumber } from './format.js';

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: { label: string; color?: string; fill?: boolean; points?: boolean; step?: boolean; dash?: number[] }[];
  logY?: boolean;
  yRange?: [number, number];
  xRange?: [number, number] | null;
  bars?: boolean;
  hLines?: { y: number; label: string }[];
  /** Names of categorical x values 0, 1, 2… (bar charts). */
  categories?: string[];
  /** Write each bar's value above it. */
  barLabels?: boolean;
  /** Draw each point series' intervals (setIntervals) as vertical whiskers in its colour. */
  intervals?: boolean;
  /** Shade each step series' band (setBands) in its colour: confidence bands of survival curves. */
  bands?: boolean;
}

/** Rows a chart's data table shows at most. */
const MAX_TABLE_ROWS = 2000;

export class Chart {
  readonly plot: uPlot;
  readonly el: HTMLElement;
  constructor(parent: HTMLElement, readonly spec: ChartSpec, width = 460, height = 230) {
    this.el = document.createElement('figure');
    this.el.className = 'chart';
    this.el.dataset.title = spec.title;
    parent.appendChild(this.el);
    const series: uPlot.Series[] = [
      { label: spec.xLabel, value: (_u, v) => (v === null || v === undefined ? '' : spec.categories ? (spec.categories[Math.round(v)] ?? '') : compactNumber(v)) },
    ];
    spec.series.forEach((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      series.push({
        label: s.label,
        stroke: color,
        width: s.points ? 0 : 1.6,
        fill: s.fill ? color + '99' : undefined,
        dash: s.dash,
        paths: s.points ? () => null : s.step ? uPlot.paths.stepped!({ align: 1 }) : spec.bars ? uPlot.paths.bars!({ size: [0.6, 60] }) : undefined,
        points: s.points ? { show: true, size: 7, stroke: color, fill: '#fff', width: 1.5 } : { show: false },
        spanGaps: !s.points,
        // The hover readout beside each legend entry.
        value: (_u, v) => (v === null || v === undefined ? '' : compactNumber(v)),
      });
    });
    // Drawn over the plot: each bar's value above it, and labelled dashed reference lines.
    const hooks: uPlot.Hooks.Arrays = {
      draw: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.font = `${11 * devicePixelRatio}px sans-serif`;
          if (this.mark) {
            // A moment on the x axis (the diagnosis): a solid line with its label at the top.
            const x = u.valToPos(this.mark.x, 'x', true);
            ctx.strokeStyle = '#8a3b00';
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = '#8a3b00';
            ctx.textAlign = 'right';
            ctx.fillText(this.mark.label, x - 3, u.bbox.top + 12 * devicePixelRatio);
            ctx.lineWidth = 1;
          }
          if (spec.barLabels) {
            ctx.fillStyle = '#222';
            ctx.textAlign = 'center';
            for (let si = 1; si < u.data.length; si++)
              (u.data[si] as (number | null)[]).forEach((v, i) => {
                if (v !== null && v !== undefined) ctx.fillText(barLabel(v), u.valToPos(u.data[0][i] as number, 'x', true), u.valToPos(v, 'y', true) - 4 * devicePixelRatio);
              });
          }
          if (spec.bands && this.bands) {
            // Stepped bands: between lo and hi, each value held until the next x.
            const xs = u.data[0] as number[];
            this.bands.lo.forEach((los, s) => {
              const his = this.bands!.hi[s];
              if (!los.length) return;
              ctx.fillStyle = (spec.series[s].color ?? PALETTE[s % PALETTE.length]) + '2e';
              const X = (i: number) => u.valToPos(xs[i], 'x', true);
              const xEnd = u.valToPos(Math.max(xs[xs.length - 1], u.scales.x.max ?? xs[xs.length - 1]), 'x', true);
              ctx.beginPath();
              ctx.moveTo(X(0), u.valToPos(his[0], 'y', true));
              for (let i = 0; i < xs.length; i++) {
                const next = i + 1 < xs.length ? X(i + 1) : xEnd;
                ctx.lineTo(X(i), u.valToPos(his[i], 'y', true));
                ctx.lineTo(next, u.valToPos(his[i], 'y', true));
              }
              for (let i = xs.length - 1; i >= 0; i--) {
                const next = i + 1 < xs.length ? X(i + 1) : xEnd;
                ctx.lineTo(next, u.valToPos(los[i], 'y', true));
                ctx.lineTo(X(i), u.valToPos(los[i], 'y', true));
              }
              ctx.closePath();
              ctx.fill();
            });
          }
          if (spec.intervals && this.intervals) {
            // Whiskers: series s at x[i] from lo[s][i] to hi[s][i], with short caps.
            const cap = 4 * devicePixelRatio;
            ctx.lineWidth = 1.5 * devicePixelRatio;
            this.intervals.lo.forEach((los, s) => {
              ctx.strokeStyle = spec.series[s].color ?? PALETTE[s % PALETTE.length];
              los.forEach((lo, i) => {
                const hi = this.intervals!.hi[s][i];
                if (lo === null || hi === null) return;
                const x = u.valToPos(u.data[0][i] as number, 'x', true);
                const y0 = u.valToPos(lo, 'y', true);
                const y1 = u.valToPos(hi, 'y', true);
                ctx.beginPath();
                ctx.moveTo(x, y0);
                ctx.lineTo(x, y1);
                ctx.moveTo(x - cap, y0);
                ctx.lineTo(x + cap, y0);
                ctx.moveTo(x - cap, y1);
                ctx.lineTo(x + cap, y1);
                ctx.stroke();
              });
            });
            ctx.lineWidth = 1;
          }
          ctx.strokeStyle = '#999';
          ctx.setLineDash([4, 4]);
          ctx.fillStyle = '#666';
          ctx.textAlign = 'left';
          for (const h of spec.hLines ?? []) {
            const y = u.valToPos(h.y, 'y', true);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.fillText(h.label, u.bbox.left + 4, y - 3);
          }
          ctx.restore();
        },
      ],
    };
    this.plot = new uPlot(
      {
        title: spec.title,
        width,
        height,
        series,
        hooks,
        scales: {
          x: { time: false, range: spec.xRange ? () => spec.xRange! : spec.categories ? () => [-0.5, spec.categories!.length - 0.5] : undefined },
          y: { distr: spec.logY ? 3 : 1, range: spec.yRange ? () => spec.yRange! : undefined },
        },
        axes: [
          spec.categories
            ? { label: spec.xLabel, splits: () => spec.categories!.map((_, i) => i), values: (_u, splits) => splits.map((i) => spec.categories![i] ?? '') }
            : { label: spec.xLabel },
          { label: spec.yLabel, size: 60, values: (_u, splits) => splits.map(compactNumber) },
        ],
        // Hovering reads out every series' value at the cursor in the legend.
        legend: { live: true },
      },
      [[], ...spec.series.map(() => [])] as unknown as uPlot.AlignedData,
      this.el,
    );
    this.el.append(this.dataTable());
  }
  /** A marked moment on the x axis (null: none). */
  private mark: { x: number; label: string } | null = null;
  /** Per series, the lower and upper ends of each point's interval (spec.intervals). */
  private intervals: { lo: (number | null)[][]; hi: (number | null)[][] } | null = null;
  setIntervals(lo: (number | null)[][], hi: (number | null)[][]): void {
    this.intervals = { lo, hi };
    this.plot.redraw(false);
  }
  /** Per step series, the lower and upper edge of its band at each x (spec.bands). */
  private bands: { lo: number[][]; hi: number[][] } | null = null;
  setBands(lo: number[][], hi: number[][]): void {
    this.bands = { lo, hi };
    this.plot.redraw(false);
  }
  markX(x: number | null, label = ''): void {
    if ((x === null && this.mark === null) || (x !== null && this.mark?.x === x && this.mark.label === label)) return;
    this.mark = x === null ? null : { x, label };
    this.plot.redraw(false);
  }
  /** Put the cursor at x (its legend then reads every series there); null: take it away. */
  cursorAt(x: number | null): void {
    const u = this.plot;
    u.setCursor({ left: x === null || !u.data[0].length ? -10 : u.valToPos(x, 'x'), top: u.bbox.height / devicePixelRatio / 2 });
  }
  set(data: (number | null)[][]): void {
    this.plot.setData(data as uPlot.AlignedData);
  }
  /** The chart's numbers as a table, in a closed <details> under it (a text alternative for
   *  screen readers and for copying): built when opened, from what is drawn then. */
  private dataTable(): HTMLDetailsElement {
    const d = document.createElement('details');
    d.className = 'chart-data';
    const s = document.createElement('summary');
    s.textContent = 'Data';
    d.append(s);
    d.addEventListener('toggle', () => {
      d.querySelector('.chart-data-scroll')?.remove();
      if (!d.open) return;
      const data = this.plot.data as unknown as (number | null)[][];
      const cols = [this.spec.xLabel, ...this.spec.series.map((x) => x.label)];
      const n = data[0].length;
      const shown = Math.min(n, MAX_TABLE_ROWS);
      const t = document.createElement('table');
      t.className = 'stats';
      t.createCaption().textContent = `${this.spec.title}${shown < n ? ` (the first ${shown} of ${n} points)` : ''}`;
      const head = t.createTHead().insertRow();
      for (const c of cols) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = c;
        head.append(th);
      }
      const body = t.createTBody();
      for (let i = 0; i < shown; i++) {
        const r = body.insertRow();
        data.forEach((col, k) => {
          const v = col[i];
          r.insertCell().textContent = v === null || v === undefined ? '' : k === 0 && this.spec.categories ? (this.spec.categories[v] ?? String(v)) : compactNumber(v);
        });
      }
      // A scrolling region the keyboard can reach (it may be taller than its box).
      const box = document.createElement('div');
      box.className = 'chart-data-scroll';
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', `data of ${this.spec.title}`);
      box.append(t);
      d.append(box);
    });
    return d;
  }
  /** Points plotted so far (for tests and empty-state checks). */
  get points(): number {
    return (this.plot.data[0] as number[]).length;
  }
  png(): Promise<Blob> {
    const src = this.plot.ctx.canvas;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height + 30;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = '#222';
    ctx.font = `${14 * devicePixelRatio}px sans-serif`;
    ctx.fillText(this.spec.title, 10, 20);
    ctx.drawImage(src, 0, 30);
    return new Promise((r) => c.toBlob((b) => r(b!), 'image/png'));
  }
  destroy(): void {
    this.plot.destroy();
    this.el.remove();
  }
}

/** Line styles of survival curves by group, so that they differ by more than colour. */
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [10, 3, 2, 3]];

/** The series of a Kaplan–Meier chart: a step line per group (its colour and line style), then
 *  its censoring marks ("+") as points. */
export function survivalSeries(groups: readonly string[]): ChartSpec['series'] {
  return [
    ...groups.map((g, i) => ({ label: g, color: PALETTE[i], step: true, dash: DASHES[i % DASHES.length] })),
    ...groups.map((g, i) => ({ label: `${g} censored`, color: PALETTE[i], points: true })),
  ];
}

/** Cumulative sums of the series (bottom to top) for stacked area charts. */
export function stack(ys: number[][]): number[][] {
  const out: number[][] = [];
  let acc = ys[0]?.map(() => 0) ?? [];
  for (const y of ys) {
    acc = acc.map((a, i) => a + (y[i] ?? 0));
    out.push(acc);
  }
  return out.reverse(); // top series first, so each fill covers the one below
}
