import { describe, expect, it } from 'vitest';
import { readDelimited, type FieldDelimiter } from '../../src/kb/import/delimited';

const csv = (text: string) => readDelimited(text, { delimiter: ',', source: 'faq.csv' });

describe('readDelimited', () => {
  const cases: [name: string, text: string, delimiter: FieldDelimiter, fields: string[][], lines?: number[]][] = [
    ['plain rows, LF', 'a,b\nc,d\n', ',', [['a', 'b'], ['c', 'd']]],
    ['CRLF and no final line break', 'a,b\r\nc,d', ',', [['a', 'b'], ['c', 'd']]],
    ['a lone CR ends a record', 'a,b\rc,d\r', ',', [['a', 'b'], ['c', 'd']]],
    ['empty fields, leading and trailing', ',a,\n,,\n', ',', [['', 'a', ''], ['', '', '']]],
    ['a quoted comma', '"a,b",c\n', ',', [['a,b', 'c']]],
    ['a doubled quote is one quote', '"say ""hi""",x\n', ',', [['say "hi"', 'x']]],
    ['line breaks inside quotes, lines counted', '"1\n2\r\n3",x\ny,z\n', ',', [['1\n2\r\n3', 'x'], ['y', 'z']], [1, 4]],
    ['an empty quoted field', '"",a\n', ',', [['', 'a']]],
    ['a quote inside an unquoted field is kept', 'say "hi",x\n', ',', [['say "hi"', 'x']]],
    ['blank lines are skipped', 'a\n\n\nb\n', ',', [['a'], ['b']], [1, 4]],
    ['a BOM is dropped', '\uFEFFid,question\n', ',', [['id', 'question']]],
    ['tabs, commas kept', 'a,b\tc\n', '\t', [['a,b', 'c']]],
    ['tabs with a quoted tab and JSON', '"x\ty"\t[{"QnaId":2}]\n', '\t', [['x\ty', '[{"QnaId":2}]']]],
  ];
  it.each(cases)('%s', (_name, text, delimiter, fields, lines) => {
    const records = readDelimited(text, { delimiter, source: 'f' });
    expect(records.map((r) => r.fields)).toEqual(fields);
    if (lines) expect(records.map((r) => r.line)).toEqual(lines);
  });

  it('refuses a quoted field that is never closed, naming the line it opened on', () => {
    expect(() => csv('id,question\n1,"never closed\nstill going\n')).toThrow('kbImport: faq.csv:2: a quoted field is not closed (a field that starts with " must end with ")');
  });

  it('with lenientQuotes (TSV), reads a field whose quotes do not parse as plain text', () => {
    const records = readDelimited('Question\tAnswer\n"q\t"電話番号" を確認し\tx\n"ok"\t"never closed\n', { delimiter: '\t', source: 'kb.tsv', lenientQuotes: true });
    expect(records.map((r) => r.fields)).toEqual([
      ['Question', 'Answer'],
      ['"q', '"電話番号" を確認し', 'x'],
      ['ok', '"never closed'],
    ]);
  });

  it('refuses text after a closing quote', () => {
    expect(() => csv('a,b\n"quoted" then text,x\n')).toThrow('kbImport: faq.csv:2: text after the closing quote of a field (inside a quoted field, write a quote as "")');
  });
});
