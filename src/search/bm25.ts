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
 *
 * A field with `passages` holds several texts per document (the phrasings of an FAQ entry): each
 * passage is scored as a document of its own (N, df and avgdl counted over passages) and the
 * document gets its best passage's score, the way FAQ engines match a question against each of an
 * answer's questions. With one passage per document it is the plain field (up to rounding). Passages
 * may also belong to no document (`unowned`): they count in the statistics only, so a word common in
 * every kind of question asked (out-of-scope examples included) weighs less.
 */

import { z } from 'zod';

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
  /** Score the field as the best of the document's passages (see above). Default false: one text. */
  readonly passages?: boolean;
}

/** Several texts of one field of a document, each a list of terms (a `passages` field). */
export interface Bm25Passages {
  readonly passages: readonly (readonly string[])[];
}

/**
 * One document: field name → its terms (repeats count as term frequency), or its passages. A plain
 * list in a `passages` field is one passage; passages in a plain field are read as one text.
 */
export type Bm25Document = Readonly<Record<string, readonly string[] | Bm25Passages>>;

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

/** The documents containing one term in one field, in document order, with the term's frequency in each. */
interface Posting {
  readonly docs: Uint32Array;
  /** Whole numbers, so 4 bytes hold them exactly (half the saved size of doubles). */
  readonly tfs: Uint32Array;
}

interface FieldIndex {
  readonly name: string;
  readonly weight: number;
  readonly k1: number;
  readonly b: number;
  readonly postings: Map<string, Posting>;
  /** Per document, or per passage in a `passages` field. */
  readonly lengths: Float64Array;
  /** A `passages` field's document of each passage (postings and lengths are then per passage); the index's size for an unowned passage. */
  readonly owners?: Uint32Array;
  readonly avgLength: number;
  /**
   * k1 · (1 − b + b · |d| / avgdl) per document: the length part of the denominator, computed once
   * at build instead of for every posting of every query (the same operations, so the same scores).
   */
  readonly lengthNorms: Float64Array;
}

/** Bytes of a typed array as base64 (little-endian, as every platform Node runs on). */
function toBase64(array: Uint32Array | Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** A typed array from toBase64's text, or undefined when the byte count does not fit the type. */
function fromBase64<T extends Uint32Array | Float64Array>(text: string, make: (buffer: ArrayBuffer, length: number) => T, bytesPerItem: number): T | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % bytesPerItem !== 0) return undefined;
  // A copy into a fresh, aligned buffer: Node's pooled Buffers may start at any offset.
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return make(buffer, bytes.length / bytesPerItem);
}

/**
 * A built index as plain JSON (Bm25Index.toJSON, Bm25Index.fromJSON): per field its parameters,
 * its terms and, in the same order, how many documents each posting holds; the postings' documents
 * and term frequencies concatenated as base64 bytes (a few MB parse in milliseconds, where arrays
 * of numbers take seconds at 17,860 documents).
 */
export interface Bm25IndexJson {
  readonly size: number;
  readonly fields: readonly {
    readonly name: string;
    readonly weight: number;
    readonly k1: number;
    readonly b: number;
    readonly terms: readonly string[];
    /** Base64 of a Uint32Array: the number of documents of each term's posting. */
    readonly counts: string;
    /** Base64 of a Uint32Array: every posting's documents, one after the other. */
    readonly docs: string;
    /** Base64 of a Uint32Array: the term frequencies, in the same order. */
    readonly tfs: string;
    /** Base64 of a Float64Array: each document's (or passage's) field length. */
    readonly lengths: string;
    /** A `passages` field only, base64 of a Uint32Array: the document of each passage (size: none). */
    readonly owners?: string;
  }[];
}

const bm25IndexJsonSchema = z
  .object({
    size: z.number(),
    fields: z.array(
      z
        .object({ name: z.string(), weight: z.number(), k1: z.number(), b: z.number(), terms: z.array(z.string()), counts: z.string(), docs: z.string(), tfs: z.string(), lengths: z.string(), owners: z.string().optional() })
        .strict(),
    ),
  })
  .strict();

