/**
 * The model's assumption tables, in one place, each with its rationale and source. They are data:
 * the tests permute them and the signatures must move with them.
 *
 * - ORIGIN_PROGRAM: the program a cell of origin runs when committed, and the uncommitted program
 *   it runs otherwise;
 * - HIT_PROGRAM: the program a hit moves a cell onto (somatic reprogramming, or convergence);
 * - HIT_CONTEXT: how much of a driver's growth advantage a program lets through;
 * - PROGRAM_AFFINITY: which niche agents favour or select against each program.
 */
import type { Site } from './sites/index.js';

/**
 * Origin → program. The review's Table 2 ties A1/LC1 to peripheral NE bodies (ASCL1/DLL3 high,
 * DIPNECH), A2/LC3 to central bronchial NE cells (SLIT1/ROBO1 low), and B/LC2 (OTP/TTF1 low) to
 * neither; we give B the solitary non-innervated NE cells (sites/lung.ts says why). Pancreas:
 * alpha cells (ARX) → alpha-like, beta cells (PDX1) → insulinoma. Small intestine: one origin.
 */
export const ORIGIN_PROGRAM: Record<string, { program: string; uncommittedProgram: string }> = {
  lung_peripheral: { program: 'lung_NE_peripheral', uncommittedProgram: 'lung_NE_generic' },
  lung_central: { program: 'lung_NE_central', uncommittedProgram: 'lung_NE_generic' },
  lung_solitary: { program: 'lung_NE_solitary', uncommittedProgram: 'lung_NE_generic' },
  pancreas_alpha: { program: 'pancreas_alpha', uncommittedProgram: 'pancreas_islet_generic' },
  pancreas_beta: { program: 'pancreas_beta', uncommittedProgram: 'pancreas_islet_generic' },
  si_enterochromaffin: { program: 'si_EC', uncommittedProgram: 'si_EC_generic' },
};

/**
 * Hit → program. Spontaneous divergence (the review): somatic alterations put cells on different
 * trajectories — MEN1 is enriched in lung B/LC2 and pancreatic alpha-like tumors, EIF1AX in A1,
 * ARID1A in A2 (lungNENomics), YY1 T372R defines insulinomas (Cao 2013). Chromothripsis of chr 3,
 * 11 or 12 makes supra-carcinoids NEC-like under any wiring (Alcala 2019).
 */
export const HIT_PROGRAM: Record<string, { reprograms?: Partial<Record<Site, string | readonly string[]>>; converges?: Partial<Record<Site, string>> }> = {
  MEN1: { reprograms: { lung: 'lung_NE_solitary', pancreas: 'pancreas_alpha' } },
  EIF1AX: { reprograms: { lung: 'lung_NE_peripheral' } },
  ARID1A: { reprograms: { lung: 'lung_NE_central' } },
  YY1: { reprograms: { pancreas: 'pancreas_beta' } },
  // Small intestine: chr18 loss sets a chromosomally quiet, indolent trajectory (the 18LOH group
  // has the fewest other copy-number changes and the longest progression-free survival).
  chr18LOH: { reprograms: { 'small-intestine': 'si_EC_quiet' } },
  chromothripsis: { converges: { lung: 'lung_NEC_like' } },
  // An epigenetic switch sets whichever NE program's enhancers it opens: any of the three
  // carcinoid programs, with no preference we could source (so one is drawn uniformly).
  epigenetic: { reprograms: { lung: ['lung_NE_peripheral', 'lung_NE_central', 'lung_NE_solitary'] } },
};

/**
 * Hit × program: the share of a driver's growth advantage (its birth effect − 1) a cell running
 * the program gets (1 where not listed). Drivers are context-dependent: the same loss drives one
 * NE lineage and is neutral in another (the review: MEN1 alterations are confined to some
 * subgroups). Read when a clone arises (genotype.ts), so a hit that reprograms a cell counts in
 * its new program. Lung: MEN1 inactivation is found in B/LC2 carcinoids and supra-carcinoids and
 * in none of the A1 or A2 tumours sequenced by lungNENomics (0/44, 0/29), which we read as menin
 * loss giving no advantage to the bronchiolar NE-body and bronchial NE programs; EIF1AX and
 * ARID1A, enriched in A1 and A2, act in every program.
 */
export const HIT_CONTEXT: Record<string, Partial<Record<string, number>>> = {
  MEN1: { lung_NE_peripheral: 0, lung_NE_central: 0 },
};

/**
 * Program-specific affinities of each agent type: + supports that program, − selects against it.
 * Used only by the immune-divergent wiring (different microenvironments impose different
 * selective pressures). Modelling assumptions, each with its reason:
 * - tolerogenic cDC1 and Treg favour the ASCL1/DLL3-high peripheral program (the review: the DC1
 *   archetype "might also occur in subsets of lung NETs, in particular in the A1 group");
 * - CD4 T cells and macrophages favour the SLIT1/ROBO1-low central program (CD4/macrophage desert);
 * - CAF, monocytes and neutrophils (mid-stage wound healing) favour the ERBB4/ANGPTL3-high program;
 * - the NEC-like program escapes CD8 killing (PD-L1 up) and thrives on macrophages (the
 *   myeloid-rich niche of supra-carcinoids and LCNEC).
 * Pancreas: wound-healing/CAF-rich niches favour alpha-like cells, T-cell-rich ones beta-like.
 */
export const PROGRAM_AFFINITY: Record<string, Partial<Record<string, number>>> = {
  lung_NE_peripheral: { cDC1: 1, Treg: 0.8, CD8_T: -0.4, CAF: -0.3, CD4_T: -0.3 },
  lung_NE_central: { CD4_T: 1, macrophage: 0.5, cDC1: -0.4, CAF: -0.3, CD8_T: -0.3 },
  lung_NE_solitary: { CAF: 1, monocyte: 0.8, neutrophil: 0.5, CD8_T: -0.6, cDC1: -0.3, CD4_T: -0.2 },
  lung_NEC_like: { CD8_T: 1, macrophage: 0.4, CAF: -0.3, cDC1: -0.8, Treg: -0.4, monocyte: -0.3 },
  pancreas_alpha: { CAF: 0.8, monocyte: 0.6, CD8_T: -0.4 },
  pancreas_beta: { CD8_T: 0.5, CD4_T: 0.5, CAF: -0.4 },
  // Small intestine: the quiet EC program in immune-desert, monocyte-rich niches; the unstable EC
  // program where CAFs and macrophages (wound healing, fibrosis of the mesentery) support it.
  si_EC: { CAF: 0.8, macrophage: 0.5, CD8_T: -0.4 },
  si_EC_quiet: { monocyte: 0.8, CD4_T: 0.4, CAF: -0.4 },
};

