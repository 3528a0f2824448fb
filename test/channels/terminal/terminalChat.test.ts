import { PassThrough, Writable } from 'node:stream';
import { ActivityHandler, ActivityTypes, ConversationState, MemoryStorage } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { RootDialog } from '../../../dialogs/rootDialog';
import { Outbox } from '../../../src/account/outbox';
import { MadoguchiBot } from '../../../src/bot/madoguchiBot';
import { readTypedLine, runTerminalChat, type TerminalBot, type TerminalChatOptions } from '../../../src/channels/terminal/terminalChat';
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

  it('reads nothing once aborted before the first line (Ctrl-C while loading) and says goodbye', async () => {
    const bot = new ScriptedBot();
    const { printed, end } = await chat(bot, ['はい', '/quit'], { signal: AbortSignal.abort() });
    expect(end).toEqual({ reason: 'end-of-input' });
    expect(bot.heard).toEqual([]);
    expect(printed.trimEnd().endsWith(messages.terminal.goodbye)).toBe(true);
  });

  it('apologizes when a turn fails and keeps going', async () => {
    const { printed, end } = await chat(new ScriptedBot(undefined, true), ['こんにちは', 'もう一度', '/quit']);
    expect(printed.split(messages.turnError)).toHaveLength(3);
    expect(end).toEqual({ reason: 'quit' });
  });
});

/** Like the code step: asks for a 6-digit code and offers two numbered ways out. */
class CodeStepBot extends ActivityHandler {
  readonly heard: string[] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.heard.push(context.activity.text);
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: '届いた 6 桁の確認コードを入力してください。',
        suggestedActions: {
          to: [],
          actions: [
            { type: 'imBack', title: 'コードを再送する', value: 'コードを再送する' },
            { type: 'imBack', title: 'コードが届かない', value: 'コードが届かない' },
          ],
        },
      });
      await next();
    });
  }
}

describe('readTypedLine: when a typed number picks a choice', () => {
  it('picks a choice for a 1–2 digit number within the range', () => {
    expect(readTypedLine('1', 2)).toEqual({ kind: 'choice', index: 0 });
    expect(readTypedLine('2', 2)).toEqual({ kind: 'choice', index: 1 });
    expect(readTypedLine('12', 12)).toEqual({ kind: 'choice', index: 11 });
  });

  it('says the range for a 1–2 digit number outside it', () => {
    expect(readTypedLine('0', 2)).toEqual({ kind: 'out-of-range' });
    expect(readTypedLine('3', 2)).toEqual({ kind: 'out-of-range' });
    expect(readTypedLine('42', 2)).toEqual({ kind: 'out-of-range' });
  });

  it('sends codes, phone numbers, longer numbers and words as typed text', () => {
    for (const line of ['296416', '296 416', '09012345678', '090-1234-5678', '123', '1000001', 'SMS', 'コードを再送する', '1です']) {
      expect(readTypedLine(line, 2), line).toEqual({ kind: 'text' });
    }
  });

  it('sends any number as text when no choices are shown', () => {
    expect(readTypedLine('1', 0)).toEqual({ kind: 'text' });
  });
});

describe('runTerminalChat at a step that expects digits while choices are shown', () => {
  it('sends a 6-digit code and a phone number as typed, picks choices by 1–2 digit numbers (full-width too), and sends words as typed', async () => {
    const bot = new CodeStepBot();
    const { printed } = await chat(bot, ['こんにちは', '296416', '０９０-１２３４-５６７８', '2', '１', 'コードを再送する', '123', '9', '/quit']);
    expect(bot.heard).toEqual(['こんにちは', '296416', '０９０-１２３４-５６７８', 'コードが届かない', 'コードを再送する', 'コードを再送する', '123']);
    expect(printed).toContain(messages.terminal.picked('コードが届かない'));
    expect(printed.split(messages.terminal.choiceOutOfRange(2))).toHaveLength(2);
  });
});
