/**
 * How cells reproduce. Two engines share one clone table and one set of rules (rates, hits,
 * spawning of new clones), and differ only in where cells are:
 * - `CloneEngine` (wellmixed.ts): well-mixed, clone-level (OncoSimulR-like): real population
 *   sizes, a tick of length dt advances each clone by the exact transition of the linear
 *   birth–death process over dt (linear-bd.ts), or, for a clone the host holds at its size
 *   (`CloneTable.held`: a homeostatic tissue), by its divisions alone.
 * - `LatticeEngine` (lattice.ts): one cell per site of a lattice (typed arrays), continuous time,
 *   event by event (Gillespie over clones, then a uniformly random member cell); a daughter goes
 *   to a uniformly random empty neighbour and a birth with no empty neighbour does not happen.
 * This file holds what both share: the host interface and the engine interface.
 */
import type { CloneEvent, CloneTable } from '../clones.js';
import type { Rng } from '../rng.js';

export interface Counters {
  births: number;
  deaths: number;
  resected: number;
}

/** What an engine needs from the model it advances. */
export interface GrowthHost {
  readonly clones: CloneTable;
  readonly rng: Rng;
  readonly counters: Counters;
  readonly passengersPerDivision: number;
  /** Cells below which a lineage resolves passengers into sub-clones (the scenario's). */
  readonly passengerResolution: number;
  /** Create (or find) the clone a division of `parent` with event `ev` gives rise to; for
   *  PASSENGER_EVENT, a passenger sub-clone (its passengers drawn from the host's mutation stream). */
  spawn(parent: number, ev: CloneEvent): number;
  /** Cells of clone `id` a lattice birth may displace (normal epithelium) — lattice only. */
  canInvade?(id: number): boolean;
}

export interface Engine {
  readonly kind: 'clone' | 'lattice';
  /** Advance the primary site by dt days. */
  advance(host: GrowthHost, dt: number): void;
  /** Remove `count` uniformly random cells of clone `id` from the primary site (dissemination). */
  remove(host: GrowthHost, id: number, count: number): void;
  /** Remove every primary-site cell of the clones `ids` (surgery); returns how many there were. */
  clear(host: GrowthHost, ids: readonly number[]): number;
  /** Fold group g's passenger sub-clones into g at time tDays (CloneTable.settle). */
  settle(host: GrowthHost, g: number, tDays: number): void;
}

