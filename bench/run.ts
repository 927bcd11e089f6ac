/**
 * `npm run bench [-- --json] [-- --only NAME[,NAME…]] [-- --runs N]`: each workload runs in a fresh
 * process (so peak RSS is its own), once to warm up and then `runs` times; the figures are
 * medians. Speed is measured here, never in tests.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { WORKLOADS } from './workloads.js';
import { VERSION, median } from '../sim/api.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : null;
const runsFlag = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : null;
if (runsFlag !== null && !(Number.isInteger(runsFlag) && runsFlag >= 1)) {
  console.error(`--runs ${args[args.indexOf('--runs') + 1]}: expected a positive integer`);
  process.exit(2);
}
// Children run a plain-JS bundle of bench/child.ts (built here with esbuild), so that their peak
// RSS is the workload's and not the TypeScript loader's. The bundle sits beside the sources so
// that paths relative to import.meta.url resolve the same.
const child = fileURLToPath(new URL('./.child.bundle.mjs', import.meta.url));
buildSync({
  entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
  outfile: child,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['esbuild'],
  banner: { js: "import { createRequire as __nr } from 'node:module'; const require = __nr(import.meta.url);" },
  logLevel: 'error',
});
process.on('exit', () => rmSync(child, { force: true }));
/** Median of at least one run (the core's, which is null only for no values). */
const medianOf = (xs: number[]) => median(xs)!;

interface Sample { wall: number; events: number; unit: string; maxRssMB: number; detail: Record<string, unknown> }
function once(name: string): Sample {
  const r = spawnSync(process.execPath, [child, name], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const selected = WORKLOADS.filter((w) => !only || only.some((o) => w.name.startsWith(o)));
if (!selected.length) {
  console.error(`--only ${only?.join(',')}: no workload named so (known: ${WORKLOADS.map((w) => w.name).join(', ')})`);
  process.exit(2);
}
interface Row {
  workload: string; description: string; runs: number; wall_s: number; events: number; unit: string; events_per_s: number;
  peak_rss_mb: number; target: string; target_met: boolean | null; detail: Record<string, unknown>;
}
const results: Row[] = [];
for (const w of selected) {
  const runs = runsFlag ?? w.runs;
  if (!json) process.stderr.write(`${w.name}: warm-up + ${runs} runs…\n`);
  once(w.name);
  const samples = Array.from({ length: runs }, () => once(w.name));
  const wall = medianOf(samples.map((s) => s.wall));
  const rss = medianOf(samples.map((s) => s.maxRssMB));
  const events = medianOf(samples.map((s) => s.events));
  const t = w.target;
  const met = t ? (t.wallSeconds === undefined || wall <= t.wallSeconds) && (t.rssMB === undefined || rss <= t.rssMB) : null;
  results.push({
    workload: w.name, description: w.description, runs, wall_s: +wall.toFixed(3), events, unit: samples[0].unit,
    events_per_s: Math.round(events / wall), peak_rss_mb: +rss.toFixed(1),
    target: t ? [t.wallSeconds !== undefined ? `≤ ${t.wallSeconds} s` : '', t.rssMB !== undefined ? `≤ ${t.rssMB} MB` : ''].filter(Boolean).join(', ') : '',
    target_met: met, detail: samples[0].detail,
  });
}
const speedupOf = (prefix: string) => {
  const one = results.find((r) => r.workload === `${prefix}-cohort-1w`);
  const two = results.find((r) => r.workload === `${prefix}-cohort-2w`);
  return one && two ? +(one.wall_s / two.wall_s).toFixed(2) : null;
};
const speedup = speedupOf('W2');
const speedup10 = speedupOf('W2x10');
// W1 in 3D against 2D at the same size (target at 1e6: ≤ 1.5).
const ratio3d = (size: string) => {
  const two = results.find((r) => r.workload === `W1-2D-${size}`);
  const three = results.find((r) => r.workload === `W1-3D-${size}`);
  return two && three ? +(three.wall_s / two.wall_s).toFixed(2) : null;
};
const w1Ratios = { '1e5': ratio3d('1e5'), '1e6': ratio3d('1e6') };
const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, netevo: VERSION };
if (json) {
  console.log(JSON.stringify({ machine, results, w2_speedup_1_to_2_workers: speedup, w2_speedup_target: 1.8, w2x10_speedup_1_to_2_workers: speedup10, w1_3d_to_2d_wall: w1Ratios, w1_3d_to_2d_target_1e6: 1.5 }, null, 2));
} else {
  const head = ['workload', 'wall s', 'events', 'events/s', 'peak RSS MB', 'target', 'met'];
  const rows = results.map((r) => [r.workload, r.wall_s.toFixed(3), `${r.events} ${r.unit}`, `${r.events_per_s.toLocaleString('en')} ${r.unit}/s`, r.peak_rss_mb.toFixed(1), r.target, r.target_met === null ? '' : r.target_met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`netevo ${VERSION} · node ${machine.node} · ${machine.cpus} × ${machine.cpu}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r as string[]));
  if (speedup !== null) console.log(`W2 speed-up 1 → 2 workers: ${speedup}× (target ≥ 1.8×)`);
  if (speedup10 !== null) console.log(`W2 × 10 (10,000 patients) speed-up 1 → 2 workers: ${speedup10}×`);
  for (const [size, r] of Object.entries(w1Ratios)) if (r !== null) console.log(`W1 3D/2D wall time at ${size} cells: ${r}×${size === '1e6' ? ' (target ≤ 1.5×)' : ''}`);
  const start = results.find((r) => r.workload === 'W5-startup')?.detail as Record<string, number> | undefined;
  if (start)
    console.log(`W5 start-up: netevo --version ${start.version_ms} ms, bare node ${start.bare_node_ms} ms: ${start.version_over_bare}× (target ≤ 3×); default run ${start.default_run_ms} ms for ${start.default_run_simulation_ms} ms of simulation (+${start.default_run_added_ms} ms, a bare node's ${start.bare_node_ms} ms of it; target: netevo's own share ≤ 200 ms)`);
}
