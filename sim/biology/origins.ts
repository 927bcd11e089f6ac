/**
 * NE cells of origin, site by site (sites/<site>.ts), with the programs they run
 * (assumptions.ts: ORIGIN_PROGRAM).
 */
import { ORIGIN_PROGRAM } from './assumptions.js';
import { SITE_DEFS, type Site } from './sites/index.js';

export interface OriginDef {
  id: string;
  site: Site;
  label: string;
  /** Anatomical location a real cohort records (the observable proxy for the cell of origin). */
  location: string;
  program: string;
  uncommittedProgram: string;
}
export const ORIGINS: OriginDef[] = SITE_DEFS.flatMap((s) => s.origins.map((o) => ({ ...o, site: s.id, ...ORIGIN_PROGRAM[o.id] })));
export const ORIGIN_INDEX: Record<string, number> = Object.fromEntries(ORIGINS.map((o, i) => [o.id, i]));
export const originsOf = (site: Site) => ORIGINS.filter((o) => o.site === site);
