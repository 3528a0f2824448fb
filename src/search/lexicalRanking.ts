import { hash } from 'node:crypto';
import type { FaqEntry } from '../kb/schema';
import type { Analysis, JapaneseAnalyzer, TermKind } from './analyzer';
import { Bm25Index, textOf, type Bm25Document, type Bm25FieldOptions, type Bm25IndexJson, type WeightedTerm } from './bm25';
import type { SpellingVariantMap } from './spellingVariants';

/**
 * A multi-field BM25 ranking of FAQ entries over the analyzer's terms (base forms of content
 * words, stop words, 非自立 and symbols already dropped by the analyzer; numbers dropped here):
 *
 * - `entry`: everything an entry says (question, alternates, tags and answer) in one field;
 * - `question`: how the entry is asked, so a match in the title counts again: its question, each
 *   alternate and each tag as a passage of its own, the entry scored by its best-matching one (a
 *   question matches one way of asking, not the sum of twenty; with no alternates or tags, as on
 *   localgovFAQ, it is the question alone). Out-of-scope example questions are passages of no entry:
 *   they count in the field's IDF, so words every kind of question uses (パスワード, 忘れた) weigh less;
 * - `answerHead`: the first terms of the answer, which usually restate what it is about;
 * - `grams`: character bigrams of the question, at a very small weight (misspellings, compounds
 *   split differently);
 * - `entryGrams`: character bigrams of the whole entry, at a small weight (compounds that kuromoji
 *   splits differently in the question and the entry, 住民票 / 住民 票);
 * - `pairs` (off by default: neutral on localgovFAQ): adjacent content terms of the whole entry, so
 *   two words in that order count more than both apart.
 *
 * Query terms are expanded to index terms for the same thing, each at a weight times the term's:
 * other spellings of the same word (`spellingVariants`) and related words (`relatedWords`), both
 * built from Sudachi's synonym dictionary by spellingVariants.ts, and the noun of a verb or the verb
 * of a noun (申し込む / 申し込み).
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
  question: { weight: 0.5, k1: 2, b: 0.75, passages: true },
  answerHead: { weight: 0.3, k1: 1.2, b: 0.75 },
  grams: { weight: 0.02, k1: 1.2, b: 0.75 },
  pairs: { weight: 0, k1: 1.2, b: 0.75 },
  entryGrams: { weight: 0.1, k1: 0.6, b: 0.75 },
};
/**
 * Query-term weight by kind. Numbers (2, 3月) rarely say what a question is about. A qualifier (仕事用)
 * ranks as the noun it is: it weighs less only in coverage, when no entry has it (faqIndex.ts).
 */
export const DEFAULT_QUERY_KIND_WEIGHTS: Readonly<Record<TermKind, number>> = { name: 1, noun: 1, verb: 0.6, number: 0, other: 0.6, qualifier: 1 };
/** Exponent of the coordination factor (matched distinct query words^c; 0: none). */
export const DEFAULT_COORDINATION = 0;
/** How many of the answer's first terms form the `answerHead` field. */
export const DEFAULT_ANSWER_HEAD_TERMS = 20;
/**
 * Weight of a spelling variant relative to the query term it comes from. Tuned on even localgovFAQ
 * ids (0.5–0.7 within 0.001 nDCG@10; 1 was worse): an entry that uses the word as asked should
 * still rank first.
 */
export const DEFAULT_SPELLING_VARIANT_WEIGHT = 0.6;
/**
 * Weight of the noun of a query verb (申し込む → 申し込み, 届ける → 届け) or the verb of a query
 * noun (支払い → 支払う) found in the index, times the term's weight (one word, so full weight;
 * 0.5–1 measured within 0.001 nDCG@10 on even localgovFAQ ids, Recall@10 best at 1). 0: none.
 */
export const DEFAULT_VERB_NOUN_WEIGHT = 1;
/**
 * Weight of a related word (same synonym group, another word: 転居 for 引っ越し), times its query
 * term's weight. Tuned on even localgovFAQ ids (0.3–0.5 within 0.002 nDCG@10).
 */
export const DEFAULT_RELATED_WORD_WEIGHT = 0.4;
/**
 * Which query terms expand to related words:
 * - `unknown`: only a term the index does not contain. A word the entries use matches as written,
 *   and a related word (another word with a nearby meaning) only bridges a word the entries never
 *   use (転出 asked, 引っ越し written). Expanding every term also pulls a known word towards entries
 *   that use its neighbours (停止 → 止める): on the account-support training sets E, F and G it
 *   answered 2 more questions wrongly and 1 fewer correctly than `unknown` (BENCHMARKS.md);
 * - `all`: every term (best on even localgovFAQ ids: nDCG@10 +0.006 over `unknown`).
 */
