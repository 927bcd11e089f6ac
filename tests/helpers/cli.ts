import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { main } from '../../cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process (same code path as bin/netevo.mjs, without the process boundary). */
export async function netevo(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
    signal: { interrupted: false },
  });
  return { code, stdout, stderr };
}

export const tmp = (prefix = 'netevo-test-') => mkdtempSync(join(tmpdir(), prefix));

export function readCsv(path: string): Record<string, string>[] {
  const r = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  if (r.errors.length) throw new Error(`${path}: ${r.errors[0].message}`);
  return r.data;
}

export const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
