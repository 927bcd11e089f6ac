/**
 * The tumor microenvironment's cast: immune and stromal agent types and the Combes et al. 2022
 * pan-cancer immune archetypes that recruit them (the ones that matter for NETs). Which programs
 * each agent type favours is an assumption table (assumptions.ts).
 */

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

