import { readDelimited, type DelimitedRecord } from './delimited';
import { IdAllocator, distinctPhrasings, slugId, type EntryDraft, type ImportNote, type ReadExport } from './entryDraft';

/**
 * QnA Maker and Azure custom question answering (CQA) knowledge-base exports, TSV.
 *
 * QnA Maker's export has one row per question, and the rows of one answer share a QnaId:
 *   Question  Answer  Source  Metadata  SuggestedQuestions  IsContextOnly  Prompts  QnaId
 * CQA's (Language Studio) adds SourceDisplayName. Columns are found by name (any order, any
 * case); only Question and Answer are required. How each maps:
 * - rows with one QnaId (or, without a QnaId, with one answer) are one entry: the first
 *   question is `question`, the others `alternates`; the id is `qna-<QnaId>`;
 * - Answer: the Markdown answer; the two characters `\n` become a line break (QnA Maker stores
 *   an answer's line breaks that way, since a TSV field cannot hold one unquoted);
 * - Metadata `key:value|key:value` (or CQA's JSON list of {name, value}): each value is a tag;
 * - Prompts, a JSON list of {DisplayOrder, QnaId, DisplayText} (any key case): the follow-up
 *   prompts, in display order, become `related` ids (their display text is not kept: the bot
 *   shows the related entry's question on its button);
 * - IsContextOnly true: noted (QnA Maker answered it only as a follow-up; madoguchi has no such notion);
 * - SuggestedQuestions (active-learning suggestions awaiting review): counted in a note, not imported;
 * - Source, SourceDisplayName and the QnaId: kept as a YAML comment at the top of the front matter.
 */

export type QnaExportFormat = 'qnamaker' | 'cqa';

const COLUMNS = ['question', 'answer', 'source', 'metadata', 'suggestedquestions', 'iscontextonly', 'prompts', 'qnaid', 'sourcedisplayname'] as const;
type Column = (typeof COLUMNS)[number];
/** A header name's key (columnKey) → the column it names. */
const EXPORT_COLUMN_KEYS: ReadonlyMap<string, Column> = new Map(COLUMNS.map((c) => [c, c]));

/** The documented columns of each export, as written in its header. */
export const EXPORT_COLUMNS: Readonly<Record<QnaExportFormat, readonly string[]>> = {
  qnamaker: ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId'],
  cqa: ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName'],
};

const FORMAT_NAMES: Readonly<Record<QnaExportFormat, string>> = {
  qnamaker: 'QnA Maker',
  cqa: 'custom question answering',
};

interface Group {
  readonly qnaId: string;
  readonly line: number;
  readonly questions: string[];
  readonly answer: string;
  readonly answerLine: number;
  conflictingAnswerNoted: boolean;
  readonly tags: string[];
  readonly prompts: { order: number; qnaId: string; text: string }[];
  contextOnly: boolean;
  suggested: number;
  readonly sources: string[];
}

