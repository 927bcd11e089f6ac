/**
 * Small-intestine (ileal) NETs (Karpathakis 2016, the review): one cell of origin, the
 * enterochromaffin cell; groups 18LOH (CDKN1B mutations live here; longest progression-free
 * survival), no-CNV and multi-CNV (gains of chr 4, 5, 20). With one origin the parallel
 * hypotheses cannot separate the groups by origin: a prediction, not an omission.
 *
 * What the hypotheses predict here (they differ through the programs, since origin cannot):
 * - parallel (spontaneous or immune): every EC cell runs the one EC program, so a chr18-lost tumor
 *   stays as unstable as any other and CNV gains pile up in 18LOH tumors as elsewhere (18LOH and
 *   multi-CNV overlap; 18LOH tumors relapse like the others);
 * - spontaneous divergent: chr18 loss moves an uncommitted EC cell onto a chromosomally quiet,
 *   indolent program (assumptions.ts), so 18LOH tumors carry few other copy-number events and
 *   seed fewer metastases (the 18LOH group's longer progression-free survival, Karpathakis 2016);
 * - immune divergent: plastic cells are sorted between the two committed EC programs by the niche
 *   (assumptions.ts affinities), so the quiet program's share follows the archetype, not chr18.
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
      markers: profile({ TPH1: 0.8, SSTR2: 0.85, MGMT: 0.8 }), birthFactor: 1, disseminationFactor: 1 },
    { id: 'si_EC', site: 'small-intestine', label: 'enterochromaffin program (TPH1, serotonin)', committed: true,
      markers: profile({ TPH1: 0.95, SSTR2: 0.9, MGMT: 0.8 }), birthFactor: 1, disseminationFactor: 1 },
    // Chromosomally quiet, indolent EC program (copy-number events ×0.1, fewer metastases).
    { id: 'si_EC_quiet', site: 'small-intestine', label: 'quiet enterochromaffin program (few CNVs, indolent)', committed: true,
      markers: profile({ TPH1: 0.9, SSTR2: 0.9, MGMT: 0.85 }), birthFactor: 1, disseminationFactor: 0.5, instabilityFactor: 0.1 },
  ],
  subgroups: ['18LOH', 'no-CNV', 'multi-CNV'],
  classify,
  grading: 'ki67',
  defaults: {
    population: { femaleFraction: 0.5, germlineMEN1: 0 },
    origins: { si_enterochromaffin: { cells: 6e6, turnoverPerDay: 0.002 } },
    archetypes: {
      immune_desert_monocyte: 0.3, immune_desert_CD4_macrophage: 0.3, myeloid_centric_DC1: 0.2,
      immune_rich: 0.1, immune_rich_stromal: 0.1,
    },
    hits: {
      // CDKN1B frameshifts are found within the 18LOH group (Karpathakis 2016; the review): a
      // p27-deficient clone that loses chr18 is strongly selected, so on that background the
      // effective rate of an established chr18 loss is far higher and the two travel together.
      chr18LOH: { ratePerDivision: '5e-9 * (1 + 20000 * CDKN1B)' },
      CDKN1B: { ratePerDivision: 1e-9 },
      TP53: { ratePerDivision: 1e-10 },
    },
    // Arm-level gains (chr 4, 5, 20) beget more: each event raises the next one's rate
    // (chromosomal instability feeds forward), so multi-CNV tumors arise from a first gain.
    copyNumber: { ratePerDivision: '4e-9 * instability * (1 + 3000 * cna)', birth: 1.6, initiates: true },
    progression: { disseminationPerCellDay: 2e-8 },
  },
};
