import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadLocalgovCollection, parseDocument, querySplit, resolveLocalgovDir, toFaqEntry } from '../../bench/localgovData';
import { dcg, gain, ndcgAtK, percentile, recallAtK, reciprocalRankAtK, scoreRun, successAtK } from '../../bench/retrievalMetrics';

// Hand-made judgments, not benchmark data: "a" is correct (2), "b" and "c" related (1).
const judged = { a: 2, b: 1, c: 1 };

describe('recallAtK', () => {
  it('counts the share of judged documents in the top k', () => {
    expect(recallAtK(['a', 'x', 'b', 'y'], judged, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(['c', 'b', 'a'], judged, 10)).toBe(1);
  });

  it('ignores documents ranked below k', () => {
    expect(recallAtK(['x', 'y', 'a', 'b'], judged, 2)).toBe(0);
    expect(recallAtK(['x', 'a', 'b'], judged, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('counts a document ranked twice once, and the repeat does not push others out of the top k', () => {
    expect(recallAtK(['a', 'a', 'b'], judged, 2)).toBeCloseTo(2 / 3, 12);
  });

  it('treats grade 0 as not relevant and returns 0 when nothing is relevant', () => {
    expect(recallAtK(['a'], { a: 0, b: 1 }, 10)).toBe(0);
    expect(recallAtK(['a'], { a: 0 }, 10)).toBe(0);
    expect(recallAtK([], {}, 10)).toBe(0);
  });
});

describe('gain and dcg', () => {
  it('uses gain 2^grade − 1 and a log2(rank + 1) discount', () => {
    expect(gain(2)).toBe(3);
    expect(gain(1)).toBe(1);
    expect(gain(0)).toBe(0);
    // 3/log2(2) + 0/log2(3) + 1/log2(4) = 3 + 0.5
    expect(dcg([2, 0, 1], 10)).toBeCloseTo(3.5, 12);
    expect(dcg([2, 0, 1], 2)).toBe(3);
  });
});

describe('ndcgAtK', () => {
  // Ideal order a, b, c: 3/1 + 1/log2(3) + 1/log2(4) = 3.5 + 1/log2(3)
  const ideal = 3.5 + 1 / Math.log2(3);

  it('is 1 for the ideal ranking, whatever follows it', () => {
    expect(ndcgAtK(['a', 'b', 'c', 'x'], judged, 10)).toBeCloseTo(1, 12);
    expect(ndcgAtK(['a', 'c', 'b'], judged, 10)).toBeCloseTo(1, 12);
  });

  it('gives the exact normalized value of a worse ranking', () => {
    // x, a, b: 0 + 3/log2(3) + 1/log2(4) = 3/log2(3) + 0.5
    expect(ndcgAtK(['x', 'a', 'b'], judged, 10)).toBeCloseTo((3 / Math.log2(3) + 0.5) / ideal, 12);
    // b first, then a: 1 + 3/log2(3)
    expect(ndcgAtK(['b', 'a'], judged, 10)).toBeCloseTo((1 + 3 / Math.log2(3)) / ideal, 12);
  });

  it('cuts both the ranking and the ideal at k', () => {
    // k = 1: ideal is a (3); ranking b gives 1.
    expect(ndcgAtK(['b', 'a'], judged, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 when nothing relevant is found or nothing is judged relevant', () => {
    expect(ndcgAtK(['x', 'y'], judged, 10)).toBe(0);
    expect(ndcgAtK(['a'], { a: 0 }, 10)).toBe(0);
  });
});

describe('scoreRun', () => {
  it('averages per-query figures and leaves out queries with no relevant judgment', () => {
    const runs = new Map([
      ['q1', ['a', 'b', 'c']],
      ['q2', ['x', 'd']],
      ['q3', ['a']],
    ]);
    const qrels = { q1: judged, q2: { d: 2, e: 2 } };
    const scores = scoreRun(runs, qrels, 10);
    expect(scores.queries).toBe(2);
    expect(scores.unjudged).toBe(1);
    expect(scores.recall).toBeCloseTo((1 + 0.5) / 2, 12);
    // q2: 3/log2(3) over ideal 3 + 3/log2(3)
    const q2 = 3 / Math.log2(3) / (3 + 3 / Math.log2(3));
    expect(scores.ndcg).toBeCloseTo((1 + q2) / 2, 12);
    // q1: first result relevant; q2: relevant at rank 2.
    expect(scores.success1).toBeCloseTo(0.5, 12);
    expect(scores.success5).toBeCloseTo(1, 12);
    expect(scores.mrr).toBeCloseTo((1 + 0.5) / 2, 12);
  });

  it('gives zeros for an empty run', () => {
    expect(scoreRun(new Map(), {}, 10)).toEqual({ queries: 0, unjudged: 0, recall: 0, ndcg: 0, success1: 0, success5: 0, mrr: 0 });
  });
});

describe('successAtK', () => {
  it('is 1 when a document of grade ≥ 1 is within the first k, counting repeats once', () => {
    expect(successAtK(['x', 'b'], { b: 1 }, 2)).toBe(1);
    expect(successAtK(['x', 'b'], { b: 1 }, 1)).toBe(0);
    expect(successAtK(['x', 'x', 'b'], { b: 2 }, 2)).toBe(1);
    expect(successAtK(['x', 'b'], { b: 0 }, 2)).toBe(0);
  });
});

describe('reciprocalRankAtK', () => {
  it('is 1 / rank of the first relevant document, 0 past k', () => {
    expect(reciprocalRankAtK(['x', 'y', 'b'], { b: 1 }, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAtK(['x', 'y', 'b'], { b: 1 }, 2)).toBe(0);
    expect(reciprocalRankAtK(['a', 'b'], { a: 2, b: 1 }, 10)).toBe(1);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('localgovData', () => {
  it('splits a "Question: …\\nAnswer: …" document, keeping line breaks inside the answer', () => {
    expect(parseDocument('Question: 粗大ごみの出し方\nAnswer: 電話で申し込みます。\n料金がかかります。')).toEqual({
      ok: true,
      question: '粗大ごみの出し方',
      answer: '電話で申し込みます。\n料金がかかります。',
    });
    expect(parseDocument('粗大ごみの出し方')).toEqual({ ok: false, reason: 'is not of the form "Question: …\\nAnswer: …"' });
    expect(parseDocument('Question: \nAnswer: 本文')).toEqual({ ok: false, reason: 'has an empty question' });
  });

  it('makes an entry with no alternates, tags, related entries or links, and names a malformed document', () => {
    const entry = toFaqEntry('7', 'Question: 質問\nAnswer: 回答');
    expect(entry).toMatchObject({ id: '7', question: '質問', answer: '回答', alternates: [], tags: [], related: [], links: [] });
    expect(() => toFaqEntry('8', 'no markers')).toThrow('localgovData: corpus document 8 is not of the form "Question: …\\nAnswer: …"');
  });

  it('splits query ids by parity and rejects ids that are not integers', () => {
    expect(querySplit('0')).toBe('even');
    expect(querySplit('13')).toBe('odd');
    expect(querySplit('120')).toBe('even');
    expect(() => querySplit('q1')).toThrow('localgovData: query id "q1" is not an integer, so it has no even/odd split');
  });

  it('takes LOCALGOV_DIR when set, else ../shared/benchmarks/localgovfaq from the project root', () => {
    expect(resolveLocalgovDir('/p/main', { LOCALGOV_DIR: '/data/lg' })).toBe(path.resolve('/data/lg'));
    expect(resolveLocalgovDir('/p/main', { LOCALGOV_DIR: ' ' })).toBe(path.resolve('/p/shared/benchmarks/localgovfaq'));
    expect(resolveLocalgovDir('/p/main', {})).toBe(path.resolve('/p/shared/benchmarks/localgovfaq'));
  });

  it('reports a missing collection instead of failing, and loads a well-formed one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localgov-'));
    try {
      expect(loadLocalgovCollection(dir)).toEqual({ kind: 'missing', dir, file: 'corpus.json' });
      fs.writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify({ '0': 'Question: 質問\nAnswer: 回答' }));
      fs.writeFileSync(path.join(dir, 'queries.json'), JSON.stringify({ '0': '問い' }));
      fs.writeFileSync(path.join(dir, 'qrels.json'), JSON.stringify({ '0': { '0': 2 } }));
      const loaded = loadLocalgovCollection(dir);
      expect(loaded.kind).toBe('loaded');
      if (loaded.kind !== 'loaded') return;
      expect(loaded.collection.entries.map((e) => e.id)).toEqual(['0']);
      expect([...loaded.collection.queries]).toEqual([['0', '問い']]);
      expect(loaded.collection.qrels).toEqual({ '0': { '0': 2 } });
      fs.writeFileSync(path.join(dir, 'qrels.json'), JSON.stringify({ '0': { '0': 'two' } }));
      expect(() => loadLocalgovCollection(dir)).toThrow(/^localgovData: qrels\.json has an unexpected shape: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
