import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOW_TEST_SUFFIXES, slowRank } from './slowFirstSequencer.mjs';

describe('SlowFirstSequencer', () => {
  it('ranks browser, then e2e, then process files before every other test file', () => {
    expect(slowRank('/x/test/channels/webchat/webchat.browser.test.ts')).toBe(0);
    expect(slowRank('/x/test/e2e/flows.e2e.test.ts')).toBe(1);
    expect(slowRank('/x/test/e2e/lifecycle.process.test.ts')).toBe(2);
    expect(slowRank('/x/test/search/bm25.test.ts')).toBe(SLOW_TEST_SUFFIXES.length);
  });

  it('has a file of every kind of slow test to put first (a renamed file would silently lose its place)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else files.push(e.name);
      }
    };
    walk(path.join(__dirname, '..'));
    for (const suffix of SLOW_TEST_SUFFIXES) expect(files.some((f) => f.endsWith(suffix)), suffix).toBe(true);
  });
});
