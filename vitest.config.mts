import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/support/slowFirstSequencer.mjs';

/**
 * Workers running test files at once. vitest's default is one less than the cores (1 on a 2-core
 * machine: the suite ran serially); most of the slow files wait on Chromium, child processes or
 * HTTP, so one more worker than cores keeps both cores busy. VITEST_MAX_WORKERS overrides it.
 */
const MAX_WORKERS = 3;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // kuromoji's dictionary takes ~2 s to load; every suite that builds the analyzer pays it once.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: MAX_WORKERS,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
