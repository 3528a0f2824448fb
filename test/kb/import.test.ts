import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { defaultOutDir, importKnowledge, readImport, type ImportNoteKind } from '../../src/kb/import';
import { loadKnowledgeBase } from '../../src/kb/loader';
import { bufferedIo } from '../support/cliIo';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-kbimport-'));
  dirs.push(dir);
  return dir;
}

const io = bufferedIo;

const tsv = (rows: readonly (readonly string[])[]) => `${rows.map((r) => r.join('\t')).join('\r\n')}\r\n`;
const kinds = (notes: readonly { kind: ImportNoteKind }[]) => notes.map((n) => n.kind);

const RESET_ANSWER = 'パスワードは次の手順でリセットできます。\\n\\n1. サインイン画面で「パスワードを忘れた場合」を選びます。';
const RESET_PROMPTS = '[{"DisplayOrder":2,"QnaId":99,"DisplayText":"古い質問"},{"DisplayOrder":1,"QnaId":2,"DisplayText":"コードが届かない"}]';
const RESET_META = 'category:パスワード|product:アカウント';

/** A QnA Maker export as its portal writes it: one row per question, the rows of an answer sharing a QnaId. */
const QNAMAKER_EXPORT = tsv([
  ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'Owner'],
  ['パスワードを忘れました', RESET_ANSWER, 'Editorial', RESET_META, '[]', 'false', RESET_PROMPTS, '1', '佐藤'],
  ['パスワード忘れた', RESET_ANSWER, 'Editorial', RESET_META, '[]', 'false', RESET_PROMPTS, '1', ''],
  ['ぱすわーど わすれた', RESET_ANSWER, 'Editorial', RESET_META, '[]', 'false', RESET_PROMPTS, '1', ''],
  ['確認コードが届きません', '迷惑メール フォルダーを確認してください。', 'https://support.microsoft.com/account', 'category:コード', '[{"clusterHead":"コード来ない","totalAutoSuggestedCount":3}]', 'True', '[]', '2', ''],
  ['コードが来ない', '迷惑メール フォルダーを確認してください。', 'https://support.microsoft.com/account', 'category:コード', '[{"clusterHead":"コード来ない","totalAutoSuggestedCount":3}]', 'True', '[]', '2', ''],
  ['アカウントを削除したい', '', 'Editorial', '', '[]', 'false', '[]', '3', ''],
  ['パスワード忘れた!', '別の回答です。', 'Editorial', ' ', '[]', 'false', '[{"DisplayOrder":1,"QnaId":3,"DisplayText":"削除"}]', '4', ''],
]);

