import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine, MAX_CACHED_QUESTION_LENGTH } from '../../src/search/faqEngine';

let cached: FaqEngine;
let uncached: FaqEngine;
const questions = fs
  .readFileSync(path.join(__dirname, '..', 'fixtures', 'faq-queries-c.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { q: string }).q);

beforeAll(async () => {
  // One dictionary for both (dictionaryLoader shares it).
  [cached, uncached] = await Promise.all([FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() }), FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: 0 })]);
});

describe('FaqEngine query cache', () => {
  it('answers every fixture question exactly as without the cache, the first time and again', () => {
    for (let round = 0; round < 2; round++) {
      for (const q of questions) expect(cached.ask(q), q).toEqual(uncached.ask(q));
    }
  });

  it('returns the remembered result for a repeated short question, and searches anew when off', () => {
    expect(cached.ask('パスワードを忘れました')).toBe(cached.ask('パスワードを忘れました'));
    expect(uncached.ask('パスワードを忘れました')).not.toBe(uncached.ask('パスワードを忘れました'));
  });

  it('does not remember a long message', () => {
    const long = `${'パスワードを忘れてしまいサインインできなくて困っています。'.repeat(10)}`.slice(0, MAX_CACHED_QUESTION_LENGTH + 1);
    expect(cached.ask(long)).not.toBe(cached.ask(long));
    expect(cached.ask(long)).toEqual(uncached.ask(long));
  });

  it('refuses a cache size that is not a whole number from 0', async () => {
    await expect(FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: -1 })).rejects.toThrow('FaqEngine: queryCacheSize must be a whole number from 0 (got -1)');
  });
});
