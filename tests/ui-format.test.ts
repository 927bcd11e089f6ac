import { describe, expect, it } from 'vitest';
import { barLabel, compactNumber } from '../ui/format.js';

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

describe('bar labels', () => {
  it('show counts whole and other values to two decimals at most, without float noise', () => {
    expect(barLabel(57.49999999999)).toBe('57.5');
    expect(barLabel(60.5)).toBe('60.5');
    expect(barLabel(61)).toBe('61');
    expect(barLabel(1234)).toBe('1,234');
    expect(barLabel(0.55)).toBe('0.55');
    expect(barLabel(0.123456)).toBe('0.12');
    expect(barLabel(NaN)).toBe('');
  });
});
