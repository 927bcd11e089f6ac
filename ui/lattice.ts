/**
 * The lattice view: one pixel per site on a canvas scaled by CSS, agents drawn over it. A 3D
 * lattice (depth > 1) is drawn one z-slice at a time (a "slice z" slider) or as a projection of
 * the most neoplastic state along z; a 2D lattice is drawn straight from its states.
 */
import type { CloneMeta } from './protocol.js';
import { AGENT_COLOURS, EPITHELIUM_RGB, EMPTY_RGB, HIT_RGB, NEOPLASTIC_RGB, NORMAL_NE_RGB, PALETTE } from './colours.js';

export type ColourBy = 'program' | 'clone' | 'hit';
export type LatticeMode = 'slice' | 'projection';

const EPI_RGB = EPITHELIUM_RGB;
const EPITHELIUM = -2;

/**
 * The width × height plane to draw of a width × height × depth states array (x fastest, then y,
 * then z): the slice at `z`, or, along each (x, y) column, the most neoplastic state — a
 * neoplastic clone over a normal clone over epithelium over empty, the lowest z among equals —
 * like a maximum-intensity projection, so a tumor anywhere in the depth shows. A 2D lattice is
 * its own plane (no copy).
 */
export function planeOf(states: Int32Array, width: number, height: number, depth: number, mode: LatticeMode, z: number, neoplastic: Uint8Array, out?: Int32Array): Int32Array {
  const n = width * height;
  if (states.length !== n * depth) throw new Error(`expected ${width} × ${height} × ${depth} states, got ${states.length}`);
  if (depth === 1) return states;
  out ??= new Int32Array(n);
  if (mode === 'slice') {
    out.set(states.subarray(z * n, (z + 1) * n));
    return out;
  }
  const rank = (v: number) => (v >= 0 ? (neoplastic[v] === 1 ? 3 : 2) : v === EPITHELIUM ? 1 : 0);
  for (let i = 0; i < n; i++) {
    let best = states[i];
    let r = rank(best);
    for (let k = i + n; r < 3 && k < states.length; k += n) {
      const q = rank(states[k]);
      if (q > r) {
        best = states[k];
        r = q;
      }
    }
    out[i] = best;
  }
  return out;
}