/** Reads an export's text into entry drafts; throws "kbImport: …" when it cannot be read at all. */
export function readQnaExport(text: string, format: QnaExportFormat, source: string): ReadExport {
  const records = readDelimited(text, { delimiter: '\t', source, lenientQuotes: true });
  const header = records[0];
  if (!header) throw new Error(`kbImport: ${source}: the file is empty (a ${FORMAT_NAMES[format]} export starts with the header: ${EXPORT_COLUMNS[format].join(' ')})`);
  const notes: ImportNote[] = [];
  const known = new Set(EXPORT_COLUMNS[format].map(columnKey));
  const columns = new Map<Column, number>();
  header.fields.forEach((name, index) => {
    const key = columnKey(name);
    const column = EXPORT_COLUMN_KEYS.get(key);
    if (column !== undefined && known.has(key) && !columns.has(column)) columns.set(column, index);
    else if (name.trim() !== '') notes.push({ kind: 'unknown-column', message: `column "${name.trim()}" is not a column of a ${FORMAT_NAMES[format]} export: its values are not imported` });
  });
  for (const required of ['question', 'answer'] as const) {
    if (!columns.has(required)) {
      throw new Error(`kbImport: ${source}: the header has no "${required === 'question' ? 'Question' : 'Answer'}" column (a ${FORMAT_NAMES[format]} export starts with: ${EXPORT_COLUMNS[format].join(' ')})`);
    }
  }

  const groups = new Map<string, Group>();
  for (const record of records.slice(1)) {
    checkShape(record, header.fields.length, notes);
    const cell = (column: Column): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    };
    const question = cell('question');
    const answer = decodeAnswer(cell('answer'));
    const qnaId = cell('qnaid');
    if (question === '') {
      notes.push({ kind: 'empty-question', message: `line ${record.line}: no question${qnaId ? ` (QnaId ${qnaId})` : ''}: row skipped` });
      continue;
    }
    const key = qnaId !== '' ? `id:${qnaId}` : `answer:${answer}`;
    let group = groups.get(key);
    if (!group) {
      group = { qnaId, line: record.line, questions: [], answer, answerLine: record.line, conflictingAnswerNoted: false, tags: [], prompts: [], contextOnly: false, suggested: 0, sources: [] };
      groups.set(key, group);
    } else if (answer !== group.answer && !group.conflictingAnswerNoted) {
      group.conflictingAnswerNoted = true;
      notes.push({ kind: 'conflicting-answer', message: `QnaId ${qnaId}: line ${record.line} has a different answer from line ${group.answerLine}: the answer of line ${group.answerLine} is kept` });
    }
    group.questions.push(question);
    for (const tag of readMetadata(cell('metadata'), record.line, notes)) if (!group.tags.includes(tag)) group.tags.push(tag);
    // Every row of a QnaId repeats its prompts: keep each target once.
    for (const prompt of readPrompts(cell('prompts'), record.line, notes)) if (!group.prompts.some((p) => p.qnaId === prompt.qnaId)) group.prompts.push(prompt);
    group.contextOnly ||= readBoolean(cell('iscontextonly'), record.line, notes);
    group.suggested = Math.max(group.suggested, countSuggestions(cell('suggestedquestions'), record.line, notes));
    for (const s of [cell('source'), cell('sourcedisplayname')]) if (s !== '' && !group.sources.includes(s)) group.sources.push(s);
  }

  // Ids: every QnaId keeps its number; rows without one are numbered after them.
  const ids = new IdAllocator();
  const idOf = new Map<Group, string>();
  for (const group of groups.values()) if (group.qnaId !== '') idOf.set(group, ids.claim(`qna-${slugId(group.qnaId) || 'id'}`));
  let unnumbered = 0;
  for (const group of groups.values()) if (group.qnaId === '') idOf.set(group, ids.claim(`qna-row-${++unnumbered}`));

  const byQnaId = new Map<string, Group>();
  for (const group of groups.values()) if (group.qnaId !== '') byQnaId.set(group.qnaId, group);
  const written = new Set<Group>();
  for (const group of groups.values()) {
    if (group.answer === '') {
      notes.push({ kind: 'empty-answer', message: `${idOf.get(group)} (line ${group.line}): the answer is empty: not written` });
    } else written.add(group);
  }

  const entries: EntryDraft[] = [];
  for (const group of written) {
    const id = idOf.get(group) ?? '';
    const related: string[] = [];
    for (const prompt of [...group.prompts].sort((a, b) => a.order - b.order)) {
      const target = byQnaId.get(prompt.qnaId);
      const label = prompt.text ? `「${prompt.text}」 ` : '';
      if (!target) {
        notes.push({ kind: 'missing-prompt', message: `${id}: follow-up prompt ${label}points to QnaId ${prompt.qnaId}, which is not in the export: not related` });
      } else if (!written.has(target)) {
        notes.push({ kind: 'missing-prompt', message: `${id}: follow-up prompt ${label}points to QnaId ${prompt.qnaId}, which was not written (empty answer): not related` });
      } else if (target === group) {
        notes.push({ kind: 'missing-prompt', message: `${id}: follow-up prompt ${label}points to the entry itself: not related` });
      } else {
        const targetId = idOf.get(target) ?? '';
        if (!related.includes(targetId)) related.push(targetId);
      }
    }
    if (group.contextOnly) notes.push({ kind: 'context-only', message: `${id}: IsContextOnly: ${FORMAT_NAMES[format]} answered it only as a follow-up prompt; madoguchi answers it to any question that matches` });
    if (group.suggested > 0) notes.push({ kind: 'suggested-questions', message: `${id}: ${group.suggested} suggested question(s) from active learning are not imported: review them in the export` });
    const [question = '', ...alternates] = distinctPhrasings(group.questions);
    entries.push({
      id,
      question,
      alternates,
      tags: group.tags,
      related,
      answer: group.answer,
      line: group.line,
      provenance: [
        `imported from a ${FORMAT_NAMES[format]} export (${source}, line ${group.line}${group.qnaId ? `, QnaId ${group.qnaId}` : ''})`,
        ...(group.sources.length > 0 ? [`source: ${group.sources.join(', ')}`] : []),
        ...(group.contextOnly ? ['IsContextOnly: true (a follow-up prompt only, in the export)'] : []),
      ],
    });
  }
  return { entries, notes };
}

