/**
 * Resolution: a validated scenario merged over its site's defaults (checked by the schema too),
 * with every rate compiled. The resolved types are inferred from the schema, not written again.
 */
import { HITS, HIT_IDS, ORIGINS, ORIGIN_INDEX, THERAPIES, THERAPY_INDEX, type Site, type TherapyEffects, type TherapyTarget, originsOf } from '../biology/biology.js';
import { SITE_DEFAULTS, COMMON_DEFAULTS } from '../biology/defaults.js';
import { compileRate, ExprError, type CompiledExpr } from '../core/expr.js';
import { DEFAULT_PASSENGER_RESOLUTION_CELLS } from '../core/passengers.js';
import { jsonPath, parseJsonText, ScenarioError, zodIssues, type ScenarioIssue } from './errors.js';
import { NetScenarioSchema, ScenarioSchema, type BirthDeathInput, type Complete, type NetScenarioInput } from './schema.js';
import { resolveBirthDeathSpace, resolveNetLattice } from './space.js';

/** A rate (a number or an expression in the file: `number | string`) once compiled. */
type IsRate<V> = [number] extends [V] ? ([string] extends [V] ? true : false) : false;
type Compiled<T> = T extends object ? { [K in keyof T]: IsRate<T[K]> extends true ? CompiledExpr : Compiled<T[K]> } : T;

type NetComplete = Complete<Omit<NetScenarioInput, '$schema'>>;

/** A therapy as the model applies it: a built-in's definition under the scenario's changes. */
export interface ResolvedIntervention {
  id: string;
  therapy: string | null;
  start: { ageYears?: number; daysAfterDiagnosis?: number; onEvent?: 'diagnosis' | 'metastasis' | 'relapse' };
  durationDays: number;
  repeatEveryDays: number;
  courses: number;
  target: TherapyTarget;
  effects: Required<TherapyEffects>;
}

export type ResolvedNet = Compiled<Omit<NetComplete, 'interventions'>> & {
  interventions: ResolvedIntervention[];
  site: Site;
  /** depth is 1 in 2D. */
  lattice: NetComplete['lattice'];
  /** The validated input, as written (for summaries and the UI's form). */
  input: NetScenarioInput;
};
export type ResolvedBirthDeath = Omit<Complete<Omit<BirthDeathInput, '$schema'>>, 'rates'> & {
  rates: { b: number; d: number; mu: number };
  input: BirthDeathInput;
};
export type Scenario = ResolvedNet | ResolvedBirthDeath;

