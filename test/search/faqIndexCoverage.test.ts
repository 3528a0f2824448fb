import { beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { DEFAULT_BM25_EVIDENCE, DEFAULT_FAQ_RANKING, DEFAULT_UNFAMILIAR_NAME_WEIGHT, FaqIndex, type FaqIndexOptions } from '../../src/search/faqIndex';

let engine: FaqEngine;

beforeAll(async () => {
  engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: 0 });
});

/** Coverage of the entry `id` for a question, with an index built with these options. */
const indexes = new Map<string, FaqIndex>();
function coverageOf(question: string, id: string, options: FaqIndexOptions = {}): number {
  const key = JSON.stringify(options);
  const index = indexes.get(key) ?? new FaqIndex(engine.kb.entries, engine.analyzer, options);
  indexes.set(key, index);
  const found = index.search(question, engine.kb.entries.length).candidates.find((c) => c.id === id);
  expect(found, `${id} is among the candidates of ${question}`).toBeDefined();
  return found?.coverage ?? Number.NaN;
}

describe('FaqIndex coverage: words no entry contains', () => {
  // Made-up service names, so no dictionary or knowledge base can know them.
  it('weighs an unfamiliar Latin name more the higher unfamiliarNameWeight is', () => {
    const question = 'Zorblaxのパスワードを忘れた';
    const low = coverageOf(question, 'forgot-password', { coverage: { unfamiliarNameWeight: 1 } });
    const high = coverageOf(question, 'forgot-password', { coverage: { unfamiliarNameWeight: 3 } });
    expect(high).toBeLessThan(low);
    expect(low).toBeLessThan(1);
  });

  it('weighs an unfamiliar service as much as it is told (unfamiliarNameWeight; by default as any unknown name)', () => {
    expect(DEFAULT_UNFAMILIAR_NAME_WEIGHT).toBe(1);
    const question = 'Zorblaxのパスワードを忘れた';
    const asAnyName = coverageOf(question, 'forgot-password', { coverage: { unfamiliarNameWeight: 1 } });
    const heavy = coverageOf(question, 'forgot-password', { coverage: { unfamiliarNameWeight: 2 } });
    expect(heavy).toBeLessThan(asAnyName);
    expect(coverageOf(question, 'forgot-password', {})).toBeCloseTo(asAnyName, 10);
    expect(engine.ask('パスワードを忘れた')).toMatchObject({ decision: { kind: 'answer', entryId: 'forgot-password' } });
  });

  it.each([
    ['digits (a phone number typed in full)', '09012345678 の電話番号を変更したい', 'change-phone'],
    ['a version number', 'Microsoft 365 のパスワードを忘れた', 'forgot-password'],
    ['a placeholder of one repeated letter', 'xxxx のパスワードを忘れた', 'forgot-password'],
  ])('does not count %s as an unfamiliar name', (_what, question, id) => {
    const low = coverageOf(question, id, { coverage: { unfamiliarNameWeight: 1 } });
    const high = coverageOf(question, id, { coverage: { unfamiliarNameWeight: 4 } });
    expect(high).toBeCloseTo(low, 10);
  });

  it('weighs unknown words by kind as told (unknownTermWeights)', () => {
    // 放課後 is a noun neither the knowledge base nor its synonyms use.
    const question = '放課後にパスワードを忘れた';
    const light = coverageOf(question, 'forgot-password', { coverage: { unknownTermWeights: { noun: 0.1 } } });
    const heavy = coverageOf(question, 'forgot-password', { coverage: { unknownTermWeights: { noun: 2 } } });
    expect(heavy).toBeLessThan(light);
  });

  it.each([
    [{ unfamiliarNameWeight: -1 }, 'FaqIndex: the coverage weight "unfamiliarNameWeight" must be a number ≥ 0 (got -1)'],
    [{ unknownTermWeights: { verb: Number.NaN } }, 'FaqIndex: the coverage weight "verb" must be a number ≥ 0 (got NaN)'],
  ])('refuses the coverage options %j', (coverage, message) => {
    expect(() => new FaqIndex(engine.kb.entries, engine.analyzer, { coverage })).toThrow(message);
  });
});

