/**
 * Muller plot of the neoplastic clones (ggmuller's layout): at each time a clone's band holds its
 * own cells split in two around its descendants' bands, so every subclone appears inside its
 * parent. Drawn on a canvas from clone_sizes rows.
 *
 * The layout runs on typed arrays, one pass per drawn time over the clones in preorder (a
 * clone's descendants follow it): O(times × clones) with no allocation per clone, a few
 * milliseconds for a 512 × 512 lattice's hundreds of clones, so a drawing stays far below a long
 * task (50 ms) however long the run.
 */
import type { CloneMeta } from './protocol.js';

/** Height (CSS px) below the bands for the x axis. */
const AXIS_PX = 32;

export class MullerPlot {
  readonly canvas: HTMLCanvasElement;
  readonly el: HTMLElement;
  /** Per recorded time (increasing): the clones listed then and their cells. */
  private readonly times: number[] = [];
  private readonly ids: number[][] = [];
  private readonly cells: number[][] = [];
  /** Every clone id listed at some time (the bands that can be drawn). */
  private readonly listed = new Set<number>();
  colour: (clone: number) => string = () => '#888';
  /** The x axis: a recorded time → what the axis shows (the patient's age), and its title. */
  axis: { at: (t: number) => number; label: string } = { at: (t) => t, label: 'time (days)' };
  private scratch = { lo: new Float32Array(0), hi: new Float32Array(0), own: new Float64Array(0), total: new Float64Array(0), next: new Float64Array(0) };

  constructor(parent: HTMLElement, readonly title: string, width = 460, height = 230 + AXIS_PX) {
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

  /** Rows of clone_sizes ([clone, time, cells]), in time order. */
  add(rows: [number, number, number][]): void {
    for (const [id, t, n] of rows) {
      let k = this.times.length - 1;
      if (k < 0 || this.times[k] !== t) {
        this.times.push(t);
        this.ids.push([]);
        this.cells.push([]);
        k++;
      }
      this.ids[k].push(id);
      this.cells[k].push(n);
      this.listed.add(id);
    }
  }

  get points(): number {
    return this.times.length;
  }

  draw(meta: CloneMeta): void {
    const ctx = this.canvas.getContext('2d')!;
    const W = this.canvas.width;
    // The bands above, the x axis (ticks, numbers, its title) in the bottom AXIS_PX.
    const H = this.canvas.height - AXIS_PX * devicePixelRatio;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, this.canvas.height);
    const tree = cloneTree(meta, this.listed);
    const V = tree.order.length;
    const picked = decimate(this.times.length, Math.max(2, Math.floor(W / 2)));
    const T = picked.length;
    if (T < 2 || V === 0) {
      ctx.fillStyle = '#888';
      ctx.font = `${12 * devicePixelRatio}px sans-serif`;
      ctx.fillText('no neoplastic clone yet', 10, H / 2);
      return;
    }
    // Band bounds per clone (position in preorder) and drawn time, as fractions of all cells.
    // Scratch arrays kept from one drawing to the next (grown, never shrunk): no garbage per drawing.
    const s = this.scratch;
    if (s.lo.length < V * T) {
      s.lo = new Float32Array(2 * V * T);
      s.hi = new Float32Array(2 * V * T);
    }
    if (s.own.length < V) {
      s.own = new Float64Array(2 * V);
      s.total = new Float64Array(2 * V);
      s.next = new Float64Array(2 * V);
    }
    const { lo, hi, own, total, next } = s;
    for (let ti = 0; ti < T; ti++) {
      const ri = picked[ti];
      own.fill(0, 0, V);
      const ids = this.ids[ri];
      const cells = this.cells[ri];
      for (let j = 0; j < ids.length; j++) {
        const k = tree.position.get(ids[j]);
        if (k !== undefined) own[k] += cells[j];
      }
      total.set(own.subarray(0, V));
      // Reverse preorder: every clone's descendants are summed before it is added to its parent.
      for (let k = V - 1; k >= 0; k--) if (tree.parent[k] >= 0) total[tree.parent[k]] += total[k];
      let all = 0;
      for (let k = 0; k < V; k++) if (tree.parent[k] < 0) all += total[k];
      const scale = all > 0 ? 1 / all : 0;
      let rootY = 0;
      for (let k = 0; k < V; k++) {
        const p = tree.parent[k];
        let y: number;
        if (p < 0) {
          y = rootY;
          rootY += total[k];
        } else {
          y = next[p];
          next[p] += total[k];
        }
        next[k] = y + own[k] / 2;
        lo[k * T + ti] = y * scale;
        hi[k * T + ti] = (y + total[k]) * scale;
      }
    }
    const t0 = this.times[picked[0]];
    const span = Math.max(1e-9, this.times[picked[T - 1]] - t0);
    const xs = picked.map((ri) => ((this.times[ri] - t0) / span) * W);
    // Parents first, so children paint over them. A band never a pixel thick is not drawn, nor
    // are its descendants (they lie inside it): hundreds of clones, a few dozen visible.
    const minHeight = 1 / H;
    for (let k = 0; k < V; k++) {
      let thick = false;
      for (let i = 0; i < T && !thick; i++) thick = hi[k * T + i] - lo[k * T + i] >= minHeight;
      if (!thick) continue;
      ctx.fillStyle = this.colour(tree.order[k]);
      ctx.beginPath();
      ctx.moveTo(xs[0], H * (1 - hi[k * T]));
      for (let i = 1; i < T; i++) ctx.lineTo(xs[i], H * (1 - hi[k * T + i]));
      for (let i = T - 1; i >= 0; i--) ctx.lineTo(xs[i], H * (1 - lo[k * T + i]));
      ctx.closePath();
      ctx.fill();
    }
    this.drawAxis(ctx, this.axis.at(t0), this.axis.at(t0 + span), W, H);
  }

