/**
 * Primary tumor cells disseminate (leave the primary); a fraction of them seed metastases, the
 * rest die. Metastases grow well-mixed with their clone's rates (no new hits there).
 */
import { leap, leapOut } from '../../core/space/wellmixed.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';

function disseminate(m: NetModel, dt: number): void {
  if (m.diagnosis && m.scenario.progression.resection) return;
  const c = m.clones;
  const p = m.scenario.progression;
  const rng = m.streams.metastasis;
  const rate = p.disseminationPerCellDay * m.scale;
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
  }
}

function growMetastases(m: NetModel, dt: number): void {
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
