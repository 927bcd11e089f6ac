/** The core's public API: what the CLI, the Web Worker adapter and tests use. */
export * from './biology.js';
export * from './scenario.js';
export * from './rng.js';
export * from './model.js';
export * from './patient.js';
export * from './cohort.js';
export * from './birthdeath.js';
export * from './classifier.js';
export * from './stats.js';
export * from './outputs.js';
export { wiringOf, type Wiring, type HypothesisWeights } from './hypothesis.js';
export { VERSION } from './version.js';
export * from './sweep.js';
export * from './compare.js';
export * from './fit.js';
export * from './sequencing.js';
