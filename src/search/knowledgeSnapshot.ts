/**
 * The knowledge snapshot: what building the search costs kuromoji (the analysis of every entry
 * text, the vocabulary the analyzer learned, the spelling-variant map restricted to the index),
 * saved with the knowledge it was built from, so a start-up with unchanged knowledge builds the
 * index without analyzing anything (`npx madoguchi kb build` writes it; the server writes it after
 * a rebuild).
 *
 * It is a derived artifact: it lives in the data folder (DATA_DIR, never tracked by git; the
 * knowledge folder may be read-only), and it is trusted only when its stamp matches what this
 * process would build: the snapshot format, the analyzer's version (ANALYZER_VERSION and
 * JapaneseAnalyzer.VERSION), the kuromoji and sudachi-synonyms-dictionary package versions, the
 * analyzer options and a SHA-256 of the knowledge (every faq/**.md, synonyms.yaml, out-of-scope.yaml).
 * Anything else (missing, unreadable, corrupt, stale) means: rebuild, and say why in one line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FAQ_ACTIONS, type FaqEntry } from '../kb/schema';
import { FAQ_FOLDER, OUT_OF_SCOPE_FILE, OUT_OF_SCOPE_QUESTIONS_FILE, SERVICES_FILE, SYNONYM_FILE } from '../kb/loader';
import { ANALYZER_VERSION, JapaneseAnalyzer, TERM_KINDS, type Analysis, type AnalyzerOptions, type TermKind } from './analyzer';
import type { SavedRankingIndex } from './faqIndex';
import type { Logger } from '../logger';
import type { SpellingVariantMap } from './spellingVariants';
import { errorMessage, errorCode } from '../errors';

/** Version of the file layout below; bump it when the schema changes (3: the built ranking index, lighter checks of analyses; 4: out-of-scope questions; 5: each alternate and tag analyzed alone, passages in the saved bm25 index; 6: the services). */
export const KNOWLEDGE_SNAPSHOT_FORMAT = 6;
/** Folder of the snapshot inside the data folder. */
export const KNOWLEDGE_SNAPSHOT_DIR = 'search';
/** File name of the snapshot. */
export const KNOWLEDGE_SNAPSHOT_FILE = 'knowledge-snapshot.json';

/** Where the server and `kb build` keep the snapshot: DATA_DIR/search/knowledge-snapshot.json. */
export function knowledgeSnapshotPath(dataDir: string): string {
  return path.join(dataDir, KNOWLEDGE_SNAPSHOT_DIR, KNOWLEDGE_SNAPSHOT_FILE);
}

/** What a snapshot must have been built with to be used. */
const stampSchema = z
  .object({
    format: z.number().int(),
    analyzerVersion: z.number().int(),
    analyzerClassVersion: z.number().int(),
    kuromojiVersion: z.string(),
    synonymDictionaryVersion: z.string(),
    /** JSON of the engine options that change what is saved (analyzer options, spelling variants on or off). */
    buildOptions: z.string(),
    /** SHA-256 (hex) of the knowledge: see hashKnowledgeFolder / hashKnowledge. */
    knowledgeHash: z.string(),
  })
  .strict();
export type SnapshotStamp = z.infer<typeof stampSchema>;

const KNOWN_TERM_KINDS: ReadonlySet<unknown> = new Set<TermKind>(TERM_KINDS);
/**
 * Lists checked in one loop each: z.array(z.string()) checks item by item through zod's machinery,
 * ~1 s for the ~800,000 terms and bigrams of 1,786 entries in a fresh process, where this takes
 * ~0.1 s (the same check: an array, every item a string).
 */
const stringList = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'expected a list of strings');
const termKindList = z.custom<TermKind[]>((v) => Array.isArray(v) && v.every((x) => KNOWN_TERM_KINDS.has(x)), 'expected a list of term kinds');
const analysisSchema = z
  .object({
    terms: stringList,
    kinds: termKindList,
    unknownTerms: stringList,
    grams: stringList,
    truncated: z.boolean(),
  })
  .strict()
  .refine((a) => a.kinds.length === a.terms.length, 'kinds must have one item per term');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/**
 * Fails to compile when Analysis gains, loses or changes a field the schema does not have: a saved
 * analysis must be exactly what `analyze` returns (and ANALYZER_VERSION is bumped with the change).
 */
export type AnalysisSchemaMatchesAnalysis = Assert<Same<z.infer<typeof analysisSchema>, Analysis>>;

