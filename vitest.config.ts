import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^gort$/, replacement: here('./src/runtime/index.ts') },
      { find: /^gort\/(.*)$/, replacement: here('./src/runtime/$1/index.ts') },
      { find: /^gomesh$/, replacement: here('./src/mesh/index.ts') },
      { find: /^gomesh\/(.*)$/, replacement: here('./src/mesh/$1/index.ts') },
      { find: /^labcheck$/, replacement: here('./src/lab/check/index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Safety nets, far above what a test or a setup hook takes on a quiet machine: on a busy one a
    // setup that builds the lab packages or loads TypeScript's worker took over the 10 s default.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Finds the Go toolchain once; without one the Go tests skip with one line (fail with CI=true).
    globalSetup: ['tests/go/setup.ts'],
    pool: 'forks',
    // One test file per core, not Vitest's default of one fewer: the slowest files spend most of
    // their time waiting on child processes (Go builds, lab runs in the Node runner), so a 2-core
    // machine ran one file at a time. Measured 2026-12-04, 2 cores: 745 s -> 439 s for the suite.
    maxWorkers: availableParallelism(),
  },
});
