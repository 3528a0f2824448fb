import { loadKnowledgeBase } from '../kb/loader';
import type { FaqAction, FaqEntry, KnowledgeBase } from '../kb/schema';
import { JapaneseAnalyzer, type AnalyzerOptions } from './analyzer';
import { AnswerPolicy, BM25_ANSWER_POLICY, type AnswerPolicyOptions, type Decision } from './answerPolicy';
import { DEFAULT_FAQ_RANKING, FaqIndex, type FaqIndexOptions } from './faqIndex';
import type { Analysis } from './analyzer';
import {
  currentStamp,
  DEFAULT_SPELLING_VARIANTS,
  hashKnowledge,
  hashKnowledgeFolder,
  knowledgeTexts,
  readKnowledgeSnapshot,
  writeKnowledgeSnapshot,
  type KnowledgeSnapshot,
  type FaqEngineSnapshotOptions,
  type SnapshotKnowledge,
  type SnapshotStamp,
} from './knowledgeSnapshot';
import type { SpellingVariantMap } from './spellingVariants';
import { errorMessage } from '../errors';

/** Questions whose result FaqEngine.ask remembers (the most recently asked). */
export const DEFAULT_QUERY_CACHE_SIZE = 500;
/** Longest question remembered, in UTF-16 units: a long message is rarely asked twice. */
export const MAX_CACHED_QUESTION_LENGTH = 200;

export interface FaqEngineOptions {
  /** Knowledge folder (entries in faq/, synonyms.yaml). */
  knowledgeDir: string;
  /** Questions whose result `ask` remembers, least recently asked dropped first; 0 turns it off. Default DEFAULT_QUERY_CACHE_SIZE. */
  queryCacheSize?: number;
  /** Analyzer options; synonyms come from the knowledge folder, the learned vocabulary from it or from the snapshot. */
  analyzer?: Omit<AnalyzerOptions, 'synonyms' | 'outOfScope' | 'services' | 'vocabularySources' | 'lexicon' | 'rememberKnowledge'>;
  index?: FaqIndexOptions;
  policy?: AnswerPolicyOptions;
  /** Knowledge already in memory (benchmarks, tests), used instead of reading knowledgeDir. Default: read from knowledgeDir. */
  knowledge?: SnapshotKnowledge;
  /** Load the index's analyses from a knowledge snapshot when it matches, and save one after a rebuild. Default: none (always build). */
  snapshot?: FaqEngineSnapshotOptions;
  /**
   * Expand `bm25` query terms with Sudachi's synonym dictionary (spellingVariants.ts): other spellings
   * of a word, and related words for a word the entries do not use (LexicalRankingOptions.relatedWordTerms).
   * The 14.6 MB dictionary is read at build only, restricted to the index and to the words the
   * knowledge base's own synonym lists leave free (JapaneseAnalyzer.curatedTerms); a snapshot carries
   * the restricted maps. Ignored by the `minisearch` ranking and when index.lexical.spellingVariants
   * is given. Default {@link DEFAULT_SPELLING_VARIANTS}.
   */
  spellingVariants?: boolean;
}

export interface FaqResult {
  readonly question: string;
  readonly analysis: Analysis;
  readonly decision: Decision;
  /** True when the question was longer than the analyzer looks at. */
  readonly truncated: boolean;
}

/**
 * analyzer → index → answer policy, assembled from a knowledge folder.
 * The one object the bot, the CLI and the benchmarks ask questions of.
 */
export class FaqEngine {
  /** Exact phrasings (question and alternates, normalized) that belong to exactly one entry. */
  private readonly phrasings = new Map<string, string | null>();
  /**
   * Results by question as asked, least recently asked first (a Map iterates in insertion order).
   * The same question gets the same result (analysis, index and policy are fixed once built), and
   * the short ones repeat: buttons carry entry questions, and many people type the same few words.
   * In memory only, bounded; never written anywhere.
   */
  private readonly results = new Map<string, FaqResult>();

  private constructor(
    readonly kb: KnowledgeBase,
    readonly analyzer: JapaneseAnalyzer,
    readonly index: FaqIndex,
    /** The answer policy its decisions come from (kb check replays it). */
    readonly policy: AnswerPolicy,
    private readonly queryCacheSize: number,
  ) {
    if (!Number.isInteger(queryCacheSize) || queryCacheSize < 0) throw new Error(`FaqEngine: queryCacheSize must be a whole number from 0 (got ${queryCacheSize})`);
    for (const entry of kb.entries) {
      for (const text of [entry.question, ...entry.alternates]) {
        const key = phrasingKey(text);
        const owner = this.phrasings.get(key);
        // A phrasing two entries share identifies neither.
        this.phrasings.set(key, owner === undefined || owner === entry.id ? entry.id : null);
      }
    }
  }

