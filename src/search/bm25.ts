/**
 * Okapi BM25 over pre-analyzed fields, summed across fields with a weight per field
 * (each field with its own k1, b, lengths and document frequencies, like Elasticsearch's
 * `multi_match` of type `most_fields`).
 *
 * For a query term t with weight q_t, a field f of weight w_f and a document d:
 *
 *   score(d) = Σ_f w_f Σ_t q_t · idf_f(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d_f| / avgdl_f))
 *   idf_f(t) = ln(1 + (N − df_f(t) + 0.5) / (df_f(t) + 0.5))
 *
 * with N the number of documents (Lucene's form of the IDF, never negative).
 */

/** Textbook k1 (term-frequency saturation). */
export const DEFAULT_BM25_K1 = 1.2;
/** Textbook b (length normalization). */
export const DEFAULT_BM25_B = 0.75;

export interface Bm25FieldOptions {
  /** Multiplier of this field's score, > 0. Default 1. */
  readonly weight?: number;
  /** Term-frequency saturation. Default {@link DEFAULT_BM25_K1}. */
  readonly k1?: number;
  /** Length normalization in [0, 1]. Default {@link DEFAULT_BM25_B}. */
  readonly b?: number;
}

/** One document: field name → its terms (repeats count as term frequency). */
export type Bm25Document = Readonly<Record<string, readonly string[]>>;

/** A query term and its weight (1 for a plain term). */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
  /** Whether a match of this term counts in the coordination factor (see search). Default true. */
  readonly coordinates?: boolean;
}

/** One scored document: its position in the documents given to the constructor, and its score. */
export interface Bm25Hit {
  readonly doc: number;
  readonly score: number;
  /** Distinct coordinating query terms the document matched. */
  readonly matched: number;
}

interface FieldIndex {
  readonly name: string;
  readonly weight: number;
  readonly k1: number;
  readonly b: number;
  /** term → (document → term frequency). */
  readonly postings: Map<string, Map<number, number>>;
  readonly lengths: Float64Array;
  readonly avgLength: number;
}

/** An in-memory multi-field BM25 index. Documents are fixed at construction. */
export class Bm25Index {
  private readonly fields: FieldIndex[];
  readonly size: number;

  constructor(documents: readonly Bm25Document[], fields: Readonly<Record<string, Bm25FieldOptions>>) {
    this.size = documents.length;
    this.fields = Object.entries(fields).map(([name, options]) => {
      const weight = options.weight ?? 1;
      const k1 = options.k1 ?? DEFAULT_BM25_K1;
      const b = options.b ?? DEFAULT_BM25_B;
      if (!(weight > 0)) throw new Error(`Bm25Index: the weight of field "${name}" must be a positive number (got ${weight})`);
      if (!(k1 >= 0)) throw new Error(`Bm25Index: k1 of field "${name}" must be ≥ 0 (got ${k1})`);
      if (!(b >= 0 && b <= 1)) throw new Error(`Bm25Index: b of field "${name}" must be in [0, 1] (got ${b})`);
      const postings = new Map<string, Map<number, number>>();
      const lengths = new Float64Array(documents.length);
      let total = 0;
      documents.forEach((doc, i) => {
        const terms = doc[name] ?? [];
        lengths[i] = terms.length;
        total += terms.length;
        for (const term of terms) {
          let posting = postings.get(term);
          if (!posting) postings.set(term, (posting = new Map()));
          posting.set(i, (posting.get(i) ?? 0) + 1);
        }
      });
      return { name, weight, k1, b, postings, lengths, avgLength: documents.length === 0 ? 0 : total / documents.length };
    });
  }

  /** IDF of a term in one field (0 for an unknown field). */
  idf(field: string, term: string): number {
    const f = this.fields.find((x) => x.name === field);
    if (!f) return 0;
    const df = f.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** True when some field of some document contains the term. */
  has(term: string): boolean {
    return this.fields.some((f) => f.postings.has(term));
  }

  /**
   * Scores of every document matching at least one term, best first (ties: document order).
   * With `coordination` c > 0, a score is multiplied by m^c, m the number of distinct coordinating
   * query terms the document matched (MiniSearch multiplies by m, i.e. c = 1).
   */
  search(query: readonly WeightedTerm[], limit: number, coordination = 0): Bm25Hit[] {
    const scores = new Map<number, number>();
    const matched = new Map<number, Set<string>>();
    // A term repeated in the query counts once per repeat, as Lucene's BooleanQuery does.
    for (const field of this.fields) {
      for (const { term, weight, coordinates } of query) {
        if (!(weight > 0)) continue;
        const posting = field.postings.get(term);
        if (!posting) continue;
        const idf = Math.log(1 + (this.size - posting.size + 0.5) / (posting.size + 0.5));
        const factor = field.weight * weight * idf;
        for (const [doc, tf] of posting) {
          const norm = field.avgLength === 0 ? 1 : 1 - field.b + (field.b * (field.lengths[doc] ?? 0)) / field.avgLength;
          const s = (factor * tf * (field.k1 + 1)) / (tf + field.k1 * norm);
          scores.set(doc, (scores.get(doc) ?? 0) + s);
          if (coordination > 0 && coordinates !== false) {
            let set = matched.get(doc);
            if (!set) matched.set(doc, (set = new Set()));
            set.add(term);
          }
        }
      }
    }
    return [...scores]
      .map(([doc, score]) => {
        const m = matched.get(doc)?.size ?? 0;
        return { doc, score: coordination > 0 ? score * Math.max(1, m) ** coordination : score, matched: m };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }
}
