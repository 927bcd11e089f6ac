import { describe, expect, it } from 'vitest';
import { compactNumber } from '../ui/format.js';

describe('axis numbers', () => {
  it('stay short: plain up to 9,999, then powers of ten', () => {
    expect(compactNumber(0)).toBe('0');
    expect(compactNumber(0.25)).toBe('0.25');
    expect(compactNumber(2500)).toBe('2,500');
    expect(compactNumber(1e9)).toBe('10⁹');
    expect(compactNumber(2.5e8)).toBe('2.5×10⁸');
    expect(compactNumber(-3e5)).toBe('−3×10⁵');
    expect(compactNumber(9.9999e8)).toBe('10⁹');
    expect(compactNumber(1e-5)).toBe('10⁻⁵');
    expect(compactNumber(NaN)).toBe('');
  });
  it('never exceeds 9 characters from 1e-9 to 1e15', () => {
    for (let e = -9; e <= 15; e += 0.37) expect(compactNumber(10 ** e).length, String(10 ** e)).toBeLessThanOrEqual(9);
  });
});
