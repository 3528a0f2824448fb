import { StateKeys } from '../ids';
import { maskAccount, redact, redactDeep, redactOwnText, redactRedactedAgain, type OwnTextOptions, type RedactOptions } from '../privacy/redact';
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

function now(): string {
  const ms = Date.now();
  if (ms !== lastInstant.ms) lastInstant = { ms, iso: new Date(ms).toISOString() };
  return lastInstant.iso;
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
  return { ...history, maskedAccount: maskAccount(account) };
}

/** Redacts the kept texts again with literals a flow marked sensitive during the turn. */
export function redactedAgain(history: ConversationHistory, options: RedactOptions): ConversationHistory {
  // The kept texts are redacted again at every turn that marks values (each field of the recovery
  // form). They were redacted when kept, so only the new literals can change them (redaction is
  // idempotent): a line without one is kept as it is, unless the caller brings its own name detector.
  const again = options.personNames === undefined ? (text: string) => redactRedactedAgain(text, options.sensitive ?? []) : (text: string) => redact(text, options);
  return {
    ...history,
    turns: history.turns.map((t) => (t.kind === 'user' || t.kind === 'bot' ? { ...t, text: again(t.text) } : t.kind === 'outcome' ? { ...t, event: redactDeep(t.event, options) } : t)),
  };
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