  /**
   * Builds the engine: from the knowledge snapshot when one is given and matches (no kuromoji
   * analysis of the knowledge), else from the knowledge, analyzing each entry text once.
   */
  static async create(options: FaqEngineOptions): Promise<FaqEngine> {
    const snapshot = options.snapshot;
    if (!snapshot) return (await FaqEngine.build(FaqEngine.knowledgeOf(options), options)).engine;
    const onEvent = snapshot.onEvent ?? (() => undefined);
    const stamp = currentStamp(options.knowledge ? hashKnowledge(options.knowledge) : hashKnowledgeFolder(options.knowledgeDir), {
      ...(options.analyzer ? { analyzer: options.analyzer } : {}),
      spellingVariants: options.spellingVariants ?? DEFAULT_SPELLING_VARIANTS,
    });
    const read = snapshot.reuse === false ? ({ kind: 'rejected', code: 'forced', reason: 'a rebuild was asked for' } as const) : readKnowledgeSnapshot(snapshot.file, stamp);
    // A snapshot from before variants were asked for cannot serve them (the stamp normally tells).
    const unusable = read.kind === 'loaded' && FaqEngine.wantsSpellingVariants(options) && !read.snapshot.spellingVariants;
    if (read.kind === 'loaded' && !unusable) {
      // The ranking index saved with it is loaded when it is this ranking's (FaqIndexOptions.saved).
      const saved = read.snapshot.index;
      const engine = await FaqEngine.fromSnapshot(read.snapshot, saved ? { ...options, index: { ...options.index, saved } } : options);
      onEvent({ kind: 'loaded', file: snapshot.file, entries: engine.kb.entries.length, rankingIndex: engine.index.usedSavedIndex ? 'loaded' : 'built' });
      return engine;
    }
    onEvent(read.kind === 'loaded' ? { kind: 'rebuilt', code: 'options-changed', reason: `${snapshot.file} has no spelling-variant map` } : { kind: 'rebuilt', code: read.code, reason: read.reason });
    const built = await FaqEngine.build(FaqEngine.knowledgeOf(options), options, snapshot.save === false ? undefined : stamp);
    if (built.snapshot) {
      try {
        writeKnowledgeSnapshot(snapshot.file, { ...built.snapshot, index: built.engine.index.savedIndex() });
        onEvent({ kind: 'saved', file: snapshot.file });
      } catch (err) {
        onEvent({ kind: 'save-failed', reason: errorMessage(err) });
      }
    }
    return built.engine;
  }

  /** The knowledge given in memory, or read and validated from knowledgeDir. */
  private static knowledgeOf(options: FaqEngineOptions): KnowledgeBase {
    if (options.knowledge) return knowledgeBase(options.knowledge);
    const loaded = loadKnowledgeBase(options.knowledgeDir);
    if (!loaded.ok) throw new Error(`FaqEngine: the knowledge base is invalid:\n${loaded.errors.join('\n')}`);
    return loaded.kb;
  }

