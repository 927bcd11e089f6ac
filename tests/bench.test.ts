/**
 * The benchmark's own workloads must stay valid scenarios: a schema range added later once broke
 * `npm run bench` (W1 asked for time.dtDays 1e9). The W1 builders run here at a small size.
 */
import { describe, expect, it } from 'vitest';
import { WORKLOADS, latticeGrowth } from '../bench/workloads.js';

describe('bench workloads', () => {
  it.each([2, 3] as const)('W1 in %iD is accepted and grows from one cell to its size', async (d) => {
    const r = await latticeGrowth(2000, d)();
    expect(r.detail.cells).toBeGreaterThanOrEqual(2000);
    // every cell but the first was born; deaths add events on top
    expect(r.events).toBeGreaterThanOrEqual(1999);
    expect(Number(r.detail.births) - Number(r.detail.deaths)).toBe(Number(r.detail.cells) - 1);
  });

  it('names are unique', () => {
    const names = WORKLOADS.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
