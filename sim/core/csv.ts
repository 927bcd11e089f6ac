/** CSV text (papaparse): the same bytes from the CLI and the browser. */
import Papa from 'papaparse';

export function toCsv(columns: string[], rows: readonly (readonly unknown[])[]): string {
  return Papa.unparse({ fields: columns, data: rows as unknown[][] }, { newline: '\n' }) + '\n';
}

export function recordsToCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return toCsv(cols, rows.map((r) => cols.map((c) => r[c])));
}
