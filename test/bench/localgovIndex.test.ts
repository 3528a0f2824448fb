import { beforeAll, describe, expect, it } from 'vitest';
import { toFaqEntry } from '../../bench/localgovData';
import { JapaneseAnalyzer } from '../../src/search/analyzer';
import { FaqIndex } from '../../src/search/faqIndex';

// Hand-made city-FAQ-like entries (not benchmark data): no alternates, tags or related entries,
// as the benchmark builds them.
const entries = [
  toFaqEntry('0', 'Question: 粗大ごみを出したい\nAnswer: 粗大ごみは電話で収集を申し込んでください。'),
  toFaqEntry('1', 'Question: 公民館の部屋を借りたい\nAnswer: 利用日の三か月前から窓口で予約できます。'),
  toFaqEntry('2', 'Question: 駐輪場の定期利用について\nAnswer: 定期券は各駐輪場の管理室で販売しています。'),
];

let index: FaqIndex;
let bm25: FaqIndex;

beforeAll(async () => {
  const analyzer = await JapaneseAnalyzer.create();
  index = new FaqIndex(entries, analyzer, { boosts: { question: 1, answer: 1.5, grams: 0.01 } });
  bm25 = new FaqIndex(entries, analyzer, { ranking: 'bm25' });
});

describe('FaqIndex over entries with empty alternates, tags and related', () => {
  it('ranks by question and answer, and returns up to the limit asked', () => {
    expect(index.search('公民館を予約するにはどこへ行けばいいですか', 10).candidates[0]?.id).toBe('1');
    // Only the answer says 管理室: the answer field is searched too.
    expect(index.search('管理室はどこ', 10).candidates[0]?.id).toBe('2');
    expect(index.search('粗大ごみ 電話', 1).candidates.map((c) => c.id)).toEqual(['0']);
  });
});

describe('FaqIndex with the bm25 ranking', () => {
  it('ranks by question and answer, and returns up to the limit asked, with coverage', () => {
    expect(bm25.search('公民館を予約するにはどこへ行けばいいですか', 10).candidates[0]?.id).toBe('1');
    expect(bm25.search('管理室はどこ', 10).candidates[0]?.id).toBe('2');
    const top = bm25.search('粗大ごみ 電話', 1).candidates;
    expect(top.map((c) => c.id)).toEqual(['0']);
    expect(top[0]?.coverage).toBeGreaterThan(0.5);
    expect(top[0]?.score).toBeGreaterThan(0);
  });

  it('raises the scores to bm25ScoreExponent for the policy, keeping their order', async () => {
    const analyzer = await JapaneseAnalyzer.create();
    const linear = new FaqIndex(entries, analyzer, { ranking: 'bm25', bm25ScoreExponent: 1 });
    const raw = linear.search('粗大ごみ 電話 予約', 10).candidates;
    const squared = new FaqIndex(entries, analyzer, { ranking: 'bm25', bm25ScoreExponent: 2 }).search('粗大ごみ 電話 予約', 10).candidates;
    expect(squared.map((c) => c.id)).toEqual(raw.map((c) => c.id));
    squared.forEach((c, i) => expect(c.score).toBeCloseTo((raw[i]?.score ?? 0) ** 2, 9));
    expect(() => new FaqIndex(entries, analyzer, { ranking: 'bm25', bm25ScoreExponent: 0 })).toThrow(
      'FaqIndex: bm25ScoreExponent must be a positive number (got 0)',
    );
  });

  it('finds nothing for a question without content words', () => {
    expect(bm25.search('です', 10).candidates).toEqual([]);
  });
});
