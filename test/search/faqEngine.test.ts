import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../../src/kb/loader';
import { AnswerPolicy, BM25_ANSWER_POLICY, MAX_CLARIFY_CHOICES } from '../../src/search/answerPolicy';
import { evaluate, toAskRecord, type GradedQuestion } from '../../src/search/evaluate';
import { FaqEngine } from '../../src/search/faqEngine';

let engine: FaqEngine;
function readFixture(name: string): GradedQuestion[] {
  return fs
    .readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GradedQuestion);
}
const fixtures = readFixture('faq-queries.jsonl');

beforeAll(async () => {
  engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
});

describe('fixture set (test/fixtures/faq-queries.jsonl)', () => {
  it('is big enough to mean something: ≥150 questions, ≥30 out of scope, every entry covered', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(150);
    expect(fixtures.filter((f) => f.ids.length === 0).length).toBeGreaterThanOrEqual(30);
    const covered = new Set(fixtures.flatMap((f) => f.ids));
    for (const e of engine.kb.entries) expect(covered.has(e.id)).toBe(true);
    for (const id of covered) expect(engine.entry(id)).toBeDefined();
  });

  interface Floors {
    top1: number;
    top3: number;
    outOfScopeAbstained: number;
    inScopeAbstained: number;
    answeredWrongly: number;
  }
  // B abstains on 5.6% of its in-scope questions (7 of 125) with the policy fitted on E, F and G, which asks fewer of them which one.
  const SETS_A_B: Floors = { top1: 0.93, top3: 0.96, outOfScopeAbstained: 0.9, inScopeAbstained: 0.06, answeredWrongly: 0.03 };
  // Set C was written last, blind, by someone who read only the seed; nothing was tuned on it
  // except one weight chosen after seeing its misses once. Its floors sit under its own figures.
  const SET_C: Floors = { top1: 0.92, top3: 0.96, outOfScopeAbstained: 0.86, inScopeAbstained: 0.08, answeredWrongly: 0.04 };
  // Set D (issue 12) was written blind from the seed and the entries' main questions only, with 59
  // out-of-scope near misses about other services; its first run is the held-out figure (README).
  // With the bm25 ranking and BM25_ANSWER_POLICY (fitted on E, F and G) it abstains on 96.6% of them
  // (57 of 59; issue 12's goal is 95%), and on 5.8% of its in-scope questions (7 of 121). The floors
  // guard against getting worse.
  const SET_D: Floors = { top1: 0.92, top3: 0.96, outOfScopeAbstained: 0.9, inScopeAbstained: 0.08, answeredWrongly: 0.03 };
  // Set H was written blind at the end of issue 12 by two helpers who read only the seed FAQ and the
  // entries' main questions; its first run (README) is the held-out figure of that session's changes:
  // top-1 93.8%, answered wrongly 1.6%, in scope abstained 8.6%, out of scope abstained 92.7%.
  const SET_H: Floors = { top1: 0.9, top3: 0.96, outOfScopeAbstained: 0.89, inScopeAbstained: 0.11, answeredWrongly: 0.03 };

  it.each([
    ['faq-queries.jsonl', fixtures, SETS_A_B],
    ['faq-queries-b.jsonl (written separately, without reading the knowledge base)', readFixture('faq-queries-b.jsonl'), SETS_A_B],
    ['faq-queries-c.jsonl (written blind, last)', readFixture('faq-queries-c.jsonl'), SET_C],
    ['faq-queries-d.jsonl (written blind from the seed, near misses about other services)', readFixture('faq-queries-d.jsonl'), SET_D],
    ['faq-queries-h.jsonl (written blind at the end of issue 12)', readFixture('faq-queries-h.jsonl'), SET_H],
  ])('meets the quality floor on %s: ranking, abstention on out-of-scope, few wrong answers', (_name, set, floors) => {
    const report = evaluate(set.map((graded) => ({ graded, record: toAskRecord(graded.q, engine.ask(graded.q).decision) })));
    // Floors a little under today's figures (see README): a drop below them is a regression, not noise.
    expect(report.top1).toBeGreaterThanOrEqual(floors.top1);
    expect(report.top3).toBeGreaterThanOrEqual(floors.top3);
    expect(report.outOfScopeAbstained).toBeGreaterThanOrEqual(floors.outOfScopeAbstained);
    expect(report.inScopeAbstained).toBeLessThanOrEqual(floors.inScopeAbstained);
    expect(report.answeredWrongly).toBeLessThanOrEqual(floors.answeredWrongly);
  });
});

