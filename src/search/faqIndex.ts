import MiniSearch, { type Options as MiniSearchOptions, type Query, type SearchResult } from 'minisearch';
import type { FaqEntry } from '../kb/schema';
import type { Analysis, JapaneseAnalyzer, TermKind } from './analyzer';
import { Bm25Index } from './bm25';
import { LexicalRanking, type LexicalRankingOptions } from './lexicalRanking';

/**
 * Field boosts: how people ask (alternates) matters more than what the answer mentions.
 * Chosen by grid search on the even lines of test/fixtures/faq-queries.jsonl (odd lines held out).
 */
export const DEFAULT_FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = {
  question: 1,
  alternates: 2,
  tags: 1.5,
  answer: 0.4,
  grams: 0.1,
};
/** Weight a query term gets in coverage when it matches only the answer text of an entry. */
export const DEFAULT_ANSWER_ONLY_CREDIT = 0.5;
/** Share of an unknown term's n-grams an entry must contain for the term to count as matched. */
export const DEFAULT_GRAM_MATCH_MIN = 0.5;
/** Credit an unknown term gets (times its n-gram overlap) when it matches only through n-grams. */
export const DEFAULT_GRAM_CREDIT = 0.8;
/**
 * How much a term no entry contains weighs, by kind, relative to the rarest known term:
 * an unknown noun (Excel, Gmail) is what the question is about; an unknown verb or adverb
 * (出る, 急に) is mostly context and must not sink an otherwise clear question.
 */
export const DEFAULT_UNKNOWN_TERM_WEIGHTS: Readonly<Record<TermKind, number>> = { name: 1, noun: 1, verb: 0.3, number: 0.2, other: 0.3, qualifier: 0.3 };
/**
 * Weight, relative to the rarest known term, of an unfamiliar name no entry contains: a Latin word
 * of at least two different letters (Spotify, PSN) or a name kuromoji's dictionary does not know
 * either (a new brand in katakana). Such a word is almost always the service the question is about,
 * and this desk's own services are named in the knowledge base, so it weighs more than an unknown
 * name the dictionary knows (ゲーム, ウイルス: common katakana nouns are tagged as names too).
 * 1 (as any unknown name) for `minisearch`, whose policy constants were chosen with it; the `bm25`
 * policy fitted on the training sets E, F and G takes 2 (DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT), which
 * abstains more on out-of-scope questions about other services but also on English-mixed questions
 * people really type ("I changed my phone number…") and on Microsoft services the knowledge base
 * does not name; bench/fitPolicy.ts tries 1 to 4.
 */
export const DEFAULT_UNFAMILIAR_NAME_WEIGHT = 1;
/**
 * DEFAULT_UNFAMILIAR_NAME_WEIGHT of the `bm25` ranking: fitted with BM25_ANSWER_POLICY on the training
 * sets E, F and G by bench/fitPolicy.ts (tried 1 to 4), so out-of-scope questions about other services abstain.
 */
export const DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT = 3;
/**
 * Least weight of a word the knowledge base contains: with 14 entries, words every entry uses
 * (アカウント, マイクロソフト) get an IDF near 0, yet they show the question is about accounts.
 */
export const DEFAULT_KNOWN_TERM_FLOOR = 0.6;
/** Each further unknown term of a question weighs this much of the one before (see unknownTermWeights). */
export const DEFAULT_UNKNOWN_TERM_DECAY = 0.6;
/**
 * Weight, relative to the rarest known term, of the name of a service people sign in to (knowledge/services.yaml:
 * Outlook.com, Skype…) that no entry contains. Such a name says where a question comes from, not what it
 * asks: 「Outlook のパスワードを忘れた」 is a forgotten password, 「Outlook でメールが送れない」 is out of
 * scope because of メール and 送る, which an out-of-scope example question covers. As an unfamiliar name
 * it sank every account question about it (and, as the heaviest unknown word, lowered the others': it is
 * left out of that ranking). 0: weighs nothing. Chosen with the policy on the training sets
 * E, F and G (bench/fitPolicy.ts; BENCHMARKS.md).
 */