  /** Ticks at round values of the axis between a and b, their numbers and the axis title. */
  private drawAxis(ctx: CanvasRenderingContext2D, a: number, b: number, W: number, H: number): void {
    const d = devicePixelRatio;
    const raw = (b - a) / 5;
    const mag = 10 ** Math.floor(Math.log10(raw > 0 ? raw : 1));
    const step = [1, 2, 5, 10].map((k) => k * mag).find((x) => x >= raw) ?? 10 * mag;
    ctx.strokeStyle = '#555';
    ctx.fillStyle = '#333';
    ctx.font = `${10 * d}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.beginPath();
    ctx.moveTo(0, H);
    ctx.lineTo(W, H);
    for (let v = Math.ceil(a / step) * step; v <= b + 1e-9; v += step) {
      const x = b > a ? ((v - a) / (b - a)) * W : 0;
      ctx.moveTo(x, H);
      ctx.lineTo(x, H + 4 * d);
      ctx.fillText(String(Number(v.toPrecision(6))), Math.min(W - 12 * d, Math.max(12 * d, x)), H + 14 * d);
    }
    ctx.stroke();
    ctx.font = `bold ${10 * d}px sans-serif`;
    ctx.fillText(this.axis.label, W / 2, H + 27 * d);
  }

  png(): Promise<Blob> {
    return new Promise((r) => this.canvas.toBlob((b) => r(b!), 'image/png'));
  }
}

/**
 * The neoplastic clones that have been listed, in preorder (each clone's descendants follow it,
 * siblings in id order), each with the position of its nearest listed neoplastic ancestor (−1: a
 * root). A clone's id exceeds its parent's (the table appends), so ascending ids visit parents
 * first.
 */
function cloneTree(meta: CloneMeta, listed: Set<number>): { order: number[]; parent: Int32Array; position: Map<number, number> } {
  const shown = (id: number) => id >= 0 && id < meta.neoplastic.length && meta.neoplastic[id] === 1 && listed.has(id);
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  const ancestor = new Map<number, number>();
  for (const id of [...listed].sort((a, b) => a - b)) {
    if (!shown(id)) continue;
    let p = meta.parent[id];
    while (p >= 0 && !shown(p)) {
      const q = meta.parent[p];
      p = q < p ? q : -1; // a parent's id is smaller: anything else ends the walk
    }
    ancestor.set(id, p);
    if (p >= 0) (children.get(p) ?? children.set(p, []).get(p)!).push(id);
    else roots.push(id);
  }
  const order: number[] = [];
  const stack = roots.slice().reverse();
  while (stack.length) {
    const id = stack.pop()!;
    order.push(id);
    const c = children.get(id);
    if (c) for (let j = c.length - 1; j >= 0; j--) stack.push(c[j]);
  }
  const position = new Map(order.map((id, k) => [id, k]));
  const parent = new Int32Array(order.length);
  order.forEach((id, k) => (parent[k] = position.get(ancestor.get(id)!) ?? -1));
  return { order, parent, position };
}

/** At most `max` indices of `n` sorted times, evenly strided, always keeping the first and the last. */
function decimate(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * step));
}
