/**
 * worker_threads entry for cohort pools. The pool bundles this file (and the core) with esbuild
 * into one script at start-up, because Node 20 cannot start a worker from .ts and a bundle
 * starts in milliseconds. A worker lives across tasks: `load` switches its scenario (NET: patient
 * records; birth–death: replicate records).
 */
import { parentPort } from 'node:worker_threads';
import { SimulationError, parseScenario, simulateRows, type Block, type CohortScenario, type Sequencing } from '../sim/api.js';

const port = parentPort!;
let scenario: CohortScenario | null = null;
let sequencing: Sequencing | undefined;

type Message =
  | { type: 'load'; input: unknown; source: string; sequencing?: Sequencing }
  | { type: 'run'; block: Block; seed: number | string }
  | { type: 'stop' };

port.on('message', (msg: Message) => {
  try {
    if (msg.type === 'stop') return port.close();
    if (msg.type === 'load') {
      scenario = parseScenario(msg.input, msg.source);
      sequencing = msg.sequencing;
      return port.postMessage({ type: 'loaded' });
    }
    if (!scenario) throw new Error('no scenario loaded');
    port.postMessage({ type: 'block', start: msg.block.start, rows: simulateRows(scenario, msg.seed, msg.block, { sequencing }) });
  } catch (e) {
    // A run stopped by a limit is the input's fault (its message says which); anything else a bug.
    if (e instanceof SimulationError) port.postMessage({ type: 'error', simulation: true, message: e.message });
    else port.postMessage({ type: 'error', message: String((e as Error)?.stack ?? e) });
  }
});
