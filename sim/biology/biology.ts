/**
 * The biology the model carries, as data: sites, NE cells of origin and their transcriptional
 * programs (marker profiles), somatic hits and their default effects, immune/stromal agent types
 * and the microenvironment archetypes that recruit them. Sources: Fernandez-Cuesta et al., J Clin
 * Invest 2025 (the review in shared/seed), and the studies it cites (Alcala 2019 / lungNENomics for
 * lung groups, Scarpa 2017 and Di Domenico 2020 for pancreas, Karpathakis 2016 for small
 * intestine, Combes 2022 for immune archetypes). Numbers here are modelling assumptions, not fits;
 * scenarios override rates, and `netevo fit` (later) calibrates them.
 */

export const SITES = ['lung', 'pancreas', 'small-intestine'] as const;
export type Site = (typeof SITES)[number];

/** Markers read by the classifier, the way an IHC panel or an expression study reads a tumor. */
export const MARKERS = [
  'ASCL1', 'DLL3', 'SLIT1', 'ROBO1', 'OTP', 'TTF1', 'ERBB4', 'ANGPTL3', 'UGT_CYP', 'LCNEC_SIG', 'PDL1',
  'ARX', 'PDX1', 'INS', 'TPH1',
] as const;
export type Marker = (typeof MARKERS)[number];
export const MARKER_INDEX: Record<Marker, number> = Object.fromEntries(MARKERS.map((m, i) => [m, i])) as any;

function profile(values: Partial<Record<Marker, number>>, base = 0.1): Float64Array {
  const p = new Float64Array(MARKERS.length).fill(base);
  for (const [m, v] of Object.entries(values)) p[MARKER_INDEX[m as Marker]] = v!;
  return p;
}

/**
 * Transcriptional programs a NE or tumor cell can run. A program is a marker profile plus a
 * proliferation and dissemination tendency. `uncommitted` programs are NE cells whose trajectory
 * is not yet fixed (the divergent hypotheses start from them).
 */
export interface ProgramDef {
  id: string;
  site: Site;
  label: string;
  committed: boolean;
  markers: Float64Array;
  birthFactor: number;
  disseminationFactor: number;
}