export type RelatedWordTerms = 'unknown' | 'all';
/** Query terms expanded to related words when none is given. */
export const DEFAULT_RELATED_WORD_TERMS: RelatedWordTerms = 'unknown';
/**
 * Weight, times its kind's, of the name of a service people sign in to (knowledge/services.yaml, the
 * analyzer's isServiceTerm) in the query. Such a name says where a question comes from, not what it asks:
 * 「Xboxに使ってるアカウントのパスワード忘れた」 is a forgotten password, though the entry about a forgotten
 * account name has Xbox in its alternates. Chosen on the account-support training sets E, F and G (0.3:
 * the most answered correctly and the fewest wrongly of 1, 0.5, 0.3 and 0; BENCHMARKS.md). The
 * localgovFAQ collection has no such list, so its figures do not depend on it.
 */
export const DEFAULT_SERVICE_QUERY_WEIGHT = 0.3;

export interface LexicalRankingOptions {
  /** Per-field BM25 parameters; a field left out keeps its default. */
  readonly fields?: Partial<Record<LexicalField, Bm25FieldOptions>>;
  /** Query-term weights by kind; a kind left out keeps its default. */
  readonly queryKindWeights?: Partial<Record<TermKind, number>>;
  /** Coordination exponent. Default {@link DEFAULT_COORDINATION}. */
  readonly coordination?: number;
  /** Length of the `answerHead` field. Default {@link DEFAULT_ANSWER_HEAD_TERMS}. */
  readonly answerHeadTerms?: number;
  /**
   * Query term → index terms it also matches (other spellings of the same word), as built by
   * `restrictSpellingVariants` over {@link LexicalRanking.vocabulary}. Default: none (no expansion).
   */
  readonly spellingVariants?: SpellingVariantMap;
  /** Weight of a variant, times its query term's weight, in [0, 1]. Default {@link DEFAULT_SPELLING_VARIANT_WEIGHT}. */
  readonly spellingVariantWeight?: number;
  /**
   * Query term → index terms of related words (other words of the same synonym group, built with
   * `scope: 'group'`); a term also in `spellingVariants` keeps the higher weight. Default: none.
   */
  readonly relatedWords?: SpellingVariantMap;
  /** Weight of a related word, times its query term's weight, in [0, 1]. Default {@link DEFAULT_RELATED_WORD_WEIGHT}. */
  readonly relatedWordWeight?: number;
  /** Which query terms expand to related words (see the type). Default {@link DEFAULT_RELATED_WORD_TERMS}. */
  readonly relatedWordTerms?: RelatedWordTerms;
  /** Weight of a query verb's noun and a query noun's verb, in [0, 1]. Default {@link DEFAULT_VERB_NOUN_WEIGHT}. */
  readonly verbNounWeight?: number;
  /** Weight of a service name in the query, times its kind's, in [0, 1]. Default {@link DEFAULT_SERVICE_QUERY_WEIGHT}. */
  readonly serviceQueryWeight?: number;
  /**
   * Questions the help desk does not handle (out-of-scope examples): passages of no entry in the
   * `question` field (see above). Default: none.
   */
  readonly unownedQuestions?: readonly string[];
  /**
   * The index built earlier for the same entries (`savedIndex()`, kept in a knowledge snapshot):
   * used instead of analyzing the entries when its key is this ranking's `indexKey`, else ignored.
   * Default: none (built from the entries).
   */
  readonly savedIndex?: { readonly key: string; readonly index: Bm25Index };
}

export interface LexicalHit {
  readonly id: string;
  readonly score: number;
}

/** No expansion (a word the entries use, when related words are for unknown words only). */
const NO_VARIANTS: SpellingVariantMap = Object.freeze({});

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

/** u-row kana of a godan verb's dictionary form → the i-row kana of its 連用形 (書く → 書き). */
const GODAN_RENYOU: Readonly<Record<string, string>> = { う: 'い', く: 'き', ぐ: 'ぎ', す: 'し', つ: 'ち', ぬ: 'に', ぶ: 'び', む: 'み', る: 'り' };
const RENYOU_GODAN: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(GODAN_RENYOU).map(([u, i]) => [i, u]));

