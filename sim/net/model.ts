/**
 * One patient's NE tissue and tumor under a NET scenario: the patient's state and the ordered
 * biological processes that advance it, one tick of dt days at a time. The processes live in
 * `processes/`, one file each, in the order a pathologist would tell the story:
 *
 *   immune → therapy → wiring → growth → metastasis → census → diagnosis → liquid biopsy → death
 *
 * (niche agents are recruited; therapies start, stop and read progression; normal NE cells keep their homeostatic turnover while the
 * hypothesis wiring sets the tumor cells' rates; cells divide, die and mutate; tumor cells disseminate and
 * metastases grow; the clock moves and lesions are measured; a lesion may be diagnosed, read and
 * resected; the patient may die). Each process draws from its own named random stream.
 */
import { ORIGINS, ORIGIN_INDEX, PROGRAMS, PROGRAM_INDEX, HITS, ARCHETYPE_INDEX, type Site } from '../biology/biology.js';
import { CloneTable, type CloneEvent } from '../core/clones.js';
import { checkRate } from '../core/limits.js';
import type { Rng } from '../core/rng.js';
import type { Counters, Engine, GrowthHost } from '../core/space/engine.js';
import { LatticeEngine } from '../core/space/lattice.js';
import { CloneEngine } from '../core/space/wellmixed.js';
import { createStreams, type Streams } from '../core/streams.js';
import type { ResolvedNet } from '../scenario/scenario.js';
import { wiringOf, type Wiring } from './hypothesis.js';
import { AgentField } from './agents.js';
import { ImmuneNiche } from './niche.js';
import { Metastases } from './metastases.js';
import type { Diagnosis } from './processes/diagnosis.js';
import type { CtdnaSample } from './processes/liquid-biopsy.js';
import { drawPatient } from './processes/demography.js';
import { refreshPools, seedLattice, seedWellMixed } from './processes/tissue.js';
import { initClone, spawnClone } from './processes/genotype.js';
import { rateOf } from './processes/wiring.js';
import { countContacts } from './contacts.js';
import { NET_PROCESSES, type Process } from './processes/index.js';
import { DAYS_PER_YEAR } from '../core/time.js';

export type { Diagnosis } from './processes/diagnosis.js';

/** Whether the niche acts on anything: the lattice's agents, or the wiring's immune links. */
const nicheActs = (s: ResolvedNet, w: Wiring) => s.engine === 'lattice' || w.coupling > 0 || w.immuneInitiation > 0 || w.immuneSelection > 0;

