/**
 * Reads the localgovFAQ test collection (JSON form) at run time and turns its corpus into
 * in-memory FaqEntry objects. The collection is for evaluation only: nothing of it is copied
 * into the project, so this module only knows its shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FaqEntry } from '../src/kb/schema';
import type { Judgments } from './retrievalMetrics';

/** Environment variable naming the collection's folder. */
export const LOCALGOV_DIR_ENV = 'LOCALGOV_DIR';
/** Folder of the collection relative to the project root, when LOCALGOV_DIR is not set. */
export const DEFAULT_LOCALGOV_RELATIVE_DIR = path.join('..', 'shared', 'benchmarks', 'localgovfaq');
/** Files the collection must contain. */
export const LOCALGOV_FILES = ['corpus.json', 'queries.json', 'qrels.json'] as const;

const textMapSchema = z.record(z.string(), z.string());
const qrelsSchema = z.record(z.string(), z.record(z.string(), z.number().int()));

export interface LocalgovCollection {
  readonly dir: string;
  readonly entries: readonly FaqEntry[];
  /** query id → query text, in file order. */
  readonly queries: ReadonlyMap<string, string>;
  readonly qrels: Readonly<Record<string, Judgments>>;
}

export type LoadResult = { readonly kind: 'loaded'; readonly collection: LocalgovCollection } | { readonly kind: 'missing'; readonly dir: string; readonly file: string };

/** The collection's folder: LOCALGOV_DIR if set, else <project root>/../shared/benchmarks/localgovfaq. */
export function resolveLocalgovDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[LOCALGOV_DIR_ENV];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? path.resolve(fromEnv) : path.resolve(projectRoot, DEFAULT_LOCALGOV_RELATIVE_DIR);
}

const DOCUMENT_PATTERN = /^Question:\s?([\s\S]*?)\nAnswer:\s?([\s\S]*)$/;

export type ParsedDocument = { readonly ok: true; readonly question: string; readonly answer: string } | { readonly ok: false; readonly reason: string };

/** Splits a corpus document "Question: …\nAnswer: …" into its two parts. */
export function parseDocument(text: string): ParsedDocument {
  const match = DOCUMENT_PATTERN.exec(text);
  if (!match) return { ok: false, reason: 'is not of the form "Question: …\\nAnswer: …"' };
  const question = (match[1] ?? '').trim();
  const answer = (match[2] ?? '').trim();
  if (question === '') return { ok: false, reason: 'has an empty question' };
  return { ok: true, question, answer };
}

/** An in-memory FaqEntry for one corpus document: no alternates, tags, related entries or links. */
export function toFaqEntry(docId: string, text: string): FaqEntry {
  const parsed = parseDocument(text);
  if (!parsed.ok) throw new Error(`localgovData: corpus document ${docId} ${parsed.reason}`);
  return { id: docId, question: parsed.question, answer: parsed.answer, alternates: [], tags: [], related: [], links: [], source: `corpus.json#${docId}` };
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`localgovData: ${path.basename(file)} has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown issue'}`);
  return parsed.data;
}

/** Loads the collection, or reports the first missing file (the benchmark is then skipped). */
export function loadLocalgovCollection(dir: string): LoadResult {
  for (const file of LOCALGOV_FILES) {
    if (!fs.existsSync(path.join(dir, file))) return { kind: 'missing', dir, file };
  }
  const corpus = readJson(path.join(dir, 'corpus.json'), textMapSchema);
  const queries = readJson(path.join(dir, 'queries.json'), textMapSchema);
  const qrels = readJson(path.join(dir, 'qrels.json'), qrelsSchema);
  const entries = Object.entries(corpus).map(([docId, text]) => toFaqEntry(docId, text));
  return { kind: 'loaded', collection: { dir, entries, queries: new Map(Object.entries(queries)), qrels } };
}

export type QuerySplit = 'even' | 'odd';

/** Protocol split: tune on even query ids, hold out odd ones. Ids must be integers. */
export function querySplit(queryId: string): QuerySplit {
  if (!/^\d+$/.test(queryId)) throw new Error(`localgovData: query id ${JSON.stringify(queryId)} is not an integer, so it has no even/odd split`);
  return Number(queryId.slice(-1)) % 2 === 0 ? 'even' : 'odd';
}
