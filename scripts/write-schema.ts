// Writes schema/scenario.schema.json and schema/sweep.schema.json from the zod schemas (the one
// source of truth). A test fails when a published file is stale: run `npm run schema`.
import { renameSync, writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../sim/scenario/scenario.js';
import { sweepJsonSchema } from '../sim/study/sweep.js';

for (const [name, schema] of [['scenario', scenarioJsonSchema()], ['sweep', sweepJsonSchema()]] as const) {
  const target = new URL(`../schema/${name}.schema.json`, import.meta.url);
  const tmp = new URL(`../schema/.${name}.schema.json.tmp`, import.meta.url);
  writeFileSync(tmp, JSON.stringify(schema, null, 2) + '\n');
  renameSync(tmp, target);
  console.log(`wrote schema/${name}.schema.json`);
}
