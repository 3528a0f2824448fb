import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { messages } from '../../dialogs/messages';
import type { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { DEMO_ACCOUNTS } from '../../src/account/demoFixture';
import { TICKET_ID_PATTERN } from '../../src/handoff/ticketStore';
import type { FaqEngine } from '../../src/search/faqEngine';
import { ExpectRepliesClient, startBot, type RunningBot } from '../support/botServer';
import { readOutbox, type OutboxEntry } from './e2eKit';

/**
 * Whole conversations written the way people type (test/fixtures/conversations*.jsonl), run
 * through the real app over HTTP, each judged on the outcome a person came for. Codes and
 * request numbers are read from GET /demo/outbox; the demo adapter object is read only to
 * check an outcome (the lifted block), never for codes.
 */

// ---- the fixture format ----------------------------------------------------------------

const outcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('reset-link') }),
  z.strictObject({ kind: z.literal('code-sent'), to: z.string().min(1) }),
  z.strictObject({ kind: z.literal('unblocked'), account: z.string().min(1) }),
  z.strictObject({ kind: z.literal('recovery-submitted') }),
  z.strictObject({ kind: z.literal('recovery-status') }),
  z.strictObject({ kind: z.literal('ticket') }),
  z.strictObject({ kind: z.literal('faq'), entry: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an entry id (kebab-case)') }),
  z.strictObject({ kind: z.literal('closing') }),
]);

/** The placeholders a turn may hold; anything else in braces is a typo in the fixture. */
export const PLACEHOLDERS = ['{code}', '{request}'] as const;

export const conversationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
  style: z.string().min(1),
  turns: z
    .array(
      z
        .string()
        .min(1)
        .refine((t) => t.trim() !== '', 'a turn must not be blank')
        .refine((t) => (t.match(/\{[^{}]*\}/g) ?? []).every((p) => (PLACEHOLDERS as readonly string[]).includes(p)), `the only placeholders are ${PLACEHOLDERS.join(' and ')}`),
    )
    .min(1),
  outcome: outcomeSchema,
});

export type ConversationCase = z.infer<typeof conversationSchema>;
export type Outcome = ConversationCase['outcome'];
export type OutcomeKind = Outcome['kind'];
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['reset-link', 'code-sent', 'unblocked', 'recovery-submitted', 'recovery-status', 'ticket', 'faq', 'closing'];

/** A conversation with where it was written, so a report can name the file and the line. */
export interface LoadedCase extends ConversationCase {
  /** The fixture file's name (conversations.jsonl, conversations-blind.jsonl). */
  readonly file: string;
  readonly line: number;
}

/** Reads one fixture file: well-formed lines become cases, the others `problems` ("file:line: what"). */
export function loadConversationFile(file: string): { cases: LoadedCase[]; problems: string[] } {
  const name = path.basename(file);
  const cases: LoadedCase[] = [];
  const problems: string[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      if (text.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        problems.push(`${name}:${line}: not JSON (${(error as Error).message})`);
        return;
      }
      const parsed = conversationSchema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'} ${i.message}`).join('; ');
        problems.push(`${name}:${line}: ${issues}`);
        return;
      }
      cases.push({ ...parsed.data, file: name, line });
    });
  return { cases, problems };
}

/** Ids must be unique across all files: a result is recorded and reported by id. */
export function duplicateIds(cases: readonly LoadedCase[]): string[] {
  const first = new Map<string, LoadedCase>();
  const problems: string[] = [];
  for (const c of cases) {
    const earlier = first.get(c.id);
    if (earlier) problems.push(`${c.file}:${c.line}: id "${c.id}" is already used at ${earlier.file}:${earlier.line}`);
    else first.set(c.id, c);
  }
  return problems;
}

// ---- bots --------------------------------------------------------------------------------

/** Conversations one bot serves before a fresh one is started, so each starts from the README's accounts. */
export const CONVERSATIONS_PER_BOT = 3;

