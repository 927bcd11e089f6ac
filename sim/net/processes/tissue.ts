/**
 * The normal NE tissue: the cells of origin laid down at the start (well-mixed pools, or NE
 * bodies scattered in airway epithelium on the lattice), and their homeostasis afterwards.
 */
import { ORIGINS, ORIGIN_INDEX, PROGRAM_INDEX } from '../../biology/biology.js';
import { EMPTY, EPITHELIUM, type LatticeEngine } from '../../core/space/lattice.js';
import type { ResolvedNet } from '../../scenario/scenario.js';
import type { NetModel } from '../model.js';
import { initClone } from './genotype.js';

/** Root clones: each origin's NE cells, committed to its program or not (per the wiring). */
function rootClone(m: NetModel, origin: number, committed: boolean): number {
  const o = ORIGINS[origin];
  const program = PROGRAM_INDEX[committed ? o.program : o.uncommittedProgram];
  const id = m.clones.add(
    { parent: -1, lineage: -1, bornDays: 0, origin, program, hits: 0, cna: 0, chromothripsis: 0, neoplastic: false, founderPassengers: 0 },
    true,
  );
  initClone(m, id);
  return id;
}

/** Each origin's pool split into cells committed to its program (in proportion to the wiring's
 *  origin commitment) and uncommitted ones. */
export function seedWellMixed(m: NetModel): void {
  const commit = m.wiring.originCommitment;
  for (const [oid, o] of Object.entries(m.scenario.origins)) {
    const origin = ORIGIN_INDEX[oid];
    const committedCells = Math.round(o.cells * commit);
    for (const [cells, committed] of [[committedCells, true], [o.cells - committedCells, false]] as const) {
      if (cells <= 0) continue;
      const id = rootClone(m, origin, committed);
      m.clones.n[id] = cells;
      m.clones.held[id] = true;
    }
  }
}

/** NE bodies (discs of NE cells of one origin, balls in 3D) scattered in non-NE epithelium. */
export function seedLattice(m: NetModel, L: LatticeEngine): void {
  const { width: W, height: H, depth: D, neBodies, neBodyRadius: R } = m.scenario.lattice;
  const rng = m.streams.tissue;
  L.fill(EPITHELIUM);
  const origins = Object.keys(m.scenario.origins).map((id) => ORIGIN_INDEX[id]);
  const weights = Object.values(m.scenario.origins).map((o) => o.cells);
  const roots = new Map<string, number>();
  const Rz = D > 1 ? R : 0;
  for (let k = 0; k < neBodies; k++) {
    const origin = origins[rng.pick(weights)];
    const cx = rng.int(W);
    const cy = rng.int(H);
    const cz = D > 1 ? rng.int(D) : 0; // no draw in 2D: 2D tissues are laid down as before
    for (let z = cz - Rz; z <= cz + Rz; z++)
      for (let y = cy - R; y <= cy + R; y++)
        for (let x = cx - R; x <= cx + R; x++) {
          if (x < 0 || y < 0 || z < 0 || x >= W || y >= H || z >= D || (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 > R * R + R) continue;
          const s = L.index(x, y, z);
          if (L.state(s) >= 0) continue;
          const committed = rng.next() < m.wiring.originCommitment;
          const key = `${origin}:${committed}`;
          let id = roots.get(key);
          if (id === undefined) roots.set(key, (id = rootClone(m, origin, committed)));
          L.place(m.clones, s, id);
        }
  }
  // A few empty sites (shed cells), so normal NE turnover has room.
  for (let z = 0; z < D; z++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const s = L.index(x, y, z);
        if (L.state(s) === EPITHELIUM && rng.next() < 0.05) L.setState(s, EMPTY);
      }
  L.markDirty();
}

/** Age at which a population's age factor is 1. */
const REFERENCE_AGE_YEARS = 50;

/**
 * Each NE population's division rate at the patient's sex and age: turnover × femaleFactor (in
 * women) × agePerDecade^((age − 50) / 10). NE cell hyperplasia is the precursor the review names
 * for lung carcinoids: DIPNECH, peripheral, mostly in middle-aged and older women (Marchevsky
 * 2015; Rossi 2016), and central NE hyperplasia next to carcinoids of the young. More divisions
 * mean more hits, so sex and age move who gets which tumor, through the rule. Evaluated per step
 * and per population (never per cell); tumor clones keep the population's base turnover.
 */
export function refreshPools(m: NetModel): void {
  const age = m.ageYears();
  if (age === m.poolAge) return; // the ticks of one step (pace.ts) share its start's age
  m.poolAge = age;
  for (const { k, femaleFactor, logAgePerDecade } of poolsOf(m.scenario)) {
    m.poolRate[k] = m.turnover[k] * (m.female ? femaleFactor : 1) * Math.exp(logAgePerDecade * ((age - REFERENCE_AGE_YEARS) / 10));
  }
}

/** A scenario's NE populations (origin index and its sex and age factors), read once per scenario. */
const pools = new WeakMap<ResolvedNet, { k: number; femaleFactor: number; logAgePerDecade: number }[]>();
function poolsOf(s: ResolvedNet) {
  let out = pools.get(s);
  if (!out) pools.set(s, (out = Object.entries(s.origins).map(([id, o]) => ({ k: ORIGIN_INDEX[id], femaleFactor: o.femaleFactor, logAgePerDecade: Math.log(o.agePerDecade) }))));
  return out;
}

/** Normal NE cells are homeostatic: held at their size in the well-mixed tissue (each death
 *  matched by a division), by space on the lattice (a division needs an empty neighbour). */
export function homeostasis(m: NetModel, id: number): void {
  const c = m.clones;
  const t = m.poolRate[c.origin[id]];
  c.b[id] = t;
  c.d[id] = t;
}
