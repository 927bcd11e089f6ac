/**
 * What the pathologist adds at diagnosis: the Ki-67 index counted over a hot spot, and where the
 * lesion sits. Both are draws from the patient's `pathology` stream (reading a tumor never moves
 * the simulation's other draws).
 *
 * Ki-67 (WHO 2022; the ENETS counting rule): the pathologist scans the section at low power, picks
 * the field with the most labelled nuclei (the hot spot) and counts `hotspotCells` tumor cells
 * there. The tumor's cycling fraction is the mean over its cells (birth rate × Ki-67-positive
 * window); fields differ from it by e^(σz), σ = `fieldSdLog` (intratumoral heterogeneity of
 * proliferation: vessels, hypoxia, clonal patches). The hot spot is the highest of `fields` such
 * fields, and the count there is binomial. So the index is a count, noisy and biased upward as
 * in real reports, not the mean rate, and grades spread around the cut-offs instead of piling on
 * one value.
 */
import { MARKER_INDEX, SITE_DEF, HIT_INDEX, type Site, type TumorReadout } from '../biology/biology.js';
import type { Rng } from '../core/rng.js';
import type { ResolvedNet } from '../scenario/scenario.js';

/** Ki-67 labelling index (0–1) of a tumor whose mean cycling fraction is `cycling`. */
export function hotspotKi67(cycling: number, p: ResolvedNet['pathology'], rng: Rng): number {
  if (cycling <= 0) return 0;
  let zMax = -Infinity;
  for (let k = 0; k < p.fields; k++) zMax = Math.max(zMax, rng.normal());
  const hot = Math.min(1, cycling * Math.exp(p.fieldSdLog * zMax));
  return rng.binomial(p.hotspotCells, hot) / p.hotspotCells;
}

/** Where a lesion of a NE population sits: a draw from the population's location weights. */
export function drawLocation(locations: Record<string, number>, rng: Rng): string {
  const names = Object.keys(locations);
  return names[rng.pick(names.map((k) => locations[k]))];
}

/** The IHC panel's reading of a tumour: each stain's score (share of counted cells positive) and the call. */
export interface PanelReading {
  scores: Record<string, number>;
  call: string;
}

/**
 * The site's IHC panel (biology/sites/<site>.ts) on a diagnosed tumour, from its own `ihc` stream:
 * a marker stains a cell in proportion to the tumour's level of it, blurred by the stain's
 * variability (a normal error of sd `ihcNoise`, one per stain and tumour); nuclear loss of DAXX
 * or ATRX, and ALT foci, are read on the cells that carry them; `ihcCells` cells are counted per
 * stain (a binomial count). Null where the site has no panel.
 */
export function readPanel(site: Site, r: TumorReadout, p: ResolvedNet['pathology'], rng: Rng): PanelReading | null {
  const panel = SITE_DEF[site].panel;
  if (!panel) return null;
  const scores: Record<string, number> = {};
  const count = (share: number) => Number((rng.binomial(p.ihcCells, Math.min(1, Math.max(0, share))) / p.ihcCells).toFixed(3));
  for (const s of panel.stains) {
    if ('marker' in s) scores[s.marker] = count(r.markers[MARKER_INDEX[s.marker]] + p.ihcNoise * rng.normal());
    else if ('lost' in s) scores[s.name] = count(s.lost.reduce((a, h) => a + r.hitFraction[HIT_INDEX[h]], 0));
    else scores[s.name] = count(r.altFraction);
  }
  return { scores, call: panel.call(scores) };
}