export const PROGRAMS: ProgramDef[] = [
  // Lung. Generic airway NE cell: intermediate everything.
  { id: 'lung_NE_generic', site: 'lung', label: 'airway NE, uncommitted', committed: false,
    markers: profile({ ASCL1: 0.5, DLL3: 0.45, SLIT1: 0.55, ROBO1: 0.55, OTP: 0.6, TTF1: 0.55, ERBB4: 0.35, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.15, TPH1: 0.2 }),
    birthFactor: 1, disseminationFactor: 1 },
  // Bronchiolar NE bodies (peripheral): ASCL1/DLL3 high (A1/LC1 profile, review Table 2).
  { id: 'lung_NE_peripheral', site: 'lung', label: 'bronchiolar NE-body program (ASCL1/DLL3 high)', committed: true,
    markers: profile({ ASCL1: 0.9, DLL3: 0.85, SLIT1: 0.6, ROBO1: 0.65, OTP: 0.8, TTF1: 0.85, ERBB4: 0.25, ANGPTL3: 0.2, UGT_CYP: 0.2, LCNEC_SIG: 0.15 }),
    birthFactor: 1, disseminationFactor: 1 },
  // Bronchial NE cells (central): SLIT1/ROBO1 low (A2/LC3 profile).
  { id: 'lung_NE_central', site: 'lung', label: 'bronchial NE program (SLIT1/ROBO1 low)', committed: true,
    markers: profile({ ASCL1: 0.45, DLL3: 0.35, SLIT1: 0.1, ROBO1: 0.1, OTP: 0.75, TTF1: 0.6, ERBB4: 0.3, ANGPTL3: 0.25, UGT_CYP: 0.25, LCNEC_SIG: 0.15 }),
    birthFactor: 1, disseminationFactor: 1 },
  // Solitary NE cells: OTP/TTF1 low, ERBB4, ANGPTL3, UGT/CYP high (B/LC2 profile); more invasive.
  { id: 'lung_NE_solitary', site: 'lung', label: 'solitary NE program (OTP/TTF1 low, ERBB4 high)', committed: true,
    markers: profile({ ASCL1: 0.35, DLL3: 0.3, SLIT1: 0.5, ROBO1: 0.5, OTP: 0.1, TTF1: 0.15, ERBB4: 0.9, ANGPTL3: 0.85, UGT_CYP: 0.9, LCNEC_SIG: 0.2 }),
    birthFactor: 1, disseminationFactor: 3 },
  // NEC-like convergence (supra-carcinoid): LCNEC-like profile, PD-L1 up, proliferative.
  { id: 'lung_NEC_like', site: 'lung', label: 'NEC-like program (LCNEC signature)', committed: true,
    markers: profile({ ASCL1: 0.6, DLL3: 0.6, SLIT1: 0.3, ROBO1: 0.3, OTP: 0.25, TTF1: 0.3, ERBB4: 0.2, ANGPTL3: 0.2, UGT_CYP: 0.15, LCNEC_SIG: 0.95, PDL1: 0.7 }),
    birthFactor: 1.6, disseminationFactor: 8 },
  // Pancreas: islet endocrine cells.
  { id: 'pancreas_islet_generic', site: 'pancreas', label: 'islet endocrine, uncommitted', committed: false,
    markers: profile({ ARX: 0.45, PDX1: 0.45, INS: 0.3 }), birthFactor: 1, disseminationFactor: 1 },
  { id: 'pancreas_alpha', site: 'pancreas', label: 'alpha-cell program (ARX)', committed: true,
    markers: profile({ ARX: 0.9, PDX1: 0.15, INS: 0.05 }), birthFactor: 1, disseminationFactor: 1.5 },
  { id: 'pancreas_beta', site: 'pancreas', label: 'beta-cell program (PDX1, insulin)', committed: true,
    markers: profile({ ARX: 0.1, PDX1: 0.9, INS: 0.9 }), birthFactor: 1, disseminationFactor: 0.5 },
  // Small intestine: enterochromaffin (serotonin, TPH1).
  { id: 'si_EC_generic', site: 'small-intestine', label: 'enterochromaffin, uncommitted', committed: false,
    markers: profile({ TPH1: 0.8 }), birthFactor: 1, disseminationFactor: 1 },
  { id: 'si_EC', site: 'small-intestine', label: 'enterochromaffin program (TPH1, serotonin)', committed: true,
    markers: profile({ TPH1: 0.95 }), birthFactor: 1, disseminationFactor: 1 },
];
export const PROGRAM_INDEX: Record<string, number> = Object.fromEntries(PROGRAMS.map((p, i) => [p.id, i]));

/**
 * Cells of origin. Lung: besides peripheral (bronchiolar NE bodies) and central (bronchial) NE
 * cells, the review names hormone, innervation and location as axes of NE heterogeneity. We chose
 * the *solitary, non-innervated* NE cells scattered in the bronchial epithelium as the third
 * population: it differs from NE bodies in innervation and clustering (not only in location), it is
 * the population the review says may have "different functions compared with the innervated
 * ones", and it gives the B/LC2 group (no DIPNECH-like precursor, no age or location bias of its
 * own in the cohorts) an origin of its own under the parallel hypotheses.
 */
export interface OriginDef {
  id: string;
  site: Site;
  label: string;
  /** Anatomical location a real cohort records (the observable proxy for the cell of origin). */
  location: string;
  program: string;
  uncommittedProgram: string;
}
export const ORIGINS: OriginDef[] = [
  { id: 'lung_peripheral', site: 'lung', label: 'peripheral bronchiolar NE bodies (tumorlets, DIPNECH)', location: 'peripheral', program: 'lung_NE_peripheral', uncommittedProgram: 'lung_NE_generic' },
  { id: 'lung_central', site: 'lung', label: 'central bronchial NE cells', location: 'central', program: 'lung_NE_central', uncommittedProgram: 'lung_NE_generic' },
  { id: 'lung_solitary', site: 'lung', label: 'solitary non-innervated bronchial NE cells', location: 'central', program: 'lung_NE_solitary', uncommittedProgram: 'lung_NE_generic' },
  { id: 'pancreas_alpha', site: 'pancreas', label: 'islet alpha cells (ARX)', location: 'pancreas', program: 'pancreas_alpha', uncommittedProgram: 'pancreas_islet_generic' },
  { id: 'pancreas_beta', site: 'pancreas', label: 'islet beta cells (PDX1)', location: 'pancreas', program: 'pancreas_beta', uncommittedProgram: 'pancreas_islet_generic' },
  { id: 'si_enterochromaffin', site: 'small-intestine', label: 'ileal enterochromaffin cells', location: 'ileum', program: 'si_EC', uncommittedProgram: 'si_EC_generic' },
];
export const ORIGIN_INDEX: Record<string, number> = Object.fromEntries(ORIGINS.map((o, i) => [o.id, i]));
export const originsOf = (site: Site) => ORIGINS.filter((o) => o.site === site);

