/** Death from the tumor's burden after diagnosis, or from other causes (Gompertz hazard by age). */
import { metastaticCells, neoplasticPrimaryCells } from '../lesions.js';
import type { Process } from './index.js';

const DAYS_PER_YEAR = 365.25;

export const death: Process = {
  name: 'death',
  step(m, dt) {
    if (m.death) return;
    const p = m.scenario.progression;
    const burden = (neoplasticPrimaryCells(m) + metastaticCells(m)) * m.scale;
    if (m.diagnosis && burden >= p.lethalCells) {
      m.death = { tDays: m.tDays, cause: 'tumor' };
      return;
    }
    const g = p.otherCauseMortality;
    const hazardPerYear = g.gompertzA * Math.exp(g.gompertzB * m.ageYears());
    if (m.streams.death.next() < 1 - Math.exp((-hazardPerYear * dt) / DAYS_PER_YEAR)) m.death = { tDays: m.tDays, cause: 'other' };
  },
};
