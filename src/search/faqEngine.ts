import { loadKnowledgeBase } from '../kb/loader';
import type { FaqEntry, KnowledgeBase } from '../kb/schema';
import { JapaneseAnalyzer, type AnalyzerOptions } from './analyzer';
import { AnswerPolicy, type AnswerPolicyOptions, type Decision } from './answerPolicy';
import { FaqIndex, type FaqIndexOptions } from './faqIndex';
import type { Analysis } from './analyzer';

export interface FaqEngineOptions {
  /** Knowledge folder (entries in faq/, synonyms.yaml). */
  knowledgeDir: string;
  /** Analyzer options; synonyms come from the knowledge folder. */
  analyzer?: Omit<AnalyzerOptions, 'synonyms'>;
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
  private constructor(
    readonly kb: KnowledgeBase,
    readonly analyzer: JapaneseAnalyzer,
    readonly index: FaqIndex,
    private readonly policy: AnswerPolicy,
  ) {}

  static async create(options: FaqEngineOptions): Promise<FaqEngine> {
    const loaded = loadKnowledgeBase(options.knowledgeDir);
    if (!loaded.ok) throw new Error(`FaqEngine: the knowledge base is invalid:\n${loaded.errors.join('\n')}`);
    const analyzer = await JapaneseAnalyzer.create({ ...options.analyzer, synonyms: loaded.kb.synonyms });
    const index = new FaqIndex(loaded.kb.entries, analyzer, options.index);
    return new FaqEngine(loaded.kb, analyzer, index, new AnswerPolicy(options.policy));
  }

  ask(question: string): FaqResult {
    const { analysis, candidates } = this.index.search(question);
    return { question, analysis, decision: this.policy.decide(candidates), truncated: analysis.truncated };
  }

  entry(id: string): FaqEntry | undefined {
    return this.kb.byId(id);
  }

  /** The entry whose canonical question is exactly this text (a button the bot itself offered). */
  entryByQuestion(text: string): FaqEntry | undefined {
    const wanted = text.normalize('NFKC').trim();
    return this.kb.entries.find((e) => e.question.normalize('NFKC').trim() === wanted);
  }
}
