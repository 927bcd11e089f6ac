/** Which cell dies, on the lattice (see lattice.ts): a uniformly random cell of the group drawn,
 *  from its member set, or by rejection from its bounding box while it fills enough of it. */
import type { CloneTable } from '../clones.js';
import type { Rng } from '../rng.js';
import { EMPTY, stateOf } from './geometry.js';
import { LatticeBirths, RING } from './births.js';

/** A group's deaths are drawn by rejection from its bounding box while it fills ≥ 1/BOX_FILL of it. */
export const BOX_FILL = 4;

export abstract class LatticeDeaths extends LatticeBirths {
  /** The ring of uniforms drawn ahead for one group's deaths (refill), and their sites in its box
   *  as it was then (epoch). runSimple reads it too. */
  protected readonly ringU = new Float64Array(RING);
  protected readonly ringSite = new Int32Array(RING);
  protected ringPos = RING;
  protected ringClone = -1;
  protected ringEpoch = -1;
  /** Draw RING uniforms ahead for group g's deaths, and their sites in its box, in one batch (the
   *  sites' integer divisions pipeline: drawing each when needed made W1-2D 5–7 % slower). Their
   *  neighbourhoods are not touched ahead (births.ts's touch): in both dimensions that no longer
   *  paid once the common case had its own loop (W1-2D-1e6 and W1-3D-1e6 0.98× without, paired). */
  protected refill(rng: Rng, g: number): void {
    for (let j = 0; j < RING; j++) {
      const u = rng.next();
      this.ringU[j] = u;
      this.ringSite[j] = this.boxSite(g, u);
    }
    this.ringPos = 0;
    this.ringClone = g;
    this.ringEpoch = this.boxEpoch;
  }

  /**
   * A uniformly random cell of group g dies. While the group fills at least 1/BOX_FILL of its
   * box, the cell is drawn by rejection (boxCell); otherwise from its member set.
   */
  protected kill(clones: CloneTable, rng: Rng, g: number): void {
    const n = this.cells[g];
    const volume = this.boxVolume(g);
    // Switch between the two ways with hysteresis (a list is rebuilt only when the group fills
    // < 1/(2·BOX_FILL) of its box); the switch reads the state, never the draws.
    if (this.listed[g] && BOX_FILL * n >= volume) this.unlist(g);
    else if (!this.listed[g] && 2 * BOX_FILL * n < volume) this.relist(clones, g);
    if (this.listed[g]) {
      const k = rng.int(n);
      return this.vacate(clones, this.members[g].items[k], EMPTY, k);
    }
    this.vacate(clones, this.boxCell(clones, rng, g), EMPTY);
  }

  /**
   * A uniformly random cell of group g, by rejection: uniform sites of its box until one holds a
   * cell of the group — uniform over its cells, the same law as a uniform pick among its members.
   * The uniforms come from a ring drawn ahead (refill): each is used once, in order, whatever its
   * value, so they are as independent of the events in between as uniforms drawn now.
   */
  protected boxCell(clones: CloneTable, rng: Rng, g: number): number {
    const group = clones.group;
    for (;;) {
      if (this.ringPos === RING) this.refill(rng, g);
      const j = this.ringPos++;
      const s = this.ringClone === g && this.ringEpoch === this.boxEpoch ? this.ringSite[j] : this.boxSite(g, this.ringU[j]);
      const id = stateOf(this.words[s]);
      if (id >= 0 && group[id] === g) return s;
    }
  }
}