export const DEFAULT_SERVICE_NAME_WEIGHT = 0;
/**
 * Weight, relative to the rarest known term, of each out-of-scope topic word (knowledge/out-of-scope.yaml)
 * that an out-of-scope example question names and the question does not: it counts against that example's
 * coverage of the question. 「Apple IDのセキュリティ質問の答えを忘れました、何回入れても違うって言われます」
 * shares 忘れる, 違う and 何回 with 「パスワードが違いますって出る、たぶん忘れた」, but it is about Apple.
 * Chosen with the policy on the training sets E, F and G (bench/fitPolicy.ts --foreign-topic-weight=; BENCHMARKS.md).
 */
export const DEFAULT_FOREIGN_TOPIC_WEIGHT = 0.5;
/** Weight multiplier of an out-of-scope topic word (knowledge/out-of-scope.yaml) an entry does not mention. */
export const DEFAULT_OUT_OF_SCOPE_TERM_WEIGHT = 3;
/** Candidates returned by a search. */
export const DEFAULT_SEARCH_LIMIT = 5;
/** Keys of the out-of-scope questions among the entries' terms: no entry id can start with a space. */
const OUT_OF_SCOPE_KEY_PREFIX = ' out-of-scope:';

type IndexedField = 'question' | 'alternates' | 'tags' | 'answer' | 'grams';
const WORD_FIELDS: IndexedField[] = ['question', 'alternates', 'tags', 'answer'];

/**
 * How entries are ranked: `bm25` (the multi-field BM25 of lexicalRanking.ts, the bot's: it beats both
 * published baselines on localgovFAQ and ranks the right entry first more often on sets A–D, see
 * BENCHMARKS.md) or `minisearch` (MiniSearch's BM25 with field boosts and character n-grams, the
 * bot's ranking before issue 12, kept for comparison). Coverage is computed the same way for both;
 * the answer policy has constants for each (BM25_ANSWER_POLICY fitted by bench/fitPolicy.ts for bm25,
 * answerPolicy.ts's DEFAULT_ constants for minisearch).
 */
export type FaqRanking = 'minisearch' | 'bm25';
/**
 * The `bm25` ranking's scores are raised to this power before the answer policy sees them: it sets
 * how far apart the policy's ratio tests (DEFAULT_CLOSE_RATIO, dominance) see two scores, since BM25
 * sums over several fields are flatter between entries than MiniSearch's scores. A monotone change:
 * the order is unchanged. Fitted with the policy on the training sets E, F and G by bench/fitPolicy.ts
 * (tried 1, 2, 3).
 */
export const DEFAULT_BM25_SCORE_EXPONENT = 2;
/**
 * What the answer policy compares between two `bm25` candidates (Candidate.evidence):
 * - `coordinated`: the BM25 score × the number of distinct question words the entry contains ×
 *   the share of the question's character bigrams found in the entry's phrasings (question,
 *   alternates, tags). BM25 sums over several fields are flat between entries (the runner-up often
 *   scores 0.9 of the best where MiniSearch's scores, multiplied by the matched terms of each of
 *   its word and n-gram queries, differ by half), so the policy's close-ratio and dominance tests
 *   asked on questions whose best entry was right. This puts back the two separations MiniSearch
 *   has, without changing the order of the ranking. Measured with the policy fitted on E
 *   (bench/fitPolicy.ts): more answered correctly on every set A–D than with `score` (D 74.4% →
 *   80.2%), though answered wrongly more often on A, C and D (1.0 → 1.5%, 1.1 → 2.2%, 0.0 → 1.7%;
 *   BENCHMARKS.md).
 * - `score`: the (exponentiated) BM25 score itself.
 */
export type Bm25Evidence = 'coordinated' | 'score';
/** Evidence of the `bm25` ranking when none is given. */
export const DEFAULT_BM25_EVIDENCE: Bm25Evidence = 'coordinated';
/** Ranking used when none is given. */
export const DEFAULT_FAQ_RANKING: FaqRanking = 'bm25';

