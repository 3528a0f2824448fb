/**
 * A small RFC 4180 reader for the files `madoguchi kb import` reads (csv-parse is not a
 * dependency, and these files are small). The delimiter is a comma (CSV) or a tab (the QnA
 * Maker and custom question answering TSV exports); everything else is RFC 4180:
 * - a record ends at CRLF, LF or a lone CR, the last one may have none;
 * - a field that starts with a double quote is quoted: it ends at the next lone quote, may
 *   hold the delimiter and line breaks, and a doubled quote ("") inside it is one quote;
 * - a quote inside an unquoted field is kept as it is (RFC 4180 forbids it; exports have it);
 * - a UTF-8 byte order mark at the start is dropped, and blank lines are skipped.
 * Malformed quoting is an error naming the file and the line, never a guess, except with
 * `lenientQuotes` (TSV: the IANA text/tab-separated-values type has no quoting at all, and an
 * export writes an answer that starts with a quote, 「"電話番号" を確認し…」, as it is): a field
 * whose quotes do not parse is then read as plain text, up to the next tab or line break.
 */

/** The characters that separate fields. */
export type FieldDelimiter = ',' | '\t';

/** One record and the line it starts on (1-based), for messages. */
export interface DelimitedRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface DelimitedOptions {
  readonly delimiter: FieldDelimiter;
  /** The file's name in error messages. */
  readonly source: string;
  /** Read a field whose quoting is malformed as plain text instead of refusing the file (for TSV). */
  readonly lenientQuotes?: boolean;
}

const QUOTE = '"';

/** Splits a whole file into records of fields. Throws "kbImport: FILE:LINE: …" on malformed quoting. */
export function readDelimited(text: string, options: DelimitedOptions): DelimitedRecord[] {
  const { delimiter, source } = options;
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: DelimitedRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  /** True once the current record has any content (a character, a delimiter or a quoted field). */
  let recordStarted = false;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (recordStarted) records.push({ line: recordLine, fields });
    fields = [];
    recordStarted = false;
  };

  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === QUOTE && field === '') {
      recordStarted = true;
      const quoted = readQuoted(input, i, delimiter);
      if (quoted.ok) {
        field = quoted.text;
        line += quoted.lineBreaks;
        i = quoted.end;
        continue;
      }
      if (!options.lenientQuotes) {
        throw new Error(
          quoted.problem === 'unclosed'
            ? `kbImport: ${source}:${line}: a quoted field is not closed (a field that starts with " must end with ")`
            : `kbImport: ${source}:${line + quoted.lineBreaks}: text after the closing quote of a field (inside a quoted field, write a quote as "")`,
        );
      }
      // Plain text after all: the quote is part of the field, read on as unquoted.
    }
    if (ch === delimiter) {
      recordStarted = true;
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    recordStarted = true;
    field += ch;
    i++;
  }
  if (recordStarted) endRecord();
  return records;
}

type Quoted = { ok: true; text: string; end: number; lineBreaks: number } | { ok: false; problem: 'unclosed' | 'text-after'; lineBreaks: number };

/** The quoted field opening at `start`: its text and the index after its closing quote. */
function readQuoted(input: string, start: number, delimiter: FieldDelimiter): Quoted {
  let text = '';
  let lineBreaks = 0;
  let i = start + 1;
  for (;;) {
    if (i >= input.length) return { ok: false, problem: 'unclosed', lineBreaks };
    const c = input.charAt(i);
    if (c === QUOTE) {
      if (input[i + 1] === QUOTE) {
        text += QUOTE;
        i += 2;
        continue;
      }
      i++;
      break;
    }
    if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) lineBreaks++;
    text += c;
    i++;
  }
  const next = input[i];
  if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') return { ok: false, problem: 'text-after', lineBreaks };
  return { ok: true, text, end: i, lineBreaks };
}
