#!/usr/bin/env node
// The netevo command. The CLI is TypeScript: it runs as one script built with esbuild from cli/
// and sim/ with its dependencies (~0.5 s, the first time) and cached in node_modules/.cache/netevo
// under a key of its sources, the lockfile and Node's version, with V8's code cache beside it, so
// later commands start without compiling TypeScript or thousands of modules. Where the cache
// cannot be written (a read-only install) or esbuild is missing, tsx loads the sources as before.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = new URL('../', import.meta.url);
const at = (f) => new URL(f, root);

/** A key of the sources: each file's path, size and modification time (no file is read). */
function sourcesKey() {
  const h = createHash('sha256').update(process.version);
  const ts = (dir) => readdirSync(at(dir), { recursive: true }).filter((f) => f.endsWith('.ts')).sort().map((f) => `${dir}${f}`);
  for (const f of ['package-lock.json', 'bin/netevo.mjs', ...ts('cli/'), ...ts('sim/')]) {
    const st = statSync(at(f));
    h.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** Write `data` to `file` through a temporary name (a concurrent start never reads half a file). */
function writeAtomically(file, data) {
  const tmp = `${fileURLToPath(file)}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

async function bundled() {
  const dir = at('node_modules/.cache/netevo/');
  const file = new URL(`cli-${sourcesKey()}.cjs`, dir);
  const codeCache = new URL(`${file.pathname.split('/').pop()}.v8`, dir);
  if (!existsSync(file)) {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(at('cli/main.ts'))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Dependencies go in too (mathjs alone is thousands of modules unbundled); esbuild, which
      // builds the cohort workers' script when a pool first needs it, stays a package.
      external: ['esbuild'],
      mainFields: ['module', 'main'],
      // The CLI finds scenarios/ and its worker relative to cli/: keep that anchor in the bundle.
      define: { 'import.meta.url': 'globalThis.__netevoCliUrl' },
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    mkdirSync(dir, { recursive: true });
    writeAtomically(file, out.outputFiles[0].text);
  }
  globalThis.__netevoCliUrl = at('cli/main.ts').href;
  const filename = fileURLToPath(file);
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    // first start of this bundle: no code cache yet
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, fileURLToPath(dir));
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      writeAtomically(codeCache, script.createCachedData());
    } catch {
      // a read-only cache: compile again next time
    }
  }
  return module.exports;
}

let cli;
try {
  cli = await bundled();
} catch {
  const { tsImport } = await import('tsx/esm/api');
  cli = await tsImport('../cli/main.ts', import.meta.url);
}
const { main, defaultIo, installSignalHandlers } = cli;
const io = defaultIo();
installSignalHandlers(io);
process.exitCode = await main(process.argv.slice(2), io);