/**
 * Hands out bots that share one FAQ engine. A fresh bot (a fresh demo account service) is
 * started every CONVERSATIONS_PER_BOT conversations, so the demo's per-account rate limit
 * never trips, and whenever a demo account is no longer as seeded (hanako unblocked), so
 * every conversation starts from the README's accounts.
 */
export class BotPool {
  private bot: RunningBot | undefined;
  private served = 0;

  constructor(private readonly engine: Promise<FaqEngine>) {}

  async next(): Promise<{ bot: RunningBot; demo: DemoAccountAdapter }> {
    // CONVERSATIONS_ONE_BOT=1: one bot for the whole set, as a runner against `npm start` would see it
    // (the limits' defaults must let a scripted run through).
    const oneBot = process.env.CONVERSATIONS_ONE_BOT === '1';
    if (!this.bot || (!oneBot && (this.served >= CONVERSATIONS_PER_BOT || !asSeeded(demoOf(this.bot))))) {
      await this.close();
      // No equalizing sleep in the demo (flows.e2e checks that it is there): these conversations are
      // about what the bot understands, and 100 ms per account call was half of this file's time.
      const bot = await startBot({}, this.engine, undefined, { demo: { minLatencyMs: 0 } });
      await bot.app.ready;
      this.bot = bot;
    }
    this.served += 1;
    return { bot: this.bot, demo: demoOf(this.bot) };
  }

  async close(): Promise<void> {
    const bot = this.bot;
    this.bot = undefined;
    this.served = 0;
    await bot?.close();
  }
}

function demoOf(bot: RunningBot): DemoAccountAdapter {
  const account = bot.app.account;
  if (account.kind !== 'demo') throw new Error('conversationKit: the demo account adapter is expected (ACCOUNT_ADAPTER=demo, the default)');
  return account.demo;
}

function asSeeded(demo: DemoAccountAdapter): boolean {
  return DEMO_ACCOUNTS.every((seed) => demo.accountState(seed.id) === seed.state);
}

// ---- running one conversation --------------------------------------------------------------

/** One user turn as sent (placeholders substituted) and the raw activities that came back. */
export interface RunTurn {
  /** As written in the fixture. */
  readonly written: string;
  /** As sent. */
  readonly sent: string;
  readonly status: number;
  readonly activities: readonly Partial<Activity>[];
}

export interface ConversationRun {
  readonly botUrl: string;
  readonly join: { readonly status: number; readonly activities: readonly Partial<Activity>[] };
  readonly turns: readonly RunTurn[];
  /** Why the run stopped before the last turn (a placeholder with nothing to fill it, a network error). */
  readonly stopped?: string;
  /** What the demo sent during the conversation, newest first. */
  readonly outbox: readonly OutboxEntry[];
  /** Demo account states when the conversation started and ended. */
  readonly statesBefore: ReadonlyMap<string, string | undefined>;
  readonly statesAfter: ReadonlyMap<string, string | undefined>;
}

function states(demo: DemoAccountAdapter, accounts: readonly string[]): Map<string, string | undefined> {
  return new Map(accounts.map((a) => [a, demo.accountState(a)]));
}

/** Messages sent since `seen` messages were in the outbox (it is newest first, far below its capacity here). */
async function outboxSince(bot: RunningBot, seen: number): Promise<OutboxEntry[]> {
  const all = await readOutbox(bot);
  return all.slice(0, Math.max(0, all.length - seen));
}

/** Fills {code} and {request} from what the demo sent since the conversation started; `missing` says what could not be filled. */
function substitute(turn: string, sent: readonly OutboxEntry[]): { text: string } | { missing: string } {
  let text = turn;
  if (text.includes('{code}')) {
    const code = sent.find((m) => m.code !== undefined && /^\d{6}$/.test(m.code))?.code;
    if (code === undefined) return { missing: '{code}: the demo has sent no 6-digit code in this conversation' };
    text = text.split('{code}').join(code);
  }
  if (text.includes('{request}')) {
    const request = sent.find((m) => m.kind === 'recovery-received' && m.ticketId !== undefined)?.ticketId;
    if (request === undefined) return { missing: '{request}: the demo has received no recovery request in this conversation' };
    text = text.split('{request}').join(request);
  }
  return { text };
}

