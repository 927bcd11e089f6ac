// Writes scenarios/scenario.schema.json from the zod schema (the one source of truth).
// A test fails when the published file is stale: run `npm run schema` after changing the schema.
import { renameSync, writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../sim/scenario.js';

const target = new URL('../scenarios/scenario.schema.json', import.meta.url);
const tmp = new URL('../scenarios/.scenario.schema.json.tmp', import.meta.url);
writeFileSync(tmp, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
renameSync(tmp, target);
console.log('wrote scenarios/scenario.schema.json');
