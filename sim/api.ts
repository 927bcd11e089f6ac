/** The core's public API: what the CLI, the Web Worker adapter and tests use. */
export * from './biology/biology.js';
export * from './scenario/scenario.js';
export * from './core/rng.js';
export * from './net/model.js';
export * from './net/patient.js';
export * from './net/reporters.js';
export * from './net/lesions.js';
export { STREAMS_VERSION, STREAM_NAMES, type StreamName, type Streams } from './core/streams.js';
export * from './study/cohort.js';
export * from './birth-death/model.js';
export { classify, detectedHits, gradeOf, readTumor, DETECTION_FRACTION } from './net/classifier.js';
export * from './study/stats.js';
export * from './io/outputs.js';
export * from './net/hypothesis.js';
export { VERSION } from './core/version.js';
export * from './study/sweep.js';
export * from './study/compare.js';
export * from './net/sequencing.js';

// --- Lattice engine (space): what benchmarks and tests reach without importing sim/core/space directly.
export { LatticeEngine, EMPTY, EPITHELIUM, WALL, MAX_LATTICE_CLONE, neighbourDeltas } from './core/space/lattice.js';
export type { Dimensions, Neighbourhood } from './core/space/lattice.js';
// --- study (fit, cohort blocks, statistics): the ABC fit lives in study/fit/ (the old
// study/fit.ts's exports are all here); cohorts run in the blocks of study/blocks.ts.
export * from './study/blocks.js';
export * from './study/inference.js';
export * from './study/endpoints.js';
export * from './study/fit/targets.js';
export * from './study/fit/priors.js';
export * from './study/fit/abc.js';
export * from './study/fit/refine.js';
export * from './study/fit/report.js';

