import { readFileSync } from 'node:fs';
import { parseScenarioText, type ResolvedNet } from '../sim/api.js';
import { runCohort } from '../sim/study/cohort.js';
const f = process.argv[2] ?? 'lung-spontaneous-parallel.json';
const s = parseScenarioText(readFileSync(new URL(`../scenarios/${f}`, import.meta.url), 'utf8'), f) as ResolvedNet;
const t0 = performance.now();
const rows = runCohort(s, { patients: Number(process.argv[3] ?? 400), seed: 1 });
console.log(rows.length, ((performance.now() - t0) / rows.length).toFixed(2), 'ms/patient');