describe('kb import --format qnamaker', () => {
  it('groups the rows of a QnaId into one entry and maps metadata, prompts and line breaks', () => {
    const { entries } = readImport(QNAMAKER_EXPORT, 'qnamaker', 'kb.tsv');
    expect(entries.map((e) => e.id)).toEqual(['qna-1', 'qna-2', 'qna-4']);
    expect(entries[0]).toMatchObject({
      question: 'パスワードを忘れました',
      alternates: ['パスワード忘れた', 'ぱすわーど わすれた'],
      tags: ['パスワード', 'アカウント'],
      related: ['qna-2'],
      answer: 'パスワードは次の手順でリセットできます。\n\n1. サインイン画面で「パスワードを忘れた場合」を選びます。',
    });
    expect(entries[1]).toMatchObject({ question: '確認コードが届きません', alternates: ['コードが来ない'], tags: ['コード'], related: [] });
    expect(entries[2]).toMatchObject({ question: 'パスワード忘れた!', tags: [], related: [] });
  });

  it('writes one file per entry in the knowledge layout and reports what it could not map', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kb.tsv');
    fs.writeFileSync(file, QNAMAKER_EXPORT);
    const result = await importKnowledge({ file, format: 'qnamaker', outDir: path.join(dir, 'out') });

    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['qna-1.md', 'qna-2.md', 'qna-4.md']);
    expect(fs.readFileSync(path.join(dir, 'out', 'qna-1.md'), 'utf8')).toBe(
      [
        '---',
        '# imported from a QnA Maker export (kb.tsv, line 2, QnaId 1)',
        '# source: Editorial',
        'id: qna-1',
        'question: パスワードを忘れました',
        'alternates:',
        '  - パスワード忘れた',
        '  - ぱすわーど わすれた',
        'tags: [パスワード, アカウント]',
        'related: [qna-2]',
        '---',
        'パスワードは次の手順でリセットできます。',
        '',
        '1. サインイン画面で「パスワードを忘れた場合」を選びます。',
        '',
      ].join('\n'),
    );
    expect(result.notes.filter((n) => n.kind !== 'invalid-entry').map((n) => n.message)).toEqual([
      'column "Owner" is not a column of a QnA Maker export: its values are not imported',
      'qna-3 (line 7): the answer is empty: not written',
      'qna-1: follow-up prompt 「古い質問」 points to QnaId 99, which is not in the export: not related',
      'qna-2: IsContextOnly: QnA Maker answered it only as a follow-up prompt; madoguchi answers it to any question that matches',
      'qna-2: 1 suggested question(s) from active learning are not imported: review them in the export',
      'qna-4: follow-up prompt 「削除」 points to QnaId 3, which was not written (empty answer): not related',
      '「パスワード忘れた!」 is a question of qna-1 and of qna-4: keep it in one of them (an exact question two entries share answers neither)',
    ]);
    // Three entries with fewer than 6 alternates: written, and each reported as kb check would.
    expect(result.notes.filter((n) => n.kind === 'invalid-entry').map((n) => n.message)).toEqual([
      'qna-1: alternates: Too small: expected array to have >=6 items',
      'qna-2: alternates: Too small: expected array to have >=6 items',
      'qna-4: alternates: Too small: expected array to have >=6 items',
    ]);
    expect(result.written.map((w) => [w.id, w.problems.length])).toEqual([
      ['qna-1', 1],
      ['qna-2', 1],
      ['qna-4', 1],
    ]);
  });

  it('writes files the knowledge loader reads once they have enough alternates', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kb.tsv');
    const header = ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId'];
    const questions = ['パスワードを忘れました', 'パスワード忘れた', 'ぱすわーど わすれた', 'PW忘れ', 'パスワードがわからない', 'パスワード思い出せない', 'パスワード: 忘れた "どうする"'];
    fs.writeFileSync(file, tsv([header, ...questions.map((q) => [q, 'リセットしてください。', 'Editorial', 'カテゴリ:パスワード', '[]', 'false', '[]', '12'])]));
    const knowledge = path.join(dir, 'knowledge');
    const result = await importKnowledge({ file, format: 'qnamaker', outDir: path.join(knowledge, 'faq') });
    expect(result.notes).toEqual([]);
    const loaded = loadKnowledgeBase(knowledge);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.kb.byId('qna-12')).toMatchObject({ question: 'パスワードを忘れました', alternates: questions.slice(1), tags: ['パスワード'], answer: 'リセットしてください。' });
  });

  it('refuses to overwrite an existing entry unless --force', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kb.tsv');
    fs.writeFileSync(file, QNAMAKER_EXPORT);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'qna-2.md'), 'hand-edited\n');
    await expect(importKnowledge({ file, format: 'qnamaker', outDir: out })).rejects.toThrow(
      `kbImport: 1 file(s) already exist in ${out}: qna-2.md; nothing was written (use --force to overwrite them, or --out a new folder)`,
    );
    expect(fs.readdirSync(out)).toEqual(['qna-2.md']);
    expect(fs.readFileSync(path.join(out, 'qna-2.md'), 'utf8')).toBe('hand-edited\n');
    await importKnowledge({ file, format: 'qnamaker', outDir: out, force: true });
    expect(fs.readFileSync(path.join(out, 'qna-2.md'), 'utf8')).toMatch(/^---\n# imported from a QnA Maker export/);
  });

  it('writes to a new folder beside the file by default', () => {
    expect(defaultOutDir('/exports/kb.tsv')).toBe('/exports/kb-faq');
  });

  const refusals: [name: string, text: string, error: string][] = [
    ['an empty file', '', 'kbImport: kb.tsv: the file is empty (a QnA Maker export starts with the header: Question Answer Source Metadata SuggestedQuestions IsContextOnly Prompts QnaId)'],
    ['no Answer column', 'Question\tQnaId\nq\t1\n', 'kbImport: kb.tsv: the header has no "Answer" column (a QnA Maker export starts with: Question Answer Source Metadata SuggestedQuestions IsContextOnly Prompts QnaId)'],
  ];
  it.each(refusals)('refuses %s', (_name, text, error) => {
    expect(() => readImport(text, 'qnamaker', 'kb.tsv')).toThrow(error);
  });

  const fieldProblems: [cell: 'Metadata' | 'Prompts' | 'IsContextOnly', value: string, message: string][] = [
    ['Metadata', 'パスワード', 'line 2: Metadata "パスワード" is not key:value: not imported'],
    ['Metadata', '[{"name":', 'line 2: Metadata "[{"name":" is neither key:value|key:value nor a JSON list: not imported'],
    ['Prompts', '{"QnaId":2}', 'line 2: Prompts is not a JSON list of {DisplayOrder, QnaId, DisplayText}: not imported'],
    ['Prompts', '[{"DisplayText":"x"}]', 'line 2: follow-up prompt 1 has no QnaId: not imported'],
    ['IsContextOnly', 'yes', 'line 2: IsContextOnly "yes" is neither true nor false: read as false'],
  ];
  it.each(fieldProblems)('reports an unreadable %s (%s)', (cell, value, message) => {
    const header = ['Question', 'Answer', 'Metadata', 'Prompts', 'IsContextOnly', 'QnaId'];
    const row = ['q', 'a', '', '[]', 'false', '1'];
    row[header.indexOf(cell)] = value;
    expect(readImport(tsv([header, row]), 'qnamaker', 'kb.tsv').notes).toEqual([{ kind: 'bad-field', message }]);
  });

  it('groups rows without a QnaId by their answer and numbers them', () => {
    const { entries, notes } = readImport(tsv([['Question', 'Answer'], ['q1', 'A'], ['q2', 'B'], ['q3', 'A'], ['', 'C']]), 'qnamaker', 'kb.tsv');
    expect(entries.map((e) => [e.id, e.question, e.alternates])).toEqual([
      ['qna-row-1', 'q1', ['q3']],
      ['qna-row-2', 'q2', []],
    ]);
    expect(notes).toEqual([{ kind: 'empty-question', message: 'line 5: no question: row skipped' }]);
  });

  it('keeps the first answer when the rows of a QnaId disagree, and says so', () => {
    const { entries, notes } = readImport(tsv([['Question', 'Answer', 'QnaId'], ['q1', 'A', '7'], ['q2', 'B', '7']]), 'qnamaker', 'kb.tsv');
    expect(entries.map((e) => [e.id, e.answer, e.alternates])).toEqual([['qna-7', 'A', ['q2']]]);
    expect(notes).toEqual([{ kind: 'conflicting-answer', message: 'QnaId 7: line 3 has a different answer from line 2: the answer of line 2 is kept' }]);
  });
});

