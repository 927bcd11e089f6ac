/**
 * `netevo check`: every row of published tables against one simulated cohort, each with the 95 %
 * interval its own sampling error allows, and whether the simulated value falls inside. Pure: the
 * rows, the cohort and the text of check.csv and check.md go in and out; the CLI runs the cohort
 * and writes the files. The measures are the fit's (fit/measures.ts), counted the same way.
 */
import type { Site } from '../biology/biology.js';
import { toCsv } from '../core/csv.js';
import type { PatientRecord } from '../net/patient.js';
import { APPROXIMATE_N, evaluate, medianSe, type Evaluation, type SizeSource } from './fit/measures.js';
import type { TargetRow } from './fit/targets.js';
import { wilson } from './inference.js';

export type CheckStatus = 'inside' | 'outside' | 'not computable' | 'not this site';

export interface CheckRow {
  /** The table the row comes from (as the user named it) and its line there. */
  table: string;
  line: number;
  cohort: string;
  group: string;
  measure: string;
  /** Unit of published, lo, hi and simulated: proportions and survival are shown in %. */
  unit: string;
  published: number;
  /** The sample size behind the published value, and where it came from (null: no interval). */
  n: number | null;
  size: SizeSource | null;
  lo: number | null;
  hi: number | null;
  simulated: number | null;
  /** Simulated patients the value was computed over. */
  simulatedN: number | null;
  status: CheckStatus;
  note: string;
}

const Z95 = 1.959963984540054;

const unitOf = (measure: string) => (measure.endsWith('_years') ? 'years' : measure.endsWith('_per_mb') ? 'per Mb' : measure.endsWith('_percent') ? '%' : '');

function sizeNote(e: { n: number; size: SizeSource }): string {
  if (e.size === 'assumed') return `no denominator: read as n = ${APPROXIMATE_N} (wide tolerance)`;
  if (e.size === 'group size') return `n = ${e.n}, the group's size in the cohort's tumors row`;
  return '';
}

function checkRow(table: string, row: TargetRow, e: Evaluation): CheckRow {
  const base = { table, line: row.line, cohort: row.cohort, group: row.group, measure: row.measure };
  if (e.kind === 'none')
    return { ...base, unit: unitOf(row.measure), published: row.value, n: row.denominator, size: row.denominator === null ? null : 'denominator', lo: null, hi: null, simulated: null, simulatedN: null, status: e.otherSite ? 'not this site' : 'not computable', note: e.reason };
  const notes = [sizeNote(e)];
  let published: number, lo: number | null, hi: number | null, simulated: number | null;
  if (e.kind === 'median') {
    published = e.v;
    simulated = e.sim;
    // The interval needs a spread; the tables give none, so it is the simulated group's (medianSe).
    const h = e.sigma === null ? null : Z95 * medianSe(e.v, e.sigma, e.n);
    [lo, hi] = h === null ? [null, null] : [Math.max(0, e.v - h), e.v + h];
  } else {
    published = 100 * e.p;
    [lo, hi] = wilson(e.p * e.n, e.n).map((x) => 100 * x);
    const sim = e.kind === 'proportion' ? e.q : e.s;
    simulated = sim === null ? null : 100 * sim;
    if (e.kind === 'proportion' && !row.measure.endsWith('_percent')) notes.unshift(`${row.value} of ${e.n}`);
  }
  if (simulated === null) notes.unshift(e.reason ?? 'not computable');
  const status: CheckStatus = simulated === null || lo === null ? 'not computable' : simulated >= lo && simulated <= hi! ? 'inside' : 'outside';
  const unit = e.kind === 'median' ? unitOf(row.measure) : '%';
  return { ...base, unit, published, n: e.n, size: e.size, lo, hi, simulated, simulatedN: e.nSim, status, note: notes.filter(Boolean).join('; ') };
}

/** Every row of one table against a cohort (all its patients; the diagnosed ones are counted). */
export function checkTable(table: string, rows: readonly TargetRow[], site: Site, patients: readonly PatientRecord[]): CheckRow[] {
  return evaluate(rows, site, patients).map((e, i) => checkRow(table, rows[i], e));
}

export interface CheckSummary {
  rows: number;
  inside: number;
  /** Rows with a simulated value and an interval (inside or outside). */
  computable: number;
  notComputable: number;
  otherSite: number;
  /** inside / computable, in % (null when nothing was computable). */
  percent: number | null;
}

