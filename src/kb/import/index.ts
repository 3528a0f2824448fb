import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readCsvFaq } from './csvFaq';
import { INFORMATIONAL_NOTE_KINDS, questionKey, renderEntry, validateRendered, type EntryDraft, type ImportNote, type ReadExport } from './entryDraft';
import { readQnaExport } from './qnaExport';
import { errorMessage } from '../../errors';

export { IMPORT_NOTE_KINDS, INFORMATIONAL_NOTE_KINDS, type ImportNote, type ImportNoteKind } from './entryDraft';
export { CSV_COLUMNS, LIST_SEPARATOR } from './csvFaq';
export { EXPORT_COLUMNS } from './qnaExport';

/** What `madoguchi kb import --format` accepts. */
export const IMPORT_FORMATS = ['qnamaker', 'cqa', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: string): value is ImportFormat {
  return IMPORT_FORMATS.some((format) => format === value);
}

export interface ImportOptions {
  /** The export or CSV to read. */
  readonly file: string;
  readonly format: ImportFormat;
  /** Folder the .md files go to (created when missing). Default: defaultOutDir(file). */
  readonly outDir?: string;
  /** Overwrite files already in outDir; without it, any existing file stops the import before anything is written. */
  readonly force?: boolean;
  /** Ids the knowledge folder already uses, with their file (noted: rename before moving the files in). */
  readonly knownIds?: ReadonlyMap<string, string>;
}

/** One file written. */
export interface WrittenEntry {
  readonly id: string;
  readonly file: string;
  /** Why the knowledge base's schema refuses it as it is ("field: message"); empty when it is ready. */
  readonly problems: readonly string[];
}

export interface ImportResult {
  readonly outDir: string;
  readonly written: readonly WrittenEntry[];
  /** What could not be mapped, in the order found. */
  readonly notes: readonly ImportNote[];
}

/** `exports/kb.tsv` → `exports/kb-faq`: a new folder beside the file. */
export function defaultOutDir(file: string): string {
  const parsed = path.parse(path.resolve(file));
  return path.join(parsed.dir, `${parsed.name}-faq`);
}

/** Parses a file's text in a format: the drafts and what the reader could not map. Throws "kbImport: …" when the text cannot be read. */
export function readImport(text: string, format: ImportFormat, source: string): ReadExport {
  return format === 'csv' ? readCsvFaq(text, source) : readQnaExport(text, format, source);
}

/**
 * Reads an export, writes one Markdown entry per answer into outDir in the knowledge folder's
 * layout, each checked with the knowledge base's own schema, and returns what could not be mapped.
 * Nothing is overwritten unless `force`: if any file is already there, it throws before writing.
 * Throws "kbImport: …" for a file it cannot read or parse, or files in the way.
 */
export async function importKnowledge(options: ImportOptions): Promise<ImportResult> {
  const outDir = path.resolve(options.outDir ?? defaultOutDir(options.file));
  let text: string;
  try {
    text = await fs.readFile(options.file, 'utf8');
  } catch (err) {
    throw new Error(`kbImport: cannot read ${options.file}: ${errorMessage(err)}`);
  }
  const { entries, notes } = readImport(text, options.format, path.basename(options.file));
  notes.push(...duplicateQuestions(entries));
  if (options.knownIds) {
    for (const entry of entries) {
      const known = options.knownIds.get(entry.id);
      if (known) notes.push({ kind: 'id', message: `${entry.id}: the knowledge folder already has this id (${known}): rename one before moving the file in` });
    }
  }
  const files = entries.map((entry) => {
    const content = renderEntry(entry);
    const problems = validateRendered(content);
    for (const problem of problems) notes.push({ kind: 'invalid-entry', message: `${entry.id}: ${problem}` });
    return { id: entry.id, file: path.join(outDir, `${entry.id}.md`), content, problems };
  });
  if (files.length === 0) return { outDir, written: [], notes };

  await refuseExisting(outDir, files.map((f) => f.file), options.force === true);
  await fs.mkdir(outDir, { recursive: true });
  for (const f of files) {
    try {
      // wx: even a file that appeared since the check above is never overwritten without --force.
      await fs.writeFile(f.file, f.content, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
    } catch (err) {
      throw new Error(`kbImport: cannot write ${f.file}: ${errorMessage(err)}`);
    }
  }
  return { outDir, written: files.map(({ id, file, problems }) => ({ id, file, problems })), notes };
}

/** True when a note means something was not imported as it was (the informational ones do not). */
export function isProblem(note: ImportNote): boolean {
  return !INFORMATIONAL_NOTE_KINDS.includes(note.kind);
}

/** A phrasing two entries share identifies neither (FaqEngine answers an exact phrasing only when one entry has it). */
function duplicateQuestions(entries: readonly EntryDraft[]): ImportNote[] {
  const owner = new Map<string, string>();
  const notes: ImportNote[] = [];
  for (const entry of entries) {
    for (const text of [entry.question, ...entry.alternates]) {
      const key = questionKey(text);
      const first = owner.get(key);
      if (first === undefined) owner.set(key, entry.id);
      else if (first !== entry.id) notes.push({ kind: 'duplicate-question', message: `「${text}」 is a question of ${first} and of ${entry.id}: keep it in one of them (an exact question two entries share answers neither)` });
    }
  }
  return notes;
}

async function refuseExisting(outDir: string, files: readonly string[], force: boolean): Promise<void> {
  const stat = await fs.stat(outDir).catch(() => undefined);
  if (stat && !stat.isDirectory()) throw new Error(`kbImport: ${outDir} exists and is not a folder`);
  if (!stat || force) return;
  const existing: string[] = [];
  for (const file of files) if (await fs.stat(file).catch(() => undefined)) existing.push(path.basename(file));
  if (existing.length === 0) return;
  const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? `, … (${existing.length - 5} more)` : '');
  throw new Error(`kbImport: ${existing.length} file(s) already exist in ${outDir}: ${shown}; nothing was written (use --force to overwrite them, or --out a new folder)`);
}
