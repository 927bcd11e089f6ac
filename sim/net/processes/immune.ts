/**
 * The niche responds to the largest lesion (or, after surgery, to metastatic disease): agents
 * are recruited and leave (net/niche.ts); on the lattice they also move, toward the lesion.
 */
import { LatticeEngine } from '../../core/space/lattice.js';
import { metastaticCells } from '../lesions.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';

/** Centre of the largest lesion on the lattice (z = 0 in 2D), or (-1, -1, -1). */
export function lesionCentre(m: NetModel): [number, number, number] {
  if (!(m.engine instanceof LatticeEngine) || m.largestLineage < 0) return [-1, -1, -1];
  const L = m.engine;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let n = 0;
  const c = m.clones;
  for (const id of c.alive) {
    // Per group: a genotype clone's cells with its passenger sub-clones'.
    if (c.lineage[id] !== m.largestLineage || !c.neoplastic[id] || c.group[id] !== id) continue;
    for (const s of L.cellsOf(c, id)) {
      sx += L.x(s);
      sy += L.y(s);
      sz += L.z(s);
      n++;
    }
  }
  return n ? [Math.round(sx / n), Math.round(sy / n), Math.round(sz / n)] : [-1, -1, -1];
}

export const immune: Process = {
  name: 'immune',
  step(m, dt) {
    if (!m.nicheObserved) return;
    const lesion = Math.max(m.largestLineageCells * m.scale, m.diagnosis ? metastaticCells(m) : 0);
    m.immune.step(dt, lesion, m.streams.immune);
    if (m.agents) {
      m.agents.sync(m.immune.counts, m.streams.agents);
      const [tx, ty, tz] = lesionCentre(m);
      m.agents.move(dt, tx, ty, tz, m.streams.agents);
    }
  },
};
