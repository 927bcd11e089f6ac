import { defineConfig } from 'vitest/config';

const shared = { root: '.', testTimeout: 120_000, hookTimeout: 180_000 };

export default defineConfig({
  root: 'ui',
  // Relative asset paths: the built site works from any static host or folder.
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // The page imports the core through sim/api.ts, which re-exports every module. Modules under
    // sim/ only define things at load (no DOM, no globals), but some build values there (zod
    // schemas, mathjs instances) that the bundler cannot prove pure: without this rule importing
    // one biology table through sim/api.ts pulls the whole simulator into the page's bundle.
    rolldownOptions: { treeshake: { moduleSideEffects: [{ test: /[\\/]sim[\\/].*\.ts$/, sideEffects: false }] } },
  },
  worker: { format: 'es' },
  test: {
    projects: [
      // The core and CLI tests run in parallel with each other…
      { test: { ...shared, name: 'core', include: ['tests/**/*.test.ts'], exclude: ['tests/ui.test.ts', 'tests/science/**'], sequence: { groupOrder: 0 } } },
      // …then the browser tests alone: their responsiveness check measures the page's main thread,
      // which must not share the machine's two cores with simulation-heavy CLI tests.
      { test: { ...shared, name: 'ui', include: ['tests/ui.test.ts'], sequence: { groupOrder: 1 } } },
      // Longer science checks, outside `npm test`: `npm run test:science` (CI runs them too).
      { test: { ...shared, name: 'science', include: ['tests/science/**/*.test.ts'], sequence: { groupOrder: 2 } } },
    ],
  },
});
