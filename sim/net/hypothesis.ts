/**
 * The four evolution hypotheses of the review's Figure 2B as causal wirings of the same agents.
 * A scenario gives weights (a mixture); the wiring says which causal links are switched on and
 * how strongly. Nothing downstream reads a hypothesis name: cells, hits and immune agents follow
 * the same rules under every hypothesis, with these links scaled.
 *
 * | link                  | what it does                                                       | on under |
 * |-----------------------|--------------------------------------------------------------------|----------|
 * | originCommitment      | NE cells of origin run their own committed program from the start  | both parallel |
 * | somaticReprogramming  | a hit with a program target moves an uncommitted cell onto it      | spontaneous divergent |
 * | immuneInitiation      | a driver's growth advantage needs support from the niche's agents  | immune parallel |
 * | immuneSelection       | uncommitted tumor cells are plastic; the niche's agents favour or  | immune divergent |
 * |                       | select against programs (program-specific affinities)              |          |
 * | coupling              | immune agents act on NE/tumor cells at all (killing, support)      | both immune |
 */
/** The hypothesis vocabulary, written once: scenario keys, file-name slugs, labels. */
export const HYPOTHESES = [
  { key: 'spontaneousParallel', slug: 'spontaneous-parallel', label: 'spontaneous parallel' },
  { key: 'spontaneousDivergent', slug: 'spontaneous-divergent', label: 'spontaneous divergent' },
  { key: 'immuneParallel', slug: 'immune-parallel', label: 'immune-mediated parallel' },
  { key: 'immuneDivergent', slug: 'immune-divergent', label: 'immune-mediated divergent' },
] as const;
export type HypothesisKey = (typeof HYPOTHESES)[number]['key'];
export type HypothesisSlug = (typeof HYPOTHESES)[number]['slug'];
export const HYPOTHESIS_KEYS = HYPOTHESES.map((h) => h.key) as HypothesisKey[];
export const HYPOTHESIS_SLUGS = HYPOTHESES.map((h) => h.slug) as HypothesisSlug[];
export const hypothesisOfSlug = (slug: string) => HYPOTHESES.find((h) => h.slug === slug);
/** The shipped scenario of one pure hypothesis at a site: `scenarios/<name>.json`. */
export const shippedScenarioName = (site: string, slug: HypothesisSlug) => `${site}-${slug}`;
/** Weights of a pure hypothesis. */
export const pureWeights = (key: HypothesisKey): HypothesisWeights =>
  Object.fromEntries(HYPOTHESIS_KEYS.map((k) => [k, k === key ? 1 : 0])) as HypothesisWeights;

export type HypothesisWeights = Record<HypothesisKey, number>;

export interface Wiring {
  originCommitment: number;
  somaticReprogramming: number;
  immuneInitiation: number;
  immuneSelection: number;
  coupling: number;
}

export function wiringOf(h: HypothesisWeights): Wiring {
  const total = HYPOTHESIS_KEYS.reduce((a, k) => a + h[k], 0);
  const sp = h.spontaneousParallel / total;
  const sd = h.spontaneousDivergent / total;
  const ip = h.immuneParallel / total;
  const id = h.immuneDivergent / total;
  return {
    originCommitment: sp + ip,
    somaticReprogramming: sd,
    immuneInitiation: ip,
    immuneSelection: id,
    coupling: ip + id,
  };
}
