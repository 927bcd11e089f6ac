/**
 * Primary tumor cells disseminate (leave the primary); a fraction of them seed metastases, the
 * rest die. Metastases grow well-mixed with their clone's rates (no new hits there).
 *
 * Units: metastatic counts (nMet) are simulated cells, as primary ones (n) are: on the lattice one
 * stands for `m.scale` real cells (a site's worth) in metastases too. A simulated cell leaves at
 * the per-real-cell rate, so real cells leave at n·scale·rate on average, a site's worth at a time;
 * `m.spread` counts what left, seeded and died, in simulated cells (× scale for real cells).
 */
import { leap, leapOut } from '../../core/space/wellmixed.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';

export function disseminate(m: NetModel, dt: number): void {
  if (m.diagnosis && m.scenario.progression.resection) return;
  const c = m.clones;
  const p = m.scenario.progression;
  const rng = m.streams.metastasis;
  const rate = p.disseminationPerCellDay;
  if (rate <= 0) return;
  const count = c.alive.length;
  for (let i = 0; i < count; i++) {
    const id = c.alive[i];
    if (!c.neoplastic[id] || c.n[id] <= 0) continue;
    const leaving = Math.min(c.n[id], rng.poisson(c.n[id] * c.dissemination[id] * rate * dt));
    if (leaving <= 0) continue;
    const seeds = rng.binomial(leaving, p.seedingProbability);
    m.engine.remove(m, id, leaving);
    c.nMet[id] += seeds;
    m.counters.deaths += leaving - seeds;
    m.spread.left += leaving;
    m.spread.seeded += seeds;
    m.spread.died += leaving - seeds;
  }
}

export function growMetastases(m: NetModel, dt: number): void {
  const c = m.clones;
  const rng = m.streams.metastasis;
  for (const id of c.alive) {
    const n = c.nMet[id];
    if (n <= 0) continue;
    leap(rng, n, c.b[id], c.d[id], dt);
    const births = leapOut[0];
    const deaths = leapOut[1];
    c.nMet[id] += births - deaths;
    m.counters.births += births;
    m.counters.deaths += deaths;
  }
}

export const metastasis: Process = {
  name: 'metastasis',
  step(m, dt) {
    disseminate(m, dt);
    growMetastases(m, dt);
  },
};
