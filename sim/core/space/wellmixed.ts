/** The well-mixed, clone-level engine (see engine.ts). */
import { PASSENGER_EVENT, passengerProbability } from '../passengers.js';
import type { Rng } from '../rng.js';
import type { Engine, GrowthHost } from './engine.js';
import { lineageLaw, type LineageLaw } from './linear-bd.js';

/**
 * One step of length dt of a linear birth–death process for `n` cells, drawn from the EXACT law
 * of the process (linear-bd.ts) with b and d held over the step, whatever dt: each cell's lineage dies out with probability α, so
 * S ~ Binomial(n, 1 − α) lineages survive, and together they leave S + NegBin(S, 1 − β) cells.
 * The number of cells after the step has exactly the law of the continuous-time process (mean
 * n·e^{(b−d)dt}, variance, extinction probability).
 *
 * Births and deaths are the endpoints' difference plus H hidden birth–death pairs:
 * births = (n' − S) + H, deaths = (n − S) + H, so births − deaths = n' − n exactly. H is drawn
 * Poisson with its exact conditional mean given (n, S, n'), c·(n − S) + c·(n' − S) + a·S
 * (linear-bd.ts), so the mean number of divisions is exact (given the endpoints, and so overall:
 * n·b·(e^{(b−d)dt} − 1)/(b − d)); the Poisson shape of H (its variance) is an approximation.
 * The result is left in `leapOut` ([births, deaths]). The lineage law is cached per `slot` (the
 * clone's id: its rates and the step mostly repeat from tick to tick) for the last (b, d, dt) it
 * served, so the per-clone, per-tick call allocates nothing and mostly computes nothing; a law
 * depends only on (b, d, dt), so the cache never changes a draw.
 */
export const leapOut = new Float64Array(2);
const LAW_SLOTS = 256;
const laws: LineageLaw[] = Array.from({ length: LAW_SLOTS }, () => ({ alpha: 0, pGeom: 1, grows: false, hiddenPerCell: 0, hiddenSurvivor: 0 }));
const lawKeys = new Float64Array(3 * LAW_SLOTS).fill(NaN);
export function leap(rng: Rng, n: number, b: number, d: number, dt: number, slot = 0): void {
  leapOut[0] = 0;
  leapOut[1] = 0;
  if (n <= 0) return;
  const law = lawOf(b, d, dt, slot);
  const S = n - (law.alpha > 0 ? rng.binomial(n, law.alpha) : 0);
  const extra = S > 0 && law.grows ? rng.negativeBinomial(S, law.pGeom) : 0;
  const meanHidden = law.hiddenPerCell * (n - S + extra) + law.hiddenSurvivor * S;
  const hidden = meanHidden > 0 ? rng.poisson(meanHidden) : 0;
  leapOut[0] = extra + hidden;
  leapOut[1] = n - S + hidden;
}

/**
 * The cells of a population of n after a step, drawn as `leap` draws them (the exact law), for a
 * population whose divisions nothing counts (a metastasis: no new hits arise there), so no hidden
 * pairs are drawn.
 */
export function leapCells(rng: Rng, n: number, b: number, d: number, dt: number, slot = 0): number {
  if (n <= 0) return n;
  const law = lawOf(b, d, dt, slot);
  const S = n - (law.alpha > 0 ? rng.binomial(n, law.alpha) : 0);
  return S > 0 && law.grows ? S + rng.negativeBinomial(S, law.pGeom) : S;
}

/** The lineage law of (b, d, dt), from the cache slot `slot` when it last served these. */
function lawOf(b: number, d: number, dt: number, slot: number): LineageLaw {
  const j = slot & (LAW_SLOTS - 1);
  const law = laws[j];
  if (b !== lawKeys[3 * j] || d !== lawKeys[3 * j + 1] || dt !== lawKeys[3 * j + 2]) {
    lawKeys[3 * j] = NaN; // no stale key if the law throws half-written
    lineageLaw(b, d, dt, law);
    lawKeys[3 * j] = b;
    lawKeys[3 * j + 1] = d;
    lawKeys[3 * j + 2] = dt;
  }
  return law;
}

