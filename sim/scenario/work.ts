/**
 * The work and memory a scenario asks for, estimated before it runs, against stated limits
 * (core/limits.ts): ticks of one run, recorded rows of one run, lattice memory. A scenario beyond
 * a limit is refused with the estimate, its cause and the flag that raises the limit, instead of
 * running for days or filling the disk (the reliability issue: `recordEveryDays` 1e-9 wrote 4.4 GB
 * in 40 s; `dtDays` 1e-9 stalled without output).
 */
import type { RunLimits } from '../core/limits.js';
import type { Scenario } from './resolve.js';
import { DAYS_PER_YEAR } from '../core/time.js';

/** Bytes per lattice point the engine keeps: the site record (16 B) and the member lists (8 B). */
export const LATTICE_BYTES_PER_SITE = 24;

export interface WorkEstimate {
  ticks: number;
  rows: number;
  memoryMB: number;
  /** What the ticks come from, in words (for the message). */
  span: string;
}

export function estimateWork(s: Scenario): WorkEstimate {
  if (s.kind === 'net') {
    const t = s.time;
    const days = Math.max(0, t.maxAgeYears - t.startAgeYears) * DAYS_PER_YEAR;
    const sites = s.engine === 'lattice' ? s.lattice.width * s.lattice.height * s.lattice.depth : 0;
    return { ticks: days / t.dtDays, rows: days / t.recordEveryDays, memoryMB: (sites * LATTICE_BYTES_PER_SITE) / 2 ** 20, span: `${t.maxAgeYears - t.startAgeYears} years of life at time.dtDays ${t.dtDays}` };
  }
  const growth = s.rates.b - s.rates.d;
  const days = Number.isFinite(s.stop.days) ? s.stop.days : growth > 0 ? Math.log(Math.max(2, s.stop.cells / s.initialCells)) / growth : Infinity;
  const dt = Math.min(s.time.dtDays, s.time.recordEveryDays);
  const sites = s.space.mode === 'lattice' ? s.space.width * s.space.height * s.space.depth : 0;
  return { ticks: days / dt, rows: days / s.time.recordEveryDays, memoryMB: (sites * LATTICE_BYTES_PER_SITE) / 2 ** 20, span: `${Number.isFinite(days) ? days.toPrecision(3) : 'unbounded'} days at time.dtDays ${s.time.dtDays}` };
}

const fmt = (x: number) => (x >= 1e6 ? x.toExponential(1).replace('e+', 'e') : Math.round(x).toLocaleString('en'));

/** The first limit the scenario exceeds, as a message (null if within every limit). Rows count
 *  only where a run records its time series (`netevo run`; cohorts keep one row per patient). */
export function exceedsLimits(s: Scenario, limits: RunLimits, recorded: boolean): string | null {
  const w = estimateWork(s);
  if (!(w.ticks <= limits.ticks)) return `about ${fmt(w.ticks)} ticks per run (${w.span}), over the limit of ${fmt(limits.ticks)}: lengthen time.dtDays, or raise the limit with --max-ticks`;
  if (recorded && !(w.rows <= limits.rows)) return `about ${fmt(w.rows)} recorded rows per run (every ${s.time.recordEveryDays} days), over the limit of ${fmt(limits.rows)}: lengthen time.recordEveryDays, or raise the limit with --max-rows`;
  if (!(w.memoryMB <= limits.memoryMB)) return `about ${fmt(w.memoryMB)} MB of lattice per run, over the limit of ${fmt(limits.memoryMB)} MB: make the lattice smaller, or raise the limit with --max-memory`;
  return null;
}
