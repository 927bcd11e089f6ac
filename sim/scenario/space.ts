/**
 * The lattice's geometry in scenario files: the NET `lattice` section and the birth–death
 * `space` section (their schema and their resolution). `dimensions` is 2 (default) or 3; `depth`
 * belongs to 3D only — with dimensions 2 it is an error, not ignored — and a 3D lattice has at
 * most MAX_3D_SITES points, which keeps the engine's memory sane.
 */
import { z } from 'zod';
import type { Complete } from './schema.js';

/** Most lattice points of a 3D lattice: 2^24 (256³). The engine keeps 12 bytes per site record
 *  (plus a one-site wall shell), so about 200 MB at the bound. */
export const MAX_3D_SITES = 2 ** 24;
/** Default side of a 3D lattice (128³ = 2.1 M sites); 2D keeps its own defaults. */
export const DEFAULT_3D_SIDE = 128;

const Dimensions = z.union([z.literal(2), z.literal(3)], { error: 'expected 2 or 3' }).optional();
const Neighbourhood = z.enum(['moore', 'von-neumann']).optional();

function checkGeometry(g: { dimensions?: 2 | 3; width?: number; height?: number; depth?: number }, ctx: z.RefinementCtx): void {
  if (g.dimensions !== 3) {
    if (g.depth !== undefined) ctx.addIssue({ code: 'custom', path: ['depth'], message: 'depth is only for a 3D lattice: give "dimensions": 3, or leave depth out' });
    return;
  }
  const w = g.width ?? DEFAULT_3D_SIDE;
  const h = g.height ?? w;
  const d = g.depth ?? h;
  if (w * h * d > MAX_3D_SITES)
    ctx.addIssue({ code: 'custom', path: [], message: `a 3D lattice of ${w} × ${h} × ${d} = ${w * h * d} sites is too large (width × height × depth at most ${MAX_3D_SITES}, e.g. 256³)` });
}

export const NetLatticeSpec = z
  .strictObject({
    dimensions: Dimensions,
    width: z.number().int().min(4).max(4096).optional(),
    height: z.number().int().min(4).max(4096).optional(),
    depth: z.number().int().min(4).max(1024).optional(),
    neighbourhood: Neighbourhood,
    neBodies: z.number().int().min(1).max(10000).optional(),
    neBodyRadius: z.number().int().min(0).max(50).optional(),
    realCellsPerSite: z.number().finite().min(1).max(1e9).optional(),
  })
  .superRefine(checkGeometry);

export const BirthDeathSpaceSpec = z
  .strictObject({
    mode: z.enum(['well-mixed', 'lattice']),
    dimensions: Dimensions,
    width: z.number().int().min(4).max(8192).optional(),
    height: z.number().int().min(4).max(8192).optional(),
    depth: z.number().int().min(4).max(1024).optional(),
    neighbourhood: Neighbourhood,
  })
  .superRefine(checkGeometry)
  .default({ mode: 'well-mixed' });

/** A resolved NET lattice and birth–death space (depth is 1 in 2D), inferred from their schema. */
export type NetLattice = Complete<z.infer<typeof NetLatticeSpec>>;
export type BirthDeathSpace = Complete<z.infer<typeof BirthDeathSpaceSpec>>;

/** The NET lattice: site defaults merged with the input, with dimensions (default 2) and depth
 *  (1 in 2D; in 3D the input's, else the height) made explicit. */
export function resolveNetLattice(input: z.infer<typeof NetLatticeSpec> | undefined, merged: Omit<NetLattice, 'dimensions' | 'depth'>): NetLattice {
  const dimensions = input?.dimensions ?? 2;
  return { ...merged, dimensions, depth: dimensions === 3 ? (input?.depth ?? merged.height) : 1 };
}

/** Birth–death space: 2D defaults to 1024 × 1024, 3D to 128³; height defaults to width, depth to height. */
export function resolveBirthDeathSpace(input: z.infer<typeof BirthDeathSpaceSpec>): BirthDeathSpace {
  const dimensions = input.dimensions ?? 2;
  const width = input.width ?? (dimensions === 3 ? DEFAULT_3D_SIDE : 1024);
  const height = input.height ?? width;
  const depth = dimensions === 3 ? (input.depth ?? height) : 1;
  return { mode: input.mode, dimensions, width, height, depth, neighbourhood: input.neighbourhood ?? 'moore' };
}
