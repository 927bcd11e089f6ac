import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'ui',
  // Relative asset paths: the built site works from any static host or folder.
  base: './',
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
