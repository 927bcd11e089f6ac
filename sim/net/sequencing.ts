/**
 * Simulated sequencing of a diagnosed tumor: every mutation of its clones (drivers and neutral
 * passengers, infinite sites) at its cellular fraction, reads drawn at the given depth and purity
 * (depth ~ Poisson, alternative reads ~ Binomial(depth, purity × fraction / 2) for a heterozygous
 * mutation in a diploid genome), called at ≥ minReads alternative reads. The mutation burden is
 * the number of called mutations. A stream of its own: sequencing never changes the simulation.
 */
import { z } from 'zod';
import { HITS } from '../biology/biology.js';
import type { CloneTable } from '../core/clones.js';
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

export const VARIANT_COLUMNS = ['patient', 'mutation', 'gene', 'clone', 'cellular_fraction', 'depth', 'alt_reads', 'vaf', 'called'];

/** Sequence the tumor made of `composition` ([clone id, cells]); `seed` and `patient` name the stream. */
export function sequenceTumor(clones: CloneTable, composition: readonly [number, number][], settings: Sequencing, seed: string | number, patient: number): { variants: Variant[]; burden: number } {
  const total = composition.reduce((a, [, n]) => a + n, 0);
  if (!total) return { variants: [], burden: 0 };
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
      if ((newHits >> k) & 1) muts.push({ id: `${h.id}@${x}`, gene: h.id });
    });
    const newPassengers = clones.founderPassengers[x] - (p >= 0 ? clones.founderPassengers[p] : 0);
    for (let k = 0; k < newPassengers; k++) muts.push({ id: `p${x}.${k}`, gene: 'passenger' });
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
  return { variants, burden: variants.filter((v) => v.called).length };
}
