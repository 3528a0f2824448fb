import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/search/bm25';

// Three small documents: lengths 2, 3 and 1, so the average length is 2.
const docs = [{ text: ['a', 'b'] }, { text: ['a', 'a', 'c'] }, { text: ['c'] }];

describe('Bm25Index.search', () => {
  it('scores a hand-computed example (k1 1.2, b 0.75)', () => {
    const index = new Bm25Index(docs, { text: {} });
    // idf(a) = ln(1 + (3 − 2 + 0.5) / (2 + 0.5)) = ln 1.6
    const idf = Math.log(1.6);
    // d0: tf 1, |d| 2 = avgdl → 1 · 2.2 / (1 + 1.2) = 1
    // d1: tf 2, |d| 3 → norm 0.25 + 0.75 · 1.5 = 1.375 → 2 · 2.2 / (2 + 1.2 · 1.375) = 4.4 / 3.65
    const hits = index.search([{ term: 'a', weight: 1 }], 10);
    expect(hits.map((h) => h.doc)).toEqual([1, 0]);
    expect(hits[0]?.score).toBeCloseTo((idf * 4.4) / 3.65, 12);
    expect(hits[1]?.score).toBeCloseTo(idf, 12);
  });

  it('multiplies by query-term and field weights and sums over fields', () => {
    const index = new Bm25Index(
      docs.map((d, i) => ({ text: d.text, title: i === 2 ? ['c'] : [] })),
      { text: { weight: 1 }, title: { weight: 2, k1: 0, b: 0 } },
    );
    // idf(c) in text: df 2 → ln 1.6; in title: df 1 → ln(1 + 2.5 / 1.5) = ln(8 / 3).
    // d2 text: tf 1, |d| 1, avgdl 2 → norm 0.625 → 2.2 / (1 + 0.75) = 2.2 / 1.75; title with k1 0: 1 per match.
    const hits = index.search([{ term: 'c', weight: 0.5 }], 10);
    expect(hits[0]?.doc).toBe(2);
    expect(hits[0]?.score).toBeCloseTo(0.5 * ((Math.log(1.6) * 2.2) / 1.75 + 2 * Math.log(8 / 3)), 12);
  });

  it('ignores unknown terms and zero weights, cuts at the limit, breaks ties by document order', () => {
    const index = new Bm25Index([{ text: ['x'] }, { text: ['x'] }, { text: ['y'] }], { text: {} });
    expect(index.search([{ term: 'zzz', weight: 1 }, { term: 'y', weight: 0 }], 10)).toEqual([]);
    expect(index.search([{ term: 'x', weight: 1 }], 1).map((h) => h.doc)).toEqual([0]);
  });

  it('refuses a field weight that is not positive, and b outside [0, 1]', () => {
    expect(() => new Bm25Index(docs, { text: { weight: 0 } })).toThrow('Bm25Index: the weight of field "text" must be a positive number (got 0)');
    expect(() => new Bm25Index(docs, { text: { b: 2 } })).toThrow('Bm25Index: b of field "text" must be in [0, 1] (got 2)');
  });
});

describe('Bm25Index.idf', () => {
  it("is Lucene's ln(1 + (N − df + 0.5) / (df + 0.5)), 0 for an unknown field", () => {
    const index = new Bm25Index(docs, { text: {} });
    expect(index.idf('text', 'a')).toBeCloseTo(Math.log(1.6), 12);
    expect(index.idf('text', 'b')).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12);
    expect(index.idf('nope', 'a')).toBe(0);
    expect(index.has('c')).toBe(true);
    expect(index.has('d')).toBe(false);
  });
});
