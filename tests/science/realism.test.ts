/**
 * Realism mechanisms: each effect must emerge from a rule the cells follow, and must disappear
 * when the rule is switched off (so the test can fail). Cohorts are simulated in-process; every
 * comparison of two proportions uses the two-sample standard error
 * SE = √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), and "differs" means by more than 3 SE (a false alarm about
 * 1 in 700), "does not differ" means within 3 SE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deepMerge, parseScenario, type ResolvedNet } from '../../sim/scenario/scenario.js';
import { runCohort } from '../../sim/study/cohort.js';
import type { PatientRecord } from '../../sim/net/patient.js';
import { HIT_CONTEXT } from '../../sim/biology/assumptions.js';
import { HITS, HIT_INDEX } from '../../sim/biology/hits.js';
import { CloneTable } from '../../sim/core/clones.js';
import { sequenceTumor } from '../../sim/net/sequencing.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));
function cohort(name: string, over: object, patients: number, seed: string): PatientRecord[] {
  const s = parseScenario(deepMerge(load(name), over), name) as ResolvedNet;
  return runCohort(s, { patients, seed }).filter((r) => r.diagnosed);
}
const share = (rows: PatientRecord[], f: (r: PatientRecord) => boolean) => ({ p: rows.filter(f).length / Math.max(1, rows.length), n: rows.length });
const se2 = (a: { p: number; n: number }, b: { p: number; n: number }) => Math.sqrt((a.p * (1 - a.p)) / a.n + (b.p * (1 - b.p)) / b.n);
const inGroup = (rows: PatientRecord[], g: string) => rows.filter((r) => r.subgroup === g);
const male = (r: PatientRecord) => r.sex === 'M';
const peripheral = (r: PatientRecord) => r.location === 'peripheral';

describe('lung: sex, age and location enter through each NE population’s rules', () => {
  const withRules = cohort('lung-spontaneous-parallel', {}, 1500, 'realism-sex');
  // The same scenario with sex, age and location made identical for every population.
  const flat = { femaleFactor: 1, agePerDecade: 1, locations: { peripheral: 0.5, central: 0.5 } };
  const withoutRules = cohort('lung-spontaneous-parallel', { origins: { lung_peripheral: flat, lung_central: flat, lung_solitary: flat } }, 1500, 'realism-sex');

  it('the male share differs between A1 and B only when sex enters the rules', () => {
    const a = share(inGroup(withRules, 'A1'), male);
    const b = share(inGroup(withRules, 'B'), male);
    expect(a.n).toBeGreaterThan(60);
    expect(b.n).toBeGreaterThan(60);
    expect(b.p - a.p).toBeGreaterThan(3 * se2(a, b));
    const a0 = share(inGroup(withoutRules, 'A1'), male);
    const b0 = share(inGroup(withoutRules, 'B'), male);
    expect(Math.abs(b0.p - a0.p)).toBeLessThan(3 * se2(a0, b0));
  });

  it('location is a distribution per population: A1 mostly peripheral, A2 mostly central, neither all-or-nothing', () => {
    const a1 = share(inGroup(withRules, 'A1'), peripheral);
    const a2 = share(inGroup(withRules, 'A2'), peripheral);
    expect(a1.p - a2.p).toBeGreaterThan(3 * se2(a1, a2));
    for (const s of [a1, a2]) expect(Math.min(s.p, 1 - s.p)).toBeGreaterThan(0.02);
    const a10 = share(inGroup(withoutRules, 'A1'), peripheral);
    const a20 = share(inGroup(withoutRules, 'A2'), peripheral);
    expect(Math.abs(a10.p - a20.p)).toBeLessThan(3 * se2(a10, a20));
  });

  it('MEN1 drives only where its program lets it (hit × program context): in B, not in A1 or A2; permuting the table moves it', () => {
    const men1 = (r: PatientRecord) => r.hitFlags.MEN1 === 1;
    const [a1, a2, b] = ['A1', 'A2', 'B'].map((g) => share(inGroup(withRules, g), men1));
    // With the context rule MEN1 is a rare passenger in A1 and A2 and common in B.
    expect(b.p - a1.p).toBeGreaterThan(3 * se2(a1, b));
    expect(b.p - a2.p).toBeGreaterThan(3 * se2(a2, b));
    // The table permuted: menin loss neutral in the solitary program instead of the other two.
    const saved = HIT_CONTEXT.MEN1;
    HIT_CONTEXT.MEN1 = { lung_NE_solitary: 0 };
    let permuted: PatientRecord[];
    try {
      permuted = cohort('lung-spontaneous-parallel', {}, 1000, 'realism-context');
    } finally {
      HIT_CONTEXT.MEN1 = saved;
    }
    const [pa1, pb] = ['A1', 'B'].map((g) => share(inGroup(permuted, g), men1));
    expect(pa1.p - pb.p).toBeGreaterThan(3 * se2(pa1, pb));
    expect(pa1.p - a1.p).toBeGreaterThan(3 * se2(pa1, a1));
  });

  it('age: A2 (central population, proliferative in youth) is diagnosed younger than A1 only with the age rule', () => {
    const med = (rows: PatientRecord[]) => {
      const v = rows.map((r) => r.age_at_diagnosis_years!).sort((x, y) => x - y);
      return v[v.length >> 1];
    };
    // A median's standard error ≈ 1.2533 σ/√n; σ of diagnosis ages is about 12 years here.
    const se = (n1: number, n2: number) => 1.2533 * 12 * Math.sqrt(1 / n1 + 1 / n2);
    const A1 = inGroup(withRules, 'A1');
    const A2 = inGroup(withRules, 'A2');
    expect(med(A1) - med(A2)).toBeGreaterThan(3 * se(A1.length, A2.length));
    const A10 = inGroup(withoutRules, 'A1');
    const A20 = inGroup(withoutRules, 'A2');
    expect(Math.abs(med(A10) - med(A20))).toBeLessThan(3 * se(A10.length, A20.length));
  });
});

describe('Ki-67 is counted over a hot spot, so grades spread', () => {
  const rows = cohort('lung-spontaneous-parallel', {}, 600, 'realism-ki67');
  it('no value holds more than 10 % of tumors and at least two grades hold 5 % each', () => {
    // A hot-spot count over 500 cells reads Ki-67 on a 0.2-point grid, so even a smooth spread
    // puts several per cent on its modal value: about 0.2 / (σ√(2π)) ≈ 5 % for σ ≈ 1.5 points
    // (measured: 4.4–5.1 % over three seeds), with a sampling sd of ~1.1 points at n ≈ 380. A
    // pile on one value (the old birth rate × cycle: half the tumours at 3.00 %) fails at 10 %.
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.ki67_at_diagnosis!, (counts.get(r.ki67_at_diagnosis!) ?? 0) + 1);
    expect(Math.max(...counts.values()) / rows.length).toBeLessThan(0.1);
    const g = ['G1', 'G2', 'G3'].map((k) => rows.filter((r) => r.grade_at_diagnosis === k).length / rows.length);
    expect(g.filter((x) => x >= 0.05).length).toBeGreaterThanOrEqual(2);
  });
});

describe('TMB: clock-like mutations make most of a carcinoid’s mutations', () => {
  const withClock = cohort('lung-spontaneous-parallel', {}, 400, 'realism-tmb');
  const withoutClock = cohort('lung-spontaneous-parallel', { clockMutationsPerYear: 0 }, 400, 'realism-tmb');
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  it('switching the clock off takes the median TMB down more than tenfold', () => {
    // Measured: 0.393 vs 0.002 per Mb (the division-driven passengers alone).
    expect(med(withClock.map((r) => r.clonal_tmb_per_mb!))).toBeGreaterThan(10 * med(withoutClock.map((r) => r.clonal_tmb_per_mb!)));
  });
  it('TMB rises with the age at diagnosis (Spearman ρ > 0.3; its sd under no association is 1/√n ≈ 0.06)', () => {
    const rank = (xs: number[]) => {
      const r = new Array<number>(xs.length);
      xs.map((x, i) => [x, i]).sort((p, q) => p[0] - q[0] || p[1] - q[1]).forEach(([, i], k) => (r[i] = k));
      return r;
    };
    const ra = rank(withClock.map((r) => r.age_at_diagnosis_years!));
    const rt = rank(withClock.map((r) => r.clonal_tmb_per_mb!));
    const m = (ra.length - 1) / 2;
    let num = 0;
    let den = 0;
    for (let i = 0; i < ra.length; i++) {
      num += (ra[i] - m) * (rt[i] - m);
      den += (ra[i] - m) ** 2;
    }
    expect(ra.length).toBeGreaterThan(200);
    expect(num / den).toBeGreaterThan(0.3); // measured 0.65
  });
});

describe('metastasis and death follow the disease’s course', () => {
  // Three seeds: each must show the grade gradient (one lucky seed cannot pass the test alone).
  for (const seed of ['met-1', 'met-2', 'met-3']) {
    it(`pancreas (${seed}): metastasis (at diagnosis or in follow-up) is commoner in G2 than in G1`, () => {
      const rows = cohort('pancreas-spontaneous-parallel', {}, 700, seed);
      const met = (r: PatientRecord) => r.metastasis_years !== null;
      const g1 = share(rows.filter((r) => r.grade_at_diagnosis === 'G1'), met);
      const g2 = share(rows.filter((r) => r.grade_at_diagnosis === 'G2'), met);
      expect(g1.n).toBeGreaterThan(20);
      expect(g2.p - g1.p).toBeGreaterThan(2 * se2(g1, g2));
    });
  }
  it('some patients are metastatic at diagnosis, and none without dissemination', () => {
    const at = (rows: PatientRecord[]) => rows.filter((r) => r.metastasis_years === 0).length;
    // About 3 % of ~360 diagnosed patients are expected (≈ 11); more than 2 fails by chance with
    // probability < 0.1 % (Poisson).
    expect(at(cohort('pancreas-spontaneous-parallel', {}, 600, 'met-dx'))).toBeGreaterThan(2);
    expect(at(cohort('pancreas-spontaneous-parallel', { progression: { disseminationPerCellDay: 0 } }, 600, 'met-dx'))).toBe(0);
  });
  it('tumor deaths spread over years (no cliff): their interquartile range exceeds two years', () => {
    const rows = cohort('pancreas-spontaneous-parallel', {}, 700, 'death');
    const t = rows.filter((r) => r.death_cause === 'tumor').map((r) => r.death_years!).sort((a, b) => a - b);
    expect(t.length).toBeGreaterThan(30);
    expect(t[Math.floor(0.75 * t.length)] - t[Math.floor(0.25 * t.length)]).toBeGreaterThan(2);
  });
});

describe('chromothripsis converges on the NEC-like program by chance, not always', () => {
  const over = { hits: { chromothripsis: { ratePerDivision: 5e-9 } } };
  const ct = (rows: PatientRecord[]) => rows.filter((r) => r.hitFlags.chromothripsis === 1);
  const supra = (r: PatientRecord) => r.subgroup === 'supra-carcinoid';
  const byDefault = ct(cohort('lung-spontaneous-parallel', over, 600, 'ct'));
  const certain = ct(cohort('lung-spontaneous-parallel', { ...over, chromothripsis: { convergence: 1, convergenceWithTP53orRB1: 1 } }, 600, 'ct'));
  it('tumors with chromothripsis are found both as carcinoids and as supra-carcinoids', () => {
    expect(byDefault.length).toBeGreaterThan(30);
    const n = byDefault.filter(supra).length;
    expect(n).toBeGreaterThan(0);
    expect(byDefault.length - n).toBeGreaterThan(0);
  });
  it('the convergence probability moves the supra-carcinoid share among them', () => {
    // (Not all: a tumor is called on its mean profile, and a converged subclone of 20–50 % of
    // the cells already shows chromothripsis without making the tumor NEC-like.)
    const a = share(byDefault, supra);
    const b = share(certain, supra);
    expect(b.p - a.p).toBeGreaterThan(3 * se2(a, b));
  });
});

describe('lung: typical and atypical carcinoids by the mitotic count, supra-carcinoids by convergence', () => {
  const rows = cohort('lung-spontaneous-parallel', {}, 1500, 'realism-mitoses');
  it('the grade is the mitotic count per 2 mm² (G1 < 2, G2 2–10, G3 > 10), not the Ki-67 band', () => {
    expect(rows.length).toBeGreaterThan(600);
    for (const r of rows) expect(r.grade_at_diagnosis).toBe(r.mitoses_per_2mm2! < 2 ? 'G1' : r.mitoses_per_2mm2! <= 10 ? 'G2' : 'G3');
    // Counts are Poisson around the hot spot's proliferation, so both grades hold tumours on
    // both sides of the Ki-67 3 % line.
    const disagree = rows.filter((r) => (r.grade_at_diagnosis === 'G1') !== r.ki67_at_diagnosis! < 3).length;
    expect(disagree).toBeGreaterThan(0.05 * rows.length);
  });
  it('atypical carcinoids (more mitoses) metastasize more often than typical ones', () => {
    const met = (r: PatientRecord) => r.metastasis_years !== null;
    const g1 = share(rows.filter((r) => r.grade_at_diagnosis === 'G1'), met);
    const g2 = share(rows.filter((r) => r.grade_at_diagnosis === 'G2'), met);
    expect(g1.n).toBeGreaterThan(100);
    expect(g2.n).toBeGreaterThan(100);
    expect(g2.p - g1.p).toBeGreaterThan(3 * se2(g1, g2)); // measured 0.36 vs 0.20
  });
  it('supra-carcinoids arise without chromothripsis only when convergence without a catastrophe is on', () => {
    const noCt = (r: PatientRecord) => r.hitFlags.chromothripsis === 0 && r.hitFlags.TP53 === 0 && r.hitFlags.RB1 === 0;
    const supra = (xs: PatientRecord[]) => xs.filter((r) => r.subgroup === 'supra-carcinoid');
    const on = supra(rows);
    const off = supra(cohort('lung-spontaneous-parallel', { progression: { convergencePerDivision: 0 } }, 1500, 'realism-mitoses'));
    // With it off every supra-carcinoid carries chromothripsis or a lost checkpoint (converging
    // hits); with it on most carry neither (measured: about 60 of 100).
    expect(off.filter(noCt).length).toBe(0);
    expect(on.filter(noCt).length).toBeGreaterThan(10);
  });
});

describe('pancreas: under spontaneous divergence a hit puts the cell on its program; permuting hit → program moves the signature', () => {
  it('MEN1 tumours are alpha-like, and beta-like once MEN1 and YY1 swap programs', () => {
    const beta = (r: PatientRecord) => r.subgroup === 'beta-like';
    const men1Only = (rows: PatientRecord[]) => rows.filter((r) => r.hitFlags.MEN1 === 1 && r.hitFlags.YY1 === 0);
    const before = share(men1Only(cohort('pancreas-spontaneous-divergent', {}, 800, 'pancreas-reprogram')), beta);
    const men1 = HITS[HIT_INDEX.MEN1];
    const yy1 = HITS[HIT_INDEX.YY1];
    const saved = [men1.reprograms, yy1.reprograms];
    men1.reprograms = { ...saved[0], pancreas: 'pancreas_beta' };
    yy1.reprograms = { ...saved[1], pancreas: 'pancreas_alpha' };
    let after: { p: number; n: number };
    try {
      after = share(men1Only(cohort('pancreas-spontaneous-divergent', {}, 800, 'pancreas-reprogram')), beta);
    } finally {
      [men1.reprograms, yy1.reprograms] = saved;
    }
    expect(before.n).toBeGreaterThan(50);
    expect(after.n).toBeGreaterThan(50);
    expect(after.p - before.p).toBeGreaterThan(3 * se2(before, after));
  });
});

describe('death from other causes depends on sex', () => {
  // Other-cause deaths per person-year from age 15 to the end of each life (diagnosed or not).
  const rate = (rows: PatientRecord[], sex: 'F' | 'M') => {
    const xs = rows.filter((r) => r.sex === sex);
    const deaths = xs.filter((r) => r.death_cause === 'other').length;
    const years = xs.reduce((a, r) => a + r.age_at_end_years - 15, 0);
    return { rate: deaths / years, deaths };
  };
  const all = (over: object) => runCohort(parseScenario(deepMerge(load('small-intestine-spontaneous-parallel'), over), 'si') as ResolvedNet, { patients: 1500, seed: 'other-cause' });
  it('men die of other causes more often than women, and as often when the male factor is 1', () => {
    // log rate ratio's SE ≈ √(1/D_M + 1/D_F) with D the death counts (Poisson).
    const ratio = (rows: PatientRecord[]) => {
      const m = rate(rows, 'M');
      const f = rate(rows, 'F');
      return { log: Math.log(m.rate / f.rate), se: Math.sqrt(1 / m.deaths + 1 / f.deaths) };
    };
    const withSex = ratio(all({}));
    const without = ratio(all({ progression: { otherCauseMortality: { maleFactor: 1 } } }));
    expect(withSex.log).toBeGreaterThan(3 * withSex.se);
    expect(Math.abs(without.log)).toBeLessThan(3 * without.se);
  });
});

describe('lung: each NE population accrues clock-like mutations at its own rate', () => {
  it('raising the solitary cells’ clock factor raises the TMB of B tumours only', () => {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const tmb = (over: object, g: string) => med(inGroup(cohort('lung-spontaneous-parallel', over, 600, 'clock-factor'), g).map((r) => r.clonal_tmb_per_mb!));
    const fast = { origins: { lung_solitary: { clockFactor: 2 } } };
    const slow = { origins: { lung_solitary: { clockFactor: 1 } } };
    // The clock is most of a carcinoid's mutations, so doubling it nearly doubles B's median;
    // A1's population keeps its own rate, so its median moves only by sampling (a difference of
    // two medians of ~200 tumours whose TMB spreads ~±40 %: SE ≈ 5 %; 20 % is 4 SE).
    expect(tmb(fast, 'B')).toBeGreaterThan(1.5 * tmb(slow, 'B'));
    expect(Math.abs(tmb(fast, 'A1') / tmb(slow, 'A1') - 1)).toBeLessThan(0.2);
  });
});

describe('lung: an epigenetic switch initiates carcinoids without a driver mutation', () => {
  const dnaDriver = (r: PatientRecord) => ['MEN1', 'ARID1A', 'EIF1AX'].some((h) => r.hitFlags[h] === 1);
  const on = cohort('lung-spontaneous-parallel', {}, 800, 'epigenetic');
  const off = cohort('lung-spontaneous-parallel', { hits: { epigenetic: { ratePerDivision: 0 } } }, 800, 'epigenetic');
  it('with the switch, most tumours carry none of MEN1, ARID1A, EIF1AX; without it, few do', () => {
    const a = share(on, (r) => !dnaDriver(r));
    const b = share(off, (r) => !dnaDriver(r));
    expect(a.n).toBeGreaterThan(200);
    expect(b.n).toBeGreaterThan(200);
    expect(a.p - b.p).toBeGreaterThan(3 * se2(a, b));
    // Without the switch a tumour needs a driver mutation or a catastrophe (chromothripsis, a
    // checkpoint loss); with it, the switch alone suffices.
    expect(off.filter((r) => r.hitFlags.epigenetic === 1).length).toBe(0);
    expect(on.filter((r) => r.hits === 'epigenetic').length).toBeGreaterThan(0);
  });
  it('the switch is not a mutation: sequencing calls the driver beside it, never the switch', () => {
    const c = new CloneTable();
    const base = { lineage: -1, bornDays: 0, origin: 0, program: 0, cna: 0, chromothripsis: 0, founderPassengers: 0 };
    const root = c.add({ ...base, parent: -1, hits: 0, neoplastic: false }, true);
    const both = (1 << HIT_INDEX.epigenetic) | (1 << HIT_INDEX.ARID1A);
    const tumour = c.add({ ...base, parent: root, hits: both, neoplastic: true }, false);
    const genes = sequenceTumor(c, [[tumour, 1000]], { depth: 200, purity: 1, minReads: 3 }, 'epigenetic-seq', 0).variants.map((v) => v.gene);
    expect(genes).toContain('ARID1A');
    expect(genes).not.toContain('epigenetic');
  });
});

describe('a hit’s rate given as an expression moves with its factor', () => {
  it('pancreas: DAXX and ATRX at factor 0 never arise; at factor 3 they arise more often than by default', () => {
    // 600 patients: at 300 the difference in the share of diagnosed tumours (0.16) sat at 3.47
    // standard errors of two independent shares; at 600 it is 0.19, 5.8 standard errors.
    const daxx = (over: object) => {
      const rows = cohort('pancreas-spontaneous-divergent', over, 600, 'realism-rate-factor');
      return { k: rows.filter((r) => r.hitFlags.DAXX || r.hitFlags.ATRX).length, n: rows.length };
    };
    const off = daxx({ hits: { DAXX: { rateFactor: 0 }, ATRX: { rateFactor: 0 } } });
    const base = daxx({});
    const up = daxx({ hits: { DAXX: { rateFactor: 3 }, ATRX: { rateFactor: 3 } } });
    expect(off.k).toBe(0);
    expect(base.k).toBeGreaterThan(0);
    const p = (x: { k: number; n: number }) => x.k / x.n;
    expect(p(up) - p(base)).toBeGreaterThan(3.5 * se2({ p: p(up), n: up.n }, { p: p(base), n: base.n }));
  });
});

describe('pancreas: DAXX/ATRX loss, then ALT, then relapse', () => {
  // 1,000 patients of the shipped spontaneous-divergent pancreas (~450 diagnosed, ~30 % of them
  // with DAXX or ATRX lost), once as shipped and once with ALT's invasiveness switched off.
  const withAlt = cohort('pancreas-spontaneous-divergent', {}, 1000, 'alt');
  const flat = cohort('pancreas-spontaneous-divergent', { hits: { ALT: { dissemination: 1 } } }, 1000, 'alt');
  const dx = (rows: PatientRecord[]) => rows.filter((r) => r.diagnosed);
  const altIn = (list: string | null) => (list ?? '').split(';').includes('ALT');
  it('ALT arises only where DAXX or ATRX was lost, and not in every such tumour', () => {
    const rows = dx(withAlt);
    const alt = rows.filter((r) => r.hitFlags.ALT === 1);
    const lost = rows.filter((r) => r.hitFlags.DAXX === 1 || r.hitFlags.ATRX === 1);
    expect(alt.length).toBeGreaterThan(30);
    expect(alt.every((r) => r.hitFlags.DAXX === 1 || r.hitFlags.ATRX === 1)).toBe(true);
    expect(alt.length).toBeLessThan(lost.length);
    const none = cohort('pancreas-spontaneous-divergent', { hits: { DAXX: { rateFactor: 0 }, ATRX: { rateFactor: 0 } } }, 300, 'alt');
    expect(none.filter((r) => r.hitFlags.ALT === 1 || altIn(r.metastasis_hits)).length).toBe(0);
  });
  it('metastases are ALT-positive more often than primaries, far more while ALT brings invasiveness', () => {
    const enrichment = (rows: PatientRecord[]) => {
      const prim = share(dx(rows), (r) => r.hitFlags.ALT === 1);
      const mets = share(dx(rows).filter((r) => r.metastasis_years !== null), (r) => altIn(r.metastasis_hits));
      return { d: mets.p - prim.p, se: se2(mets, prim), n: mets.n };
    };
    const on = enrichment(withAlt);
    const off = enrichment(flat);
    expect(on.n).toBeGreaterThan(50);
    expect(on.d).toBeGreaterThan(3.5 * on.se);
    // ALT's instability still makes its tumours grow and spread a little more, but the excess of
    // ALT in metastases is far smaller without its invasiveness (difference of the two excesses
    // beyond 3.5 standard errors).
    expect(on.d - off.d).toBeGreaterThan(3.5 * Math.hypot(on.se, off.se));
  });
  it('microadenomas (lesions under 5 mm beside the tumour) rarely carry ALT, DAXX or ATRX: it is acquired late', () => {
    const lesions = dx(withAlt).flatMap((r) => (r.microadenomas ? String(r.microadenoma_hits).split('|') : []));
    const late = (x: string) => x.split(';').some((h) => h === 'ALT' || h === 'DAXX' || h === 'ATRX');
    const micro = { p: lesions.filter(late).length / lesions.length, n: lesions.length };
    const tumours = share(dx(withAlt), (r) => r.hitFlags.ALT === 1 || r.hitFlags.DAXX === 1 || r.hitFlags.ATRX === 1);
    expect(micro.n).toBeGreaterThan(100);
    expect(tumours.p - micro.p).toBeGreaterThan(3.5 * se2(tumours, micro));
  });
});

describe('small intestine', () => {
  const sp = cohort('small-intestine-spontaneous-parallel', {}, 700, 'si');
  it('multi-CNV tumors arise, and CDKN1B mutations sit inside 18LOH', () => {
    expect(inGroup(sp, 'multi-CNV').length / sp.length).toBeGreaterThan(0.05);
    const cdkn1b = sp.filter((r) => r.hitFlags.CDKN1B === 1);
    expect(cdkn1b.length).toBeGreaterThan(5);
    expect(cdkn1b.filter((r) => r.subgroup === '18LOH').length / cdkn1b.length).toBeGreaterThan(0.8);
  });
  it('tumors metastasize and some patients die of the tumor', () => {
    expect(sp.filter((r) => r.metastasis_years !== null).length).toBeGreaterThan(20);
    expect(sp.filter((r) => r.death_cause === 'tumor').length).toBeGreaterThan(10);
  });
  it('the divergent hypotheses give cohorts other than the parallel ones at this one-origin site', () => {
    const sd = cohort('small-intestine-spontaneous-divergent', {}, 700, 'si');
    const key = (rows: PatientRecord[]) => JSON.stringify(rows.map((r) => [r.patient, r.subgroup, r.metastasis_years, r.death_years]));
    expect(key(sd)).not.toBe(key(sp));
  });
});