/**
 * Runs one conversation as a channel would: a new conversation id, the join
 * (conversationUpdate), then every turn in order with placeholders filled just before
 * sending. Stops early only when a placeholder cannot be filled or the HTTP call fails.
 */
export async function runConversation(bot: RunningBot, demo: DemoAccountAdapter, c: ConversationCase): Promise<ConversationRun> {
  const accounts = DEMO_ACCOUNTS.map((a) => a.id);
  if (c.outcome.kind === 'unblocked' && !accounts.includes(c.outcome.account)) accounts.push(c.outcome.account);
  const statesBefore = states(demo, accounts);
  const seen = (await readOutbox(bot)).length;
  const client = new ExpectRepliesClient(bot.url);
  const turns: RunTurn[] = [];
  let stopped: string | undefined;
  const join = await client.send({ type: 'conversationUpdate', membersAdded: [{ id: 'madoguchi-bot', name: 'マドグチ' }, { id: 'user-1', name: 'ユーザー' }] });
  for (const [index, written] of c.turns.entries()) {
    const filled = substitute(written, await outboxSince(bot, seen));
    if ('missing' in filled) {
      stopped = `turn ${index + 1} 「${written}」: ${filled.missing}`;
      break;
    }
    try {
      const { status, activities } = await client.send({ type: 'message', text: filled.text });
      turns.push({ written, sent: filled.text, status, activities });
    } catch (error) {
      stopped = `turn ${index + 1} 「${filled.text}」: the POST failed (${(error as Error).message})`;
      turns.push({ written, sent: filled.text, status: 0, activities: [] });
      break;
    }
  }
  return { botUrl: bot.url, join, turns, stopped, outbox: await outboxSince(bot, seen), statesBefore, statesAfter: states(demo, accounts) };
}

// ---- reading replies -------------------------------------------------------------------------

const markerSchema = z.looseObject({ madoguchi: z.looseObject({ kind: z.string().optional(), entryId: z.string().optional() }) });

/** channelData.madoguchi of a reply, when it has one. */
export function marker(activity: Partial<Activity>): { kind?: string; entryId?: string } | undefined {
  const parsed = markerSchema.safeParse(activity.channelData);
  return parsed.success ? parsed.data.madoguchi : undefined;
}

const cardSchema = z.looseObject({
  title: z.string().optional(),
  text: z.string().optional(),
  buttons: z.array(z.looseObject({ type: z.string(), title: z.string().optional(), value: z.unknown() })).optional(),
});

function cards(activity: Partial<Activity>): z.infer<typeof cardSchema>[] {
  return (activity.attachments ?? []).flatMap((a) => {
    const parsed = cardSchema.safeParse(a.content ?? {});
    return parsed.success ? [parsed.data] : [];
  });
}

function buttonTitles(activity: Partial<Activity>): string[] {
  return [...(activity.suggestedActions?.actions ?? []).map((a) => String(a.title)), ...cards(activity).flatMap((c) => (c.buttons ?? []).map((b) => b.title ?? ''))];
}

/** Every string of a reply a person can see (text, buttons, cards), and the values buttons send. */
export function visibleStrings(activity: Partial<Activity>): string[] {
  const out: string[] = [];
  if (typeof activity.text === 'string') out.push(activity.text);
  if (typeof activity.speak === 'string') out.push(activity.speak);
  for (const a of activity.suggestedActions?.actions ?? []) out.push(String(a.title), String(a.value));
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const attachment of activity.attachments ?? []) walk(attachment.content);
  return out;
}

function messagesOf(activities: readonly Partial<Activity>[]): Partial<Activity>[] {
  return activities.filter((a) => a.type === 'message');
}

const HANDOFF_OFFER_TEXTS: readonly string[] = [messages.handoff.offer['repeated-abstention'], messages.handoff.offer['not-helpful'], messages.handoff.offer['flow-failure']];

