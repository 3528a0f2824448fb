import { hash } from 'node:crypto';
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { defaultDictionaryPath, loadDictionary } from './dictionaryLoader';
import { englishBaseForms, englishPhraseWords, expandEnglishContractions } from './english';
import { DEFAULT_STOP_WORDS } from './stopWords';
import { SynonymTable, type SynonymGroups } from './synonyms';
import { charNgrams, gramSource, katakanaToHiragana, normalizeText, termKey, withoutVoicingMarks, withoutVoicingMarksByChar } from './normalize';

/** At most this many characters of a message are analyzed; the rest cannot change what it is about. */
export const DEFAULT_MAX_ANALYZED_CHARS = 1_000;
/** kuromoji is fed chunks of at most this many characters: its unknown-word lattice grows super-linearly with run length. */
export const DEFAULT_MAX_CHUNK_CHARS = 48;
/** Size of the character n-grams used as a fallback for unknown and misspelled words. */
export const DEFAULT_NGRAM_SIZE = 2;
/**
 * Version of what `analyze` produces for a given text and options. Saved analyses (the knowledge
 * snapshot) are stamped with it: bump it whenever a change here alters any analysis.
 */
export const ANALYZER_VERSION = 3;

export interface AnalyzerOptions {
  /** Folder of kuromoji's dictionary files. Default: the IPADIC shipped in the kuromoji package. */
  dictionaryPath?: string;
  /** Synonym groups, canonical word first. Default: none. */
  synonyms?: SynonymGroups;
  /** Word groups of topics out of scope; their canonical terms are reported by isOutOfScopeTerm. Default: none. */
  outOfScope?: SynonymGroups;
  /**
   * Names of the services people sign in to (knowledge/services.yaml), one group per service, canonical
   * name first: rewritten like synonyms (outlook.com → outlook) and reported by isServiceTerm. Default: none.
   */
  services?: SynonymGroups;
  /** Stop words as plain words (normalized on load). Default: {@link DEFAULT_STOP_WORDS}. */
  stopWords?: readonly string[];
  /** Characters of input analyzed at most. Default: {@link DEFAULT_MAX_ANALYZED_CHARS}. */
  maxAnalyzedChars?: number;
  /** Longest piece of text given to kuromoji at once. Default: {@link DEFAULT_MAX_CHUNK_CHARS}. */
  maxChunkChars?: number;
  /** n of the character n-gram fallback. Default: {@link DEFAULT_NGRAM_SIZE}. */
  ngramSize?: number;
  /**
   * Texts (the knowledge base) whose katakana words and kanji nouns are learned, so a user who
   * types them in hiragana (ぱすわーど, けいたい) still meets them. Default: none.
   */
  vocabularySources?: readonly string[];
  /**
   * The vocabulary an earlier analyzer learned (its `lexiconEntries()`, kept in a knowledge
   * snapshot): when given, `vocabularySources` are not read. Default: learned from vocabularySources.
   */
  lexicon?: readonly (readonly [reading: string, word: string])[];
  /**
   * Start with the knowledge memo open (see beginKnowledgeAnalysis), so kuromoji's tokens of the
   * vocabulary pass serve the analyses of the same texts: one kuromoji pass per knowledge text.
   * Close it with endKnowledgeAnalysis. Default false.
   */
  rememberKnowledge?: boolean;
}

/** Shortest hiragana spelling rewritten to a katakana word (shorter ones collide with grammar). */
export const MIN_KATAKANA_READING = 3;
/** Shortest hiragana spelling rewritten to a kanji noun. */
export const MIN_KANJI_READING = 4;
/**
 * Shortest kana spelling rewritten to a known word when only its voicing marks differ (ハスワード →
 * パスワード): at three kana, too many different words share their unvoiced spelling (カード, ガード).
 */
export const MIN_VOICELESS_READING = 4;
/** The same for hiragana runs, where more short words are grammar (ろくおん is not ログオン). */
export const MIN_VOICELESS_HIRAGANA_READING = 5;

