import type { FaqEntry } from '../kb/schema';
import type { Analysis, JapaneseAnalyzer, TermKind } from './analyzer';
import { Bm25Index, type Bm25Document, type Bm25FieldOptions, type WeightedTerm } from './bm25';

/**
 * A multi-field BM25 ranking of FAQ entries over the analyzer's terms (base forms of content
 * words, stop words, 非自立 and symbols already dropped by the analyzer; numbers dropped here):
 *
 * - `entry`: everything an entry says (question, alternates, tags and answer) in one field;
 * - `question`: how the entry is asked (question, alternates, tags), so a match in the title
 *   counts again;
 * - `answerHead`: the first terms of the answer, which usually restate what it is about;
 * - `grams`: character bigrams of the question, at a very small weight (misspellings, compounds
 *   split differently);
 * - `entryGrams`: character bigrams of the whole entry, at a small weight (compounds that kuromoji
 *   splits differently in the question and the entry, 住民票 / 住民 票);
 * - `pairs` (off by default: neutral on localgovFAQ): adjacent content terms of the whole entry, so
 *   two words in that order count more than both apart.
 *
 * A field of weight 0 is not built.
 *
 * Query terms are weighted by kind: nouns and names fully, verbs and other words less; an
 * optional coordination factor (off: it lowered localgovFAQ figures) rewards matching more words.
 * Nothing here is specific to one collection; the defaults were tuned on the even query ids of
 * localgovFAQ (bench/localgovfaq.ts).
 */

export type LexicalField = 'entry' | 'question' | 'answerHead' | 'grams' | 'pairs' | 'entryGrams';

/**
 * Field parameters tuned on even localgovFAQ query ids (coordinate search of weight, k1 and b per
 * field, objective nDCG@10 + 0.5 × Recall@10; see BENCHMARKS.md). Titles saturate slowly (k1 2),
 * bigrams of the whole entry quickly (k1 0.6).
 */
export const DEFAULT_LEXICAL_FIELDS: Readonly<Record<LexicalField, Bm25FieldOptions>> = {
  entry: { weight: 1, k1: 1.2, b: 0.75 },
  question: { weight: 0.5, k1: 2, b: 0.75 },
  answerHead: { weight: 0.3, k1: 1.2, b: 0.75 },
  grams: { weight: 0.02, k1: 1.2, b: 0.75 },
  pairs: { weight: 0, k1: 1.2, b: 0.75 },
  entryGrams: { weight: 0.1, k1: 0.6, b: 0.75 },
};
/** Query-term weight by kind. Numbers (2, 3月) rarely say what a question is about. */
export const DEFAULT_QUERY_KIND_WEIGHTS: Readonly<Record<TermKind, number>> = { name: 1, noun: 1, verb: 0.6, number: 0, other: 0.6 };
/** Exponent of the coordination factor (matched distinct query words^c; 0: none). */
export const DEFAULT_COORDINATION = 0;
/** How many of the answer's first terms form the `answerHead` field. */
export const DEFAULT_ANSWER_HEAD_TERMS = 20;

export interface LexicalRankingOptions {
  /** Per-field BM25 parameters; a field left out keeps its default. */
  readonly fields?: Partial<Record<LexicalField, Bm25FieldOptions>>;
  /** Query-term weights by kind; a kind left out keeps its default. */
  readonly queryKindWeights?: Partial<Record<TermKind, number>>;
  /** Coordination exponent. Default {@link DEFAULT_COORDINATION}. */
  readonly coordination?: number;
  /** Length of the `answerHead` field. Default {@link DEFAULT_ANSWER_HEAD_TERMS}. */
  readonly answerHeadTerms?: number;
}

export interface LexicalHit {
  readonly id: string;
  readonly score: number;
}

/** Bigrams are kept apart from words (住民 the word, 住民 the bigram) so each only meets its own field. */
function gramKey(gram: string): string {
  return `\u0001${gram}`;
}

/** Adjacent term pairs, kept apart from words and bigrams by their marker. */
function termPairs(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < terms.length; i++) pairs.push(`\u0002${terms[i - 1] ?? ''}\u0002${terms[i] ?? ''}`);
  return pairs;
}

/** Content terms of an analysis without numbers. */
function contentTerms(analysis: Analysis): string[] {
  return analysis.terms.filter((_, i) => analysis.kinds[i] !== 'number');
}

/** The multi-field BM25 ranking; entries are analyzed once, at construction. */
export class LexicalRanking {
  private readonly bm25: Bm25Index;
  private readonly ids: readonly string[];
  private readonly kindWeights: Readonly<Record<TermKind, number>>;
  private readonly usesGrams: boolean;
  private readonly usesPairs: boolean;
  private readonly coordination: number;

  constructor(
    entries: readonly FaqEntry[],
    private readonly analyzer: Pick<JapaneseAnalyzer, 'analyze'>,
    options: LexicalRankingOptions = {},
  ) {
    const fields: Record<string, Bm25FieldOptions> = {};
    for (const name of Object.keys(DEFAULT_LEXICAL_FIELDS) as LexicalField[]) {
      const merged = { ...DEFAULT_LEXICAL_FIELDS[name], ...options.fields?.[name] };
      if ((merged.weight ?? 1) !== 0) fields[name] = merged;
    }
    this.kindWeights = { ...DEFAULT_QUERY_KIND_WEIGHTS, ...options.queryKindWeights };
    this.usesGrams = fields.grams !== undefined || fields.entryGrams !== undefined;
    this.usesPairs = fields.pairs !== undefined;
    this.coordination = options.coordination ?? DEFAULT_COORDINATION;
    const headTerms = options.answerHeadTerms ?? DEFAULT_ANSWER_HEAD_TERMS;
    const documents: Bm25Document[] = entries.map((entry) => {
      const phrasing = this.analyzer.analyze([entry.question, ...entry.alternates, ...entry.tags].join('\n'));
      const question = contentTerms(phrasing);
      const answerAnalysis = this.analyzer.analyze(entry.answer);
      const answer = contentTerms(answerAnalysis);
      const all = [...question, ...answer];
      return {
        entry: all,
        question,
        answerHead: answer.slice(0, headTerms),
        grams: phrasing.grams.map(gramKey),
        ...(fields.pairs ? { pairs: termPairs(all) } : {}),
        ...(fields.entryGrams ? { entryGrams: [...phrasing.grams, ...answerAnalysis.grams].map(gramKey) } : {}),
      };
    });
    this.ids = entries.map((e) => e.id);
    this.bm25 = new Bm25Index(documents, fields);
  }

  /** The weighted query of an analysis: content terms by kind, plus its bigrams. */
  query(analysis: Analysis): WeightedTerm[] {
    const terms: WeightedTerm[] = analysis.terms.map((term, i) => ({ term, weight: this.kindWeights[analysis.kinds[i] ?? 'noun'] }));
    if (this.usesGrams) for (const g of analysis.grams) terms.push({ term: gramKey(g), weight: 1, coordinates: false });
    if (this.usesPairs) for (const p of termPairs(contentTerms(analysis))) terms.push({ term: p, weight: 1, coordinates: false });
    return terms;
  }

  /** Entries ranked for an analyzed question, best first. */
  rank(analysis: Analysis, limit: number): LexicalHit[] {
    return this.bm25.search(this.query(analysis), limit, this.coordination).map((h) => ({ id: this.ids[h.doc] ?? '', score: h.score }));
  }
}
