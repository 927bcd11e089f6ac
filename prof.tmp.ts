import { readFileSync } from 'node:fs';
import { parseScenario, runCohort, type ResolvedNet } from './sim/api.js';
const s = parseScenario(JSON.parse(readFileSync(process.argv[2], 'utf8'))) as ResolvedNet;
const t = Date.now();
const rows = runCohort(s, { patients: Number(process.argv[3] ?? 500), seed: 'p' });
console.log(rows.length, rows.filter(r=>r.diagnosed).length, (Date.now()-t)+'ms');
