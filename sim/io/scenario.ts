/**
 * Scenario files: the schema (zod, also published as JSON Schema for editors), parsing with
 * errors that name the file, the JSON path and what was expected, and resolution of a NET
 * scenario against its site defaults. Scenarios are data, not code.
 */
import { z } from 'zod';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SITES, ORIGINS, ARCHETYPES, HITS, HIT_IDS, type Site, originsOf } from '../biology/biology.js';
import { SITE_DEFAULTS, COMMON_DEFAULTS } from '../biology/defaults.js';
import { HYPOTHESIS_KEYS, type HypothesisKey, type HypothesisWeights } from '../net/hypothesis.js';
import { compileRate, ExprError, type CompiledExpr } from '../core/expr.js';
import { BirthDeathSpaceSpec, NetLatticeSpec, resolveBirthDeathSpace, resolveNetLattice, type BirthDeathSpace, type NetLattice } from './space.js';
export { MAX_3D_SITES, DEFAULT_3D_SIDE, type BirthDeathSpace, type NetLattice } from './space.js';

/** A rate: a finite non-negative number, or a mathjs expression over the variables of its scope. */
const RATE_EXPECTED = 'expected a finite non-negative number or a mathjs expression string';
const Rate = z.union(
  [z.number({ error: RATE_EXPECTED }).finite({ error: RATE_EXPECTED }).nonnegative({ error: RATE_EXPECTED }), z.string().min(1)],
  { error: RATE_EXPECTED },
);
const Num = () =>
  z
    .number({
      error: (iss) =>
        iss.code !== 'invalid_type' ? undefined : iss.input === undefined ? 'required' : `expected a number, received ${Array.isArray(iss.input) ? 'array' : typeof iss.input}`,
    })
    .finite({ error: 'expected a finite number' });
const Prob = Num().min(0, { error: 'expected a number from 0 to 1' }).max(1, { error: 'expected a number from 0 to 1' });
const Pos = Num().positive({ error: 'expected a number > 0' });
const NonNeg = Num().nonnegative({ error: 'expected a number ≥ 0' });

const Hypothesis = z
  .strictObject(Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, Prob.default(0)])) as Record<HypothesisKey, z.ZodDefault<typeof Prob>>)
  .refine((h) => HYPOTHESIS_KEYS.some((k) => h[k] > 0), {
    message: 'at least one hypothesis weight must be > 0',
  });

const originIds = ORIGINS.map((o) => o.id) as [string, ...string[]];
const archetypeIds = ARCHETYPES.map((a) => a.id) as [string, ...string[]];

export const NetScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('net'),
  name: z.string().min(1),
  description: z.string().optional(),
  site: z.enum(SITES),
  engine: z.enum(['clone', 'lattice']).optional(),
  hypothesis: Hypothesis,
  lattice: NetLatticeSpec.optional(),
  time: z
    .strictObject({
      startAgeYears: NonNeg.max(120).optional(),
      maxAgeYears: Pos.max(130).optional(),
      dtDays: Pos.max(365).optional(),
      followupYears: NonNeg.max(100).optional(),
      recordEveryDays: Pos.optional(),
    })
    .optional(),
  population: z.strictObject({ femaleFraction: Prob.optional(), germlineMEN1: Prob.optional() }).optional(),
  origins: z.partialRecord(z.enum(originIds), z.strictObject({ cells: Pos.max(1e12).optional(), turnoverPerDay: Rate.optional() })).optional(),
  archetypes: z.partialRecord(z.enum(archetypeIds), NonNeg).optional(),
  hits: z
    .partialRecord(
      z.enum(HIT_IDS as [string, ...string[]]),
      z.strictObject({
        ratePerDivision: Rate.optional(),
        birth: Pos.optional(),
        death: Pos.optional(),
        dissemination: NonNeg.optional(),
      }),
    )
    .optional(),
  germlineSecondHitFactor: z.number().finite().min(1).optional(),
  passengersPerDivision: NonNeg.max(1000).optional(),
  copyNumber: z.strictObject({ ratePerDivision: Rate.optional(), birth: Pos.optional(), initiates: z.boolean().optional() }).optional(),
  fitness: z.strictObject({ initiatingCap: z.number().finite().min(1).optional(), birthPerDay: Rate.optional(), deathPerDay: Rate.optional() }).optional(),
  immune: z
    .strictObject({
      halfSaturation: Pos.optional(),
      recruitmentPerLog10Cells: NonNeg.optional(),
      supportGain: NonNeg.optional(),
      killPerDay: NonNeg.optional(),
      initiationHalf: Pos.optional(),
      selectionStrength: NonNeg.optional(),
      plasticityPerDivision: Prob.optional(),
    })
    .optional(),
  progression: z
    .strictObject({
      cycleDays: Pos.optional(),
      tempoSdLog: NonNeg.optional(),
      diagnosisCells: Pos.optional(),
      disseminationPerCellDay: NonNeg.optional(),
      seedingProbability: Prob.optional(),
      metastasisDetectCells: Pos.optional(),
      lethalCells: Pos.optional(),
      resection: z.boolean().optional(),
      otherCauseMortality: z.strictObject({ gompertzA: NonNeg.optional(), gompertzB: NonNeg.optional() }).optional(),
    })
    .optional(),
});

