/**
 * Small-intestine (ileal) NETs (Karpathakis 2016, the review): one cell of origin, the
 * enterochromaffin cell; groups 18LOH (CDKN1B mutations live here; longest progression-free
 * survival), no-CNV and multi-CNV (gains of chr 4, 5, 20). With one origin the parallel
 * hypotheses cannot separate the groups by origin: a prediction, not an omission.
 */
import { profile } from '../markers.js';
import { HIT_INDEX } from '../hits.js';
import type { TumorReadout } from '../readout.js';
import type { SiteDef } from './site.js';

/** Karpathakis 2016: chr18 LOH group, then multiple copy-number gains, else no CNV. */
function classify(r: TumorReadout): string {
  if (r.hitFraction[HIT_INDEX.chr18LOH] >= 0.5) return '18LOH';
  return r.multiCnvFraction >= 0.5 ? 'multi-CNV' : 'no-CNV';
}

export const SMALL_INTESTINE: SiteDef<'small-intestine'> = {
  id: 'small-intestine',
  origins: [{ id: 'si_enterochromaffin', label: 'ileal enterochromaffin cells', location: 'ileum' }],
  programs: [
    // Enterochromaffin (serotonin, TPH1).
    { id: 'si_EC_generic', site: 'small-intestine', label: 'enterochromaffin, uncommitted', committed: false,
      markers: profile({ TPH1: 0.8 }), birthFactor: 1, disseminationFactor: 1 },
    { id: 'si_EC', site: 'small-intestine', label: 'enterochromaffin program (TPH1, serotonin)', committed: true,
      markers: profile({ TPH1: 0.95 }), birthFactor: 1, disseminationFactor: 1 },
  ],
  subgroups: ['18LOH', 'no-CNV', 'multi-CNV'],
  classify,
  defaults: {
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