/** An entry as loaded and validated at build (loose: in-memory knowledge may have no alternates). */
const entrySchema = z
  .object({
    id: z.string().min(1),
    question: z.string(),
    alternates: z.array(z.string()),
    tags: z.array(z.string()),
    related: z.array(z.string()),
    action: z.enum(FAQ_ACTIONS).optional(),
    links: z.array(z.object({ title: z.string(), url: z.string() }).strict()),
    answer: z.string(),
    source: z.string(),
  })
  .strict();

const wordGroupsSchema = z.array(z.array(z.string()));

const snapshotSchema = z
  .object({
    stamp: stampSchema,
    knowledge: z
      .object({ entries: z.array(entrySchema), synonyms: wordGroupsSchema, outOfScope: wordGroupsSchema, outOfScopeQuestions: z.array(z.string()).optional(), services: wordGroupsSchema.optional() })
      .strict(),
    /** The analyzer's learned vocabulary (AnalyzerOptions.lexicon). */
    lexicon: z.array(z.tuple([z.string(), z.string()])),
    /** Every knowledge text the index reads, with its analysis. */
    analyses: z.array(z.tuple([z.string(), analysisSchema])),
    /** The `bm25` ranking's spelling variants restricted to this index (absent: not used when built). */
    spellingVariants: z.record(z.string(), z.array(z.string())).optional(),
    relatedWords: z.record(z.string(), z.array(z.string())).optional(),
    /**
     * The ranking index built with the snapshot (FaqIndex.savedIndex), so a start loads it instead of
     * indexing every entry again; its SHA-256 (hex) detects damage inside the JSON text. Absent: the
     * index is built from the analyses.
     */
    index: z.object({ ranking: z.enum(['minisearch', 'bm25']), key: z.string(), json: z.string(), sha256: z.string() }).strict().optional(),
  })
  .strict();

/** The knowledge a snapshot was built from (a KnowledgeBase without its lookup). */
export interface SnapshotKnowledge {
  readonly entries: readonly FaqEntry[];
  readonly synonyms: readonly (readonly string[])[];
  readonly outOfScope: readonly (readonly string[])[];
  readonly outOfScopeQuestions?: readonly string[];
  readonly services?: readonly (readonly string[])[];
}

export interface KnowledgeSnapshot {
  readonly stamp: SnapshotStamp;
  readonly knowledge: SnapshotKnowledge;
  readonly lexicon: readonly (readonly [string, string])[];
  readonly analyses: readonly (readonly [string, Analysis])[];
  readonly spellingVariants?: SpellingVariantMap;
  /** The other words of each term's Sudachi group in the index (lower weight), with spellingVariants. */
  readonly relatedWords?: SpellingVariantMap;
  /** The ranking index built with it (one ranking: the other one is built from the analyses). */
  readonly index?: SavedRankingIndex;
}

/** Why a snapshot was not used, as one literal per case. */
export type SnapshotRejection =
  | 'missing'
  | 'unreadable'
  | 'corrupt'
  | 'format-changed'
  | 'analyzer-changed'
  | 'kuromoji-changed'
  | 'dictionary-changed'
  | 'options-changed'
  | 'knowledge-changed'
  | 'forced';

export type SnapshotRead =
  | { readonly kind: 'loaded'; readonly snapshot: KnowledgeSnapshot }
  | { readonly kind: 'rejected'; readonly code: SnapshotRejection; readonly reason: string };

/** Version of an installed package, read from its package.json (some packages do not export it). */
export function installedPackageVersion(name: string): string {
  try {
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 4; i++) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const parsed = z.object({ name: z.string(), version: z.string() }).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
        if (parsed.success && parsed.data.name === name) return parsed.data.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // Not installed: the stamp says so, and a snapshot built with it installed is rebuilt.
  }
  return 'not installed';
}

