/**
 * One patient's NE tissue and tumor under a NET scenario: the biology's rules in the order a
 * pathologist would tell them. Each tick: `recruitImmune`, `setRates` (the hypothesis wiring acts
 * here and only here), `divide` (the engine: births, deaths, hits), `disseminate`, `growMetastases`,
 * then `checkDiagnosis`, `checkDeath`. `classify` reads the diagnosed tumor's cells.
 */
import {
  ARCHETYPE_INDEX, CHROMOTHRIPSIS_VARIANTS, HITS, ORIGINS, ORIGIN_INDEX, PROGRAMS, PROGRAM_INDEX,
  type Site,
} from '../biology/biology.js';
import { classify, detectedHits, gradeOf, readTumor, type TumorReadout } from './classifier.js';
import { CloneTable, type CloneEvent } from '../core/clones.js';
import type { Counters, Engine, GrowthHost } from '../core/space/engine.js';
import { EMPTY, EPITHELIUM, LatticeEngine } from '../core/space/lattice.js';
import { CloneEngine, leap, leapOut } from '../core/space/wellmixed.js';
import { wiringOf, type Wiring } from './hypothesis.js';
import { AgentField, ImmuneNiche } from './immune.js';
import type { Rng } from '../core/rng.js';
import type { ResolvedNet } from '../io/scenario.js';

const DAYS_PER_YEAR = 365.25;
const MAX_CNA = 6;

export interface Diagnosis {
  tDays: number;
  ageYears: number;
  lineage: number;
  origin: string;
  location: string;
  subgroup: string;
  hits: string[];
  ki67: number;
  grade: 'G1' | 'G2' | 'G3';
  /** Found through a metastasis before the primary reached diagnosis size. */
  viaMetastasis: boolean;
  readout: TumorReadout;
  /** The diagnosed tumor's clones and their cells at diagnosis (for simulated sequencing). */
  composition: [number, number][];
}

export class NetModel implements GrowthHost {
  readonly clones = new CloneTable();
  readonly counters: Counters = { births: 0, deaths: 0, resected: 0 };
  readonly wiring: Wiring;
  readonly engine: Engine;
  readonly immune: ImmuneNiche;
  /** Agent positions (lattice engine only). */
  readonly agents: AgentField | null = null;
  readonly site: Site;
  readonly female: boolean;
  readonly germlineMEN1: boolean;
  readonly archetype: string;
  readonly passengersPerDivision: number;
  /** Real cells one simulated cell stands for (1 in the clone engine). */
  readonly scale: number;
  tDays = 0;
  diagnosis: Diagnosis | null = null;
  metastasisDays: number | null = null;
  death: { tDays: number; cause: 'tumor' | 'other' } | null = null;
  /** Largest lesion (lineage) and its primary-site size, refreshed each tick. */
  largestLineage = -1;
  largestLineageCells = 0;

  /** This patient's tumor tempo: every neoplastic clone's intrinsic birth and death rates are
   *  × tempo, so Ki-67 (birth rate × cycle) and net growth scale together, as between real
   *  tumors (immune killing is the niche's, not scaled). */
  readonly tempo: number;
  private readonly turnover: Float64Array;
  private readonly homeostaticTarget: number[] = [];
  /** Programs a plastic uncommitted tumor cell may switch to. */
  private readonly plasticTargets: number[];

  constructor(readonly scenario: ResolvedNet, readonly rng: Rng) {
    const s = scenario;
    this.site = s.site;
    this.wiring = wiringOf(s.hypothesis);
    this.passengersPerDivision = s.passengersPerDivision;
    this.female = rng.next() < s.population.femaleFraction;
    this.germlineMEN1 = rng.next() < s.population.germlineMEN1;
    const archIds = Object.keys(s.archetypes);
    this.archetype = archIds[rng.pick(archIds.map((a) => s.archetypes[a]))];
    // The tumor's tempo (its own stream, so the other draws do not move when σ changes).
    this.tempo = Math.exp(s.progression.tempoSdLog * rng.fork('tempo').normal());
    this.immune = new ImmuneNiche(ARCHETYPE_INDEX[this.archetype], s.immune.halfSaturation, s.immune.recruitmentPerLog10Cells);
    this.turnover = new Float64Array(ORIGINS.length);
    const patientScope = { female: +this.female, germline_MEN1: +this.germlineMEN1 };
    for (const [id, o] of Object.entries(s.origins)) this.turnover[ORIGIN_INDEX[id]] = o.turnoverPerDay.eval(patientScope);
    this.plasticTargets = PROGRAMS.map((p, i) => (p.site === s.site && p.committed ? i : -1)).filter((i) => i >= 0);
    if (s.engine === 'lattice') {
      const L = s.lattice;
      this.scale = L.realCellsPerSite;
      this.engine = new LatticeEngine(L.width, L.height, L.neighbourhood);
      this.seedLattice(this.engine as LatticeEngine);
      this.agents = new AgentField(L.width, L.height);
      this.agents.sync(this.immune.counts, rng);
    } else {
      this.scale = 1;
      this.engine = new CloneEngine();
      this.seedWellMixed();
    }
    this.setRates();
  }

