/**
 * The niche's agents on the lattice: where each immune or stromal cell is. Their number follows
 * the niche's counts (net/niche.ts); their positions are drawn and moved here.
 */
import { AGENT_TYPES } from '../biology/biology.js';
import type { Rng } from '../core/rng.js';

/** Motility of each agent type on the lattice, in sites per day (T cells and neutrophils crawl
 *  fast, macrophages and dendritic cells slowly, fibroblasts barely). */
const SPEED: Record<string, number> = {
  CD8_T: 6, CD4_T: 5, Treg: 4, macrophage: 1.5, monocyte: 4, cDC1: 2, neutrophil: 10, CAF: 0.2,
};
const SPEEDS = AGENT_TYPES.map((t) => SPEED[t.id] ?? 1);

/**
 * Where the niche's agents are on the lattice: one entry per agent (type, site). Their number
 * follows the niche's counts: arrivals extravasate from the tumour's vessels (NETs are richly
 * vascularised), at a uniformly random tumour cell, or at a random site of the patch while there
 * is none; departures are random agents. Each tick they random-walk: off the tumour with a bias
 * toward its largest lesion (chemotaxis), on a tumour cell unbiased (infiltration), so they spread
 * over the tumour rather than pile up at the lesion's centre. They act on the tumour cells within
 * their reach (net/contacts.ts).
 */
export class AgentField {
  type = new Uint8Array(64);
  site = new Int32Array(64);
  size = 0;
  private readonly perType: number[] = AGENT_TYPES.map(() => 0);

  /** Sites are numbered as the lattice's `states()`: x fastest, then y, then z (depth 1 in 2D). */
  constructor(readonly width: number, readonly height: number, readonly depth = 1) {}

  private push(t: number, s: number): void {
    if (this.size === this.type.length) {
      const ty = new Uint8Array(this.size * 2);
      ty.set(this.type);
      this.type = ty;
      const si = new Int32Array(this.size * 2);
      si.set(this.site);
      this.site = si;
    }
    this.type[this.size] = t;
    this.site[this.size] = s;
    this.size++;
    this.perType[t]++;
  }

  private removeAt(k: number): void {
    this.perType[this.type[k]]--;
    this.size--;
    this.type[k] = this.type[this.size];
    this.site[k] = this.site[this.size];
  }

  /** Match the niche's counts: add agents at uniformly random sites of `entry` (the tumour's
   *  cells), or of the whole patch when it is null or empty, and remove random agents. */
  sync(counts: Float64Array, rng: Rng, entry: Int32Array | null = null): void {
    const cells = this.width * this.height * this.depth;
    const from = entry && entry.length ? entry : null;
    for (let t = 0; t < counts.length; t++) {
      while (this.perType[t] < counts[t]) this.push(t, from ? from[rng.int(from.length)] : rng.int(cells));
      while (this.perType[t] > counts[t]) {
        // a uniformly random agent of type t
        let r = rng.int(this.perType[t]);
        for (let k = 0; k < this.size; k++) if (this.type[k] === t && r-- === 0) {
          this.removeAt(k);
          break;
        }
      }
    }
  }

  /** Random walk for `dt` days: biased toward (tx, ty, tz) from sites where `inLesion` is false,
   *  unbiased from those where it is true, or everywhere when there is no lesion (tx < 0). In 2D (depth 1) z stays 0 and is never
   *  drawn. */
  move(dt: number, tx: number, ty: number, tz: number, rng: Rng, inLesion: (x: number, y: number, z: number) => boolean = () => false): void {
    const W = this.width;
    const H = this.height;
    const D = this.depth;
    const plane = W * H;
    const biased = tx >= 0;
    for (let k = 0; k < this.size; k++) {
      const steps = Math.min(200, rng.poisson(SPEEDS[this.type[k]] * dt));
      const s = this.site[k];
      const z0 = Math.floor(s / plane);
      let x = (s - z0 * plane) % W;
      let y = (s - z0 * plane - x) / W;
      let z = z0;
      for (let i = 0; i < steps; i++) {
        if (biased && !inLesion(x, y, z) && rng.next() < 0.5) {
          x += Math.sign(tx - x);
          y += Math.sign(ty - y);
          z += Math.sign(tz - z);
        } else {
          x += rng.int(3) - 1;
          y += rng.int(3) - 1;
          if (D > 1) z += rng.int(3) - 1;
        }
        x = x < 0 ? 0 : x >= W ? W - 1 : x;
        y = y < 0 ? 0 : y >= H ? H - 1 : y;
        z = z < 0 ? 0 : z >= D ? D - 1 : z;
      }
      this.site[k] = (z * H + y) * W + x;
    }
  }
}