/** Somatic hits. Effects multiply the clone's birth/death rates; `reprograms` is used only when
 *  the somatic-divergent wiring is on; `converges` applies under every hypothesis (a genomic
 *  catastrophe, not a wiring). */
export interface HitDef {
  id: string;
  label: string;
  birth: number;
  death: number;
  dissemination: number;
  /** Multiplier on the copy-number event rate (genomic instability). */
  instability: number;
  /** Alternative lengthening of telomeres follows the hit. */
  alt: boolean;
  /** Initiating hits act on one growth pathway, so their birth effects saturate (below
   *  `fitness.initiatingCap`); progression hits multiply on top. */
  initiating?: boolean;
  reprograms?: Partial<Record<Site, string>>;
  converges?: Partial<Record<Site, string>>;
}
export const HITS: HitDef[] = [
  { id: 'MEN1', initiating: true, label: 'MEN1 inactivation (menin; CDKN1B/CDKN2C de-repression)', birth: 2.2, death: 1, dissemination: 1.5, instability: 1, alt: false,
    reprograms: { lung: 'lung_NE_solitary', pancreas: 'pancreas_alpha' } },
  { id: 'DAXX', label: 'DAXX loss (ALT)', birth: 1.25, death: 1, dissemination: 4, instability: 20, alt: true },
  { id: 'ATRX', label: 'ATRX loss (ALT)', birth: 1.25, death: 1, dissemination: 4, instability: 20, alt: true },
  { id: 'EIF1AX', initiating: true, label: 'EIF1AX mutation', birth: 2.0, death: 1, dissemination: 1, instability: 1, alt: false,
    reprograms: { lung: 'lung_NE_peripheral' } },
  { id: 'ARID1A', initiating: true, label: 'ARID1A inactivation (SWI/SNF chromatin remodelling)', birth: 2.0, death: 1, dissemination: 1, instability: 1.5, alt: false,
    reprograms: { lung: 'lung_NE_central' } },
  { id: 'YY1', initiating: true, label: 'YY1 T372R (insulinoma)', birth: 2.2, death: 1, dissemination: 0.5, instability: 1, alt: false,
    reprograms: { pancreas: 'pancreas_beta' } },
  { id: 'CDKN1B', initiating: true, label: 'CDKN1B frameshift (p27 loss)', birth: 1.6, death: 1, dissemination: 1, instability: 1, alt: false },
  { id: 'chr18LOH', initiating: true, label: 'loss of heterozygosity of chromosome 18', birth: 2.0, death: 1, dissemination: 0.7, instability: 1, alt: false },
  { id: 'chromothripsis', label: 'chromothripsis of chr 3, 11 or 12 with CCND1 or CCND2/CDK4/MDM2 amplification', birth: 2.5, death: 1, dissemination: 3, instability: 3, alt: false,
    converges: { lung: 'lung_NEC_like' } },
  { id: 'TP53', label: 'TP53 inactivation', birth: 1.4, death: 0.7, dissemination: 2, instability: 5, alt: false },
  { id: 'RB1', label: 'RB1 loss', birth: 1.8, death: 1, dissemination: 2, instability: 2, alt: false },
  { id: 'KRAS', label: 'KRAS activation', birth: 1.5, death: 1, dissemination: 2, instability: 1, alt: false },
];
export const HIT_IDS = HITS.map((h) => h.id);
export const HIT_INDEX: Record<string, number> = Object.fromEntries(HITS.map((h, i) => [h.id, i]));