describe('FaqEngine.ask', () => {
  it.each([
    ['パスワードを忘れました', 'forgot-password'],
    ['ﾊﾟｽﾜｰﾄﾞ忘れた', 'forgot-password'],
    ['アカウントがブロックされた', 'account-blocked'],
    ['Microsoft アカウントを削除したい', 'delete-account'],
    ['hotmail だけ解約したい', 'close-hotmail'],
  ])('answers %s with %s', (question, id) => {
    const { decision } = engine.ask(question);
    expect(decision.kind).toBe('answer');
    expect(decision.kind === 'answer' && decision.entryId).toBe(id);
  });

  it('answers every canonical question with its own entry', () => {
    for (const entry of engine.kb.entries) {
      const { decision } = engine.ask(entry.question);
      expect(decision.kind === 'answer' ? decision.entryId : decision).toBe(entry.id);
    }
  });

  it.each(['Windows Update が失敗します', 'Excel の関数の使い方を教えて', '明日の天気は？', '二段階認証を設定したい', 'Gmailのパスワードを忘れた'])(
    'abstains on the out-of-scope question %s',
    (question) => {
      expect(engine.ask(question).decision.kind).toBe('abstain');
    },
  );

  it('abstains with no candidates when nothing is left after analysis', () => {
    const { decision } = engine.ask('。。。');
    expect(decision).toMatchObject({ kind: 'abstain', reason: 'no-terms', candidates: [] });
  });

  it('asks which one, with at most 3 choices, when candidates are close', () => {
    const { decision } = engine.ask('アカウント');
    expect(decision.kind).toBe('clarify');
    if (decision.kind === 'clarify') {
      expect(decision.choices.length).toBeGreaterThanOrEqual(2);
      expect(decision.choices.length).toBeLessThanOrEqual(MAX_CLARIFY_CHOICES);
    }
  });

  it('gives confidences in [0, 1], best first', () => {
    for (const q of ['パスワード', 'アカウント 削除', '天気']) {
      const { decision } = engine.ask(q);
      for (const c of decision.candidates) {
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
      expect(decision.confidence).toBe(decision.candidates[0]?.score ?? 0);
    }
  });

  it('finds an entry by its exact canonical question (buttons the bot offered)', () => {
    const entry = engine.kb.entries[0];
    expect(entry && engine.entryByQuestion(entry.question)?.id).toBe(entry?.id);
    expect(engine.entryByQuestion('存在しない質問')).toBeUndefined();
  });

  it('answers a 30,000-character message, flagging that it was truncated', () => {
    const result = engine.ask(`パスワードを忘れました。${'あ'.repeat(30_000)}`);
    expect(result.truncated).toBe(true);
    expect(result.decision.candidates[0]?.id).toBe('forgot-password');
  });
});

describe('FaqEngine with out-of-scope questions (knowledge/out-of-scope-questions.yaml)', () => {
  // Written for this test (not from any fixture): a point card's phone number is not this desk's topic.
  const outOfScopeQuestions = ['ポイントカードの登録した電話番号を変えたい'];
  async function engineWith(questions: readonly string[]): Promise<FaqEngine> {
    const loaded = loadKnowledgeBase(defaultKnowledgeDir());
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { entries, synonyms, outOfScope } = loaded.kb;
    return FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge: { entries, synonyms, outOfScope, outOfScopeQuestions: questions }, queryCacheSize: 0 });
  }

  it.each([['minisearch'], ['bm25']] as const)('abstains as "not this desk\'s topic" on a question closer to one of them than to any entry, and still answers the entry\'s own question (%s)', async (ranking) => {
    const loaded = loadKnowledgeBase(defaultKnowledgeDir());
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { entries, synonyms, outOfScope } = loaded.kb;
    const make = (questions: readonly string[]) => FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge: { entries, synonyms, outOfScope, outOfScopeQuestions: questions }, queryCacheSize: 0, index: { ranking } });
    const without = await make([]);
    const withQuestions = await make(outOfScopeQuestions);
    const question = 'ポイントカードに登録してる電話番号を変更したい';
    expect(without.ask(question).decision.kind).not.toBe('abstain');
    expect(withQuestions.ask(question).decision).toMatchObject({ kind: 'abstain', reason: 'out-of-scope-question', outOfScopeTopic: true });
    expect(withQuestions.ask('電話番号を変更したい').decision).toMatchObject({ kind: 'answer', entryId: 'change-phone' });
  });

  it('reads them from the knowledge folder by default', async () => {
    const loaded = loadKnowledgeBase(defaultKnowledgeDir());
    expect(loaded.ok && engine.kb.outOfScopeQuestions).toEqual(loaded.ok ? loaded.kb.outOfScopeQuestions : []);
    expect((await engineWith(outOfScopeQuestions)).kb.outOfScopeQuestions).toEqual(outOfScopeQuestions);
  });
});

