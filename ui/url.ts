/**
 * Shareable links: scenario name, overrides and seed in the URL hash, compressed with lz-string.
 * A hash from elsewhere is untrusted: its size is bounded, it must decompress, parse and match the
 * schema below, and the scenario it yields is validated by the core like any other.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { z } from 'zod';

export const ShareSchema = z.strictObject({
  v: z.literal(1),
  scenario: z.string().min(1).max(200),
  overrides: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  view: z.enum(['run', 'cohort', 'compare']).default('run'),
  patients: z.number().int().min(1).max(100_000).optional(),
  /** The run's speed: a position of the speed slider (0 slowest … 8 as fast as it runs). */
  speed: z.number().int().min(0).max(8).optional(),
});
export type Share = z.infer<typeof ShareSchema>;

const MAX_HASH = 20_000;

export function encodeShare(s: Share): string {
  return `#r=${compressToEncodedURIComponent(JSON.stringify(s))}`;
}

export function decodeShare(hash: string): { ok: true; share: Share } | { ok: false; error: string } | null {
  if (!hash || hash === '#') return null;
  if (!hash.startsWith('#r=')) return { ok: false, error: 'this link is not a netevo link (expected #r=…)' };
  if (hash.length > MAX_HASH) return { ok: false, error: `this link is too long (${hash.length} characters, at most ${MAX_HASH})` };
  let text: string | null = null;
  try {
    text = decompressFromEncodedURIComponent(hash.slice(3));
  } catch {
    text = null;
  }
  if (!text) return { ok: false, error: 'this link is corrupted: it does not decompress' };
  if (text.length > 200_000) return { ok: false, error: 'this link decompresses to too much data' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'this link is corrupted: its content is not JSON' };
  }
  const r = ShareSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: `this link is invalid: ${i.path.join('.') || 'content'}: ${i.message}` };
  }
  return { ok: true, share: r.data };
}
