import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * How a test file says it is slow: by its name. The browser tests drive Chromium, the process
 * tests start and kill real server processes (with Azurite), the e2e tests run whole
 * conversations over HTTP. They take most of the suite's time, mostly waiting, so they start
 * first and everything else fills the workers around them; a slow file started last would
 * leave the other worker idle at the end. The process tests come after the e2e ones: under
 * `npm test` they first wait for the type check to emit the server they start (scripts/test.mjs).
 */
export const SLOW_TEST_SUFFIXES: readonly string[] = ['.browser.test.ts', '.e2e.test.ts', '.process.test.ts'];

/** Rank of a file: its suffix's place in SLOW_TEST_SUFFIXES, or after all of them. */
export function slowRank(file: string): number {
  const rank = SLOW_TEST_SUFFIXES.findIndex((suffix) => file.endsWith(suffix));
  return rank === -1 ? SLOW_TEST_SUFFIXES.length : rank;
}

/** vitest's own order (failed first, then longest last time, then largest) after the slow files. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const position = new Map(base.map((spec, i) => [spec, i]));
    return [...base].sort((a, b) => slowRank(a.moduleId) - slowRank(b.moduleId) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
  }
}
