/**
 * worker_threads entry for cohort and sweep pools. The pool bundles this file (and the core)
 * with esbuild into one script at start-up, because Node 20 cannot start a worker from .ts and
 * a bundle starts in milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseScenario, simulatePatient } from '../sim/index.js';

const port = parentPort!;
const scenario = parseScenario(workerData.input, workerData.source);
if (scenario.kind !== 'net') throw new Error('cohort workers need a net scenario');
port.on('message', (msg: { type: 'run' | 'stop'; start: number; count: number }) => {
  if (msg.type === 'stop') return port.close();
  try {
    const rows = [];
    for (let i = msg.start; i < msg.start + msg.count; i++) rows.push(simulatePatient(scenario, workerData.seed, i, { sequencing: workerData.sequencing }).record);
    port.postMessage({ type: 'block', start: msg.start, rows });
  } catch (e) {
    port.postMessage({ type: 'error', message: String((e as Error)?.stack ?? e) });
  }
});
