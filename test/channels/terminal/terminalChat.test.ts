import { PassThrough, Writable } from 'node:stream';
import { ActivityHandler, ActivityTypes, ConversationState, MemoryStorage } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { RootDialog } from '../../../dialogs/rootDialog';
import { Outbox } from '../../../src/account/outbox';
import { MadoguchiBot } from '../../../src/bot/madoguchiBot';
import { runTerminalChat, type TerminalBot, type TerminalChatOptions } from '../../../src/channels/terminal/terminalChat';
import { defaultKnowledgeDir } from '../../../src/kb/loader';
import { FaqEngine } from '../../../src/search/faqEngine';

/** Drives the chat with scripted input lines (no TTY) and returns everything it printed. */
async function chat(bot: TerminalBot, lines: readonly string[], extra: Partial<TerminalChatOptions> = {}) {
  const input = new PassThrough();
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed += chunk.toString('utf8');
      done();
    },
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  const end = await runTerminalChat({ bot, input, output, ...extra });
  return { end, printed };
}

let engine: FaqEngine;
beforeAll(async () => {
  engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
});

function realBot(): MadoguchiBot {
  return new MadoguchiBot({ conversationState: new ConversationState(new MemoryStorage()), rootDialog: new RootDialog({ faq: engine }) });
}

const question = (id: string) => engine.entry(id)?.question ?? `(missing entry ${id})`;

describe('runTerminalChat with the real bot', () => {
  it('shows the banner and the welcome with its examples as numbered choices before any input', async () => {
    const { printed, end } = await chat(realBot(), []);
    expect(end).toEqual({ reason: 'end-of-input' });
    expect(printed.startsWith(messages.terminal.banner)).toBe(true);
    expect(printed).toContain(`${messages.terminal.botLabel} ${messages.welcome.text.split('\n')[0]}`);
    messages.welcome.examples.forEach((example, i) => expect(printed).toContain(`  [${i + 1}] ${example}`));
    expect(printed.trimEnd().endsWith(messages.terminal.goodbye)).toBe(true);
  });

  it('answers a typed question in Japanese', async () => {
    const { printed } = await chat(realBot(), ['パスワードを忘れました', '/quit']);
    expect(printed).toContain(`${messages.terminal.userPrompt}パスワードを忘れました`);
    expect(printed).toContain(`${messages.terminal.botLabel} ${question('forgot-password')}`);
    // Markdown is shown readably: no ** markers left.
    expect(printed).not.toContain('**');
  });

  it('sends the choice picked by number, full-width digits too', async () => {
    const first = messages.welcome.examples[0];
    const { printed } = await chat(realBot(), ['１', '/quit']);
    expect(printed).toContain(messages.terminal.picked(first));
    expect(printed).toContain(`${messages.terminal.botLabel} ${question('forgot-password')}`);
  });

  it('numbers the buttons of the last answer: picking one follows the related question', async () => {
    const related = engine.entry('forgot-password')?.related.map(question) ?? [];
    const { printed } = await chat(realBot(), ['パスワードを忘れました', '2', '/quit']);
    expect(printed).toContain(`  [2] ${related[1]}`);
    expect(printed).toContain(messages.terminal.picked(related[1] ?? ''));
    expect(printed).toContain(`${messages.terminal.botLabel} ${related[1]}`);
  });

  it('says which numbers are valid when the number is out of range, and keeps the choices', async () => {
    const { printed } = await chat(realBot(), ['9', '1', '/quit']);
    expect(printed).toContain(messages.terminal.choiceOutOfRange(messages.welcome.examples.length));
    expect(printed).toContain(`${messages.terminal.botLabel} ${question('forgot-password')}`);
  });

  it('/quit ends the chat and the lines after it are not read', async () => {
    const { printed, end } = await chat(realBot(), ['/quit', 'パスワードを忘れました']);
    expect(end).toEqual({ reason: 'quit' });
    expect(printed.trimEnd().endsWith(messages.terminal.goodbye)).toBe(true);
    expect(printed).not.toContain(question('forgot-password'));
  });
});

/** A tiny bot: offers a link, records what it was told, and "sends" a code for 「コード」. */
class ScriptedBot extends ActivityHandler {
  readonly heard: string[] = [];
  constructor(outbox?: Outbox, fail = false) {
    super();
    this.onMessage(async (context, next) => {
      if (fail) throw new Error('ScriptedBot: boom');
      this.heard.push(context.activity.text);
      if (context.activity.text === 'コード') outbox?.add({ to: 'taro@example.jp', kind: 'security-code', code: '482913', at: new Date().toISOString() });
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: '了解しました',
        suggestedActions: { to: [], actions: [{ type: 'openUrl', title: 'サイト', value: 'https://account.live.com/' }] },
      });
      await next();
    });
  }
}

describe('runTerminalChat: choices, outbox and errors', () => {
  it('prints a link choice instead of sending it', async () => {
    const bot = new ScriptedBot();
    const { printed } = await chat(bot, ['はい', '1', '/quit']);
    expect(printed).toContain(messages.terminal.openUrl('サイト', 'https://account.live.com/'));
    expect(bot.heard).toEqual(['はい']);
  });

  it('sends a number as text when nothing is offered', async () => {
    const bot = new ScriptedBot();
    await chat(bot, ['3', '/quit']);
    expect(bot.heard).toEqual(['3']);
  });

  it('prints demo outbox messages from the turn, once, and not those from before', async () => {
    const outbox = new Outbox();
    outbox.add({ to: 'old@example.jp', kind: 'security-code', code: '111111', at: new Date().toISOString() });
    const { printed } = await chat(new ScriptedBot(outbox), ['コード', 'ほか', '/quit'], { outbox });
    const line = `${messages.terminal.outboxTitle} ${messages.terminal.outboxTo('taro@example.jp')} ${messages.terminal.outboxKinds['security-code']}: 482913`;
    expect(printed.split(line)).toHaveLength(2);
    expect(printed.indexOf(line)).toBeGreaterThan(printed.indexOf('了解しました'));
    expect(printed).not.toContain('111111');
  });

  it('apologizes when a turn fails and keeps going', async () => {
    const { printed, end } = await chat(new ScriptedBot(undefined, true), ['こんにちは', 'もう一度', '/quit']);
    expect(printed.split(messages.turnError)).toHaveLength(3);
    expect(end).toEqual({ reason: 'quit' });
  });
});
