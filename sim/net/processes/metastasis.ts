/**
 * Primary tumor cells disseminate (leave the primary); a fraction of them seed metastases (each a
 * lesion of its own, regional or distant: net/metastases.ts), the rest die. Lesions grow with
 * their clone's rates (no new hits there, so their divisions are not counted; on the lattice, its
 * rates under the niche's summary: the agents act at the primary site), exactly as a linear
 * birth–death population.
 *
 * Dissemination happens before diagnosis as after it (while a primary remains): lesions seeded
 * years before surgery are the occult metastases that relapse after a complete resection (the
 * review: relapse after resection of small-intestine and pancreatic NETs, high in ALT-positive
 * PanNETs, Hackeng 2022). Units: a lattice site stands for `scale` real cells and leaves as a
 * clump of that many (tumor-cell clusters); lesions count real cells.
 */
import { leapCells } from '../../core/space/wellmixed.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';
import { metastaticRates } from './wiring.js';

/**
 * A clone's mean cells over a step that took it from n0 to n1 cells, its course taken as
 * exponential: the logarithmic mean (n1 − n0)/ln(n1/n0), exact for a steady exponential course
 * and ≈ n1 over a tick; the arithmetic mean when an end is 0 (a clone founded in the step, or
 * one that died out). Not the end's size: a step of several ticks (net/pace.ts) lets a clone grow
 * by up to QUIET_GROWTH, and n1·dt would overstate its cell-days by up to 65 % (1.65 at 3×).
 */
export function meanCells(n0: number, n1: number): number {
  if (n0 <= 0 || n1 <= 0) return (n0 + n1) / 2;
  if (n0 === n1) return n0;
  return (n1 - n0) / Math.log1p((n1 - n0) / n0);
}

export function disseminate(m: NetModel, dt: number): void {
  if (m.diagnosis && m.scenario.progression.resection) return;
  const c = m.clones;
  const p = m.scenario.progression;
  const rng = m.streams.metastasis;
  // A real cell leaves at `disseminationPerCellDay`; a lattice site (`scale` real cells) leaves
  // whole at the same rate, so the flux of real cells is right: sites × scale × rate.
  const rate = p.disseminationPerCellDay;
  if (rate <= 0) return;
  const count = c.alive.length;
  for (let i = 0; i < count; i++) {
    const id = c.alive[i];
    if (!c.neoplastic[id] || c.n[id] <= 0) continue;
    // Units of the primary (sites on the lattice), each leaving as a clump of `scale` real cells,
    // at the rate × the clone's cell-days over the step.
    const leaving = Math.min(c.n[id], rng.poisson(meanCells(c.nStart[id], c.n[id]) * c.dissemination[id] * rate * dt));
    if (leaving <= 0) continue;
    m.engine.remove(m, id, leaving);
    const cells = leaving * m.scale;
    const seeds = rng.binomial(cells, p.seedingProbability);
    m.counters.disseminated += cells;
    m.counters.seeded += seeds;
    if (seeds <= 0) continue;
    const regional = rng.binomial(seeds, p.regionalFraction);
    m.metastases.seed(c, id, regional, true);
    m.metastases.seed(c, id, seeds - regional, false);
  }
}

export function growMetastases(m: NetModel, dt: number): void {
  const c = m.clones;
  const L = m.metastases;
  const rng = m.streams.metastasis;
  let extinct = false;
  for (let i = 0; i < L.size; i++) {
    const id = L.clone[i];
    const r = metastaticRates(m, id);
    const cells = leapCells(rng, L.cells[i], r.b, r.d, dt, id);
    c.nMet[id] += cells - L.cells[i];
    m.counters.metGrowth += cells - L.cells[i];
    L.cells[i] = cells;
    if (cells <= 0) extinct = true;
  }
  if (extinct) L.compact();
}

export const metastasis: Process = {
  name: 'metastasis',
  step(m, dt) {
    disseminate(m, dt);
    growMetastases(m, dt);
  },
};