describe('FaqIndex bm25 evidence', () => {
  it('is the score × distinct question words the entry contains × share of the question bigrams in its phrasings (coordinated, the default), in ranking order', () => {
    expect(DEFAULT_BM25_EVIDENCE).toBe('coordinated');
    const coordinated = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25' }).search('パスワードを忘れてサインインできない').candidates;
    const plain = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25', bm25Evidence: 'score' }).search('パスワードを忘れてサインインできない').candidates;
    expect(coordinated.map((c) => [c.id, c.score])).toEqual(plain.map((c) => [c.id, c.score]));
    expect(plain.every((c) => c.evidence === undefined)).toBe(true);
    const [best, second] = coordinated;
    expect(best?.id).toBe('forgot-password');
    // The entry about forgotten passwords holds more of the question's words and bigrams than the runner-up: evidence separates them more than scores.
    expect((best?.evidence ?? 0) / (best?.score ?? 1)).toBeGreaterThan(1);
    expect((second?.evidence ?? 0) / (best?.evidence ?? 1)).toBeLessThan((second?.score ?? 0) / (best?.score ?? 1));
  });

  it('is not given by the minisearch ranking (the policy compares its scores)', () => {
    expect(new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'minisearch' }).search('パスワードを忘れた').candidates.every((c) => c.evidence === undefined)).toBe(true);
  });
});

describe('FaqIndex default ranking', () => {
  it('is minisearch (bm25 with the policy refit on E answered fewer of sets A–D outright; see BENCHMARKS.md): the default index ranks as ranking "minisearch" does', () => {
    expect(DEFAULT_FAQ_RANKING).toBe('minisearch');
    const byDefault = new FaqIndex(engine.kb.entries, engine.analyzer);
    const bm25 = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25' });
    const minisearch = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'minisearch' });
    const question = 'アカウントがロックされて入れない';
    expect(byDefault.search(question).candidates).toEqual(minisearch.search(question).candidates);
    expect(byDefault.search(question).candidates).not.toEqual(bm25.search(question).candidates);
  });
});

describe('FaqIndex out-of-scope questions', () => {
  // Written for this test; not from any fixture.
  const outOfScopeQuestions = ['LINEのパスワードを忘れました', 'プリンターで印刷できない'];

  it.each(['minisearch', 'bm25'] as const)('reports the closest out-of-scope question and how much of the question it covers (%s)', (ranking) => {
    const index = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking, outOfScopeQuestions });
    const outcome = index.search('LINEのパスワードを忘れてしまった');
    expect(outcome.outOfScope).toEqual({ question: 'LINEのパスワードを忘れました', coverage: 1 });
    // The best entry lacks the service: the out-of-scope question covers more of it.
    expect(outcome.candidates[0]?.coverage).toBeLessThan(1);
  });

  it('reports none when no out-of-scope question shares a word, or when there are none', () => {
    const index = new FaqIndex(engine.kb.entries, engine.analyzer, { outOfScopeQuestions });
    expect(index.search('セキュリティ情報を変更したい').outOfScope).toBeUndefined();
    expect(new FaqIndex(engine.kb.entries, engine.analyzer).search('LINEのパスワードを忘れた').outOfScope).toBeUndefined();
  });

  it('leaves the entries ranking and coverage as they were without them', () => {
    const withQuestions = new FaqIndex(engine.kb.entries, engine.analyzer, { outOfScopeQuestions });
    const without = new FaqIndex(engine.kb.entries, engine.analyzer);
    for (const question of ['LINEのパスワードを忘れた', 'パスワードを忘れた', '印刷できない']) {
      expect(withQuestions.search(question).candidates).toEqual(without.search(question).candidates);
    }
  });
});