/** How coverage weighs the words no entry contains (bench/fitPolicy.ts varies these). */
export interface CoverageOptions {
  /** Weight of an unknown term by kind, times the rarest known term's IDF. Default: {@link DEFAULT_UNKNOWN_TERM_WEIGHTS}. */
  readonly unknownTermWeights?: Partial<Record<TermKind, number>>;
  /** Weight of an unfamiliar name (see the constant). Default: {@link DEFAULT_UNFAMILIAR_NAME_WEIGHT}, {@link DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT} for `bm25`. */
  readonly unfamiliarNameWeight?: number;
  /** Weight of a service name no entry contains (see the constant). Default: {@link DEFAULT_SERVICE_NAME_WEIGHT}. */
  readonly serviceNameWeight?: number;
  /** Weight of a topic an out-of-scope example names and the question does not (see the constant). Default: {@link DEFAULT_FOREIGN_TOPIC_WEIGHT}. */
  readonly foreignTopicWeight?: number;
}

export interface FaqIndexOptions {
  /** Ranking of entries. Default: {@link DEFAULT_FAQ_RANKING}. */
  ranking?: FaqRanking;
  /** Parameters of the `bm25` ranking (ignored by `minisearch`). */
  lexical?: LexicalRankingOptions;
  /** Power of the `bm25` scores handed to the policy. Default: {@link DEFAULT_BM25_SCORE_EXPONENT}. */
  bm25ScoreExponent?: number;
  /** What the policy compares between `bm25` candidates (Candidate.evidence). Default: {@link DEFAULT_BM25_EVIDENCE}. */
  bm25Evidence?: Bm25Evidence;
  /** Per-field score multipliers, each > 0. Default: {@link DEFAULT_FIELD_BOOSTS}. */
  boosts?: Partial<Record<IndexedField, number>>;
  /** Coverage credit of an answer-only match. Default: {@link DEFAULT_ANSWER_ONLY_CREDIT}. */
  answerOnlyCredit?: number;
  /** Weights of the words no entry contains, in coverage. Default: the DEFAULT_UNKNOWN_TERM_WEIGHTS and DEFAULT_UNFAMILIAR_NAME_WEIGHT constants. */
  coverage?: CoverageOptions;
  /**
   * Questions the help desk does not handle (KnowledgeBase.outOfScopeQuestions): each search reports how
   * much of the question the closest of them covers (SearchOutcome.outOfScope). Default: none.
   */
  outOfScopeQuestions?: readonly string[];
  /**
   * The ranking's index built earlier for the same entries and analyses (savedIndex(), kept in a
   * knowledge snapshot): loaded instead of built when its ranking and key match this index's, and
   * built as usual when they do not or it cannot be loaded. Default: none (built).
   */
  saved?: SavedRankingIndex;
}

/** A built ranking index as JSON text (MiniSearch's toJSON, Bm25Index.toJSON) and what it was built with. */
export interface SavedRankingIndex {
  readonly ranking: FaqRanking;
  /** What the structure depends on beyond the entries and their analyses (fields, their parameters). */
  readonly key: string;
  readonly json: string;
}

/** Fields of the `minisearch` ranking. */
const MINISEARCH_FIELDS: readonly IndexedField[] = ['question', 'alternates', 'tags', 'answer', 'grams'];
/** Key of a saved `minisearch` index: derived from the fields, so a saved index is ignored once they change. */
const MINISEARCH_INDEX_KEY = `minisearch:${MINISEARCH_FIELDS.join(',')}`;

/** One ranked entry. */
export interface Candidate {
  readonly id: string;
  /** Ranking score (BM25, unbounded, comparable within one query only). */
  readonly score: number;
  /**
   * IDF-weighted share of the query's terms this entry accounts for, in [0, 1]:
   * the main signal that a question is in scope at all.
   */
  readonly coverage: number;
  /**
   * Like coverage, with a word found only in the entry's answer counted fully (coverage counts it at
   * answerOnlyCredit): how much of the question the entry speaks about anywhere. The policy compares
   * it with the closest out-of-scope question (SearchOutcome.outOfScope), whose every word is its
   * question's. Absent: as coverage.
   */
  readonly reach?: number;
  /**
   * What the answer policy compares between candidates (close ratio, dominance) when it is not the
   * score: see Bm25Evidence. Candidates stay in ranking order, so a runner-up may have more. ≥ 0.
   */
  readonly evidence?: number;
}

