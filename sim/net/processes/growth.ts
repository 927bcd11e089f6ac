/** Cells divide, die and mutate at the primary site: the engine (well-mixed or lattice) acts. */
import type { Process } from './index.js';

export const growth: Process = {
  name: 'growth',
  step(m, dt) {
    const c = m.clones;
    for (const id of c.alive) c.nStart[id] = c.n[id];
    m.engine.advance(m, dt);
  },
};
