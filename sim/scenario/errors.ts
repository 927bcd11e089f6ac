/** Scenario errors that name the file, the JSON path and what was expected. */
import type { z } from 'zod';
import { parse as parseJsonc, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';

export interface ScenarioIssue {
  path: string;
  message: string;
}
/** How much of the input a message may echo (a path, a value): a 1 MB string is not repeated back. */
export const ECHO_CHARS = 300;

/** `text`, cut to `max` characters with a note of how long it was. */
export function clip(text: string, max = ECHO_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  constructor(readonly source: string, issues: ScenarioIssue[]) {
    const clipped = issues.map((i) => ({ path: clip(i.path, 120), message: clip(i.message) }));
    super(clipped.map((i) => `${source}: ${i.path}: ${i.message}`).join('\n'));
    this.issues = clipped;
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

/** Keys a scenario never has and JavaScript objects treat specially (prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parse JSON text; a syntax error names the line and column (located by jsonc-parser). A leading
 * byte-order mark is accepted. Rejected by name, with their JSON path: a key given twice in one
 * object (JSON.parse would silently keep the last), the keys `__proto__`, `constructor` and
 * `prototype`, and a number too large for a double (1e400: JSON.parse makes it Infinity).
 */
export function parseJsonText(text: string, source: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const errors: ParseError[] = [];
    try {
      parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
    } catch {
      // nested too deeply for the locating parser: report JSON.parse's message
    }
    const where = errors.length ? ` at ${lineCol(text, errors[0].offset)}: ${printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` : `: ${(e as Error).message}`;
    throw new ScenarioError(source, [{ path: '$', message: `malformed JSON${where}` }]);
  }
  const issues: ScenarioIssue[] = [];
  const keys: Set<string>[] = [];
  try {
    visit(text, {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (key, _o, _l, _sl, _sc, path) => {
        const seen = keys[keys.length - 1];
        if (FORBIDDEN_KEYS.has(key)) issues.push({ path: jsonPath(path()), message: `key "${key}" is not allowed` });
        else if (seen?.has(key)) issues.push({ path: jsonPath([...path(), key]), message: `duplicate key "${clip(key, 60)}" (each key once per object)` });
        seen?.add(key);
      },
      onLiteralValue: (value, offset, length, _sl, _sc, path) => {
        if (typeof value === 'number' && !Number.isFinite(value)) issues.push({ path: jsonPath(path()), message: `number out of range: ${clip(text.slice(offset, offset + length), 40)} (at most ±1.8e308)` });
      },
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    issues.push({ path: '$', message: 'nested too deeply' });
  }
  if (issues.length) throw new ScenarioError(source, issues.slice(0, 20));
  return data;
}

export function zodIssues(err: z.ZodError): ScenarioIssue[] {
  return err.issues.map((i) => {
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    if (i.code === 'invalid_key') message = `unknown key: ${i.message}`;
    return { path: jsonPath(i.path), message };
  });
}
