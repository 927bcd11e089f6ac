/**
 * On the lattice the niche's agents act where they are. The rule: an agent of type j at site s
 * acts on the tumour cells within its reach (s and its lattice neighbours: 9 sites in 2D with the
 * Moore neighbourhood, 27 in 3D), its action shared equally among the t cells it reaches (a T cell
 * engages the cells it touches in turn; a macrophage's or fibroblast's factors reach the cells
 * around it). An agent that reaches no tumour cell acts on none.
 *
 * How much an agent carries. In the well-mixed summary (net/niche.ts) the n_j agents of type j
 * occupy every tumour cell's receptors to n_j/(n_j + K), whatever the lesion's size A: the niche's
 * count is a measure of infiltration, not a census (a lesion of 1e9 cells holds millions of T
 * cells; the page shows n_j agents). So each agent on the lattice stands for 1/n_j of its type's
 * infiltrate and carries 1/n_j of what the summary gives the lesion, A·n_j/(n_j + K) cell
 * occupancies, i.e. A/(n_j + K), spread over the cells it reaches. Here A is the tumour's cells
 * on the lattice, every lesion's: in the clone engine the summary acts on every neoplastic clone.
 *
 * Once per tick (never per cell: each agent reads its reach once, O(agents)), this becomes one
 * occupancy per genotype group g, since the engine draws a group's events uniformly among its
 * cells and a group has one birth and one death rate:
 *
 *   occ(j, g) = min(1, A · W(j, g) / (cells_g · (n_j + K))),  W(j, g) = Σ_agents (cells of g reached) / t
 *
 * (A: the tumour's cells on the lattice). The group's
 * effects (support, killing damped by tolerance, program affinities) follow from its occupancies
 * by the summary's own formula (niche.ts effectsOf), and the hypothesis wiring turns them into
 * rates as in the clone engine (processes/wiring.ts). Why this equals the summary where space
 * does not matter: if the agents are spread evenly over the lesion (each group's share of every
 * agent's reach its share of the cells), W(j, g) = n_j·cells_g/A and occ(j, g) = n_j/(n_j + K),
 * the summary's. However they are spread, if every agent reaches the lesion the cell-weighted mean
 * occupancy over the lesion is still the summary's (Σ_g W(j, g) = n_j): the agents only move the
 * effect to where they are — except that a group's occupancy cannot pass 1 (fully occupied
 * receptors), and the wiring's nonlinear steps (tolerance, the initiation gate, the affinity's
 * exponential) act on each group's mean. The clone engine keeps the summary.
 *
 * A clone founded during the tick's growth (one cell, next to its parent) takes its parent's
 * group's effects until the next count. The counts are derived from the state each tick and draw
 * nothing: they are not part of a checkpoint.
 */
import { AGENT_TYPES } from '../biology/biology.js';
import { neighbourDeltas, type LatticeEngine } from '../core/space/lattice.js';
import type { NetModel } from './model.js';
import { effectsOf, newEffects, type ImmuneEffects } from './niche.js';

const T = AGENT_TYPES.length;

class Contacts {
  /** W(j, g) at [g·T + j], reset for the groups touched by the last count. */
  weight = new Float64Array(0);
  /** Per group: its slot in `touched` and `effects` this tick, or −1 (reached by no agent). */
  slot = new Int32Array(0);
  readonly touched: number[] = [];
  readonly effects: ImmuneEffects[] = [];
  /** Clones in the table when counted: later ones were founded during the tick's growth. */
  counted = 0;
  /** Groups of the tumour cells one agent reaches. */
  readonly hit: Int32Array;
  readonly occ = new Float64Array(T);
  readonly none = newEffects();
  constructor(readonly reach: Int32Array) {
    this.hit = new Int32Array(reach.length);
  }
}

/** Per model (derived each tick, so kept out of the model's saved state). */
const byModel = new WeakMap<NetModel, Contacts>();

/** Site offsets of an agent's reach: its own site, then its lattice neighbours. */
function reachOf(m: NetModel, L: LatticeEngine): Int32Array {
  const origin = L.index(1, 1, L.dimensions === 3 ? 1 : 0);
  const deltas = neighbourDeltas(L.dimensions, m.scenario.lattice.neighbourhood);
  return Int32Array.from([[0, 0, 0], ...deltas], ([dx, dy, dz]) => L.index(1 + dx, 1 + dy, (L.dimensions === 3 ? 1 : 0) + dz) - origin);
}

/** Count each agent's contacts and set every reached group's effects for this tick. */
export function countContacts(m: NetModel): void {
  const f = m.agents;
  if (!f) return;
  const L = m.engine as LatticeEngine;
  const c = m.clones;
  let k = byModel.get(m);
  if (!k) byModel.set(m, (k = new Contacts(reachOf(m, L))));
  for (const g of k.touched) {
    k.weight.fill(0, g * T, g * T + T);
    k.slot[g] = -1;
  }
  k.touched.length = 0;
  if (k.slot.length < c.size) {
    const size = Math.max(c.size, 2 * k.slot.length);
    k.slot = new Int32Array(size).fill(-1);
    k.weight = new Float64Array(size * T);
  }
  k.counted = c.size;
  let A = 0;
  for (const id of c.alive) if (c.neoplastic[id]) A += c.n[id];
  if (A <= 0) return;
  const { width: W, height: H } = f;
  const plane = W * H;
  const { reach, hit, weight, slot, touched } = k;
  const group = c.group;
  const neoplastic = c.neoplastic;
  for (let a = 0; a < f.size; a++) {
    const s = f.site[a];
    const z = (s / plane) | 0;
    const r = s - z * plane;
    const y = (r / W) | 0;
    const base = L.index(r - y * W, y, z);
    let t = 0;
    for (let i = 0; i < reach.length; i++) {
      const id = L.state(base + reach[i]);
      if (id >= 0 && neoplastic[id]) hit[t++] = group[id];
    }
    if (t === 0) continue;
    const w = 1 / t;
    const j = f.type[a];
    for (let i = 0; i < t; i++) {
      const g = hit[i];
      if (slot[g] < 0) {
        slot[g] = touched.length;
        touched.push(g);
      }
      weight[g * T + j] += w;
    }
  }
  const K = m.immune.half;
  const n = m.immune.counts;
  for (let i = 0; i < touched.length; i++) {
    const g = touched[i];
    const cells = L.groupCells(g);
    for (let j = 0; j < T; j++) k.occ[j] = Math.min(1, (A * weight[g * T + j]) / (cells * (n[j] + K)));
    if (i === k.effects.length) k.effects.push(newEffects());
    effectsOf(k.occ, k.effects[i]);
  }
}

/** The niche's effects on clone `id` this tick: its group's on the lattice (after countContacts),
 *  the well-mixed summary in the clone engine. */
export function nicheEffects(m: NetModel, id: number): ImmuneEffects {
  const k = m.agents ? byModel.get(m) : undefined;
  if (!k) return m.immune.effects;
  const c = m.clones;
  let g = c.group[id];
  // A clone founded since the count: its parent's group's (the parent may be new too).
  while (g >= k.counted && c.parent[g] >= 0) g = c.group[c.parent[g]];
  const i = g < k.counted ? k.slot[g] : -1;
  return i >= 0 ? k.effects[i] : k.none;
}