function sha256(parts: Iterable<string | Buffer>): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    // A separator, so "ab"+"c" and "a"+"bc" differ.
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** SHA-256 of the knowledge folder's files: every faq/**.md (path and bytes, sorted), synonyms.yaml, out-of-scope.yaml, out-of-scope-questions.yaml and services.yaml. */
export function hashKnowledgeFolder(knowledgeDir: string): string {
  const folder = path.join(knowledgeDir, FAQ_FOLDER);
  const files = fs.existsSync(folder) ? (fs.readdirSync(folder, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort() : [];
  function* parts(): Generator<string | Buffer> {
    for (const file of files) {
      yield path.join(FAQ_FOLDER, file).split(path.sep).join('/');
      yield fs.readFileSync(path.join(folder, file));
    }
    for (const name of [SYNONYM_FILE, OUT_OF_SCOPE_FILE, OUT_OF_SCOPE_QUESTIONS_FILE, SERVICES_FILE]) {
      const file = path.join(knowledgeDir, name);
      yield name;
      yield fs.existsSync(file) ? fs.readFileSync(file) : '(none)';
    }
  }
  return sha256(parts());
}

/** SHA-256 of knowledge given in memory (benchmarks, tests): its entries and word groups as JSON. */
export function hashKnowledge(knowledge: SnapshotKnowledge): string {
  return sha256([
    JSON.stringify(knowledge.entries),
    JSON.stringify(knowledge.synonyms),
    JSON.stringify(knowledge.outOfScope),
    JSON.stringify(knowledge.outOfScopeQuestions ?? []),
    JSON.stringify(knowledge.services ?? []),
  ]);
}

/**
 * Whether FaqEngine expands query terms with Sudachi's synonym dictionary when FaqEngineOptions.spellingVariants
 * is not given (here, because the stamp of a snapshot depends on it): on, so the bot ranks as the configuration
 * measured on localgovFAQ (BENCHMARKS.md).
 */
export const DEFAULT_SPELLING_VARIANTS = true;

/** The engine options a snapshot depends on (FaqEngineOptions.analyzer and .spellingVariants). */
export interface SnapshotBuildOptions {
  readonly analyzer?: Omit<AnalyzerOptions, 'synonyms' | 'outOfScope' | 'services' | 'vocabularySources' | 'lexicon' | 'rememberKnowledge'>;
  readonly spellingVariants?: boolean;
}

/** The stamp this process would give a snapshot of this knowledge. */
export function currentStamp(knowledgeHash: string, buildOptions: SnapshotBuildOptions = {}): SnapshotStamp {
  return {
    format: KNOWLEDGE_SNAPSHOT_FORMAT,
    analyzerVersion: ANALYZER_VERSION,
    analyzerClassVersion: JapaneseAnalyzer.VERSION,
    kuromojiVersion: installedPackageVersion('kuromoji'),
    synonymDictionaryVersion: installedPackageVersion('sudachi-synonyms-dictionary'),
    buildOptions: JSON.stringify({ analyzer: buildOptions.analyzer ?? {}, spellingVariants: buildOptions.spellingVariants ?? DEFAULT_SPELLING_VARIANTS }),
    knowledgeHash,
  };
}

/** The first difference between a saved stamp and the expected one, in words. */
function staleness(saved: SnapshotStamp, expected: SnapshotStamp): { code: SnapshotRejection; reason: string } | undefined {
  if (saved.format !== expected.format) return { code: 'format-changed', reason: `it has format ${saved.format}, this version reads ${expected.format}` };
  if (saved.analyzerVersion !== expected.analyzerVersion || saved.analyzerClassVersion !== expected.analyzerClassVersion) {
    return { code: 'analyzer-changed', reason: `it was built by analyzer version ${saved.analyzerVersion}.${saved.analyzerClassVersion}, this is ${expected.analyzerVersion}.${expected.analyzerClassVersion}` };
  }
  if (saved.kuromojiVersion !== expected.kuromojiVersion) return { code: 'kuromoji-changed', reason: `it was built with kuromoji ${saved.kuromojiVersion}, this is ${expected.kuromojiVersion}` };
  if (saved.synonymDictionaryVersion !== expected.synonymDictionaryVersion) {
    return { code: 'dictionary-changed', reason: `it was built with sudachi-synonyms-dictionary ${saved.synonymDictionaryVersion}, this is ${expected.synonymDictionaryVersion}` };
  }
  if (saved.buildOptions !== expected.buildOptions) return { code: 'options-changed', reason: `it was built with other options (${saved.buildOptions}, now ${expected.buildOptions})` };
  if (saved.knowledgeHash !== expected.knowledgeHash) return { code: 'knowledge-changed', reason: 'the knowledge changed since it was built' };
  return undefined;
}

/** Reads and checks a snapshot; never throws (a bad snapshot is a rejection with its reason). */
export function readKnowledgeSnapshot(file: string, expected: SnapshotStamp): SnapshotRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT') return { kind: 'rejected', code: 'missing', reason: `there is no snapshot at ${file}` };
    return { kind: 'rejected', code: 'unreadable', reason: `${file} cannot be read (${code ?? errorMessage(err)})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'rejected', code: 'corrupt', reason: `${file} is not valid JSON` };
  }
  // The stamp first: a snapshot of another version may have another shape, and that is not corruption.
  const stamp = stampSchema.safeParse(typeof data === 'object' && data !== null && 'stamp' in data ? data.stamp : undefined);
  if (!stamp.success) return { kind: 'rejected', code: 'corrupt', reason: `${file} has no valid stamp` };
  const stale = staleness(stamp.data, expected);
  if (stale) return { kind: 'rejected', ...stale, reason: `${file} is out of date: ${stale.reason}` };
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'rejected', code: 'corrupt', reason: `${file} is damaged: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unexpected shape'}` };
  }
  const { index, ...rest } = parsed.data;
  if (!index) return { kind: 'loaded', snapshot: rest };
  if (sha256([index.json]) !== index.sha256) return { kind: 'rejected', code: 'corrupt', reason: `${file} is damaged: its ${index.ranking} index does not match its SHA-256` };
  return { kind: 'loaded', snapshot: { ...rest, index: { ranking: index.ranking, key: index.key, json: index.json } } };
}

/**
 * Writes a snapshot atomically (a temporary file renamed over the old one), so a reader, or another
 * instance writing at the same time, never sees half a file. Throws `knowledgeSnapshot: …` on failure.
 */
export function writeKnowledgeSnapshot(file: string, snapshot: KnowledgeSnapshot): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { index, ...rest } = snapshot;
    fs.writeFileSync(temporary, JSON.stringify(index ? { ...rest, index: { ...index, sha256: sha256([index.json]) } } : rest));
    fs.renameSync(temporary, file);
  } catch (err) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The folder itself is unusable (the error below says why): nothing was written to remove.
    }
    throw new Error(`knowledgeSnapshot: cannot write ${file}: ${errorCode(err) ?? errorMessage(err)}`);
  }
}

