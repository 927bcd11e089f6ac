/**
 * Metastatic lesions, one by one. Each seeded cell founds a lesion, regional (the draining lymph
 * nodes) or distant (liver, bone, …), that grows by the rates of its clone; whether it is found
 * depends on its own size (a pathologist examines resected nodes, imaging sees distant lesions
 * above a size), not on the sum of all lesions. Lesions are tracked individually up to
 * MAX_TRACKED; later seeds, necessarily younger and smaller, join one pooled occult lesion per
 * clone and region (detected only when their total reaches a detectable size).
 *
 * Counts are real cells (a lattice site stands for `scale` of them); `CloneTable.nMet` holds each
 * clone's sum over its lesions.
 */
import type { CloneTable } from '../core/clones.js';

export const MAX_TRACKED = 48;

export class Metastases {
  readonly clone: number[] = [];
  readonly cells: number[] = [];
  readonly regional: boolean[] = [];
  readonly pooled: boolean[] = [];
  private tracked = 0;

  get size(): number {
    return this.clone.length;
  }

  /** Add `count` new lesions of one cell each (or their pooled share) for clone `id`. */
  seed(clones: CloneTable, id: number, count: number, regional: boolean): void {
    for (let k = 0; k < count; k++) {
      if (this.tracked < MAX_TRACKED) {
        this.push(id, 1, regional, false);
        this.tracked++;
      } else {
        let j = this.clone.findIndex((c, i) => c === id && this.pooled[i] && this.regional[i] === regional);
        if (j < 0) j = this.push(id, 0, regional, true);
        this.cells[j] += count - k;
        break;
      }
    }
    clones.nMet[id] += count;
  }

  private push(id: number, cells: number, regional: boolean, pooled: boolean): number {
    this.clone.push(id);
    this.cells.push(cells);
    this.regional.push(regional);
    this.pooled.push(pooled);
    return this.clone.length - 1;
  }

  /** Largest lesion of a region, in cells. A pooled lesion counts as one: its many small lesions
   *  are seen together once their total reaches a detectable size (miliary disease), so no
   *  metastatic burden can grow unseen to a lethal size. */
  largest(regional: boolean, lineageOf?: (clone: number) => boolean): number {
    let best = 0;
    for (let i = 0; i < this.clone.length; i++) {
      if (this.regional[i] !== regional) continue;
      if (lineageOf && !lineageOf(this.clone[i])) continue;
      if (this.cells[i] > best) best = this.cells[i];
    }
    return best;
  }

  /** Remove the lesions `which` selects (surgery); returns the cells removed. */
  remove(clones: CloneTable, which: (i: number) => boolean): number {
    let removed = 0;
    for (let i = 0; i < this.clone.length; i++) {
      if (!which(i) || this.cells[i] <= 0) continue;
      clones.nMet[this.clone[i]] -= this.cells[i];
      removed += this.cells[i];
      this.cells[i] = 0;
    }
    this.compact();
    return removed;
  }

  /** Drop extinct lesions (a tracked slot frees up for a later seed). */
  compact(): void {
    let w = 0;
    let tracked = 0;
    for (let i = 0; i < this.clone.length; i++) {
      if (this.cells[i] <= 0) continue;
      this.clone[w] = this.clone[i];
      this.cells[w] = this.cells[i];
      this.regional[w] = this.regional[i];
      this.pooled[w] = this.pooled[i];
      if (!this.pooled[i]) tracked++;
      w++;
    }
    for (const a of [this.clone, this.cells, this.regional, this.pooled]) a.length = w;
    this.tracked = tracked;
  }
}
