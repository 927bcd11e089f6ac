/** The core's public API: what the CLI, the Web Worker adapter and tests use. */
export * from './biology/biology.js';
export * from './io/scenario.js';
export * from './core/rng.js';
export * from './net/model.js';
export * from './net/patient.js';
export * from './study/cohort.js';
export * from './birth-death/model.js';
export * from './net/classifier.js';
export * from './study/stats.js';
export * from './io/outputs.js';
export * from './net/hypothesis.js';
export { VERSION } from './core/version.js';
export * from './study/sweep.js';
export * from './study/compare.js';
export * from './study/fit.js';
export * from './io/sequencing.js';

// ---- ui: what the page's worker needs besides the above (ui/worker.ts) ---------------------------
// The form's starting values are the scenario over these defaults, as the parser resolves it.
export { COMMON_DEFAULTS, SITE_DEFAULTS } from './biology/defaults.js';
// Frames carry the lattice's states when the model runs on one.
export { LatticeEngine } from './core/space/lattice.js';
