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
    // Units of the primary (sites on the lattice), each leaving as a clump of `scale` real cells.
    const leaving = Math.min(c.n[id], rng.poisson(c.n[id] * c.dissemination[id] * rate * dt));
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
