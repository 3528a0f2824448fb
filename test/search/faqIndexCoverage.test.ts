import { beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { DEFAULT_BM25_EVIDENCE, DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT, DEFAULT_FAQ_RANKING, DEFAULT_FOREIGN_TOPIC_WEIGHT, DEFAULT_UNFAMILIAR_NAME_WEIGHT, FaqIndex, type FaqIndexOptions } from '../../src/search/faqIndex';

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

  it('weighs an unfamiliar service as much as it is told (unfamiliarNameWeight; by default as any unknown name with minisearch, more with bm25)', () => {
    expect(DEFAULT_UNFAMILIAR_NAME_WEIGHT).toBe(1);
    expect(DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT).toBeGreaterThan(1);
    const question = 'Zorblaxのパスワードを忘れた';
    const asAnyName = coverageOf(question, 'forgot-password', { ranking: 'minisearch', coverage: { unfamiliarNameWeight: 1 } });
    const heavy = coverageOf(question, 'forgot-password', { ranking: 'minisearch', coverage: { unfamiliarNameWeight: 2 } });
    expect(heavy).toBeLessThan(asAnyName);
    expect(coverageOf(question, 'forgot-password', { ranking: 'minisearch' })).toBeCloseTo(asAnyName, 10);
    const bm25Default = coverageOf(question, 'forgot-password', { ranking: 'bm25', coverage: { unfamiliarNameWeight: DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT } });
    expect(coverageOf(question, 'forgot-password', { ranking: 'bm25' })).toBeCloseTo(bm25Default, 10);
    expect(bm25Default).toBeLessThan(asAnyName);
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

  it('counts a misspelled Latin word as the entry word it is close to, with bm25 as with minisearch (edit distance)', () => {
    // merge-accounts speaks of moving OneDrive files; "onedirve" is two edits away, a made-up word is not.
    const options = { coverage: { unfamiliarNameWeight: 2 } };
    const typo = coverageOf('onedirveのファイルを移動したい', 'merge-accounts', { ...options, ranking: 'bm25' });
    const unrelated = coverageOf('kfjwqpzxのファイルを移動したい', 'merge-accounts', { ...options, ranking: 'bm25' });
    expect(typo).toBeGreaterThan(unrelated + 0.3);
    expect(typo).toBeCloseTo(coverageOf('onedirveのファイルを移動したい', 'merge-accounts', { ...options, ranking: 'minisearch' }), 10);
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
  it('is bm25, the ranking measured on localgovFAQ (BENCHMARKS.md): the default index ranks as ranking "bm25" does', () => {
    expect(DEFAULT_FAQ_RANKING).toBe('bm25');
    const byDefault = new FaqIndex(engine.kb.entries, engine.analyzer);
    const bm25 = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25' });
    const minisearch = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'minisearch' });
    const question = 'アカウントがロックされて入れない';
    expect(byDefault.search(question).candidates).toEqual(bm25.search(question).candidates);
    expect(byDefault.search(question).candidates).not.toEqual(minisearch.search(question).candidates);
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

  it("leaves the entries' coverage as it was without them, and minisearch's ranking too", () => {
    const questions = ['LINEのパスワードを忘れた', 'パスワードを忘れた', '印刷できない'];
    for (const ranking of ['minisearch', 'bm25'] as const) {
      const withQuestions = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking, outOfScopeQuestions });
      const without = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking });
      for (const question of questions) {
        const coverage = (index: FaqIndex) => index.search(question, engine.kb.entries.length).candidates.map((c) => [c.id, c.coverage, c.reach]).sort();
        expect(coverage(withQuestions)).toEqual(coverage(without));
        if (ranking === 'minisearch') expect(withQuestions.search(question).candidates).toEqual(without.search(question).candidates);
      }
    }
  });

  it('are bm25 question-field passages of no entry: they lower the IDF of the words they share with the entries, and are never a candidate', () => {
    const withQuestions = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25', outOfScopeQuestions });
    const without = new FaqIndex(engine.kb.entries, engine.analyzer, { ranking: 'bm25' });
    const scoreOf = (index: FaqIndex, question: string) => index.search(question).candidates.find((c) => c.id === 'forgot-password')?.score ?? Number.NaN;
    // パスワード and 忘れる are in an out-of-scope question, so they weigh less in the question field.
    expect(scoreOf(withQuestions, 'パスワードを忘れた')).toBeLessThan(scoreOf(without, 'パスワードを忘れた'));
    const ids = new Set(engine.kb.entries.map((e) => e.id));
    for (const c of withQuestions.search('プリンターで印刷できない', engine.kb.entries.length).candidates) expect(ids.has(c.id)).toBe(true);
  });
});

