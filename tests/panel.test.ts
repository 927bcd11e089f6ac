/**
 * The pathologist's IHC panel: its call agrees with the expression-based subgroup neither
 * perfectly nor at chance, the agreement falls as counting noise rises, and reading the panel
 * never moves any other draw (its own `ihc` stream).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deepMerge, panelAgreement, parseScenario, runCohort, type ResolvedNet } from '../sim/api.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
const cohort = (name: string, over: object, patients: number) => runCohort(parseScenario(deepMerge(load(name), over), name) as ResolvedNet, { patients, seed: 'panel' });

describe('the lung carcinoid IHC panel (ASCL1, OTP, HNF1A)', () => {
  // 600 patients (~390 diagnosed): as shipped (200 cells per stain, stain noise 0.1), and with 10
  // cells and noise 0.4.
  const plain = cohort('lung-spontaneous-parallel', {}, 600);
  const noisy = cohort('lung-spontaneous-parallel', { pathology: { ihcCells: 10, ihcNoise: 0.4 } }, 600);
  it('agrees with the expression subgroups neither perfectly nor at chance, and cannot call every tumour', () => {
    const a = panelAgreement(plain)!;
    expect(a.tumours).toBeGreaterThan(300);
    expect(a.kappa).toBeGreaterThan(0.3);
    expect(a.agreement).toBeLessThan(0.98);
    // Supra-carcinoids have no IHC call of their own: the panel calls them something else.
    expect(a.confusion['supra-carcinoid']?.['supra-carcinoid'] ?? 0).toBe(0);
  });
  it('agrees less when fewer cells are counted and stains vary more (beyond 3.5 standard errors)', () => {
    const a = panelAgreement(plain)!;
    const b = panelAgreement(noisy)!;
    const se = Math.sqrt((a.agreement * (1 - a.agreement)) / a.tumours + (b.agreement * (1 - b.agreement)) / b.tumours);
    expect(a.agreement - b.agreement).toBeGreaterThan(3.5 * se);
    expect(b.unclassifiable).toBeGreaterThan(a.unclassifiable);
  });
  it('reading the panel moves no other draw: the same tumours, subgroups and courses either way', () => {
    const strip = (rows: typeof plain) => rows.map(({ ihc: _a, ihc_subgroup: _b, ...r }) => r);
    expect(strip(noisy)).toEqual(strip(plain));
  });
});
