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

/** The tumour groups the classifier calls, in plain language, with where they come from. */
export const SUBGROUP_TEXT: Record<string, string> = {
  A1: 'Lung carcinoid group A1 (LC1): ASCL1 and DLL3 high; mostly peripheral, in older women, often next to DIPNECH (lungNENomics; the review, Table 2).',
  A2: 'Lung carcinoid group A2 (LC3): SLIT1 and ROBO1 low; central airways, younger patients; ARID1A mutations are commonest here.',
  B: 'Lung carcinoid group B (LC2): OTP and TTF1 low, ERBB4, ANGPTL3 and UGT/CYP high; central, mostly men, worse survival; MEN1 mutations are commonest here.',
  'supra-carcinoid': 'A carcinoid by its looks with the molecular profile of a large-cell NE carcinoma (LCNEC): more proliferative, the worst survival of the carcinoids.',
  'alpha-like': 'Pancreatic NET resembling alpha cells (ARX, MEN1-mutated, indolent).',
  intermediate: 'Pancreatic NET between alpha and beta profiles, with MEN1 and DAXX or ATRX loss and ALT: the highest relapse risk.',
  'beta-like': 'Pancreatic NET resembling beta cells (PDX1); insulinomas, often with YY1 T372R.',
  '18LOH': 'Small-intestinal NET with loss of one chromosome 18: the commonest group (about 55 %), few other copy-number changes, the longest progression-free survival; CDKN1B mutations sit here.',
  'no-CNV': 'Small-intestinal NET without large copy-number changes (about 19 %).',
  'multi-CNV': 'Small-intestinal NET with several copy-number changes, including gains of chromosomes 4, 5 and 20 (about 26 %).',
};

/** What to look at, and what to change, per shipped scenario (shown under its description). */
export const SCENARIO_GUIDE: Record<string, { notice: string; tryThis: string }> = {
  'teaching-lung-lattice': {
    notice: 'The first neoplastic clone appears inside an NE body and displaces the grey epithelium; the Muller plot shows which clones take over, the Ki-67 chart climbs past 3 % as the tumour speeds up (a lung carcinoid’s grade counts its mitoses: see the patient panel).',
    tryThis: 'Set the hypothesis weights to spontaneousParallel 1 (immuneDivergent empty) and play the same seed: the niche stops choosing the program. Colour the lattice by clone, then by hit.',
  },
  'teaching-lung-lattice-3d': {
    notice: 'The same tissue as a block: move the z slider through the tumour, or switch to the projection to see its whole extent.',
    tryThis: 'Compare the time to diagnosis with the 2D scenario at the same seed: in 3D a cell has 26 neighbours instead of 8.',
  },
  'lung-spontaneous-parallel': {
    notice: 'In Cohort, the subgroup follows the cell of origin (Cramér’s V with origin close to 1) and not the archetype.',
    tryThis: 'Open Compare hypotheses: under the divergent ones the subgroup follows the first hit or the niche instead.',
  },
  'lung-immune-divergent': {
    notice: 'In Cohort, the subgroup follows the archetype (V with archetype high), and the niche’s agents crowd the lattice of a teaching run.',
    tryThis: 'Lower immune.selectionStrength and run the cohort again: the link between niche and subgroup weakens.',
  },
};

/** Reading netevo's files in R (ggmuller for the Muller plot, survival for Kaplan–Meier). */
export const R_SNIPPET = `library(readr); library(ggmuller); library(survival)
# One tumour: netevo run SCENARIO --seed 7 --out out/one
clones <- read_csv("out/one/clones.csv")
sizes  <- read_csv("out/one/clone_sizes.csv")       # Identity, Time, Population
g      <- subset(clones, id == genotype_clone & !is.na(parent))   # genotype clones but the root
edges  <- data.frame(Parent = clones$genotype_clone[match(g$parent, clones$id)], Identity = g$id)
Muller_plot(get_Muller_df(edges, sizes))
# A cohort: netevo cohort SCENARIO --patients 1000 --out out/cohort
p  <- subset(read_csv("out/cohort/patients.csv"), diagnosed == 1)
os <- survfit(Surv(ifelse(is.na(death_years), followup_years, death_years), !is.na(death_years)) ~ subgroup, data = p)
plot(os, col = 1:4); survdiff(Surv(ifelse(is.na(death_years), followup_years, death_years), !is.na(death_years)) ~ subgroup, data = p)`;
