import { readFileSync } from 'node:fs';
import { parseScenarioText, type ResolvedNet } from '../sim/scenario.js';
import { runCohortParallel, workerBundle } from '../cli/pool.js';
const s = parseScenarioText(readFileSync('scenarios/lung-immune-divergent.json', 'utf8'), 'x') as ResolvedNet;
let t = performance.now(); workerBundle(); console.log('bundle', (performance.now() - t).toFixed(0));
for (const w of [1, 2]) {
  t = performance.now();
  await runCohortParallel('x', s, { patients: 1000, seed: 1, workers: w, signal: { interrupted: false }, breathe: async () => {} }, () => {});
  console.log('workers', w, (performance.now() - t).toFixed(0));
}
