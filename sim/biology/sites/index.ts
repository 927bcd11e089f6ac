/** The sites of origin netevo models, one file each. */
import { LUNG } from './lung.js';
import { PANCREAS } from './pancreas.js';
import { SMALL_INTESTINE } from './small-intestine.js';
import type { SiteDef } from './site.js';

export const SITES = ['lung', 'pancreas', 'small-intestine'] as const;
export type Site = (typeof SITES)[number];

/** In SITES order (programs and origins are indexed site by site in this order). */
export const SITE_DEFS: SiteDef<Site>[] = [LUNG, PANCREAS, SMALL_INTESTINE];
export const SITE_DEF = Object.fromEntries(SITE_DEFS.map((s) => [s.id, s])) as Record<Site, SiteDef<Site>>;

/** Subgroups the classifier can call, per site. */
export const SUBGROUPS = Object.fromEntries(SITE_DEFS.map((s) => [s.id, s.subgroups])) as Record<Site, string[]>;

export type { SiteDef, SiteDefaults, SiteOrigin } from './site.js';
