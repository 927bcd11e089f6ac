/** File input and atomic output for the CLI (Node only: the core never touches the file system). */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distance } from 'fastest-levenshtein';
import { SITES, exceedsLimits, parseScenarioText, shippedScenarioName, type HypothesisSlug, type RunLimits, type Scenario, type ScenarioSource, type Site } from '../sim/api.js';

/** Bad input from the user (exit code 2). */
export class InputError extends Error {}

/** Outputs that cannot be written (exit code 1): one line naming the folder and the reason. */
export class OutputError extends Error {}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system', ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded', ENOTDIR: 'a part of the path is a file, not a folder', EEXIST: 'exists and is not a folder',
  ENAMETOOLONG: 'the name is too long', EISDIR: 'is a folder', EMFILE: 'too many open files', EIO: 'an input/output error',
};

/** The one line an output file-system error gets: the flag, the folder and the reason. */
export function outputError(dir: string, e: unknown, flag = '--out'): OutputError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const reason = FS_REASONS[code] ?? `${code ? `${code}: ` : ''}${String((e as Error).message ?? e).split('\n')[0]}`;
  return new OutputError(`${flag} ${dir}: cannot write there (${reason})`);
}

/** Kernel file systems that hold no files of ours (recursive mkdir under /proc never ends). */
const SPECIAL = ['/proc', '/sys', '/dev'];
function refuseSpecial(dir: string, flag: string): void {
  const abs = resolve(dir);
  const fs = SPECIAL.find((p) => abs === p || abs.startsWith(p + sep));
  if (fs) throw new OutputError(`${flag} ${dir}: a special file system (${fs}), not a place for output files`);
}

/**
 * Check before any simulation that `dir` can hold the outputs: not under /proc, /sys or /dev,
 * every existing part of the path a folder, and a file can be created there (a probe written and
 * removed). Folders created for the probe are removed again, so an interrupted run leaves
 * nothing. Throws OutputError with one line.
 */
export function checkOutputDir(dir: string, flag = '--out'): void {
  refuseSpecial(dir, flag);
  const abs = resolve(dir);
  const created: string[] = [];
  for (let p = abs; !existsSync(p); p = dirname(p)) {
    created.push(p);
    if (dirname(p) === p) break;
  }
  try {
    // Processes started together on one new folder (the array tasks of a sharded fit or sweep)
    // each create it and remove it again after their probe: one's removal can come between
    // another's mkdir and probe (ENOENT). That process makes the folder again and probes again.
    for (let attempt = 1; ; attempt++) {
      try {
        mkdirSync(abs, { recursive: true }); // an existing file there: EEXIST
        const probe = join(abs, `.netevo-probe-${process.pid}`);
        writeFileSync(probe, 'probe');
        rmSync(probe, { force: true });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 20) throw e;
      }
    }
  } catch (e) {
    throw outputError(dir, e, flag);
  } finally {
    for (const p of created) {
      try {
        rmdirSync(p);
      } catch {
        // not created by us after all, or not empty: leave it
      }
    }
  }
}

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
export function loadScenario(arg: string): { s: Scenario; file: string; text: string } {
  const path = resolveScenarioPath(arg);
  const file = path === arg ? arg : relative(process.cwd(), path);
  const text = readInputFile(path, 'scenario file');
  return { s: parseScenarioText(text, file), file, text };
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
  // The folder was checked before the run (checkOutputDir); here it is only made, so that a
  // folder others watch (a sweep's tasks/) never appears and vanishes again.
  refuseSpecial(dir, '--out');
  const temps: [string, string][] = [];
  try {
    mkdirSync(dir, { recursive: true });
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
  } catch (e) {
    throw outputError(dir, e);
  } finally {
    for (const [tmp] of temps) if (pending.has(tmp)) {
      rmSync(tmp, { force: true });
      pending.delete(tmp);
    }
  }
}

/** Refuse, before it runs, a scenario whose estimated work exceeds the limits (exit 2). */
export function checkLimits(s: Scenario, file: string, limits: RunLimits, recorded: boolean): void {
  const why = exceedsLimits(s, limits, recorded);
  if (why) throw new InputError(`${file}: ${why}`);
}

/** What the commands that run one scenario's cohort on the worker pool take (check, trial). */
export interface CohortCommandOptions {
  patients: number;
  seed: number;
  workers: number;
  out?: string;
  quiet?: boolean;
  /** Work limits of one patient's run (the default ones unless given). */
  limits?: RunLimits;
}
