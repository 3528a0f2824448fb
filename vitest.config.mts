import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // kuromoji's dictionary takes ~2 s to load; every suite that builds the analyzer pays it once.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
