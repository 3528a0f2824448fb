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
    // One module registry per worker instead of one per file: importing botbuilder, kuromoji and
    // the app again for each of ~130 files cost about a minute of a 4-minute suite. So a file must
    // not rely on global state another file may have left (a registered name detector, restify's
    // patched ServerResponse): it sets what it assumes in its own hooks,
    isolate: false,
    // …and what the app registers process-wide is reset before each file (see the file).
    setupFiles: ['test/support/processGlobals.ts'],
    maxWorkers: MAX_WORKERS,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