/** An offer to hand over (not a handover): a marker saying so, the decline button, or an offer text. */
export function isHandoffOffer(activity: Partial<Activity>): boolean {
  const kind = marker(activity)?.kind ?? '';
  if (/offer/i.test(kind)) return true;
  if (buttonTitles(activity).includes(messages.handoff.declineButton)) return true;
  const text = activity.text ?? '';
  return HANDOFF_OFFER_TEXTS.some((t) => text.includes(t));
}

// ---- checks every conversation must pass -------------------------------------------------------

/** A reply that says the turn crashed: the turn-error text, 'Error', or a stack frame. */
const ERROR_SIGNS: readonly { readonly what: string; readonly test: (s: string) => boolean }[] = [
  { what: 'the turn-error apology', test: (s) => s.includes(messages.turnError) },
  { what: "'Error'", test: (s) => s.includes('Error') },
  { what: 'a stack trace', test: (s) => /\bat\s+(?:\S+\s+)?\(?(?:file:\/\/|\/|node:)[^\s)]*:\d+:\d+\)?/.test(s) },
];

/** Ids the bot legitimately shows that have letters, digits and symbols. */
const KNOWN_IDS: readonly RegExp[] = [/^RR-[A-Z0-9]{8}$/, TICKET_ID_PATTERN, /^[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}$/i];

/**
 * A token that looks like a password: 8 to 64 characters without spaces, letters and digits,
 * and upper and lower case or a symbol (the seed's strong-password kinds); not an address, a
 * URL, or an id the bot shows on purpose.
 */
