import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { workerBundle } from '../cli/pool.js';
const b = workerBundle();
const input = JSON.parse(readFileSync('scenarios/lung-immune-divergent.json', 'utf8'));
for (const nW of [1, 2]) {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: nW }, (_, k) => new Promise<void>((res) => {
    const w = new Worker(b, { eval: true, workerData: { input, source: 'x', seed: 1 } });
    let next = k * 8; const tOn = performance.now();
    w.on('online', () => { console.log(`w${k} online ${(performance.now()-tOn).toFixed(0)}ms`); w.postMessage({ type: 'run', start: next, count: 8 }); });
    w.on('message', () => { next += 8 * nW; if (next >= 1000) { w.terminate(); res(); } else w.postMessage({ type: 'run', start: next, count: 8 }); });
  })));
  console.log(nW, 'workers', (performance.now() - t0).toFixed(0), 'ms');
}
