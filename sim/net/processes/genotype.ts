/**
 * Genotype → rates, and the consequences of a mutation. A clone's per-genotype rates and its
 * division events (hits, copy-number events, program switches) are evaluated once, when the
 * clone arises (never per cell or per tick); a division with an event founds (or joins) the
 * clone of the new genotype. What a hit does is read from its definition (biology/hits.ts).
 */
import { HITS, HIT_CONTEXT, PROGRAMS, PROGRAM_INDEX } from '../../biology/biology.js';
import type { CloneEvent } from '../../core/clones.js';
import { checkRate } from '../../core/limits.js';
import { drawPassengers } from '../../core/passengers.js';
import type { ResolvedNet } from '../../scenario/scenario.js';
import type { NetModel } from '../model.js';
import { rateOf } from './wiring.js';
import { DAYS_PER_YEAR } from '../../core/time.js';

/** Arm-level copy-number events a clone can accumulate. */
const MAX_CNA = 6;

/** What a genotype's rates and division events are (initClone). */
interface Derived {
  birth: number;
  death: number;
  dissemination: number;
  alt: boolean;
  /** Shared by every clone of the genotype, never changed (as a passenger sub-clone's). */
  events: CloneEvent[];
  eventTotal: number;
}

/**
 * Per scenario and patient kind (sex, germline, each origin's turnover), each genotype's derived
 * rates and events, keyed by the rest of what they depend on: the clone's origin, program, hits,
 * copy-number events and neoplasia. Most clones of a cohort share a few dozen genotypes, so the
 * expressions are evaluated once per genotype and patient kind, not per clone; a patient finds
 * its kind's table once (the model keeps it until its scenario changes).
 */
const derivedBy = new WeakMap<ResolvedNet, Map<string, Map<number, Derived>>>();

/** Each patient's table, with the scenario it was found for. */
const tableOf = new WeakMap<NetModel, { scenario: ResolvedNet; table: Map<number, Derived> }>();

function derivedTable(m: NetModel): Map<number, Derived> {
  const t = tableOf.get(m);
  if (t?.scenario === m.scenario) return t.table;
  let kinds = derivedBy.get(m.scenario);
  if (!kinds) derivedBy.set(m.scenario, (kinds = new Map()));
  const kind = `${+m.female} ${+m.germlineMEN1} ${+m.germlineVHL} ${m.turnover.join(' ')}`;
  let table = kinds.get(kind);
  if (!table) kinds.set(kind, (table = new Map()));
  tableOf.set(m, { scenario: m.scenario, table });
  return table;
}

/** A genotype's key in its patient kind's table (exact: 47 bits; CloneTable.key checks the fields). */
const genotypeKey = (c: NetModel['clones'], id: number) => c.key(c.origin[id], c.program[id], c.hits[id], c.cna[id], 0) * 2 + +c.neoplastic[id];

/** Per-genotype rates and division events of a new clone (expressions evaluated once per genotype). */
export function initClone(m: NetModel, id: number): void {
  const c = m.clones;
  const table = derivedTable(m);
  const key = genotypeKey(c, id);
  let g = table.get(key);
  if (!g) table.set(key, (g = derive(m, id)));
  c.birthGeno[id] = g.birth;
  c.deathGeno[id] = g.death;
  c.dissemination[id] = g.dissemination;
  c.alt[id] = g.alt;
  c.events[id] = g.events;
  c.eventTotal[id] = g.eventTotal;
}