/** Header names compared without case, spaces or underscores: "QnA Id", "qna_id" and "QnaId" are one column. */
function columnKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '');
}

function checkShape(record: DelimitedRecord, width: number, notes: ImportNote[]): void {
  const extra = record.fields.slice(width).some((f) => f.trim() !== '');
  if (record.fields.length < width) {
    notes.push({ kind: 'row-shape', message: `line ${record.line}: ${record.fields.length} field(s), the header has ${width}: the missing ones are read as empty` });
  } else if (extra) {
    notes.push({ kind: 'row-shape', message: `line ${record.line}: ${record.fields.length} fields, the header has ${width}: the extra ones are not imported` });
  }
}

/** QnA Maker keeps an answer's line breaks as the two characters \n (and CRLF inside a quoted field is one break). */
function decodeAnswer(answer: string): string {
  return answer.replace(/\r\n?/g, '\n').replace(/\\n/g, '\n').trim();
}

/** `key:value|key:value`, or a JSON list of {name, value}: the values, as tags. */
function readMetadata(text: string, line: number, notes: ImportNote[]): string[] {
  if (text === '' || text === '[]') return [];
  if (text.startsWith('[')) {
    const list = parseJson(text);
    if (!Array.isArray(list)) {
      notes.push({ kind: 'bad-field', message: `line ${line}: Metadata ${quote(text)} is neither key:value|key:value nor a JSON list: not imported` });
      return [];
    }
    return list.flatMap((item: unknown) => {
      const value = field(item, 'value');
      return typeof value === 'string' && value.trim() !== '' ? [value.trim()] : [];
    });
  }
  const tags: string[] = [];
  for (const pair of text.split('|')) {
    if (pair.trim() === '') continue;
    const colon = pair.indexOf(':');
    const value = (colon >= 0 ? pair.slice(colon + 1) : '').trim();
    if (colon < 0 || value === '') {
      notes.push({ kind: 'bad-field', message: `line ${line}: Metadata ${quote(pair.trim())} is not key:value: not imported` });
      continue;
    }
    tags.push(value);
  }
  return tags;
}

function readPrompts(text: string, line: number, notes: ImportNote[]): Group['prompts'] {
  if (text === '' || text === '[]') return [];
  const list = parseJson(text);
  if (!Array.isArray(list)) {
    notes.push({ kind: 'bad-field', message: `line ${line}: Prompts is not a JSON list of {DisplayOrder, QnaId, DisplayText}: not imported` });
    return [];
  }
  const prompts: Group['prompts'] = [];
  list.forEach((item: unknown, index) => {
    const qnaId = field(item, 'qnaid');
    const order = field(item, 'displayorder');
    const text = field(item, 'displaytext');
    if ((typeof qnaId !== 'number' && typeof qnaId !== 'string') || String(qnaId).trim() === '') {
      notes.push({ kind: 'bad-field', message: `line ${line}: follow-up prompt ${index + 1} has no QnaId: not imported` });
      return;
    }
    prompts.push({ order: typeof order === 'number' ? order : index, qnaId: String(qnaId).trim(), text: typeof text === 'string' ? text.trim() : '' });
  });
  return prompts;
}

function readBoolean(text: string, line: number, notes: ImportNote[]): boolean {
  const value = text.toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  notes.push({ kind: 'bad-field', message: `line ${line}: IsContextOnly ${quote(text)} is neither true nor false: read as false` });
  return false;
}

/** How many suggestions the SuggestedQuestions cell holds (a JSON list; 0 when empty). */
function countSuggestions(text: string, line: number, notes: ImportNote[]): number {
  if (text === '' || text === '[]') return 0;
  const list = parseJson(text);
  if (Array.isArray(list)) return list.length;
  notes.push({ kind: 'bad-field', message: `line ${line}: SuggestedQuestions is not a JSON list: not read` });
  return 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A property of a JSON object whatever its case (QnA Maker writes QnaId, the REST API qnaId). */
function field(item: unknown, lowerName: string): unknown {
  if (typeof item !== 'object' || item === null) return undefined;
  const entry = Object.entries(item).find(([k]) => k.toLowerCase() === lowerName);
  return entry?.[1];
}

function quote(text: string): string {
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}
