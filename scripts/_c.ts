import { readFileSync } from 'node:fs';
import { parseScenarioText, type ResolvedNet } from '../sim/scenario.js';
import { runCohort } from '../sim/cohort.js';
const s = parseScenarioText(readFileSync('scenarios/lung-immune-divergent.json', 'utf8'), 'x') as ResolvedNet;
const t = performance.now(); runCohort(s, { patients: 1000, seed: 1 }); console.log((performance.now() - t).toFixed(0));
