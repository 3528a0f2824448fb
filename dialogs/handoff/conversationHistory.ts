import { StateKeys } from '../ids';
import { maskAccount, redact, redactDeep, redactOwnText, redactorRedactedAgain, type OwnTextOptions, type RedactOptions } from '../privacy/redact';
import { isFixedText } from '../fixedTexts';
import type { HandoffReason, OutcomeEvent } from '../outcomes';

/** Most turns kept per conversation: enough for an agent's summary, small enough for conversation state. */
export const MAX_HISTORY_TURNS = 40;

/** One remembered turn. Text is redacted before it is stored. */
export type HistoryTurn =
  | { readonly kind: 'user'; readonly at: string; readonly text: string }
  | { readonly kind: 'bot'; readonly at: string; readonly text: string }
  | { readonly kind: 'outcome'; readonly at: string; readonly event: OutcomeEvent }
  /** The bot offered a person (and help first); evidence for the next offer counts from here. */
  | { readonly kind: 'offer'; readonly at: string; readonly reason: HandoffReason }
  /** The user declined the offer and carries on with the bot. */
  | { readonly kind: 'declined'; readonly at: string };

/**
 * What the root dialog keeps per conversation (in conversation state) for the handoff
 * policy and the agent's summary: a bounded list of turns, and the account identifier in
 * masked form only. JSON-serializable.
 */
export interface ConversationHistory {
  readonly turns: readonly HistoryTurn[];
  /** The account the user gave in a flow, masked (t***@example.com). */
  readonly maskedAccount?: string;
  /** True between handoff.status accepted and completed/failed: an agent has the conversation. */
  readonly withAgent?: boolean;
}

export const HISTORY_STATE_KEY = StateKeys.handoffHistory;

export function emptyHistory(): ConversationHistory {
  return { turns: [] };
}

function append(history: ConversationHistory, turn: HistoryTurn, max = MAX_HISTORY_TURNS): ConversationHistory {
  const turns = [...history.turns, turn];
  return { ...history, turns: turns.length > max ? turns.slice(turns.length - max) : turns };
}

/** The last instant formatted: a turn appends several entries within one millisecond, and formatting a Date is not free. */
let lastInstant: { readonly ms: number; readonly iso: string } = { ms: Number.NaN, iso: '' };
/** The last second formatted (2026-01-31T10:00:00.), which the milliseconds are appended to: turns running at once seldom share a millisecond, but nearly always a second. */
let lastSecond: { readonly ms: number; readonly prefix: string } = { ms: Number.NaN, prefix: '' };

/** `new Date(ms).toISOString()` for an instant of years 1970 to 9999 (the clock's), cheaper when the second was formatted before. */
export function isoInstant(ms: number): string {
  if (ms === lastInstant.ms) return lastInstant.iso;
  const millis = ms % 1000;
  const second = ms - millis;
  if (second !== lastSecond.ms) lastSecond = { ms: second, prefix: new Date(second).toISOString().slice(0, 20) };
  lastInstant = { ms, iso: `${lastSecond.prefix}${String(millis).padStart(3, '0')}Z` };
  return lastInstant.iso;
}

function now(): string {
  return isoInstant(Date.now());
}

export function withUserText(history: ConversationHistory, text: string, options: RedactOptions = {}, at = now()): ConversationHistory {
  // A button pressed or a fixed word typed (役に立った, 送信する) is the bot's own text: the same
  // result as redact, through the memo (see fixedTexts.ts). Anything else is read in full.
  const fixed = options.sensitive === undefined && options.personNames === undefined && isFixedText(text);
  return append(history, { kind: 'user', at, text: fixed ? redactOwnText(text, { fixedMessage: true }) : redact(text, options) });
}

/**
 * The bot's own texts repeat all day (answers, prompts), so they are redacted through the
 * redaction memo: the same text as `redact` gives, without the dictionary for a repeat.
 * `options.fromKnowledgeBase` says the text is a knowledge-base answer (see redactOwnText).
 */
export function withBotText(history: ConversationHistory, text: string, at = now(), options: OwnTextOptions = {}): ConversationHistory {
  return append(history, { kind: 'bot', at, text: redactOwnText(text, options) });
}

export function withOutcome(history: ConversationHistory, event: OutcomeEvent, at = now()): ConversationHistory {
  return append(history, { kind: 'outcome', at, event: redactDeep(event) });
}

export function withOffer(history: ConversationHistory, reason: HandoffReason, at = now()): ConversationHistory {
  return append(history, { kind: 'offer', at, reason });
}

export function withDeclined(history: ConversationHistory, at = now()): ConversationHistory {
  return append(history, { kind: 'declined', at });
}

/** Remembers the account identifier, masked: the clear value is never stored. */
export function withAccount(history: ConversationHistory, account: string): ConversationHistory {
  const maskedAccount = maskAccount(account);
  // The same object when nothing changes, so the caller can tell there is nothing to save.
  return history.maskedAccount === maskedAccount ? history : { ...history, maskedAccount };
}

/** Redacts the kept texts again with literals a flow marked sensitive during the turn; the same object when that changes nothing. */
export function redactedAgain(history: ConversationHistory, options: RedactOptions): ConversationHistory {
  // The kept texts are redacted again at every turn that marks values (each field of the recovery
  // form). They were redacted when kept, so only the new literals can change them (redaction is
  // idempotent): a line without one is kept as it is, unless the caller brings its own name detector.
  const again = options.personNames === undefined ? redactorRedactedAgain(options.sensitive ?? []) : (text: string) => redact(text, options);
  // A turn that does not change is kept as it was, and the history itself when no turn changes: the
  // caller then knows there is nothing to save (most turns that mark values change no kept line).
  let changed = false;
  const turns = history.turns.map((t): HistoryTurn => {
    if (t.kind === 'user' || t.kind === 'bot') {
      const text = again(t.text);
      if (text === t.text) return t;
      changed = true;
      return { ...t, text };
    }
    if (t.kind === 'outcome') {
      const event = redactDeep(t.event, options);
      if (sameValue(event, t.event)) return t;
      changed = true;
      return { ...t, event };
    }
    return t;
  });
  return changed ? { ...history, turns } : history;
}

/** Deep equality of JSON-like values (outcome events): cheaper than comparing their JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = Object.entries(a);
  const right: Record<string, unknown> = { ...b };
  return left.length === Object.keys(right).length && left.every(([k, v]) => k in right && sameValue(v, right[k]));
}

/** The most recent answer (entry and next best entries), for a feedback button press. */
export function lastAnswer(history: ConversationHistory): { readonly entryId: string; readonly alternatives: readonly string[] } | undefined {
  for (let i = history.turns.length - 1; i >= 0; i--) {
    const t = history.turns[i];
    if (t?.kind === 'outcome' && t.event.kind === 'answered') return { entryId: t.event.entryId, alternatives: t.event.alternatives ?? [] };
  }
  return undefined;
}

/** The entry of the most recent answer, for a feedback button press. */
export function lastAnsweredEntry(history: ConversationHistory): string | undefined {
  return lastAnswer(history)?.entryId;
}
