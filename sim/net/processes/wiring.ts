/**
 * Where the hypothesis wiring acts, and only here: each step, the tumor cells' rates from their
 * genotype, this patient's tempo and the niche's effects, with the wiring's links scaled by the
 * hypothesis weights (net/hypothesis.ts). Normal NE cells keep their homeostatic rates. The
 * niche's effects are its well-mixed summary in the clone engine, and on the lattice those of the
 * agents in reach of each group's cells (net/contacts.ts).
 */
import { MAX_BIRTH_PER_DAY } from '../../biology/biology.js';
import { countContacts, nicheEffects } from '../contacts.js';
import type { NetModel } from '../model.js';
import type { ImmuneEffects } from '../niche.js';
import type { Process } from './index.js';
import { homeostasis, refreshPools } from './tissue.js';
import { therapyWeight } from './therapy.js';

/** Per-tick rates of one clone. */
export function rateOf(m: NetModel, id: number): void {
  const c = m.clones;
  if (!c.neoplastic[id]) return homeostasis(m, id);
  tumourRates(m, id, nicheEffects(m, id));
  c.b[id] = rates.b;
  c.d[id] = rates.d;
}

/** Rates of a neoplastic clone's metastatic cells: off the lattice, well mixed, so under the
 *  niche's summary in either engine (in the clone engine, the clone's rates). */
export function metastaticRates(m: NetModel, id: number): { b: number; d: number } {
  if (!m.agents) {
    rates.b = m.clones.b[id];
    rates.d = m.clones.d[id];
  } else tumourRates(m, id, m.immune.effects);
  return rates;
}

/** What tumourRates computed last. */
const rates = { b: 0, d: 0 };

/** A neoplastic clone's rates under niche effects `e` (into `rates`). */
function tumourRates(m: NetModel, id: number, e: ImmuneEffects): void {
  const c = m.clones;
  const s = m.scenario;
  const w = m.wiring;
  const bg = c.birthGeno[id];
  const dg = c.deathGeno[id];
  const advantage = bg - dg;
  // Immune-parallel: the driver's advantage needs crosstalk with supportive niche agents.
  const gate = 1 - w.immuneInitiation + (w.immuneInitiation * e.support) / (e.support + s.immune.initiationHalf);
  // Therapies active this tick (therapy.ts): factors on birth, the niche's killing and coupling
  // and the mutation rate, and an added death rate, each in proportion to how much of the therapy
  // reaches the clone. (Scenarios without interventions skip this: every factor stays 1.)
  let birthFactor = 1;
  let extraDeath = 0;
  let kill = 1;
  let coupling = w.coupling;
  if (s.interventions.length) {
    let mutation = 1;
    for (const k of m.therapyActive) {
      const x = s.interventions[k];
      const wt = therapyWeight(m, x, id);
      if (wt <= 0) continue;
      birthFactor *= 1 - wt * (1 - x.effects.birth);
      extraDeath += wt * x.effects.deathPerDay;
      mutation *= 1 + wt * (x.effects.mutationRate - 1);
      kill *= 1 + wt * (x.effects.killFactor - 1);
      coupling *= 1 + wt * (x.effects.couplingFactor - 1);
    }
    c.eventFactor[id] = mutation;
  }
  let b = advantage > 0 ? dg + advantage * gate : bg;
  b *= 1 + coupling * s.immune.supportGain * e.support;
  // Immune-divergent: program-specific selective pressure of this niche.
  if (w.immuneSelection > 0) b *= Math.exp(w.immuneSelection * s.immune.selectionStrength * e.affinity[c.program[id]]);
  b *= birthFactor;
  rates.b = Math.min(MAX_BIRTH_PER_DAY, b * m.tempo);
  rates.d = dg * m.tempo + coupling * s.immune.killPerDay * e.kill * kill + extraDeath;
}

function setRates(m: NetModel): void {
  refreshPools(m);
  countContacts(m);
  for (const id of m.clones.alive) rateOf(m, id);
}

/** Rates are set before the first tick too (the lattice draws its first events with them). */
export const wiring: Process = { name: 'wiring', start: setRates, step: setRates };
