import { describe, expect, it } from 'vitest';
import { Bm25Index, type WeightedTerm } from '../../src/search/bm25';

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

/**
 * The search as it was before issue 12's pruning (a map per query, every matched document sorted):
 * the reference the typed-array search must agree with, top ids and scores.
 */
function referenceSearch(documents: readonly Record<string, readonly string[]>[], fields: Record<string, { weight: number; k1: number; b: number }>, query: readonly WeightedTerm[], limit: number, coordination: number): { doc: number; score: number }[] {
  const scores = new Map<number, number>();
  const matched = new Map<number, Set<string>>();
  const n = documents.length;
  for (const [name, { weight: fieldWeight, k1, b }] of Object.entries(fields)) {
    const lengths = documents.map((d) => (d[name] ?? []).length);
    const avg = lengths.reduce((x, y) => x + y, 0) / n;
    for (const { term, weight, coordinates } of query) {
      if (!(weight > 0)) continue;
      const tfs = new Map<number, number>();
      documents.forEach((d, i) => {
        const tf = (d[name] ?? []).filter((t) => t === term).length;
        if (tf > 0) tfs.set(i, tf);
      });
      if (tfs.size === 0) continue;
      const idf = Math.log(1 + (n - tfs.size + 0.5) / (tfs.size + 0.5));
      for (const [doc, tf] of tfs) {
        const norm = avg === 0 ? 1 : 1 - b + (b * (lengths[doc] ?? 0)) / avg;
        scores.set(doc, (scores.get(doc) ?? 0) + (fieldWeight * weight * idf * tf * (k1 + 1)) / (tf + k1 * norm));
        if (coordination > 0 && coordinates !== false) matched.set(doc, (matched.get(doc) ?? new Set()).add(term));
      }
    }
  }
  return [...scores]
    .map(([doc, score]) => ({ doc, score: coordination > 0 ? score * Math.max(1, matched.get(doc)?.size ?? 0) ** coordination : score }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, limit);
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Bm25Index.search against the reference', () => {
  // Zipf-like vocabulary: a few terms in most documents (like bigrams), many rare ones; copies of
  // documents make exact ties, which must keep document order.
  const next = random(12);
  const vocabulary = Array.from({ length: 60 }, (_, i) => `t${i}`);
  const pick = (): string => vocabulary[Math.floor(vocabulary.length * next() ** 2)] ?? 't0';
  const base = Array.from({ length: 150 }, () => ({
    text: Array.from({ length: 1 + Math.floor(next() * 30) }, pick),
    title: Array.from({ length: Math.floor(next() * 6) }, pick),
  }));
  const documents = [...base, ...base.slice(0, 40)];
  const fields = { text: { weight: 1, k1: 1.2, b: 0.75 }, title: { weight: 0.5, k1: 2, b: 0.3 } };
  const index = new Bm25Index(documents, fields);
  const queries = Array.from({ length: 200 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({ term: next() < 0.1 ? 'unknown' : pick(), weight: [1, 0.6, 0.4, 0][Math.floor(next() * 4)] ?? 1, coordinates: next() < 0.7 })),
  );

  it.each([
    [10, 0],
    [10, 1],
    [3, 0.5],
    [500, 0],
  ])('gives the same top %i (coordination %s): ids and scores within 1e-9', (limit, coordination) => {
    let compared = 0;
    for (const query of queries) {
      const expected = referenceSearch(documents, fields, query, limit, coordination);
      const got = index.search(query, limit, coordination);
      expect(got.map((h) => h.doc)).toEqual(expected.map((h) => h.doc));
      got.forEach((h, i) => expect(Math.abs(h.score - (expected[i]?.score ?? Number.NaN))).toBeLessThan(1e-9));
      compared += got.length;
    }
    // The queries do match: the comparison is not over empty lists.
    expect(compared).toBeGreaterThan(queries.length);
  });

  it('leaves nothing behind between queries (the same query twice, another in between, gives the same hits)', () => {
    const [first, second] = queries;
    const before = index.search(first ?? [], 10, 1);
    index.search(second ?? [], 10, 1);
    expect(index.search(first ?? [], 10, 1)).toEqual(before);
  });
});