function hexRgb(h: string): number[] {
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
}
/** An opaque RGB colour as one little-endian RGBA word (ImageData's byte order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function packRgb([r, g, b]: number[]): number {
  return LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}
function cloneRgb(id: number): number[] {
  // A stable pseudo-random colour per clone id.
  const h = ((id * 2654435761) >>> 0) / 4294967296;
  const s = 0.65;
  const l = 0.5;
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export class LatticeView {
  readonly canvas: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  private image: ImageData | null = null;
  private lut = new Uint32Array(64);
  colourBy: ColourBy = 'program';
  hit = 0;
  showAgents = true;
  /** 3D only: a z-slice or the projection along z, and which slice. */
  mode: LatticeMode = 'slice';
  slice: number;
  private plane: Int32Array | undefined;
  private last: Parameters<LatticeView['draw']> | null = null;
  /** A 2D frame's states once drawn: the run worker may fill the same buffer again (`spare()`). */
  private drawn: ArrayBuffer | null = null;
  /** Program index → colour (the page's legend uses the same). */
  programColour: (p: number) => string = (p) => PALETTE[p % PALETTE.length];

  constructor(parent: HTMLElement, readonly width: number, readonly height: number, readonly agentTypes: string[], readonly depth = 1) {
    this.slice = depth >> 1; // the middle slice, through a tumor grown from the centre
    const wrap = document.createElement('div');
    wrap.className = 'lattice-wrap';
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.className = 'lattice';
    this.canvas.setAttribute('aria-label', 'lattice of cells');
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'lattice-overlay';
    const scale = Math.max(1, Math.floor(512 / Math.max(width, height)));
    this.overlay.width = width * scale;
    this.overlay.height = height * scale;
    wrap.append(this.canvas, this.overlay);
    parent.appendChild(wrap);
    if (depth > 1) parent.appendChild(this.depthControls());
  }

  /** "slice z" and the projection switch, shown only for a 3D lattice; each redraws the last frame. */
  private depthControls(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'lattice-controls lattice-depth';
    const slider = Object.assign(document.createElement('input'), { type: 'range', min: '0', max: String(this.depth - 1), value: String(this.slice), name: 'slice-z' });
    const value = Object.assign(document.createElement('span'), { textContent: String(this.slice) });
    const proj = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'projection' });
    const redraw = () => {
      this.slice = Number(slider.value);
      this.mode = proj.checked ? 'projection' : 'slice';
      slider.disabled = proj.checked;
      value.textContent = String(this.slice);
      if (this.last) this.draw(...this.last);
    };
    slider.addEventListener('input', redraw);
    proj.addEventListener('change', redraw);
    const sliceLabel = document.createElement('label');
    sliceLabel.append('slice z ', slider, ' ', value);
    const projLabel = document.createElement('label');
    projLabel.title = 'along each column, the most neoplastic state';
    projLabel.append(proj, ' projection along z');
    el.append(sliceLabel, projLabel);
    return el;
  }

  /** Draw the last frame again (a colour mode or the agents changed while paused or finished);
   *  false when its states went back to the worker for the next frame (that frame will show it). */
  redraw(): boolean {
    if (!this.last || this.last[0].buffer.byteLength === 0) return false;
    this.draw(...this.last);
    return true;
  }

  draw(states: Int32Array, clones: CloneMeta, agentType: Uint8Array, agentSite: Int32Array): void {
    const depth = this.depth;
    this.last = [states, clones, agentType, agentSite];
    if (depth > 1) {
      states = this.plane = planeOf(states, this.width, this.height, depth, this.mode, this.slice, clones.neoplastic, this.plane);
    }
    const ctx = this.canvas.getContext('2d')!;
    this.image ??= ctx.createImageData(this.width, this.height);
    // One colour per clone (a lookup table rebuilt per frame: O(clones), not O(sites)), then one
    // 32-bit store per site.
    const lut = this.colourTable(clones);
    const empty = packRgb(EMPTY_RGB);
    const epi = packRgb(EPI_RGB);
    const px = new Uint32Array(this.image.data.buffer);
    for (let i = 0; i < states.length; i++) {
      const v = states[i];
      px[i] = v >= 0 ? lut[v] : v === -1 ? empty : epi;
    }
    ctx.putImageData(this.image, 0, 0);
    if (depth === 1) this.drawn = states.buffer as ArrayBuffer; // a 3D view keeps its frame to redraw slices
    const o = this.overlay.getContext('2d')!;
    o.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (!this.showAgents) return;
    // One path per agent type: a few fills a frame however many agents there are.
    const sx = this.overlay.width / this.width;
    const r = Math.max(1.5, sx * 0.9);
    const n = this.width * this.height;
    // Outlined, so an agent stands out on cells of any colour (its own colour included).
    o.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    o.lineWidth = Math.max(0.75, r * 0.35);
    for (let t = 0; t < this.agentTypes.length; t++) {
      o.fillStyle = AGENT_COLOURS[this.agentTypes[t]] ?? '#000';
      o.beginPath();
      let any = false;
      for (let k = 0; k < agentSite.length; k++) {
        if (agentType[k] !== t) continue;
        let s = agentSite[k];
        if (depth > 1) {
          // A slice shows its own layer's agents; the projection shows them all.
          const z = Math.floor(s / n);
          if (this.mode === 'slice' && z !== this.slice) continue;
          s -= z * n;
        }
        const x = s % this.width;
        const cx = (x + 0.5) * sx;
        o.moveTo(cx + r, ((s - x) / this.width + 0.5) * sx);
        o.arc(cx, ((s - x) / this.width + 0.5) * sx, r, 0, 2 * Math.PI);
        any = true;
      }
      if (any) {
        o.stroke();
        o.fill();
      }
    }
  }

  private colourTable(clones: CloneMeta): Uint32Array {
    const n = clones.program.length;
    if (this.lut.length < n) this.lut = new Uint32Array(Math.max(n, 2 * this.lut.length));
    const lut = this.lut;
    const byProgram = new Map<number, number>();
    const hitBit = 1 << this.hit;
    const grey = packRgb(NORMAL_NE_RGB);
    for (let v = 0; v < n; v++) {
      const neo = clones.neoplastic[v] === 1;
      if (this.colourBy === 'program') {
        const key = clones.program[v] * 2 + (neo ? 1 : 0);
        let c = byProgram.get(key);
        if (c === undefined) {
          let rgb = hexRgb(this.programColour(clones.program[v]));
          if (!neo) rgb = rgb.map((x) => Math.round(x + (255 - x) * 0.3)); // normal NE cells: lighter
          c = packRgb(rgb);
          byProgram.set(key, c);
        }
        lut[v] = c;
      } else if (this.colourBy === 'clone') lut[v] = neo ? packRgb(cloneRgb(v)) : grey;
      else lut[v] = clones.hits[v] & hitBit ? packRgb(HIT_RGB) : neo ? packRgb(NEOPLASTIC_RGB) : grey;
    }
    return lut;
  }

  /** The states buffer of the last 2D frame drawn, handed over once (null if none). */
  spare(): ArrayBuffer | null {
    const b = this.drawn;
    this.drawn = null;
    return b;
  }

  /** A hash (FNV-1a) of the lattice's pixels: equal images, equal hashes (for tests). */
  pixelHash(): number {
    if (!this.image) return 0;
    const px = new Uint32Array(this.image.data.buffer);
    let h = 0x811c9dc5;
    for (let k = 0; k < px.length; k++) h = Math.imul(h ^ px[k], 0x01000193);
    return h >>> 0;
  }

  /** Fraction of lattice pixels that are not background (for tests). */
  drawnFraction(): number {
    if (!this.image) return 0;
    const px = this.image.data;
    let n = 0;
    for (let k = 0; k < px.length; k += 4) if (!(px[k] === 255 && px[k + 1] === 255 && px[k + 2] === 255)) n++;
    return n / (px.length / 4);
  }

  png(): Promise<Blob> {
    const c = document.createElement('canvas');
    c.width = this.overlay.width;
    c.height = this.overlay.height;
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, 0, 0, c.width, c.height);
    ctx.drawImage(this.overlay, 0, 0);
    return new Promise((r) => c.toBlob((b) => r(b!), 'image/png'));
  }
}