/** Variables of the per-genotype scope (fitness and hit-rate expressions). */
export const GENOTYPE_VARS = [
  'turnover', 'hit_birth', 'hit_death', 'program_birth', 'cna_birth', 'n_hits', 'cna', 'alt', 'instability',
  'female', 'germline_MEN1', 'germline_VHL', ...HIT_IDS,
] as const;
/** Variables of the per-patient scope (origin turnover). */
export const PATIENT_VARS = ['female', 'germline_MEN1', 'germline_VHL'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObj(base) || !isObj(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

/** Scenario overrides from dotted-path parameters. */
export function paramsToOverrides(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(params)) {
    const keys = path.split('.');
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = v;
  }
  return out;
}

/** A sample scope to check that an expression evaluates to a finite non-negative number. */
function sampleScope(vars: readonly string[]): Record<string, number> {
  const s: Record<string, number> = {};
  for (const v of vars) s[v] = 0;
  Object.assign(s, { turnover: 0.002, hit_birth: 1, hit_death: 1, program_birth: 1, cna_birth: 1, instability: 1 });
  return s;
}

function compileAt(issues: ScenarioIssue[], path: (string | number)[], src: number | string, vars: readonly string[]): CompiledExpr {
  try {
    const c = compileRate(src, vars);
    const v = c.eval(sampleScope(vars));
    if (!Number.isFinite(v) || v < 0) issues.push({ path: jsonPath(path), message: `expression "${src}" evaluates to ${v}; expected a finite non-negative rate` });
    return c;
  } catch (e) {
    issues.push({ path: jsonPath(path), message: e instanceof ExprError ? e.message : String(e) });
    return compileRate(0, []);
  }
}

/** A NET scenario as written, over its site's defaults (those shared by every site, then the
 *  site's own): the values a resolved scenario starts from, and those a form shows. */
export function overDefaults(input: { site: string }): Record<string, unknown> {
  return deepMerge<Record<string, unknown>>(deepMerge<Record<string, unknown>>(structuredClone(COMMON_DEFAULTS), structuredClone(SITE_DEFAULTS[input.site as Site])), input);
}

function resolveNet(input: NetScenarioInput, source: string): ResolvedNet {
  const issues: ScenarioIssue[] = [];
  const site = input.site as Site;
  const siteOrigins = new Set(originsOf(site).map((o) => o.id));
  for (const k of Object.keys(input.origins ?? {})) {
    if (!siteOrigins.has(k)) issues.push({ path: jsonPath(['origins', k]), message: `"${k}" is not a cell of origin at site ${site} (expected one of ${[...siteOrigins].join(', ')})` });
  }
  // The defaults are checked by the same schema as the file (a default out of range is an error
  // here, not a silent wrong number), and give every field a value except what is derived below.
  const checked = NetScenarioSchema.safeParse(overDefaults(input));
  if (!checked.success) throw new ScenarioError(`${source} merged over the ${site} defaults`, zodIssues(checked.error));
  const merged = checked.data as NetComplete;
  // Origins absent from the scenario keep the site's defaults; an origin set to zero cells is allowed.
  const origins: ResolvedNet['origins'] = {};
  for (const id of siteOrigins) {
    const o = merged.origins[id];
    if (!o) continue;
    const def = ORIGINS[ORIGIN_INDEX[id]];
    const locations = o.locations && Object.keys(o.locations).length ? o.locations : { [def.location]: 1 };
    if (!(Object.values(locations).reduce((a, b) => a + b, 0) > 0)) issues.push({ path: jsonPath(['origins', id, 'locations']), message: 'location weights must sum to more than 0' });
    origins[id] = {
      cells: o.cells,
      turnoverPerDay: compileAt(issues, ['origins', id, 'turnoverPerDay'], o.turnoverPerDay, PATIENT_VARS),
      femaleFactor: o.femaleFactor ?? 1,
      agePerDecade: o.agePerDecade ?? 1,
      clockFactor: o.clockFactor ?? 1,
      locations,
    };
  }
  const hits: ResolvedNet['hits'] = {};
  for (const h of HITS) {
    const o = merged.hits?.[h.id] ?? {};
    hits[h.id] = {
      ratePerDivision: compileAt(issues, ['hits', h.id, 'ratePerDivision'], o.ratePerDivision ?? 0, GENOTYPE_VARS),
      rateFactor: o.rateFactor ?? 1,
      birth: o.birth ?? h.birth,
      death: o.death ?? h.death,
      dissemination: o.dissemination ?? h.dissemination,
    };
  }
  const archetypeTotal = Object.values(merged.archetypes as Record<string, number>).reduce((a, b) => a + b, 0);
  if (!(archetypeTotal > 0)) issues.push({ path: '$.archetypes', message: 'archetype weights must sum to more than 0' });
  if (merged.time.maxAgeYears <= merged.time.startAgeYears)
    issues.push({ path: '$.time.maxAgeYears', message: `must be greater than time.startAgeYears (${merged.time.startAgeYears})` });
  const engine = merged.engine as 'clone' | 'lattice';
  const resolved: ResolvedNet = {
    kind: 'net',
    name: input.name,
    description: input.description ?? '',
    site,
    engine,
    hypothesis: input.hypothesis as ResolvedNet['hypothesis'],
    lattice: resolveNetLattice(input.lattice, merged.lattice),
    time: merged.time,
    population: merged.population,
    origins,
    archetypes: merged.archetypes,
    hits,
    germlineSecondHitFactor: merged.germlineSecondHitFactor,
    passengersPerDivision: merged.passengersPerDivision,
    clockMutationsPerYear: merged.clockMutationsPerYear,
    passengerResolutionCells: merged.passengerResolutionCells,
    copyNumber: {
      ratePerDivision: compileAt(issues, ['copyNumber', 'ratePerDivision'], merged.copyNumber.ratePerDivision, GENOTYPE_VARS),
      birth: merged.copyNumber.birth,
      initiates: merged.copyNumber.initiates,
    },
    fitness: {
      initiatingCap: merged.fitness.initiatingCap,
      birthPerDay: compileAt(issues, ['fitness', 'birthPerDay'], merged.fitness.birthPerDay, GENOTYPE_VARS),
      deathPerDay: compileAt(issues, ['fitness', 'deathPerDay'], merged.fitness.deathPerDay, GENOTYPE_VARS),
    },
    immune: merged.immune,
    chromothripsis: merged.chromothripsis,
    pathology: merged.pathology,
    progression: merged.progression,
    liquidBiopsy: merged.liquidBiopsy,
    interventions: resolveInterventions(input.interventions ?? [], issues),
    input,
  };
  if (engine === 'lattice') {
    const cells = resolved.lattice.width * resolved.lattice.height;
    if (cells > 4096 * 4096) issues.push({ path: '$.lattice', message: `lattice of ${cells} sites is too large (at most 4096 × 4096)` });
  }
  if (issues.length) throw new ScenarioError(source, issues);
  return resolved;
}

/** Each intervention over its built-in therapy's definition (if it names one); ids unique. */
function resolveInterventions(list: NonNullable<NetScenarioInput['interventions']>, issues: ScenarioIssue[]): ResolvedIntervention[] {
  const seen = new Set<string>();
  return list.map((x, i) => {
    if (seen.has(x.id)) issues.push({ path: jsonPath(['interventions', i, 'id']), message: `"${x.id.slice(0, 40)}" is already the id of an earlier intervention` });
    seen.add(x.id);
    const base = x.therapy ? THERAPIES[THERAPY_INDEX[x.therapy]] : null;
    if (!base && !x.effects) issues.push({ path: jsonPath(['interventions', i, 'effects']), message: 'required: name a built-in therapy or give its effects' });
    return {
      id: x.id,
      therapy: x.therapy ?? null,
      start: x.start,
      durationDays: x.durationDays ?? base?.durationDays ?? Infinity,
      repeatEveryDays: x.repeatEveryDays ?? base?.repeatEveryDays ?? 0,
      courses: x.courses ?? base?.courses ?? 1,
      target: { ...(base?.target ?? {}), ...(x.target ?? {}) },
      effects: { birth: 1, deathPerDay: 0, mutationRate: 1, killFactor: 1, couplingFactor: 1, ...(base?.effects ?? {}), ...(x.effects ?? {}) },
    };
  });
}

function resolveBirthDeath(input: BirthDeathInput, source: string): ResolvedBirthDeath {
  const issues: ScenarioIssue[] = [];
  const rate = (k: 'b' | 'd' | 'mu') => compileAt(issues, ['rates', k], input.rates[k], []).eval({});
  const rates = { b: rate('b'), d: rate('d'), mu: rate('mu') };
  if (issues.length) throw new ScenarioError(source, issues);
  const space = resolveBirthDeathSpace(input.space);
  const { width, height, depth } = space;
  const lattice = space.mode === 'lattice';
  const maxCells = lattice ? width * height * depth : 1e12;
  const stopCells = input.stop.cells ?? maxCells;
  const dims = space.dimensions === 3 ? `${width} × ${height} × ${depth}` : `${width} × ${height}`;
  if (lattice && stopCells > maxCells)
    throw new ScenarioError(source, [{ path: '$.stop.cells', message: `${stopCells} cells cannot fit on a ${dims} lattice (${maxCells} sites)` }]);
  if (lattice && input.initialCells > maxCells)
    throw new ScenarioError(source, [{ path: '$.initialCells', message: `${input.initialCells} cells cannot fit on a ${dims} lattice (${maxCells} sites)` }]);
  if (input.stop.days === undefined && rates.b <= rates.d)
    throw new ScenarioError(source, [{ path: '$.stop', message: 'with b ≤ d the population may never reach stop.cells; give stop.days too' }]);
  return {
    kind: 'birth-death',
    name: input.name,
    description: input.description ?? '',
    space,
    rates,
    initialCells: input.initialCells,
    passengerResolutionCells: input.passengerResolutionCells ?? DEFAULT_PASSENGER_RESOLUTION_CELLS,
    stop: { days: input.stop.days ?? Infinity, cells: stopCells },
    time: { dtDays: input.time?.dtDays ?? 0.05, recordEveryDays: input.time?.recordEveryDays ?? 0.5 },
    input,
  };
}

/** Validate and resolve a scenario object. `source` names it in errors (a file path or "URL"). */
export function parseScenario(data: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(data);
  if (!r.success) throw new ScenarioError(source, zodIssues(r.error));
  return r.data.kind === 'net' ? resolveNet(r.data, source) : resolveBirthDeath(r.data, source);
}

export function parseScenarioText(text: string, source: string): Scenario {
  return parseScenario(parseJsonText(text, source), source);
}