export interface SearchOutcome {
  readonly analysis: Analysis;
  readonly candidates: readonly Candidate[];
  /**
   * The out-of-scope question (FaqIndexOptions.outOfScopeQuestions) that covers most of this question,
   * with that coverage (same weights as Candidate.coverage); absent when there are none or none shares a word.
   */
  readonly outOfScope?: { readonly question: string; readonly coverage: number };
}

interface EntryTerms {
  phrasing: Set<string>;
  answer: Set<string>;
  grams: Set<string>;
}

/**
 * The FAQ index: a ranking over analyzed fields (FaqRanking), plus what the answer policy needs
 * to judge how much of a question an entry really covers.
 */
export class FaqIndex {
  private readonly mini: MiniSearch<FaqEntry> | undefined;
  private readonly lexical: LexicalRanking | undefined;
  private readonly entryTerms = new Map<string, EntryTerms>();
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly boosts: Record<IndexedField, number>;
  private readonly answerOnlyCredit: number;
  private readonly bm25ScoreExponent: number;
  private readonly bm25Evidence: Bm25Evidence;
  private readonly kindWeights: Readonly<Record<TermKind, number>>;
  private readonly unfamiliarNameWeight: number;
  private readonly serviceNameWeight: number;
  private readonly foreignTopicWeight: number;
  /** The out-of-scope questions' terms, keyed like entries (OUT_OF_SCOPE_KEY_PREFIX + position) so coverage reads them alike. */
  private readonly outOfScopeKeys: readonly { readonly key: string; readonly question: string; readonly topics: readonly string[] }[];
  /** Which out-of-scope questions contain a term (only those can cover a question). */
  private readonly outOfScopeByTerm = new Map<string, number[]>();
  /** True when the ranking's index came from FaqIndexOptions.saved rather than from indexing the entries. */
  readonly usedSavedIndex: boolean;
  /** The entries' Latin words, for the `bm25` ranking's edit-distance matching in coverage (MiniSearch has its own). */
  private readonly latinTerms: readonly string[];

