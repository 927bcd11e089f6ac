/** Scenario errors that name the file, the JSON path and what was expected. */
import type { z } from 'zod';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface ScenarioIssue {
  path: string;
  message: string;
}
export class ScenarioError extends Error {
  constructor(readonly source: string, readonly issues: ScenarioIssue[]) {
    super(issues.map((i) => `${source}: ${i.path}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return s;
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

/** Parse JSON text; a syntax error names the line and column (located by jsonc-parser). */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
    const where = errors.length ? ` at ${lineCol(text, errors[0].offset)}: ${printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` : `: ${(e as Error).message}`;
    throw new ScenarioError(source, [{ path: '$', message: `malformed JSON${where}` }]);
  }
}

export function zodIssues(err: z.ZodError): ScenarioIssue[] {
  return err.issues.map((i) => {
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    if (i.code === 'invalid_key') message = `unknown key: ${i.message}`;
    return { path: jsonPath(i.path), message };
  });
}
