/** The clock moves on; extinct clones leave the alive list; lesions are measured. */
import { refreshLesions } from '../lesions.js';
import type { Process } from './index.js';

export const census: Process = {
  name: 'census',
  step(m, dt) {
    m.tDays += dt;
    m.clones.prune();
    refreshLesions(m);
  },
};
