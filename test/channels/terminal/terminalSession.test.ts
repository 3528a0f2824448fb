import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { startTerminalSession, type TerminalSession, type TerminalSessionOptions } from '../../../src/channels/terminal/terminalSession';
import { loadConfig } from '../../../src/config';
import { defaultKnowledgeDir } from '../../../src/kb/loader';
import { FaqEngine } from '../../../src/search/faqEngine';

const t = messages.terminal;
/** How long one turn may take before the driver gives up (the bot answers in milliseconds). */
const TURN_TIMEOUT_MS = 10_000;

let engine: FaqEngine;
beforeAll(async () => {
  engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
});

/**
 * A person at the terminal: types one line, waits for the next prompt, and reads what was
 * printed in between (the input and output are the ones `npm run chat` gets, without a TTY).
 */
class TerminalUser {
  readonly input = new PassThrough();
  printed = '';
  private onWrite: (() => void) | undefined;
  readonly output = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.printed += chunk.toString('utf8');
      this.onWrite?.();
      done();
    },
  });

  /** What was printed from `from` until the chat asks for the next line. */
  async untilPrompt(from = 0): Promise<string> {
    const ready = () => this.printed.length > from && this.printed.endsWith(t.userPrompt);
    if (!ready()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no prompt within ${TURN_TIMEOUT_MS} ms; printed so far:\n${this.printed.slice(from)}`)), TURN_TIMEOUT_MS);
        this.onWrite = () => {
          if (!ready()) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.onWrite = undefined;
    }
    return this.printed.slice(from);
  }

  /** Types a line and returns what the chat printed in answer. */
  async type(line: string): Promise<string> {
    const from = this.printed.length;
    this.input.write(`${line}\n`);
    return this.untilPrompt(from);
  }
}

/** The number printed in front of a choice, as a person reads it off the screen. */
function choiceNumber(printed: string, title: string): string {
  const line = printed.split('\n').find((l) => l.startsWith('  [') && l.endsWith(`] ${title}`));
  const n = line ? /^ {2}\[(\d+)\]/.exec(line)?.[1] : undefined;
  if (!n) throw new Error(`no choice 「${title}」 in:\n${printed}`);
  return n;
}

/** The code of the last demo inbox line for `to`, as printed by the terminal. */
function printedCode(printed: string, to: string): string {
  const lines = printed.split('\n').filter((l) => l.startsWith(`${t.outboxTitle} ${t.outboxTo(to)} `));
  const code = /: (\d{6})$/.exec(lines.at(-1) ?? '')?.[1];
  if (!code) throw new Error(`no code for ${to} in:\n${printed}`);
  return code;
}

const running: { user: TerminalUser; session: TerminalSession }[] = [];

async function start(extra: Partial<TerminalSessionOptions> = {}): Promise<{ user: TerminalUser; session: TerminalSession; welcome: string }> {
  // Its own data folder (event log, tickets); a person is always there, so replies do not depend on the time of day.
  const loaded = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'madoguchi-terminal-')), HANDOFF_HOURS: 'always' });
  if (!loaded.ok) throw new Error(loaded.error);
  const user = new TerminalUser();
  const session = await startTerminalSession({
    config: loaded.config,
    logger: pino({ level: 'silent' }),
    input: user.input,
    output: user.output,
    engine,
    demo: { minLatencyMs: 0 },
    ...extra,
  });
  running.push({ user, session });
  return { user, session, welcome: await user.untilPrompt() };
}

afterEach(async () => {
  for (const { user, session } of running.splice(0)) {
    user.input.end();
    await session.finished;
  }
});

/** Whether anything still answers at `url` (a stopped server refuses the connection). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

describe('the terminal chat (npm run chat) with its demo server', () => {
  it('finishes a password reset typed like a person, through the reset link it printed', async () => {
    const { user, session, welcome } = await start();
    expect(welcome).toContain(t.demoServer(session.demoServerUrl));
    expect(session.demoServerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const answer = await user.type('パスワードを忘れました');
    await user.type(choiceNumber(answer, 'パスワードのリセットを始める'));
    await user.type('taro@example.com');
    await user.type('SMSで');
    const sent = await user.type('090-1234-5678');
    // The code step offers numbered choices; the 6-digit code must still be taken as the code.
    expect(sent).toMatch(/ {2}\[1\] .+\n {2}\[2\] /);
    const verified = await user.type(printedCode(sent, '090-1234-5678'));
    expect(verified).not.toContain(t.choiceOutOfRange(2));

    const opened = await user.type(choiceNumber(verified, messages.passwordReset.linkButton));
    const link = new RegExp(`(${session.demoServerUrl}/demo/reset/[A-Za-z0-9_-]+)$`, 'm').exec(opened)?.[1];
    expect(link, opened).toBeDefined();
    const url = link as string;

    const form = await fetch(url);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`action="${new URL(url).pathname}"`);

    const newPassword = 'Sakura-2025x';
    const done = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ newPassword, confirmPassword: newPassword }).toString(),
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(messages.resetPage.successTitle);
    expect(await session.demo.passwordMatches('taro@example.com', newPassword)).toBe(true);
    // Single use: the same link now says so.
    expect((await fetch(url)).status).toBe(410);

    // /quit asks for nothing more: the chat ends instead of prompting.
    user.input.write('/quit\n');
    expect(await session.finished).toEqual({ reason: 'quit' });
    expect(user.printed.trimEnd().endsWith(t.goodbye)).toBe(true);
    expect(await answers(url)).toBe(false);
  });

  it('shows an authenticator code as sent to 認証アプリ, and takes it typed in full-width digits', async () => {
    const { user } = await start();
    await user.type('パスワードのリセットを始める');
    await user.type('taro@example.com');
    const sent = await user.type('アプリで');
    expect(sent).toContain(`${t.outboxTitle} ${t.outboxTo(t.authenticatorApp)} ${t.outboxKinds['authenticator-code']}: `);
    expect(sent).not.toContain('authenticator-app');
    const code = printedCode(sent, t.authenticatorApp);
    const fullWidth = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const verified = await user.type(fullWidth);
    expect(verified).toContain(messages.passwordReset.done);
    expect(verified).toContain(`] ${messages.passwordReset.linkButton}`);
  });

  it('serves the demo outbox and stops the server at the end of input', async () => {
    const { user, session } = await start();
    const outbox = await fetch(`${session.demoServerUrl}/demo/outbox`);
    expect(outbox.status).toBe(200);
    expect(await outbox.json()).toEqual([]);
    user.input.end();
    expect(await session.finished).toEqual({ reason: 'end-of-input' });
    expect(await answers(`${session.demoServerUrl}/demo/outbox`)).toBe(false);
  });

  it('ends cleanly and stops the server when interrupted (Ctrl-C with piped input)', async () => {
    const interrupt = new AbortController();
    const { user, session } = await start({ signal: interrupt.signal });
    interrupt.abort();
    expect(await session.finished).toEqual({ reason: 'end-of-input' });
    expect(user.printed.trimEnd().endsWith(t.goodbye)).toBe(true);
    expect(await answers(`${session.demoServerUrl}/demo/outbox`)).toBe(false);
  });
});