/**
 * The other side of a 連用形 noun: a verb's stem forms (申し込む → 申し込み; 届ける → 届け, as an
 * ichidan verb) and a noun's verb forms (支払い → 支払う; 届け → 届ける). Candidates only: the
 * caller keeps those the index contains. Words under three characters are left alone (見る → 見
 * would meet every 見).
 */
function verbNounForms(term: string): string[] {
  const chars = Array.from(term);
  if (chars.length < 3) return [];
  const head = chars.slice(0, -1).join('');
  const last = chars[chars.length - 1] ?? '';
  const forms: string[] = [];
  const renyou = GODAN_RENYOU[last];
  if (renyou !== undefined) forms.push(head + renyou);
  if (last === 'る') forms.push(head);
  const godan = RENYOU_GODAN[last];
  if (godan !== undefined) forms.push(head + godan);
  if (/[ぁ-ゖ]$/.test(term) && last !== 'る') forms.push(`${term}る`);
  return forms.filter((f) => f !== term);
}

/** The multi-field BM25 ranking; entries are analyzed once, at construction. */
export class LexicalRanking {
  private readonly bm25: Bm25Index;
  private readonly ids: readonly string[];
  private readonly kindWeights: Readonly<Record<TermKind, number>>;
  private readonly usesGrams: boolean;
  private readonly usesPairs: boolean;
  private readonly coordination: number;
  private readonly terms: ReadonlySet<string>;
  private readonly spellingVariants: SpellingVariantMap;
  private readonly spellingVariantWeight: number;
  private readonly relatedWords: SpellingVariantMap;
  private readonly relatedWordWeight: number;
  private readonly relatedWordTerms: RelatedWordTerms;
  private readonly verbNounWeight: number;
  private readonly serviceQueryWeight: number;
  /** JSON of what the index depends on beyond the entries (see savedIndex). */
  readonly indexKey: string;
  /** True when the index is LexicalRankingOptions.savedIndex. */
  readonly usedSavedIndex: boolean;

  constructor(
    entries: readonly FaqEntry[],
    // isServiceTerm is optional: a collection without a list of services (localgovFAQ) has none.
    private readonly analyzer: Pick<JapaneseAnalyzer, 'analyze'> & Partial<Pick<JapaneseAnalyzer, 'isServiceTerm'>>,
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
    this.spellingVariants = options.spellingVariants ?? {};
    this.spellingVariantWeight = options.spellingVariantWeight ?? DEFAULT_SPELLING_VARIANT_WEIGHT;
    this.relatedWords = options.relatedWords ?? {};
    this.relatedWordWeight = options.relatedWordWeight ?? DEFAULT_RELATED_WORD_WEIGHT;
    this.relatedWordTerms = options.relatedWordTerms ?? DEFAULT_RELATED_WORD_TERMS;
    this.verbNounWeight = options.verbNounWeight ?? DEFAULT_VERB_NOUN_WEIGHT;
    this.serviceQueryWeight = options.serviceQueryWeight ?? DEFAULT_SERVICE_QUERY_WEIGHT;
    const checked = [
      ['verbNounWeight', this.verbNounWeight],
      ['serviceQueryWeight', this.serviceQueryWeight],
      ['spellingVariantWeight', this.spellingVariantWeight],
      ['relatedWordWeight', this.relatedWordWeight],
    ] as const;
    for (const [name, value] of checked) {
      if (!(value >= 0 && value <= 1)) throw new Error(`LexicalRanking: ${name} must be in [0, 1] (got ${value})`);
    }
    const headTerms = options.answerHeadTerms ?? DEFAULT_ANSWER_HEAD_TERMS;
    this.ids = entries.map((e) => e.id);
    const unownedQuestions = options.unownedQuestions ?? [];
    // What the postings depend on: the built fields, the head length and the unowned questions (query weights are applied per query).
    this.indexKey = JSON.stringify({ fields, headTerms, unowned: unownedQuestions.length === 0 ? 0 : hash('sha256', JSON.stringify(unownedQuestions), 'base64') });
    const saved = options.savedIndex;
    if (saved && saved.key === this.indexKey && saved.index.size === entries.length && fields.entry) {
      this.bm25 = saved.index;
      this.terms = new Set(saved.index.terms('entry'));
      this.usedSavedIndex = true;
      return;
    }
    this.usedSavedIndex = false;
    const documents: Bm25Document[] = entries.map((entry) => {
      const phrasing = this.analyzer.analyze([entry.question, ...entry.alternates, ...entry.tags].join('\n'));
      const question = contentTerms(phrasing);
      const answerAnalysis = this.analyzer.analyze(entry.answer);
      const answer = contentTerms(answerAnalysis);
      const all = [...question, ...answer];
      const passages = [entry.question, ...entry.alternates, ...entry.tags];
      return {
        entry: all,
        // One passage: the analysis above (the same terms), not a second one.
        question: passages.length === 1 ? question : { passages: passages.map((text) => contentTerms(this.analyzer.analyze(text))) },
        answerHead: answer.slice(0, headTerms),
        grams: phrasing.grams.map(gramKey),
        ...(fields.pairs ? { pairs: termPairs(all) } : {}),
        ...(fields.entryGrams ? { entryGrams: [...phrasing.grams, ...answerAnalysis.grams].map(gramKey) } : {}),
      };
    });
    this.terms = new Set(documents.flatMap((d) => textOf(d.entry)));
    this.bm25 = new Bm25Index(documents, fields, fields.question?.passages ? { question: unownedQuestions.map((q) => contentTerms(this.analyzer.analyze(q))) } : {});
  }

