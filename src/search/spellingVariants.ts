import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { termKey } from './normalize';

/**
 * Spelling variants from Sudachi's synonym dictionary (`sudachi-synonyms-dictionary`, Apache-2.0),
 * for query expansion in the `bm25` ranking: 引越し / 引っ越し, 子供 / 子ども, 出産 / お産 ….
 *
 * The dictionary is a list of synonym groups; inside a group, words with the same lexeme number
 * (「グループ内の語彙番号」) are one word written differently: other spellings, loanword spellings,
 * the original spelling, translations, abbreviations, other names, old names and misspellings.
 * Words of the same group with another lexeme number are related words (曖昧 / 不明確), which
 * drift in meaning: the ranking expands to them at a lower weight than to spellings (see
 * LexicalRankingOptions.relatedWords), so both relations are built ({@link SpellingVariantScope}).
 *
 * The dictionary file is large (14.6 MB of JSON, 26,000 groups, 70,000 words), so it is read once,
 * restricted to the terms one index contains ({@link restrictSynonymExpansions}), and dropped: the
 * restricted maps are plain JSON, small (for the 1,786 localgovFAQ entries: 16 KB of spellings and
 * 69 KB of related words), and are all the running bot needs (a knowledge snapshot can store them).
 */

/** The fields of a dictionary word this module reads (the package's SudachiSynonyms has more). */
export interface SpellingDictionaryWord {
  /** 0: expands and is expanded to; 1: only expanded to; 2: a deletion record, never used. */
  readonly expandControl: 0 | 1 | 2;
  /** Lexeme number within the group (same number: the same word); null or absent in a few records. */
  readonly vocabularyNumber?: number | null;
  /** The headword. */
  readonly midashi: string;
}
/** One synonym group: its id and its words, in the package's record format. */
export interface SpellingDictionaryGroup {
  readonly id: string;
  readonly items: readonly SpellingDictionaryWord[];
}
/** The dictionary, as the package gives it (its SudachiSynonymsGroup[] fits). */
export type SpellingDictionary = readonly SpellingDictionaryGroup[];

/**
 * The JSON file the package ships. Read directly rather than through its fetchDictionary: the
 * package's `import` entry (index.module.js) is missing from it, so ESM loaders (vitest) cannot load it.
 */
export function defaultSpellingDictionaryPath(): string {
  return path.join(path.dirname(require.resolve('sudachi-synonyms-dictionary')), 'sudachi-synonyms-dictionary.json');
}

const dictionarySchema = z.array(
  z.object({
    id: z.string(),
    items: z.array(z.object({ expandControl: z.union([z.literal(0), z.literal(1), z.literal(2)]), vocabularyNumber: z.number().int().nullable().optional(), midashi: z.string() })),
  }),
);

/**
 * Query term (as the analyzer produces it) → index terms it should also match (other spellings of
 * the same word, present in the index's vocabulary, never the term itself). Plain JSON.
 */
export type SpellingVariantMap = Readonly<Record<string, readonly string[]>>;

/** Which words of a group count as variants: the same lexeme only, or every word of the group. */
export type SpellingVariantScope = 'lexeme' | 'group';

/** `expandControl` of a word the dictionary keeps only as a deletion record: never used. */
const NEVER_EXPAND = 2;
/** `expandControl` of a word that does not trigger expansion itself but is expanded to. */
const EXPANDED_TO_ONLY = 1;

export interface RestrictOptions {
  /** Which words of a group are variants of each other. Default {@link DEFAULT_SPELLING_VARIANT_SCOPE}. */
  readonly scope?: SpellingVariantScope;
  /**
   * Terms left out as keys and as values: the knowledge base's own synonym groups decide what they
   * match (Sudachi puts サインアウト in the lexeme of サインイン, and キャンセル beside 削除). Default: none.
   */
  readonly exclude?: ReadonlySet<string>;
}

/** Other spellings of the same word: the relation the dictionary states most safely. */
export const DEFAULT_SPELLING_VARIANT_SCOPE: SpellingVariantScope = 'lexeme';

/**
 * Reads and checks the whole dictionary (0.3–1 s on a 2-core machine, ~15 MB of heap while held).
 * Call once, restrict it with {@link restrictSynonymExpansions}, and let it go.
 */
export async function loadSpellingDictionary(file: string = defaultSpellingDictionaryPath()): Promise<SpellingDictionary> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`spellingVariants: cannot read the synonym dictionary ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = dictionarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`spellingVariants: the synonym dictionary ${file} has an unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown issue'}`);
  }
  return parsed.data;
}

/** The expansions of one index: other spellings of the same word, and every word of the group. */
export interface SynonymExpansions {
  /** Scope `lexeme`: for LexicalRankingOptions.spellingVariants. */
  readonly spellingVariants: SpellingVariantMap;
  /** Scope `group`: for LexicalRankingOptions.relatedWords. */
  readonly relatedWords: SpellingVariantMap;
}

