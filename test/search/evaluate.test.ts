import { describe, expect, it } from 'vitest';
import { brierScore, confidenceOutcome, evaluate, type AskRecord, type GradedQuestion } from '../../src/search/evaluate';

function record(query: string, answerId: string | null, candidates: readonly [string, number][], clarify: readonly string[] = []): AskRecord {
  return { query, answerId, clarify, candidates: candidates.map(([id, score]) => ({ id, score })) };
}

/**
 * Four questions, by hand:
 * 1. in scope, answered outright with the right entry at 0.9:   (0.9 − 1)² = 0.01
 * 2. in scope, asks which one, best candidate wrong at 0.6:    (0.6 − 0)² = 0.36
 * 3. out of scope, abstains, best candidate at 0.2:             (0.2 − 0)² = 0.04
 * 4. out of scope, nothing left after analysis (no candidate):  (0 − 0)²   = 0
 * Brier = (0.01 + 0.36 + 0.04 + 0) / 4 = 0.1025
 */
const pairs: { graded: GradedQuestion; record: AskRecord }[] = [
  { graded: { q: 'パスワードを忘れました', ids: ['forgot-password'] }, record: record('パスワードを忘れました', 'forgot-password', [['forgot-password', 0.9], ['account-blocked', 0.3]]) },
  {
    graded: { q: 'アカウントを消したい', ids: ['delete-account'] },
    record: record('アカウントを消したい', null, [['close-hotmail', 0.6], ['delete-account', 0.5]], ['close-hotmail', 'delete-account']),
  },
  { graded: { q: '明日の天気は？', ids: [] }, record: record('明日の天気は？', null, [['captcha', 0.2]]) },
  { graded: { q: '。。。', ids: [] }, record: record('。。。', null, []) },
];

describe('brierScore', () => {
  it('is the mean squared difference between confidence and outcome (hand-computed example)', () => {
    const forecasts = pairs.map((p) => confidenceOutcome(p.graded, p.record));
    expect(forecasts).toEqual([
      { confidence: 0.9, correct: true },
      { confidence: 0.6, correct: false },
      { confidence: 0.2, correct: false },
      { confidence: 0, correct: false },
    ]);
    expect(brierScore(forecasts)).toBeCloseTo(0.1025, 12);
  });

  it('is 0 for a perfect forecast, 0.25 for always 0.5, 1 for the worst, and 0 with no questions', () => {
    expect(brierScore([{ confidence: 1, correct: true }, { confidence: 0, correct: false }])).toBe(0);
    expect(brierScore([{ confidence: 0.5, correct: true }, { confidence: 0.5, correct: false }])).toBe(0.25);
    expect(brierScore([{ confidence: 0, correct: true }, { confidence: 1, correct: false }])).toBe(1);
    expect(brierScore([])).toBe(0);
  });

  it('counts an out-of-scope question as wrong whatever the engine says, even when it answers', () => {
    expect(confidenceOutcome({ q: 'Gmail', ids: [] }, record('Gmail', 'forgot-password', [['forgot-password', 0.95]]))).toEqual({ confidence: 0.95, correct: false });
  });
});

describe('evaluate', () => {
  it('reports the Brier score beside the shares (rounded to 4 decimals)', () => {
    const report = evaluate(pairs);
    expect(report).toMatchObject({ inScope: 2, outOfScope: 2, top1: 0.5, answeredCorrectly: 0.5, answeredWrongly: 0, clarifiedWithCorrect: 0.5, outOfScopeAbstained: 1, brier: 0.1025 });
  });
});