  /**
   * Analyzes every knowledge text once (the analyzer remembers them while the index reads them),
   * builds the index and, with a stamp, the snapshot of what was analyzed.
   */
  private static async build(kb: KnowledgeBase, options: FaqEngineOptions, stamp?: SnapshotStamp): Promise<{ engine: FaqEngine; snapshot?: KnowledgeSnapshot }> {
    const vocabularySources = kb.entries.flatMap((e) => [e.question, ...e.alternates, ...e.tags, e.answer]);
    const analyzer = await JapaneseAnalyzer.create({ ...options.analyzer, synonyms: kb.synonyms, outOfScope: kb.outOfScope, services: kb.services ?? [], vocabularySources, rememberKnowledge: true });
    const texts = analyzedTexts(kb);
    // A snapshot serves either ranking, so it holds the analyses of every text either one reads.
    if (stamp) for (const text of texts) analyzer.analyze(text);
    let spellingVariants: SpellingVariantMap | undefined;
    let relatedWords: SpellingVariantMap | undefined;
    // Also for a snapshot built with the other ranking: it must serve a `bm25` start too.
    if (FaqEngine.asksForExpansion(options) && (stamp !== undefined || FaqEngine.ranksWithBm25(options))) {
      // Analyzed with the knowledge memo open, so the index reuses these analyses and kuromoji's tokens
      // of the chunks texts share (closing it here had doubled the build at 1,786 entries).
      const vocabulary = new Set(texts.flatMap((text) => analyzer.analyze(text).terms));
      // Imported here: the dictionary package is needed only by a build that asks for variants.
      const { loadSpellingDictionary, restrictSynonymExpansions } = await import('./spellingVariants');
      const dictionary = await loadSpellingDictionary();
      // Other spellings of a word and, at a lower weight, the other words of its Sudachi group: the same expansion as on localgovFAQ (BENCHMARKS.md).
      // The words the knowledge base's own synonym lists define keep the meaning the authors gave them.
      // The dictionary's words are no knowledge text: analyzed outside the memo.
      ({ spellingVariants, relatedWords } = analyzer.outsideKnowledge(() =>
        restrictSynonymExpansions(dictionary, vocabulary, (word) => analyzer.terms(word), { exclude: analyzer.curatedTerms() }),
      ));
    }
    const index = new FaqIndex(kb.entries, analyzer, withOutOfScopeQuestions(withSpellingVariants(options.index, FaqEngine.wantsSpellingVariants(options) ? spellingVariants : undefined, relatedWords), kb));
    const analyses = analyzer.endKnowledgeAnalysis();
    const engine = new FaqEngine(kb, analyzer, index, new AnswerPolicy(policyOptions(options)), options.queryCacheSize ?? DEFAULT_QUERY_CACHE_SIZE);
    if (!stamp) return { engine };
    const snapshot: KnowledgeSnapshot = {
      stamp,
      knowledge: snapshotKnowledge(kb),
      lexicon: analyzer.lexiconEntries(),
      analyses: [...analyses],
      ...(spellingVariants ? { spellingVariants } : {}),
      ...(relatedWords ? { relatedWords } : {}),
    };
    return { engine, snapshot };
  }

  /** The engine of a checked snapshot: kuromoji is loaded (questions need it) but analyzes no knowledge text. */
  private static async fromSnapshot(snapshot: KnowledgeSnapshot, options: FaqEngineOptions): Promise<FaqEngine> {
    const kb = knowledgeBase(snapshot.knowledge);
    const analyzer = await JapaneseAnalyzer.create({ ...options.analyzer, synonyms: kb.synonyms, outOfScope: kb.outOfScope, services: kb.services ?? [], lexicon: snapshot.lexicon });
    analyzer.beginKnowledgeAnalysis(snapshot.analyses);
    const wanted = FaqEngine.wantsSpellingVariants(options);
    const index = new FaqIndex(kb.entries, analyzer, withOutOfScopeQuestions(withSpellingVariants(options.index, wanted ? (snapshot.spellingVariants ?? {}) : undefined, wanted ? snapshot.relatedWords : undefined), kb));
    analyzer.endKnowledgeAnalysis();
    return new FaqEngine(kb, analyzer, index, new AnswerPolicy(policyOptions(options)), options.queryCacheSize ?? DEFAULT_QUERY_CACHE_SIZE);
  }

  /** Spelling variants are built only for the `bm25` ranking, and only when no map was given. */
  private static wantsSpellingVariants(options: FaqEngineOptions): boolean {
    return FaqEngine.asksForExpansion(options) && FaqEngine.ranksWithBm25(options);
  }

  /** The Sudachi expansion is asked for (the option, or its default) and no map was given, whatever the ranking. */
  private static asksForExpansion(options: FaqEngineOptions): boolean {
    return (options.spellingVariants ?? DEFAULT_SPELLING_VARIANTS) && options.index?.lexical?.spellingVariants === undefined;
  }

  private static ranksWithBm25(options: FaqEngineOptions): boolean {
    return (options.index?.ranking ?? DEFAULT_FAQ_RANKING) === 'bm25';
  }

  /** The decision for a question (remembered for short ones: see `results`). */
  ask(question: string): FaqResult {
    const cacheable = this.queryCacheSize > 0 && question.length <= MAX_CACHED_QUESTION_LENGTH;
    const known = cacheable ? this.results.get(question) : undefined;
    if (known) {
      this.results.delete(question);
      this.results.set(question, known);
      return known;
    }
    const result = this.search(question);
    if (cacheable) {
      this.results.set(question, result);
      if (this.results.size > this.queryCacheSize) {
        const oldest = this.results.keys().next();
        if (!oldest.done) this.results.delete(oldest.value);
      }
    }
    return result;
  }