/** One usable word of a group: its lexeme (number within the group), its analyzer term, whether it may trigger expansion. */
interface GroupWord {
  readonly lexeme: string;
  readonly term: string;
  readonly triggers: boolean;
}

/**
 * The variant map of one index: for each word of the dictionary that the analyzer turns into one
 * term, the other words of the same lexeme (or group, with `scope: 'group'`) that are in
 * `vocabulary`, as analyzer terms.
 *
 * - Headwords go through `analyze` (the index's own analyzer: NFKC, base forms, kana folded,
 *   stop words dropped), so keys and values are spelled exactly as query and index terms are.
 * - A headword the analyzer splits into several terms (住民基本台帳, 引っ越し作業) or drops (a stop
 *   word) is left out, as a key and as a value: a query term is one term, and expanding one term to
 *   the parts of a compound would match every entry that mentions one part (票, 作業).
 * - A word with `expandControl` 2 (a deletion record) is ignored; one with `expandControl` 1 is
 *   expanded to but does not expand.
 * - Two headwords that fold to the same term (イメージ / いめーじ) are one term and add nothing.
 * - Only groups with a headword whose folded spelling (`termKey`: NFKC, kana folded, trailing
 *   long-vowel mark dropped) is in `vocabulary` are analyzed: a group without one has no word the
 *   index contains, save one whose base form differs from its headword, and skipping the others
 *   saves most of the analysis time (the dictionary has ~70,000 headwords).
 *
 * @param analyze the terms of a word, as the index's analyzer makes them
 */
export function restrictSpellingVariants(
  dictionary: SpellingDictionary,
  vocabulary: Iterable<string>,
  analyze: (word: string) => readonly string[],
  options: RestrictOptions = {},
): SpellingVariantMap {
  const scope = options.scope ?? DEFAULT_SPELLING_VARIANT_SCOPE;
  const known = toSet(vocabulary);
  const map = new Map<string, Set<string>>();
  for (const words of usableGroups(dictionary, known, analyze, options.exclude)) addPairs(map, words, known, scope);
  return toJson(map);
}

/** Both maps of {@link SynonymExpansions} at once (each headword analyzed once). */
export function restrictSynonymExpansions(
  dictionary: SpellingDictionary,
  vocabulary: Iterable<string>,
  analyze: (word: string) => readonly string[],
  options: Pick<RestrictOptions, 'exclude'> = {},
): SynonymExpansions {
  const known = toSet(vocabulary);
  const lexeme = new Map<string, Set<string>>();
  const group = new Map<string, Set<string>>();
  for (const words of usableGroups(dictionary, known, analyze, options.exclude)) {
    addPairs(lexeme, words, known, 'lexeme');
    addPairs(group, words, known, 'group');
  }
  return { spellingVariants: toJson(lexeme), relatedWords: toJson(group) };
}

function toSet(vocabulary: Iterable<string>): ReadonlySet<string> {
  return vocabulary instanceof Set ? (vocabulary as ReadonlySet<string>) : new Set(vocabulary);
}

/** The usable words of each group that may reach the vocabulary (see restrictSpellingVariants). */
function* usableGroups(dictionary: SpellingDictionary, known: ReadonlySet<string>, analyze: (word: string) => readonly string[], exclude?: ReadonlySet<string>): Generator<GroupWord[]> {
  for (const group of dictionary) {
    if (!group.items.some((item) => item.expandControl !== NEVER_EXPAND && known.has(termKey(item.midashi)))) continue;
    const words: GroupWord[] = [];
    for (const [i, item] of group.items.entries()) {
      if (item.expandControl === NEVER_EXPAND) continue;
      const terms = analyze(item.midashi);
      const term = terms[0];
      if (terms.length !== 1 || term === undefined || exclude?.has(term)) continue;
      // A word without a lexeme number is a lexeme of its own.
      words.push({ lexeme: item.vocabularyNumber == null ? `#${i}` : String(item.vocabularyNumber), term, triggers: item.expandControl !== EXPANDED_TO_ONLY });
    }
    yield words;
  }
}

function addPairs(map: Map<string, Set<string>>, words: readonly GroupWord[], known: ReadonlySet<string>, scope: SpellingVariantScope): void {
  for (const from of words) {
    if (!from.triggers) continue;
    for (const to of words) {
      if ((scope === 'lexeme' && to.lexeme !== from.lexeme) || to.term === from.term || !known.has(to.term)) continue;
      let targets = map.get(from.term);
      if (!targets) map.set(from.term, (targets = new Set()));
      targets.add(to.term);
    }
  }
}

function toJson(map: ReadonlyMap<string, ReadonlySet<string>>): SpellingVariantMap {
  // fromEntries defines own properties, so a term such as __proto__ stays a plain key.
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, [...(map.get(key) ?? [])].sort()]));
}
