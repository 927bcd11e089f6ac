/** Plain-language accounts for teachers (after the review's Figure 2B and Combes et al. 2022). */
import type { HypothesisSlug } from '../sim/api.js';

/** One account per hypothesis, keyed by its file-name slug (sim/net/hypothesis.ts). */
export const HYPOTHESIS_TEXT: Record<HypothesisSlug, string> = {
  'spontaneous-parallel':
    'Each kind of NE cell gives its own kind of tumor. The cell of origin alone decides the group (peripheral NE bodies → A1, central bronchial cells → A2, solitary cells → B); immune and stromal cells are present but do not change what the NE cells do.',
  'spontaneous-divergent':
    'NE cells start alike. Which mutation a cell happens to get first (MEN1, EIF1AX, ARID1A…) puts it on a trajectory, so the group follows the mutation, not the cell of origin or the niche.',
  'immune-parallel':
    'The cell of origin still decides the group, but a mutated NE cell only grows into a tumor if its neighbourhood helps it (growth factors from macrophages, monocytes and fibroblasts). Some niches make tumors common, others rare.',
  'immune-divergent':
    'Tumor cells can switch programs at random, and the niche decides which program wins: tolerogenic dendritic cells favour one, fibroblasts another, T cells select against some. The group then follows the niche.',
};

export const ARCHETYPE_TEXT: Record<string, string> = {
  immune_desert_monocyte: 'Few T cells; many neutrophils, monocytes and cancer-associated fibroblasts, like mid-stage wound healing. Seen in pancreatic NETs.',
  immune_desert_CD4_macrophage: 'Few cytotoxic T cells; CD4 T cells and macrophages dominate. Seen in a colorectal NET.',
  myeloid_centric_DC1: 'Tolerogenic type-1 dendritic cells with regulatory T cells and macrophages (IL-10, PPARγ); neutrophils too. May occur in A1 lung carcinoids.',
  immune_rich: 'T-cell inflamed: many CD8 and CD4 T cells. Lung supra-carcinoids are highly infiltrated.',
  immune_rich_stromal: 'Inflamed, with macrophages and fibroblasts in the stroma.',
};
