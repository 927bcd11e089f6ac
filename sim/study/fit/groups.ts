/**
 * The `group` column of a target table, as a grammar:
 *
 *   group  := [<site> " "] <core> [" (" <label> ")"]
 *   <site> := lung | pancreas | small-intestine
 *   <core> := a subgroup of the site | G1 | G2 | G3 | all          (after a site)
 *           | a subgroup of the scenario's site | G1 | G2 | G3
 *             | Ki67<3% | Ki67 3-20% | Ki67>20% | all | primary | metastasis | microadenoma
 *                                                                (without a site)
 *
 * The label is a reader's gloss ("lung G1 (typical carcinoid)"), kept but not interpreted. A group
 * of another site than the scenario's parses (the table is not wrong) and is reported as such.
 */
import { SITES, SUBGROUPS, type Site } from '../../biology/biology.js';

export const GRADES = ['G1', 'G2', 'G3'] as const;
export type Grade = (typeof GRADES)[number];

/** Ki-67 bands as grading.csv names them: the index at diagnosis (percent) in the WHO digestive
 *  bands (< 3, 3–20, > 20). They read the index itself, not the grade: lung carcinoids are graded
 *  by mitoses (net/classifier.ts). */
export const KI67_BANDS: Record<string, (ki67: number) => boolean> = {
  'Ki67<3%': (x) => x < 3,
  'Ki67 3-20%': (x) => x >= 3 && x <= 20,
  'Ki67>20%': (x) => x > 20,
};
const SAMPLE_GROUPS = ['all', 'primary', 'metastasis', 'microadenoma'] as const;

export interface Group {
  text: string;
  /** The site the group names; null when it names none (the scenario's site is meant). */
  site: Site | null;
  kind: 'subgroup' | 'grade' | 'ki67' | 'sample';
  /** The subgroup, the grade (G1–G3), the Ki-67 band (a key of KI67_BANDS) or the sample group. */
  id: string;
  label: string | null;
}

/** Groups a table may name without a site prefix, for a scenario at `site`. */
export function knownGroups(site: Site): string[] {
  return [...SUBGROUPS[site], ...GRADES, ...Object.keys(KI67_BANDS), ...SAMPLE_GROUPS];
}

/** What may follow a site prefix. */
const afterSite = (s: Site): string[] => [...SUBGROUPS[s], ...GRADES, 'all'];

/** A group name parsed by the grammar above; throws an Error saying what was expected. */
export function parseGroup(text: string, site: Site): Group {
  const labelled = /^(.*\S)\s*\(([^()]*)\)$/.exec(text);
  const core = labelled ? labelled[1] : text;
  const label = labelled ? labelled[2].trim() : null;
  const prefix = SITES.find((s) => core.startsWith(`${s} `));
  const of = (id: string, groupSite: Site | null): Group => {
    if ((GRADES as readonly string[]).includes(id)) return { text, site: groupSite, kind: 'grade', id, label };
    if (KI67_BANDS[id]) return { text, site: groupSite, kind: 'ki67', id, label };
    if ((SAMPLE_GROUPS as readonly string[]).includes(id)) return { text, site: groupSite, kind: 'sample', id, label };
    return { text, site: groupSite, kind: 'subgroup', id, label };
  };
  if (prefix) {
    const rest = core.slice(prefix.length + 1);
    if (afterSite(prefix).includes(rest)) return of(rest, prefix);
    throw new Error(`unknown group "${text}": after the site "${prefix}" expected one of ${afterSite(prefix).join(', ')} (then an optional "(label)")`);
  }
  if (knownGroups(site).includes(core)) return of(core, null);
  const sites = SITES.join(', ');
  throw new Error(
    `unknown group "${text}" for ${site} (expected one of ${knownGroups(site).join(', ')}; or "<site> <group>" with <site> one of ${sites} and <group> that site's subgroup, G1, G2, G3 or all; either form may end in "(label)")`,
  );
}

/** The group's site is the scenario's (or the group names none). */
export const sameSite = (g: Group, site: Site): boolean => g.site === null || g.site === site;
