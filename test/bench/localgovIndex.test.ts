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

beforeAll(async () => {
  index = new FaqIndex(entries, await JapaneseAnalyzer.create(), { boosts: { question: 1, answer: 1.5, grams: 0.01 } });
});

describe('FaqIndex over entries with empty alternates, tags and related', () => {
  it('ranks by question and answer, and returns up to the limit asked', () => {
    expect(index.search('公民館を予約するにはどこへ行けばいいですか', 10).candidates[0]?.id).toBe('1');
    // Only the answer says 管理室: the answer field is searched too.
    expect(index.search('管理室はどこ', 10).candidates[0]?.id).toBe('2');
    expect(index.search('粗大ごみ 電話', 1).candidates.map((c) => c.id)).toEqual(['0']);
  });
});
