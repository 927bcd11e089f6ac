/**
 * The scenario file's schema (zod), published as JSON Schema for editors. The scenario's shape is
 * written here once: the resolved types (resolve.ts) are inferred from it, and the site defaults
 * are validated by it when merged. Scenarios are data, not code.
 */
import { z } from 'zod';
import { SITES, ORIGINS, ARCHETYPES, HIT_IDS, MARKERS, PROGRAMS, THERAPY_IDS } from '../biology/biology.js';
import { BirthDeathSpaceSpec, NetLatticeSpec } from './space.js';
import { HYPOTHESIS_KEYS, type HypothesisKey } from '../biology/hypotheses.js';

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

/**
 * A therapy given to the patient (biology/therapies.ts): a built-in one by name, changed or not,
 * or one spelled out in full. It starts at an age, some days after diagnosis, or when an event
 * happens (diagnosis; metastasis: found at diagnosis or later; relapse: found after diagnosis).
 */
const Marker = z.enum(MARKERS);
export const InterventionSchema = z.strictObject({
  id: z.string().min(1).max(80),
  therapy: z.enum(THERAPY_IDS).optional(),
  start: z
    .strictObject({
      ageYears: NonNeg.max(130).optional(),
      daysAfterDiagnosis: NonNeg.max(36_525).optional(),
      onEvent: z.enum(['diagnosis', 'metastasis', 'relapse']).optional(),
    })
    .refine((s) => [s.ageYears, s.daysAfterDiagnosis, s.onEvent].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of ageYears, daysAfterDiagnosis, onEvent' }),
  /** Days one course lasts (omit for a built-in's; for one of your own, omit for "until the end"). */
  durationDays: Pos.max(36_525).optional(),
  repeatEveryDays: NonNeg.max(36_525).optional(),
  courses: z.number().int().min(1).max(1000).optional(),
  target: z
    .strictObject({
      marker: Marker.optional(),
      markerLow: Marker.optional(),
      program: z.enum(PROGRAMS.map((p) => p.id) as [string, ...string[]]).optional(),
      hit: z.enum(HIT_IDS as [string, ...string[]]).optional(),
      alt: z.boolean().optional(),
      tmbPerMb: Pos.max(1000).optional(),
    })
    .optional(),
  effects: z
    .strictObject({
      birth: NonNeg.max(100).optional(),
      deathPerDay: NonNeg.max(10).optional(),
      mutationRate: Pos.max(1e4).optional(),
      killFactor: NonNeg.max(100).optional(),
      couplingFactor: NonNeg.max(100).optional(),
    })
    .optional(),
});

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
      recordEveryDays: Pos.max(36_525).optional(),
      maxStepDays: Pos.max(36_525).optional(),
    })
    .optional(),
  population: z.strictObject({ femaleFraction: Prob.optional(), germlineMEN1: Prob.optional(), germlineVHL: Prob.optional() }).optional(),
  origins: z
    .partialRecord(
      z.enum(originIds),
      z.strictObject({
        cells: Pos.max(1e12).optional(),
        turnoverPerDay: Rate.optional(),
        femaleFactor: Pos.max(100).optional(),
        agePerDecade: Pos.max(100).optional(),
        clockFactor: Pos.max(100).optional(),
        locations: z.record(z.string().min(1), NonNeg.max(1e6)).optional(),
      }),
    )
    .optional(),
  archetypes: z.partialRecord(z.enum(archetypeIds), NonNeg.max(1e6)).optional(),
  hits: z
    .partialRecord(
      z.enum(HIT_IDS as [string, ...string[]]),
      z.strictObject({
        ratePerDivision: Rate.optional(),
        /** A multiplier of ratePerDivision (default 1): what a fit moves when the rate is an expression. */
        rateFactor: NonNeg.max(1e6).optional(),
        // A hit multiplies a rate by at most 100 (the strongest drivers: a few-fold).
        birth: Pos.max(100).optional(),
        death: Pos.max(100).optional(),
        dissemination: NonNeg.max(1e4).optional(),
      }),
    )
    .optional(),
  germlineSecondHitFactor: Num().min(1, { error: 'expected a number from 1 to 1e6' }).max(1e6, { error: 'expected a number from 1 to 1e6' }).optional(),
  passengersPerDivision: NonNeg.max(1000).optional(),
  /** Clock-like mutations a cell's genome gains per year, dividing or not (SBS1/SBS5). */
  clockMutationsPerYear: NonNeg.max(10_000).optional(),
  /** Passengers get identities (sub-clones) while their lineage holds fewer real cells than this. */
  passengerResolutionCells: Pos.max(1e12).optional(),
  copyNumber: z.strictObject({ ratePerDivision: Rate.optional(), birth: Pos.max(100).optional(), initiates: z.boolean().optional() }).optional(),
  fitness: z.strictObject({ initiatingCap: Num().min(1, { error: 'expected a number from 1 to 100' }).max(100, { error: 'expected a number from 1 to 100' }).optional(), birthPerDay: Rate.optional(), deathPerDay: Rate.optional() }).optional(),
  immune: z
    .strictObject({
      halfSaturation: Pos.max(1e9).optional(),
      recruitmentPerLog10Cells: NonNeg.max(1000).optional(),
      supportGain: NonNeg.max(100).optional(),
      killPerDay: NonNeg.max(10).optional(),
      initiationHalf: Pos.max(1e9).optional(),
      selectionStrength: NonNeg.max(100).optional(),
      plasticityPerDivision: Prob.optional(),
    })
    .optional(),
  chromothripsis: z.strictObject({ convergence: Prob.optional(), convergenceWithTP53orRB1: Prob.optional() }).optional(),
  pathology: z
    .strictObject({
      hotspotCells: z.number().int().min(1).max(100_000).optional(),
      fields: z.number().int().min(1).max(1000).optional(),
      fieldSdLog: NonNeg.max(5).optional(),
      ihcCells: z.number().int().min(1).max(100_000).optional(),
      ihcNoise: NonNeg.max(1).optional(),
      mitosisFieldCells: z.number().int().min(1).max(1_000_000).optional(),
      mitosisHours: Pos.max(48).optional(),
    })
    .optional(),
  interventions: z.array(InterventionSchema).max(32).optional(),
  liquidBiopsy: z
    .strictObject({
      /** Days between draws after diagnosis (0: no liquid biopsy). */
      everyDays: NonNeg.max(36_525).optional(),
      variants: z.number().int().min(1).max(10_000).optional(),
      minReads: z.number().int().min(1).max(1e6).optional(),
      captureEfficiency: Prob.optional(),
      normalGenomeEquivalents: Pos.max(1e9).optional(),
      sampledFraction: Prob.optional(),
      halfLifeHours: Pos.max(1000).optional(),
    })
    .optional(),
  progression: z
    .strictObject({
      cycleDays: Pos.min(0.1, { error: 'expected a number from 0.1 to 1000 (days)' }).max(1000, { error: 'expected a number from 0.1 to 1000 (days)' }).optional(),
      tempoSdLog: NonNeg.max(5).optional(),
      diagnosisCells: Pos.max(1e13).optional(),
      // A cell leaves the primary at most once a day.
      disseminationPerCellDay: NonNeg.max(1).optional(),
      seedingProbability: Prob.optional(),
      regionalFraction: Prob.optional(),
      nodalDetectCells: Pos.max(1e13).optional(),
      metastasisDetectCells: Pos.max(1e13).optional(),
      lethalCells: Pos.max(1e14).optional(),
      convergencePerDivision: Prob.optional(),
      resection: z.boolean().optional(),
      otherCauseMortality: z.strictObject({ gompertzA: NonNeg.max(1).optional(), gompertzB: NonNeg.max(1).optional(), maleFactor: NonNeg.max(10).optional() }).optional(),
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
  /** Passengers get identities (sub-clones) while the population holds fewer cells than this. */
  passengerResolutionCells: Pos.max(1e12).optional(),
  initialCells: z.number().int().min(1).max(1e9).default(1),
  stop: z
    .strictObject({ days: Pos.max(1e7).optional(), cells: z.number().int().positive().max(1e12).optional() })
    .refine((s) => s.days !== undefined || s.cells !== undefined, { message: 'give stop.days, stop.cells or both' }),
  time: z.strictObject({ dtDays: Pos.max(1e6).optional(), recordEveryDays: Pos.max(1e7).optional() }).optional(),
});

export const ScenarioSchema = z.discriminatedUnion('kind', [NetScenarioSchema, BirthDeathScenarioSchema], {
  error: 'expected "kind" to be "net" or "birth-death"',
});
export type NetScenarioInput = z.infer<typeof NetScenarioSchema>;
export type BirthDeathInput = z.infer<typeof BirthDeathScenarioSchema>;

/** Every field present: what a scenario (or a part of one) is once resolved over its defaults. */
export type Complete<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]-?: Complete<NonNullable<T[K]>> } : T;

/** JSON Schema (draft 2020-12) for editors; `npm run schema` writes scenarios/scenario.schema.json. */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}