  constructor(
    readonly entries: readonly FaqEntry[],
    private readonly analyzer: JapaneseAnalyzer,
    options: FaqIndexOptions = {},
  ) {
    this.boosts = { ...DEFAULT_FIELD_BOOSTS, ...options.boosts };
    for (const [field, boost] of Object.entries(this.boosts)) {
      // MiniSearch reads a boost of 0 as "no boost" (1): refuse it rather than weight the field fully.
      if (!(boost > 0)) throw new Error(`FaqIndex: the boost of field "${field}" must be a positive number (got ${boost})`);
    }
    this.answerOnlyCredit = options.answerOnlyCredit ?? DEFAULT_ANSWER_ONLY_CREDIT;
    this.bm25ScoreExponent = options.bm25ScoreExponent ?? DEFAULT_BM25_SCORE_EXPONENT;
    if (!(this.bm25ScoreExponent > 0)) throw new Error(`FaqIndex: bm25ScoreExponent must be a positive number (got ${this.bm25ScoreExponent})`);
    this.bm25Evidence = options.bm25Evidence ?? DEFAULT_BM25_EVIDENCE;
    this.kindWeights = { ...DEFAULT_UNKNOWN_TERM_WEIGHTS, ...options.coverage?.unknownTermWeights };
    const bm25 = (options.ranking ?? DEFAULT_FAQ_RANKING) === 'bm25';
    this.unfamiliarNameWeight = options.coverage?.unfamiliarNameWeight ?? (bm25 ? DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT : DEFAULT_UNFAMILIAR_NAME_WEIGHT);
    this.serviceNameWeight = options.coverage?.serviceNameWeight ?? DEFAULT_SERVICE_NAME_WEIGHT;
    this.foreignTopicWeight = options.coverage?.foreignTopicWeight ?? DEFAULT_FOREIGN_TOPIC_WEIGHT;
    const checked = [...Object.entries(this.kindWeights), ['unfamiliarNameWeight', this.unfamiliarNameWeight] as const, ['serviceNameWeight', this.serviceNameWeight] as const, ['foreignTopicWeight', this.foreignTopicWeight] as const];
    for (const [name, weight] of checked) {
      if (!(weight >= 0)) throw new Error(`FaqIndex: the coverage weight "${name}" must be a number ≥ 0 (got ${weight})`);
    }
    const saved = options.saved;
    if ((options.ranking ?? DEFAULT_FAQ_RANKING) === 'bm25') {
      const savedIndex = saved?.ranking === 'bm25' ? loadSaved(() => Bm25Index.parse(saved.json)) : undefined;
      // The out-of-scope questions weigh in the question field's IDF (LexicalRanking's `question` field).
      const lexical = { ...options.lexical, ...(options.outOfScopeQuestions?.length ? { unownedQuestions: options.outOfScopeQuestions } : {}) };
      this.lexical = new LexicalRanking(entries, analyzer, savedIndex ? { ...lexical, savedIndex: { key: saved?.key ?? '', index: savedIndex } } : lexical);
      this.usedSavedIndex = this.lexical.usedSavedIndex;
    } else {
      const miniOptions: MiniSearchOptions<FaqEntry> = {
        idField: 'id',
        fields: [...MINISEARCH_FIELDS],
        extractField: (entry, field) => extract(entry, field as IndexedField | 'id'),
        tokenize: (text, field) => (field === 'grams' ? analyzer.analyze(text).grams : analyzer.terms(text)),
        processTerm: (term) => term,
      };
      // MiniSearch.loadJSON is 3–5× faster than adding the entries again (BENCHMARKS.md, Scale).
      const loaded = saved?.ranking === 'minisearch' && saved.key === MINISEARCH_INDEX_KEY ? loadSaved(() => MiniSearch.loadJSON<FaqEntry>(saved.json, miniOptions)) : undefined;
      this.usedSavedIndex = loaded !== undefined && loaded.documentCount === entries.length;
      if (loaded && this.usedSavedIndex) this.mini = loaded;
      else {
        const mini = new MiniSearch<FaqEntry>(miniOptions);
        mini.addAll(entries as FaqEntry[]);
        this.mini = mini;
      }
    }

    const df = new Map<string, number>();
    for (const entry of entries) {
      // The same texts the ranking analyzed: remembered by the analyzer while the index is built.
      const phrasingAnalysis = analyzer.analyze(extract(entry, 'grams'));
      const phrasing = new Set(phrasingAnalysis.terms);
      const answer = new Set(analyzer.terms(entry.answer));
      const grams = new Set(phrasingAnalysis.grams);
      this.entryTerms.set(entry.id, { phrasing, answer, grams });
      for (const term of new Set([...phrasing, ...answer])) df.set(term, (df.get(term) ?? 0) + 1);
    }
    const n = entries.length;
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + (n - count + 0.5) / (count + 0.5)));
    // A term no entry contains is as informative as the rarest one: it is what the question is about.
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    this.latinTerms = [...this.idf.keys()].filter((t) => /^[a-z]+$/.test(t));
    // Out-of-scope questions weigh nothing in the IDF above: the entries' coverage stays as it was
    // without them, and they only compete with the best entry through SearchOutcome.outOfScope.
    this.outOfScopeKeys = (options.outOfScopeQuestions ?? []).map((question, i) => {
      const key = `${OUT_OF_SCOPE_KEY_PREFIX}${i}`;
      const analysis = analyzer.analyze(question);
      this.entryTerms.set(key, { phrasing: new Set(analysis.terms), answer: new Set(), grams: new Set(analysis.grams) });
      for (const term of new Set(analysis.terms)) {
        const list = this.outOfScopeByTerm.get(term) ?? [];
        list.push(i);
        this.outOfScopeByTerm.set(term, list);
      }
      return { key, question, topics: [...new Set(analysis.terms.filter((t) => analyzer.isOutOfScopeTerm(t)))] };
    });
  }

  /** The ranking's built index, for FaqIndexOptions.saved (a knowledge snapshot keeps it). */
  savedIndex(): SavedRankingIndex {
    if (this.lexical) {
      const { key, index } = this.lexical.savedIndex();
      return { ranking: 'bm25', key, json: JSON.stringify(index) };
    }
    return { ranking: 'minisearch', key: MINISEARCH_INDEX_KEY, json: JSON.stringify(this.mini) };
  }

  /** Ranks entries for a question; candidates are sorted by score, best first. */
  search(question: string, limit = DEFAULT_SEARCH_LIMIT): SearchOutcome {
    const analysis = this.analyzer.analyze(question);
    const terms = [...new Set(analysis.terms)];
    const kinds = new Map<string, TermKind>();
    analysis.terms.forEach((t, i) => kinds.set(t, analysis.kinds[i] ?? 'noun'));
    // What a term weighs in coverage when no entry contains it: an unfamiliar name says which
    // service the question is about (see DEFAULT_UNFAMILIAR_NAME_WEIGHT).
    const unknownKinds = new Map<string, UnknownTermKind>();
    const dictionaryUnknown = new Set(analysis.unknownTerms);
    for (const [term, kind] of kinds) unknownKinds.set(term, unknownTermKind(term, kind, dictionaryUnknown.has(term)));
    // Weighed once per question: coverage reads them for every candidate and out-of-scope question.
    const weighed = this.weighTerms(terms, unknownKinds);
    const candidates = this.rank(analysis, terms, kinds, weighed, limit);
    const outOfScope = this.closestOutOfScope(terms, weighed, kinds);
    return outOfScope ? { analysis, candidates, outOfScope } : { analysis, candidates };
  }

  /** The out-of-scope question covering most of these terms, among those sharing one with them. */
  private closestOutOfScope(terms: readonly string[], weighed: readonly WeighedTerm[], kinds: ReadonlyMap<string, TermKind>): SearchOutcome['outOfScope'] {
    const sharing = new Set(terms.flatMap((t) => this.outOfScopeByTerm.get(t) ?? []));
    let best: { question: string; coverage: number } | undefined;
    const asked = new Set(terms);
    const unknownNames = weighed.filter((w) => !this.idf.has(w.term) && kinds.get(w.term) === 'name').map((w) => w.term);
    const sharesName = (key: string): boolean => unknownNames.some((t) => this.entryTerms.get(key)?.phrasing.has(t));
    for (const i of sharing) {
      const known = this.outOfScopeKeys[i];
      if (!known) continue;
      // An example about Yahoo! speaks for a question that names Yahoo!, not for every question that
      // shares its other words: the topic it names and the question lacks counts against it, unless
      // the example has a name of the question's that no entry has (スマホのパターンロック: Android's).
      const foreign = sharesName(known.key) ? 0 : known.topics.filter((t) => !asked.has(t)).length * this.foreignTopicWeight * this.maxIdf;
      const { coverage } = this.coverage(weighed, known.key, [], foreign);
      if (!best || coverage > best.coverage) best = { question: known.question, coverage };
    }
    return best;
  }

  private rank(analysis: Analysis, terms: readonly string[], kinds: ReadonlyMap<string, TermKind>, weighed: readonly WeighedTerm[], limit: number): Candidate[] {
    if (terms.length === 0 && analysis.grams.length === 0) return [];
    if (this.lexical) {
      const grams = [...new Set(analysis.grams)];
      const contentTerms = terms.filter((t) => kinds.get(t) !== 'number');
      // The entries' words a misspelled Latin word is close to (onedirve → onedrive), as MiniSearch's fuzzy search finds them.
      const near = terms.flatMap((t) => (this.idf.has(t) ? [] : latinNeighbours(t, this.latinTerms)));
      return this.lexical.rank(analysis, limit).map((h) => {
        const score = h.score ** this.bm25ScoreExponent;
        const evidence = this.bm25Evidence === 'coordinated' ? { evidence: score * this.coordination(h.id, contentTerms, grams) } : {};
        return { id: h.id, score, ...evidence, ...this.coverage(weighed, h.id, near) };
      });
    }
    if (!this.mini) return [];
    // Character n-grams rescue unknown and misspelled words, and their overlap also separates
    // close entries for clean questions (measured: dropping them when every term is known costs
    // ~6 points of questions answered outright), so they are always searched.
    const queries: Query[] = [
      // A word the index knows needs no edit-distance search (the costliest part of a query).
      { queries: [...terms], fields: WORD_FIELDS, combineWith: 'OR', fuzzy: (term: string) => (this.idf.has(term) ? false : asciiFuzzy(term)) },
      { queries: [...new Set(analysis.grams)], fields: ['grams'], combineWith: 'OR' },
    ];
    const results: SearchResult[] = this.mini.search(
      { combineWith: 'OR', queries },
      { boost: this.boosts, tokenize: (s) => [s], processTerm: (t) => t },
    );
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score, ...this.coverage(weighed, String(r.id), r.terms) }));
  }

  /**
   * The `coordinated` evidence factor of an entry (Bm25Evidence): distinct question words it contains
   * (at least 1) × the share of the question's bigrams in its phrasings (1 when the question has none).
   */
  private coordination(id: string, terms: readonly string[], grams: readonly string[]): number {
    const entry = this.entryTerms.get(id);
    if (!entry) return 0;
    const matched = terms.filter((t) => entry.phrasing.has(t) || entry.answer.has(t)).length;
    const gramShare = grams.length === 0 ? 1 : grams.filter((g) => entry.grams.has(g)).length / grams.length;
    return Math.max(1, matched) * gramShare;
  }

  /** `matchedTerms`: the index terms the ranking matched (MiniSearch's, fuzzy matches included). */
  /** Each term's weight in coverage, and whether it is an out-of-scope topic word (knowledge/out-of-scope.yaml). */
  private weighTerms(terms: readonly string[], kinds: ReadonlyMap<string, UnknownTermKind>): WeighedTerm[] {
    const unknownWeights = this.unknownTermWeights(
      terms.filter((t) => !this.analyzer.isServiceTerm(t)),
      kinds,
    );
    return terms.map((term) => {
      const known = this.idf.get(term);
      const unknown = this.analyzer.isServiceTerm(term) ? this.serviceNameWeight * this.maxIdf : (unknownWeights.get(term) ?? 0);
      const weight = known === undefined ? unknown : Math.max(known, DEFAULT_KNOWN_TERM_FLOOR);
      const outOfScope = this.analyzer.isOutOfScopeTerm(term);
      // Cut once here: coverage compares them with every candidate's (see coverage).
      const grams = outOfScope || /[\x00-\x7f]/.test(term) ? [] : this.analyzer.termGrams(term);
      return { term, weight, outOfScope, grams };
    });
  }

  /** `absent`: weight the text has and the question lacks, added to the total (see closestOutOfScope). */
  private coverage(weighed: readonly WeighedTerm[], id: string, matchedTerms: readonly string[], absent = 0): { coverage: number; reach: number } {
    const entry = this.entryTerms.get(id);
    if (!entry || weighed.length === 0) return { coverage: 0, reach: 0 };
    let total = absent;
    let covered = 0;
    // What coverage leaves out of an answer-only match: reach counts it fully.
    let answerRest = 0;
    for (const { term, weight: base, outOfScope, grams } of weighed) {
      // "Gmail のパスワード": the topic word outweighs everything the entry does match.
      const weight = outOfScope && !entry.phrasing.has(term) ? Math.max(base, this.maxIdf) * DEFAULT_OUT_OF_SCOPE_TERM_WEIGHT : base;
      total += weight;
      if (entry.phrasing.has(term)) covered += weight;
      else if (fuzzyMatched(term, matchedTerms, entry.phrasing)) covered += weight * DEFAULT_GRAM_CREDIT;
      else if (entry.answer.has(term)) {
        covered += weight * this.answerOnlyCredit;
        answerRest += weight * (1 - this.answerOnlyCredit);
      } else if (grams.length > 0) {
        // Not for Latin words (edit-distance matching instead: "gmail" shares most bigrams with "hotmail").
        const overlap = gramOverlap(grams, entry.grams);
        if (overlap >= DEFAULT_GRAM_MATCH_MIN) covered += weight * DEFAULT_GRAM_CREDIT * overlap;
      }
    }
    return total === 0 ? { coverage: 0, reach: 0 } : { coverage: covered / total, reach: (covered + answerRest) / total };
  }

  /**
   * Weights of the terms no entry contains: the heaviest counts fully, each next one
   * DEFAULT_UNKNOWN_TERM_DECAY times less. A long message that sets the scene (娘, 久しぶり, PC)
   * must not drown the words it shares with an entry; one unknown topic word still weighs fully.
   */
  private unknownTermWeights(terms: readonly string[], kinds: ReadonlyMap<string, UnknownTermKind>): Map<string, number> {
    const base = terms
      .filter((t) => !this.idf.has(t))
      .map((t) => [t, this.maxIdf * this.unknownWeight(kinds.get(t) ?? 'noun')] as const)
      .sort((a, b) => b[1] - a[1]);
    return new Map(base.map(([t, w], rank) => [t, w * DEFAULT_UNKNOWN_TERM_DECAY ** rank]));
  }

  /** Weight of an unknown term of this kind, relative to the rarest known term. */
  private unknownWeight(kind: UnknownTermKind): number {
    return kind === 'unfamiliarName' ? this.unfamiliarNameWeight : this.kindWeights[kind];
  }
}