describe('FaqEngine with the bm25 ranking', () => {
  let bm25: FaqEngine;
  beforeAll(async () => {
    bm25 = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: 0, index: { ranking: 'bm25' } });
  });

  it('decides with the policy fitted for bm25 (BM25_ANSWER_POLICY) unless one is given', async () => {
    const questions = ['パスワードを忘れてサインインできない', 'アカウント', 'メールアドレスとアカウントは別のもの？', 'Zorblaxのパスワード', 'ブロックされて入れない', '電話番号 変えた'];
    const fitted = new AnswerPolicy(BM25_ANSWER_POLICY);
    const minisearchDefaults = new AnswerPolicy();
    let differs = 0;
    for (const q of questions) {
      expect(bm25.exactPhrasing(q)).toBeUndefined();
      const { candidates } = bm25.index.search(q);
      expect(bm25.ask(q).decision).toEqual(fitted.decide(candidates));
      if (JSON.stringify(minisearchDefaults.decide(candidates)) !== JSON.stringify(fitted.decide(candidates))) differs++;
    }
    // Otherwise these questions could not tell which policy the engine uses.
    expect(differs).toBeGreaterThan(0);
    // A policy option given overrides that one constant of BM25_ANSWER_POLICY.
    expect(bm25.ask('パスワードを忘れてサインインできない').decision.kind).toBe('answer');
    const strict = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: 0, index: { ranking: 'bm25' }, policy: { answerThreshold: 1 } });
    expect(strict.ask('パスワードを忘れてサインインできない').decision.kind).toBe('clarify');
  });

  // Issue 12 allows at most 2% answered wrongly on every set and asks at least 95% out-of-scope abstention
  // on D. The other floors sit a little under the figures of the policy fitted on E, F and G (BENCHMARKS.md):
  // A 91.9%, B 97.1%, C 90.0%, D 96.6% (one more miss on D would be 94.9%, under the goal).
  it.each([
    ['faq-queries.jsonl', 0.02, 0.9],
    ['faq-queries-b.jsonl', 0.02, 0.97],
    ['faq-queries-c.jsonl', 0.02, 0.86],
    ['faq-queries-d.jsonl', 0.02, 0.95],
  ])('answers %s wrongly at most %s of the time and abstains on at least %s of its out-of-scope questions', (file, answeredWrongly, outOfScopeAbstained) => {
    const set = readFixture(file);
    const report = evaluate(set.map((graded) => ({ graded, record: toAskRecord(graded.q, bm25.ask(graded.q).decision) })));
    expect(report.answeredWrongly).toBeLessThanOrEqual(answeredWrongly + 1e-9);
    expect(report.outOfScopeAbstained).toBeGreaterThanOrEqual(outOfScopeAbstained);
  });
});

describe('FaqIndex options', () => {
  it('refuses a boost of 0 (MiniSearch would read it as 1)', async () => {
    const { FaqIndex } = await import('../../src/search/faqIndex');
    expect(() => new FaqIndex(engine.kb.entries, engine.analyzer, { boosts: { grams: 0 } })).toThrow(
      'FaqIndex: the boost of field "grams" must be a positive number (got 0)',
    );
  });
});

describe('FaqEngine synonym expansion (Sudachi, on by default)', () => {
  const entry = (id: string, question: string, answer: string) => ({ id, question, answer, alternates: [], tags: [], related: [], links: [], source: `memory#${id}` });
  // One entry written with 子ども (Sudachi: a spelling of 子供), one with サインアウト (Sudachi: near サインイン).
  const knowledge = {
    entries: [entry('children', '子どもの医療費', '子どもの医療費を助成します。'), entry('sign-out', 'サインアウトの方法', '右上のメニューからサインアウトします。'), entry('other', '住民票の写し', '市民課で発行します。')],
    // The project's own synonym groups: with them, Sudachi would add サインアウト to サインイン.
    synonyms: (() => {
      const loaded = loadKnowledgeBase(defaultKnowledgeDir());
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      return loaded.kb.synonyms;
    })(),
    outOfScope: [],
  };
  const scoreOf = (engine: FaqEngine, question: string, id: string): number => engine.index.search(question, 3).candidates.find((c) => c.id === id)?.score ?? 0;

  it('reaches an entry written in another spelling, and leaves the words the knowledge base’s own synonym lists define as they are', async () => {
    const expanded = await FaqEngine.create({ knowledgeDir: '/nonexistent', knowledge, queryCacheSize: 0 });
    const plain = await FaqEngine.create({ knowledgeDir: '/nonexistent', knowledge, queryCacheSize: 0, spellingVariants: false });
    expect(scoreOf(expanded, '子供が熱を出した', 'children')).toBeGreaterThan(scoreOf(plain, '子供が熱を出した', 'children'));
    // サインイン is the canonical word of a synonyms.yaml group: Sudachi's サインアウト is not added to it.
    expect(scoreOf(expanded, 'サインインしたい', 'sign-out')).toBeCloseTo(scoreOf(plain, 'サインインしたい', 'sign-out'), 12);
  });
});
