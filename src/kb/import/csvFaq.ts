import { readDelimited } from './delimited';
import { IdAllocator, distinctPhrasings, isValidId, slugId, type EntryDraft, type ImportNote, type ReadExport } from './entryDraft';

/**
 * A simple CSV of FAQ entries, one entry per row (RFC 4180: comma-separated, fields with commas,
 * quotes or line breaks in double quotes, "" for a quote inside them; UTF-8, a BOM is fine).
 * The first row names the columns, in any order and any case:
 *
 *   id,question,answer,alternates,tags,related
 *
 * `question` and `answer` are required. `alternates`, `tags` and `related` hold several values
 * separated by LIST_SEPARATOR (`|`): `パスワード忘れた|ぱすわーど わすれた`. `id` is optional:
 * kept when it is kebab-case, made kebab-case when it can be (`Forgot Password` → `forgot-password`),
 * else `csv-<row>`; `related` names other rows by their id as written in the file.
 */

/** Separates the values of one cell of `alternates`, `tags` and `related`. */
export const LIST_SEPARATOR = '|';

/** The columns a CSV may have. */
export const CSV_COLUMNS = ['id', 'question', 'answer', 'alternates', 'tags', 'related'] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

interface Row {
  readonly draft: EntryDraft;
  readonly relatedAsWritten: string[];
}

export function readCsvFaq(text: string, source: string): ReadExport {
  const records = readDelimited(text, { delimiter: ',', source });
  const header = records[0];
  if (!header) throw new Error(`kbImport: ${source}: the file is empty (the first row names the columns: ${CSV_COLUMNS.join(',')})`);
  const notes: ImportNote[] = [];
  const columns = new Map<CsvColumn, number>();
  header.fields.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    const column = CSV_COLUMNS.find((c) => c === key);
    if (column && !columns.has(column)) columns.set(column, index);
    else if (key !== '') notes.push({ kind: 'unknown-column', message: `column "${name.trim()}" is not one of ${CSV_COLUMNS.join(', ')}: its values are not imported` });
  });
  for (const required of ['question', 'answer'] as const) {
    if (!columns.has(required)) throw new Error(`kbImport: ${source}: the header has no "${required}" column (the first row names the columns: ${CSV_COLUMNS.join(',')})`);
  }

  const ids = new IdAllocator();
  const rows: Row[] = [];
  // Ids written in the file are claimed first, so a generated one never takes them.
  const pending: { line: number; ordinal: number; cells: (c: CsvColumn) => string }[] = [];
  records.slice(1).forEach((record, index) => {
    const width = header.fields.length;
    if (record.fields.length !== width && (record.fields.length < width || record.fields.slice(width).some((f) => f.trim() !== ''))) {
      notes.push({ kind: 'row-shape', message: `line ${record.line}: ${record.fields.length} field(s), the header has ${width}: ${record.fields.length < width ? 'the missing ones are read as empty' : 'the extra ones are not imported'}` });
    }
    const cells = (column: CsvColumn): string => {
      const i = columns.get(column);
      return i === undefined ? '' : (record.fields[i] ?? '').trim();
    };
    pending.push({ line: record.line, ordinal: index + 1, cells });
  });

  const finalIds = new Map<string, string>();
  const withIds = pending.map((p) => {
    const given = p.cells('id');
    if (given === '') return { ...p, given, id: undefined as string | undefined };
    let base = given;
    if (!isValidId(given)) {
      base = slugId(given);
      if (base === '') {
        notes.push({ kind: 'id', message: `line ${p.line}: id "${given}" has no letter or digit to keep: a generated id is used` });
        return { ...p, given, id: undefined };
      }
    }
    const id = ids.claim(base);
    if (id !== given) notes.push({ kind: 'id', message: `line ${p.line}: id "${given}" ${id === base ? 'is not kebab-case' : 'is already used'}: written as ${id}` });
    if (!finalIds.has(given)) finalIds.set(given, id);
    return { ...p, given, id };
  });

  for (const p of withIds) {
    const question = p.cells('question');
    const answer = p.cells('answer').replace(/\r\n?/g, '\n');
    if (question === '') {
      notes.push({ kind: 'empty-question', message: `line ${p.line}: no question: row skipped` });
      continue;
    }
    const id = p.id ?? ids.claim(`csv-${p.ordinal}`);
    if (answer === '') {
      notes.push({ kind: 'empty-answer', message: `${id} (line ${p.line}): the answer is empty: not written` });
      continue;
    }
    const [first = question, ...alternates] = distinctPhrasings([question, ...splitList(p.cells('alternates'))]);
    rows.push({
      relatedAsWritten: splitList(p.cells('related')),
      draft: { id, question: first, alternates, tags: [...new Set(splitList(p.cells('tags')))], related: [], answer, line: p.line, provenance: [`imported from ${source} (line ${p.line})`] },
    });
  }

  const writtenIds = new Set(rows.map((r) => r.draft.id));
  for (const row of rows) {
    for (const written of row.relatedAsWritten) {
      const target = finalIds.get(written) ?? written;
      if (!writtenIds.has(target)) {
        notes.push({ kind: 'missing-prompt', message: `${row.draft.id}: related id "${written}" is not an entry of the file${finalIds.has(written) ? ' that was written' : ''}: not related` });
      } else if (target === row.draft.id) {
        notes.push({ kind: 'missing-prompt', message: `${row.draft.id}: related id "${written}" is the entry itself: not related` });
      } else if (!row.draft.related.includes(target)) {
        row.draft.related.push(target);
      }
    }
  }
  return { entries: rows.map((r) => r.draft), notes };
}

function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
