/**
 * Where the hypothesis wiring acts, and only here: each tick, the tumor cells' rates from their
 * genotype, this patient's tempo and the niche's effects, with the wiring's links scaled by the
 * hypothesis weights (net/hypothesis.ts). Normal NE cells keep their homeostatic rates.
 */
import { MAX_BIRTH_PER_DAY } from '../../biology/biology.js';
import type { NetModel } from '../model.js';
import type { Process } from './index.js';
import { homeostasis, refreshPools } from './tissue.js';
import { therapyWeight } from './therapy.js';

/** Per-tick rates of one clone. */
export function rateOf(m: NetModel, id: number): void {
  const c = m.clones;
  if (!c.neoplastic[id]) return homeostasis(m, id);
  const s = m.scenario;
  const w = m.wiring;
  const e = m.immune.effects;
  const bg = c.birthGeno[id];
  const dg = c.deathGeno[id];
  const advantage = bg - dg;
  // Immune-parallel: the driver's advantage needs crosstalk with supportive niche agents.
  const gate = 1 - w.immuneInitiation + (w.immuneInitiation * e.support) / (e.support + s.immune.initiationHalf);
  let b = advantage > 0 ? dg + advantage * gate : bg;
  b *= 1 + w.coupling * s.immune.supportGain * e.support;
  // Immune-divergent: program-specific selective pressure of this niche.
  if (w.immuneSelection > 0) b *= Math.exp(w.immuneSelection * s.immune.selectionStrength * e.affinity[c.program[id]]);
  // Therapies active this tick (therapy.ts): a birth factor, an added death rate, a mutation
  // factor, each in proportion to how much of the therapy reaches the clone.
  // (Scenarios without interventions skip this: the factor stays 1 and nothing is added.)
  let extraDeath = 0;
  if (s.interventions.length) {
    let mutation = 1;
    for (const k of m.therapyActive) {
      const x = s.interventions[k];
      const wt = therapyWeight(m, x, id);
      if (wt <= 0) continue;
      b *= 1 - wt * (1 - x.effects.birth);
      extraDeath += wt * x.effects.deathPerDay;
      mutation *= 1 + wt * (x.effects.mutationRate - 1);
    }
    c.eventFactor[id] = mutation;
  }
  c.b[id] = Math.min(MAX_BIRTH_PER_DAY, b * m.tempo);
  c.d[id] = dg * m.tempo + w.coupling * s.immune.killPerDay * e.kill + extraDeath;
}

function setRates(m: NetModel): void {
  refreshPools(m);
  for (const id of m.clones.alive) rateOf(m, id);
}

/** Rates are set before the first tick too (the lattice draws its first events with them). */
export const wiring: Process = { name: 'wiring', start: setRates, step: setRates };
