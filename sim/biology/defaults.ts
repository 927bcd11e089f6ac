/**
 * Site defaults. A scenario file names a site and a hypothesis and overrides only what it changes;
 * everything else comes from here (one place for the biology's default numbers). The numbers are
 * modelling assumptions chosen to give diagnosis ages and grade mixes of the right order (see the
 * reference tables in shared/reference); they are not fitted values.
 *
 * Scale: the clone engine holds real cell numbers (a tumor is diagnosed at ~1e9 cells, about
 * 1 cm³). Driver rates are *effective* per-division rates of a functional hit (for a tumor
 * suppressor, both alleles), hence far below per-base mutation rates.
 */
import type { Site } from './biology.js';

export const SITE_DEFAULTS: Record<Site, any> = {
  lung: {
    time: { startAgeYears: 15, maxAgeYears: 95, dtDays: 30, followupYears: 15, recordEveryDays: 180 },
    population: { femaleFraction: 0.55, germlineMEN1: 0.05 },
    origins: {
      lung_peripheral: { cells: 2e6, turnoverPerDay: 0.002 },
      lung_central: { cells: 2e6, turnoverPerDay: 0.002 },
      lung_solitary: { cells: 2e6, turnoverPerDay: 0.002 },
    },
    archetypes: {
      myeloid_centric_DC1: 0.25, immune_desert_monocyte: 0.25, immune_desert_CD4_macrophage: 0.25,
      immune_rich: 0.125, immune_rich_stromal: 0.125,
    },
    hits: {
      MEN1: { ratePerDivision: 4e-9 },
      EIF1AX: { ratePerDivision: 4e-9 },
      ARID1A: { ratePerDivision: 4e-9 },
      chromothripsis: { ratePerDivision: 2e-10 },
      TP53: { ratePerDivision: 2e-10 },
      RB1: { ratePerDivision: 2e-10 },
    },
  },
  pancreas: {
    time: { startAgeYears: 15, maxAgeYears: 95, dtDays: 30, followupYears: 15, recordEveryDays: 180 },
    population: { femaleFraction: 0.45, germlineMEN1: 0.05 },
    origins: {
      pancreas_alpha: { cells: 3e6, turnoverPerDay: 0.002 },
      pancreas_beta: { cells: 3e6, turnoverPerDay: 0.002 },
    },
    archetypes: {
      immune_desert_monocyte: 0.4, myeloid_centric_DC1: 0.3, immune_desert_CD4_macrophage: 0.1,
      immune_rich: 0.1, immune_rich_stromal: 0.1,
    },
    hits: {
      MEN1: { ratePerDivision: 6e-9 },
      YY1: { ratePerDivision: 2e-9 },
      DAXX: { ratePerDivision: 4e-8 },
      ATRX: { ratePerDivision: 4e-8 },
      TP53: { ratePerDivision: 2e-10 },
      RB1: { ratePerDivision: 1e-10 },
      KRAS: { ratePerDivision: 2e-10 },
    },
  },
  'small-intestine': {
    time: { startAgeYears: 15, maxAgeYears: 95, dtDays: 30, followupYears: 15, recordEveryDays: 180 },
    population: { femaleFraction: 0.5, germlineMEN1: 0 },
    origins: { si_enterochromaffin: { cells: 6e6, turnoverPerDay: 0.002 } },
    archetypes: {
      immune_desert_monocyte: 0.3, immune_desert_CD4_macrophage: 0.3, myeloid_centric_DC1: 0.2,
      immune_rich: 0.1, immune_rich_stromal: 0.1,
    },
    hits: {
      chr18LOH: { ratePerDivision: 5e-9 },
      CDKN1B: { ratePerDivision: 1e-9 },
      TP53: { ratePerDivision: 1e-10 },
    },
    copyNumber: { ratePerDivision: 3e-9, initiates: true },
  },
};

/** Defaults shared by every site. */
export const COMMON_DEFAULTS = {
  engine: 'clone',
  germlineSecondHitFactor: 100,
  passengersPerDivision: 0.3,
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
  progression: {
    cycleDays: 7.5,
    tempoSdLog: 0,
    diagnosisCells: 1e9,
    disseminationPerCellDay: 2e-10,
    seedingProbability: 0.01,
    metastasisDetectCells: 1e8,
    lethalCells: 1e11,
    resection: true,
    otherCauseMortality: { gompertzA: 2e-5, gompertzB: 0.09 },
  },
  lattice: { width: 128, height: 128, neighbourhood: 'moore', neBodies: 12, neBodyRadius: 2, realCellsPerSite: 1 },
};