/**
 * A saved index, or undefined when it cannot be loaded: the snapshot's checks (stamp, SHA-256) make
 * that unlikely, and building it again from the analyses is always correct, only slower.
 */
function loadSaved<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

/** A question's term with its weight in coverage (FaqIndex.weighTerms). */
interface WeighedTerm {
  readonly term: string;
  readonly weight: number;
  readonly outOfScope: boolean;
  /** Its character n-grams, matched against an entry's when the entry lacks the term; none for Latin words and topic words. */
  readonly grams: readonly string[];
}

/** Share of a term's n-grams an entry's n-grams contain. */
function gramOverlap(own: readonly string[], grams: ReadonlySet<string>): number {
  if (own.length === 0) return 0;
  return own.filter((g) => grams.has(g)).length / own.length;
}

/** A term's kind as coverage weighs it when no entry contains it. */
type UnknownTermKind = TermKind | 'unfamiliarName';

/**
 * `unfamiliarName`: a name (TermKind) written in Latin letters, at least two different ones (Spotify,
 * psn; not xxx, a placeholder), or one kuromoji's dictionary does not know either. Digits are not
 * (a phone number, but also 365 in "Microsoft 365"): they keep the weight of their kind.
 */
function unknownTermKind(term: string, kind: TermKind, unknownToDictionary: boolean): UnknownTermKind {
  if (kind !== 'name') return kind;
  if (/^[\x00-\x7f]+$/.test(term)) return new Set(term.replace(/[^a-z]/g, '')).size >= 2 ? 'unfamiliarName' : 'name';
  return unknownToDictionary ? 'unfamiliarName' : 'name';
}

