/**
 * Simulated sequencing of a tumor (a diagnosed NET, or a birth–death population): every mutation
 * of its clones (drivers and neutral passengers, infinite sites) at its cellular fraction — the
 * share of tumor cells in the clone where it arose or its descendants, a settled group's cells
 * spread by its sub-clones' shares (core/passengers.ts) — with reads drawn at the given depth and
 * purity (depth ~ Poisson, alternative reads ~ Binomial(depth, purity × fraction / 2) for a
 * heterozygous mutation in a diploid genome), called at ≥ minReads alternative reads. Passengers
 * that arose after their lineage passed the passenger resolution are only counted, not listed
 * (their cellular fractions are below ~1/resolution). The mutation burden is the number of called
 * mutations; the TMB is the called passengers per callable megabase. A stream of its own:
 * sequencing never changes the simulation.
 */
import { z } from 'zod';
import { HITS } from '../biology/biology.js';
import type { CloneTable } from '../core/clones.js';
import { newPassengers } from '../core/passengers.js';
import { createRng, deriveSeed } from '../core/rng.js';

export const SequencingSchema = z.strictObject({
  depth: z.number().int().min(1).max(1_000_000),
  purity: z.number().gt(0).max(1),
  minReads: z.number().int().min(1).max(1000).default(3),
});
export type Sequencing = z.infer<typeof SequencingSchema>;

/** "depth=100,purity=0.7[,minReads=3]" → settings; throws with what was expected. */
export function parseSequencing(text: string): Sequencing {
  const obj: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [k, v, extra] = part.split('=').map((x) => x.trim());
    if (!k || v === undefined || extra !== undefined) throw new Error(`"${part}": expected key=value (depth=100,purity=0.7[,minReads=3])`);
    obj[k] = Number(v);
  }
  const r = SequencingSchema.safeParse(obj);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${i.path.join('.') || 'settings'}: ${i.code === 'unrecognized_keys' ? `unknown setting ${i.keys.join(', ')} (known: depth, purity, minReads)` : i.message}`);
  }
  return r.data;
}

export interface Variant {
  mutation: string;
  gene: string;
  clone: number;
  cellular_fraction: number;
  depth: number;
  alt_reads: number;
  vaf: number;
  called: 0 | 1;
}

/**
 * Callable megabases the passengers are counted over, for the TMB: a whole genome. The GRCh38
 * chromosomes total ≈ 3.1 Gb (Ensembl's GRCh38 assembly page, "chromosome length total 3.1 Gb");
 * less gaps and unmappable sequence, ~3,000 Mb is the round figure whole-genome TMB is quoted per.
 * Passengers per division (μ) are read as whole-genome counts.
 */
export const CALLABLE_GENOME_MB = 3000;

export const VARIANT_COLUMNS = ['patient', 'mutation', 'gene', 'clone', 'cellular_fraction', 'depth', 'alt_reads', 'vaf', 'called'];

export interface SequencingResult {
  variants: Variant[];
  /** Called mutations (drivers and passengers). */
  burden: number;
  /** Called passengers per callable megabase (CALLABLE_GENOME_MB). */
  tmbPerMb: number;
}

/** Sequence the tumor made of `composition` ([clone id, cells], settled groups already spread
 *  over their sub-clones: CloneTable.resolveComposition); `seed` and `patient` name the stream. */
export function sequenceTumor(clones: CloneTable, composition: readonly [number, number][], settings: Sequencing, seed: string | number, patient: number): SequencingResult {
  const total = composition.reduce((a, [, n]) => a + n, 0);
  if (!total) return { variants: [], burden: 0, tmbPerMb: 0 };
  // Cells carrying the mutations that arose in clone X = cells of X and of its descendants in the tumor.
  const carriers = new Map<number, number>();
  for (const [id, n] of composition) {
    for (let x = id; x >= 0; x = clones.parent[x]) carriers.set(x, (carriers.get(x) ?? 0) + n);
  }
  const rng = createRng(deriveSeed(seed, 'sequencing', patient));
  const variants: Variant[] = [];
  const ids = [...carriers.keys()].sort((a, b) => a - b);
  for (const x of ids) {
    // A normal ancestor's mutations are carried by every tumor cell (truncal), like the founder's.
    const p = clones.parent[x];
    const cf = carriers.get(x)! / total;
    const muts: { id: string; gene: string }[] = [];
    const newHits = clones.hits[x] & ~(p >= 0 ? clones.hits[p] : 0);
    HITS.forEach((h, k) => {
      if ((newHits >> k) & 1 && !h.phenotypic) muts.push({ id: `${h.id}@${x}`, gene: h.id });
    });
    for (let k = 0, fresh = newPassengers(clones, x); k < fresh; k++) muts.push({ id: `p${x}.${k}`, gene: 'passenger' });
    for (const m of muts) {
      const depth = rng.poisson(settings.depth);
      const vafTrue = (settings.purity * cf) / 2;
      const alt = rng.binomial(depth, vafTrue);
      variants.push({
        mutation: m.id,
        gene: m.gene,
        clone: x,
        cellular_fraction: Number(cf.toPrecision(6)),
        depth,
        alt_reads: alt,
        vaf: depth ? Number((alt / depth).toPrecision(6)) : 0,
        called: alt >= settings.minReads ? 1 : 0,
      });
    }
  }
  const passengers = variants.filter((v) => v.called && v.gene === 'passenger').length;
  return { variants, burden: variants.filter((v) => v.called).length, tmbPerMb: Number((passengers / CALLABLE_GENOME_MB).toPrecision(6)) };
}