describe('Bm25Index.toJSON and fromJSON', () => {
  const index = new Bm25Index(
    docs.map((d, i) => ({ text: d.text, title: i === 2 ? ['c'] : [] })),
    { text: { weight: 1 }, title: { weight: 2, k1: 0.5, b: 0.2 } },
  );

  it('restores an index that scores every query as the original, through JSON text', () => {
    const restored = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    for (const query of [[{ term: 'a', weight: 1 }], [{ term: 'c', weight: 0.5 }, { term: 'b', weight: 1 }], [{ term: 'zzz', weight: 1 }]]) {
      expect(restored.search(query, 10, 1)).toEqual(index.search(query, 10, 1));
    }
    expect(restored.idf('title', 'c')).toBe(index.idf('title', 'c'));
    expect([...restored.terms('text')].sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses saved parts that do not fit together, naming the field', () => {
    const saved = index.toJSON();
    const text = saved.fields[0];
    if (!text) throw new Error('no field saved');
    const withText = (changes: Partial<typeof text>) => ({ ...saved, fields: [{ ...text, ...changes }, ...saved.fields.slice(1)] });
    expect(() => Bm25Index.fromJSON(withText({ terms: [...text.terms, 'extra'] }))).toThrow('Bm25Index: the saved field "text" is damaged (3 counts for 4 terms)');
    expect(() => Bm25Index.fromJSON(withText({ docs: Buffer.from([1, 2, 3]).toString('base64') }))).toThrow('Bm25Index: the saved field "text" is damaged (a part is not whole)');
    expect(() => Bm25Index.fromJSON(withText({ docs: Buffer.from(new Uint32Array([0, 1, 0, 7, 2]).buffer).toString('base64') }))).toThrow(
      'Bm25Index: the saved field "text" is damaged (a document number is out of range)',
    );
    expect(() => Bm25Index.fromJSON({ ...saved, size: 2 })).toThrow('Bm25Index: the saved field "text" is damaged (3 lengths for 2 documents)');
    expect(() => Bm25Index.fromJSON(withText({ weight: -1 }))).toThrow('Bm25Index: the weight of field "text" must be a positive number (got -1)');
  });
});

describe('Bm25Index passages fields', () => {
  // Each document is asked several ways (an FAQ entry's question and alternates).
  const asked = [{ q: { passages: [['a', 'b'], ['a', 'c', 'c']] } }, { q: { passages: [['b']] } }, { q: ['c', 'd'] }];
  const passages = [['a', 'b'], ['a', 'c', 'c'], ['b'], ['c', 'd']];
  const owners = [0, 0, 1, 2];

  it('scores every passage as a document of its own and gives each document its best passage', () => {
    const index = new Bm25Index(asked, { q: { passages: true } });
    const passageIndex = new Bm25Index(passages.map((p) => ({ q: p })), { q: {} });
    for (const query of [[{ term: 'a', weight: 1 }], [{ term: 'c', weight: 1 }, { term: 'b', weight: 0.5 }], [{ term: 'b', weight: 1 }, { term: 'd', weight: 1 }]]) {
      // Expected: the plain index over the four passages (N = 4), each document taking its best passage's score.
      const best = new Map<number, number>();
      for (const hit of passageIndex.search(query, 10)) {
        const doc = owners[hit.doc] ?? -1;
        best.set(doc, Math.max(best.get(doc) ?? 0, hit.score));
      }
      const expected = [...best].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      const got = index.search(query, 10);
      expect(got.map((h) => h.doc)).toEqual(expected.map(([doc]) => doc));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 12));
    }
    // The IDF counts passages: 'a' is in 2 of 4.
    expect(index.idf('q', 'a')).toBeCloseTo(Math.log(1 + 2.5 / 2.5), 12);
  });

  it('is the plain field when every document has one passage', () => {
    const plain = new Bm25Index(docs, { text: { k1: 1.5, b: 0.6 } });
    const single = new Bm25Index(docs.map((d) => ({ text: { passages: [d.text] } })), { text: { k1: 1.5, b: 0.6, passages: true } });
    for (const term of ['a', 'b', 'c']) {
      const expected = plain.search([{ term, weight: 1 }], 10, 1);
      const got = single.search([{ term, weight: 1 }], 10, 1);
      expect(got.map((h) => [h.doc, h.matched])).toEqual(expected.map((h) => [h.doc, h.matched]));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 12));
    }
  });

  it('counts unowned passages in the statistics only: they lower the IDF and are never a hit', () => {
    const without = new Bm25Index(asked, { q: { passages: true } });
    const withUnowned = new Bm25Index(asked, { q: { passages: true } }, { q: [['a', 'x'], ['x'], ['a']] });
    // N 7 passages, 'a' in 4 of them.
    expect(withUnowned.idf('q', 'a')).toBeCloseTo(Math.log(1 + (7 - 4 + 0.5) / 4.5), 12);
    expect(withUnowned.idf('q', 'a')).toBeLessThan(without.idf('q', 'a'));
    expect(withUnowned.search([{ term: 'x', weight: 1 }], 10, 1)).toEqual([]);
    expect(withUnowned.search([{ term: 'a', weight: 1 }, { term: 'x', weight: 1 }], 10, 1).map((h) => [h.doc, h.matched])).toEqual([[0, 1]]);
  });

  it('leaves nothing behind between queries', () => {
    const index = new Bm25Index(asked, { q: { passages: true }, plain: {} }, { q: [['a']] });
    const query = [{ term: 'a', weight: 1 }, { term: 'c', weight: 1 }];
    const before = index.search(query, 10, 1);
    index.search([{ term: 'b', weight: 1 }, { term: 'd', weight: 0.3 }], 10, 1);
    expect(index.search(query, 10, 1)).toEqual(before);
  });

  it('saves and restores passages and unowned ones, and refuses an owner out of range', () => {
    const index = new Bm25Index(asked, { q: { passages: true, k1: 2 } }, { q: [['a', 'x']] });
    const saved = index.toJSON();
    const restored = Bm25Index.parse(JSON.stringify(saved));
    for (const query of [[{ term: 'a', weight: 1 }], [{ term: 'c', weight: 1 }, { term: 'x', weight: 1 }]]) expect(restored.search(query, 10, 1)).toEqual(index.search(query, 10, 1));
    expect(restored.idf('q', 'a')).toBe(index.idf('q', 'a'));
    const field = saved.fields[0];
    if (!field) throw new Error('no field saved');
    const withOwners = (owners: number[]) => ({ ...saved, fields: [{ ...field, owners: Buffer.from(new Uint32Array(owners).buffer).toString('base64') }] });
    expect(() => Bm25Index.fromJSON(withOwners([0, 0, 1, 2, 4]))).toThrow('Bm25Index: the saved field "q" is damaged (a passage belongs to a document out of range)');
    expect(() => Bm25Index.fromJSON(withOwners([0, 0, 1, 2]))).toThrow('Bm25Index: the saved field "q" is damaged (5 lengths for 4 passages)');
  });
});
