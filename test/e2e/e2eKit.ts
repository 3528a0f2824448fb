import type { Activity } from 'botbuilder';
import { expect } from 'vitest';
import { z } from 'zod';
import type { FaqEngine } from '../../src/search/faqEngine';
import { captureLogger } from '../account/helpers';
import { ExpectRepliesClient, buttonTitles, startBot, type RunningBot } from '../support/botServer';

/**
 * What the end-to-end tests see of the bot: replies over POST /api/messages (expectReplies)
 * and what the demo "sent", over GET /demo/outbox. Nothing here reads the adapter object.
 */

/** One card button as the channel receives it. */
export interface CardButton {
  readonly type: string;
  readonly title: string;
  readonly value: string;
}

/** A reply reduced to what the user sees: no ids or timestamps, so two transcripts compare with toEqual. */
export interface Reply {
  readonly text: string;
  readonly buttons: readonly string[];
  readonly cards: readonly { readonly contentType: string; readonly title: string; readonly text: string; readonly buttons: readonly CardButton[] }[];
}

/** One turn: what the user said and every reply to it. */
export interface TranscriptTurn {
  readonly user: string;
  readonly replies: readonly Reply[];
}

const heroContentSchema = z.object({
  title: z.string().optional(),
  text: z.string().optional(),
  buttons: z.array(z.object({ type: z.string(), title: z.string(), value: z.unknown() })).optional(),
});

function toReply(activity: Partial<Activity>): Reply {
  const cards = (activity.attachments ?? []).map((attachment) => {
    const content = heroContentSchema.parse(attachment.content ?? {});
    return {
      contentType: attachment.contentType,
      title: content.title ?? '',
      text: content.text ?? '',
      buttons: (content.buttons ?? []).map((b) => ({ type: b.type, title: b.title, value: String(b.value) })),
    };
  });
  return { text: activity.text ?? '', buttons: buttonTitles(activity), cards };
}

/** Everything a reply shows, in one string: for "never echoed" checks. */
export function visibleText(reply: Reply): string {
  return [reply.text, ...reply.buttons, ...reply.cards.flatMap((c) => [c.title, c.text, ...c.buttons.flatMap((b) => [b.title, b.value])])].join('\n');
}

/** A conversation over HTTP that keeps its transcript. */
export class Conversation {
  private readonly client: ExpectRepliesClient;
  readonly transcript: TranscriptTurn[] = [];

  constructor(bot: RunningBot) {
    this.client = new ExpectRepliesClient(bot.url);
  }

  /** Sends a message; returns the replies (only messages: the bot sends nothing else here). */
  async say(text: string): Promise<Reply[]> {
    const activities = await this.client.say(text);
    expect(activities.every((a) => a.type === 'message'), `every reply to 「${text}」 is a message`).toBe(true);
    const replies = activities.map(toReply);
    this.transcript.push({ user: text, replies });
    return replies;
  }

  /** Sends a message and asserts the exact texts of the replies, in order. */
  async expectTexts(text: string, expected: readonly string[]): Promise<Reply[]> {
    const replies = await this.say(text);
    expect(
      replies.map((r) => r.text),
      `replies to 「${text}」`,
    ).toEqual(expected);
    return replies;
  }
}

const outboxSchema = z.array(
  z.object({
    to: z.string(),
    kind: z.enum(['security-code', 'authenticator-code', 'unblock-code', 'recovery-contact-code', 'recovery-received', 'reset-link', 'recovery-result']),
    code: z.string().optional(),
    link: z.string().optional(),
    ticketId: z.string().optional(),
    at: z.string(),
  }),
);

export type OutboxEntry = z.infer<typeof outboxSchema>[number];
export type OutboxKind = OutboxEntry['kind'];

/** GET /demo/outbox, validated: newest first. */
export async function readOutbox(bot: RunningBot): Promise<OutboxEntry[]> {
  const response = await fetch(`${bot.url}/demo/outbox`);
  expect(response.status).toBe(200);
  return outboxSchema.parse(await response.json());
}

/**
 * Watches the outbox across one step: `messagesSince` lists only what was sent after
 * `start` (the outbox is newest first and far below its capacity in these tests).
 */
export class OutboxWatch {
  private constructor(
    private readonly bot: RunningBot,
    private readonly seen: number,
  ) {}

  static async start(bot: RunningBot): Promise<OutboxWatch> {
    return new OutboxWatch(bot, (await readOutbox(bot)).length);
  }

  async messagesSince(): Promise<OutboxEntry[]> {
    const all = await readOutbox(this.bot);
    return all.slice(0, all.length - this.seen);
  }

  /** Exactly one message was sent since start, to `to`, of `kind`; returns it. */
  async onlyMessage(to: string, kind: OutboxKind): Promise<OutboxEntry> {
    const sent = await this.messagesSince();
    expect(
      sent.map((m) => [m.to, m.kind]),
      'what the demo sent',
    ).toEqual([[to, kind]]);
    return sent[0] as OutboxEntry;
  }

  /** Exactly one code was sent since start, to `to`, of `kind`; returns the code. */
  async onlyCode(to: string, kind: OutboxKind): Promise<string> {
    const { code } = await this.onlyMessage(to, kind);
    expect(code).toMatch(/^\d{6}$/);
    return code as string;
  }
}

/** A six-digit code that differs from `code` in every digit (so it is wrong for sure). */
export function otherCode(code: string): string {
  return Array.from(code, (d) => String((Number(d) + 1) % 10)).join('');
}

/** POSTs the reset page's form as a browser does. */
export function postResetForm(url: string, newPassword: string, confirmPassword: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ newPassword, confirmPassword }).toString(),
  });
}

/** The problems the reset page lists after a post (its error list; the script's copy of all texts is not counted). */
export function resetPageErrors(html: string): string[] {
  const list = /<ul id="error-list">([\s\S]*?)<\/ul>/.exec(html);
  if (!list) throw new Error('e2eKit: the reset page has no error list');
  return Array.from((list[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g), (m) => m[1] ?? '');
}

/**
 * The real app as startBot builds it, but logging at debug level into `lines`, so a test can
 * check that no personal data reaches the operator's log (startBot's logger is silent).
 */
export async function startBotWithLog(engine?: Promise<FaqEngine>): Promise<{ bot: RunningBot; lines: string[] }> {
  const { logger, lines } = captureLogger();
  const bot = await startBot({}, engine, logger);
  await bot.app.ready;
  return { bot, lines };
}
