#!/usr/bin/env node
// The netevo command. The CLI is TypeScript; tsx loads it without a build step.
import { tsImport } from 'tsx/esm/api';

const { main, defaultIo, installSignalHandlers } = await tsImport('../cli/main.ts', import.meta.url);
const io = defaultIo();
installSignalHandlers(io);
process.exitCode = await main(process.argv.slice(2), io);
