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
import { HYPOTHESIS_KEYS, type HypothesisWeights } from '../biology/hypotheses.js';

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