  private search(question: string): FaqResult {
    const { analysis, candidates, outOfScope } = this.index.search(question);
    const decision = this.policy.decide(candidates, outOfScope?.coverage);
    // Authors wrote this exact phrasing for one entry: that is the answer, whatever the scores say.
    const exact = this.exactPhrasing(question);
    if (exact && !(decision.kind === 'answer' && decision.entryId === exact)) {
      const rest = decision.candidates.filter((c) => c.id !== exact);
      return { question, analysis, decision: { kind: 'answer', entryId: exact, confidence: 1, candidates: [{ id: exact, score: 1 }, ...rest] }, truncated: analysis.truncated };
    }
    if (decision.kind === 'abstain' && (decision.reason === 'out-of-scope-question' || analysis.terms.some((t) => this.analyzer.isOutOfScopeTerm(t)))) {
      // The dialogs tell "not this desk's topic" from "say it another way" (issue 8).
      return { question, analysis, decision: { ...decision, outOfScopeTopic: true }, truncated: analysis.truncated };
    }
    return { question, analysis, decision, truncated: analysis.truncated };
  }

  /**
   * The entry one of whose question or alternates is this very question (normalized), when exactly
   * one entry has it: `ask` answers it outright (bench/fitPolicy.ts replays this).
   */
  exactPhrasing(question: string): string | undefined {
    return this.phrasings.get(phrasingKey(question)) ?? undefined;
  }

  entry(id: string): FaqEntry | undefined {
    return this.kb.byId(id);
  }

  /** The 姓 and 名 the dictionary finds in a text (the dialogs' NameReader port). */
  readNames(text: string): { lastName?: string; firstName?: string } {
    return this.analyzer.personNames(text);
  }

  /** The entry that leads to this flow (the first one with this `action`). */
  entryByAction(action: FaqAction): FaqEntry | undefined {
    return this.kb.entries.find((e) => e.action === action);
  }

  /** The entry whose canonical question is exactly this text (a button the bot itself offered). */
  entryByQuestion(text: string): FaqEntry | undefined {
    const wanted = text.normalize('NFKC').trim();
    return this.kb.entries.find((e) => e.question.normalize('NFKC').trim() === wanted);
  }
}

/** The policy's options: those given over the defaults of the ranking (BM25_ANSWER_POLICY for `bm25`, fitted for it). */
function policyOptions(options: FaqEngineOptions): AnswerPolicyOptions | undefined {
  if ((options.index?.ranking ?? DEFAULT_FAQ_RANKING) !== 'bm25') return options.policy;
  return { ...BM25_ANSWER_POLICY, ...options.policy };
}

/** A KnowledgeBase (with its id lookup) of knowledge given as plain data. */
function knowledgeBase(knowledge: SnapshotKnowledge): KnowledgeBase {
  const byId = new Map(knowledge.entries.map((e) => [e.id, e]));
  return { ...knowledge, byId: (id) => byId.get(id) };
}

/** The knowledge of a KnowledgeBase as plain data (what a snapshot keeps): everything but its lookup. */
function snapshotKnowledge(kb: KnowledgeBase): SnapshotKnowledge {
  const { byId, ...knowledge } = kb;
  return knowledge;
}

/** Every knowledge text either ranking and the out-of-scope check read: what a snapshot keeps analyzed. */
function analyzedTexts(kb: KnowledgeBase): string[] {
  return [...kb.entries.flatMap((e) => knowledgeTexts(e)), ...(kb.outOfScopeQuestions ?? [])];
}

/** Index options with the knowledge base's out-of-scope questions (those given in the options win). */
function withOutOfScopeQuestions(index: FaqIndexOptions | undefined, kb: KnowledgeBase): FaqIndexOptions | undefined {
  if (!kb.outOfScopeQuestions || index?.outOfScopeQuestions) return index;
  return { ...index, outOfScopeQuestions: kb.outOfScopeQuestions };
}

/** Index options with a spelling-variant map for the `bm25` ranking (unchanged without one). */
function withSpellingVariants(index: FaqIndexOptions | undefined, spellingVariants: SpellingVariantMap | undefined, relatedWords?: SpellingVariantMap): FaqIndexOptions | undefined {
  if (!spellingVariants) return index;
  return { ...index, lexical: { ...index?.lexical, spellingVariants, ...(relatedWords && index?.lexical?.relatedWords === undefined ? { relatedWords } : {}) } };
}

function phrasingKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}
