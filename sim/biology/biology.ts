/**
 * The biology the model carries, as data, one concept per file (this file only gathers them):
 * - markers.ts      markers and marker profiles
 * - sites/<site>.ts a site's cells of origin, programs, subgroups, classifier and defaults
 * - programs.ts     transcriptional programs (marker profile, proliferation, dissemination)
 * - origins.ts      NE cells of origin
 * - hits.ts         somatic hits and their effects
 * - agents.ts       immune and stromal agent types, microenvironment archetypes
 * - therapies.ts    therapies: their targets (markers, programs, hits) and effects
 * - assumptions.ts  the assumption tables: origin → program, hit → program, hit × program context,
 *                   program × agent affinity
 * - readout.ts      what a pathologist reads of a tumor
 * Sources: Fernandez-Cuesta et al., J Clin Invest 2025 (the review in shared/seed), and the
 * studies it cites (Alcala 2019 / lungNENomics for lung groups, Scarpa 2017 and Di Domenico 2020
 * for pancreas, Karpathakis 2016 for small intestine, Combes 2022 for immune archetypes). Numbers
 * are modelling assumptions, not fits; scenarios override rates, and `netevo fit` calibrates them.
 */
export * from './markers.js';
export * from './sites/index.js';
export * from './programs.js';
export * from './origins.js';
export * from './hits.js';
export * from './agents.js';
export * from './assumptions.js';
export * from './therapies.js';
export type { TumorReadout } from './readout.js';