/** Chromothripsis variants: the shattered chromosome and the amplicon it leaves. */
export const CHROMOTHRIPSIS_VARIANTS = [
  { chr: 3, amplicon: 'CCND1' }, { chr: 3, amplicon: 'CCND2/CDK4/MDM2' },
  { chr: 11, amplicon: 'CCND1' }, { chr: 11, amplicon: 'CCND2/CDK4/MDM2' },
  { chr: 12, amplicon: 'CCND1' }, { chr: 12, amplicon: 'CCND2/CDK4/MDM2' },
];

/** Immune and stromal agent types. Generic effects: `kill` (cytotoxicity), `support` (growth
 *  factors, matrix remodelling), `tolerance` (dampens killing: Treg, tolerogenic cDC1). */
export interface AgentTypeDef {
  id: string;
  label: string;
  residenceDays: number;
  kill: number;
  support: number;
  tolerance: number;
}
export const AGENT_TYPES: AgentTypeDef[] = [
  { id: 'CD8_T', label: 'CD8 T cell', residenceDays: 10, kill: 1, support: 0, tolerance: 0 },
  { id: 'CD4_T', label: 'CD4 T cell', residenceDays: 12, kill: 0.2, support: 0.15, tolerance: 0 },
  { id: 'Treg', label: 'regulatory T cell', residenceDays: 15, kill: 0, support: 0.1, tolerance: 0.6 },
  { id: 'macrophage', label: 'macrophage', residenceDays: 30, kill: 0.05, support: 0.5, tolerance: 0.2 },
  { id: 'monocyte', label: 'monocyte / immature myeloid', residenceDays: 5, kill: 0, support: 0.4, tolerance: 0.1 },
  { id: 'cDC1', label: 'type 1 conventional dendritic cell', residenceDays: 8, kill: 0, support: 0.25, tolerance: 0.5 },
  { id: 'neutrophil', label: 'neutrophil', residenceDays: 2, kill: 0.1, support: 0.35, tolerance: 0 },
  { id: 'CAF', label: 'cancer-associated fibroblast', residenceDays: 90, kill: 0, support: 0.6, tolerance: 0.1 },
];
export const AGENT_INDEX: Record<string, number> = Object.fromEntries(AGENT_TYPES.map((a, i) => [a.id, i]));

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
};

/** Combes et al. 2022 archetypes relevant to NETs: recruitment per day of each agent type. */
export interface ArchetypeDef {
  id: string;
  label: string;
  recruitPerDay: Partial<Record<string, number>>;
}
export const ARCHETYPES: ArchetypeDef[] = [
  { id: 'immune_desert_monocyte', label: 'immune-desert monocyte (CAF-rich, mid-stage wound healing)',
    recruitPerDay: { CAF: 0.5, monocyte: 6, neutrophil: 12, macrophage: 0.5, CD8_T: 0.2, CD4_T: 0.3 } },
  { id: 'immune_desert_CD4_macrophage', label: 'immune-desert CD4/macrophage',
    recruitPerDay: { CD4_T: 4, macrophage: 1.2, CD8_T: 0.2, Treg: 0.3, monocyte: 1 } },
  { id: 'myeloid_centric_DC1', label: 'myeloid-centric DC1 (tolerogenic cDC1, Treg-macrophage crosstalk)',
    recruitPerDay: { cDC1: 5, Treg: 3, macrophage: 0.6, neutrophil: 4, CD8_T: 0.3 } },
  { id: 'immune_rich', label: 'immune-rich (T-cell inflamed)',
    recruitPerDay: { CD8_T: 8, CD4_T: 3, macrophage: 0.6, cDC1: 0.5, Treg: 0.5 } },
  { id: 'immune_rich_stromal', label: 'immune-rich stromal',
    recruitPerDay: { CD8_T: 5, CD4_T: 1.5, macrophage: 1.2, CAF: 0.2, Treg: 0.4 } },
];
export const ARCHETYPE_INDEX: Record<string, number> = Object.fromEntries(ARCHETYPES.map((a, i) => [a.id, i]));

/** Subgroups the classifier can call, per site. */
export const SUBGROUPS: Record<Site, string[]> = {
  lung: ['A1', 'A2', 'B', 'supra-carcinoid'],
  pancreas: ['alpha-like', 'intermediate', 'beta-like'],
  'small-intestine': ['18LOH', 'no-CNV', 'multi-CNV'],
};