/** Language Studio's export: a SourceDisplayName column, the REST API's camelCase prompts, metadata as JSON. */
const CQA_EXPORT = tsv([
  ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName'],
  ['アカウントがブロックされた', 'SMS でコードを受け取り、ロックを解除します。', 'Editorial', '[{"name":"category","value":"ブロック"}]', '[]', 'False', '[{"displayOrder":0,"qnaId":21,"displayText":"SMS が届かない"}]', '20', 'Editorial'],
  ['アカウントがロックされた', 'SMS でコードを受け取り、ロックを解除します。', 'Editorial', '[{"name":"category","value":"ブロック"}]', '[]', 'False', '[{"displayOrder":0,"qnaId":21,"displayText":"SMS が届かない"}]', '20', 'Editorial'],
  ['SMS が届かない', '"電話番号" を確認し、\\n再送してください。', 'faq.docx', '', '[]', 'True', '[]', '21', 'FAQ 文書'],
]);

describe('kb import --format cqa', () => {
  it('reads the custom question answering variant', () => {
    const { entries, notes } = readImport(CQA_EXPORT, 'cqa', 'project.tsv');
    expect(entries.map((e) => ({ id: e.id, question: e.question, alternates: e.alternates, tags: e.tags, related: e.related, answer: e.answer }))).toEqual([
      { id: 'qna-20', question: 'アカウントがブロックされた', alternates: ['アカウントがロックされた'], tags: ['ブロック'], related: ['qna-21'], answer: 'SMS でコードを受け取り、ロックを解除します。' },
      { id: 'qna-21', question: 'SMS が届かない', alternates: [], tags: [], related: [], answer: '"電話番号" を確認し、\n再送してください。' },
    ]);
    expect(entries[1]?.provenance).toEqual([
      'imported from a custom question answering export (project.tsv, line 4, QnaId 21)',
      'source: faq.docx, FAQ 文書',
      'IsContextOnly: true (a follow-up prompt only, in the export)',
    ]);
    expect(kinds(notes)).toEqual(['context-only']);
  });

  it('imports through the CLI, telling problems from notes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'project.tsv');
    fs.writeFileSync(file, CQA_EXPORT);
    const out = io();
    expect(await main(['kb', 'import', '--format', 'cqa', file, '--out', path.join(dir, 'cqa')], out, {})).toBe(1);
    expect(out.stdout).toEqual([
      `madoguchi kb import: 2 entries from ${file} (cqa) written to ${path.join(dir, 'cqa')}`,
      'kb import: qna-21: IsContextOnly: custom question answering answered it only as a follow-up prompt; madoguchi answers it to any question that matches',
      'kb import: qna-20: alternates: Too small: expected array to have >=6 items',
      'kb import: qna-21: alternates: Too small: expected array to have >=6 items',
      'madoguchi kb import: 2 problem(s) to look at; 1 note(s); 2 entries need editing before `madoguchi kb check` accepts them',
    ]);
    expect(fs.readdirSync(path.join(dir, 'cqa')).sort()).toEqual(['qna-20.md', 'qna-21.md']);
  });

  it('reports SourceDisplayName as unknown to the QnA Maker format', () => {
    expect(readImport(CQA_EXPORT, 'qnamaker', 'project.tsv').notes[0]).toEqual({
      kind: 'unknown-column',
      message: 'column "SourceDisplayName" is not a column of a QnA Maker export: its values are not imported',
    });
  });
});