export function checkSummary(rows: readonly CheckRow[]): CheckSummary {
  const count = (s: CheckStatus) => rows.filter((r) => r.status === s).length;
  const inside = count('inside');
  const computable = inside + count('outside');
  return { rows: rows.length, inside, computable, notComputable: count('not computable'), otherSite: count('not this site'), percent: computable ? (100 * inside) / computable : null };
}

/** How the intervals and simulated values are made: check.md's footnotes and the command's. */
export const CHECK_NOTES: readonly string[] = [
  'Simulated values count diagnosed patients only, within the row\'s group, as the published cohorts did: a grade group ("lung G1") is the tumours of that grade at diagnosis; a location share counts tumours with a recorded location; metastasis ever means at diagnosis or during follow-up.',
  `Counts and percentages: 95 % Wilson score interval of the published proportion at its denominator. A row without a denominator (an approximate figure) is read as counted over n = ${APPROXIMATE_N} tumours, a deliberately wide interval.`,
  'Survival: Kaplan–Meier from diagnosis; the event is death of any cause (tumour or other), patients alive at the end of follow-up are censored. The published value\'s interval is the Wilson interval at its denominator, which ignores censoring (a little narrower than the curve\'s own).',
  `Medians: the tables give no spread, so the interval is the median ± 1.96 × 1.2533 σ/√n (the large-sample standard error of a median of normal data), with σ the simulated group's interquartile range / 1.349 (at least 5 % of the median): it assumes the model's spread. n is the denominator, else the group's size in the same cohort's tumors row, else ${APPROXIMATE_N}.`,
];

const num = (x: number | null) => (x === null ? '' : Number(x.toPrecision(6)));

/** check.csv: one line per table row. */
export function checkCsv(rows: readonly CheckRow[]): string {
  return toCsv(
    ['table', 'line', 'cohort', 'group', 'measure', 'unit', 'published', 'n', 'n_source', 'lo95', 'hi95', 'simulated', 'simulated_n', 'status', 'note'],
    rows.map((r) => [r.table, r.line, r.cohort, r.group, r.measure, r.unit, num(r.published), r.n ?? '', r.size ?? '', num(r.lo), num(r.hi), num(r.simulated), r.simulatedN ?? '', r.status, r.note]),
  );
}

const show = (x: number | null, unit: string) => (x === null ? '–' : unit === '%' ? x.toFixed(1) : String(Number(x.toPrecision(3))));

/** The table as Markdown, columns padded so it also reads as plain text (what the command prints). */
export function checkMarkdown(rows: readonly CheckRow[], heading: string): string {
  const head = ['table', 'cohort', 'group', 'measure', 'published', 'n', '95 % interval', 'simulated', 'sim. n', 'status', 'note'];
  const cells = rows.map((r) => [
    r.table, r.cohort, r.group, r.measure,
    `${show(r.published, r.unit)}${r.unit ? ` ${r.unit}` : ''}`,
    r.n === null ? '' : `${r.n}${r.size === 'assumed' ? '*' : r.size === 'group size' ? '†' : ''}`,
    r.lo === null ? '' : `${show(r.lo, r.unit)}–${show(r.hi, r.unit)}`,
    show(r.simulated, r.unit), r.simulatedN === null ? '' : String(r.simulatedN),
    r.status, r.note,
  ]);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const widths = head.map((h, j) => Math.max(h.length, ...cells.map((c) => esc(c[j]).length)));
  // The last column (the note) is not padded: its width would only add trailing blanks.
  const line = (c: string[]) => `| ${c.map((x, j) => (j < c.length - 1 ? esc(x).padEnd(widths[j]) : esc(x))).join(' | ')} |`;
  const s = checkSummary(rows);
  const summary = `Inside the 95 % interval: ${s.inside} of ${s.computable} computable rows${s.percent === null ? '' : ` (${s.percent.toFixed(0)} %)`}; ${s.notComputable} not computable, ${s.otherSite} of another site; ${s.rows} rows in all.`;
  return [
    heading, '',
    line(head), `|${widths.map((w, j) => '-'.repeat(j < widths.length - 1 ? w + 2 : 6)).join('|')}|`, ...cells.map(line), '',
    summary, '',
    `\\* no denominator: read as n = ${APPROXIMATE_N}. † n from the group's size in the same cohort's tumors row.`, '',
    ...CHECK_NOTES.map((n, i) => `${i + 1}. ${n}`), '',
  ].join('\n');
}