export function passwordLikeTokens(text: string): string[] {
  const withoutUrls = text.replace(/https?:\/\/\S+/g, ' ').replace(/\*\*/g, ' ');
  return withoutUrls
    .split(/[\s、。，,「」『』（）()【】［］[\]:：!！?？]+/)
    .filter((t) => t.length >= 8 && t.length <= 64)
    .filter((t) => !t.includes('@'))
    .filter((t) => /[A-Za-z]/.test(t) && /\d/.test(t) && ((/[a-z]/.test(t) && /[A-Z]/.test(t)) || /[!-/:-@[-`{-~]/.test(t)))
    .filter((t) => !KNOWN_IDS.some((re) => re.test(t)));
}

const ASKS_FOR_PASSWORD = 'パスワードを入力してください';
const RATE_LIMITED = messages.flow.rateLimited(60).split('。')[0] ?? '';

/** What must never happen in any conversation, whatever it understood: one line per problem, empty when fine. */
export function hardProblems(run: ConversationRun): string[] {
  const problems: string[] = [];
  if (run.join.status !== 200) problems.push(`the join (conversationUpdate) got HTTP ${run.join.status}`);
  const all: { label: string; activities: readonly Partial<Activity>[] }[] = [{ label: 'the join', activities: run.join.activities }];
  run.turns.forEach((t, i) => {
    if (t.status !== 200) problems.push(`turn ${i + 1} 「${t.sent}」 got HTTP ${t.status}`);
    all.push({ label: `turn ${i + 1} 「${t.sent}」`, activities: t.activities });
  });
  if (run.stopped?.includes('the POST failed')) problems.push(run.stopped);
  for (const { label, activities } of all) {
    // What the person sees: messages. (The handoff event carries ids and times for the agent's system.)
    for (const activity of messagesOf(activities)) {
      const strings = visibleStrings(activity);
      for (const sign of ERROR_SIGNS) if (strings.some(sign.test)) problems.push(`a reply to ${label} shows ${sign.what}`);
      const tokens = strings.flatMap(passwordLikeTokens);
      if (tokens.length > 0) problems.push(`a reply to ${label} shows a password-looking token: ${tokens.join(', ')}`);
      if (strings.some((s) => s.includes(ASKS_FOR_PASSWORD))) problems.push(`a reply to ${label} asks for a password (「${ASKS_FOR_PASSWORD}」)`);
      if (RATE_LIMITED !== '' && strings.some((s) => s.includes(RATE_LIMITED))) {
        problems.push(`a reply to ${label} says the demo rate limit tripped: the runner must start fresh bots more often (CONVERSATIONS_PER_BOT)`);
      }
    }
  }
  return problems;
}

// ---- judging the outcome -----------------------------------------------------------------------

export interface Verdict {
  readonly reached: boolean;
  /** Why not (or what was seen), for the report. */
  readonly detail: string;
}

const CODE_KINDS: readonly OutboxEntry['kind'][] = ['security-code', 'authenticator-code', 'unblock-code', 'recovery-contact-code'];
const STATUS_TEXTS: readonly string[] = Object.values(messages.recoveryStatus.status);
const TICKET_IN_TEXT = new RegExp(TICKET_ID_PATTERN.source.replace(/^\^|\$$/g, ''));

function hasResetLink(activity: Partial<Activity>, botUrl: string): boolean {
  const link = new RegExp(`^${botUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/demo/reset/[A-Za-z0-9_-]+$`);
  return cards(activity).some((card) => (card.buttons ?? []).some((b) => b.type === 'openUrl' && typeof b.value === 'string' && link.test(b.value)));
}

/** Whether the conversation reached the outcome its fixture names. */
export function judge(run: ConversationRun, outcome: Outcome): Verdict {
  if (run.stopped) return { reached: false, detail: `stopped at ${run.stopped}` };
  const replies = run.turns.map((t) => messagesOf(t.activities));
  const all = replies.flat();
  const last = replies[replies.length - 1] ?? [];
  const texts = (activities: readonly Partial<Activity>[]) => activities.map((a) => a.text ?? '');
  switch (outcome.kind) {
    case 'reset-link':
      return all.some((a) => hasResetLink(a, run.botUrl)) ? { reached: true, detail: 'a reset link card' } : { reached: false, detail: 'no reply carried a reset-link card (openUrl to /demo/reset/…)' };
    case 'code-sent': {
      const codes = run.outbox.filter((m) => CODE_KINDS.includes(m.kind));
      return codes.some((m) => m.to === outcome.to)
        ? { reached: true, detail: `a code to ${outcome.to}` }
        : { reached: false, detail: `no code was sent to ${outcome.to} (sent: ${codes.map((m) => `${m.kind}→${m.to}`).join(', ') || 'nothing'})` };
    }
    case 'unblocked': {
      const before = run.statesBefore.get(outcome.account);
      const after = run.statesAfter.get(outcome.account);
      if (before !== 'blocked') return { reached: false, detail: `${outcome.account} was ${before ?? 'unknown'} at the start, not blocked: the fixture or the runner is wrong` };
      return after === 'active' ? { reached: true, detail: `${outcome.account} unblocked` } : { reached: false, detail: `${outcome.account} is still ${after ?? 'unknown'}` };
    }
    case 'recovery-submitted': {
      const ids = run.outbox.filter((m) => m.kind === 'recovery-received').map((m) => m.ticketId ?? '');
      if (ids.length === 0) return { reached: false, detail: 'no recovery request was received by the demo' };
      return ids.some((id) => texts(all).some((t) => t.includes(id)))
        ? { reached: true, detail: `request ${ids.join(', ')}` }
        : { reached: false, detail: `request ${ids.join(', ')} was received but no reply told its number` };
    }
    case 'recovery-status': {
      const ids = run.outbox.filter((m) => m.kind === 'recovery-received').map((m) => m.ticketId ?? '');
      if (ids.length === 0) return { reached: false, detail: 'no recovery request was submitted, so no status could follow' };
      const told = replies.findIndex((r) => ids.some((id) => texts(r).some((t) => t.includes(id))));
      if (told < 0) return { reached: false, detail: `request ${ids.join(', ')} was received but no reply told its number` };
      const later = replies.slice(told + 1).flat();
      return texts(later).some((t) => STATUS_TEXTS.some((s) => t.includes(s)))
        ? { reached: true, detail: 'a status after the submission' }
        : { reached: false, detail: `no reply after turn ${told + 1} (the submission) stated the request's status` };
    }
    case 'ticket':
      return texts(all).some((t) => TICKET_IN_TEXT.test(t)) ? { reached: true, detail: 'a handoff ticket number' } : { reached: false, detail: 'no reply gave a handoff ticket number (MDG-…)' };
    case 'faq': {
      const answered = last.map((a) => marker(a)?.entryId).filter((id): id is string => id !== undefined);
      if (answered.includes(outcome.entry)) return { reached: true, detail: `answered ${outcome.entry}` };
      const kinds = last.map((a) => marker(a)?.kind).filter((k): k is string => k !== undefined);
      return { reached: false, detail: `the last turn was not answered with ${outcome.entry} (answers: ${answered.join(', ') || 'none'}; markers: ${kinds.join(', ') || 'none'})` };
    }
    case 'closing': {
      const kinds = last.map((a) => marker(a)?.kind ?? '');
      if (!kinds.includes('closing')) return { reached: false, detail: `the last turn got no closing reply (markers: ${kinds.filter(Boolean).join(', ') || 'none'})` };
      if (kinds.some((k) => k.startsWith('abstain'))) return { reached: false, detail: 'the closing came with an abstention' };
      if (last.some(isHandoffOffer)) return { reached: false, detail: 'the closing came with a handoff offer' };
      return { reached: true, detail: 'closed' };
    }
  }
}

// ---- reporting -------------------------------------------------------------------------------

function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'code-sent':
      return `code-sent to ${outcome.to}`;
    case 'unblocked':
      return `unblocked ${outcome.account}`;
    case 'faq':
      return `faq ${outcome.entry}`;
    default:
      return outcome.kind;
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => (i === 0 ? l : `${prefix}${l}`))
    .join('\n');
}

function describeReply(activity: Partial<Activity>): string {
  const tags: string[] = [];
  const m = marker(activity);
  if (m?.kind) tags.push(m.entryId ? `${m.kind}:${m.entryId}` : m.kind);
  if (activity.type !== 'message') return `(${activity.type}${activity.name ? ` ${activity.name}` : ''})`;
  const buttons = buttonTitles(activity);
  const cardLines = cards(activity).flatMap((c) => [c.title, c.text, ...(c.buttons ?? []).map((b) => `<${b.type} ${b.title ?? ''}${b.type === 'openUrl' ? ` ${String(b.value)}` : ''}>`)].filter((s): s is string => !!s));
  const parts = [activity.text ?? '', ...cardLines];
  if (buttons.length > 0) parts.push(`[${buttons.join('] [')}]`);
  return `${tags.length > 0 ? `{${tags.join(' ')}} ` : ''}${parts.filter((p) => p !== '').join('\n')}`;
}

/** The whole conversation, readable: user lines, bot texts (with their markers and buttons), what the demo sent. */
export function formatTranscript(c: LoadedCase, run: ConversationRun): string {
  const lines = [`── ${c.id} (${c.file}:${c.line}, ${c.style}) expected: ${describeOutcome(c.outcome)}`];
  const bot = '    マドグチ> ';
  const pad = ' '.repeat(bot.length);
  for (const a of run.join.activities) lines.push(`${bot}${indent(describeReply(a), pad)}`);
  run.turns.forEach((t, i) => {
    lines.push(`${String(i + 1).padStart(2)} あなた>   ${t.sent}${t.sent !== t.written ? `   (written ${t.written})` : ''}${t.status !== 200 ? `   → HTTP ${t.status}` : ''}`);
    for (const a of t.activities) lines.push(`${bot}${indent(describeReply(a), pad)}`);
  });
  if (run.stopped) lines.push(`   (stopped: ${run.stopped})`);
  const sent = [...run.outbox].reverse().map((m) => `${m.kind}→${m.to}${m.code ? ` ${m.code}` : ''}${m.ticketId ? ` ${m.ticketId}` : ''}`);
  lines.push(`   demo outbox: ${sent.join('; ') || 'nothing'}`);
  return lines.join('\n');
}

/** Replies that mean the bot did not take what the user typed (a step asked again, a refusal). */
const REPROMPTS: readonly string[] = [
  ...Object.values(messages.flowInputs),
  messages.verification.methodExpected,
  messages.verification.contactExpected,
  messages.verification.expectedEmail,
  messages.verification.expectedPhone,
  messages.recovery.confirmExpected,
  messages.flow.retryExpected,
  messages.flow.tooManyTries,
];

/**
 * A hint for the report, not a verdict: the first turn whose replies show the bot did not
 * follow (an abstention, a clarification, a handoff offer, a step asked again, or the same
 * answer as the turn before, so the conversation did not move on).
 */
export function firstTrouble(run: ConversationRun): string | undefined {
  let previous: string[] = [];
  for (const [i, t] of run.turns.entries()) {
    const replies = messagesOf(t.activities);
    const kinds = replies.map((a) => marker(a)?.kind ?? '');
    const answered = replies.map((a) => marker(a)?.entryId).filter((id): id is string => id !== undefined);
    const sign =
      kinds.find((k) => k.startsWith('abstain') || k === 'clarify') ??
      (replies.some(isHandoffOffer) ? 'handoff offer' : undefined) ??
      (replies.some((a) => REPROMPTS.some((r) => (a.text ?? '').startsWith(r))) ? 'step asked again' : undefined) ??
      (answered.length > 0 && answered.every((id) => previous.includes(id)) ? `the same answer again (${answered.join(', ')})` : undefined);
    if (sign) return `turn ${i + 1} 「${t.sent}」 → ${sign}`;
    previous = answered;
  }
  return undefined;
}

export interface CaseResult {
  readonly c: LoadedCase;
  readonly verdict: Verdict;
  readonly hard: readonly string[];
  readonly transcript: string;
  /** firstTrouble's hint, when the outcome was missed. */
  readonly trouble?: string;
}

function share(n: number, of: number): string {
  return of === 0 ? '–' : `${Math.round((100 * n) / of)}%`;
}

/** One line per outcome kind and overall, and per file; then one line per miss. */
export function summarize(results: readonly CaseResult[]): string[] {
  const reached = results.filter((r) => r.verdict.reached).length;
  const kinds = OUTCOME_KINDS.flatMap((kind) => {
    const of = results.filter((r) => r.c.outcome.kind === kind);
    return of.length === 0 ? [] : [`${kind} ${of.filter((r) => r.verdict.reached).length}/${of.length}`];
  });
  const files = [...new Set(results.map((r) => r.c.file))].map((file) => {
    const of = results.filter((r) => r.c.file === file);
    const ok = of.filter((r) => r.verdict.reached).length;
    return `${file} ${ok}/${of.length} (${share(ok, of.length)})`;
  });
  const lines = [`conversations: ${reached}/${results.length} reached their outcome (${share(reached, results.length)}) — ${kinds.join(', ')}`, `  by file: ${files.join(', ')}`];
  for (const kind of OUTCOME_KINDS) {
    const of = results.filter((r) => r.c.outcome.kind === kind);
    if (of.length > 0) lines.push(`  ${kind.padEnd(19)} ${String(of.filter((r) => r.verdict.reached).length).padStart(3)}/${String(of.length).padEnd(3)} ${share(of.filter((r) => r.verdict.reached).length, of.length)}`);
  }
  const misses = results.filter((r) => !r.verdict.reached);
  if (misses.length > 0) {
    lines.push(`  missed (${misses.length}); set CONVERSATION_TRANSCRIPTS=1 to print their transcripts (=all for every conversation):`);
    for (const r of misses) {
      lines.push(`    ✗ ${r.c.id} (${r.c.file}:${r.c.line}, ${describeOutcome(r.c.outcome)}): ${r.verdict.detail}${r.trouble ? `; first sign of trouble: ${r.trouble}` : ''}`);
    }
  }
  return lines;
}
