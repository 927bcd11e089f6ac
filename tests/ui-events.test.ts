import { describe, expect, it } from 'vitest';
import { cloneEvents } from '../ui/events.js';

describe('clone events of a run', () => {
  it('names hits gained and programs changed, not passenger sub-clones, in order of age', () => {
    // 0 root (normal), 1 MEN1 lesion, 2 passenger sub-clone of 1, 3 DAXX on top of 1 and a new program.
    const meta = {
      program: Int32Array.from([0, 0, 0, 1]),
      hits: Int32Array.from([0, 0b01, 0b01, 0b11]),
      neoplastic: Uint8Array.from([0, 1, 1, 1]),
      parent: Int32Array.from([-1, 0, 1, 1]),
      bornYears: Float64Array.from([15, 40.3, 41, 40.9]),
    };
    expect(cloneEvents(meta, ['MEN1', 'DAXX'], ['generic', 'alpha'])).toEqual([
      { ageYears: 40.3, clone: 1, text: 'MEN1 in clone 1' },
      { ageYears: 40.9, clone: 3, text: 'DAXX in clone 3' },
      { ageYears: 40.9, clone: 3, text: 'alpha program in clone 3' },
    ]);
  });
});