export class NetModel implements GrowthHost {
  readonly clones = new CloneTable();
  /** Primary-site counters (in the engine's units: sites on the lattice) and metastatic ones (real
   *  cells; `metGrowth`: the lesions' net growth, births less deaths). */
  readonly counters: Counters & { disseminated: number; seeded: number; metGrowth: number; metResected: number } = {
    births: 0, deaths: 0, resected: 0, disseminated: 0, seeded: 0, metGrowth: 0, metResected: 0,
  };
  readonly metastases = new Metastases();
  readonly streams: Streams;
  /** The growth process's stream (the engines draw births, deaths and division events from it). */
  readonly rng: Rng;
  wiring: Wiring;
  readonly engine: Engine;
  readonly immune: ImmuneNiche;
  /** Agent positions (lattice engine only). */
  readonly agents: AgentField | null = null;
  readonly site: Site;
  readonly female: boolean;
  readonly germlineMEN1: boolean;
  readonly germlineVHL: boolean;
  /** The germline hits this patient carries (hits.ts `germline`), by hit id. */
  readonly germline: Readonly<Record<string, boolean>>;
  readonly archetype: string;
  /** This patient's tumor tempo: every neoplastic clone's intrinsic birth and death rates are
   *  × tempo, so Ki-67 (birth rate × cycle) and net growth scale together, as between real
   *  tumors (immune killing is the niche's, not scaled). */
  readonly tempo: number;
  passengersPerDivision: number;
  /** Real cells one simulated cell stands for (1 in the clone engine). */
  readonly scale: number;
  /** Homeostatic turnover per day of each origin's NE cells (by origin index), for this patient:
   *  the base rate tumor clones inherit. */
  readonly turnover: Float64Array;
  /** This tick's division rate of each origin's normal NE cells: the turnover × the population's
   *  sex and age factors (hyperplasia; processes/tissue.ts). */
  readonly poolRate: Float64Array;
  /** The age poolRate was last refreshed at (tissue.ts). */
  poolAge = NaN;
  /** Programs a plastic uncommitted tumor cell may switch to. */
  readonly plasticTargets: number[];
  /** Clock-like mutation rate factor per origin index (scenario origins' clockFactor). */
  readonly clockFactor: Float64Array;
  /** The site's high-grade program, which catastrophes converge on (a hit's `converges`), or −1. */
  readonly convergenceTarget: number;
  /** The biological processes, in the order they act each step. */
  readonly processes: readonly Process[] = NET_PROCESSES;
  /** Lesions (lineages) that reached the passenger resolution: their groups have settled. */
  readonly settledLineages = new Set<number>();
  tDays = 0;
  diagnosis: Diagnosis | null = null;
  metastasisDays: number | null = null;
  /** Hits detected in the metastases when they were found (null before), and their mean marker
   *  profile then (by MARKERS index; what an IHC of a metastasis biopsy reads). */
  metastasisHits: string[] | null = null;
  metastasisMarkers: number[] | null = null;
  /** Metastatic burden (real cells) after the tick metastases were found, and the day the
   *  metastatic disease progressed (processes/therapy.ts). */
  metastaticBaseline: number | null = null;
  progressionDays: number | null = null;
  /** Liquid biopsy (processes/liquid-biopsy.ts): days after diagnosis of the next draw, the day of
   *  the first positive one, and the draws themselves when the run is recorded. */
  ctdnaNextDays: number;
  ctdnaPositiveDays: number | null = null;
  readonly ctdnaSamples: CtdnaSample[] | null;
  /** Day each intervention started (NaN: not yet), and those active this tick. */
  therapyStart: Float64Array;
  readonly therapyActive: number[] = [];
  death: { tDays: number; cause: 'tumor' | 'other' } | null = null;
  /**
   * Whether anything reads the immune niche: the wiring's immune links, the lattice's agents, or
   * a recorded time series. When nothing does (a spontaneous hypothesis's cohort), the niche is
   * not stepped: its stream is its own, so every other draw, and the patient's record, stay the
   * same (tests/streams.test.ts).
   */
  nicheObserved: boolean;
  /** Largest lesion (lineage) and its primary-site size, refreshed each step by the census. */
  largestLineage = -1;
  largestLineageCells = 0;

  constructor(public scenario: ResolvedNet, patientRng: Rng, opts: { recorded?: boolean } = {}) {
    const s = scenario;
    this.streams = createStreams(patientRng);
    this.rng = this.streams.growth;
    this.site = s.site;
    this.wiring = wiringOf(s.hypothesis);
    const w = this.wiring;
    this.nicheObserved = Boolean(opts.recorded) || nicheActs(s, w);
    this.passengersPerDivision = s.passengersPerDivision;
    const p = drawPatient(s, this.streams);
    this.female = p.female;
    this.germlineMEN1 = p.germlineMEN1;
    this.germlineVHL = p.germlineVHL;
    this.germline = { MEN1: p.germlineMEN1, VHL: p.germlineVHL };
    this.archetype = p.archetype;
    this.tempo = p.tempo;
    this.immune = new ImmuneNiche(ARCHETYPE_INDEX[this.archetype], s.immune.halfSaturation, s.immune.recruitmentPerLog10Cells);
    this.therapyStart = new Float64Array(s.interventions.length).fill(NaN);
    this.ctdnaNextDays = s.liquidBiopsy.everyDays;
    this.ctdnaSamples = opts.recorded ? [] : null;
    this.turnover = new Float64Array(ORIGINS.length);
    this.poolRate = new Float64Array(ORIGINS.length);
    this.deriveTurnover();
    refreshPools(this);
    this.plasticTargets = PROGRAMS.map((q, i) => (q.site === s.site && q.committed ? i : -1)).filter((i) => i >= 0);
    this.clockFactor = Float64Array.from(ORIGINS, (o) => s.origins[o.id]?.clockFactor ?? 1);
    const target = HITS.map((h) => h.converges?.[s.site]).find((t) => t !== undefined);
    this.convergenceTarget = target === undefined ? -1 : PROGRAM_INDEX[target];
    if (s.engine === 'lattice') {
      const L = s.lattice;
      this.scale = L.realCellsPerSite;
      const engine = new LatticeEngine(L.width, L.height, L.neighbourhood, L.dimensions, L.depth);
      this.engine = engine;
      seedLattice(this, engine);
      this.agents = new AgentField(L.width, L.height, L.depth);
      this.agents.sync(this.immune.counts, this.streams.agents);
    } else {
      this.scale = 1;
      this.engine = new CloneEngine();
      seedWellMixed(this);
    }
    for (const q of this.processes) q.start?.(this);
  }

