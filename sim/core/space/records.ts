/** The lattice's per-site records (see lattice.ts for the engine, sites.ts for the bookkeeping
 *  kept on them): the padded layout, the packed word and the slot of each site, the neighbour offsets,
 *  and the plain readers and writers of site states used while seeding. */
import {
  EMPTY, EPITHELIUM, Layout, WALL, Word, packed, stateOf, type Dimensions, type Neighbourhood,
} from './geometry.js';

export class LatticeRecords {
  readonly depth: number;
  /** Number of site records (lattice points plus the wall); row length of the padded arrays. */
  readonly sites: number;
  readonly stride: number;
  protected readonly layout: Layout;
  /** Per site: the packed word (geometry.ts), what a neighbourhood scan reads. */
  protected readonly words: Int32Array;
  /** Per site: a cell's slot in its group's divisible set, a free site's in the frontier (sites.ts),
   *  −1 when in neither. Kept apart from the words, which the scans read: their array is then
   *  half as large (W1-2D-1e6's lattice: 8.6 MB in half the pages), and W1-2D-1e6 ran 7 % faster;
   *  in 3D, where the divisible sets' slots change with most births, W1-3D-1e6 ran 0.96–1.06×. */
  protected readonly slots: Int32Array;
  /** Per site: its slot in its clone's member set (−1 when empty). */
  protected readonly member: Int32Array;
  /** Offsets of the neighbours' sites, and of the rows (2D: 3, 3D: 9)
   *  through a site's neighbourhood (what is touched ahead to pull it into cache). */
  protected readonly nbOffsets: Int32Array;
  protected readonly rowOffsets: Int32Array;
  protected readonly free: Int32Array;
  /** Site arrays were written directly (seeding): neighbour counts need a rebuild. */
  protected dirty = true;
  tDays = 0;
  /** Stop an advance as soon as this many cells are on the lattice. */
  stopAtCells = Infinity;
  /** Occupied sites (cells of any clone). */
  occupied = 0;

  constructor(readonly width: number, readonly height: number, neighbourhood: Neighbourhood, readonly dimensions: Dimensions = 2, depth = 1) {
    const L = (this.layout = new Layout(dimensions, width, height, depth));
    this.depth = L.depth;
    this.stride = L.stride;
    const n = (this.sites = L.sites);
    this.words = new Int32Array(n); // word 0 = WALL with no counts
    this.slots = new Int32Array(n).fill(-1);
    this.member = new Int32Array(n).fill(-1);
    this.nbOffsets = L.offsets(neighbourhood);
    this.free = new Int32Array(this.nbOffsets.length);
    const rows: number[] = [];
    for (let dz = dimensions === 3 ? -1 : 0; dz <= (dimensions === 3 ? 1 : 0); dz++) for (let dy = -1; dy <= 1; dy++) rows.push(dz * L.plane + dy * L.stride);
    this.rowOffsets = Int32Array.from(rows);
    this.initEmpty(neighbourhood);
  }

  /**
   * Every lattice point EMPTY, with its neighbour counts written directly (what fill(EMPTY) and a
   * rebuild would give, without the rebuild's scan of every neighbour): along each axis a point
   * has 3 sites in the lattice within distance 1 (itself included), or 2 on a face, or 1 when
   * that side is 1 long; Moore counts the product minus itself, von Neumann the sum of the others.
   */
  private initEmpty(neighbourhood: Neighbourhood): void {
    const L = this.layout;
    const a = this.words;
    const span = (i: number, n: number) => 1 + (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0);
    for (let z = 0; z < L.depth; z++) {
      const cz = this.dimensions === 3 ? span(z, L.depth) : 1;
      for (let y = 0; y < L.height; y++) {
        const cy = span(y, L.height);
        for (let x = 0, s = L.index(0, y, z); x < L.width; x++, s++) {
          const cx = span(x, L.width);
          const empty = neighbourhood === 'moore' ? cx * cy * cz - 1 : cx + cy + cz - 3;
          a[s] = packed(EMPTY, empty);
        }
      }
    }
    this.dirty = false;
  }

  /** Index of lattice point (x, y, z) in the site arrays (z = 0 in 2D). */
  index(x: number, y: number, z = 0): number {
    return this.layout.index(x, y, z);
  }
  /** Lattice coordinates of a site index. */
  x(s: number): number {
    return this.layout.x(s);
  }
  y(s: number): number {
    return this.layout.y(s);
  }
  z(s: number): number {
    return this.layout.z(s);
  }

  /** What is at site s: a clone id, EMPTY, EPITHELIUM or WALL. */
  state(s: number): number {
    return stateOf(this.words[s]);
  }

  /** Lay down EMPTY or EPITHELIUM at an unoccupied site while seeding (counts are rebuilt later). */
  setState(s: number, v: typeof EMPTY | typeof EPITHELIUM): void {
    const was = this.state(s);
    if (was >= 0 || was === WALL) throw new Error(`site ${s} is not free`);
    this.words[s] = packed(v, 0);
    this.dirty = true;
  }

  /** Fill every unoccupied lattice point with `value` (EMPTY or EPITHELIUM), before seeding. */
  fill(value: typeof EMPTY | typeof EPITHELIUM): void {
    const a = this.words;
    const L = this.layout;
    const v = packed(value, 0);
    for (let z = 0; z < L.depth; z++)
      for (let y = 0; y < L.height; y++)
        for (let s = L.index(0, y, z), e = s + L.width; s < e; s++) if (a[s] >> Word.SHIFT < Word.CELL) a[s] = v;
    this.dirty = true;
  }

  /** Mark the site arrays as written directly; counts are rebuilt before the next advance. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Neighbour counts of lattice point s, counted from scratch. */
  protected count(s: number): number {
    const off = this.nbOffsets;
    const a = this.words;
    let v = 0;
    for (let j = 0; j < off.length; j++) {
      const w = a[s + off[j]] >> Word.SHIFT;
      if (w === Word.EMPTY) v++;
      else if (w === Word.EPITHELIUM) v += Word.EPI_ONE;
    }
    return v;
  }
}
