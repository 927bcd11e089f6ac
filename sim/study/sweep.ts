/**
 * Parameter sweeps (Mesa's batch_run, NetLogo's BehaviorSpace): a grid over scenario parameters
 * × seeds. Each task is one cohort of one grid point with one seed; tasks are numbered in a fixed
 * order (grid points in the order of `parameters`, the last fastest; seeds innermost), so that a
 * sweep can be sliced into shards and merged back without changing a byte.
 */
import { z } from 'zod';
import { deepMerge, jsonPath, parseScenario, ScenarioError, type NetScenarioInput, type ResolvedNet } from '../scenario/scenario.js';
import { summariseCohort, type CohortSummary } from './cohort.js';
import type { PatientRecord } from '../net/patient.js';
import { SUBGROUPS } from '../biology/biology.js';
import { toCsv } from '../core/csv.js';

const Value = z.union([z.number().finite(), z.string(), z.boolean()]);
export const SweepSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Scenario file, relative to the sweep file. */
  scenario: z.string().min(1),
  /** Dotted paths into the scenario (e.g. "hypothesis.immuneDivergent") and the values each takes. */
  parameters: z.record(z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'expected a dotted path such as "immune.killPerDay"'), z.array(Value).min(1)),
  seeds: z.union([z.array(z.number().int().nonnegative()).min(1), z.strictObject({ from: z.number().int().nonnegative(), count: z.number().int().min(1).max(1_000_000) })]),
  patients: z.number().int().min(1).max(10_000_000),
});
export type SweepInput = z.infer<typeof SweepSchema>;

/** JSON Schema of sweep files, for editors (`npm run schema` writes schema/sweep.schema.json). */
export function sweepJsonSchema(): object {
  return z.toJSONSchema(SweepSchema, { io: 'input' });
}

export interface SweepTask {
  index: number;
  point: number;
  seed: number;
  values: Record<string, string | number | boolean>;
}

export interface Sweep {
  input: SweepInput;
  seeds: number[];
  points: Record<string, string | number | boolean>[];
  tasks: SweepTask[];
}

function setPath(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((acc, k) => ({ [k]: acc }), value) as Record<string, unknown>;
}

/** The scenario input of one grid point. */
export function pointScenario(base: NetScenarioInput, values: Record<string, unknown>): unknown {
  let s: unknown = structuredClone(base);
  for (const [path, v] of Object.entries(values)) s = deepMerge(s, setPath(path, v));
  return s;
}

/** Validate a sweep against its base scenario: every grid point must be a valid scenario. */
export function planSweep(data: unknown, base: NetScenarioInput, source: string): Sweep {
  const r = SweepSchema.safeParse(data);
  if (!r.success) throw new ScenarioError(source, r.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })));
  const input = r.data;
  const seeds = Array.isArray(input.seeds) ? input.seeds : Array.from({ length: input.seeds.count }, (_, k) => (input.seeds as { from: number }).from + k);
  const keys = Object.keys(input.parameters);
  let points: Record<string, string | number | boolean>[] = [{}];
  for (const k of keys) points = points.flatMap((p) => input.parameters[k].map((v) => ({ ...p, [k]: v })));
  for (const p of points) {
    try {
      parseScenario(pointScenario(base, p), `${source} (point ${JSON.stringify(p)})`);
    } catch (e) {
      if (e instanceof ScenarioError) throw new ScenarioError(source, e.issues.map((i) => ({ path: `$.parameters (grid point ${JSON.stringify(p)}) → scenario ${i.path}`, message: i.message })));
      throw e;
    }
  }
  const tasks: SweepTask[] = [];
  points.forEach((values, point) => seeds.forEach((seed) => tasks.push({ index: tasks.length, point, seed, values })));
  return { input, seeds, points, tasks };
}

export function taskScenario(base: NetScenarioInput, task: SweepTask, source: string): ResolvedNet {
  return parseScenario(pointScenario(base, task.values), source) as ResolvedNet;
}

/** One task's result row: grid values, seed and the cohort's summary figures. */
export function taskRow(sweep: Sweep, task: SweepTask, site: keyof typeof SUBGROUPS, rows: PatientRecord[]): Record<string, string | number | boolean> {
  const s: CohortSummary = summariseCohort(rows);
  const dx = s.diagnosed;
  const out: Record<string, string | number | boolean> = { task: task.index, point: task.point, seed: task.seed };
  for (const k of Object.keys(sweep.input.parameters)) out[k] = task.values[k];
  Object.assign(out, {
    patients: s.patients,
    diagnosed: dx,
    median_age_at_diagnosis_years: s.median_age_at_diagnosis_years ?? '',
    metastatic: s.metastatic,
    tumor_deaths: s.tumor_deaths,
  });
  for (const g of SUBGROUPS[site]) out[`subgroup_${g}`] = s.subgroups[g] ?? 0;
  for (const g of ['G1', 'G2', 'G3']) out[`grade_${g}`] = s.grades[g] ?? 0;
  Object.assign(out, s.statistics);
  return out;
}

/** results.csv from task rows (sorted by task index): the same bytes however the tasks were run. */
export function resultsCsv(rows: Record<string, string | number | boolean>[]): string {
  const sorted = [...rows].sort((a, b) => Number(a.task) - Number(b.task));
  const cols = sorted.length ? Object.keys(sorted[0]) : ['task'];
  return toCsv(cols, sorted.map((r) => cols.map((c) => r[c])));
}

/** The tasks of shard i of n (1-based): every n-th task, starting at i − 1. */
export function shardTasks(tasks: SweepTask[], i: number, n: number): SweepTask[] {
  return tasks.filter((t) => t.index % n === i - 1);
}