/**
 * What a term is, for weighting: an unknown name (Excel, インスタ) is what a question is about,
 * an unknown common noun (娘, 放置) often only sets the scene, and an unknown verb or adverb
 * is mostly context (泣く, 急に, 出る). A `qualifier` is a noun or name that says what something
 * else is for (仕事用, プライベート用, 学生向け): it describes the thing asked about, it is not it.
 */
export const TERM_KINDS = ['name', 'noun', 'verb', 'number', 'other', 'qualifier'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** What the analyzer makes of one text. */
export interface Analysis {
  /** Content terms in order: base forms, kana unified, stop words dropped, synonyms applied. */
  readonly terms: string[];
  /** Kind of each term in `terms` (same order). */
  readonly kinds: TermKind[];
  /** Terms kuromoji did not know (no base form): these lean on the n-gram fallback. */
  readonly unknownTerms: string[];
  /** Character n-grams of the normalized text, for fuzzy matching of unknown and misspelled words. */
  readonly grams: string[];
  /** True when the input was longer than the analyzed cap. */
  readonly truncated: boolean;
}

/** Longest text read for personal names (an answer at the 姓 prompt). */
const MAX_NAME_TEXT_CHARS = 100;
/**
 * Longest text searched for name spans (redaction of whole messages): four times the analyzed cap,
 * a few milliseconds of kuromoji in 48-character chunks.
 */
export const MAX_NAME_SPAN_TEXT_CHARS = 4 * DEFAULT_MAX_ANALYZED_CHARS;

/** No words (englishPhraseWords' answer for a text without Latin letters). */
const NO_WORDS: ReadonlySet<string> = new Set();

/** A word written in katakana only. */
const KATAKANA_WORD = /^[ァ-ヺー]+$/;

/** Noun suffixes that make the noun before them say what something is for (see TermKind `qualifier`). */
const PURPOSE_SUFFIXES: ReadonlySet<string> = new Set(['用', '向け']);

/** Parts of speech that carry no topic. */
const DROPPED_POS = new Set(['助詞', '助動詞', '記号', 'フィラー', '接続詞', '連体詞', '接頭詞', '感動詞', 'その他']);
/** Sub-categories of content parts of speech that carry no topic either (の, しまう, られる…). */
const DROPPED_POS_DETAIL = new Set(['非自立', '接尾', '代名詞']);

/**
 * Japanese analyzer: normalization → kuromoji → base forms → stop words → synonyms.
 * Build it once with {@link JapaneseAnalyzer.create}; `analyze` is synchronous so it
 * can serve as MiniSearch's tokenizer.
 */
/** A kanji noun that may be a surname or given name read on its own (see isNameOnItsOwn). */
const TWO_TO_FOUR_KANJI = /^\p{Script=Han}{2,4}$/u;
/** Most nouns isNameOnItsOwn remembers; the map is emptied when full (a few hundred KB at most). */
const MAX_NAME_ON_ITS_OWN_ENTRIES = 10_000;
/** Most chunks whose name spans personNameSpans remembers; the map is emptied when full. */
export const MAX_NAME_SPAN_CHUNKS = 5_000;

export class JapaneseAnalyzer {
  /** Bump when the analysis changes, so a stored index built by another version is rejected. */
  static readonly VERSION = 2;

  private readonly stopWords: ReadonlySet<string>;
  private readonly synonyms: SynonymTable;
  private readonly outOfScopeTerms: ReadonlySet<string>;
  private readonly serviceTerms: ReadonlySet<string>;
  private readonly maxAnalyzedChars: number;
  private readonly maxChunkChars: number;
  private readonly ngramSize: number;
  /** hiragana spelling → the word as the knowledge base writes it, longest first. */
  private readonly hiraganaLexicon: Map<string, string>;
  private readonly longestReading: number;
  /**
   * The knowledge base's words that carry voicing marks, by their spelling without them (in hiragana):
   * `katakana` holds its katakana words (for katakana runs), `any` every word of the lexicon (for
   * hiragana runs). null when two words share that spelling: then neither is guessed.
   */
  private readonly voiceless: { readonly katakana: ReadonlyMap<string, string | null>; readonly any: ReadonlyMap<string, string | null>; readonly longest: number };
  /** Kanji nouns already looked up by isNameOnItsOwn (bounded by MAX_NAME_ON_ITS_OWN_ENTRIES). */
  private readonly nameOnItsOwn = new Map<string, boolean>();
  /**
   * Name spans (offsets within the chunk) by SHA-256 of a chunk personNameSpans read: the bot's own
   * texts (a recovery confirmation, a prompt) are redacted again for every conversation, and their
   * chunks come out of kuromoji the same each time. Keyed by a hash so that no text people typed is
   * kept here; bounded by MAX_NAME_SPAN_CHUNKS.
   */
  private readonly chunkNameSpans = new Map<string, readonly (readonly [start: number, end: number])[]>();
  /**
   * Open while the knowledge base is analyzed (begin/endKnowledgeAnalysis): analyses by text and
   * kuromoji's tokens by chunk, so each knowledge text goes through kuromoji once however many
   * parts of the index read it. Closed otherwise, so questions are never remembered here.
   */
  private knowledgeMemo: { analyses: Map<string, Analysis>; tokens: Map<string, IpadicFeatures[]> } | undefined;

  private constructor(private readonly tokenizer: Tokenizer<IpadicFeatures>, options: AnalyzerOptions) {
    this.stopWords = new Set((options.stopWords ?? DEFAULT_STOP_WORDS).map((w) => termKey(w)));
    this.maxAnalyzedChars = options.maxAnalyzedChars ?? DEFAULT_MAX_ANALYZED_CHARS;
    this.maxChunkChars = options.maxChunkChars ?? DEFAULT_MAX_CHUNK_CHARS;
    this.ngramSize = options.ngramSize ?? DEFAULT_NGRAM_SIZE;
    this.hiraganaLexicon = new Map();
    if (options.rememberKnowledge) this.beginKnowledgeAnalysis();
    const analyzeWord = (word: string): string[] => this.rawTerms(normalizeText(word)).terms;
    const outOfScope = options.outOfScope ?? [];
    const services = options.services ?? [];
    // Synonyms first: a word listed twice keeps its first group (SynonymTable).
    this.synonyms = new SynonymTable([...(options.synonyms ?? []), ...outOfScope, ...services], analyzeWord);
    const canonical = (groups: SynonymGroups): Set<string> => new Set(groups.map((group) => analyzeWord(group[0] ?? '').join('')).filter((t) => t !== ''));
    this.outOfScopeTerms = canonical(outOfScope);
    this.serviceTerms = canonical(services);
    if (options.lexicon) for (const [reading, word] of options.lexicon) this.hiraganaLexicon.set(reading, word);
    else this.learnVocabulary([...(options.vocabularySources ?? []), ...(options.synonyms ?? []).flat()]);
    this.longestReading = Math.max(0, ...[...this.hiraganaLexicon.keys()].map((k) => k.length));
    this.voiceless = voicelessLexicon(this.hiraganaLexicon);
  }

  private learnVocabulary(texts: readonly string[]): void {
    for (const text of texts) {
      for (const chunk of this.chunks(normalizeText(text))) {
        for (const token of this.tokenize(chunk)) {
          const surface = token.surface_form;
          if (/^[ァ-ヺー]+$/.test(surface)) {
            const reading = katakanaToHiragana(surface);
            if (reading.length >= MIN_KATAKANA_READING) this.hiraganaLexicon.set(reading, surface);
          } else if (token.pos === '名詞' && /\p{Script=Han}/u.test(surface) && token.reading) {
            const reading = katakanaToHiragana(token.reading);
            if (reading.length >= MIN_KANJI_READING && !this.hiraganaLexicon.has(reading)) this.hiraganaLexicon.set(reading, surface);
          }
        }
      }
    }
  }

  /**
   * Rewrites spellings of the knowledge base's words that kuromoji would cut into unrelated pieces:
   * katakana words typed without their voicing marks (ハスワード → パスワード, not ハス + ワード, which
   * reads as Word), then hiragana spellings of known words (ぱすわーど → パスワード), also without marks.
   */
  private respell(text: string): string {
    if (this.hiraganaLexicon.size === 0) return text;
    const voiced = this.voiceless.katakana.size === 0 ? text : text.replace(/[ァ-ヺー]{4,}/g, (run) => this.respellRun(run, { exact: false, voiceless: this.voiceless.katakana, minVoiceless: MIN_VOICELESS_READING }));
    return voiced.replace(/[ぁ-ゖー]{3,}/g, (run) => this.respellRun(run, { exact: true, voiceless: this.voiceless.any, minVoiceless: MIN_VOICELESS_HIRAGANA_READING }));
  }

  /**
   * One kana run with the known words in it rewritten, longest first from left to right. `exact`: a
   * hiragana spelling of a word is rewritten (ぱすわーど); `voiceless`: words found by their spelling
   * without voicing marks, from `minVoiceless` kana.
   */
  private respellRun(run: string, how: { exact: boolean; voiceless: ReadonlyMap<string, string | null>; minVoiceless: number }): string {
    const reading = katakanaToHiragana(run);
    const unvoiced = how.voiceless.size === 0 ? reading : withoutVoicingMarksByChar(reading);
    let out = '';
    let i = 0;
    while (i < run.length) {
      const found = (how.exact ? this.exactWordAt(reading, i) : undefined) ?? this.voicelessWordAt(run, reading, unvoiced, i, how.voiceless, how.minVoiceless);
      if (found) {
        out += found.word;
        i += found.length;
      } else {
        out += run[i];
        i += 1;
      }
    }
    return out;
  }

  /** The longest word of the lexicon spelled in hiragana at `i`. */
  private exactWordAt(reading: string, i: number): { word: string; length: number } | undefined {
    for (let len = Math.min(this.longestReading, reading.length - i); len >= MIN_KATAKANA_READING; len--) {
      const word = this.hiraganaLexicon.get(reading.slice(i, i + len));
      if (word !== undefined) return { word, length: len };
    }
    return undefined;
  }

  /**
   * The longest word of the knowledge base at `i` that differs from what was typed only by voicing marks.
   * What was typed stays when it is a word of the knowledge base or of the dictionary itself (アカウント is
   * not the authors' misspelling アカウンド; フロック is a word). `unvoiced`: the reading without marks,
   * as long as it (withoutVoicingMarksByChar).
   */
  private voicelessWordAt(run: string, reading: string, unvoiced: string, i: number, voiceless: ReadonlyMap<string, string | null>, min: number): { word: string; length: number } | undefined {
    for (let len = Math.min(this.voiceless.longest, reading.length - i); len >= min; len--) {
      const word = voiceless.get(unvoiced.slice(i, i + len));
      if (!word) continue;
      const slice = reading.slice(i, i + len);
      const typed = run.slice(i, i + len);
      if (katakanaToHiragana(word) === slice || this.hiraganaLexicon.has(slice) || this.isDictionaryWord(typed)) return { word: typed, length: len };
      return { word, length: len };
    }
    return undefined;
  }

  /** True when kuromoji's dictionary has this text as one word. */
  private isDictionaryWord(text: string): boolean {
    const tokens = this.tokenizer.tokenize(text);
    return tokens.length === 1 && tokens[0]?.word_type === 'KNOWN';
  }

  /** Loads kuromoji's dictionary (~1 s, ~400 MB; once per process: see dictionaryLoader.ts) and returns a ready analyzer. */
  static async create(options: AnalyzerOptions = {}): Promise<JapaneseAnalyzer> {
    const dicPath = options.dictionaryPath ?? defaultDictionaryPath();
    let tokenizer: Tokenizer<IpadicFeatures>;
    try {
      tokenizer = await loadDictionary(dicPath);
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      throw new Error(`JapaneseAnalyzer: cannot load the kuromoji dictionary from ${dicPath}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    return new JapaneseAnalyzer(tokenizer, options);
  }

  /**
   * The terms whose words the knowledge base lists itself (the canonical term of each group of
   * knowledge/synonyms.yaml, out-of-scope.yaml and services.yaml): what they match is the authors' choice,
   * so a general dictionary must not widen it (see FaqEngine's synonym expansion).
   */
  curatedTerms(): ReadonlySet<string> {
    return this.synonyms.canonicalTerms();
  }

  /** True for the canonical name of a service people sign in to (knowledge/services.yaml: Outlook.com, Skype…). */
  isServiceTerm(term: string): boolean {
    return this.serviceTerms.has(term);
  }

  /** True for the canonical term of an out-of-scope topic (Gmail, Excel, 二段階認証…). */
  isOutOfScopeTerm(term: string): boolean {
    return this.outOfScopeTerms.has(term);
  }

  /**
   * Opens the knowledge memo (see knowledgeMemo), optionally with analyses saved earlier (a
   * knowledge snapshot): while open, `analyze` returns the remembered analysis of the same text.
   */
  beginKnowledgeAnalysis(preloaded: Iterable<readonly [string, Analysis]> = []): void {
    this.knowledgeMemo = { analyses: new Map(preloaded), tokens: this.knowledgeMemo?.tokens ?? new Map() };
  }

  /**
   * Runs `work` with the knowledge memo set aside: what it analyzes (a dictionary's headwords) is not
   * remembered, and the memo's analyses and tokens are there again afterwards. Synchronous on purpose:
   * no other analysis can run while the memo is away.
   */
  outsideKnowledge<T>(work: () => T): T {
    const memo = this.knowledgeMemo;
    this.knowledgeMemo = undefined;
    try {
      return work();
    } finally {
      this.knowledgeMemo = memo;
    }
  }

  /** Closes the knowledge memo and returns the analyses it holds (text → analysis). */
  endKnowledgeAnalysis(): Map<string, Analysis> {
    const analyses = this.knowledgeMemo?.analyses ?? new Map<string, Analysis>();
    this.knowledgeMemo = undefined;
    return analyses;
  }

  /** The learned vocabulary (hiragana spelling → word), for AnalyzerOptions.lexicon. */
  lexiconEntries(): [reading: string, word: string][] {
    return [...this.hiraganaLexicon];
  }

  /** kuromoji's tokens of one chunk, remembered while the knowledge memo is open. */
  private tokenize(chunk: string): IpadicFeatures[] {
    if (!this.knowledgeMemo) return this.tokenizer.tokenize(chunk);
    let tokens = this.knowledgeMemo.tokens.get(chunk);
    if (!tokens) this.knowledgeMemo.tokens.set(chunk, (tokens = this.tokenizer.tokenize(chunk)));
    return tokens;
  }

  /** Full analysis of a text. Bounded: at most `maxAnalyzedChars` characters are looked at. */
  analyze(text: string): Analysis {
    const remembered = this.knowledgeMemo?.analyses.get(text);
    if (remembered) return remembered;
    const analysis = this.analyzeText(text);
    this.knowledgeMemo?.analyses.set(text, analysis);
    return analysis;
  }

  private analyzeText(text: string): Analysis {
    // Cut before normalizing: NFKC over 30,000 characters costs more than analyzing the 1,000 we keep.
    // Twice the cap leaves room for NFKC to shrink the text (ｶﾞ → ガ) before the final cut.
    const cut = text.length > this.maxAnalyzedChars * 2 ? text.slice(0, this.maxAnalyzedChars * 2) : text;
    // English is read as typed: its capitals tell a name (Spotify) inside a sentence.
    const latin = /[a-z]/i.test(cut);
    const head = latin ? expandEnglishContractions(cut) : cut;
    const normalized = normalizeText(head);
    const truncated = text.length > cut.length || normalized.length > this.maxAnalyzedChars;
    const bounded = normalized.length > this.maxAnalyzedChars ? normalized.slice(0, this.maxAnalyzedChars) : normalized;
    const english = latin ? englishPhraseWords(head, this.stopWords) : NO_WORDS;
    const raw = this.rawTerms(this.respell(bounded), english);
    const rewritten = this.synonyms.apply(raw.terms.map((term, i) => ({ term: this.listedBaseForm(term), kind: raw.kinds[i] as TermKind })));
    const terms = rewritten.map((t) => t.term);
    return {
      terms,
      kinds: rewritten.map((t) => t.kind),
      unknownTerms: raw.unknown.filter((t) => terms.includes(t)),
      grams: charNgrams(gramSource(bounded), this.ngramSize).filter((g) => !/^[ぁ-ゖ]$/.test(g)),
      truncated,
    };
  }

  /** An inflected English word's base form when only that is a listed synonym (changed → change), else the term. */
  private listedBaseForm(term: string): string {
    if (!/^[a-z]{4,}$/.test(term) || this.synonyms.lists(term)) return term;
    return englishBaseForms(term).find((form) => this.synonyms.lists(form)) ?? term;
  }

  /** Character n-grams of one term (no kuromoji: cheap enough for the ranking loop). */
  termGrams(term: string): string[] {
    return charNgrams(gramSource(term), this.ngramSize);
  }

  /**
   * The family and given names the dictionary recognizes in a short text (人名 姓 / 名):
   * 「山田次郎で登録しました」 → 山田, 次郎. Bounded like analysis (a name is never long).
   */
  personNames(text: string): { lastName?: string; firstName?: string } {
    const found: { lastName?: string; firstName?: string } = {};
    for (const chunk of this.chunks(text.normalize('NFKC').slice(0, MAX_NAME_TEXT_CHARS))) {
      for (const token of this.tokenizer.tokenize(chunk)) {
        if (token.pos_detail_2 !== '人名') continue;
        if (token.pos_detail_3 === '姓' && found.lastName === undefined) found.lastName = token.surface_form;
        else if (token.pos_detail_3 === '名' && found.firstName === undefined) found.firstName = token.surface_form;
      }
    }
    return found;
  }

  /**
   * Every span the dictionary tags as a person's name (名詞,固有名詞,人名: 姓, 名 or 一般), as
   * offsets into `text` itself, not into its NFKC form, so the redaction module can cut out exactly
   * what was typed. A chunk is NFKC-folded only when that keeps its length (全角 letters), else read
   * as typed. Bounded like analysis: only the first `maxChars` characters are read, in the same
   * short chunks, so the cost stays linear.
   */
  personNameSpans(text: string, maxChars: number = MAX_NAME_SPAN_TEXT_CHARS): { start: number; end: number }[] {
    const spans: { start: number; end: number }[] = [];
    const bounded = text.length > maxChars ? text.slice(0, maxChars) : text;
    for (const { offset, piece } of this.chunkSpans(bounded)) {
      const folded = piece.normalize('NFKC');
      const read = folded.length === piece.length ? folded : piece;
      for (const [start, end] of this.namesInChunk(read)) spans.push({ start: offset + start, end: offset + end });
    }
    return spans;
  }

  /** The name spans of one chunk (see chunkNameSpans): a pure function of its text. */
  private namesInChunk(read: string): readonly (readonly [number, number])[] {
    // crypto.hash: one call for a short input, without a Hash object and its stream machinery per chunk.
    const key = hash('sha256', read, 'base64');
    const known = this.chunkNameSpans.get(key);
    if (known) return known;
    const found: [number, number][] = [];
    // Positions come from the surfaces, not word_position: kuromoji counts that in code points
    // (an emoji before a name would shift it).
    let at = 0;
    for (const token of this.tokenizer.tokenize(read)) {
      const start = read.indexOf(token.surface_form, at);
      if (start < 0) continue;
      at = start + token.surface_form.length;
      if ((token.pos_detail_1 === '固有名詞' && token.pos_detail_2 === '人名') || this.isNameOnItsOwn(token)) found.push([start, at]);
    }
    if (this.chunkNameSpans.size >= MAX_NAME_SPAN_CHUNKS) this.chunkNameSpans.clear();
    this.chunkNameSpans.set(key, found);
    return found;
  }

  /**
   * A kanji noun that kuromoji tagged 一般 in context but reads as a person's name on its own: in
   * 「忘れました山田で登録しています」 the lattice picks 山田 the common noun, and the name leaked.
   * Two to four kanji only (one kanji such as 森 is too often a word); answers are remembered.
   */
  private isNameOnItsOwn(token: { surface_form: string; pos: string; pos_detail_1: string }): boolean {
    if (token.pos !== '名詞' || token.pos_detail_1 !== '一般' || !TWO_TO_FOUR_KANJI.test(token.surface_form)) return false;
    const known = this.nameOnItsOwn.get(token.surface_form);
    if (known !== undefined) return known;
    const alone = this.tokenizer.tokenize(token.surface_form);
    const name = alone.length === 1 && alone[0]?.pos_detail_1 === '固有名詞' && alone[0]?.pos_detail_2 === '人名';
    if (this.nameOnItsOwn.size >= MAX_NAME_ON_ITS_OWN_ENTRIES) this.nameOnItsOwn.clear();
    this.nameOnItsOwn.set(token.surface_form, name);
    return name;
  }

  /** Content terms only (the MiniSearch tokenizer). */
  terms(text: string): string[] {
    return this.analyze(text).terms;
  }

  /** `english`: words typed inside an English phrase (englishPhraseWords): ordinary words, not names. */
  private rawTerms(normalized: string, english: ReadonlySet<string> = NO_WORDS): { terms: string[]; kinds: TermKind[]; unknown: string[] } {
    const terms: string[] = [];
    const kinds: TermKind[] = [];
    const unknown: string[] = [];
    const add = (key: string, kind: TermKind, isUnknown: boolean): void => {
      terms.push(key);
      kinds.push(kind);
      if (isUnknown) unknown.push(key);
    };
    for (const chunk of this.chunks(normalized)) {
      const tokens = this.tokenize(chunk);
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as IpadicFeatures;
        if (DROPPED_POS.has(token.pos) || (DROPPED_POS_DETAIL.has(token.pos_detail_1) && !isNounSuffix(token))) continue;
        // One letter against a katakana word is a brand's prefix (dアカウント, Tポイント): one name no
        // entry knows, where the letter alone weighed like a placeholder (xxx). Not e, which says
        // "electronic" (Eメールアドレス, eラーニング).
        const next = tokens[i + 1];
        const prefixed = /^[a-df-z]$/.test(token.surface_form) && next !== undefined && KATAKANA_WORD.test(next.surface_form);
        if (prefixed) {
          const key = termKey(token.surface_form + next.surface_form);
          if (!this.stopWords.has(key)) add(key, 'name', true);
          i += 1;
          continue;
        }
        // A katakana word of the knowledge base that kuromoji cut in two in this context (不審なサインインが
        // → サイン + イン) stays whole, as it is in the entries and the synonym list.
        const whole = next !== undefined && KATAKANA_WORD.test(token.surface_form) && KATAKANA_WORD.test(next.surface_form) ? this.hiraganaLexicon.get(katakanaToHiragana(token.surface_form + next.surface_form)) : undefined;
        if (whole !== undefined && KATAKANA_WORD.test(whole)) {
          const key = termKey(whole);
          add(key, english.has(key) ? 'noun' : 'name', !this.isDictionaryWord(whole));
          i += 1;
          continue;
        }
        const isUnknown = token.basic_form === '*' || token.word_type === 'UNKNOWN';
        // kuromoji gives `*` as the base form of words it does not know (サインイン, microsoft).
        const base = token.basic_form === '*' ? token.surface_form : token.basic_form;
        const key = termKey(base);
        if (key === '' || /^[\p{P}\p{S}\s]+$/u.test(key) || this.stopWords.has(key)) continue;
        add(key, kindInContext(termKind(token, isUnknown), key, next, english), isUnknown);
      }
    }
    return { terms, kinds, unknown };
  }

  /** The pieces `chunks` would give, with their offsets in `text` (for spans into the text as typed). */
  private *chunkSpans(text: string): Generator<{ offset: number; piece: string }> {
    for (const m of text.matchAll(/[^\s。、．，,.!?！？\n]+/g)) {
      for (let i = 0; i < m[0].length; i += this.maxChunkChars) yield { offset: m.index + i, piece: m[0].slice(i, i + this.maxChunkChars) };
    }
  }

  /** Splits at spaces and sentence punctuation, then hard-splits anything still too long. */
  private *chunks(text: string): Generator<string> {
    for (const piece of text.split(/[\s。、．，,.!?！？\n]+/)) {
      if (piece === '') continue;
      for (let i = 0; i < piece.length; i += this.maxChunkChars) yield piece.slice(i, i + this.maxChunkChars);
    }
  }
}

/** JapaneseAnalyzer's voiceless lookup of a lexicon (hiragana spelling → word). */
function voicelessLexicon(lexicon: ReadonlyMap<string, string>): { katakana: Map<string, string | null>; any: Map<string, string | null>; longest: number } {
  const katakana = new Map<string, string | null>();
  const any = new Map<string, string | null>();
  const add = (map: Map<string, string | null>, key: string, word: string): void => {
    const known = map.get(key);
    map.set(key, known === undefined || known === word ? word : null);
  };
  let longest = 0;
  for (const [reading, word] of lexicon) {
    const key = withoutVoicingMarks(reading);
    // A word without marks is found as typed already.
    if (key === reading || key.length < MIN_VOICELESS_READING) continue;
    add(any, key, word);
    if (KATAKANA_WORD.test(word)) add(katakana, key, word);
    longest = Math.max(longest, key.length);
  }
  return { katakana, any, longest };
}

function termKind(token: IpadicFeatures, isUnknown: boolean): TermKind {
  // Latin words, katakana loanwords and proper nouns name things (Excel, インスタ, 尼崎): a topic.
  if (/^[\x21-\x7e]+$|^[ァ-ヺー・]+$/.test(token.surface_form) || token.pos_detail_1 === '固有名詞') return 'name';
  if (isUnknown) return 'noun';
  if (token.pos === '名詞') return token.pos_detail_1 === '数' ? 'number' : 'noun';
  if (token.pos === '動詞') return 'verb';
  return 'other';
}

/**
 * A term's kind given the token after it and the English phrases of its text: a noun before 用 or 向け
 * is a qualifier; a word of an English sentence ("last month") is a word, not a brand no entry knows
 * (Spotify, PSN are names).
 */
function kindInContext(kind: TermKind, key: string, next: IpadicFeatures | undefined, english: ReadonlySet<string>): TermKind {
  if (next !== undefined && isPurposeSuffix(next) && (kind === 'noun' || kind === 'name')) return 'qualifier';
  return kind === 'name' && english.has(key) ? 'noun' : kind;
}

/** 用 and 向け after a noun: what it is for (仕事用のアカウント, 学生向けのプラン). */
function isPurposeSuffix(token: IpadicFeatures): boolean {
  return token.pos === '名詞' && token.pos_detail_1 === '接尾' && PURPOSE_SUFFIXES.has(token.surface_form);
}

/** A noun suffix (名 in アカウント名, 料 in 保険料) carries meaning; verb suffixes (れる, られる) do not. */
function isNounSuffix(token: IpadicFeatures): boolean {
  return token.pos === '名詞' && token.pos_detail_1 === '接尾' && token.pos_detail_2 !== '助数詞';
}
