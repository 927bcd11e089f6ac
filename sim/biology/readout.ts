/** What a pathologist (and a sequencing or expression study) reads of a tumor's cells. */
export interface TumorReadout {
  cells: number;
  /** Mean marker profile, by MARKERS index. */
  markers: Float64Array;
  /** Cellular fraction of each hit, by HITS index. */
  hitFraction: Float64Array;
  altFraction: number;
  /** Fraction of cells with ≥ 2 arm-level copy-number events. */
  multiCnvFraction: number;
  ki67: number;
}
