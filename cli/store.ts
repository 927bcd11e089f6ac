/**
 * A resumable, hash-keyed store of finished work (sweep tasks, fit simulations): entry i is one
 * small file `DIR/<prefix>-<i, 6 digits>.json` holding `{"key": …, "<field>": value}`, written
 * atomically the moment it is done, so a stopped run loses at most the entries in progress.
 * The key is a hash of everything that made the entries; a file under another key is someone
 * else's and is ignored. A corrupt file is reported with its path and its entry is done again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFilesAtomically } from './io.js';

/** The key of an identity: the first 16 hex digits of the SHA-256 of its JSON. */
export const identityKey = (identity: unknown) => createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);

export class JsonStore<T> {
  private pattern: RegExp;

  /**
   * @param dir the store's directory (created on the first write)
   * @param prefix, field file name prefix and the JSON field holding the value ('task', 'row')
   * @param key identityKey() of what made the entries
   * @param report where a corrupt file is reported (stderr)
   */
  constructor(readonly dir: string, private prefix: string, private field: string, readonly key: string, private report: (message: string) => void) {
    this.pattern = new RegExp(`^${prefix}-(\\d{6,})\\.json$`);
  }

  private file(i: number): string {
    return `${this.prefix}-${String(i).padStart(6, '0')}.json`;
  }

  /** Every entry stored under this key, by index. */
  load(): Map<number, T> {
    const out = new Map<number, T>();
    if (!existsSync(this.dir)) return out;
    for (const f of readdirSync(this.dir).sort()) {
      const m = this.pattern.exec(f);
      if (!m) continue;
      const path = join(this.dir, f);
      let entry: unknown;
      try {
        entry = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        this.report(`netevo: ${path}: unreadable (${(e as Error).message}); it will be run again\n`);
        continue;
      }
      if (typeof entry !== 'object' || entry === null || !('key' in entry) || !(this.field in entry)) {
        this.report(`netevo: ${path}: not a netevo ${this.prefix} file (expected "key" and "${this.field}"); it will be run again\n`);
        continue;
      }
      const e = entry as Record<string, unknown>;
      if (e.key === this.key) out.set(Number(m[1]), e[this.field] as T);
    }
    return out;
  }

  /** Entry i if its file is there under this key (read now: another process may have written it). */
  read(i: number): T | undefined {
    const path = join(this.dir, this.file(i));
    if (!existsSync(path)) return undefined;
    try {
      const e = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      return e.key === this.key ? (e[this.field] as T) : undefined;
    } catch {
      return undefined; // being written (renamed into place whole) or corrupt: not there yet
    }
  }

  put(i: number, value: T): void {
    writeFilesAtomically(this.dir, { [this.file(i)]: JSON.stringify({ key: this.key, [this.field]: value }) + '\n' });
  }
}
