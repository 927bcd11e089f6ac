/**
 * Pancreatic NETs (Scarpa 2017, Di Domenico 2020, the review): alpha cells (ARX) give alpha-like
 * tumors (MEN1, indolent) that can progress to intermediate tumors (MEN1 plus DAXX or ATRX, ALT,
 * genomic instability, high relapse risk); beta cells (PDX1) give insulinomas (YY1).
 */
import { MARKER_INDEX, profile } from '../markers.js';
import type { TumorReadout } from '../readout.js';
import type { SiteDef } from './site.js';

/** H3K27ac / methylation classes: beta-like (PDX1) vs alpha-like (ARX); alpha-like tumors with ALT
 *  or genomic instability are the "intermediate" class (Di Domenico 2020). */
function classify(r: TumorReadout): string {
  if (r.markers[MARKER_INDEX.PDX1] > r.markers[MARKER_INDEX.ARX]) return 'beta-like';
  return r.altFraction >= 0.5 || r.multiCnvFraction >= 0.5 ? 'intermediate' : 'alpha-like';
}

export const PANCREAS: SiteDef<'pancreas'> = {
  id: 'pancreas',
  origins: [
    { id: 'pancreas_alpha', label: 'islet alpha cells (ARX)', location: 'pancreas' },
    { id: 'pancreas_beta', label: 'islet beta cells (PDX1)', location: 'pancreas' },
  ],
  programs: [
    { id: 'pancreas_islet_generic', site: 'pancreas', label: 'islet endocrine, uncommitted', committed: false,
      markers: profile({ ARX: 0.45, PDX1: 0.45, INS: 0.3, SSTR2: 0.7, MGMT: 0.6 }), birthFactor: 1, disseminationFactor: 1 },
    { id: 'pancreas_alpha', site: 'pancreas', label: 'alpha-cell program (ARX)', committed: true,
      markers: profile({ ARX: 0.9, PDX1: 0.15, INS: 0.05, SSTR2: 0.85, MGMT: 0.3 }), birthFactor: 1, disseminationFactor: 1.5 },
    { id: 'pancreas_beta', site: 'pancreas', label: 'beta-cell program (PDX1, insulin)', committed: true,
      markers: profile({ ARX: 0.1, PDX1: 0.9, INS: 0.9, SSTR2: 0.35, MGMT: 0.8 }), birthFactor: 1, disseminationFactor: 0.5 },
  ],
  subgroups: ['alpha-like', 'intermediate', 'beta-like'],
  classify,
  /**
   * The IHC surrogate of the PanNET groups (Hackeng 2022 and the Dutch cohorts): ALT by FISH and
   * DAXX/ATRX nuclear loss mark the intermediate (ADM-like) tumours; otherwise ARX+ PDX1− is
   * alpha-like and PDX1+ ARX− beta-like; both or neither positive is unclassifiable. A stain is
   * positive when at least half the counted cells stain (DAXX/ATRX: lose it; ALT: show the foci).
   */
  panel: {
    stains: [{ marker: 'ARX' }, { marker: 'PDX1' }, { lost: ['DAXX', 'ATRX'], name: 'DAXX_ATRX_loss' }, { alt: true, name: 'ALT_FISH' }, { marker: 'SSTR2' }, { marker: 'MGMT' }],
    call(s) {
      const pos = (m: string) => s[m] >= 0.5;
      if (pos('ALT_FISH') || pos('DAXX_ATRX_loss')) return 'intermediate';
      if (pos('ARX') && !pos('PDX1')) return 'alpha-like';
      if (pos('PDX1') && !pos('ARX')) return 'beta-like';
      return 'unclassifiable';
    },
  },
  grading: 'ki67',
  defaults: {
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
      MEN1: { ratePerDivision: 3e-9 },
      YY1: { ratePerDivision: 2e-9 },
      // MEN1 then DAXX or ATRX (Scarpa 2017; Chan 2018): menin loss makes the chromatin of alpha-like
      // cells permissive to losing DAXX/ATRX, which then brings ALT and instability (Hackeng 2022:
      // ALT in 29 % of primaries, relapse risk). The rate is higher on the MEN1 background.
      DAXX: { ratePerDivision: '1e-8 * (1 + 50 * MEN1)', birth: 1.6 },
      ATRX: { ratePerDivision: '1e-8 * (1 + 50 * MEN1)', birth: 1.6 },
      // ALT once DAXX or ATRX is lost (hits.ts): per division of a cell that lost either.
      ALT: { ratePerDivision: 'max(DAXX, ATRX) * 3e-4' },
      mTOR_pathway: { ratePerDivision: 2e-8 },
      TP53: { ratePerDivision: 2e-10 },
      RB1: { ratePerDivision: 1e-10 },
      KRAS: { ratePerDivision: 2e-10 },
    },
    // Most relapse risk is the ALT state's (hits.ts: ALT disseminates ×100), so the other tumour
    // cells leave the primary less often than at the other sites: measured with `netevo check`
    // (2,000 patients, seed 1) on the calibrated pancreas of the fit before ALT was a state of its
    // own: metastasis ever in G1/G2 12.5/50 % (review: ~20 and 50–60 %), ALT in 64 % of the
    // metastases found (Hackeng 2022: 71 %) and 27 % of primaries (29 %).
    progression: { disseminationPerCellDay: 4e-9 },
  },
};
