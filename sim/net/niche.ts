/**
 * The tumor microenvironment as agents: each archetype is a recipe of recruitment rates for the
 * agent types (CD8 T, CD4 T, Treg, macrophage, monocyte, cDC1, neutrophil, CAF). Agents arrive
 * (more as the lesion grows), stay for their residence time and leave or die. Their effects on
 * NE/tumor cells are summarised once per step (a tick, or several while the patient is quiet:
 * pace.ts; never per agent per tick) as occupancies of
 * saturating receptors: generic support, killing and tolerance, and program-specific affinities.
 * Whether and how these effects reach the NE cells is the hypothesis wiring's business.
 */
import { AGENT_TYPES, ARCHETYPES, PROGRAMS, PROGRAM_AFFINITY } from '../biology/biology.js';
import type { Rng } from '../core/rng.js';

export interface ImmuneEffects {
  support: number;
  kill: number;
  tolerance: number;
  /** Program-specific affinity (+ favours, − selects against), indexed by program. */
  affinity: Float64Array;
}

/** Effects of no agents at all (every occupancy 0). */
export const newEffects = (): ImmuneEffects => ({ support: 0, kill: 0, tolerance: 0, affinity: new Float64Array(PROGRAMS.length) });

/** Each program's affinities by agent type, only the types it has one for (in type order: the
 *  sum below adds the same terms in the same order as over every type, less the zeros). */
const AFFINITY_ROWS: { agents: number[]; values: number[] }[] = PROGRAMS.map((p) => {
  const a = PROGRAM_AFFINITY[p.id] ?? {};
  const agents = AGENT_TYPES.flatMap((t, j) => ((a[t.id] ?? 0) !== 0 ? [j] : []));
  return { agents, values: agents.map((j) => a[AGENT_TYPES[j].id] ?? 0) };
});

export class ImmuneNiche {
  readonly counts: Float64Array = new Float64Array(AGENT_TYPES.length);
  private readonly recruit: Float64Array;
  readonly effects: ImmuneEffects = newEffects();
  private readonly occ = new Float64Array(AGENT_TYPES.length);

  constructor(
    readonly archetype: number,
    private halfSaturation: number,
    private recruitmentPerLog10Cells: number,
  ) {
    const recipe = ARCHETYPES[archetype].recruitPerDay;
    this.recruit = Float64Array.from(AGENT_TYPES, (t) => recipe[t.id] ?? 0);
    // Start at the tissue's steady state, without a lesion.
    AGENT_TYPES.forEach((t, j) => (this.counts[j] = Math.round(this.recruit[j] * t.residenceDays)));
    this.summarise();
  }

  /** New niche parameters from here on (a counterfactual branch: NetModel.rescenario). */
  retune(halfSaturation: number, recruitmentPerLog10Cells: number): void {
    this.halfSaturation = halfSaturation;
    this.recruitmentPerLog10Cells = recruitmentPerLog10Cells;
  }

  /** True while the niche sits at its lesion-free steady state without being simulated. */
  private resting = false;

  /**
   * Recruitment and departure over `dt` days; `lesionCells` is the largest lesion's size.
   * Without a lesion the niche is a stationary immigration–death process whose state acts on
   * nothing, so it is not stepped: it rests, and when a lesion appears its state is drawn from
   * the stationary law (Poisson(r·τ) per agent type), which is exact in distribution.
   */
  step(dt: number, lesionCells: number, rng: Rng): void {
    if (lesionCells <= 0) {
      this.resting = true;
      return;
    }
    if (this.resting) {
      this.resting = false;
      for (let j = 0; j < AGENT_TYPES.length; j++) this.counts[j] = rng.poisson(this.recruit[j] * AGENT_TYPES[j].residenceDays);
    }
    const boost = 1 + this.recruitmentPerLog10Cells * Math.log10(1 + lesionCells);
    // Exact immigration–death (M/M/∞) transition over dt: each agent stays with probability
    // e^{−dt/residence}; arrivals still present at the end are Poisson with mean r·τ·(1 − e^{−dt/τ}).
    const stays = stayOver(dt);
    for (let j = 0; j < AGENT_TYPES.length; j++) {
      const tau = AGENT_TYPES[j].residenceDays;
      const stay = stays[j];
      this.counts[j] = rng.binomial(this.counts[j], stay) + rng.poisson(this.recruit[j] * boost * tau * (1 - stay));
    }
    this.summarise();
  }

  private summarise(): void {
    for (let j = 0; j < AGENT_TYPES.length; j++) this.occ[j] = this.counts[j] / (this.counts[j] + this.halfSaturation);
    effectsOf(this.occ, this.effects);
  }

  /** The receptors' half-saturation count (what `retune` last set). */
  get half(): number {
    return this.halfSaturation;
  }
}

/** Each agent type's chance to stay over a step of dt days, e^{−dt/residence}, by step length
 *  (steps are a few multiples of the tick: a handful of lengths). */
const stays = new Map<number, Float64Array>();
function stayOver(dt: number): Float64Array {
  let out = stays.get(dt);
  if (!out) {
    if (stays.size >= 256) stays.clear();
    stays.set(dt, (out = Float64Array.from(AGENT_TYPES, (t) => Math.exp(-dt / t.residenceDays))));
  }
  return out;
}

/**
 * The niche's effects from the occupancy of each agent type's receptors (by AGENT_TYPES index):
 * generic support, killing (damped by tolerance, at most 0.9) and program affinities. The
 * well-mixed summary gives it the lesion-wide occupancies; the lattice gives it each group's
 * (net/contacts.ts).
 */
export function effectsOf(occ: Float64Array, e: ImmuneEffects): void {
  let support = 0;
  let kill = 0;
  let tolerance = 0;
  for (let j = 0; j < AGENT_TYPES.length; j++) {
    const o = occ[j];
    support += AGENT_TYPES[j].support * o;
    kill += AGENT_TYPES[j].kill * o;
    tolerance += AGENT_TYPES[j].tolerance * o;
  }
  tolerance = Math.min(0.9, tolerance);
  e.support = support;
  e.tolerance = tolerance;
  e.kill = kill * (1 - tolerance);
  for (let p = 0; p < PROGRAMS.length; p++) {
    const { agents, values } = AFFINITY_ROWS[p];
    let f = 0;
    for (let k = 0; k < agents.length; k++) f += values[k] * occ[agents[k]];
    e.affinity[p] = f;
  }
}
