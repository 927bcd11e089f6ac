// Runs one workload in this (fresh) process and prints its figures as JSON on stdout.
import { WORKLOADS } from './workloads.js';

const w = WORKLOADS.find((x) => x.name === process.argv[2]);
if (!w) {
  console.error(`unknown workload ${process.argv[2]}`);
  process.exit(2);
}
const t0 = performance.now();
const r = await w.run();
const wall = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ wall, ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
