/** Clone boxes on the lattice (see lattice.ts): a box per clone that holds all its cells, drawing
 *  a uniform site of a box, and the switch between keeping a clone's member set and not. */
import type { CloneTable } from '../clones.js';
import { AUX, SHIFT, WORD } from './geometry.js';
import { LatticeSites, NO_HI, NO_LO } from './sites.js';

export class LatticeBoxes extends LatticeSites {
  protected boxVolume(id: number): number {
    const b = this.box;
    const k = 6 * id;
    return (b[k + 1] - b[k] + 1) * (b[k + 3] - b[k + 2] + 1) * (b[k + 5] - b[k + 4] + 1);
  }

  /** The site of clone id's box that uniform u ∈ [0, 1) names (the box's points, x fastest). */
  protected boxSite(id: number, u: number): number {
    const b = this.box;
    const k = 6 * id;
    const wx = b[k + 1] - b[k] + 1;
    const wy = b[k + 3] - b[k + 2] + 1;
    // Sites ≤ 2^31: the index fits an int32, so % and / below stay integer operations.
    let r = Math.floor(u * (wx * wy * (b[k + 5] - b[k + 4] + 1))) | 0;
    const x = r % wx;
    r = ((r - x) / wx) | 0;
    const y = r % wy;
    return this.layout.index(b[k] + x, b[k + 2] + y, b[k + 4] + (((r - y) / wy) | 0));
  }

  /** Members of clone `id` (sites), valid until the next change. */
  cellsOf(clones: CloneTable, id: number): Int32Array {
    this.sets(id);
    if (this.listed[id]) return this.members[id].items.subarray(0, clones.n[id]);
    const out = new Int32Array(clones.n[id]);
    let k = 0;
    this.scanBox(id, (s) => void (out[k++] = s));
    return out;
  }

  /** Calls f(s) for every site of clone id, scanning its box (x fastest, then y, then z). */
  protected scanBox(id: number, f: (s: number) => void): void {
    const b = this.box.slice(6 * id, 6 * id + 6);
    const a = this.aux;
    for (let z = b[4]; z <= b[5]; z++)
      for (let y = b[2]; y <= b[3]; y++)
        for (let s = this.index(b[0], y, z), e = s + b[1] - b[0]; s <= e; s++) if ((a[AUX * s + WORD] >> SHIFT) - 3 === id) f(s);
  }

  /** Stop keeping clone id's member set (its deaths are drawn from its box). */
  protected unlist(id: number): void {
    this.listed[id] = false;
    this.members[id].size = 0;
    this.members[id].items = new Int32Array(16);
  }

  /** Keep clone id's member set again: rebuilt from a scan of its box, which shrinks to fit. */
  protected relist(id: number): void {
    const m = this.members[id];
    const b = this.box;
    const k = 6 * id;
    const lo = [NO_LO, NO_LO, NO_LO];
    const hi = [NO_HI, NO_HI, NO_HI];
    this.scanBox(id, (s) => {
      m.add(s);
      const c = [this.x(s), this.y(s), this.dimensions === 3 ? this.z(s) : 0];
      for (let i = 0; i < 3; i++) {
        lo[i] = Math.min(lo[i], c[i]);
        hi[i] = Math.max(hi[i], c[i]);
      }
    });
    for (let i = 0; i < 3; i++) {
      b[k + 2 * i] = lo[i];
      b[k + 2 * i + 1] = hi[i];
    }
    this.boxEpoch++;
    this.listed[id] = true;
  }

}