/**
 * Hand the new daughters of clone `id` to the clones their division events create; returns how
 * many stay in `id`. The number of daughters with some event is Poisson(births × Σp); each is
 * given its event in proportion to p (Poisson splitting: the same law as one draw per event, with
 * one draw in the usual case of none). Each daughter also carries Poisson(μ) new passengers: while
 * the clone is `resolving`, each of the others with ≥ 1 (Binomial(rest, 1 − e^{−μ})) founds a
 * passenger sub-clone (a daughter with an event carries its passengers into that event's clone);
 * otherwise they are only counted.
 */
function mutateBirths(host: GrowthHost, id: number, births: number, present: number): number {
  const { clones, rng } = host;
  const mu = host.passengersPerDivision * clones.eventFactor[id];
  const resolving = mu > 0 && clones.resolving[id];
  if (mu > 0 && !resolving) clones.passengerEvents[id] += rng.poisson(births * mu);
  const total = clones.eventTotal[id] * clones.eventFactor[id];
  // At most `present` daughters (the clone's cells at the end of the step) leave it: with hidden
  // birth–death pairs (see `leap`) a step can have more births than cells left at its end.
  const m = total > 0 ? Math.min(births, present, rng.poisson(births * total)) : 0;
  if (m > 0) leave(host, id, m);
  let kept = births - m;
  if (resolving && kept > 0) {
    // At most the resolution's worth of sub-clones in one step: a lineage resolves passengers
    // only while it is smaller than that, and a step that grows it far past (a tick too long for
    // its rates) must not found a sub-clone per daughter.
    const k = Math.min(present - m, host.passengerResolution, rng.binomial(kept, passengerProbability(mu)));
    for (let j = 0; j < k; j++) clones.n[host.spawn(id, PASSENGER_EVENT)]++;
    kept -= k;
  }
  return kept;
}

/** Send m daughters of clone `id` to the clones of their division events: a multinomial split in
 *  proportion to each event's probability, one binomial per event. */
function leave(host: GrowthHost, id: number, m: number): void {
  const { clones, rng } = host;
  const factor = clones.eventFactor[id];
  const events = clones.events[id];
  let left = m;
  let pLeft = clones.eventTotal[id] * factor;
  for (let k = 0; k < events.length && left > 0; k++) {
    const pk = events[k].p * factor;
    const mk = k === events.length - 1 ? left : rng.binomial(left, Math.min(1, pk / pLeft));
    pLeft -= pk;
    left -= mk;
    if (mk <= 0) continue;
    const child = host.spawn(id, events[k]);
    clones.n[child] += mk;
  }
}

export class CloneEngine implements Engine {
  readonly kind = 'clone' as const;
  advance(host: GrowthHost, dt: number): void {
    const { clones, rng, counters } = host;
    // Clones spawned during this tick are appended to `alive` and wait for the next tick.
    const count = clones.alive.length;
    for (let i = 0; i < count; i++) {
      const id = clones.alive[i];
      const n = clones.n[id];
      if (n <= 0) continue;
      if (clones.held[id]) {
        // A held population (a normal NE pool): its n cells divide at b, each division matched
        // by a death, so the divisions with an event are Poisson(n·b·dt·Σp) exactly (Poisson
        // thinning). Those daughters leave for their clones and the niche refills their places;
        // the other divisions change nothing and are not drawn (nor counted: the counters count
        // the divisions that made a cell somewhere).
        const total = clones.eventTotal[id] * clones.eventFactor[id];
        const m = total > 0 ? Math.min(n, rng.poisson(n * clones.b[id] * dt * total)) : 0;
        if (m > 0) leave(host, id, m);
        counters.births += m;
        continue;
      }
      leap(rng, n, clones.b[id], clones.d[id], dt, id);
      const births = leapOut[0];
      const deaths = leapOut[1];
      const kept = births > 0 ? mutateBirths(host, id, births, n + births - deaths) : 0;
      clones.n[id] += kept - deaths;
      counters.births += births;
      counters.deaths += deaths;
    }
  }
  remove(host: GrowthHost, id: number, count: number): void {
    host.clones.n[id] -= count;
  }
  settle(host: GrowthHost, g: number, tDays: number): void {
    host.clones.settle(g, tDays);
  }
  clear(host: GrowthHost, ids: readonly number[]): number {
    let removed = 0;
    for (const id of ids) {
      removed += host.clones.n[id];
      host.clones.n[id] = 0;
    }
    return removed;
  }
}