function checkedParameters(name: string, options: Bm25FieldOptions): { weight: number; k1: number; b: number } {
  const weight = options.weight ?? 1;
  const k1 = options.k1 ?? DEFAULT_BM25_K1;
  const b = options.b ?? DEFAULT_BM25_B;
  if (!(weight > 0)) throw new Error(`Bm25Index: the weight of field "${name}" must be a positive number (got ${weight})`);
  if (!(k1 >= 0)) throw new Error(`Bm25Index: k1 of field "${name}" must be ≥ 0 (got ${k1})`);
  if (!(b >= 0 && b <= 1)) throw new Error(`Bm25Index: b of field "${name}" must be in [0, 1] (got ${b})`);
  return { weight, k1, b };
}

function fieldIndex(name: string, parameters: { weight: number; k1: number; b: number }, postings: Map<string, Posting>, lengths: Float64Array, owners?: Uint32Array): FieldIndex {
  let total = 0;
  for (const length of lengths) total += length;
  const avgLength = lengths.length === 0 ? 0 : total / lengths.length;
  const { k1, b } = parameters;
  const lengthNorms = new Float64Array(lengths.length);
  for (let doc = 0; doc < lengths.length; doc++) lengthNorms[doc] = k1 * (avgLength === 0 ? 1 : 1 - b + (b * (lengths[doc] ?? 0)) / avgLength);
  return { name, ...parameters, postings, lengths, avgLength, lengthNorms, ...(owners ? { owners } : {}) };
}

/** The passages of a document's field: a plain list is one passage. */
function passagesOf(value: readonly string[] | Bm25Passages | undefined): readonly (readonly string[])[] {
  if (value === undefined) return [];
  return 'passages' in value ? value.passages : [value];
}

/** A document's field as one text: passages are read one after the other. */
export function textOf(value: readonly string[] | Bm25Passages | undefined): readonly string[] {
  if (value === undefined) return [];
  return 'passages' in value ? value.passages.flat() : value;
}

/** Postings of texts given in order (a term's last text is the current one or an earlier one). */
function buildPostings(texts: Iterable<readonly string[]>): { postings: Map<string, Posting>; lengths: number[] } {
  const building = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths: number[] = [];
  let i = 0;
  for (const terms of texts) {
    lengths.push(terms.length);
    for (const term of terms) {
      let posting = building.get(term);
      if (!posting) building.set(term, (posting = { docs: [], tfs: [] }));
      const last = posting.docs.length - 1;
      if (posting.docs[last] === i) posting.tfs[last] = (posting.tfs[last] ?? 0) + 1;
      else {
        posting.docs.push(i);
        posting.tfs.push(1);
      }
    }
    i++;
  }
  const postings = new Map<string, Posting>();
  for (const [term, p] of building) postings.set(term, { docs: Uint32Array.from(p.docs), tfs: Uint32Array.from(p.tfs) });
  return { postings, lengths };
}

/**
 * Inserts `doc` into the best-first list `top` (at most `limit` long) when it belongs there:
 * higher score first, then lower document number (the order a full sort would give).
 */
function offer(top: Bm25Hit[], limit: number, hit: Bm25Hit): void {
  if (top.length === limit) {
    const last = top[limit - 1];
    if (last && (hit.score < last.score || (hit.score === last.score && hit.doc > last.doc))) return;
  }
  let at = top.length;
  while (at > 0) {
    const before = top[at - 1];
    if (!before || before.score > hit.score || (before.score === hit.score && before.doc < hit.doc)) break;
    at--;
  }
  top.splice(at, 0, hit);
  if (top.length > limit) top.pop();
}

/**
 * Adds one field's BM25 scores for a query into `scores` (per document, or per passage of a
 * `passages` field: `units` of them, the N of the IDF), listing in `touched` each unit scored for
 * the first time (`seen` marks them); returns the new count of touched units.
 */
