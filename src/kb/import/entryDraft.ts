import matter from 'gray-matter';
import YAML from 'yaml';
import { faqFrontMatterSchema } from '../schema';

/** What an import could not map, or mapped with a caveat. */
export const IMPORT_NOTE_KINDS = [
  /** A column the format does not know: its values are not imported. */
  'unknown-column',
  /** A row with more or fewer fields than the header. */
  'row-shape',
  /** A row without a question: skipped. */
  'empty-question',
  /** An entry without an answer: not written. */
  'empty-answer',
  /** Rows of one QnaId with different answers: the first is kept. */
  'conflicting-answer',
  /** The same question (normalized) in two entries. */
  'duplicate-question',
  /** A follow-up prompt (or a CSV `related` id) naming an entry that is not in the file or was not written. */
  'missing-prompt',
  /** A Metadata, Prompts or IsContextOnly value that could not be read. */
  'bad-field',
  /** An id that had to be changed (not kebab-case, taken) or that the knowledge folder already uses. */
  'id',
  /** A written entry that does not pass the knowledge base's schema yet (src/kb/schema.ts). */
  'invalid-entry',
  /** Informational: QnA Maker answers it only as a follow-up prompt; madoguchi answers it to anyone. */
  'context-only',
  /** Informational: active-learning suggestions in the export, not imported. */
  'suggested-questions',
] as const;

export type ImportNoteKind = (typeof IMPORT_NOTE_KINDS)[number];

/** Kinds that are only information: they do not make the import fail (exit code 1). */
export const INFORMATIONAL_NOTE_KINDS: readonly ImportNoteKind[] = ['context-only', 'suggested-questions'];

export interface ImportNote {
  readonly kind: ImportNoteKind;
  /** One line for people, without a prefix (the CLI adds "kb import: "). */
  readonly message: string;
}

/** One entry as read from an export, before it is rendered. */
export interface EntryDraft {
  id: string;
  question: string;
  alternates: string[];
  tags: string[];
  related: string[];
  /** Markdown answer. */
  answer: string;
  /** Line of the file the entry starts on (its first row). */
  readonly line: number;
  /** Comment lines written at the top of the front matter: where the entry came from (YAML comments, so the schema never sees them). */
  readonly provenance: string[];
}

/** What a format reader returns: the entries it could build and what it could not map. */
export interface ReadExport {
  readonly entries: EntryDraft[];
  readonly notes: ImportNote[];
}

/** Ids generated or kept must look like the hand-written ones (see faqFrontMatterSchema). */
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `Forgot Password!` → `forgot-password`; '' when nothing usable is left. */
export function slugId(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Gives out ids once: a taken one gets `-2`, `-3`… */
export class IdAllocator {
  private readonly taken = new Set<string>();

  /** The id itself when free, else the first free `id-N`. */
  claim(id: string): string {
    let candidate = id;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${id}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** The key two phrasings are "the same question" under: width, case, spaces and punctuation ignored (as FaqEngine matches exact phrasings). */
export function questionKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Distinct phrasings in order (the first wording of each key is kept). */
export function distinctPhrasings(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of texts) {
    const text = raw.trim();
    const key = questionKey(text);
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

/** The Markdown file of an entry: YAML front matter in the hand-written layout, then the answer. */
export function renderEntry(draft: EntryDraft): string {
  const doc = new YAML.Document({
    id: draft.id,
    question: draft.question,
    alternates: draft.alternates,
    tags: draft.tags,
    related: draft.related,
  });
  // Short lists on one line, as authors write them: tags: [パスワード, リセット].
  for (const key of ['tags', 'related']) {
    const node = doc.get(key, true);
    if (YAML.isSeq(node)) node.flow = true;
  }
  // One comment line each: a line break from the file must not end the comment and become YAML.
  const comments = draft.provenance.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}\n`).join('');
  return `---\n${comments}${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n${draft.answer.trim()}\n`;
}

/**
 * Validates a rendered file exactly as the loader reads it (gray-matter, yaml, the schema):
 * problems as "field: message", none when it would load.
 */
export function validateRendered(text: string): string[] {
  const parsed = matter(text, { engines: { yaml: (t: string) => YAML.parse(t) as object } });
  const front = faqFrontMatterSchema.safeParse(parsed.data);
  const problems = front.success ? [] : front.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  if (parsed.content.trim() === '') problems.push('answer: the Markdown body after the front matter is empty');
  return problems;
}
