/**
 * Checkpoints: a run's whole state written as text (core/snapshot.ts) with what it needs to go on
 * — the scenario file's text, the seed, the versions — so `netevo resume` continues it and writes
 * the files an uninterrupted run writes, byte for byte, on both engines. The resolved scenario,
 * the processes and the reporters are rebuilt from the scenario text rather than saved.
 */
import { z } from 'zod';
import { CloneTable } from '../core/clones.js';
import { SeededRng } from '../core/rng.js';
import { decodeState, encodeState } from '../core/snapshot.js';
import { LazyStreams, STREAMS_VERSION } from '../core/streams.js';
import { VERSION } from '../core/version.js';
import { Layout, SiteSet } from '../core/space/geometry.js';
import { LatticeEngine } from '../core/space/lattice.js';
import { CloneEngine } from '../core/space/wellmixed.js';
import { AgentField } from '../net/agents.js';
import { Metastases } from '../net/metastases.js';
import { NetModel } from '../net/model.js';
import { ImmuneNiche } from '../net/niche.js';
import { PatientSimulation } from '../net/patient.js';
import { NET_PROCESSES } from '../net/processes/index.js';
import { timeseriesReporters } from '../net/reporters.js';
import { BirthDeathModel, BirthDeathSimulation } from '../birth-death/model.js';
import { deepMerge, paramsToOverrides, parseScenarioText, type Scenario } from '../scenario/scenario.js';

/** Every class a run's state holds, by a name that survives minification. */
const CLASSES = {
  PatientSimulation, NetModel, BirthDeathSimulation, BirthDeathModel, CloneTable, SeededRng, CloneEngine, LatticeEngine, Layout, SiteSet,
  AgentField, Metastases, ImmuneNiche, LazyStreams,
};

export type Run = PatientSimulation | BirthDeathSimulation;

const CheckpointSchema = z.object({
  format: z.literal(1),
  netevo: z.string(),
  streams: z.number(),
  source: z.string(),
  scenario: z.string(),
  seed: z.union([z.number(), z.string()]),
  /** The run's --sequencing, if any (a resumed run sequences as the original would). */
  sequencing: z.string().nullable(),
  tDays: z.number(),
  state: z.unknown(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** What a run holds that is not its state: rebuilt from the scenario on restore. */
function externalsOf(run: Run): [object, string][] {
  const out: [object, string][] = [[run.scenario, 'scenario']];
  if (run instanceof PatientSimulation) {
    out.push([run.model.processes, 'processes']);
    const reporters = (run as unknown as { reporters: object }).reporters;
    out.push([reporters, 'reporters']);
  }
  return out;
}

/** The checkpoint of `run` (the scenario file's text and seed it was started from) as JSON text. */
export function checkpointText(run: Run, scenarioText: string, source: string, seed: string | number, sequencing: string | null = null): string {
  const state = encodeState(run, CLASSES, new Map(externalsOf(run)));
  const c: Checkpoint = { format: 1, netevo: VERSION, streams: STREAMS_VERSION, source, scenario: scenarioText, seed, sequencing, tDays: run.model.tDays, state };
  return JSON.stringify(c) + '\n';
}

/** The run a checkpoint saved, ready to advance; throws with a reason if it cannot be resumed. */
export function resumeRun(text: string, path: string): { run: Run; scenario: Scenario; scenarioText: string; source: string; seed: string | number; sequencing: string | null; tDays: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not a netevo checkpoint (unreadable JSON: a cut or damaged file)`);
  }
  const r = CheckpointSchema.safeParse(data);
  if (!r.success) throw new Error(`${path}: not a netevo checkpoint (${r.error.issues[0].path.join('.') || '$'}: ${r.error.issues[0].message})`);
  const c = r.data;
  if (c.netevo !== VERSION || c.streams !== STREAMS_VERSION)
    throw new Error(`${path}: written by netevo ${c.netevo.slice(0, 20)} (random streams v${c.streams}); this is netevo ${VERSION} (v${STREAMS_VERSION}): run the scenario again`);
  const scenario = parseScenarioText(c.scenario, c.source);
  // What is not saved comes from the scenario: the processes, and a NET run's reporters.
  const externals: Record<string, unknown> = { scenario, processes: NET_PROCESSES };
  if (scenario.kind === 'net') externals.reporters = timeseriesReporters(scenario.site);
  let run: unknown;
  try {
    run = decodeState(c.state, CLASSES, externals);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message.slice(0, 200)}`);
  }
  const ok = scenario.kind === 'net' ? run instanceof PatientSimulation : run instanceof BirthDeathSimulation;
  if (!ok) throw new Error(`${path}: the saved state is not a run of its scenario`);
  return { run: run as Run, scenario, scenarioText: c.scenario, source: c.source, seed: c.seed, sequencing: c.sequencing, tDays: c.tDays };
}


/**
 * A counterfactual branch: the same patient, from its saved state, under the scenario with
 * `overrides` merged in (same site, engine and lattice: the state must still fit). The random
 * streams go on where they were, so only the change differs. Returns the branch's scenario and
 * its text (what a checkpoint of the branch would carry).
 */
export function branchRun(run: PatientSimulation, overrides: Record<string, unknown>, scenarioText: string, source: string): { scenario: Scenario; scenarioText: string } {
  const merged = deepMerge(JSON.parse(scenarioText) as Record<string, unknown>, overrides);
  const text = JSON.stringify(merged);
  const s = parseScenarioText(text, source);
  const was = run.scenario;
  if (s.kind !== 'net') throw new Error('a branch keeps its scenario\'s kind ("net")');
  if (s.site !== was.site) throw new Error(`a branch keeps its site (${was.site}): the saved cells are that site's`);
  if (s.engine !== was.engine || JSON.stringify(s.lattice) !== JSON.stringify(was.lattice)) throw new Error('a branch keeps its engine and lattice: the saved state is laid out on them');
  run.scenario = s;
  run.model.rescenario(s);
  return { scenario: s, scenarioText: text };
}

/** `path=value` pairs (the CLI's `--set`, the page's "what if") as scenario overrides: a value
 *  is JSON when it parses, else a string (e.g. an expression). Throws naming the first bad pair. */
export function setOverrides(sets: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of sets) {
    const eq = pair.indexOf('=');
    const path = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(path) || /(^|\.)(__proto__|constructor|prototype)(\.|$)/.test(path))
      throw new Error(`${JSON.stringify(pair.slice(0, 60))}: expected path=value, e.g. immune.killPerDay=0.003`);
    const raw = pair.slice(eq + 1);
    try {
      values[path] = JSON.parse(raw);
    } catch {
      values[path] = raw;
    }
  }
  return paramsToOverrides(values);
}
