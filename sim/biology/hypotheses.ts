/**
 * The four evolution hypotheses of the review's Figure 2B, as a vocabulary: scenario keys,
 * file-name slugs and labels, written once. What each hypothesis does is the wiring's business
 * (net/hypothesis.ts).
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
