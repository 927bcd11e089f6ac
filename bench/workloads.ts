/**
 * Named benchmark workloads. Each runs once and says how much work it did; the driver
 * (bench/run.ts) times it in a fresh process and reads that process's peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BirthDeathSimulation, HYPOTHESIS_SLUGS, LatticeEngine, PatientSimulation, fitHypotheses, median, memoryStore, parseScenario, parseScenarioText,
  type FitProblem, type ResolvedBirthDeath, type ResolvedNet,
} from '../sim/api.js';
import { CohortPool, runCohortParallel } from '../cli/pool.js';
import { loadTarget } from '../cli/fit.js';
import { siteScenario } from '../cli/io.js';

export interface WorkloadResult {
  events: number;
  unit: string;
  detail: Record<string, number | string>;
}

export interface Workload {
  name: string;
  description: string;
  runs: number;
  target?: { wallSeconds?: number; rssMB?: number };
  run(): Promise<WorkloadResult>;
}

const scenarioFile = (f: string) => new URL(`../scenarios/${f}`, import.meta.url);
const loadNet = (f: string) => parseScenarioText(readFileSync(scenarioFile(f), 'utf8'), f) as ResolvedNet;

/**
 * W1: tumopp's -D2|-D3 -Cmoore -Lstep -Pmindrag -b1 -d0.1 -k1 model, continuous time, event by
 * event, from one cell to `cells` cells. The lattice's side is 2.6 times the radius of a disc
 * (ball) of that many sites, so the tumour never reaches the wall.
 */
export function latticeGrowth(cells: number, dimensions: 2 | 3): Workload['run'] {
  return async () => {
    const radius = dimensions === 2 ? Math.sqrt(cells / Math.PI) : Math.cbrt((3 * cells) / (4 * Math.PI));
    const side = Math.ceil(radius * 2.6);
    const space = dimensions === 2 ? { width: side, height: side } : { dimensions, width: side, height: side, depth: side };
    const s = parseScenario({
      kind: 'birth-death', name: 'W1', space: { mode: 'lattice', neighbourhood: 'moore', ...space },
      rates: { b: 1, d: 0.1, mu: 1 }, stop: { cells }, time: { dtDays: 1e6, recordEveryDays: 1e6 }, // one tick: the run stops at `cells`
    }) as ResolvedBirthDeath;
    const sim = new BirthDeathSimulation(s, 1);
    sim.advance();
    const m = sim.model;
    if (m.cells() < cells) throw new Error(`W1 stopped at ${m.cells()} cells (extinct); use another seed`);
    const L = m.engine as LatticeEngine;
    const events = m.counters.births + m.counters.deaths;
    const lattice = dimensions === 2 ? `${side}x${side}` : `${side}x${side}x${side}`;
    return { events, unit: 'events', detail: { cells: m.cells(), births: m.counters.births, deaths: m.counters.deaths, divisible_cells: L.divisibleCount(0), passengers: m.passengers(), days: Number(m.tDays.toFixed(3)), lattice } };
  };
}

function cohort(workers: number, patients = 1000): Workload['run'] {
  return async () => {
    const file = 'lung-immune-divergent.json';
    const s = loadNet(file);
    const rows = await runCohortParallel(file, s, { patients, seed: 1, workers, signal: { interrupted: false } }, () => {});
    return { events: rows.length, unit: 'patients', detail: { diagnosed: rows.filter((r) => r.diagnosed).length } };
  };
}

/**
 * W4: a lung fit on two workers (model choice, the mixture's sequential ABC, calibration), cohorts
 * of 300 patients; the figure is simulated patients per second over the whole fit.
 */
async function fitWorkload(): Promise<WorkloadResult> {
  const target = loadTarget(new URL('../reference/lung-subgroups.csv', import.meta.url).pathname, 'lung');
  const bases = Object.fromEntries(HYPOTHESIS_SLUGS.map((h) => [h, siteScenario('lung', h)])) as FitProblem['bases'];
  const problem: FitProblem = { site: 'lung', target, bases, budget: 8, patients: 300, seed: 1, accept: 0.25, smc: 64, particles: 16, select: 2, validation: 0 };
  const pool = new CohortPool(2);
  let patients = 0;
  const run = pool.runner({ interrupted: false });
  try {
    const r = await fitHypotheses(problem, { run: async (s, src, c) => ((patients += c.patients), run(s, src, c)), store: memoryStore() });
    return { events: patients, unit: 'patients', detail: { simulations: r.sims.length + r.mixture!.smc.generations.at(-1)!.total + r.calibration!.candidates.length, generations: r.mixture!.smc.generations.length } };
  } finally {
    await pool.close();
  }
}