  // ----------------------------------------------------------------------------- tissue at start

  /** Root clones: each origin's NE cells, committed to its program in proportion to the wiring. */
  private rootClone(origin: number, committed: boolean): number {
    const o = ORIGINS[origin];
    const program = PROGRAM_INDEX[committed ? o.program : o.uncommittedProgram];
    const id = this.clones.add(
      { parent: -1, lineage: -1, bornDays: 0, origin, program, hits: 0, cna: 0, chromothripsis: 0, neoplastic: false, founderPassengers: 0 },
      '',
    );
    this.initClone(id);
    return id;
  }

  private seedWellMixed(): void {
    const commit = this.wiring.originCommitment;
    for (const [oid, o] of Object.entries(this.scenario.origins)) {
      const origin = ORIGIN_INDEX[oid];
      const committedCells = Math.round(o.cells * commit);
      for (const [cells, committed] of [[committedCells, true], [o.cells - committedCells, false]] as const) {
        if (cells <= 0) continue;
        const id = this.rootClone(origin, committed);
        this.clones.n[id] = cells;
        this.homeostaticTarget[id] = cells;
      }
    }
  }

  /** NE bodies (discs of NE cells of one origin) scattered in non-NE epithelium. */
  private seedLattice(L: LatticeEngine): void {
    const { width: W, height: H, neBodies, neBodyRadius: R } = this.scenario.lattice;
    L.fill(EPITHELIUM);
    const origins = Object.keys(this.scenario.origins).map((id) => ORIGIN_INDEX[id]);
    const weights = Object.values(this.scenario.origins).map((o) => o.cells);
    const roots = new Map<string, number>();
    for (let k = 0; k < neBodies; k++) {
      const origin = origins[this.rng.pick(weights)];
      const cx = this.rng.int(W);
      const cy = this.rng.int(H);
      for (let y = cy - R; y <= cy + R; y++)
        for (let x = cx - R; x <= cx + R; x++) {
          if (x < 0 || y < 0 || x >= W || y >= H || (x - cx) ** 2 + (y - cy) ** 2 > R * R + R) continue;
          const s = L.index(x, y);
          if (L.state(s) >= 0) continue;
          const committed = this.rng.next() < this.wiring.originCommitment;
          const key = `${origin}:${committed}`;
          let id = roots.get(key);
          if (id === undefined) roots.set(key, (id = this.rootClone(origin, committed)));
          L.place(this.clones, s, id);
        }
    }
    // A few empty sites (shed cells), so normal NE turnover has room.
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const s = L.index(x, y);
        if (L.state(s) === EPITHELIUM && this.rng.next() < 0.05) L.setState(s, EMPTY);
      }
    L.markDirty();
  }

  // ----------------------------------------------------------------------------- genotype → rates

  /** Per-genotype rates and division events of a new clone (expressions evaluated once here). */
  private initClone(id: number): void {
    const c = this.clones;
    const s = this.scenario;
    const mask = c.hits[id];
    let initSurvive = 1;
    let progBirth = 1;
    let death = 1;
    let dissemination = PROGRAMS[c.program[id]].disseminationFactor;
    let instability = 1;
    let alt = false;
    let nHits = 0;
    const cap = s.fitness.initiatingCap;
    const scope: Record<string, number> = {};
    HITS.forEach((h, k) => {
      const has = (mask >> k) & 1;
      scope[h.id] = has;
      if (!has) return;
      nHits++;
      const eff = s.hits[h.id];
      if (h.initiating) initSurvive *= 1 - Math.min(1, (eff.birth - 1) / (cap - 1));
      else progBirth *= eff.birth;
      death *= eff.death;
      dissemination *= eff.dissemination;
      instability *= h.instability;
      alt ||= h.alt;
    });
    const turnover = this.turnover[c.origin[id]];
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
      female: +this.female,
      germline_MEN1: +this.germlineMEN1,
    });
    c.alt[id] = alt;
    c.dissemination[id] = dissemination;
    if (c.neoplastic[id]) {
      c.birthGeno[id] = s.fitness.birthPerDay.eval(scope);
      c.deathGeno[id] = s.fitness.deathPerDay.eval(scope);
    } else {
      c.birthGeno[id] = turnover;
      c.deathGeno[id] = turnover;
    }
    const events: CloneEvent[] = [];
    HITS.forEach((h, k) => {
      if ((mask >> k) & 1) return;
      let p = s.hits[h.id].ratePerDivision.eval(scope);
      if (h.id === 'MEN1' && this.germlineMEN1) p *= s.germlineSecondHitFactor;
      if (p > 0) events.push({ kind: 'hit', target: k, p });
    });
    if ((c.neoplastic[id] || s.copyNumber.initiates) && c.cna[id] < MAX_CNA) {
      const p = s.copyNumber.ratePerDivision.eval(scope);
      if (p > 0) events.push({ kind: 'cna', target: 0, p });
    }
    // Plastic uncommitted tumor cells (immune-divergent wiring): unbiased switching to any program.
    const plast = s.immune.plasticityPerDivision * this.wiring.immuneSelection;
    if (c.neoplastic[id] && !PROGRAMS[c.program[id]].committed && plast > 0) {
      for (const q of this.plasticTargets) events.push({ kind: 'switch', target: q, p: plast / this.plasticTargets.length });
    }
    c.events[id] = events;
    c.eventTotal[id] = events.reduce((a, e) => a + e.p, 0);
  }

  /** The clone a division of `parent` with event `ev` gives rise to (GrowthHost). */
  spawn(parent: number, ev: CloneEvent): number {
    const c = this.clones;
    let hits = c.hits[parent];
    let cna = c.cna[parent];
    let ct = c.chromothripsis[parent];
    let program = c.program[parent];
    if (ev.kind === 'hit') {
      const h = HITS[ev.target];
      hits |= 1 << ev.target;
      if (h.id === 'chromothripsis') ct = 1 + this.rng.int(CHROMOTHRIPSIS_VARIANTS.length);
      const converge = h.converges?.[this.site];
      const reprogram = h.reprograms?.[this.site];
      if (converge) program = PROGRAM_INDEX[converge];
      else if (reprogram && !PROGRAMS[program].committed && this.rng.next() < this.wiring.somaticReprogramming) program = PROGRAM_INDEX[reprogram];
    } else if (ev.kind === 'cna') {
      cna = Math.min(MAX_CNA, cna + 1);
    } else {
      program = ev.target;
    }
    const neoplastic = hits !== 0 || (this.scenario.copyNumber.initiates && cna > 0);
    const founding = neoplastic && !c.neoplastic[parent];
    const lineage = founding ? -1 : c.lineage[parent];
    const key = founding ? null : c.key(lineage, c.origin[parent], program, hits, cna, ct);
    if (key !== null) {
      const found = c.find(key);
      if (found !== undefined) {
        if (c.n[found] + c.nMet[found] === 0 && !c.alive.includes(found)) c.alive.push(found);
        return found;
      }
    }
    // Passengers the founder carries: its parent's founder's, plus those accumulated along the
    // lineage since the parent clone arose (expected divisions ≈ b·age of the parent clone).
    const gens = Math.max(0, this.tDays - c.bornDays[parent]) * c.b[parent];
    const founderPassengers = c.founderPassengers[parent] + this.rng.poisson(this.passengersPerDivision * (gens + 1));
    const id = c.add(
      { parent, lineage, bornDays: this.tDays, origin: c.origin[parent], program, hits, cna, chromothripsis: ct, neoplastic, founderPassengers },
      key,
    );
    this.initClone(id);
    this.rateOf(id);
    return id;
  }

  // ----------------------------------------------------------------------------- per tick

  recruitImmune(dt: number): void {
    // The niche responds to the largest lesion (or, after surgery, to metastatic disease).
    const lesion = Math.max(this.largestLineageCells, this.diagnosis ? this.metastaticCells() : 0) * this.scale;
    this.immune.step(dt, lesion, this.rng);
    if (this.agents) {
      this.agents.sync(this.immune.counts, this.rng);
      const [tx, ty] = this.lesionCentre();
      this.agents.move(dt, tx, ty, this.rng);
    }
  }

  /** Centre of the largest lesion on the lattice, or (-1, -1). */
  lesionCentre(): [number, number] {
    if (!(this.engine instanceof LatticeEngine) || this.largestLineage < 0) return [-1, -1];
    const L = this.engine;
    let sx = 0;
    let sy = 0;
    let n = 0;
    const c = this.clones;
    for (const id of c.alive) {
      if (c.lineage[id] !== this.largestLineage || !c.neoplastic[id]) continue;
      for (const s of L.cellsOf(c, id)) {
        sx += L.x(s);
        sy += L.y(s);
        n++;
      }
    }
    return n ? [Math.round(sx / n), Math.round(sy / n)] : [-1, -1];
  }

  /** Per-tick rates of one clone: where the hypothesis wiring acts. */
  private rateOf(id: number): void {
    const c = this.clones;
    const s = this.scenario;
    if (!c.neoplastic[id]) {
      // Normal NE cells are homeostatic: crowding feedback in the well-mixed tissue, space on the lattice.
      const t = this.turnover[c.origin[id]];
      const target = this.homeostaticTarget[id];
      c.b[id] = t;
      c.d[id] = this.engine.kind === 'clone' && target > 0 ? (t * c.n[id]) / target : t;
      return;
    }
    const w = this.wiring;
    const e = this.immune.effects;
    const bg = c.birthGeno[id];
    const dg = c.deathGeno[id];
    const advantage = bg - dg;
    // Immune-parallel: the driver's advantage needs crosstalk with supportive niche agents.
    const gate = 1 - w.immuneInitiation + (w.immuneInitiation * e.support) / (e.support + s.immune.initiationHalf);
    let b = advantage > 0 ? dg + advantage * gate : bg;
    b *= 1 + w.coupling * s.immune.supportGain * e.support;
    // Immune-divergent: program-specific selective pressure of this niche.
    if (w.immuneSelection > 0) b *= Math.exp(w.immuneSelection * s.immune.selectionStrength * e.affinity[c.program[id]]);
    c.b[id] = b * this.tempo;
    c.d[id] = dg * this.tempo + w.coupling * s.immune.killPerDay * e.kill;
  }

  setRates(): void {
    for (const id of this.clones.alive) this.rateOf(id);
  }

  /** Primary cells disseminate (leave the primary); a fraction of them seed metastases, the rest die. */
  disseminate(dt: number): void {
    if (this.diagnosis && this.scenario.progression.resection) return;
    const c = this.clones;
    const p = this.scenario.progression;
    const rate = p.disseminationPerCellDay * this.scale;
    if (rate <= 0) return;
    const count = c.alive.length;
    for (let i = 0; i < count; i++) {
      const id = c.alive[i];
      if (!c.neoplastic[id] || c.n[id] <= 0) continue;
      const leaving = Math.min(c.n[id], this.rng.poisson(c.n[id] * c.dissemination[id] * rate * dt));
      if (leaving <= 0) continue;
      const seeds = this.rng.binomial(leaving, p.seedingProbability);
      this.engine.remove(this, id, leaving);
      c.nMet[id] += seeds;
      this.counters.deaths += leaving - seeds;
    }
  }

  /** Metastases grow well-mixed, with their clone's rates (no new hits there). */
  growMetastases(dt: number): void {
    const c = this.clones;
    for (const id of c.alive) {
      const n = c.nMet[id];
      if (n <= 0) continue;
      leap(this.rng, n, c.b[id], c.d[id], dt);
      const births = leapOut[0];
      const deaths = leapOut[1];
      c.nMet[id] += births - deaths;
      this.counters.births += births;
      this.counters.deaths += deaths;
    }
  }

  /** Largest lesion: sizes per lineage accumulated in a reused array (no allocation per tick). */
  private readonly lineageCells: number[] = [];
  private refreshLesions(): void {
    const c = this.clones;
    const acc = this.lineageCells;
    this.largestLineage = -1;
    this.largestLineageCells = 0;
    for (const id of c.alive) if (c.neoplastic[id]) acc[c.lineage[id]] = 0;
    for (const id of c.alive) if (c.neoplastic[id]) acc[c.lineage[id]] += c.n[id];
    for (const id of c.alive) {
      if (!c.neoplastic[id]) continue;
      const lin = c.lineage[id];
      const n = acc[lin];
      if (n > this.largestLineageCells || (n === this.largestLineageCells && n > 0 && lin < this.largestLineage)) {
        this.largestLineage = lin;
        this.largestLineageCells = n;
      }
    }
  }

  metastaticCells(): number {
    let m = 0;
    for (const id of this.clones.alive) m += this.clones.nMet[id];
    return m;
  }

  neoplasticPrimaryCells(): number {
    let m = 0;
    for (const id of this.clones.alive) if (this.clones.neoplastic[id]) m += this.clones.n[id];
    return m;
  }

  /** Read a lineage (primary, or its metastases) as a pathologist would. */
  readLineage(lineage: number, where: 'primary' | 'metastasis' = 'primary'): TumorReadout {
    const c = this.clones;
    const ids = c.alive.filter((id) => c.lineage[id] === lineage && c.neoplastic[id]);
    return readTumor(c, ids, (id) => (where === 'primary' ? c.n[id] : c.nMet[id]), this.scenario.progression.cycleDays);
  }

  /** The lineage holding most metastatic cells. */
  private metastaticLineage(): number {
    const c = this.clones;
    const m = new Map<number, number>();
    for (const id of c.alive) if (c.nMet[id] > 0) m.set(c.lineage[id], (m.get(c.lineage[id]) ?? 0) + c.nMet[id]);
    let best = -1;
    let bestN = -1;
    for (const [lin, n] of m) if (n > bestN) [best, bestN] = [lin, n];
    return best;
  }

  checkDiagnosis(): void {
    const p = this.scenario.progression;
    const met = this.metastaticCells() * this.scale;
    if (!this.diagnosis) {
      const byPrimary = this.largestLineageCells * this.scale >= p.diagnosisCells;
      const byMet = !byPrimary && met >= p.metastasisDetectCells;
      if (!byPrimary && !byMet) return;
      const lineage = byPrimary ? this.largestLineage : this.metastaticLineage();
      const readout = this.readLineage(lineage, byPrimary ? 'primary' : 'metastasis');
      const origin = ORIGINS[this.clones.origin[lineage]];
      this.diagnosis = {
        tDays: this.tDays,
        ageYears: this.ageYears(),
        lineage,
        origin: origin.id,
        location: origin.location,
        subgroup: classify(this.site, readout),
        hits: detectedHits(readout),
        ki67: readout.ki67,
        grade: gradeOf(readout.ki67),
        viaMetastasis: byMet,
        readout,
        composition: this.clones.alive
          .filter((id) => this.clones.lineage[id] === lineage && this.clones.neoplastic[id])
          .map((id) => [id, byPrimary ? this.clones.n[id] : this.clones.nMet[id]] as [number, number])
          .filter(([, n]) => n > 0),
      };
      if (met >= p.metastasisDetectCells) this.metastasisDays = this.tDays;
      if (p.resection) this.resect(lineage);
    } else {
      if (this.metastasisDays === null && met >= p.metastasisDetectCells) this.metastasisDays = this.tDays;
      // Follow-up imaging finds a second primary of diagnosis size; it is resected too.
      if (p.resection && this.largestLineageCells * this.scale >= p.diagnosisCells) this.resect(this.largestLineage);
    }
  }

  /** Surgery removes the diagnosed lesion from the primary site. */
  private resect(lineage: number): void {
    const c = this.clones;
    for (const id of c.alive.slice()) {
      if (c.lineage[id] !== lineage || c.n[id] <= 0) continue;
      this.counters.resected += c.n[id];
      this.engine.remove(this, id, c.n[id]);
    }
  }

  checkDeath(dt: number): void {
    if (this.death) return;
    const p = this.scenario.progression;
    const burden = (this.neoplasticPrimaryCells() * this.scale + this.metastaticCells());
    if (this.diagnosis && burden >= p.lethalCells) {
      this.death = { tDays: this.tDays, cause: 'tumor' };
      return;
    }
    const m = p.otherCauseMortality;
    const hazardPerYear = m.gompertzA * Math.exp(m.gompertzB * this.ageYears());
    if (this.rng.next() < 1 - Math.exp((-hazardPerYear * dt) / DAYS_PER_YEAR)) this.death = { tDays: this.tDays, cause: 'other' };
  }

  ageYears(): number {
    return this.scenario.time.startAgeYears + this.tDays / DAYS_PER_YEAR;
  }

  /** Whether the patient's story is over (death, end of follow-up, or end of life span undiagnosed). */
  finished(): boolean {
    if (this.death) return true;
    const t = this.scenario.time;
    if (this.diagnosis) return this.tDays - this.diagnosis.tDays >= t.followupYears * DAYS_PER_YEAR;
    return this.ageYears() >= t.maxAgeYears;
  }

  /** One tick of dt days. */
  step(dt: number): void {
    this.recruitImmune(dt);
    this.setRates();
    this.engine.advance(this, dt);
    this.disseminate(dt);
    this.growMetastases(dt);
    this.tDays += dt;
    this.clones.prune();
    this.refreshLesions();
    this.checkDiagnosis();
    this.checkDeath(dt);
  }

  totalCells(): number {
    let n = 0;
    for (const id of this.clones.alive) n += this.clones.n[id] + this.clones.nMet[id];
    return n;
  }
}
