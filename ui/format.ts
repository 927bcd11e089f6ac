/** Axis numbers a reader takes in at a glance: 1,000 up to 9,999, then powers of ten (10⁹) or a
 *  mantissa with one (2.5×10⁸), so a label never outgrows its axis. */
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => `${n < 0 ? '⁻' : ''}${String(Math.abs(n)).split('').map((d) => SUPERSCRIPT[Number(d)]).join('')}`;

export function compactNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-3 && a < 1e4)) return Number(v.toPrecision(6)).toLocaleString('en');
  const e = Math.floor(Math.log10(a));
  const m = Number((v / 10 ** e).toPrecision(3));
  // Rounding may carry the mantissa to 10 (9.999e8 → 10×10⁸): write it as the next power.
  if (Math.abs(m) === 10) return `${m < 0 ? '−' : ''}10${sup(e + 1)}`;
  return Math.abs(m) === 1 ? `${m < 0 ? '−' : ''}10${sup(e)}` : `${String(m).replace('-', '−')}×10${sup(e)}`;
}

/** A number printed over a bar: a count as it is (1,234), anything else to two decimals at most
 *  (57.5 for 57.4999…, 0.55), so float noise never shows. */
export function barLabel(v: number): string {
  return Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: 2 }) : '';
}
