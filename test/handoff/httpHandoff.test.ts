import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { handoffCommand } from '../../src/cli/handoffCommand';
import type { CliIo } from '../../src/cli/io';
import { reportCommand } from '../../src/cli/reportCommand';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import type { DeflectionReport } from '../../src/telemetry/report';
import { ExpectRepliesClient, buttonTitles, startBot, type RunningBot } from '../support/botServer';

let bot: RunningBot;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-http-handoff-'));
  bot = await startBot({ DATA_DIR: dataDir }, FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() }));
  await bot.app.ready;
});
afterAll(async () => {
  await bot.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

function memoryIo() {
  const out: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), lines: async function* () {} };
  return { io, out };
}

describe('handoff through /api/messages', () => {
  it('answer with feedback buttons, not helpful, ask for a person: ticket, handoff.initiate, CLI, metrics, report', async () => {
    const client = new ExpectRepliesClient(bot.url);
    const [answer] = await client.say('パスワードを忘れました');
    expect(buttonTitles(answer).slice(-2)).toEqual(['役に立った', '役に立たなかった']);

    const notHelpful = await client.say('役に立たなかった');
    expect(buttonTitles(notHelpful[0])).toContain('担当者と話す');

    const handover = await client.say('オペレーターと話したい。アカウントは taro@example.com です');
    const ticketId = /MDG-\d{8}-[2-9A-HJKMNP-Z]{4}/.exec(handover[0]?.text ?? '')?.[0];
    expect(ticketId).toBeDefined();
    expect(handover[0]?.text).toBe(messages.handoff.ticketCreated(ticketId as string));
    expect(handover[1]).toMatchObject({ type: 'event', name: 'handoff.initiate' });
    expect(JSON.stringify(handover)).not.toContain('taro@example.com');

    const { io, out } = memoryIo();
    expect(await handoffCommand(['show', ticketId as string], io, { dataDir })).toBe(0);
    const shown = out.join('\n');
    expect(shown).toContain('引き継ぎ理由: お客様が担当者との会話を希望');
    expect(shown).toContain('（役に立たなかった）');
    expect(shown).not.toContain('taro@example.com');

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toContain('madoguchi_handoffs_total{reason="user-request"} 1');
    expect(metrics).toMatch(/madoguchi_feedback_total\{entry="[^"]+",verdict="not_helpful"\} 1/);

    const report = memoryIo();
    expect(await reportCommand(['--json'], report.io, { dataDir })).toBe(0);
    const figures = JSON.parse(report.out[0] as string) as DeflectionReport;
    expect([figures.conversations, figures.handedOver, figures.containmentRate]).toEqual([1, 1, 0]);
  });

  it('two questions the bot cannot answer: the second brings the offer of a person, which the user can decline', async () => {
    const client = new ExpectRepliesClient(bot.url);
    await client.say('冷蔵庫の霜取りの方法');
    const second = await client.say('電子レンジのワット数の変え方');
    expect(buttonTitles(second[second.length - 1])).toEqual(expect.arrayContaining(['担当者と話す', 'このまま続ける']));
    const declined = await client.say('このまま続ける');
    expect(declined.map((a) => a.text)).toEqual([messages.handoff.declined]);
  });

  it('a person asked for mid-flow: the agent sees the flow, the step, the method chosen and the account masked, never in clear', async () => {
    const client = new ExpectRepliesClient(bot.url);
    await client.say('パスワードをリセットしたい');
    await client.say('taro@example.com');
    await client.say(messages.verification.methodSms);
    await client.say('090-1234-5678');
    const handover = await client.say('担当者と話したい');
    const ticketId = /MDG-\d{8}-[2-9A-HJKMNP-Z]{4}/.exec(handover.map((a) => a.text ?? '').join('\n'))?.[0];
    expect(ticketId).toBeDefined();

    const { io, out } = memoryIo();
    expect(await handoffCommand(['show', ticketId as string], io, { dataDir })).toBe(0);
    const shown = out.join('\n');
    expect(shown).toContain('t***@example.com');
    // A choice among the bot's own buttons is not personal data: the agent sees which method was tried.
    expect(shown).toContain(messages.verification.methodSms);
    expect(shown).toContain(messages.flowTitles.passwordReset);
    for (const clear of ['taro@example.com', '090-1234-5678', '09012345678']) expect(shown).not.toContain(clear);
    const stored = await fs.readFile(path.join(dataDir, 'handoff', `${ticketId}.json`), 'utf8');
    for (const clear of ['taro@example.com', '090-1234-5678', '09012345678']) expect(stored).not.toContain(clear);
  });
});
