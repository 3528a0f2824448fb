import type { z } from 'zod';

/**
 * A small port for named text documents (issue 11): handoff tickets, the webhook outbox and its
 * dead letters. Two implementations: FileDocumentStore (one durable file per document, for one
 * machine) and BlobDocumentStore (one blob per document under a prefix of the shared container,
 * for every instance). Names are plain file names (`MDG-20261125-ABCD.json`): letters, digits,
 * `.`, `_`, `-`, starting with a letter or digit.
 */
export interface DocumentStore {
  /** Where the documents are, for operators' messages: a folder, or `container/prefix/`. */
  readonly location: string;
  /** Stores `text` under `name` only if no document has that name, atomically: of two concurrent creates exactly one sees 'created'. */
  create(name: string, text: string): Promise<CreateOutcome>;
  /** Stores `text` under `name`, replacing whatever was there. */
  put(name: string, text: string): Promise<void>;
  /** The document's text, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
  /** The document with the version that `replace` compares against, or undefined when there is none. */
  read(name: string): Promise<VersionedDocument | undefined>;
  /** Stores `text` only if the document is still at `version` (compare and swap: how an outbox entry is claimed). */
  replace(name: string, text: string, version: string): Promise<ReplaceOutcome>;
  /** The names of all documents (no order promised). */
  list(): Promise<string[]>;
  /** Removes the document; a missing one is not an error. */
  remove(name: string): Promise<void>;
}

/** 'exists': another document already had the name; nothing was written. */
export type CreateOutcome = 'created' | 'exists';
/** 'replaced' with the new version; 'changed': the document was written or removed by someone else since that version, nothing was written. */
export type ReplaceOutcome = { readonly kind: 'replaced'; readonly version: string } | { readonly kind: 'changed' };

export interface VersionedDocument {
  readonly text: string;
  /** Opaque: an eTag for blobs, a content hash for files. */
  readonly version: string;
}

/** Document names: a plain file name, never a path, never hidden (temporary files start with a dot). */
export const DOCUMENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Throws `<module>: invalid document name …` for a name that is not a plain file name (a path would escape the folder or prefix). */
export function checkDocumentName(module: string, name: string): void {
  if (!DOCUMENT_NAME_PATTERN.test(name) || name.endsWith('.tmp')) {
    throw new Error(`${module}: invalid document name ${JSON.stringify(name.slice(0, 80))}`);
  }
}

export type ParsedDocument<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/**
 * Parses a stored JSON document with a zod schema. The problem says what is wrong (not JSON, or
 * the first invalid field and why) and never quotes the content: documents may hold personal data
 * (V8's JSON errors quote the text around the error, so they are not repeated).
 */
export function parseDocument<S extends z.ZodType>(schema: S, text: string): ParsedDocument<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${where}${issue?.message ?? 'invalid'}` };
}
