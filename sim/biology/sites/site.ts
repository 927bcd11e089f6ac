/** What a site of origin brings: its NE cells of origin, the programs they and their tumors can
 *  run, the subgroups real cohorts report, how a pathologist calls them, and default numbers. */
import type { ProgramDef } from '../programs.js';
import type { Marker } from '../markers.js';
import type { TumorReadout } from '../readout.js';

/** A stain of an IHC panel: a marker's expression, a hit's nuclear loss (DAXX, ATRX), ALT by FISH. */
export type PanelStain = { marker: Marker } | { lost: readonly string[]; name: string } | { alt: true; name: string };

export interface SiteOrigin {
  id: string;
  label: string;
  /** Anatomical location a real cohort records (the observable proxy for the cell of origin). */
  location: string;
}

export interface SiteDef<Id extends string = string> {
  id: Id;
  origins: SiteOrigin[];
  programs: (Omit<ProgramDef, 'site'> & { site: Id })[];
  /** Subgroups the classifier can call. */
  subgroups: string[];
  /** The subgroup of a tumor from its readout only (never the hypothesis, origin or niche). */
  classify(r: TumorReadout): string;
  /** An IHC panel a pathologist can run instead of expression profiling (net/pathology.ts): the
   *  stains it reads and its call from their scores (fraction of positive cells, 0–1), or
   *  "unclassifiable". Absent where no such panel is published. */
  panel?: { stains: readonly PanelStain[]; call(scores: Record<string, number>): string };
  /** What the WHO grade reads at this site: the Ki-67 index (digestive NETs) or the mitotic count
   *  per 2 mm² (lung carcinoids: typical and atypical). */
  grading: 'ki67' | 'mitoses';
  /** Defaults a scenario of this site overrides (the scenario file's shape; the scenario schema
   *  checks them when a scenario is resolved). */
  defaults: SiteDefaults;
}

/** A NE population's defaults: pool size, homeostatic turnover, how its proliferation depends on
 *  sex and age (× femaleFactor in women, × agePerDecade per decade of age from 50: hyperplasia),
 *  and where in the organ its cells sit (weights per location a cohort records). */
export interface OriginDefaults {
  cells: number;
  turnoverPerDay: number;
  femaleFactor?: number;
  agePerDecade?: number;
  /** Clock-like mutations per year in this population's cells, × the scenario's rate (default 1). */
  clockFactor?: number;
  locations?: Record<string, number>;
}

/** The parts of a site's defaults the fit's priors read (numbers, so that a prior can scale
 *  them; a scenario may still give expressions); the rest as in a scenario file. */
export interface SiteDefaults {
  origins: Record<string, OriginDefaults>;
  /** A number a prior can scale, or an expression (conditional rates; priors leave those alone). */
  hits: Record<string, { ratePerDivision: number | string; birth?: number; death?: number; dissemination?: number }>;
  [section: string]: unknown;
}
