/**
 * Transcriptional programs a NE or tumor cell can run. A program is a marker profile plus a
 * proliferation and dissemination tendency. `uncommitted` programs are NE cells whose trajectory
 * is not yet fixed (the divergent hypotheses start from them).
 */
import { SITE_DEFS, type Site } from './sites/index.js';

export interface ProgramDef {
  id: string;
  site: Site;
  label: string;
  committed: boolean;
  markers: Float64Array;
  birthFactor: number;
  disseminationFactor: number;
  /** Multiplier on the copy-number event rate (a chromosomally quiet or unstable program); 1 if absent. */
  instabilityFactor?: number;
}

/** Every site's programs (sites/<site>.ts), site by site: a program's index is its position here. */
export const PROGRAMS: ProgramDef[] = SITE_DEFS.flatMap((s) => s.programs);
export const PROGRAM_INDEX: Record<string, number> = Object.fromEntries(PROGRAMS.map((p, i) => [p.id, i]));

/**
 * No cell divides faster than about every 16 hours: the shortest cycles of human cells (fast
 * lymphomas and small-cell carcinoma lines, ~15–24 h; Ki-67 near 100 %). A tumour's birth rate,
 * whatever its genotype, program and tempo multiply to, is held below this, so that a parameter
 * draw far in a prior's tail cannot ask for divisions no cell makes.
 */
export const MAX_BIRTH_PER_DAY = 1.5;