/** A spreadsheet's CSV: quoted commas, line breaks and quotes in answers, alternates separated by |. */
const FAQ_CSV = [
  'ID,Question,Answer,Alternates,Tags,Related,Memo',
  'forgot-password,パスワードを忘れました,"手順:\r\n1. リセット ページを開く\r\n2. ""コードを送信"" を選ぶ, 受け取ったコードを入力",パスワード忘れた|ぱすわーど わすれた| PW忘れ |パスワード忘れた,パスワード|リセット,Account Blocked|missing-one,メモ',
  'Account Blocked,"アカウントがブロックされた, どうすれば?",ロックを解除してください。,ブロックされた,,forgot-password,',
  ',サインインできない,サインイン ページを確認してください。,,,,',
  'forgot-password,重複した id,答え,,,,',
  ',答えのない質問,,,,,',
].join('\r\n');

describe('kb import --format csv', () => {
  it('reads quoting, embedded line breaks and commas, lists and ids', () => {
    const { entries, notes } = readImport(FAQ_CSV, 'csv', 'faq.csv');
    expect(entries.map((e) => ({ id: e.id, question: e.question, alternates: e.alternates, tags: e.tags, related: e.related, answer: e.answer }))).toEqual([
      {
        id: 'forgot-password',
        question: 'パスワードを忘れました',
        alternates: ['パスワード忘れた', 'ぱすわーど わすれた', 'PW忘れ'],
        tags: ['パスワード', 'リセット'],
        related: ['account-blocked'],
        answer: '手順:\n1. リセット ページを開く\n2. "コードを送信" を選ぶ, 受け取ったコードを入力',
      },
      { id: 'account-blocked', question: 'アカウントがブロックされた, どうすれば?', alternates: ['ブロックされた'], tags: [], related: ['forgot-password'], answer: 'ロックを解除してください。' },
      { id: 'csv-3', question: 'サインインできない', alternates: [], tags: [], related: [], answer: 'サインイン ページを確認してください。' },
      { id: 'forgot-password-2', question: '重複した id', alternates: [], tags: [], related: [], answer: '答え' },
    ]);
    expect(notes.map((n) => n.message)).toEqual([
      'column "Memo" is not one of id, question, answer, alternates, tags, related: its values are not imported',
      'line 5: id "Account Blocked" is not kebab-case: written as account-blocked',
      'line 7: id "forgot-password" is already used: written as forgot-password-2',
      'csv-5 (line 8): the answer is empty: not written',
      'forgot-password: related id "missing-one" is not an entry of the file: not related',
    ]);
  });

  it('imports through the CLI: exit 1 with the report when something was not mapped', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'faq.csv');
    fs.writeFileSync(file, FAQ_CSV);
    const out = io();
    expect(await main(['kb', 'import', file, '--format', 'csv'], out, {})).toBe(1);
    const outDir = path.join(dir, 'faq-faq');
    expect(fs.readdirSync(outDir).sort()).toEqual(['account-blocked.md', 'csv-3.md', 'forgot-password-2.md', 'forgot-password.md']);
    expect(out.stdout[0]).toBe(`madoguchi kb import: 4 entries from ${file} (csv) written to ${outDir}`);
    expect(out.stdout).toContain('kb import: csv-5 (line 8): the answer is empty: not written');
    expect(out.stdout).toContain('kb import: forgot-password: alternates: Too small: expected array to have >=6 items');
    // The default knowledge folder has entries with two of these ids.
    expect(out.stdout).toContain(`kb import: forgot-password: the knowledge folder already has this id (${path.join('faq', 'forgot-password.md')}): rename one before moving the file in`);
    expect(out.stdout).toContain(`kb import: account-blocked: the knowledge folder already has this id (${path.join('faq', 'account-blocked.md')}): rename one before moving the file in`);
    expect(out.stdout.at(-1)).toBe('madoguchi kb import: 11 problem(s) to look at; 4 entries need editing before `madoguchi kb check` accepts them');
    expect(out.stderr).toEqual([]);

    // Run again: every file is in the way, nothing is overwritten.
    const again = io();
    expect(await main(['kb', 'import', file, '--format', 'csv'], again, {})).toBe(1);
    expect(again.stderr).toEqual([
      `kbImport: 4 file(s) already exist in ${outDir}: forgot-password.md, account-blocked.md, csv-3.md, forgot-password-2.md; nothing was written (use --force to overwrite them, or --out a new folder)`,
    ]);
  });

  it('exits 0 when everything was mapped into valid entries', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ok.csv');
    fs.writeFileSync(file, 'question,answer,alternates\nパスワードを忘れました,リセットしてください。,a1|a2|a3|a4|a5|a6\n');
    const out = io();
    expect(await main(['kb', 'import', file, '--format=csv', '--out', path.join(dir, 'new')], out, {})).toBe(0);
    expect(out.stdout).toEqual([`madoguchi kb import: 1 entry from ${file} (csv) written to ${path.join(dir, 'new')}`, 'madoguchi kb import: everything was mapped']);
  });

  const usageErrors: [args: string[], error: string][] = [
    [['kb', 'import'], 'madoguchi kb import: give the file to import'],
    [['kb', 'import', 'a.csv'], 'madoguchi kb import: --format is required: qnamaker, cqa, csv'],
    [['kb', 'import', 'a.csv', '--format', 'xlsx'], 'madoguchi kb import: --format must be one of qnamaker, cqa, csv (got "xlsx")'],
    [['kb', 'import', 'a.csv', 'b.csv', '--format', 'csv'], 'madoguchi kb import: one file at a time (got a.csv, b.csv)'],
    [['kb', 'import', 'a.csv', '--format', 'csv', '--overwrite'], 'madoguchi kb import: unknown option --overwrite'],
    [['kb', 'import', 'a.csv', '--format', 'csv', '--out'], 'madoguchi kb import: --out needs a folder'],
  ];
  it.each(usageErrors)('exits 2 on a usage error: %j', async (args, error) => {
    const out = io();
    expect(await main(args, out, {})).toBe(2);
    expect(out.stderr[0]?.split('\n')[0]).toBe(error);
  });

  it('exits 1 naming a file it cannot read', async () => {
    const out = io();
    expect(await main(['kb', 'import', '/nonexistent/kb.tsv', '--format', 'qnamaker', '--out', tempDir()], out, {})).toBe(1);
    expect(out.stderr[0]).toMatch(/^kbImport: cannot read \/nonexistent\/kb\.tsv: ENOENT/);
  });
});
