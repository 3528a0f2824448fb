/**
 * Issue 10, measured from outside: a birth date and a name typed at the root must not appear in
 * clear in anything the bot stores or prints (event log, tickets, `handoff show`, the webhook
 * payload, `report`, the agent's transcript, the logs).
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { handoffCommand } from '../../../src/cli/handoffCommand';
import type { CliIo } from '../../../src/cli/io';
import { reportCommand } from '../../../src/cli/reportCommand';
import { defaultKnowledgeDir } from '../../../src/kb/loader';
import { createLogger } from '../../../src/logger';
import { setPersonNameDetector } from '../../../dialogs/privacy/redact';
import { FaqEngine } from '../../../src/search/faqEngine';
import { EVENT_LOG_DIR, EVENT_LOG_FILE } from '../../../src/telemetry/eventLog';
import { ExpectRepliesClient, startBot, type RunningBot } from '../../support/botServer';
import { waitUntil } from '../../support/waitUntil';

/** What the user types at the root, and what of it must never be found in clear. */
const TYPED = [
  '冷蔵庫の霜取りの方法を教えて。山田次郎、1990年1月2日生まれです',
  '電子レンジのワット数の変え方。名前は佐藤花子、生年月日は平成2年1月2日です',
  'オペレーターと話したい。高橋と申します。誕生日は１９９０／１／２、S60.4.1 かも',
];
const CLEAR = ['山田', '次郎', '佐藤', '花子', '高橋', '1990', '１９９０', '平成2年', 'S60.4.1', '1月2日'];

function expectNoClear(what: string, text: string): void {
  for (const value of CLEAR) expect(text, `${what} contains ${value}`).not.toContain(value);
}

function memoryIo() {
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), lines: async function* () {} };
  return { io, out };
}

let dataDir: string;
let bot: RunningBot;
let receiver: http.Server;
const webhookBodies: string[] = [];
const logLines: string[] = [];
let replies: Partial<Activity>[] = [];
let ticketId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-privacy-paths-'));
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      webhookBodies.push(Buffer.concat(chunks).toString('utf8'));
      // Two calls: restify, loaded by the app, patches ServerResponse and writeHead no longer chains.
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  bot = await startBot(
    { DATA_DIR: dataDir, HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/handoff`, HANDOFF_WEBHOOK_SECRET: 'privacy-test' },
    FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() }),
    createLogger('debug', sink),
  );
  await bot.app.ready;
  const client = new ExpectRepliesClient(bot.url);
  for (const text of TYPED) replies = [...replies, ...(await client.say(text))];
  ticketId = /MDG-\d{8}-[2-9A-HJKMNP-Z]{4}/.exec(replies.map((r) => r.text ?? '').join('\n'))?.[0] ?? '';
  await waitUntil(() => (webhookBodies.length > 0 ? true : undefined), 'the webhook delivery');
});

afterAll(async () => {
  await bot.close();
  setPersonNameDetector(undefined);
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a date and a name typed at the root (issue 10)', () => {
  it('hands over with a ticket (the scenario ran)', () => {
    expect(ticketId).toMatch(/^MDG-/);
  });

  it('event log: the abstained questions are stored with [日付] and [氏名]', async () => {
    const raw = await fs.readFile(path.join(dataDir, EVENT_LOG_DIR, EVENT_LOG_FILE), 'utf8');
    expect(raw).toContain('"kind":"abstained"');
    expect(raw).toContain('[日付]');
    expect(raw).toContain('[氏名]');
    expectNoClear('the event log', raw);
  });

  it('ticket file and `handoff show` (text and --json, under the 伏せ字 heading)', async () => {
    const dir = path.join(dataDir, 'handoff');
    const files = (await fs.readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expectNoClear(`ticket file ${f}`, await fs.readFile(path.join(dir, f), 'utf8'));

    const text = memoryIo();
    expect(await handoffCommand(['show', ticketId], text.io, { dataDir })).toBe(0);
    const shown = text.out.join('\n');
    expect(shown).toContain('お客様の質問（原文、個人情報は伏せ字）:');
    expect(shown).toContain('[日付]');
    expect(shown).toContain('[氏名]');
    expectNoClear('handoff show', shown);

    const json = memoryIo();
    expect(await handoffCommand(['show', ticketId, '--json'], json.io, { dataDir })).toBe(0);
    expectNoClear('handoff show --json', json.out.join('\n'));
    const list = memoryIo();
    expect(await handoffCommand(['list'], list.io, { dataDir })).toBe(0);
    expectNoClear('handoff list', list.out.join('\n'));
  });

  it('webhook payload', () => {
    for (const body of webhookBodies) expectNoClear('the webhook payload', body);
    expect(webhookBodies.join('')).toContain(ticketId);
  });

  it('the handoff.initiate event: context and transcript for the agent', () => {
    const initiate = replies.find((r) => r.type === 'event' && r.name === 'handoff.initiate');
    expect(initiate).toBeDefined();
    expectNoClear('handoff.initiate', JSON.stringify(initiate));
  });

  it('`report`: top unanswered questions, text and JSON', async () => {
    const text = memoryIo();
    expect(await reportCommand([], text.io, { dataDir })).toBe(0);
    expect(text.out.join('\n')).toContain('[日付]');
    expectNoClear('report', text.out.join('\n'));
    const json = memoryIo();
    expect(await reportCommand(['--json'], json.io, { dataDir })).toBe(0);
    expectNoClear('report --json', json.out.join('\n'));
  });

  it('logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expectNoClear('the logs', logLines.join(''));
  });
});

describe('paths outside a conversation', () => {
  it('`report` redacts again what an older version wrote in clear', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-privacy-report-'));
    try {
      await fs.mkdir(path.join(dir, EVENT_LOG_DIR), { recursive: true });
      const legacy = { v: 1, at: '2026-01-31T10:00:00.000Z', conversation: 'c_0', event: { kind: 'abstained', question: '名前は山田次郎、平成2年1月2日生まれ' } };
      await fs.writeFile(path.join(dir, EVENT_LOG_DIR, EVENT_LOG_FILE), `${JSON.stringify(legacy)}\n`);
      const { io, out } = memoryIo();
      expect(await reportCommand([], io, { dataDir: dir })).toBe(0);
      expect(out.join('\n')).toContain('名前は[氏名]、[日付]生まれ');
      expectNoClear('report of a legacy line', out.join('\n'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('the logger: message and fields redacted, ISO timestamps and ticket numbers kept', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    logger.info({ note: '名前は佐藤花子、1990-01-02', nextAttemptAt: '2026-01-31T10:00:00.000Z', ticketId: 'MDG-20260131-7F3K' }, 'got 平成2年1月2日 from 高橋と申します');
    const line = lines.join('');
    expectNoClear('a log line', line);
    expect(line).toContain('2026-01-31T10:00:00.000Z');
    expect(line).toContain('MDG-20260131-7F3K');
    expect(line).toContain('[日付]');
  });
});