  get passengerResolution(): number {
    return this.scenario.passengerResolutionCells;
  }

  /** Each origin's homeostatic turnover for this patient, from the scenario's expressions. */
  private deriveTurnover(): void {
    const patientScope = { female: +this.female, germline_MEN1: +this.germlineMEN1, germline_VHL: +this.germlineVHL };
    for (const [id, o] of Object.entries(this.scenario.origins))
      this.turnover[ORIGIN_INDEX[id]] = checkRate(o.turnoverPerDay.eval(patientScope), () => `origins.${id}.turnoverPerDay "${o.turnoverPerDay.source}" for this patient (female ${patientScope.female}, germline MEN1 ${patientScope.germline_MEN1}, VHL ${patientScope.germline_VHL})`);
  }

  /**
   * Go on under another scenario of the same site and engine (a counterfactual branch): every
   * quantity the model derives from its scenario — the wiring, turnover, the niche's parameters,
   * each clone's genotype rates and division events — is derived again; the state (cells, clones,
   * agents, the patient's draws) and every random stream are kept, so a branch that changes
   * nothing continues exactly as the original.
   */
  rescenario(s: ResolvedNet): void {
    this.scenario = s;
    this.wiring = wiringOf(s.hypothesis);
    this.nicheObserved ||= nicheActs(s, this.wiring);
    this.passengersPerDivision = s.passengersPerDivision;
    this.deriveTurnover();
    // Interventions keep their start days by position; new ones have not started.
    const started = this.therapyStart;
    this.therapyStart = new Float64Array(s.interventions.length).fill(NaN);
    this.therapyStart.set(started.subarray(0, Math.min(started.length, this.therapyStart.length)));
    this.immune.retune(s.immune.halfSaturation, s.immune.recruitmentPerLog10Cells);
    for (let id = 0; id < this.clones.size; id++) initClone(this, id);
    this.poolAge = NaN; // new turnover and factors: refreshed whatever the age
    refreshPools(this);
    // A therapy's mutation factor is set only under interventions (wiring.ts): start from none.
    this.clones.eventFactor.fill(1);
    countContacts(this);
    for (const id of this.clones.alive) rateOf(this, id);
  }

  /** The clone a division of `parent` with event `ev` gives rise to (GrowthHost). */
  spawn(parent: number, ev: CloneEvent): number {
    return spawnClone(this, parent, ev);
  }

  /**
   * One step of `ticks` ticks of dt days (pace.ts): every process in order, once, over the whole
   * step. The rates the niche, therapies and the wiring set at its start are held over it, as a
   * tick holds them over its dt days; the niche's transition is exact for any length (niche.ts).
   */
  step(dt: number, ticks = 1): void {
    for (const q of this.processes) q.step(this, dt * ticks);
  }

  ageYears(): number {
    return this.scenario.time.startAgeYears + this.tDays / DAYS_PER_YEAR;
  }

  /** The day the patient's story ends: the end of follow-up after diagnosis, or of the life span
   *  undiagnosed (death ends it sooner). */
  endDays(): number {
    const t = this.scenario.time;
    return this.diagnosis ? this.diagnosis.tDays + t.followupYears * DAYS_PER_YEAR : (t.maxAgeYears - t.startAgeYears) * DAYS_PER_YEAR;
  }

  /** Whether the patient's story is over (death, end of follow-up, or end of life span undiagnosed). */
  finished(): boolean {
    return this.death !== null || this.tDays >= this.endDays();
  }

  totalCells(): number {
    let n = 0;
    for (const id of this.clones.alive) n += this.clones.n[id] + this.clones.nMet[id];
    return n;
  }
}
