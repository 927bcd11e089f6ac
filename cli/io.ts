/** File input and atomic output for the CLI (Node only: the core never touches the file system). */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distance } from 'fastest-levenshtein';
import { SITES, parseScenarioText, shippedScenarioName, type HypothesisSlug, type Scenario, type ScenarioSource, type Site } from '../sim/api.js';

/** Bad input from the user (exit code 2). */
export class InputError extends Error {}

export function readInputFile(path: string, what: string): string {
  if (!existsSync(path)) throw new InputError(`${path}: no such ${what}`);
  if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, expected a ${what}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read ${what}: ${(e as Error).message}`);
  }
}

/** The scenarios shipped in scenarios/ (names without .json). */
const SHIPPED = fileURLToPath(new URL('../scenarios/', import.meta.url));
export function shippedScenarios(): string[] {
  return readdirSync(SHIPPED).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export function checkSite(site: string): Site {
  if (!(SITES as readonly string[]).includes(site)) throw new InputError(`site "${site}": expected one of ${SITES.join(', ')}`);
  return site as Site;
}

/** The shipped scenario of a site and hypothesis, reported as `scenarios/<name>.json`. */
export function siteScenario(site: Site, hyp: HypothesisSlug): ScenarioSource {
  const name = `${shippedScenarioName(site, hyp)}.json`;
  return { input: JSON.parse(readFileSync(join(SHIPPED, name), 'utf8')), file: `scenarios/${name}` };
}

/**
 * A scenario argument: a file path, or the name of a shipped scenario ("lung-immune-divergent",
 * with or without .json). An unknown name gets the nearest shipped names as suggestions.
 */
export function resolveScenarioPath(arg: string): string {
  if (existsSync(arg)) return arg;
  const name = basename(arg).replace(/\.json$/, '');
  const shipped = shippedScenarios();
  if (!/[\\/]/.test(arg) && shipped.includes(name)) return join(SHIPPED, `${name}.json`);
  const near = shipped
    .map((s) => [s, distance(name, s)] as const)
    .filter(([s, d]) => d <= Math.max(2, Math.floor(s.length / 4)))
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([s]) => s);
  throw new InputError(
    `${arg}: no such scenario file${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (a path, or a shipped scenario: ${shipped.join(', ')})`,
  );
}

/** A scenario from a path or a shipped name, and the path to report (relative to here). */
export function loadScenario(arg: string): { s: Scenario; file: string } {
  const path = resolveScenarioPath(arg);
  const file = path === arg ? arg : relative(process.cwd(), path);
  return { s: parseScenarioText(readInputFile(path, 'scenario file'), file), file };
}

const pending = new Set<string>();
process.on('exit', () => {
  for (const f of pending) rmSync(f, { force: true });
});

/**
 * Write every file to a temporary name in `dir`, then rename them into place. A crash or Ctrl-C
 * before the renames leaves no partial file under a final name (temporaries are removed on exit).
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`--out ${dir}: exists and is not a directory`);
  mkdirSync(dir, { recursive: true });
  const temps: [string, string][] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const tmp = join(dir, `.${name}.tmp-${process.pid}`);
      pending.add(tmp);
      writeFileSync(tmp, text);
      temps.push([tmp, join(dir, name)]);
    }
    for (const [tmp, final] of temps) {
      renameSync(tmp, final);
      pending.delete(tmp);
    }
  } finally {
    for (const [tmp] of temps) if (pending.has(tmp)) {
      rmSync(tmp, { force: true });
      pending.delete(tmp);
    }
  }
}