describe('FaqIndex out-of-scope questions that name a topic the question does not', () => {
  // Written for this test; not from any fixture. gmail is an out-of-scope topic of knowledge/out-of-scope.yaml.
  const outOfScopeQuestions = ['Gmailのパスワードを忘れて何回入れても違うと言われる'];
  const coverageBy = (foreignTopicWeight: number, question: string) => new FaqIndex(engine.kb.entries, engine.analyzer, { outOfScopeQuestions, coverage: { foreignTopicWeight } }).search(question).outOfScope?.coverage ?? Number.NaN;

  it('count that topic against the example (foreignTopicWeight; by default DEFAULT_FOREIGN_TOPIC_WEIGHT)', () => {
    expect(engine.analyzer.isOutOfScopeTerm('gmail')).toBe(true);
    const question = 'パスワードを何回入れても違うと言われる';
    const ignored = coverageBy(0, question);
    expect(ignored).toBeCloseTo(1, 10);
    expect(coverageBy(0.5, question)).toBeLessThan(ignored);
    expect(coverageBy(1, question)).toBeLessThan(coverageBy(0.5, question));
    expect(new FaqIndex(engine.kb.entries, engine.analyzer, { outOfScopeQuestions }).search(question).outOfScope?.coverage).toBeCloseTo(coverageBy(DEFAULT_FOREIGN_TOPIC_WEIGHT, question), 10);
  });

  it('do not when the question names that topic too', () => {
    const question = 'Gmailのパスワードを何回入れても違うと言われる';
    expect(coverageBy(1, question)).toBeCloseTo(coverageBy(0, question), 10);
  });

  it('do not when the example has a name of the question that no entry has (the question is that example\'s kind)', () => {
    // Zorblax: a made-up name no entry has.
    const examples = ['GmailでZorblaxのパスワードを忘れた'];
    const by = (foreignTopicWeight: number) => new FaqIndex(engine.kb.entries, engine.analyzer, { outOfScopeQuestions: examples, coverage: { foreignTopicWeight } }).search('Zorblaxのパスワードを忘れた').outOfScope?.coverage;
    expect(by(1)).toBeCloseTo(by(0) ?? Number.NaN, 10);
  });

  it('refuses a negative foreignTopicWeight, naming it', () => {
    expect(() => new FaqIndex(engine.kb.entries, engine.analyzer, { coverage: { foreignTopicWeight: -0.5 } })).toThrow('FaqIndex: the coverage weight "foreignTopicWeight" must be a number ≥ 0 (got -0.5)');
  });
});

describe('FaqIndex coverage: a word with Latin letters', () => {
  it('matches an entry by its letters, never by the character bigrams of its kana (dアカウント is not a misspelled アカウント)', () => {
    const question = 'dアカウントのIDを忘れた';
    expect(engine.analyzer.terms(question)).toContain('dあかうんと');
    const withBrand = coverageOf(question, 'forgot-account-name');
    expect(withBrand).toBeLessThan(coverageOf('アカウントのIDを忘れた', 'forgot-account-name') - 0.3);
  });
});

describe('FaqIndex coverage: the names of the services people sign in to (knowledge/services.yaml)', () => {
  it('weighs a service name no entry contains as serviceNameWeight tells, never as an unfamiliar name', () => {
    expect(engine.analyzer.isServiceTerm('outlook')).toBe(true);
    expect(engine.kb.entries.some((e) => /outlook/i.test([e.question, ...e.alternates, ...e.tags, e.answer].join(' ')))).toBe(false);
    const plain = coverageOf('パスワードを忘れた', 'forgot-password');
    expect(coverageOf('Outlookのパスワードを忘れた', 'forgot-password', { coverage: { serviceNameWeight: 0 } })).toBeCloseTo(plain, 10);
    const some = coverageOf('Outlookのパスワードを忘れた', 'forgot-password', { coverage: { serviceNameWeight: 0.5 } });
    expect(some).toBeLessThan(plain);
    // A service the list does not name weighs as an unfamiliar name: more.
    expect(coverageOf('Zorblaxのパスワードを忘れた', 'forgot-password', { coverage: { serviceNameWeight: 0.5 } })).toBeLessThan(some);
  });

  it('leaves the other words no entry contains their weight: a service name is not counted among them', () => {
    const question = 'Outlookで姪のパスワードを忘れた';
    expect(engine.analyzer.terms(question)).toContain('姪');
    expect(coverageOf(question, 'forgot-password', { coverage: { serviceNameWeight: 0 } })).toBeCloseTo(coverageOf('姪のパスワードを忘れた', 'forgot-password'), 10);
  });

  it('refuses a negative serviceNameWeight, naming it', () => {
    expect(() => new FaqIndex(engine.kb.entries, engine.analyzer, { coverage: { serviceNameWeight: -1 } })).toThrow('FaqIndex: the coverage weight "serviceNameWeight" must be a number ≥ 0 (got -1)');
  });
});
