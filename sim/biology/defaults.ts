/**
 * Defaults. A scenario file names a site and a hypothesis and overrides only what it changes;
 * everything else comes from here (one place for the biology's default numbers). The numbers are
 * modelling assumptions chosen to give diagnosis ages and grade mixes of the right order (see the
 * reference tables in shared/reference); they are not fitted values.
 *
 * Scale: the clone engine holds real cell numbers (a tumor is diagnosed at ~1e9 cells, about
 * 1 cm³). Driver rates are *effective* per-division rates of a functional hit (for a tumor
 * suppressor, both alleles), hence far below per-base mutation rates.
 */
import { SITE_DEFS, type Site, type SiteDefaults } from './sites/index.js';
import { NET_PASSENGER_RESOLUTION_CELLS } from '../core/passengers.js';

/** Each site's defaults (sites/<site>.ts), by site. */
export const SITE_DEFAULTS = Object.fromEntries(SITE_DEFS.map((s) => [s.id, s.defaults])) as Record<Site, SiteDefaults>;

/** Defaults shared by every site. */
export const COMMON_DEFAULTS = {
  time: { startAgeYears: 15, maxAgeYears: 95, dtDays: 30, followupYears: 15, recordEveryDays: 365.25, maxStepDays: 730.5 },
  engine: 'clone',
  // Von Hippel–Lindau carriers (hits.ts: VHL): none unless a scenario of the syndrome says so.
  population: { germlineVHL: 0 },
  germlineSecondHitFactor: 100,
  passengersPerDivision: 0.3,
  // Clock-like mutations (signatures SBS1 and SBS5) accrue with age in every cell, dividing or
  // not, at a similar rate across adult tissues: ~40 base substitutions per genome per year in
  // adult stem cells of colon, small intestine and liver (Blokzijl et al., Nature 2016;
  // Alexandrov et al., Nat Genet 2015). They make most of a carcinoid's mutations, so its TMB
  // grows with the age at which its founding cell lived.
  clockMutationsPerYear: 40,
  // Passengers get identities until a lesion holds this many cells (see core/passengers.ts).
  passengerResolutionCells: NET_PASSENGER_RESOLUTION_CELLS,
  copyNumber: { ratePerDivision: '1e-9 * instability', birth: 1.25, initiates: false },
  fitness: {
    initiatingCap: 2.5,
    birthPerDay: 'turnover * hit_birth * program_birth * cna_birth',
    deathPerDay: 'turnover * hit_death',
  },
  immune: {
    halfSaturation: 20,
    recruitmentPerLog10Cells: 0.25,
    supportGain: 0.3,
    killPerDay: 0.0012,
    initiationHalf: 0.6,
    selectionStrength: 0.9,
    plasticityPerDivision: 1e-6,
  },
  // Chromothripsis leaves an amplicon and a proliferation jump; whether the shattered cell also
  // converges on the NEC-like program is a draw (lungNENomics: 5/44 A1 and 4/29 A2 carcinoids carry
  // shattered regions, and only 2/5 supra-carcinoids), likelier with TP53 or RB1 lost.
  chromothripsis: { convergence: 0.2, convergenceWithTP53orRB1: 0.8 },
  // Ki-67 as read at diagnosis: the hottest of `fields` high-power fields, `hotspotCells` tumor
  // cells counted there; fields differ in proliferation by e^(σz) (intratumoral heterogeneity).
  // The IHC panel (net/pathology.ts): `ihcCells` tumour cells scored per stain, and the stain's
  // run-to-run variability (fixation, antibody lot, reading) as a normal error of sd `ihcNoise`
  // on the share of cells that stain.
  // Mitoses (net/pathology.ts): counted over 2 mm² of the hot spot, `mitosisFieldCells` tumour
  // nuclei there, M phase `mitosisHours` long.
  pathology: { hotspotCells: 500, fields: 10, fieldSdLog: 0.3, ihcCells: 200, ihcNoise: 0.1, mitosisFieldCells: 5000, mitosisHours: 1 },
  // Surveillance by liquid biopsy after diagnosis (net/processes/liquid-biopsy.ts): a 10 mL draw
  // (1/500 of the plasma) every `everyDays`; cell-free DNA clears with a half-life of ~2 h, normal
  // cfDNA gives ~10,000 genome equivalents a draw; a tumour-informed assay tracks 16 clonal
  // variants, captures half the molecules, and calls the sample positive at 2 mutant reads.
  liquidBiopsy: { everyDays: 180, variants: 16, minReads: 2, captureEfficiency: 0.5, normalGenomeEquivalents: 10000, sampledFraction: 0.002, halfLifeHours: 2 },
  progression: {
    cycleDays: 4.8,
    tempoSdLog: 0.8,
    diagnosisCells: 1e9,
    disseminationPerCellDay: 2e-8,
    seedingProbability: 0.1,
    // Metastatic inefficiency (Luzzi 1998; Chambers 2002): established seeds are mostly in the
    // draining nodes; a distant colony is rare, and every distant one that takes grows on.
    regionalFraction: 0.99,
    nodalDetectCells: 1e5,
    metastasisDetectCells: 1e8,
    lethalCells: 1e12,
    // Convergence on the site's high-grade program without a catastrophe (processes/genotype.ts):
    // per division of a neoplastic cell, × the clone's genomic instability. 0 where a site does
    // not set it.
    convergencePerDivision: 0,
    resection: true,
    // Death from other causes: a Gompertz hazard A·e^(B·age), × maleFactor in men (men's
    // all-cause mortality is ~1.6–1.8 times women's at 50–80 in life tables).
    otherCauseMortality: { gompertzA: 1.3e-5, gompertzB: 0.09, maleFactor: 1.7 },
  },
  lattice: { width: 128, height: 128, neighbourhood: 'moore', neBodies: 12, neBodyRadius: 2, realCellsPerSite: 1 },
};
