/**
 * Lesion bookkeeping: a lesion is a neoplastic lineage (all clones descended from one founding
 * cell); its primary-site and metastatic cells, and reading it as a pathologist would.
 */
import type { TumorReadout } from './classifier.js';
import { readTumor } from './classifier.js';
import type { NetModel } from './model.js';

/** Lineage sizes accumulated in a reused array indexed by lineage (a clone id), dense so that
 *  large ids stay fast; grown with the clone table (no allocation per tick). */
let lineageCells = new Float64Array(1024);

/** The largest primary lesion (lineage, cells), ties to the older lineage. A lesion's clones
 *  resolve passengers until it first holds the scenario's resolution of real cells; then its
 *  groups settle (core/passengers.ts). */
export function refreshLesions(m: NetModel): void {
  const c = m.clones;
  if (lineageCells.length < c.size) lineageCells = new Float64Array(Math.max(c.size, 2 * lineageCells.length));
  const acc = lineageCells;
  m.largestLineage = -1;
  m.largestLineageCells = 0;
  for (const id of c.alive) if (c.neoplastic[id]) acc[c.lineage[id]] = 0;
  for (const id of c.alive) if (c.neoplastic[id]) acc[c.lineage[id]] += c.n[id];
  // A lesion's clones resolve from its founding (genotype.ts) until it settles, and new clones
  // take their parent's flag, so only the crossing needs looking for.
  const resolution = m.scenario.passengerResolutionCells / m.scale;
  for (const id of c.alive) {
    if (!c.neoplastic[id]) continue;
    const lin = c.lineage[id];
    const n = acc[lin];
    // Settling folds sub-clones' cells into their groups within the lineage: its total stays.
    if (c.resolving[id] && n >= resolution) settleLineage(m, lin);
    if (n > m.largestLineageCells || (n === m.largestLineageCells && n > 0 && lin < m.largestLineage)) {
      m.largestLineage = lin;
      m.largestLineageCells = n;
    }
  }
}

/** A lesion reached the passenger resolution: its clones stop resolving and its groups settle, for good. */
function settleLineage(m: NetModel, lin: number): void {
  const c = m.clones;
  m.settledLineages.add(lin);
  for (const id of c.alive) if (c.neoplastic[id] && c.lineage[id] === lin) c.resolving[id] = false;
  for (const g of c.alive) if (c.neoplastic[g] && c.lineage[g] === lin && c.group[g] === g) m.engine.settle(m, g, m.tDays);
}

/** Metastatic cells, in simulated cells like the primary's (× m.scale for real cells). */
export function metastaticCells(m: NetModel): number {
  let n = 0;
  for (const id of m.clones.alive) n += m.clones.nMet[id];
  return n;
}

export function neoplasticPrimaryCells(m: NetModel): number {
  let n = 0;
  for (const id of m.clones.alive) if (m.clones.neoplastic[id]) n += m.clones.n[id];
  return n;
}

/** The lineage holding most metastatic cells. */
export function metastaticLineage(m: NetModel): number {
  const c = m.clones;
  const by = new Map<number, number>();
  for (const id of c.alive) if (c.nMet[id] > 0) by.set(c.lineage[id], (by.get(c.lineage[id]) ?? 0) + c.nMet[id]);
  let best = -1;
  let bestN = -1;
  for (const [lin, n] of by) if (n > bestN) [best, bestN] = [lin, n];
  return best;
}

/** The clones of a lesion, with their cells at the primary site or in metastases. */
export function lesionClones(m: NetModel, lineage: number, where: 'primary' | 'metastasis'): [number, number][] {
  const c = m.clones;
  return c.alive
    .filter((id) => c.lineage[id] === lineage && c.neoplastic[id])
    .map((id) => [id, where === 'primary' ? c.n[id] : c.nMet[id]] as [number, number]);
}

/** Read a lesion (primary, or its metastases) as a pathologist would. */
export function readLineage(m: NetModel, lineage: number, where: 'primary' | 'metastasis' = 'primary'): TumorReadout {
  const c = m.clones;
  const ids = c.alive.filter((id) => c.lineage[id] === lineage && c.neoplastic[id]);
  return readTumor(c, ids, (id) => (where === 'primary' ? c.n[id] : c.nMet[id]), m.scenario.progression.cycleDays);
}
