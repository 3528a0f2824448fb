import { beforeAll, describe, expect, it } from 'vitest';
import { toFaqEntry } from '../../bench/localgovData';
import { JapaneseAnalyzer } from '../../src/search/analyzer';
import { FaqIndex } from '../../src/search/faqIndex';

// Hand-made city-FAQ-like entries (not benchmark data): no alternates, tags or related entries,
// as the benchmark builds them.
const entries = [
  toFaqEntry('0', 'Question: 粗大ごみを出したい\nAnswer: 粗大ごみは電話で収集を申し込んでください。'),
  toFaqEntry('1', 'Question: 犬を飼い始めたときの手続き\nAnswer: 飼い犬の登録と狂犬病の予防注射が必要です。'),
  toFaqEntry('2', 'Question: 住民票の写しを取りたい\nAnswer: 市役所の窓口かコンビニで取得できます。'),
];

let index: FaqIndex;

beforeAll(async () => {
  index = new FaqIndex(entries, await JapaneseAnalyzer.create(), { boosts: { question: 1, answer: 1.5, grams: 0.01 } });
});

describe('FaqIndex over entries with empty alternates, tags and related', () => {
  it('ranks by question and answer, and returns up to the limit asked', () => {
    const dog = index.search('犬の登録はどこでしますか', 10).candidates.map((c) => c.id);
    expect(dog[0]).toBe('1');
    expect(index.search('コンビニで住民票', 10).candidates[0]?.id).toBe('2');
    expect(index.search('粗大ごみ 電話', 1).candidates.map((c) => c.id)).toEqual(['0']);
  });
});
