import { loadKnowledgeBase } from '../kb/loader';
import type { FaqAction, FaqEntry, KnowledgeBase } from '../kb/schema';
import { JapaneseAnalyzer, type AnalyzerOptions } from './analyzer';
import { AnswerPolicy, type AnswerPolicyOptions, type Decision } from './answerPolicy';
import { FaqIndex, type FaqIndexOptions } from './faqIndex';
import type { Analysis } from './analyzer';

/** Questions whose result FaqEngine.ask remembers (the most recently asked). */
export const DEFAULT_QUERY_CACHE_SIZE = 500;
/** Longest question remembered, in UTF-16 units: a long message is rarely asked twice. */
export const MAX_CACHED_QUESTION_LENGTH = 200;

export interface FaqEngineOptions {
  /** Knowledge folder (entries in faq/, synonyms.yaml). */
  knowledgeDir: string;
  /** Questions whose result `ask` remembers, least recently asked dropped first; 0 turns it off. Default DEFAULT_QUERY_CACHE_SIZE. */
  queryCacheSize?: number;
  /** Analyzer options; synonyms come from the knowledge folder. */
  analyzer?: Omit<AnalyzerOptions, 'synonyms' | 'outOfScope' | 'vocabularySources'>;
  index?: FaqIndexOptions;
  policy?: AnswerPolicyOptions;
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
    private readonly policy: AnswerPolicy,
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

  static async create(options: FaqEngineOptions): Promise<FaqEngine> {
    const loaded = loadKnowledgeBase(options.knowledgeDir);
    if (!loaded.ok) throw new Error(`FaqEngine: the knowledge base is invalid:\n${loaded.errors.join('\n')}`);
    const vocabularySources = loaded.kb.entries.flatMap((e) => [e.question, ...e.alternates, ...e.tags, e.answer]);
    const analyzer = await JapaneseAnalyzer.create({ ...options.analyzer, synonyms: loaded.kb.synonyms, outOfScope: loaded.kb.outOfScope, vocabularySources });
    const index = new FaqIndex(loaded.kb.entries, analyzer, options.index);
    return new FaqEngine(loaded.kb, analyzer, index, new AnswerPolicy(options.policy), options.queryCacheSize ?? DEFAULT_QUERY_CACHE_SIZE);
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
    const { analysis, candidates } = this.index.search(question);
    const decision = this.policy.decide(candidates);
    // Authors wrote this exact phrasing for one entry: that is the answer, whatever the scores say.
    const exact = this.phrasings.get(phrasingKey(question));
    if (exact && !(decision.kind === 'answer' && decision.entryId === exact)) {
      const rest = decision.candidates.filter((c) => c.id !== exact);
      return { question, analysis, decision: { kind: 'answer', entryId: exact, confidence: 1, candidates: [{ id: exact, score: 1 }, ...rest] }, truncated: analysis.truncated };
    }
    if (decision.kind === 'abstain' && analysis.terms.some((t) => this.analyzer.isOutOfScopeTerm(t))) {
      // The dialogs tell "not this desk's topic" from "say it another way" (issue 8).
      return { question, analysis, decision: { ...decision, outOfScopeTopic: true }, truncated: analysis.truncated };
    }
    return { question, analysis, decision, truncated: analysis.truncated };
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

function phrasingKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}