export const BirthDeathScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal('birth-death'),
  name: z.string().min(1),
  description: z.string().optional(),
  space: BirthDeathSpaceSpec,
  rates: z.strictObject({ b: Rate, d: Rate, mu: Rate.default(0) }),
  initialCells: z.number().int().min(1).max(1e9).default(1),
  stop: z
    .strictObject({ days: Pos.optional(), cells: z.number().int().positive().optional() })
    .refine((s) => s.days !== undefined || s.cells !== undefined, { message: 'give stop.days, stop.cells or both' }),
  time: z.strictObject({ dtDays: Pos.optional(), recordEveryDays: Pos.optional() }).optional(),
});

export const ScenarioSchema = z.discriminatedUnion('kind', [NetScenarioSchema, BirthDeathScenarioSchema], {
  error: 'expected "kind" to be "net" or "birth-death"',
});
export type NetScenarioInput = z.infer<typeof NetScenarioSchema>;
export type BirthDeathInput = z.infer<typeof BirthDeathScenarioSchema>;

/** JSON Schema (draft 2020-12) for editors; `npm run schema` writes scenarios/scenario.schema.json. */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}

// ---------------------------------------------------------------------------------------------
// Errors

export interface ScenarioIssue {
  path: string;
  message: string;
}
export class ScenarioError extends Error {
  constructor(readonly source: string, readonly issues: ScenarioIssue[]) {
    super(issues.map((i) => `${source}: ${i.path}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return s;
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

/** Parse JSON text; a syntax error names the line and column (located by jsonc-parser). */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
    const where = errors.length ? ` at ${lineCol(text, errors[0].offset)}: ${printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` : `: ${(e as Error).message}`;
    throw new ScenarioError(source, [{ path: '$', message: `malformed JSON${where}` }]);
  }
}

function zodIssues(err: z.ZodError): ScenarioIssue[] {
  return err.issues.map((i) => {
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    if (i.code === 'invalid_key') message = `unknown key: ${i.message}`;
    return { path: jsonPath(i.path), message };
  });
}

// ---------------------------------------------------------------------------------------------
// Resolution

export interface ResolvedNet {
  kind: 'net';
  name: string;
  description: string;
  site: Site;
  engine: 'clone' | 'lattice';
  hypothesis: HypothesisWeights;
  lattice: NetLattice;
  time: { startAgeYears: number; maxAgeYears: number; dtDays: number; followupYears: number; recordEveryDays: number };
  population: { femaleFraction: number; germlineMEN1: number };
  origins: Record<string, { cells: number; turnoverPerDay: CompiledExpr }>;
  archetypes: Record<string, number>;
  hits: Record<string, { ratePerDivision: CompiledExpr; birth: number; death: number; dissemination: number }>;
  germlineSecondHitFactor: number;
  passengersPerDivision: number;
  copyNumber: { ratePerDivision: CompiledExpr; birth: number; initiates: boolean };
  fitness: { initiatingCap: number; birthPerDay: CompiledExpr; deathPerDay: CompiledExpr };
  immune: {
    halfSaturation: number; recruitmentPerLog10Cells: number; supportGain: number; killPerDay: number;
    initiationHalf: number; selectionStrength: number; plasticityPerDivision: number;
  };
  progression: {
    cycleDays: number; tempoSdLog: number; diagnosisCells: number; disseminationPerCellDay: number; seedingProbability: number; metastasisDetectCells: number;
    lethalCells: number; resection: boolean; otherCauseMortality: { gompertzA: number; gompertzB: number };
  };
  /** The validated input, as written (for summaries and the UI's form). */
  input: NetScenarioInput;
}

export interface ResolvedBirthDeath {
  kind: 'birth-death';
  name: string;
  description: string;
  space: BirthDeathSpace;
  rates: { b: number; d: number; mu: number };
  initialCells: number;
  stop: { days: number; cells: number };
  time: { dtDays: number; recordEveryDays: number };
  input: BirthDeathInput;
}
export type Scenario = ResolvedNet | ResolvedBirthDeath;

/** Variables of the per-genotype scope (fitness and hit-rate expressions). */
export const GENOTYPE_VARS = [
  'turnover', 'hit_birth', 'hit_death', 'program_birth', 'cna_birth', 'n_hits', 'cna', 'alt', 'instability',
  'female', 'germline_MEN1', ...HIT_IDS,
] as const;
/** Variables of the per-patient scope (origin turnover). */
export const PATIENT_VARS = ['female', 'germline_MEN1'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObj(base) || !isObj(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
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

function resolveNet(input: NetScenarioInput, source: string): ResolvedNet {
  const issues: ScenarioIssue[] = [];
  const site = input.site as Site;
  const siteOrigins = new Set(originsOf(site).map((o) => o.id));
  for (const k of Object.keys(input.origins ?? {})) {
    if (!siteOrigins.has(k)) issues.push({ path: jsonPath(['origins', k]), message: `"${k}" is not a cell of origin at site ${site} (expected one of ${[...siteOrigins].join(', ')})` });
  }
  const merged: any = deepMerge(deepMerge(structuredClone(COMMON_DEFAULTS), structuredClone(SITE_DEFAULTS[site])), input);
  // Origins absent from the scenario keep the site's defaults; an origin set to zero cells is allowed.
  const origins: ResolvedNet['origins'] = {};
  for (const id of siteOrigins) {
    const o = merged.origins[id];
    if (!o) continue;
    origins[id] = { cells: o.cells, turnoverPerDay: compileAt(issues, ['origins', id, 'turnoverPerDay'], o.turnoverPerDay, PATIENT_VARS) };
  }
  const hits: ResolvedNet['hits'] = {};
  for (const h of HITS) {
    const o = merged.hits?.[h.id] ?? {};
    hits[h.id] = {
      ratePerDivision: compileAt(issues, ['hits', h.id, 'ratePerDivision'], o.ratePerDivision ?? 0, GENOTYPE_VARS),
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
    progression: merged.progression,
    input,
  };
  if (engine === 'lattice') {
    const cells = resolved.lattice.width * resolved.lattice.height;
    if (cells > 4096 * 4096) issues.push({ path: '$.lattice', message: `lattice of ${cells} sites is too large (at most 4096 × 4096)` });
    // The lattice engine runs in 3D, but the NET model's tissue (NE bodies, shed sites), its immune
    // agents and the page's drawing are still 2D: refuse rather than seed one plane of a 3D box.
    if (resolved.lattice.dimensions === 3)
      issues.push({ path: '$.lattice.dimensions', message: 'a 3D lattice is not supported by the NET model yet (its tissue seeding and immune agents are 2D); use dimensions 2, or a birth-death scenario for 3D' });
  }
  if (issues.length) throw new ScenarioError(source, issues);
  return resolved;
}

function resolveBirthDeath(input: BirthDeathInput, source: string): ResolvedBirthDeath {
  const issues: ScenarioIssue[] = [];
  const rate = (k: 'b' | 'd' | 'mu') => compileAt(issues, ['rates', k], input.rates[k], []).eval({});
  const rates = { b: rate('b'), d: rate('d'), mu: rate('mu') };
  if (issues.length) throw new ScenarioError(source, issues);
  const space = resolveBirthDeathSpace(input.space);
  const lattice = space.mode === 'lattice';
  const maxCells = lattice ? space.width * space.height * space.depth : 1e12;
  const stopCells = input.stop.cells ?? maxCells;
  const dims = space.dimensions === 3 ? `${space.width} × ${space.height} × ${space.depth}` : `${space.width} × ${space.height}`;
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
