/**
 * Somatic hits (per-division events with site-specific rates in the site defaults) and their
 * default effects. Effects multiply the clone's birth/death rates; what a hit does to a cell's
 * program is an assumption table (assumptions.ts: `reprograms` acts only when the
 * somatic-divergent wiring is on, `converges` under every hypothesis). Sources: the review and
 * the studies it cites; the effect sizes are modelling assumptions.
 */
import { HIT_PROGRAM } from './assumptions.js';
import type { Site } from './sites/index.js';

export interface HitDef {
  id: string;
  label: string;
  birth: number;
  death: number;
  dissemination: number;
  /** Multiplier on the copy-number event rate (genomic instability). */
  instability: number;
  /** Alternative lengthening of telomeres follows the hit. */
  alt: boolean;
  /** Initiating hits act on one growth pathway, so their birth effects saturate (below
   *  `fitness.initiatingCap`); progression hits multiply on top. */
  initiating?: boolean;
  /** Hit → program (assumptions.ts): under somatic reprogramming, an uncommitted cell moves
   *  onto this program at the site (onto one of these, drawn uniformly, when several are listed). */
  reprograms?: Partial<Record<Site, string | readonly string[]>>;
  /** Hit → program (assumptions.ts), under every hypothesis: a genomic catastrophe. */
  converges?: Partial<Record<Site, string>>;
  /** Inherited in a cancer syndrome (MEN1, VHL): in germline carriers (population.germline<id>)
   *  one somatic hit completes the loss, so its rate is × `germlineSecondHitFactor` (Knudson's
   *  two hits). */
  germline?: boolean;
  /** A cell-cycle checkpoint guardian (TP53, RB1): a cell without it tolerates a catastrophe's
   *  aftermath, so convergence after chromothripsis is likelier (scenario `chromothripsis`). */
  checkpoint?: boolean;
  /** A catastrophe with several forms: each event draws one uniformly (chromothripsis: the
   *  shattered chromosome and the amplicon it leaves). */
  variants?: readonly { chr: number; amplicon: string }[];
  /** A heritable cell state, not a change of the DNA sequence (an epigenetic switch, a telomere
   *  maintenance mechanism): sequencing does not call it. */
  phenotypic?: boolean;
}

/** Chromothripsis variants: the shattered chromosome and the amplicon it leaves. */
export const CHROMOTHRIPSIS_VARIANTS = [
  { chr: 3, amplicon: 'CCND1' }, { chr: 3, amplicon: 'CCND2/CDK4/MDM2' },
  { chr: 11, amplicon: 'CCND1' }, { chr: 11, amplicon: 'CCND2/CDK4/MDM2' },
  { chr: 12, amplicon: 'CCND1' }, { chr: 12, amplicon: 'CCND2/CDK4/MDM2' },
];

