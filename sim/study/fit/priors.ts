/**
 * The parameters a fit varies and their priors (sizes and turnover of each NE population, each
 * driver's rate; log-uniform multipliers of the site's defaults), how parameters become a
 * scenario, and the refinement's proposal step.
 */
import { originsOf, type Site } from '../../biology/biology.js';
import { SITE_DEFAULTS } from '../../biology/defaults.js';
import type { Rng } from '../../core/rng.js';
import { deepMerge, parseScenario, type ResolvedNet } from '../../scenario/scenario.js';
import type { ScenarioSource } from '../blocks.js';

export interface Prior {
  path: string;
  base: number;
  /** log-uniform multiplier range */
  lo: number;
  hi: number;
}

/** Priors of a site: sizes and turnover of each NE population, each driver's rate. */
export function priors(site: Site): Prior[] {
  const d = SITE_DEFAULTS[site];
  const out: Prior[] = [];
  for (const o of originsOf(site)) {
    out.push({ path: `origins.${o.id}.cells`, base: d.origins[o.id].cells, lo: 1 / 3, hi: 3 });
    out.push({ path: `origins.${o.id}.turnoverPerDay`, base: d.origins[o.id].turnoverPerDay, lo: 0.7, hi: 1.4 });
  }
  for (const [h, v] of Object.entries(d.hits)) if (typeof v.ratePerDivision === 'number' && v.ratePerDivision > 0) out.push({ path: `hits.${h}.ratePerDivision`, base: v.ratePerDivision, lo: 1 / 3, hi: 3 });
  return out;
}

export function drawParams(ps: readonly Prior[], rng: Rng): Record<string, number> {
  return Object.fromEntries(ps.map((p) => [p.path, Number((p.base * Math.exp(Math.log(p.lo) + rng.next() * (Math.log(p.hi) - Math.log(p.lo)))).toPrecision(6))]));
}

/** Scenario overrides from dotted-path parameters. */
export function paramsToOverrides(params: Record<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(params)) {
    const keys = path.split('.');
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = v;
  }
  return out;
}

/** A base scenario with parameters (dotted paths) set. */
export function scenarioWith(base: ScenarioSource, params: Record<string, number>): { input: Record<string, unknown>; scenario: ResolvedNet } {
  const input = deepMerge(structuredClone(base.input), paramsToOverrides(params)) as Record<string, unknown>;
  return { input, scenario: parseScenario(input, base.file) as ResolvedNet };
}

/**
 * A refinement step from `params`: a few parameters at a time (each with probability
 * 3 / #parameters, at least one: a step that moves every parameter at once rarely improves a noisy
 * distance in many dimensions), each by a normal step of `scale` × its prior's log-range, kept
 * inside the prior's support.
 */
export function perturb(ps: readonly Prior[], params: Record<string, number>, scale: number, rng: Rng): Record<string, number> {
  const moved = ps.map(() => rng.next() < Math.min(1, 3 / ps.length));
  if (!moved.some(Boolean)) moved[rng.int(ps.length)] = true;
  return Object.fromEntries(ps.map((p, j) => {
    if (!moved[j]) return [p.path, params[p.path]];
    const lo = Math.log(p.base * p.lo);
    const hi = Math.log(p.base * p.hi);
    const v = Math.min(hi, Math.max(lo, Math.log(params[p.path]) + rng.normal() * scale * (hi - lo)));
    return [p.path, Number(Math.exp(v).toPrecision(6))];
  }));
}