/** A clone's genotype's rates and division events, from the scenario's expressions. */
function derive(m: NetModel, id: number): Derived {
  const c = m.clones;
  const s = m.scenario;
  const mask = c.hits[id];
  let initSurvive = 1;
  let progBirth = 1;
  let death = 1;
  let dissemination = PROGRAMS[c.program[id]].disseminationFactor;
  let instability = PROGRAMS[c.program[id]].instabilityFactor ?? 1;
  let alt = false;
  let nHits = 0;
  const cap = s.fitness.initiatingCap;
  const scope: Record<string, number> = {};
  const programId = PROGRAMS[c.program[id]].id;
  HITS.forEach((h, k) => {
    const has = (mask >> k) & 1;
    scope[h.id] = has;
    if (!has) return;
    nHits++;
    const eff = s.hits[h.id];
    // The share of the driver's advantage this program lets through (assumptions.ts).
    const gain = (eff.birth - 1) * (HIT_CONTEXT[h.id]?.[programId] ?? 1);
    // Initiating hits act on one growth pathway, so their birth effects saturate below the cap.
    if (h.initiating) initSurvive *= 1 - Math.min(1, gain / (cap - 1));
    else progBirth *= 1 + gain;
    death *= eff.death;
    dissemination *= eff.dissemination;
    instability *= h.instability;
    alt ||= h.alt;
  });
  const turnover = m.turnover[c.origin[id]];
  Object.assign(scope, {
    turnover,
    hit_birth: (1 + (cap - 1) * (1 - initSurvive)) * progBirth,
    hit_death: death,
    program_birth: PROGRAMS[c.program[id]].birthFactor,
    cna_birth: s.copyNumber.birth ** Math.min(c.cna[id], 2),
    n_hits: nHits,
    cna: c.cna[id],
    alt: +alt,
    instability,
    female: +m.female,
    germline_MEN1: +m.germlineMEN1,
    germline_VHL: +m.germlineVHL,
  });
  // Each expression is checked at each genotype it meets, before use: a rate that is negative,
  // infinite or not a number stops the run naming the expression, the genotype and the time.
  const at = (field: string, source: string) => () => `${field} "${source.length > 80 ? `${source.slice(0, 80)}…` : source}" at the genotype ${genotypeName(m, id)}`;
  const birth = c.neoplastic[id] ? checkRate(s.fitness.birthPerDay.eval(scope), at('fitness.birthPerDay', s.fitness.birthPerDay.source)) : turnover;
  const deathRate = c.neoplastic[id] ? checkRate(s.fitness.deathPerDay.eval(scope), at('fitness.deathPerDay', s.fitness.deathPerDay.source)) : turnover;
  const events: CloneEvent[] = [];
  HITS.forEach((h, k) => {
    if ((mask >> k) & 1) return;
    let p = checkRate(s.hits[h.id].ratePerDivision.eval(scope), at(`hits.${h.id}.ratePerDivision`, s.hits[h.id].ratePerDivision.source)) * s.hits[h.id].rateFactor;
    if (h.germline && m.germline[h.id]) p *= s.germlineSecondHitFactor;
    if (p > 0) events.push({ kind: 'hit', target: k, p });
  });
  if ((c.neoplastic[id] || s.copyNumber.initiates) && c.cna[id] < MAX_CNA) {
    const p = checkRate(s.copyNumber.ratePerDivision.eval(scope), at('copyNumber.ratePerDivision', s.copyNumber.ratePerDivision.source));
    if (p > 0) events.push({ kind: 'cna', target: 0, p });
  }
  // Plastic uncommitted tumor cells (immune-divergent wiring): unbiased switching to any program.
  const plast = s.immune.plasticityPerDivision * m.wiring.immuneSelection;
  if (c.neoplastic[id] && !PROGRAMS[c.program[id]].committed && plast > 0) {
    for (const q of m.plasticTargets) events.push({ kind: 'switch', target: q, p: plast / m.plasticTargets.length });
  }
  // Convergence on the site's high-grade program (lung: NEC-like, the supra-carcinoids) without
  // a catastrophe: a neoplastic cell's transcriptional drift, likelier the less stable its genome
  // (× instability: chromothripsis, TP53, ARID1A). Supra-carcinoids carry the carcinoids' drivers
  // (lungNENomics: MEN1 in 2/5, ARID1A in 1/5) and chromothripsis in only 2/5, so catastrophe is
  // one route among others (Alcala 2019; the review).
  const converge = s.progression.convergencePerDivision * instability;
  if (c.neoplastic[id] && converge > 0 && m.convergenceTarget >= 0 && c.program[id] !== m.convergenceTarget)
    events.push({ kind: 'switch', target: m.convergenceTarget, p: Math.min(1, converge) });
  return { birth, death: deathRate, dissemination, alt, events, eventTotal: events.reduce((a, e) => a + e.p, 0) };
}

/** A clone's genotype as a message names it: its hits (or none), copy-number events and program. */
function genotypeName(m: NetModel, id: number): string {
  const c = m.clones;
  const hits = HITS.filter((_, k) => (c.hits[id] >> k) & 1).map((h) => h.id);
  return `${hits.join('+') || 'without hits'}${c.cna[id] ? ` with ${c.cna[id]} copy-number event${c.cna[id] > 1 ? 's' : ''}` : ''}, program ${PROGRAMS[c.program[id]].id}`;
}

/**
 * Convergence after a genomic catastrophe, under every hypothesis: when a cell gains a hit with a
 * convergence target at this site (chromothripsis → NEC-like in the lung), or loses a checkpoint
 * while carrying one, it moves onto the target program with a probability, higher once TP53 or
 * RB1 is lost (a shattered genome with intact checkpoints mostly stays a carcinoid with an
 * amplicon: lungNENomics finds chromothripsis in 5/44 A1 and 4/29 A2 tumors, and in 2/5
 * supra-carcinoids). Returns the program index, or −1.
 */