/**
 * Edit-distance matching only helps Latin words (microsfot, pasword); Japanese terms are too short.
 * Bounded in length and distance: fuzzy search over a 48-letter run costs tens of milliseconds.
 */
function asciiFuzzy(term: string): number | false {
  if (!/^[a-z]{5,16}$/.test(term)) return false;
  return term.length >= 8 ? 2 : 1;
}

/**
 * The words of `vocabulary` within asciiFuzzy's edit distance of a Latin `term` (the distance
 * MiniSearch's fuzzy search allows it), for coverage's fuzzyMatched; none for other terms.
 */
function latinNeighbours(term: string, vocabulary: readonly string[]): string[] {
  const distance = asciiFuzzy(term);
  if (distance === false) return [];
  return vocabulary.filter((word) => word !== term && Math.abs(word.length - term.length) <= distance && editDistanceWithin(term, word, distance));
}

/** True when the Levenshtein distance of a and b is at most `max` (one row of the table at a time). */
function editDistanceWithin(a: string, b: string, max: number): boolean {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    // Every later row is at least this row's least value.
    if (best > max) return false;
    previous = row;
  }
  return (previous[b.length] ?? max + 1) <= max;
}

/** True when MiniSearch matched `term` to a phrasing term through fuzzy search. */
function fuzzyMatched(term: string, matchedTerms: readonly string[], phrasing: ReadonlySet<string>): boolean {
  if (!/^[a-z]{5,16}$/.test(term)) return false;
  return matchedTerms.some((t) => t !== term && phrasing.has(t) && Math.abs(t.length - term.length) <= 2 && t[0] === term[0]);
}

function extract(entry: FaqEntry, field: IndexedField | 'id'): string {
  switch (field) {
    case 'id':
      return entry.id;
    case 'question':
      return entry.question;
    case 'alternates':
      return entry.alternates.join('\n');
    case 'tags':
      return entry.tags.join('\n');
    case 'answer':
      return entry.answer;
    case 'grams':
      return [entry.question, ...entry.alternates, ...entry.tags].join('\n');
  }
}
