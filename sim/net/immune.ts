/**
 * The tumor microenvironment as agents: each archetype is a recipe of recruitment rates for the
 * agent types (CD8 T, CD4 T, Treg, macrophage, monocyte, cDC1, neutrophil, CAF). Agents arrive
 * (more as the lesion grows), stay for their residence time and leave or die. Their effects on
 * NE/tumor cells are summarised once per tick (never per agent per tick) as occupancies of
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

const AFFINITY_MATRIX: Float64Array[] = PROGRAMS.map((p) => {
  const row = new Float64Array(AGENT_TYPES.length);
  const a = PROGRAM_AFFINITY[p.id] ?? {};
  AGENT_TYPES.forEach((t, j) => (row[j] = a[t.id] ?? 0));
  return row;
});

export class ImmuneNiche {
  readonly counts: Float64Array = new Float64Array(AGENT_TYPES.length);
  private readonly recruit: Float64Array;
  readonly effects: ImmuneEffects = { support: 0, kill: 0, tolerance: 0, affinity: new Float64Array(PROGRAMS.length) };
  private readonly occ = new Float64Array(AGENT_TYPES.length);

  constructor(
    readonly archetype: number,
    private readonly halfSaturation: number,
    private readonly recruitmentPerLog10Cells: number,
  ) {
    const recipe = ARCHETYPES[archetype].recruitPerDay;
    this.recruit = Float64Array.from(AGENT_TYPES, (t) => recipe[t.id] ?? 0);
    // Start at the tissue's steady state, without a lesion.
    AGENT_TYPES.forEach((t, j) => (this.counts[j] = Math.round(this.recruit[j] * t.residenceDays)));
    this.summarise();
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
    for (let j = 0; j < AGENT_TYPES.length; j++) {
      const tau = AGENT_TYPES[j].residenceDays;
      const stay = Math.exp(-dt / tau);
      this.counts[j] = rng.binomial(this.counts[j], stay) + rng.poisson(this.recruit[j] * boost * tau * (1 - stay));
    }
    this.summarise();
  }

  private summarise(): void {
    let support = 0;
    let kill = 0;
    let tolerance = 0;
    for (let j = 0; j < AGENT_TYPES.length; j++) {
      const o = this.counts[j] / (this.counts[j] + this.halfSaturation);
      this.occ[j] = o;
      support += AGENT_TYPES[j].support * o;
      kill += AGENT_TYPES[j].kill * o;
      tolerance += AGENT_TYPES[j].tolerance * o;
    }
    tolerance = Math.min(0.9, tolerance);
    const e = this.effects;
    e.support = support;
    e.tolerance = tolerance;
    e.kill = kill * (1 - tolerance);
    for (let p = 0; p < PROGRAMS.length; p++) {
      const row = AFFINITY_MATRIX[p];
      let f = 0;
      for (let j = 0; j < row.length; j++) f += row[j] * this.occ[j];
      e.affinity[p] = f;
    }
  }
}

/** Motility of each agent type on the lattice, in sites per day (T cells and neutrophils crawl
 *  fast, macrophages and dendritic cells slowly, fibroblasts barely). */
const SPEED: Record<string, number> = {
  CD8_T: 6, CD4_T: 5, Treg: 4, macrophage: 1.5, monocyte: 4, cDC1: 2, neutrophil: 10, CAF: 0.2,
};
const SPEEDS = AGENT_TYPES.map((t) => SPEED[t.id] ?? 1);

/**
 * Where the niche's agents are on the lattice: one entry per agent (type, site). Their number
 * follows the niche's counts (arrivals enter at random sites, as from vessels; departures are
 * random agents), and each tick they random-walk with a bias toward the lesion (chemotaxis).
 * Their effects on NE/tumor cells are the niche's summary (same as in the well-mixed engine).
 */
export class AgentField {
  type = new Uint8Array(64);
  site = new Int32Array(64);
  size = 0;
  private readonly perType: number[] = AGENT_TYPES.map(() => 0);

  constructor(readonly width: number, readonly height: number) {}

  private push(t: number, s: number): void {
    if (this.size === this.type.length) {
      const ty = new Uint8Array(this.size * 2);
      ty.set(this.type);
      this.type = ty;
      const si = new Int32Array(this.size * 2);
      si.set(this.site);
      this.site = si;
    }
    this.type[this.size] = t;
    this.site[this.size] = s;
    this.size++;
    this.perType[t]++;
  }

  private removeAt(k: number): void {
    this.perType[this.type[k]]--;
    this.size--;
    this.type[k] = this.type[this.size];
    this.site[k] = this.site[this.size];
  }

  /** Match the niche's counts: add agents at random sites, remove random agents. */
  sync(counts: Float64Array, rng: Rng): void {
    const cells = this.width * this.height;
    for (let t = 0; t < counts.length; t++) {
      while (this.perType[t] < counts[t]) this.push(t, rng.int(cells));
      while (this.perType[t] > counts[t]) {
        // a uniformly random agent of type t
        let r = rng.int(this.perType[t]);
        for (let k = 0; k < this.size; k++) if (this.type[k] === t && r-- === 0) {
          this.removeAt(k);
          break;
        }
      }
    }
  }

  /** Biased random walk for `dt` days toward (tx, ty), or unbiased when there is no lesion. */
  move(dt: number, tx: number, ty: number, rng: Rng): void {
    const W = this.width;
    const H = this.height;
    const biased = tx >= 0;
    for (let k = 0; k < this.size; k++) {
      const steps = Math.min(200, rng.poisson(SPEEDS[this.type[k]] * dt));
      let x = this.site[k] % W;
      let y = (this.site[k] - x) / W;
      for (let i = 0; i < steps; i++) {
        if (biased && rng.next() < 0.5) {
          x += Math.sign(tx - x);
          y += Math.sign(ty - y);
        } else {
          x += rng.int(3) - 1;
          y += rng.int(3) - 1;
        }
        x = x < 0 ? 0 : x >= W ? W - 1 : x;
        y = y < 0 ? 0 : y >= H ? H - 1 : y;
      }
      this.site[k] = y * W + x;
    }
  }
}