const HIT_EFFECTS: Omit<HitDef, 'reprograms' | 'converges'>[] = [
  { id: 'MEN1', initiating: true, germline: true, label: 'MEN1 inactivation (menin; CDKN1B/CDKN2C de-repression)', birth: 2.2, death: 1, dissemination: 1.5, instability: 1, alt: false },
  // DAXX/ATRX loss opens the way to ALT (the ALT state below, whose rate needs one of them lost);
  // the instability and the invasiveness come with ALT itself.
  { id: 'DAXX', label: 'DAXX loss (H3.3 chaperone)', birth: 1.25, death: 1, dissemination: 1, instability: 1, alt: false },
  { id: 'ATRX', label: 'ATRX loss (H3.3 chaperone)', birth: 1.25, death: 1, dissemination: 1, instability: 1, alt: false },
  { id: 'EIF1AX', initiating: true, label: 'EIF1AX mutation', birth: 2.0, death: 1, dissemination: 1, instability: 1, alt: false },
  { id: 'ARID1A', initiating: true, label: 'ARID1A inactivation (SWI/SNF chromatin remodelling)', birth: 2.0, death: 1, dissemination: 1, instability: 1.5, alt: false },
  { id: 'YY1', initiating: true, label: 'YY1 T372R (insulinoma)', birth: 2.2, death: 1, dissemination: 0.5, instability: 1, alt: false },
  { id: 'CDKN1B', initiating: true, label: 'CDKN1B frameshift (p27 loss)', birth: 1.6, death: 1, dissemination: 1, instability: 1, alt: false },
  { id: 'chr18LOH', initiating: true, label: 'loss of heterozygosity of chromosome 18', birth: 2.0, death: 1, dissemination: 0.7, instability: 1, alt: false },
  { id: 'chromothripsis', label: 'chromothripsis of chr 3, 11 or 12 with CCND1 or CCND2/CDK4/MDM2 amplification', birth: 2.5, death: 1, dissemination: 3, instability: 3, alt: false, variants: CHROMOTHRIPSIS_VARIANTS },
  { id: 'TP53', checkpoint: true, label: 'TP53 inactivation', birth: 1.4, death: 0.7, dissemination: 2, instability: 5, alt: false },
  { id: 'RB1', checkpoint: true, label: 'RB1 loss', birth: 1.8, death: 1, dissemination: 2, instability: 2, alt: false },
  { id: 'KRAS', label: 'KRAS activation', birth: 1.5, death: 1, dissemination: 2, instability: 1, alt: false },
  // Last, so that the bits of the hits before it keep their places. Lung carcinoids carry few
  // mutations and most have no recurrent driver mutation at all (lungNENomics, as in
  // reference/lung-subgroups.csv: MEN1 in 11 and ARID1A in 8 of the 102 tumours sequenced), while DNA-methylation and enhancer profiles
  // separate their groups; the review names chromatin remodelling and "genetic or epigenetic"
  // alterations as what puts NE cells on their trajectories. A heritable epigenetic switch
  // (silencing or activation of a growth program through promoter methylation or enhancer
  // rewiring) is therefore a driver of its own: initiating like a driver mutation, not seen by
  // DNA sequencing. Its rate per division is a site default a fit can move (0 where not set).
  { id: 'epigenetic', initiating: true, phenotypic: true, label: 'heritable epigenetic switch (promoter methylation or enhancer rewiring; no DNA change)', birth: 2.0, death: 1, dissemination: 1, instability: 1, alt: false },
  // Alternative lengthening of telomeres: telomeres kept by recombination, which needs the DAXX–
  // ATRX–H3.3 chaperone lost (Heaphy 2011: every ALT-positive PanNET had lost DAXX or ATRX). A
  // state of its own that follows the loss, not the loss itself: ALT is acquired late (Kim 2017:
  // 0 of 19 microadenomas), it is in 29 % of primaries but 71 % of metastases (Hackeng 2022), and
  // it brings the genomic instability (copy-number events) and the relapse risk. Its rate per
  // division is a site's expression of the DAXX and ATRX flags (0 where not set); telomere
  // maintenance spares the lineage's cells from attrition (a small birth gain). ALT-positive
  // PanNETs relapse far more often after resection (Hackeng 2022: ALT is the strongest predictor
  // of relapse; 71 % of metastases against 29 % of primaries are ALT-positive): ALT cells leave
  // the primary ×100 (a late state has few cell-days before surgery to do it in; fits move the
  // factor ×1/3–3, priors.ts).
  { id: 'ALT', phenotypic: true, label: 'alternative lengthening of telomeres (needs DAXX or ATRX lost)', birth: 1.2, death: 1, dissemination: 100, instability: 20, alt: true },
  // mTOR pathway activation by a mutation of TSC2, PTEN or PIK3CA (Jiao 2011: 14 % of PanNETs), a
  // progression hit: more growth once a tumour has started (everolimus's target).
  { id: 'mTOR_pathway', label: 'mTOR pathway mutation (TSC2, PTEN or PIK3CA)', birth: 1.3, death: 1, dissemination: 1, instability: 1, alt: false },
  // VHL inactivation: von Hippel–Lindau disease (a germline VHL allele lost; the review names VHL
  // among the hereditary syndromes of NETs of the upper digestive tract) gives PanNETs in ~10–17 %
  // of carriers, mostly small, slow and often multiple, once an islet cell loses its second allele.
  // Without VHL, HIF-2α is not degraded: a pseudohypoxic cell (angiogenesis, a modest growth
  // advantage). Belzutifan's target (HIF-2α inhibitor; therapies.ts). Not a recurrent somatic driver
  // of sporadic PanNETs (Scarpa 2017), so no site sets a rate: a scenario of VHL disease gives the
  // carriers (population.germlineVHL) and the rate of losing the second allele (hits.VHL).
  { id: 'VHL', initiating: true, germline: true, label: 'VHL inactivation (von Hippel–Lindau; HIF-2α stabilised, pseudohypoxia)', birth: 2.0, death: 1, dissemination: 1, instability: 1, alt: false },
];
/** The hits, in bit order of a clone's hit mask. */
export const HITS: HitDef[] = HIT_EFFECTS.map((h) => ({ ...h, ...HIT_PROGRAM[h.id] }));
export const HIT_IDS = HITS.map((h) => h.id);
export const HIT_INDEX: Record<string, number> = Object.fromEntries(HITS.map((h, i) => [h.id, i]));
