/**
 * Lattice geometry shared by the lattice engine's files: site states, the packed per-site word,
 * the padded layout and the neighbour offsets of 2D and 3D von Neumann and Moore neighbourhoods.
 */

export type Neighbourhood = 'moore' | 'von-neumann';
export type Dimensions = 2 | 3;

export const EMPTY = -1;
export const EPITHELIUM = -2;
/** The shell of sites around the lattice (never occupied; spares bounds checks in the hot loop). */
export const WALL = -3;

/**
 * What a neighbourhood scan reads, packed in one int per site (one read tells both what is at a
 * site and how much room it has): (state + 3) << SHIFT | epithelial neighbours << CB | empty
 * neighbours, state = clone id, EMPTY, EPITHELIUM or WALL. Each count takes CB = 5 bits: 0…26 in
 * 3D Moore. An enum, not module constants: a bundler (esbuild) writes an enum's values into the
 * code that reads them, while a bundled module constant is a variable that optimised code loads
 * and checks at every use (W1-2D-1e5 ran 4.57 G instructions so, 3.69 G with the enum, start-up's
 * ~1.25 G included).
 */
export enum Word {
  CB = 5,
  EMPTY_MASK = (1 << CB) - 1,
  EPI_ONE = 1 << CB,
  COUNTS = (1 << (2 * CB)) - 1,
  SHIFT = 2 * CB,
  /** The state field (w >> SHIFT, state + 3) of the wall, an epithelial site, an empty site, and
   *  the least of a cell's (clone 0). */
  WALL = 0,
  EPITHELIUM = 1,
  EMPTY = 2,
  CELL = 3,
}
/** Largest clone id a lattice site can hold (the 21 bits of the word left above the counts). */
export const MAX_LATTICE_CLONE = (1 << (31 - Word.SHIFT)) - 4;
export const packed = (state: number, counts: number) => ((state + Word.CELL) << Word.SHIFT) | counts;
export const stateOf = (word: number) => (word >> Word.SHIFT) - Word.CELL;
/** Whether a cell of clone id with word w has room to divide: an empty neighbour, or for a
 *  neoplastic cell an epithelial one (neoplastic: the clone table's, read only then). */
export const hasRoom = (w: number, neoplastic: readonly boolean[], id: number) => (w & Word.EMPTY_MASK) > 0 || ((w & Word.COUNTS) >= Word.EPI_ONE && neoplastic[id]);
/** Free neighbours (empty or epithelial) of a site with word w: all its neighbours when it has
 *  neither a cell nor the wall next to it. */
export const freeNeighbours = (w: number) => (w & Word.EMPTY_MASK) + ((w & Word.COUNTS) >> Word.CB);

/**
 * Neighbour offsets (dx, dy, dz) in a fixed order: dz, then dy, then dx from −1 to 1 (in 2D this
 * is the order the 2D-only engine used). Moore: every site of the 3 × 3 (× 3) block but the centre
 * (8 in 2D, 26 in 3D); von Neumann: the sites at distance 1 along one axis (4 in 2D, 6 in 3D).
 */
export function neighbourDeltas(dimensions: Dimensions, neighbourhood: Neighbourhood): [number, number, number][] {
  const out: [number, number, number][] = [];
  const zs = dimensions === 3 ? [-1, 0, 1] : [0];
  for (const dz of zs)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const l1 = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (l1 === 0 || (neighbourhood === 'von-neumann' && l1 !== 1)) continue;
        out.push([dx, dy, dz]);
      }
  return out;
}

/**
 * The padded layout: lattice point (x, y, z) is record ((z + pz)·SY + y + 1)·SX + x + 1 with
 * SX = width + 2 and SY = height + 2; in 3D a shell of WALL sites surrounds the box on every face
 * (pz = 1), in 2D only a ring (pz = 0, one plane). x varies fastest, then y, then z.
 */
export class Layout {
  /** Row length (width + 2) and plane size ((width + 2)(height + 2)) of the padded arrays. */
  readonly stride: number;
  readonly plane: number;
  /** Number of site records (lattice points plus the wall). */
  readonly sites: number;
  readonly depth: number;
  private readonly pz: number;
  constructor(readonly dimensions: Dimensions, readonly width: number, readonly height: number, depth: number) {
    this.depth = dimensions === 3 ? depth : 1;
    this.pz = dimensions === 3 ? 1 : 0;
    this.stride = width + 2;
    this.plane = this.stride * (height + 2);
    this.sites = this.plane * (this.depth + 2 * this.pz);
  }
  index(x: number, y: number, z = 0): number {
    return ((z + this.pz) * (this.height + 2) + y + 1) * this.stride + x + 1;
  }
  x(s: number): number {
    return (s % this.stride) - 1;
  }
  // Site indices are int32, so `| 0` truncation is the floor, and % stays an integer operation
  // (a float % is a call into the runtime: the hot loop computes a placed cell's y and z).
  y(s: number): number {
    return (((s / this.stride) | 0) % (this.height + 2)) - 1;
  }
  z(s: number): number {
    return ((s / this.plane) | 0) - this.pz;
  }
  /** Offsets between site records of the neighbours, in the order of neighbourDeltas. */
  offsets(neighbourhood: Neighbourhood): Int32Array {
    return Int32Array.from(neighbourDeltas(this.dimensions, neighbourhood), ([dx, dy, dz]) => dz * this.plane + dy * this.stride + dx);
  }
  /** Calls f(s) for every lattice point, x fastest, then y, then z (no wall). */
  forEach(f: (s: number, x: number, y: number, z: number) => void): void {
    for (let z = 0; z < this.depth; z++)
      for (let y = 0; y < this.height; y++) {
        const row = this.index(0, y, z);
        for (let x = 0; x < this.width; x++) f(row + x, x, y, z);
      }
  }
}

/** A growable list of sites with O(1) swap-remove; a site's slot in the list is kept at `at[site]`
 *  (−1 when absent). */
export class SiteSet {
  items = new Int32Array(16);
  size = 0;
  constructor(private readonly at: Int32Array) {}
  add(s: number): void {
    if (this.size === this.items.length) {
      const g = new Int32Array(this.size * 2);
      g.set(this.items);
      this.items = g;
    }
    this.at[s] = this.size;
    this.items[this.size++] = s;
  }
  remove(s: number): void {
    this.removeAt(s, this.at[s]);
  }
  /** Remove site s, known to sit in slot k (spares reading its slot). */
  removeAt(s: number, k: number): void {
    const at = this.at;
    const last = this.items[--this.size];
    this.items[k] = last;
    at[last] = k;
    at[s] = -1;
  }
}