async function teaching(): Promise<WorkloadResult> {
  const s = loadNet('teaching-lung-lattice.json');
  const sim = new PatientSimulation(s, 1, 0, true);
  sim.advance();
  const m = sim.model;
  return { events: m.counters.births + m.counters.deaths, unit: 'events', detail: { ticks: Math.round(m.tDays / s.time.dtDays), clones: m.clones.size, agents: m.agents?.size ?? 0 } };
}

/**
 * W5: start-up of the command: `netevo --version` against a bare `node -e 0` (target ≤ 3×), and
 * the default run (`npm start`'s) as a whole process beside the simulation time it reports.
 */
async function startup(): Promise<WorkloadResult> {
  const bin = fileURLToPath(new URL('../bin/netevo.mjs', import.meta.url));
  const timed = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { ms: performance.now() - t0, stderr: r.stderr };
  };
  const med = (xs: number[]) => median(xs)!;
  timed([bin, '--version']); // builds the cached bundle if the sources changed
  const version = med(Array.from({ length: 7 }, () => timed([bin, '--version']).ms));
  const bare = med(Array.from({ length: 7 }, () => timed(['-e', '0']).ms));
  const out = mkdtempSync(join(tmpdir(), 'netevo-bench-'));
  const runs = Array.from({ length: 3 }, () => timed([bin, 'run', fileURLToPath(scenarioFile('lung-immune-divergent.json')), '--seed', '7', '--out', out]));
  const simulated = med(runs.map((r) => Number(/ in ([\d.]+) s/.exec(r.stderr)?.[1] ?? NaN) * 1000));
  const whole = med(runs.map((r) => r.ms));
  return {
    events: 7, unit: 'starts',
    detail: { version_ms: Math.round(version), bare_node_ms: Math.round(bare), version_over_bare: +(version / bare).toFixed(2), default_run_ms: Math.round(whole), default_run_simulation_ms: Math.round(simulated), default_run_added_ms: Math.round(whole - simulated) },
  };
}

export const WORKLOADS: Workload[] = [
  { name: 'W1-2D-1e5', description: 'lattice growth 2D Moore, b=1 d=0.1 mu=1, to 1e5 cells', runs: 5, run: latticeGrowth(1e5, 2) },
  { name: 'W1-2D-1e6', description: 'lattice growth 2D Moore, b=1 d=0.1 mu=1, to 1e6 cells', runs: 3, target: { wallSeconds: 3, rssMB: 150 }, run: latticeGrowth(1e6, 2) },
  { name: 'W1-3D-1e5', description: 'lattice growth 3D Moore, b=1 d=0.1 mu=1, to 1e5 cells', runs: 5, run: latticeGrowth(1e5, 3) },
  // Target: at most 1.5 × W1-2D-1e6's wall time (bench/run.ts prints the ratio).
  { name: 'W1-3D-1e6', description: 'lattice growth 3D Moore, b=1 d=0.1 mu=1, to 1e6 cells', runs: 3, target: { rssMB: 150 }, run: latticeGrowth(1e6, 3) },
  { name: 'W2-cohort-1w', description: 'lung-immune-divergent cohort, 1000 patients, 1 worker', runs: 3, run: cohort(1) },
  { name: 'W2-cohort-2w', description: 'lung-immune-divergent cohort, 1000 patients, 2 workers', runs: 3, target: { wallSeconds: 30 }, run: cohort(2) },
  // The same cohort ten times larger: start-up (a worker thread, its JIT) is then a small share.
  { name: 'W2x10-cohort-1w', description: 'lung-immune-divergent cohort, 10,000 patients, 1 worker', runs: 1, run: cohort(1, 10_000) },
  { name: 'W2x10-cohort-2w', description: 'lung-immune-divergent cohort, 10,000 patients, 2 workers', runs: 1, run: cohort(2, 10_000) },
  { name: 'W4-fit', description: 'lung fit, cohorts of 300: 8 + 64 + 2 simulations and 24 local-search steps of 1,200, 2 workers (patients/s)', runs: 1, run: fitWorkload },
  { name: 'W5-startup', description: 'netevo --version vs a bare node -e 0 (target ≤ 3×); the default run as a process vs its simulation', runs: 1, run: startup },
  { name: 'W3-teaching', description: 'teaching-lung-lattice, full length, with immune agents', runs: 5, run: teaching },
];