/**
 * The texts of an entry that the index analyzes, whichever ranking is used: MiniSearch reads each
 * field, the `bm25` ranking and the coverage pass read the phrasing as one text and the answer, and
 * the `bm25` ranking also each alternate and tag alone.
 * A snapshot holds the analyses of all of them, so one snapshot serves both rankings.
 */
export function knowledgeTexts(entry: FaqEntry): string[] {
  return [entry.question, entry.alternates.join('\n'), entry.tags.join('\n'), entry.answer, [entry.question, ...entry.alternates, ...entry.tags].join('\n'), ...entry.alternates, ...entry.tags];
}

export interface FaqEngineSnapshotOptions {
  /** The snapshot file (knowledgeSnapshotPath(config.dataDir) for the server and `kb build`). */
  readonly file: string;
  /** Use a matching snapshot; false rebuilds whatever it holds (`kb build --force`). Default true. */
  readonly reuse?: boolean;
  /** Save a snapshot after a rebuild; a failure is reported through onEvent, never thrown. Default true. */
  readonly save?: boolean;
  /** Told whether the snapshot was loaded, or why the index was rebuilt, and whether saving worked. Default: nothing. */
  readonly onEvent?: (event: SnapshotEvent) => void;
}

/** What happened to the snapshot while the engine was built (describeSnapshotEvent gives the log line). */
export type SnapshotEvent =
  | { readonly kind: 'loaded'; readonly file: string; readonly entries: number; /** Whether the ranking's index was loaded too (else built from the saved analyses). */ readonly rankingIndex: 'loaded' | 'built' }
  | { readonly kind: 'rebuilt'; readonly code: SnapshotRejection; readonly reason: string }
  | { readonly kind: 'saved'; readonly file: string }
  | { readonly kind: 'save-failed'; readonly reason: string };

/** One English line for a snapshot event (the server logs it; `kb build` prints it). */
export function describeSnapshotEvent(event: SnapshotEvent): string {
  switch (event.kind) {
    case 'loaded':
      return `FaqEngine: search index ${event.rankingIndex === 'loaded' ? 'loaded' : 'built'} from the knowledge snapshot ${event.file} (${event.entries} entries)`;
    case 'rebuilt':
      return `FaqEngine: analyzing the knowledge base again because ${event.reason}`;
    case 'saved':
      return `FaqEngine: knowledge snapshot saved to ${event.file}`;
    case 'save-failed':
      return `FaqEngine: the knowledge snapshot was not saved (${event.reason}); the next start analyzes the knowledge base again`;
  }
}

/** Snapshot options of the server: DATA_DIR/search/knowledge-snapshot.json, each event one log line. */
export function serverSnapshotOptions(dataDir: string, logger: Logger): FaqEngineSnapshotOptions {
  const log = logger.child({ component: 'knowledgeSnapshot' });
  return {
    file: knowledgeSnapshotPath(dataDir),
    onEvent: (event) => (event.kind === 'save-failed' ? log.warn(describeSnapshotEvent(event)) : log.info(describeSnapshotEvent(event))),
  };
}