  /** The built index and its key, for LexicalRankingOptions.savedIndex (JSON: Bm25Index.fromJSON restores it). */
  savedIndex(): { readonly key: string; readonly index: Bm25IndexJson } {
    return { key: this.indexKey, index: this.bm25.toJSON() };
  }

  /**
   * Every word term of the index (the `entry` field: question, alternates, tags and answer, numbers
   * dropped), so a caller can restrict a spelling-variant dictionary to what can match.
   */
  vocabulary(): ReadonlySet<string> {
    return this.terms;
  }

  /**
   * The weighted query of an analysis: content terms by kind (a service name less, see
   * DEFAULT_SERVICE_QUERY_WEIGHT); their expansions found in the index
   * (other spellings, related words, the noun of a verb or the verb of a noun) at the expansion's
   * weight × the term's weight, each once (the highest weight any query term gives it; none for a
   * term the query already has); bigrams.
   */
  query(analysis: Analysis): WeightedTerm[] {
    const terms: WeightedTerm[] = analysis.terms.map((term, i) => ({ term, weight: this.kindWeights[analysis.kinds[i] ?? 'noun'] * (this.analyzer.isServiceTerm?.(term) ? this.serviceQueryWeight : 1) }));
    const asked = new Set(analysis.terms);
    // For each distinct query term: the index terms it also stands for, with the factor of each.
    const variantsOf = new Map<string, Map<string, number>>();
    const add = (from: string, to: string, factor: number): void => {
      if (asked.has(to) || !(factor > 0)) return;
      let found = variantsOf.get(from);
      if (!found) variantsOf.set(from, (found = new Map()));
      found.set(to, Math.max(found.get(to) ?? 0, factor));
    };
    for (const term of asked) {
      const related = this.relatedWordTerms === 'all' || !this.terms.has(term) ? this.relatedWords : NO_VARIANTS;
      for (const [map, factor] of [[this.spellingVariants, this.spellingVariantWeight], [related, this.relatedWordWeight]] as const) {
        // Own keys only: a query term such as constructor must not reach Object.prototype.
        const list = Object.hasOwn(map, term) ? map[term] : undefined;
        for (const variant of list ?? []) add(term, variant, factor);
      }
      for (const form of verbNounForms(term)) if (this.terms.has(form)) add(term, form, this.verbNounWeight);
    }
    // Each expansion once, at the best weight any query term gives it (a term asked twice adds its variants once).
    const expansions = new Map<string, number>();
    for (const { term, weight } of terms) {
      for (const [variant, factor] of variantsOf.get(term) ?? []) expansions.set(variant, Math.max(expansions.get(variant) ?? 0, weight * factor));
    }
    for (const [term, weight] of expansions) terms.push({ term, weight, coordinates: false });
    if (this.usesGrams) for (const g of analysis.grams) terms.push({ term: gramKey(g), weight: 1, coordinates: false });
    if (this.usesPairs) for (const p of termPairs(contentTerms(analysis))) terms.push({ term: p, weight: 1, coordinates: false });
    return terms;
  }

  /** Entries ranked for an analyzed question, best first. */
  rank(analysis: Analysis, limit: number): LexicalHit[] {
    return this.bm25.search(this.query(analysis), limit, this.coordination).map((h) => ({ id: this.ids[h.doc] ?? '', score: h.score }));
  }
}