function accumulate(field: FieldIndex, query: readonly WeightedTerm[], units: number, scores: Float64Array, touched: Uint32Array, seen: Uint8Array, touchedCount: number): number {
  const { lengthNorms } = field;
  const k1Plus1 = field.k1 + 1;
  let count = touchedCount;
  for (const { term, weight } of query) {
    if (!(weight > 0)) continue;
    const posting = field.postings.get(term);
    if (!posting) continue;
    const { docs, tfs } = posting;
    const n = docs.length;
    const idf = Math.log(1 + (units - n + 0.5) / (n + 0.5));
    const factor = field.weight * weight * idf;
    for (let j = 0; j < n; j++) {
      const unit = docs[j] ?? 0;
      const tf = tfs[j] ?? 0;
      // The textbook formula in the textbook order (factor · tf · (k1 + 1)), so scores are unchanged to the last bit.
      scores[unit] = (scores[unit] ?? 0) + (factor * tf * k1Plus1) / (tf + (lengthNorms[unit] ?? 0));
      if (seen[unit] === 0) {
        seen[unit] = 1;
        touched[count++] = unit;
      }
    }
  }
  return count;
}

/** The parts of an index restored from JSON. */
interface RestoredFields {
  readonly size: number;
  readonly fields: FieldIndex[];
}

/** Above this limit `search` sorts the matched documents instead of keeping a bounded list. */
const MAX_BOUNDED_SELECTION = 64;

/** An in-memory multi-field BM25 index. Documents are fixed at construction. */
export class Bm25Index {
  private readonly fields: FieldIndex[];
  readonly size: number;
  /**
   * Scratch of `search`, kept between queries so a query allocates nothing in proportion to the
   * collection: the score of each document, the documents touched (to reset and read only those),
   * and for the coordination factor the distinct terms each matched and the last one counted.
   */
  private readonly scores: Float64Array;
  private readonly touched: Uint32Array;
  private readonly seen: Uint8Array;
  private readonly matchedCount: Uint32Array;
  private readonly lastMatched: Int32Array;
  /** Scratch of a `passages` field: each passage's score and those touched, each document's best and those touched. */
  private readonly passageScores: Float64Array;
  private readonly passageTouched: Uint32Array;
  private readonly passageSeen: Uint8Array;
  private readonly best: Float64Array;
  private readonly bestTouched: Uint32Array;

  /**
   * `source`: the documents, or the fields of an index restored by {@link Bm25Index.fromJSON} (then
   * `fields` and `unowned` are not read). `unowned`: per `passages` field, passages of no document.
   */
  constructor(source: readonly Bm25Document[] | RestoredFields, fields: Readonly<Record<string, Bm25FieldOptions>> = {}, unowned: Readonly<Record<string, readonly (readonly string[])[]>> = {}) {
    if ('fields' in source) {
      this.size = source.size;
      this.fields = source.fields;
    } else {
      const documents = source;
      this.size = documents.length;
      this.fields = Object.entries(fields).map(([name, options]) => {
        const parameters = checkedParameters(name, options);
        if (options.passages !== true) {
          const { postings, lengths } = buildPostings(documents.map((doc) => textOf(doc[name])));
          return fieldIndex(name, parameters, postings, Float64Array.from(lengths));
        }
        const owners: number[] = [];
        const passages: (readonly string[])[] = [];
        documents.forEach((doc, i) => {
          for (const passage of passagesOf(doc[name])) {
            owners.push(i);
            passages.push(passage);
          }
        });
        for (const passage of unowned[name] ?? []) {
          owners.push(documents.length);
          passages.push(passage);
        }
        const { postings, lengths } = buildPostings(passages);
        return fieldIndex(name, parameters, postings, Float64Array.from(lengths), Uint32Array.from(owners));
      });
    }
    const passageCount = Math.max(0, ...this.fields.map((f) => f.owners?.length ?? 0));
    this.passageScores = new Float64Array(passageCount);
    this.passageTouched = new Uint32Array(passageCount);
    this.passageSeen = new Uint8Array(passageCount);
    // Only an index with a `passages` field keeps a best score per document.
    this.best = new Float64Array(passageCount > 0 ? this.size : 0);
    this.bestTouched = new Uint32Array(passageCount > 0 ? this.size : 0);
    this.scores = new Float64Array(this.size);
    this.touched = new Uint32Array(this.size);
    this.seen = new Uint8Array(this.size);
    this.matchedCount = new Uint32Array(this.size);
    this.lastMatched = new Int32Array(this.size).fill(-1);
  }

