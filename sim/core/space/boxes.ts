/** Group boxes on the lattice (see lattice.ts): a box per group that holds all its cells, drawing
 *  a uniform site of a box, the switch between keeping a group's member set and not, removing
 *  cells (dissemination, surgery) and the lattice's readers (states, neighbours, a group's cells). */
import type { CloneTable } from '../clones.js';
import type { GrowthHost } from './engine.js';
import { EMPTY, WALL, Word, packed, stateOf } from './geometry.js';
import { LatticeSites, NO_HI, NO_LO } from './sites.js';

export class LatticeBoxes extends LatticeSites {
  protected boxVolume(g: number): number {
    const b = this.box;
    const k = 6 * g;
    return (b[k + 1] - b[k] + 1) * (b[k + 3] - b[k + 2] + 1) * (b[k + 5] - b[k + 4] + 1);
  }

  /** The site of group g's box that uniform u ∈ [0, 1) names (the box's points, x fastest). */
  protected boxSite(g: number, u: number): number {
    const b = this.box;
    const k = 6 * g;
    const wx = b[k + 1] - b[k] + 1;
    const wy = b[k + 3] - b[k + 2] + 1;
    // Sites ≤ 2^31: the index fits an int32, so % and / below stay integer operations.
    // One integer division per coordinate (a % and an exact / took two), none for z in 2D.
    const wz = b[k + 5] - b[k + 4] + 1;
    const r = Math.floor(u * (wx * wy * wz)) | 0;
    const q = (r / wx) | 0;
    const z = wz === 1 ? 0 : (q / wy) | 0;
    return this.layout.index(b[k] + r - q * wx, b[k + 2] + q - z * wy, b[k + 4] + z);
  }

  /** Cells (sites) of group g — clone g and its passenger sub-clones — valid until the next change. */
  cellsOf(clones: CloneTable, g: number): Int32Array {
    this.sets(g);
    if (this.listed[g]) return this.members[g].items.subarray(0, this.cells[g]);
    const out = new Int32Array(this.cells[g]);
    let k = 0;
    this.scanBox(clones, g, (s) => void (out[k++] = s));
    return out;
  }

  /** Cells of group g on the lattice. */
  groupCells(g: number): number {
    return g < this.cells.length ? this.cells[g] : 0;
  }

  /** Calls f(s) for every site of group g, scanning its box (x fastest, then y, then z). */
  protected scanBox(clones: CloneTable, g: number, f: (s: number) => void): void {
    const b = this.box.slice(6 * g, 6 * g + 6);
    const a = this.words;
    const group = clones.group;
    for (let z = b[4]; z <= b[5]; z++)
      for (let y = b[2]; y <= b[3]; y++)
        for (let s = this.index(b[0], y, z), e = s + b[1] - b[0]; s <= e; s++) {
          const id = stateOf(a[s]);
          if (id >= 0 && group[id] === g) f(s);
        }
  }

  /** Stop keeping group g's member set (its deaths are drawn from its box). */
  protected unlist(g: number): void {
    this.listed[g] = false;
    this.members[g].size = 0;
    this.members[g].items = new Int32Array(16);
  }

  /** Keep group g's member set again: rebuilt from a scan of its box, which shrinks to fit. */
  protected relist(clones: CloneTable, g: number): void {
    const m = this.members[g];
    const b = this.box;
    const k = 6 * g;
    const lo = [NO_LO, NO_LO, NO_LO];
    const hi = [NO_HI, NO_HI, NO_HI];
    this.scanBox(clones, g, (s) => {
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
    this.listed[g] = true;
  }

  /** Every lattice point, x fastest, then y, then z (width × height × depth, no wall; in 2D the
   *  lattice row by row): clone ids, EMPTY or EPITHELIUM. */
  states(out = new Int32Array(this.width * this.height * this.depth)): Int32Array {
    let k = 0;
    const a = this.words;
    for (let z = 0; z < this.depth; z++)
      for (let y = 0; y < this.height; y++) {
        let i = this.index(0, y, z);
        for (let x = 0; x < this.width; x++, i++) out[k++] = stateOf(a[i]);
      }
    return out;
  }

  /** The lattice points next to site s (the wall left out), in the neighbourhood's order. */
  neighbourSites(s: number): number[] {
    const out: number[] = [];
    for (const o of this.nbOffsets) if (this.state(s + o) !== WALL) out.push(s + o);
    return out;
  }
  /** [empty, epithelial] neighbours of site s as the incremental bookkeeping has them. */
  neighbourCounts(s: number): [number, number] {
    const w = this.words[s];
    return [w & Word.EMPTY_MASK, (w & Word.COUNTS) >> Word.CB];
  }

  remove(host: GrowthHost, id: number, count: number): void {
    const { clones, rng } = host;
    const g = clones.group[id];
    this.sets(g);
    if (this.cells[g] !== clones.n[id]) return this.removeSome(host, id, count);
    // The clone is its whole group. Without a member set it loses a few cells by rejection from
    // its box: uniform sites of the box until one holds its cell is a uniform pick among its
    // cells, as from the member set. It fills ≥ 1/8 of the box, so removing ≤ 1/8 of its cells
    // keeps the acceptance ≥ 1/9; for more, the set is rebuilt first.
    if (!this.listed[g] && 8 * count > clones.n[id]) this.relist(clones, g);
    const m = this.members[g];
    for (let i = 0; i < count && clones.n[id] > 0; i++) {
      if (this.listed[g]) {
        this.vacate(clones, m.items[rng.int(m.size)], EMPTY);
        continue;
      }
      for (;;) {
        const s = this.boxSite(g, rng.next());
        if (stateOf(this.words[s]) === id) {
          this.vacate(clones, s, EMPTY);
          break;
        }
      }
    }
  }

  /** `count` uniformly random cells of clone id, one clone of a larger group: its sites are
   *  collected from the group's, then drawn without replacement (a partial Fisher–Yates shuffle). */
  private removeSome(host: GrowthHost, id: number, count: number): void {
    const { clones, rng } = host;
    const sites: number[] = [];
    for (const s of this.cellsOf(clones, clones.group[id])) if (this.state(s) === id) sites.push(s);
    const k = Math.min(count, sites.length);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(sites.length - i);
      [sites[i], sites[j]] = [sites[j], sites[i]];
    }
    for (let i = 0; i < k; i++) this.vacate(clones, sites[i], EMPTY);
  }

  /** Fold group g's sub-clones into g: their sites are relabelled g (the group's sets hold sites,
   *  so they stand), their counts moved by CloneTable.settle. */
  settle(host: GrowthHost, g: number, tDays: number): void {
    const { clones } = host;
    const moved: number[] = [];
    if (g < this.members.length) for (const s of this.cellsOf(clones, g)) if (this.state(s) !== g) moved.push(s);
    clones.settle(g, tDays);
    for (const s of moved) this.words[s] = packed(g, this.words[s] & Word.COUNTS);
  }

  clear(host: GrowthHost, ids: readonly number[]): number {
    const { clones } = host;
    const gone = new Set(ids);
    const sites: number[] = [];
    for (const g of new Set(ids.map((id) => clones.group[id]))) {
      if (g >= this.members.length) continue;
      for (const s of this.cellsOf(clones, g)) if (gone.has(this.state(s))) sites.push(s);
    }
    for (const s of sites) this.vacate(clones, s, EMPTY);
    return sites.length;
  }
}
