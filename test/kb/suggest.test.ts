import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import { main } from '../../src/cli/main';
import type { FaqEntry } from '../../src/kb/schema';
import { formatSuggestions, suggestAlternates, type SuggestReport } from '../../src/kb/suggest';
import { EventLog, readEventLog } from '../../src/telemetry/eventLog';
import { bufferedIo } from '../support/cliIo';

/** Conversations for kb suggest: [conversation, minutes after the start, event]. */
const SCRIPT: readonly [string, number, OutcomeEvent][] = [
  // Before --since: counted only without it.
  ['old', -3 * 24 * 60, { kind: 'abstained', question: 'パスワード飛んだ' }],
  ['old', -3 * 24 * 60 + 1, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  // s1: missed, said another way, answered, and it helped.
  ['s1', 0, { kind: 'abstained', question: 'パスワード飛んだ' }],
  ['s1', 1, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  ['s1', 2, { kind: 'feedback', entryId: 'forgot-password', helpful: true }],
  // s2: the same words with a mark, then a もしかして and a choice (confidence 1).
  ['s2', 3, { kind: 'abstained', question: 'パスワード 飛んだ！' }],
  ['s2', 4, { kind: 'clarified', choices: ['forgot-password', 'forgot-account-name'] }],
  ['s2', 5, { kind: 'answered', entryId: 'forgot-password', confidence: 1 }],
  // s3: answered, but 役に立たなかった: not a proposal.
  ['s3', 6, { kind: 'abstained', question: 'パスワードとんだ' }],
  ['s3', 7, { kind: 'answered', entryId: 'forgot-password', confidence: 0.95 }],
  ['s3', 8, { kind: 'feedback', entryId: 'forgot-password', helpful: false }],
  // s4: a phone number in the question (redacted when written, and again on the way out).
  ['s4', 9, { kind: 'abstained', question: 'アカウント止まった 090-1234-5678' }],
  ['s4', 10, { kind: 'answered', entryId: 'account-blocked', confidence: 0.8 }],
  // s5: answered with a low confidence: a guess, not the entry that helped.
  ['s5', 11, { kind: 'abstained', question: '家族のアカウントを見たい' }],
  ['s5', 12, { kind: 'answered', entryId: 'account-recovery', confidence: 0.4 }],
  // s6: answered too late to be the same question.
  ['s6', 13, { kind: 'abstained', question: 'ずっと入れない' }],
  ['s6', 19, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  // s7: handed over before any answer.
  ['s7', 20, { kind: 'abstained', question: 'なんか変なメールが来た' }],
  ['s7', 21, { kind: 'handedOver', reason: 'repeated-abstention' }],
  ['s7', 22, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  // s8: already an alternate of its entry (punctuation aside).
  ['s8', 23, { kind: 'abstained', question: 'PW忘れました。' }],
  ['s8', 24, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  // s9: a clarification resolved by a choice, helpful; s10: resolved by something else.
  ['s9', 25, { kind: 'clarified', choices: ['account-recovery', 'account-blocked'] }],
  ['s9', 26, { kind: 'answered', entryId: 'account-recovery', confidence: 1 }],
  ['s9', 27, { kind: 'feedback', entryId: 'account-recovery', helpful: true }],
  ['s10', 28, { kind: 'clarified', choices: ['account-blocked', 'account-recovery'] }],
  ['s10', 29, { kind: 'answered', entryId: 'forgot-password', confidence: 1 }],
  // s11: two misses in a row, then the answer: both wordings are proposed.
  ['s11', 30, { kind: 'abstained', question: '2段階のコードが来ない' }],
  ['s11', 30.5, { kind: 'abstained', question: 'セキュリティコードが届かない' }],
  ['s11', 31, { kind: 'answered', entryId: 'billing-code-not-received', confidence: 0.7 }],
  // s12: too many questions in between (the fourth one is the answer).
  ['s12', 32, { kind: 'abstained', question: 'ログインの件' }],
  ['s12', 32.1, { kind: 'clarified', choices: ['forgot-password', 'account-blocked'] }],
  ['s12', 32.2, { kind: 'clarified', choices: ['forgot-password', 'account-blocked'] }],
  ['s12', 32.3, { kind: 'clarified', choices: ['forgot-password', 'account-blocked'] }],
  ['s12', 32.4, { kind: 'answered', entryId: 'account-blocked', confidence: 1 }],
];

const START = Date.parse('2026-11-25T09:00:00Z');

async function writeScript(dataDir: string): Promise<void> {
  let clock = START;
  const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
  for (const [conversation, minutes, event] of SCRIPT) {
    clock = START + minutes * 60_000;
    await log.append(conversation, event);
  }
  await log.close();
}

function entry(id: string, question: string, alternates: string[]): FaqEntry {
  return { id, question, alternates, tags: [], related: [], links: [], answer: '…', source: `faq/${id}.md` };
}

/** Just what suggest reads of the knowledge base: ids, questions and alternates. */
const KB = {
  entries: [
    entry('forgot-password', 'パスワードを忘れてしまったのですが?', ['PW忘れました', 'パスワードわすれちゃった']),
    entry('account-blocked', 'アカウントがブロックされてしまったのですが?', ['アカウントがロックされた']),
    entry('account-recovery', 'アカウントを回復したい', ['アカウントを取り戻したい']),
    entry('billing-code-not-received', 'セキュリティ コードが届きません', ['コードが来ない']),
  ],
};

const io = bufferedIo;

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-suggest-'));
  await writeScript(dataDir);
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('suggestAlternates on the scripted conversations', () => {
  let report: SuggestReport;
  const since = new Date('2026-11-25T00:00:00Z');
  beforeEach(async () => {
    const { records } = await readEventLog(dataDir, { since });
    report = suggestAlternates(records, KB, { since });
  });

  it('proposes the questions that were resolved after a miss, grouped by entry and wording, most asked first', () => {
    expect(report.conversations).toBe(12);
    expect(report.entries).toEqual([
      {
        entryId: 'forgot-password',
        question: 'パスワードを忘れてしまったのですが?',
        count: 2,
        proposals: [{ text: 'パスワード飛んだ', count: 2, helpful: 1, wordings: ['パスワード飛んだ', 'パスワード 飛んだ！'], redacted: false, alreadyIn: [] }],
      },
      {
        entryId: 'billing-code-not-received',
        question: 'セキュリティ コードが届きません',
        count: 2,
        proposals: [
          { text: '2段階のコードが来ない', count: 1, helpful: 0, wordings: ['2段階のコードが来ない'], redacted: false, alreadyIn: [] },
          { text: 'セキュリティコードが届かない', count: 1, helpful: 0, wordings: ['セキュリティコードが届かない'], redacted: false, alreadyIn: [] },
        ],
      },
      {
        entryId: 'account-blocked',
        question: 'アカウントがブロックされてしまったのですが?',
        count: 1,
        proposals: [{ text: 'アカウント止まった [電話番号]', count: 1, helpful: 0, wordings: ['アカウント止まった [電話番号]'], redacted: true, alreadyIn: [] }],
      },
    ]);
  });

  it('counts the clarifications resolved by a choice, without a wording (the log has none)', () => {
    // s12's first two clarifications were followed by another one, not by a choice: only its last counts.
    expect(report.clarifications).toEqual([
      { entryId: 'account-recovery', choices: ['account-blocked', 'account-recovery'], count: 1, helpful: 1 },
      { entryId: 'account-blocked', choices: ['account-blocked', 'forgot-password'], count: 1, helpful: 0 },
      { entryId: 'forgot-password', choices: ['forgot-account-name', 'forgot-password'], count: 1, helpful: 0 },
    ]);
  });

  it('skips a question already written as a phrasing of its entry', () => {
    expect(report.alreadyAlternates).toBe(1);
  });

  it('formats the proposals for people', () => {
    expect(formatSuggestions(report)).toEqual([
      "madoguchi kb suggest: 4 alternate(s) to consider for 3 entries (12 conversation(s) since 2026-11-25T00:00:00.000Z); nothing was written: add the ones you accept to the entry's alternates",
      '',
      'forgot-password 「パスワードを忘れてしまったのですが?」: 2 question(s) resolved after a miss',
      '  2×  「パスワード飛んだ」  (1 helpful; also written 「パスワード 飛んだ！」)',
      '',
      'billing-code-not-received 「セキュリティ コードが届きません」: 2 question(s) resolved after a miss',
      '  1×  「2段階のコードが来ない」',
      '  1×  「セキュリティコードが届かない」',
      '',
      'account-blocked 「アカウントがブロックされてしまったのですが?」: 1 question(s) resolved after a miss',
      '  1×  「アカウント止まった [電話番号]」  (has redacted parts: edit before adding)',
      '',
      'clarifications resolved by a choice (the log does not keep the question a clarification answered, so there is no wording to propose):',
      '  1×  account-recovery chosen over account-blocked  (1 helpful)',
      '  1×  account-blocked chosen over forgot-password',
      '  1×  forgot-password chosen over forgot-account-name',
      '',
      '1 resolved question(s) were already a phrasing of their entry: not proposed',
    ]);
  });

  it('notes a wording another entry already has', () => {
    const kb = { entries: [...KB.entries, entry('other', '別の質問', ['パスワード飛んだ'])] };
    const again = suggestAlternates([{ v: 1, at: '2026-11-25T09:00:00.000Z', conversation: 'x', event: { kind: 'abstained', question: 'パスワード飛んだ' } }, { v: 1, at: '2026-11-25T09:01:00.000Z', conversation: 'x', event: { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 } }], kb);
    expect(again.entries[0]?.proposals[0]?.alreadyIn).toEqual(['other']);
    expect(formatSuggestions(again)[3]).toBe('  1×  「パスワード飛んだ」  (already a phrasing of other: adding it here makes it ambiguous)');
  });
});

describe('madoguchi kb suggest', () => {
  it('--json prints the report from the configured data folder; the old conversation counts without --since', async () => {
    const out = io();
    expect(await main(['kb', 'suggest', '--json'], out, { DATA_DIR: dataDir })).toBe(0);
    expect(out.stderr).toEqual([]);
    const report = JSON.parse(out.stdout[0] as string) as SuggestReport;
    expect(report.since).toBeNull();
    expect(report.conversations).toBe(13);
    // The real knowledge base: "パスワード飛んだ" (and its old twin) for forgot-password, 3 times.
    expect(report.entries[0]).toMatchObject({ entryId: 'forgot-password', proposals: [{ text: 'パスワード飛んだ', count: 3, helpful: 1 }] });
    expect(report.alreadyAlternates).toBe(1);
  });

  it('--since narrows the log', async () => {
    const out = io();
    expect(await main(['kb', 'suggest', '--since', '2026-11-25'], out, { DATA_DIR: dataDir })).toBe(0);
    expect(out.stdout[0]).toMatch(/^madoguchi kb suggest: \d+ alternate\(s\) to consider for \d+ entries \(12 conversation\(s\) since 2026-11-25T00:00:00\.000Z\)/);
    expect(out.stdout).toContain('  2×  「パスワード飛んだ」  (1 helpful; also written 「パスワード 飛んだ！」)');
  });

  it('says so when there is nothing to propose', async () => {
    const out = io();
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-suggest-empty-'));
    try {
      expect(await main(['kb', 'suggest'], out, { DATA_DIR: empty })).toBe(0);
      expect(out.stdout).toEqual(['madoguchi kb suggest: no new alternates to propose (0 conversation(s))']);
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });

  const usageErrors: [args: string[], error: string][] = [
    [['kb', 'suggest', '--since', 'yesterday'], 'madoguchi kb suggest: --since must be a date like 2026-01-31 or an ISO time (got "yesterday")'],
    [['kb', 'suggest', '--top', '3'], 'madoguchi kb suggest: unknown argument --top, 3'],
    [['kb', 'suggets'], 'madoguchi kb: unknown subcommand "suggets"'],
  ];
  it.each(usageErrors)('exits 2 on a usage error: %j', async (args, error) => {
    const out = io();
    expect(await main(args, out, { DATA_DIR: dataDir })).toBe(2);
    expect(out.stderr[0]?.split('\n')[0]).toBe(error);
  });

  it('exits 1 when the knowledge folder is invalid', async () => {
    const out = io();
    expect(await main(['kb', 'suggest'], out, { DATA_DIR: dataDir, KNOWLEDGE_DIR: '/nonexistent' })).toBe(1);
    expect(out.stderr).toEqual(['knowledge: /nonexistent/faq: folder not found', 'madoguchi kb suggest: the knowledge folder is invalid (1 problem(s)); run madoguchi kb check']);
  });
});