function convergenceOf(m: NetModel, hits: number, triggered: boolean, program: number): number {
  if (!triggered) return -1;
  let target: string | undefined;
  let checkpointLost = false;
  HITS.forEach((h, k) => {
    if (!((hits >> k) & 1)) return;
    target ??= h.converges?.[m.site];
    checkpointLost ||= !!h.checkpoint;
  });
  if (target === undefined || PROGRAM_INDEX[target] === program) return -1;
  const c = m.scenario.chromothripsis;
  return m.streams.genotype.next() < (checkpointLost ? c.convergenceWithTP53orRB1 : c.convergence) ? PROGRAM_INDEX[target] : -1;
}

/** The clone a division of `parent` with event `ev` gives rise to: found it, or join the
 *  lineage's existing clone of that genotype and program (a passenger sub-clone is always new). */
export function spawnClone(m: NetModel, parent: number, ev: CloneEvent): number {
  const c = m.clones;
  const rng = m.streams.genotype;
  if (ev.kind === 'passenger') return c.addPassengerClone(parent, drawPassengers(rng, m.passengersPerDivision), m.tDays);
  let hits = c.hits[parent];
  let cna = c.cna[parent];
  let ct = c.chromothripsis[parent];
  let program = c.program[parent];
  if (ev.kind === 'hit') {
    const h = HITS[ev.target];
    hits |= 1 << ev.target;
    if (h.variants) ct = 1 + rng.int(h.variants.length);
    const converge = convergenceOf(m, hits, h.checkpoint || h.converges !== undefined, program);
    const reprogram = h.reprograms?.[m.site];
    if (converge >= 0) program = converge;
    else if (reprogram && !PROGRAMS[program].committed && rng.next() < m.wiring.somaticReprogramming)
      program = PROGRAM_INDEX[typeof reprogram === 'string' ? reprogram : reprogram[rng.int(reprogram.length)]];
  } else if (ev.kind === 'cna') {
    cna = Math.min(MAX_CNA, cna + 1);
  } else {
    program = ev.target;
  }
  const neoplastic = hits !== 0 || (m.scenario.copyNumber.initiates && cna > 0);
  const founding = neoplastic && !c.neoplastic[parent];
  const lineage = founding ? -1 : c.lineage[parent];
  if (!founding) {
    const found = c.find(lineage, c.key(c.origin[parent], program, hits, cna, ct));
    if (found !== undefined) {
      if (c.n[found] + c.nMet[found] === 0 && !c.alive.includes(found)) c.alive.push(found);
      c.resolving[found] = c.resolving[parent]; // it may have died out before its lesion settled
      return found;
    }
  }
  // The founder descends from the parent, or in a settled group from one of its sub-clones. It
  // carries that clone's founder's passengers, its founding division's, and unless the parent
  // resolves passengers (then each of its cells carries exactly its founder's) those accumulated
  // since that clone arose or the group settled (≈ b·elapsed divisions).
  const settled = c.settled.get(parent);
  const from = settled ? c.settledAncestor(parent, rng.next()) : parent;
  const since = settled ? settled.tDays : c.bornDays[parent];
  const gens = c.resolving[parent] ? 0 : Math.max(0, m.tDays - since) * c.b[parent];
  // Clock-like mutations since that clone arose (a normal NE cell's since the patient's birth).
  const years = Math.max(0, m.tDays - since) / DAYS_PER_YEAR + (c.parent[from] < 0 && !c.neoplastic[from] ? m.scenario.time.startAgeYears : 0);
  const clock = m.scenario.clockMutationsPerYear * m.clockFactor[c.origin[parent]];
  const fresh = rng.poisson(m.passengersPerDivision * (gens + 1) + clock * years);
  c.passengerEvents[parent] += c.resolving[parent] ? fresh : 0;
  const id = c.add(
    { parent: from, lineage, bornDays: m.tDays, origin: c.origin[parent], program, hits, cna, chromothripsis: ct, neoplastic, founderPassengers: c.founderPassengers[from] + fresh },
    !founding,
  );
  // A new lesion is one cell: it resolves passengers if one cell is below the resolution.
  c.resolving[id] = founding ? m.scale < m.scenario.passengerResolutionCells : c.resolving[parent];
  initClone(m, id);
  rateOf(m, id);
  return id;
}
