/**
 * Muller plot of the neoplastic clones (ggmuller's layout): at each time a clone's band holds its
 * own cells split in two around its descendants' bands, so every subclone appears inside its
 * parent. Drawn on a canvas from clone_sizes rows.
 */
import type { CloneMeta } from './protocol.js';

export class MullerPlot {
  readonly canvas: HTMLCanvasElement;
  readonly el: HTMLElement;
  private sizes = new Map<number, Map<number, number>>(); // time → clone → population
  private times: number[] = [];
  colour: (clone: number) => string = () => '#888';

  constructor(parent: HTMLElement, readonly title: string, width = 460, height = 230) {
    this.el = document.createElement('figure');
    this.el.className = 'chart muller';
    this.el.dataset.title = title;
    const cap = document.createElement('div');
    cap.className = 'u-title';
    cap.textContent = title;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width * devicePixelRatio;
    this.canvas.height = height * devicePixelRatio;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.el.append(cap, this.canvas);
    parent.appendChild(this.el);
  }

  add(rows: [number, number, number][]): void {
    for (const [id, t, n] of rows) {
      let m = this.sizes.get(t);
      if (!m) {
        m = new Map();
        this.sizes.set(t, m);
        this.times.push(t);
      }
      m.set(id, n);
    }
  }

  get points(): number {
    return this.times.length;
  }

  draw(meta: CloneMeta): void {
    const ctx = this.canvas.getContext('2d')!;
    const W = this.canvas.width;
    const H = this.canvas.height;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    const neo = (id: number) => meta.neoplastic[id] === 1;
    const children = new Map<number, number[]>();
    const roots: number[] = [];
    for (let id = 0; id < meta.parent.length; id++) {
      if (!neo(id)) continue;
      const p = meta.parent[id];
      if (p >= 0 && neo(p)) (children.get(p) ?? children.set(p, []).get(p)!).push(id);
      else roots.push(id);
    }
    const times = decimate(this.times, Math.max(2, Math.floor(W / 2)));
    if (times.length < 2 || roots.length === 0) {
      ctx.fillStyle = '#888';
      ctx.font = `${12 * devicePixelRatio}px sans-serif`;
      ctx.fillText('no neoplastic clone yet', 10, H / 2);
      return;
    }
    const t0 = times[0];
    const t1 = times[times.length - 1];
    const x = (t: number) => ((t - t0) / Math.max(1e-9, t1 - t0)) * W;
    // Per time: subtree totals, then band bounds by the nested layout.
    const lower = new Map<number, number[]>();
    const upper = new Map<number, number[]>();
    times.forEach((t, ti) => {
      const m = this.sizes.get(t)!;
      const total = new Map<number, number>();
      const subtree = (id: number): number => {
        let s = m.get(id) ?? 0;
        for (const c of children.get(id) ?? []) s += subtree(c);
        total.set(id, s);
        return s;
      };
      let all = 0;
      for (const r of roots) all += subtree(r);
      let y = 0;
      const place = (id: number, y0: number) => {
        const own = m.get(id) ?? 0;
        const lo = (lower.get(id) ?? lower.set(id, new Array(times.length).fill(0)).get(id)!);
        const hi = (upper.get(id) ?? upper.set(id, new Array(times.length).fill(0)).get(id)!);
        lo[ti] = y0;
        hi[ti] = y0 + (total.get(id) ?? 0);
        let yc = y0 + own / 2;
        for (const c of children.get(id) ?? []) {
          place(c, yc);
          yc += total.get(c) ?? 0;
        }
      };
      for (const r of roots) {
        place(r, y);
        y += total.get(r) ?? 0;
      }
      if (all > 0) for (const id of lower.keys()) {
        lower.get(id)![ti] /= all;
        upper.get(id)![ti] /= all;
      }
    });
    // Draw parents first so children paint over them.
    const order: number[] = [];
    const visit = (id: number) => {
      order.push(id);
      for (const c of children.get(id) ?? []) visit(c);
    };
    roots.forEach(visit);
    for (const id of order) {
      const lo = lower.get(id)!;
      const hi = upper.get(id)!;
      ctx.fillStyle = this.colour(id);
      ctx.beginPath();
      times.forEach((t, i) => (i ? ctx.lineTo(x(t), H * (1 - hi[i])) : ctx.moveTo(x(t), H * (1 - hi[i]))));
      for (let i = times.length - 1; i >= 0; i--) ctx.lineTo(x(times[i]), H * (1 - lo[i]));
      ctx.closePath();
      ctx.fill();
    }
  }

  png(): Promise<Blob> {
    return new Promise((r) => this.canvas.toBlob((b) => r(b!), 'image/png'));
  }
}

/** At most `max` of the sorted times, evenly strided, always keeping the first and the last. */
function decimate(times: number[], max: number): number[] {
  if (times.length <= max) return times;
  const out: number[] = [];
  const step = (times.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(times[Math.round(i * step)]);
  return out;
}
