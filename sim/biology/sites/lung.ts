/**
 * Lung carcinoids (lungNENomics: Alcala 2019, Gabriel 2020; the review's Table 2). Subgroups A1/LC1
 * (ASCL1, DLL3 high; peripheral), A2/LC3 (SLIT1/ROBO1 low; central), B/LC2 (OTP/TTF1 low; ERBB4,
 * ANGPTL3, UGT/CYP high), supra-carcinoid (LCNEC-like molecular profile).
 */
import { MARKERS, MARKER_INDEX, profile, type Marker } from '../markers.js';
import type { TumorReadout } from '../readout.js';
import type { SiteDef } from './site.js';

function centroid(values: Partial<Record<Marker, number>>): Float64Array {
  const c = new Float64Array(MARKERS.length).fill(NaN);
  for (const [m, v] of Object.entries(values)) c[MARKER_INDEX[m as Marker]] = v!;
  return c;
}

/** Published descriptions of each group (review, Table 2 and text), not the model's programs. */
const CENTROIDS: [string, Float64Array][] = [
  // A1/LC1: ASCL1 and DLL3 high.
  ['A1', centroid({ ASCL1: 1, DLL3: 1, SLIT1: 0.6, ROBO1: 0.6, OTP: 0.8, TTF1: 0.8, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.1 })],
  // A2/LC3: SLIT1 and ROBO1 low.
  ['A2', centroid({ ASCL1: 0.4, DLL3: 0.4, SLIT1: 0.1, ROBO1: 0.1, OTP: 0.8, TTF1: 0.6, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.1 })],
  // B/LC2: OTP and TTF1 low; UGT/CYP, ANGPTL3, ERBB4 high.
  ['B', centroid({ ASCL1: 0.3, DLL3: 0.3, SLIT1: 0.5, ROBO1: 0.5, OTP: 0.1, TTF1: 0.1, ERBB4: 0.9, ANGPTL3: 0.9, UGT_CYP: 0.9, LCNEC_SIG: 0.2 })],
  // Supra-carcinoid: LCNEC-like molecular profile.
  ['supra-carcinoid', centroid({ ASCL1: 0.6, DLL3: 0.6, SLIT1: 0.4, ROBO1: 0.4, OTP: 0.3, TTF1: 0.3, ERBB4: 0.3, ANGPTL3: 0.3, UGT_CYP: 0.2, LCNEC_SIG: 1 })],
];

