import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, scenarioJsonSchema, ScenarioError } from '../sim/scenario/scenario.js';
import { PatientSimulation } from '../sim/net/patient.js';
import { sweepJsonSchema } from '../sim/study/sweep.js';
import { BirthDeathSimulation } from '../sim/birth-death/model.js';

const dir = new URL('../scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('every scenario in scenarios/', () => {
  it('has the 12 site × hypothesis files, a teaching scenario and a birth–death scenario', () => {
    for (const site of ['lung', 'pancreas', 'small-intestine'])
      for (const h of ['spontaneous-parallel', 'spontaneous-divergent', 'immune-parallel', 'immune-divergent'])
        expect(files).toContain(`${site}-${h}.json`);
    expect(files.some((f) => f.startsWith('teaching-'))).toBe(true);
    expect(files).toContain('birth-death.json');
  });

  it.each(files)('%s validates and runs a short run', (f) => {
    const s = parseScenarioText(readFileSync(new URL(f, dir), 'utf8'), f);
    expect(s.name).toBe(f.replace(/\.json$/, ''));
    if (s.kind === 'net') {
      const sim = new PatientSimulation(s, 1, 0, true);
      sim.advance(40);
      // 40 ticks, or a little more when the last step spanned several (pace.ts): never less, and
      // on the tick grid.
      const ticks = sim.model.tDays / s.time.dtDays;
      expect(ticks).toBeCloseTo(Math.round(ticks), 6);
      expect(Math.round(ticks)).toBeGreaterThanOrEqual(40);
      expect(sim.model.tDays).toBeLessThan(40 * s.time.dtDays + s.time.maxStepDays);
      expect(sim.timeseries!.rows.length).toBeGreaterThan(1);
      expect(sim.model.totalCells()).toBeGreaterThan(0);
    } else {
      const sim = new BirthDeathSimulation(s, 1);
      sim.advance(20);
      expect(sim.model.tDays).toBeGreaterThan(0);
      expect(sim.rows.length).toBeGreaterThan(1);
    }
  });

  it('the published JSON Schemas are the ones the validators use', () => {
    const read = (f: string) => JSON.parse(readFileSync(new URL(`../schema/${f}`, import.meta.url), 'utf8'));
    expect(read('scenario.schema.json')).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
    expect(read('sweep.schema.json')).toEqual(JSON.parse(JSON.stringify(sweepJsonSchema())));
  });
});

describe('scenario validation names the path and what was expected', () => {
  const base = { kind: 'net', name: 'x', site: 'lung', hypothesis: { spontaneousParallel: 1 } };
  const cases: [string, unknown, string, RegExp][] = [
    ['unknown field', { ...base, colour: 'red' }, '$', /unknown field "colour"/],
    ['wrong type', { ...base, hypothesis: { spontaneousParallel: 'yes' } }, '$.hypothesis.spontaneousParallel', /expected a number, received string/],
    ['out of range', { ...base, population: { femaleFraction: 1.5 } }, '$.population.femaleFraction', /expected a number from 0 to 1/],
    ['negative rate', { ...base, hits: { MEN1: { ratePerDivision: -1 } } }, '$.hits.MEN1.ratePerDivision', /expected a finite non-negative number/],
    ['non-finite rate', { ...base, hits: { MEN1: { ratePerDivision: Infinity } } }, '$.hits.MEN1.ratePerDivision', /expected a finite non-negative number/],
    ['unknown hit', { ...base, hits: { MEN2: { ratePerDivision: 1e-9 } } }, '$.hits', /MEN2/],
    ['origin of another site', { ...base, origins: { pancreas_beta: { cells: 10 } } }, '$.origins.pancreas_beta', /not a cell of origin at site lung/],
    ['bad expression variable', { ...base, fitness: { birthPerDay: 'turnover * speed' } }, '$.fitness.birthPerDay', /unknown variable "speed"/],
    ['forbidden function', { ...base, fitness: { birthPerDay: 'evaluate("1")' } }, '$.fitness.birthPerDay', /"evaluate" is not allowed/],
    ['unit conversion', { ...base, fitness: { birthPerDay: 'turnover cm to m' } }, '$.fitness.birthPerDay', /not allowed/],
    ['forbidden operator', { ...base, fitness: { birthPerDay: 'turnover!' } }, '$.fitness.birthPerDay', /operator "!" is not allowed/],
    ['negative expression', { ...base, fitness: { deathPerDay: '0 - turnover' } }, '$.fitness.deathPerDay', /expected a finite non-negative rate/],
    ['zero hypothesis', { ...base, hypothesis: {} }, '$.hypothesis', /at least one hypothesis weight/],
    ['bad kind', { kind: 'agent' }, '$.kind', /"net" or "birth-death"/],
  ];
  it.each(cases)('%s', (_, input, path, message) => {
    let err: unknown;
    try {
      parseScenario(input, 'my.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const issue = (err as ScenarioError).issues.find((i) => i.path === path);
    expect(issue, (err as Error).message).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect((err as Error).message).toContain('my.json: ');
  });

  it('malformed JSON names line and column', () => {
    expect(() => parseScenarioText('{\n  "kind": "net",\n  "name": }', 'broken.json')).toThrow(/broken\.json: \$: malformed JSON at line 3, column/);
  });
});
