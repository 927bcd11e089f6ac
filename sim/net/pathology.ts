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

/** What the pathologist counts in the hot spot: the Ki-67 index (0–1) and the field's cycling
 *  fraction, where the mitoses are counted too (net/processes/diagnosis.ts). */
export interface HotSpot {
  ki67: number;
  /** The hot field's true cycling fraction (the count's probability). */
  cycling: number;
}

/** Ki-67 labelling index of a tumor whose mean cycling fraction is `cycling`, read in its hot spot. */
export function readHotSpot(cycling: number, p: ResolvedNet['pathology'], rng: Rng): HotSpot {
  if (cycling <= 0) return { ki67: 0, cycling: 0 };
  let zMax = -Infinity;
  for (let k = 0; k < p.fields; k++) zMax = Math.max(zMax, rng.normal());
  const hot = Math.min(1, cycling * Math.exp(p.fieldSdLog * zMax));
  return { ki67: rng.binomial(p.hotspotCells, hot) / p.hotspotCells, cycling: hot };
}

/**
 * Mitotic figures per 2 mm² (WHO: counted in the areas of highest activity, so in the Ki-67 hot
 * spot): each of the `mitosisFieldCells` tumour cells of 2 mm² of a section is caught in mitosis
 * with probability (cycling fraction) × (mitosis's share of the Ki-67-positive window,
 * `mitosisHours` / 24 / cycleDays); the count is Poisson. M phase lasts about an hour in
 * mammalian cells; 2 mm² of a carcinoid's section holds a few thousand tumour nuclei. So a
 * tumour at Ki-67 ~5 % shows ~2 mitoses per 2 mm², the typical/atypical carcinoid cut-off, as
 * the two indices relate in lung carcinoids (Ki-67 mostly < 5 % in typical, 5–20 % in atypical
 * carcinoids; WHO 2021).
 */
export function mitoticCount(hot: HotSpot, p: ResolvedNet['pathology'], cycleDays: number, rng: Rng): number {
  const mean = expectedMitoses(hot.cycling, p, cycleDays);
  return mean > 0 ? rng.poisson(mean) : 0;
}

/** The mean count of mitotic figures per 2 mm² at a cycling fraction. */
export function expectedMitoses(cycling: number, p: ResolvedNet['pathology'], cycleDays: number): number {
  return p.mitosisFieldCells * cycling * (p.mitosisHours / 24 / cycleDays);
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

/** The names of the site's IHC stains, in the panel's order (the keys of a reading's scores). */
export function panelStains(site: Site): string[] {
  return SITE_DEF[site].panel?.stains.map((s) => ('marker' in s ? s.marker : s.name)) ?? [];
}