/** Nearest published centroid of the tumor's mean marker profile (as expression clustering). */
function classify(r: TumorReadout): string {
  let best = '';
  let bestD = Infinity;
  for (const [name, c] of CENTROIDS) {
    let d = 0;
    for (let m = 0; m < c.length; m++) if (!Number.isNaN(c[m])) d += (r.markers[m] - c[m]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

export const LUNG: SiteDef<'lung'> = {
  id: 'lung',
  /**
   * Besides peripheral (bronchiolar NE bodies) and central (bronchial) NE cells, the review names
   * hormone, innervation and location as axes of NE heterogeneity. We chose the *solitary,
   * non-innervated* NE cells scattered in the bronchial epithelium as the third population: it
   * differs from NE bodies in innervation and clustering (not only in location), it is the
   * population the review says may have "different functions compared with the innervated ones",
   * and it gives the B/LC2 group (no DIPNECH-like precursor, no age or location bias of its own in
   * the cohorts) an origin of its own under the parallel hypotheses.
   */
  origins: [
    { id: 'lung_peripheral', label: 'peripheral bronchiolar NE bodies (tumorlets, DIPNECH)', location: 'peripheral' },
    { id: 'lung_central', label: 'central bronchial NE cells', location: 'central' },
    { id: 'lung_solitary', label: 'solitary non-innervated bronchial NE cells', location: 'central' },
  ],
  programs: [
    // Generic airway NE cell: intermediate everything.
    { id: 'lung_NE_generic', site: 'lung', label: 'airway NE, uncommitted', committed: false,
      markers: profile({ ASCL1: 0.5, DLL3: 0.45, SLIT1: 0.55, ROBO1: 0.55, OTP: 0.6, TTF1: 0.55, ERBB4: 0.35, ANGPTL3: 0.3, UGT_CYP: 0.3, LCNEC_SIG: 0.15, TPH1: 0.2, SSTR2: 0.7, MGMT: 0.7, HNF1A: 0.3 }),
      birthFactor: 1, disseminationFactor: 1 },
    // Bronchiolar NE bodies (peripheral): ASCL1/DLL3 high (A1/LC1 profile, review Table 2).
    { id: 'lung_NE_peripheral', site: 'lung', label: 'bronchiolar NE-body program (ASCL1/DLL3 high)', committed: true,
      markers: profile({ ASCL1: 0.9, DLL3: 0.85, SLIT1: 0.6, ROBO1: 0.65, OTP: 0.8, TTF1: 0.85, ERBB4: 0.25, ANGPTL3: 0.2, UGT_CYP: 0.2, LCNEC_SIG: 0.15, SSTR2: 0.85, MGMT: 0.75, HNF1A: 0.1 }),
      birthFactor: 1, disseminationFactor: 1 },
    // Bronchial NE cells (central): SLIT1/ROBO1 low (A2/LC3 profile).
    { id: 'lung_NE_central', site: 'lung', label: 'bronchial NE program (SLIT1/ROBO1 low)', committed: true,
      markers: profile({ ASCL1: 0.45, DLL3: 0.35, SLIT1: 0.1, ROBO1: 0.1, OTP: 0.75, TTF1: 0.6, ERBB4: 0.3, ANGPTL3: 0.25, UGT_CYP: 0.25, LCNEC_SIG: 0.15, SSTR2: 0.8, MGMT: 0.7, HNF1A: 0.15 }),
      birthFactor: 1.2, disseminationFactor: 2 },
    // Solitary NE cells: OTP/TTF1 low, ERBB4, ANGPTL3, UGT/CYP high (B/LC2 profile); more invasive.
    { id: 'lung_NE_solitary', site: 'lung', label: 'solitary NE program (OTP/TTF1 low, ERBB4 high)', committed: true,
      markers: profile({ ASCL1: 0.35, DLL3: 0.3, SLIT1: 0.5, ROBO1: 0.5, OTP: 0.1, TTF1: 0.15, ERBB4: 0.9, ANGPTL3: 0.85, UGT_CYP: 0.9, LCNEC_SIG: 0.2, SSTR2: 0.45, MGMT: 0.6, HNF1A: 0.8 }),
      birthFactor: 1, disseminationFactor: 3 },
    // NEC-like convergence (supra-carcinoid): LCNEC-like profile, PD-L1 up, proliferative.
    { id: 'lung_NEC_like', site: 'lung', label: 'NEC-like program (LCNEC signature)', committed: true,
      markers: profile({ ASCL1: 0.6, DLL3: 0.6, SLIT1: 0.3, ROBO1: 0.3, OTP: 0.25, TTF1: 0.3, ERBB4: 0.2, ANGPTL3: 0.2, UGT_CYP: 0.15, LCNEC_SIG: 0.95, PDL1: 0.7, SSTR2: 0.15, MGMT: 0.5, HNF1A: 0.2 }),
      birthFactor: 2.3, disseminationFactor: 8 },
  ],
  subgroups: ['A1', 'A2', 'B', 'supra-carcinoid'],
  classify,
  /**
   * The Dutch IHC panel for lung carcinoids (Moonen et al. 2022; Derks 2023): ASCL1, OTP and
   * HNF1A, each positive when at least half the counted tumour cells stain. ASCL1+ → A1 (LC1);
   * ASCL1−, OTP+, HNF1A− → A2 (LC3); ASCL1−, OTP−, HNF1A+ → B (LC2); any other pattern is
   * unclassifiable (12 % of that cohort). It cannot see the LCNEC-like profile of supra-carcinoids.
   */
  panel: {
    stains: [{ marker: 'ASCL1' }, { marker: 'OTP' }, { marker: 'HNF1A' }, { marker: 'DLL3' }, { marker: 'SSTR2' }],
    call(s) {
      const pos = (m: string) => s[m] >= 0.5;
      if (pos('ASCL1')) return 'A1';
      if (pos('OTP') && !pos('HNF1A')) return 'A2';
      if (!pos('OTP') && pos('HNF1A')) return 'B';
      return 'unclassifiable';
    },
  },
  grading: 'mitoses',
  defaults: {
    population: { femaleFraction: 0.55, germlineMEN1: 0.05 },
    // Where each population's cells sit and how its proliferation depends on sex and age
    // (processes/tissue.ts): NE bodies are mostly bronchiolar (distal) and their hyperplasia,
    // DIPNECH, is a disease of middle-aged and older women; central bronchial NE hyperplasia is
    // seen next to carcinoids of the young (its cells divide faster the younger the patient:
    // agePerDecade below 1); solitary NE cells line the whole airway tree. The factors are
    // modelling assumptions a fit can move, not the cohorts' shares. The numbers below were set
    // with `netevo check` against reference/lung-subgroups.csv, grading.csv and metastasis.csv
    // (2,000 patients, spontaneous parallel): 48, 50 and 48 of 53 rows inside at seeds 1–3.
    origins: {
      lung_peripheral: { cells: 2.8e6, turnoverPerDay: 0.002, femaleFactor: 3.2, agePerDecade: 1.5, locations: { peripheral: 0.72, central: 0.28 } },
      lung_central: { cells: 2.3e5, turnoverPerDay: 0.002, femaleFactor: 1.5, agePerDecade: 0.45, locations: { peripheral: 0.1, central: 0.9 } },
      // Solitary cells accrue clock-like mutations faster (×1.25): B/LC2 carcinoids carry the most
      // mutations per Mb of the three groups (lungNENomics: median 1.0 against 0.74 and 0.48) at
      // the same age as A1. An assumption a fit moves (×1/2–2).
      lung_solitary: { cells: 4e6, turnoverPerDay: 0.002, femaleFactor: 0.3, agePerDecade: 1.6, clockFactor: 1.25, locations: { peripheral: 0.5, central: 0.5 } },
    },
    archetypes: {
      myeloid_centric_DC1: 0.25, immune_desert_monocyte: 0.25, immune_desert_CD4_macrophage: 0.25,
      immune_rich: 0.125, immune_rich_stromal: 0.125,
    },
    // Driver mutations are rarer than an epigenetic switch (hits.ts), so most carcinoids carry
    // no driver mutation (lungNENomics: MEN1 in 11 and ARID1A in 8 of 102 sequenced). A fit
    // moves each rate.
    hits: {
      MEN1: { ratePerDivision: 1.5e-9 },
      EIF1AX: { ratePerDivision: 1.5e-9 },
      ARID1A: { ratePerDivision: 1e-9 },
      chromothripsis: { ratePerDivision: 1e-9 },
      TP53: { ratePerDivision: 2e-10 },
      RB1: { ratePerDivision: 2e-10 },
      epigenetic: { ratePerDivision: 8e-9 },
    },
    // A shattered genome rarely converges on the NEC-like program by itself (lungNENomics:
    // chromothripsis in 5/44 A1 and 4/29 A2 carcinoids, and in only 2/5 supra-carcinoids); the
    // other route is convergence without a catastrophe (progression.convergencePerDivision).
    chromothripsis: { convergence: 0.03 },
    // Lung carcinoid genomes carry ~0.5–1 mutation per Mb at 45–65 years (lungNENomics), more than
    // 40 clock-like mutations a year give; a fit moves it (×1/4–1.5).
    clockMutationsPerYear: 64,
    // Lung carcinoids metastasize less than ileal and pancreatic NETs (the review: 9 % of typical,
    // 25 % of atypical carcinoids, against 20 % and 50–60 %): fewer cells leave the primary.
    // Supra-carcinoids arise by convergence on the NEC-like program (genotype.ts) at 2e-8 per
    // division of a neoplastic cell × its instability. The Ki-67-positive window (cycleDays) and
    // the lethal burden are this site's, set with the rest.
    progression: { disseminationPerCellDay: 2e-9, convergencePerDivision: 2e-8, cycleDays: 3.8, lethalCells: 1e11 },
  },
};
