// worker_threads entry for cohort pools. Node 20 cannot start a worker from a .ts file, so this
// plain module loads the TypeScript core through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const core = await tsImport('../sim/index.ts', import.meta.url);
const scenario = core.parseScenario(workerData.input, workerData.source);
parentPort.on('message', (msg) => {
  if (msg.type === 'stop') return parentPort.close();
  try {
    const rows = [];
    for (let i = msg.start; i < msg.start + msg.count; i++) rows.push(core.simulatePatient(scenario, workerData.seed, i).record);
    parentPort.postMessage({ type: 'block', start: msg.start, rows });
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e && e.stack ? e.stack : e) });
  }
});
