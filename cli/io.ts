/** File input and atomic output for the CLI (Node only: the core never touches the file system). */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
