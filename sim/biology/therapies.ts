/**
 * Therapies as data (OncoSimulR's interventions, with NET biology): what a drug reaches in a cell
 * (its target: a marker level of the cell's program, a program, a hit, ALT, the clone's mutation
 * burden) and what it does there while active (a birth factor, an added death rate, a factor on
 * the mutation rate). A scenario's `interventions` name one of these or spell out their own; the
 * effects act on every targeted tumour cell, in the primary and in the metastases, so resistance
 * (SSTR2-low programs, MGMT-proficient clones) and progression under therapy are selected, never
 * written in.
 *
 * The marker levels the targets read are the programs' (sites/*.ts): SSTR2 high in
 * well-differentiated NETs (highest in midgut EC programs; insulinoma-like beta programs often
 * low; the NEC-like lung program low), MGMT low in alpha-like PanNET programs (MGMT deficiency is
 * commonest in pancreatic NETs and predicts response to temozolomide). DLL3 is the lung A1 marker.
 *
 * Effect sizes are modelling assumptions of the right order, set so that each drug's hazard
 * ratio on progression in a virtual trial falls near its trial's (comments; `netevo trial`
 * measures them), not hard-coded outcomes.
 */
import type { Marker } from './markers.js';

/** What a therapy reaches: the weight of a cell (0–1) is the product of the parts given. */
export interface TherapyTarget {
  /** The cell program's level of this marker (receptor density: uptake, binding). */
  marker?: Marker;
  /** One minus the level (a drug that works where the marker is missing: MGMT for temozolomide). */
  markerLow?: Marker;
  /** Only cells of this program. */
  program?: string;
  /** Only cells carrying this hit. */
  hit?: string;
  /** Only ALT-positive cells. */
  alt?: boolean;
  /** Mutations per megabase at which the weight reaches 1 (neoantigens: checkpoint inhibitors). */
  tmbPerMb?: number;
}

/** What a therapy does to a targeted cell of weight w, per day while active. */
export interface TherapyEffects {
  /** Birth rate × (1 − w·(1 − birth)): cytostatic below 1. */
  birth?: number;
  /** Death rate + w·deathPerDay: cytotoxic. */
  deathPerDay?: number;
  /** Mutation rate (hits, copy-number events, passengers) × (1 + w·(mutationRate − 1)). */
  mutationRate?: number;
  /** The niche's killing of the cell (CD8 T cells, as the hypothesis couples them) × (1 +
   *  w·(killFactor − 1)): T cells released by a checkpoint inhibitor. Nothing where no killer is
   *  present or the wiring does not couple the niche to the tumour. */
  killFactor?: number;
  /** The whole niche coupling, support and killing, × (1 + w·(couplingFactor − 1)): a drug
   *  that cuts the tumour off its stroma (below 1) or draws the niche in (above 1). */
  couplingFactor?: number;
}

export interface TherapyDef {
  id: string;
  label: string;
  target: TherapyTarget;
  effects: TherapyEffects;
  /** Length of one course (days); Infinity: until death or the end of follow-up. */
  durationDays: number;
  /** A course starts again this many days after the last one started (0: once). */
  repeatEveryDays: number;
  /** Courses in all. */
  courses: number;
}

const CONTINUOUS = { durationDays: Infinity, repeatEveryDays: 0, courses: 1 };

export const THERAPIES: TherapyDef[] = [
  // Octreotide / lanreotide: cytostatic through SSTR2 (PROMID, CLARINET: PFS HR 0.34–0.47).
  { id: 'ssa', label: 'somatostatin analogue (octreotide, lanreotide)', target: { marker: 'SSTR2' }, effects: { birth: 0.7 }, ...CONTINUOUS },
  // 177Lu-DOTATATE: four cycles 8 weeks apart; radiation kills in proportion to SSTR2 uptake, for
  // weeks after each dose (NETTER-1: PFS HR 0.21 against high-dose octreotide).
  { id: 'prrt', label: '177Lu-DOTATATE PRRT', target: { marker: 'SSTR2' }, effects: { deathPerDay: 0.01 }, durationDays: 28, repeatEveryDays: 56, courses: 4 },
  // mTOR inhibition: cytostatic in every tumour cell, more where the pathway is mutated is not
  // modelled (RADIANT-3/4: PFS HR 0.35, 0.48).
  { id: 'everolimus', label: 'everolimus (mTOR inhibitor)', target: {}, effects: { birth: 0.75 }, ...CONTINUOUS },
  // Antiangiogenic tyrosine-kinase inhibitors (sunitinib: PFS HR 0.42; cabozantinib, CABINET:
  // 0.23–0.38): the tumour's growth slows.
  { id: 'sunitinib', label: 'sunitinib (VEGFR/PDGFR TKI)', target: {}, effects: { birth: 0.78 }, ...CONTINUOUS },
  { id: 'cabozantinib', label: 'cabozantinib (VEGFR/MET/AXL TKI)', target: {}, effects: { birth: 0.7 }, ...CONTINUOUS },
  // Alkylation kills MGMT-deficient cells and mutates the survivors (hypermutation after
  // temozolomide); six monthly courses of five days.
  { id: 'temozolomide', label: 'temozolomide ± capecitabine', target: { markerLow: 'MGMT' }, effects: { deathPerDay: 0.02, mutationRate: 20 }, durationDays: 5, repeatEveryDays: 28, courses: 6 },
  // A DLL3 × CD3 T-cell engager (tarlatamab): T cells kill DLL3-expressing cells.
  { id: 'dll3-engager', label: 'DLL3 T-cell engager', target: { marker: 'DLL3' }, effects: { deathPerDay: 0.01 }, ...CONTINUOUS },
  // PD-1/PD-L1 blockade: T cells kill in proportion to neoantigens (mutation burden); NETs carry
  // few, so little happens (the review: responses rare outside high-TMB tumours).
  { id: 'checkpoint', label: 'checkpoint inhibitor (anti-PD-1)', target: { tmbPerMb: 10 }, effects: { deathPerDay: 0.02 }, ...CONTINUOUS },
  // Belzutifan, a HIF-2α inhibitor, for von Hippel–Lindau disease: it reaches only the cells that
  // lost VHL (HIF-2α is degraded in the others), where it halts the pseudohypoxic program's
  // growth and shrinks the lesion (LITESPARK-004: 91 % of VHL PanNETs responded). Nothing
  // happens in a tumour without the VHL hit: the review notes that its use outside germline VHL
  // disease is unexplored.
  { id: 'belzutifan', label: 'belzutifan (HIF-2α inhibitor; VHL disease)', target: { hit: 'VHL' }, effects: { birth: 0.5, deathPerDay: 0.002 }, ...CONTINUOUS },
];
export const THERAPY_IDS = THERAPIES.map((t) => t.id) as [string, ...string[]];
export const THERAPY_INDEX: Record<string, number> = Object.fromEntries(THERAPIES.map((t, i) => [t.id, i]));
