import { parseScenario, type ResolvedBirthDeath } from '../sim/scenario.js';
import { BirthDeathSimulation } from '../sim/birthdeath.js';
const cells = 3e5; const side = Math.ceil(Math.sqrt(cells / Math.PI) * 2.6);
const s = parseScenario({ kind: 'birth-death', name: 'W1', space: { mode: 'lattice', width: side, height: side }, rates: { b: 1, d: 0.1, mu: 1 }, stop: { cells }, time: { dtDays: 1e9, recordEveryDays: 1e9 } }) as ResolvedBirthDeath;
const t = performance.now(); const sim = new BirthDeathSimulation(s, 1); sim.advance(); console.log((performance.now()-t).toFixed(0), sim.model.counters);