  /** The built index as JSON (see Bm25IndexJson), for a knowledge snapshot. */
  toJSON(): Bm25IndexJson {
    return {
      size: this.size,
      fields: this.fields.map((f) => {
        const terms = [...f.postings.keys()];
        const counts = new Uint32Array(terms.length);
        let total = 0;
        terms.forEach((term, i) => {
          const n = f.postings.get(term)?.docs.length ?? 0;
          counts[i] = n;
          total += n;
        });
        const docs = new Uint32Array(total);
        const tfs = new Uint32Array(total);
        let at = 0;
        for (const posting of f.postings.values()) {
          docs.set(posting.docs, at);
          tfs.set(posting.tfs, at);
          at += posting.docs.length;
        }
        return { name: f.name, weight: f.weight, k1: f.k1, b: f.b, terms, counts: toBase64(counts), docs: toBase64(docs), tfs: toBase64(tfs), lengths: toBase64(f.lengths), ...(f.owners ? { owners: toBase64(f.owners) } : {}) };
      }),
    };
  }

  /**
   * The index that `toJSON` saved. Throws `Bm25Index: …` when the parts do not fit together
   * (lengths, counts, document numbers out of range), so a damaged snapshot is rebuilt, not used.
   */
  static fromJSON(json: Bm25IndexJson): Bm25Index {
    const size = json.size;
    if (!Number.isInteger(size) || size < 0) throw new Error(`Bm25Index: the saved size must be a whole number from 0 (got ${size})`);
    const fields = json.fields.map((saved) => {
      const parameters = checkedParameters(saved.name, saved);
      const damaged = (what: string): Error => new Error(`Bm25Index: the saved field "${saved.name}" is damaged (${what})`);
      const counts = fromBase64(saved.counts, (b, n) => new Uint32Array(b, 0, n), 4);
      const docs = fromBase64(saved.docs, (b, n) => new Uint32Array(b, 0, n), 4);
      const tfs = fromBase64(saved.tfs, (b, n) => new Uint32Array(b, 0, n), 4);
      const lengths = fromBase64(saved.lengths, (b, n) => new Float64Array(b, 0, n), 8);
      const owners = saved.owners === undefined ? undefined : fromBase64(saved.owners, (b, n) => new Uint32Array(b, 0, n), 4);
      if (!counts || !docs || !tfs || !lengths || (saved.owners !== undefined && !owners)) throw damaged('a part is not whole');
      if (counts.length !== saved.terms.length) throw damaged(`${counts.length} counts for ${saved.terms.length} terms`);
      if (tfs.length !== docs.length) throw damaged(`${tfs.length} frequencies for ${docs.length} postings`);
      // Postings of a `passages` field number passages, each owned by a document.
      const units = owners ? owners.length : size;
      if (lengths.length !== units) throw damaged(`${lengths.length} lengths for ${units} ${owners ? 'passages' : 'documents'}`);
      if (owners?.some((doc) => doc > size)) throw damaged('a passage belongs to a document out of range');
      const postings = new Map<string, Posting>();
      let at = 0;
      saved.terms.forEach((term, i) => {
        const n = counts[i] ?? 0;
        if (at + n > docs.length) throw damaged('the counts add up to more than the postings');
        const posting = { docs: docs.subarray(at, at + n), tfs: tfs.subarray(at, at + n) };
        // Scoring writes to scores[doc] unchecked: a document number out of range must never get there.
        for (let j = 0; j < n; j++) if ((posting.docs[j] ?? units) >= units) throw damaged('a document number is out of range');
        postings.set(term, posting);
        at += n;
      });
      if (at !== docs.length) throw damaged('the counts add up to fewer than the postings');
      return fieldIndex(saved.name, parameters, postings, lengths, owners);
    });
    return new Bm25Index({ size, fields });
  }

