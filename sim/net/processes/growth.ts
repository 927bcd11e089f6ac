/** Cells divide, die and mutate at the primary site: the engine (well-mixed or lattice) acts. */
import type { Process } from './index.js';

export const growth: Process = {
  name: 'growth',
  step(m, dt) {
    m.engine.advance(m, dt);
  },
};
