/**
 * Neutral passengers with identities (infinite sites). Each division's daughter carries Poisson(μ)
 * new passengers. While its lineage is small (below the scenario's passenger resolution), a
 * daughter with ≥ 1 founds a passenger sub-clone (CloneTable.addPassengerClone): the engines see
 * a division event PASSENGER_EVENT and the host's `spawn` draws how many it carries from its
 * mutation stream, so the clone engine, the lattice engine, the NET model and the birth–death
 * model share one mechanism, and the clone tree holds the mutations' genealogy.
 *
 * When the lineage reaches the resolution its groups *settle* (CloneTable.settle, Engine.settle):
 * each sub-clone's cells fold into its genotype clone, which keeps each sub-clone's share of the
 * group from then on, and passengers are only counted. A neutral clone's share of a large
 * population barely drifts (its expected share stays put), so the spectrum above the resolution
 * is kept while a lineage costs its sub-clones only while it is small, not for its whole life.
 * Sequencing spreads a settled group's cells over its sub-clones by those shares
 * (CloneTable.resolveComposition); a hit arising later in a settled group descends from one of its
 * sub-clones drawn by share (CloneTable.settledAncestor).
 */
import type { CloneEvent, CloneTable } from './clones.js';
import type { Rng } from './rng.js';

/**
 * Default passenger resolution, in real cells: passengers get identities (sub-clones) until their
 * lineage first holds this many cells. A mutation that arises when its lineage holds N cells
 * ends at a cellular fraction of about W/N, where W (its clone's growth relative to the rest's)
 * has mean 1; given that the clone survives, P(W ≥ w) = e^{−w(b−d)/b}. So a mutation seen at VAF f
 * (cellular fraction 2f, diploid) arose when the lineage held ≈ 1/(2f) cells — ~50 for VAF 0.01
 * — and of the mutations that reach cellular fraction x, a share e^{−N·x(b−d)/b} arose after the
 * lineage held N cells. With N = 1e3, mutations down to cellular fraction 0.01 are tracked but for
 * e^{−10(b−d)/b} of them (0.01 % for b = 1, d = 0.1; 0.4 % for b ≈ 1.8(b − d), as in the lung
 * lesions), and down to ~1e-3 on average. The cost is the sub-clones: about (1 − e^{−μ})·b/(b − d)·N
 * founded by a lineage that grows through N, ~N/2 of them alive while it does, each leaped every
 * tick by the clone engine. Birth–death scenarios default to this; NET scenarios to
 * NET_PASSENGER_RESOLUTION_CELLS. Scenarios set it as `passengerResolutionCells`.
 */
export const DEFAULT_PASSENGER_RESOLUTION_CELLS = 1e3;

/**
 * The NET default (biology/defaults.ts). A patient grows many lesions through the resolution and
 * pays for each, so the NET default is lower: 300 tracks the mutations that reach cellular fraction
 * 0.03 but for e^{−9(b−d)/b} of them (0.7 % at b ≈ 1.8(b − d)), what sequencing at a few hundred
 * reads calls. Measured in one process, one pass (first patients of seed 1; clones per patient on
 * average, wall time; without sub-clones → 300 → 1e3): lung-spontaneous-divergent, 50 patients:
 * 21 → 676 → 2,051 clones, 0.36 s → 0.56 s → 0.81 s; pancreas-spontaneous-divergent, 100
 * patients: 43 → 1,703 → 4,813 clones, 0.59 s → 1.29 s → 2.44 s; pancreas at parameters a fit
 * chose (3 × the α cells, higher DAXX/ATRX rates), 100 patients: 148 → 4,747 → 14,727 clones,
 * 1.03 s → 2.65 s → 8.00 s. 1e4 took the lung patients to ~17,700 clones (4.6 s, another pass).
 */
export const NET_PASSENGER_RESOLUTION_CELLS = 300;

/** The division event of a daughter with ≥ 1 new passengers (hosts found a passenger sub-clone). */
export const PASSENGER_EVENT: CloneEvent = { kind: 'passenger', target: 0, p: 0 };

/** Passengers that arose with clone id (its founder's less its parent's founder's). */
export const newPassengers = (c: CloneTable, id: number) => c.founderPassengers[id] - (c.parent[id] >= 0 ? c.founderPassengers[c.parent[id]] : 0);

/** Probability that a division's daughter carries ≥ 1 of its Poisson(μ) new passengers. */
export const passengerProbability = (mu: number) => -Math.expm1(-mu);

/**
 * New passengers of a daughter known to carry at least one: Poisson(μ) given ≥ 1, drawn exactly
 * as a Poisson process on [0, 1]: its first event at T (density ∝ e^{−μt} on [0, 1], by
 * inversion), then Poisson(μ(1 − T)) more.
 */
export function drawPassengers(rng: Rng, mu: number): number {
  const t = -Math.log1p(rng.next() * Math.expm1(-mu)) / mu;
  return 1 + rng.poisson(mu * (1 - t));
}
