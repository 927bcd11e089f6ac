/**
 * The niche responds to the largest lesion (or, after surgery, to metastatic disease): agents
 * are recruited and leave (net/niche.ts); on the lattice they enter at tumour cells and move,
 * toward the largest lesion and through the tumour (net/agents.ts).
 */
import { LatticeEngine } from '../../core/space/lattice.js';
import { metastaticCells } from '../lesions.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';

/** The tumour on the lattice: the centre of its largest lesion (z = 0 in 2D) and the sites of
 *  every neoplastic cell, numbered as the agents' (x fastest, then y, then z); null without one. */
export function tumourSites(m: NetModel): { centre: [number, number, number]; sites: Int32Array } | null {
  if (!(m.engine instanceof LatticeEngine) || m.largestLineage < 0) return null;
  const L = m.engine;
  const c = m.clones;
  let cells = 0;
  for (const id of c.alive) if (c.neoplastic[id]) cells += c.n[id];
  const sites = new Int32Array(cells);
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let n = 0;
  let k = 0;
  for (const id of c.alive) {
    // Per group: a genotype clone's cells with its passenger sub-clones'.
    if (!c.neoplastic[id] || c.group[id] !== id) continue;
    const largest = c.lineage[id] === m.largestLineage;
    for (const s of L.cellsOf(c, id)) {
      const x = L.x(s);
      const y = L.y(s);
      const z = L.z(s);
      if (k < cells) sites[k++] = (z * L.height + y) * L.width + x;
      if (!largest) continue;
      sx += x;
      sy += y;
      sz += z;
      n++;
    }
  }
  return n ? { centre: [Math.round(sx / n), Math.round(sy / n), Math.round(sz / n)], sites: sites.subarray(0, k) } : null;
}

export const immune: Process = {
  name: 'immune',
  step(m, dt) {
    if (!m.nicheObserved) return;
    const lesion = Math.max(m.largestLineageCells * m.scale, m.diagnosis ? metastaticCells(m) : 0);
    m.immune.step(dt, lesion, m.streams.immune);
    if (m.agents) {
      const tumour = tumourSites(m);
      m.agents.sync(m.immune.counts, m.streams.agents, tumour?.sites);
      const [tx, ty, tz] = tumour?.centre ?? [-1, -1, -1];
      const L = m.engine as LatticeEngine;
      const c = m.clones;
      m.agents.move(dt, tx, ty, tz, m.streams.agents, (x, y, z) => {
        const id = L.state(L.index(x, y, z));
        return id >= 0 && c.neoplastic[id];
      });
    }
  },
};
