/** Death from the tumor's burden after diagnosis, or from other causes (Gompertz hazard by age). */
import { metastaticCells, neoplasticPrimaryCells } from '../lesions.js';
import type { Process } from './index.js';
import { DAYS_PER_YEAR } from '../../core/time.js';

export const death: Process = {
  name: 'death',
  step(m, dt) {
    if (m.death) return;
    const p = m.scenario.progression;
    // The disease's own course: a hazard proportional to the tumor burden, 1 per year at
    // `lethalCells` (liver replacement, carcinoid heart disease, cachexia). A growing burden makes
    // the hazard climb smoothly, so tumor deaths spread with each tumor's pace instead of falling
    // all at one size; faster (higher-grade) tumors get there sooner.
    const tumorHazard = m.diagnosis ? (neoplasticPrimaryCells(m) * m.scale + metastaticCells(m)) / p.lethalCells : 0;
    const g = p.otherCauseMortality;
    // Men die of other causes ~1.6 times as often as women of the same age (life tables).
    const otherHazard = g.gompertzA * Math.exp(g.gompertzB * m.ageYears()) * (m.female ? 1 : g.maleFactor);
    const total = tumorHazard + otherHazard;
    const rng = m.streams.death;
    if (rng.next() < 1 - Math.exp((-total * dt) / DAYS_PER_YEAR)) m.death = { tDays: m.tDays, cause: rng.next() * total < tumorHazard ? 'tumor' : 'other' };
  },
};