  /** The index saved as JSON text by `JSON.stringify(index)` (toJSON); throws `Bm25Index: …` when it is not one. */
  static parse(text: string): Bm25Index {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error('Bm25Index: the saved index is not valid JSON');
    }
    const parsed = bm25IndexJsonSchema.safeParse(data);
    if (!parsed.success) throw new Error(`Bm25Index: the saved index has an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
    return Bm25Index.fromJSON(parsed.data);
  }

  /** IDF of a term in one field (0 for an unknown field). */
  idf(field: string, term: string): number {
    const f = this.fields.find((x) => x.name === field);
    if (!f) return 0;
    const df = f.postings.get(term)?.docs.length ?? 0;
    const n = f.owners ? f.owners.length : this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** True when some field of some document contains the term. */
  has(term: string): boolean {
    return this.fields.some((f) => f.postings.has(term));
  }

  /** The terms of one field (none for an unknown field). */
  terms(field: string): IterableIterator<string> {
    return (this.fields.find((x) => x.name === field)?.postings ?? new Map<string, Posting>()).keys();
  }

  /**
   * Scores of every document matching at least one term, best first (ties: document order), the
   * first `limit` of them. With `coordination` c > 0, a score is multiplied by m^c, m the number of
   * distinct coordinating query terms the document matched (MiniSearch multiplies by m, i.e. c = 1).
   *
   * Term at a time into one array of scores, then a bounded selection of the best `limit`: no map
   * per query and no sort of every matched document (at 17,860 documents most of them match some
   * character bigram).
   */
  search(query: readonly WeightedTerm[], limit: number, coordination = 0): Bm25Hit[] {
    const { scores, touched, seen, matchedCount, lastMatched } = this;
    let touchedCount = 0;
    const coordinating = coordination > 0;
    // A term repeated in the query counts once per repeat, as Lucene's BooleanQuery does.
    for (const field of this.fields) {
      touchedCount = field.owners ? this.addBestPassages(field, field.owners, query, touchedCount) : accumulate(field, query, this.size, scores, touched, seen, touchedCount);
    }
    if (coordinating) {
      // Each distinct coordinating term once, over every field: a document counts it once (lastMatched holds the last term counted).
      const counted = new Set<string>();
      for (const { term, weight, coordinates } of query) {
        if (!(weight > 0) || coordinates === false || counted.has(term)) continue;
        const number = counted.size;
        counted.add(term);
        for (const field of this.fields) {
          const docs = field.postings.get(term)?.docs ?? [];
          for (const unit of docs) {
            const doc = field.owners ? (field.owners[unit] ?? 0) : unit;
            if (doc >= this.size || lastMatched[doc] === number) continue;
            lastMatched[doc] = number;
            matchedCount[doc] = (matchedCount[doc] ?? 0) + 1;
          }
        }
      }
    }
    const hits: Bm25Hit[] = [];
    const bounded = limit <= MAX_BOUNDED_SELECTION;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] ?? 0;
      const m = coordinating ? (matchedCount[doc] ?? 0) : 0;
      const raw = scores[doc] ?? 0;
      const hit = { doc, score: coordinating ? raw * Math.max(1, m) ** coordination : raw, matched: m };
      if (!bounded) hits.push(hit);
      else if (limit > 0) offer(hits, limit, hit);
      // Reset as read: the scratch is clean for the next query.
      scores[doc] = 0;
      seen[doc] = 0;
      matchedCount[doc] = 0;
      lastMatched[doc] = -1;
    }
    return bounded ? hits : hits.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, limit);
  }

  /**
   * Adds a `passages` field's score to each document it matches: every passage scored as a document
   * of its own (the same formula, N the number of passages), then each document's best passage.
   * Returns the new count of touched documents.
   */
  private addBestPassages(field: FieldIndex, owners: Uint32Array, query: readonly WeightedTerm[], touchedCount: number): number {
    const { scores, touched, seen, passageScores, passageTouched, passageSeen, best, bestTouched } = this;
    const passagesTouched = accumulate(field, query, owners.length, passageScores, passageTouched, passageSeen, 0);
    let docsTouched = 0;
    for (let i = 0; i < passagesTouched; i++) {
      const passage = passageTouched[i] ?? 0;
      const doc = owners[passage] ?? 0;
      const score = passageScores[passage] ?? 0;
      passageScores[passage] = 0;
      passageSeen[passage] = 0;
      if (doc >= this.size) continue;
      if (best[doc] === 0) bestTouched[docsTouched++] = doc;
      if (score > (best[doc] ?? 0)) best[doc] = score;
    }
    for (let i = 0; i < docsTouched; i++) {
      const doc = bestTouched[i] ?? 0;
      scores[doc] = (scores[doc] ?? 0) + (best[doc] ?? 0);
      best[doc] = 0;
      if (seen[doc] === 0) {
        seen[doc] = 1;
        touched[touchedCount++] = doc;
      }
    }
    return touchedCount;
  }
}
