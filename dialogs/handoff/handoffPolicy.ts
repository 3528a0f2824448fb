import { messages } from '../messages';
import { recognizeYesNo, type AnswerVerb } from '../understanding/answers';
import { asksForPerson } from '../understanding/intents';
import { wordKey } from '../understanding/normalize';
import type { FlowAbandonReason } from '../domain';
import type { HandoffReason, OutcomeEvent } from '../outcomes';
import type { ConversationHistory } from './conversationHistory';

/**
 * When to hand a conversation to a person: a pure state machine over the conversation
 * history, so every trigger is testable without a bot.
 *
 * - The user asks for a person (オペレーター, 担当者, 人と話したい, 電話したい…; the phrases are
 *   dialogs/understanding/intents.ts's): hand over now.
 * - Automatic triggers (two abstentions in a row; "not helpful" then another miss; a flow
 *   failing for a reason the user cannot fix) never hand over by themselves: they OFFER a
 *   person. The first offer in a conversation comes with help (a clarifying step or the best
 *   candidates; `withHelp`). The user accepts (担当者と話す, はい, ええ、つないでください) or declines
 *   (このまま続ける, いいえ, 大丈夫です) and carries on.
 * - It never loops: evidence is counted only after the last offer, so a declined offer is
 *   made again only on fresh evidence, and then without repeating the help already tried.
 */
export type HandoffDecision =
  | { readonly kind: 'continue' }
  | { readonly kind: 'offer'; readonly reason: HandoffReason; /** First offer: show a clarifying step or the best candidates too. */ readonly withHelp: boolean }
  | { readonly kind: 'handoff'; readonly reason: HandoffReason }
  /** The user declined a pending offer. */
  | { readonly kind: 'declined' };

/** Abstentions in a row that trigger an offer. */
export const ABSTENTIONS_BEFORE_OFFER = 2;
/** Failed recovery verifications that trigger an offer. */
export const NOT_VERIFIED_BEFORE_OFFER = 2;
/** flowAbandoned reasons the user cannot fix on their own. */
export const UNFIXABLE_FLOW_REASONS: readonly FlowAbandonReason[] = ['unavailable'];
/** flowAbandoned reason of a recovery request that could not be verified. */
export const NOT_VERIFIED_REASON = 'not-verified';

/** A reply to an offer of a person: the offer's own verbs (つないでください / 大丈夫です) beside はい / いいえ. */
export const OFFER_ANSWER: AnswerVerb = { yes: messages.handoff.acceptWords, no: messages.handoff.declineWords };

const DECLINE_KEYS: ReadonlySet<string> = new Set([messages.handoff.declineButton, ...messages.handoff.declineWords].map(wordKey));

/**
 * True when the user declines an offer of a person: the button, いいえ / いえ, 大丈夫です,
 * 結構です, このまま続ける… (「大丈夫です」 right after an offer is a decline, not a closing).
 */
export function declinesOffer(text: string): boolean {
  return DECLINE_KEYS.has(wordKey(text)) || recognizeYesNo(text, OFFER_ANSWER)?.kind === 'no';
}

/** True when the user accepts an offer of a person in words: はい, お願いします, ええ、つないでください. */
export function acceptsOffer(text: string): boolean {
  return wordKey(text) === wordKey(messages.handoff.offerButton) || recognizeYesNo(text, OFFER_ANSWER)?.kind === 'yes';
}

/** Kept here too: the flows and older callers ask the policy whether a message asks for a person. */
export { asksForPerson };

/** Decides on a user message before it is routed (the history may already hold the message). */
export function decideOnMessage(history: ConversationHistory, text: string): HandoffDecision {
  const pending = pendingOffer(history);
  if (asksForPerson(text)) return { kind: 'handoff', reason: pending ?? 'user-request' };
  if (pending && declinesOffer(text)) return { kind: 'declined' };
  if (pending && acceptsOffer(text)) return { kind: 'handoff', reason: pending };
  return { kind: 'continue' };
}

/** Decides after an outcome was appended to the history. */
export function decideAfterOutcome(history: ConversationHistory): HandoffDecision {
  const events = evidence(history);
  const reason = triggered(events);
  if (!reason) return { kind: 'continue' };
  return { kind: 'offer', reason, withHelp: !history.turns.some((t) => t.kind === 'offer') };
}

/** The reason of an offer still waiting for the user's answer. */
export function pendingOffer(history: ConversationHistory): HandoffReason | undefined {
  for (const t of history.turns.toReversed()) {
    if (t.kind === 'offer') return t.reason;
    if (t.kind === 'declined' || t.kind === 'outcome') return undefined;
  }
  return undefined;
}

/** Outcomes since the last offer or handover: older evidence was already acted on. */
function evidence(history: ConversationHistory): OutcomeEvent[] {
  const out: OutcomeEvent[] = [];
  for (const t of history.turns.toReversed()) {
    if (t.kind === 'offer') break;
    if (t.kind === 'outcome') {
      if (t.event.kind === 'handedOver') break;
      out.unshift(t.event);
    }
  }
  return out;
}

function triggered(events: readonly OutcomeEvent[]): HandoffReason | undefined {
  const last = events[events.length - 1];
  if (!last) return undefined;
  if (last.kind === 'flowAbandoned') {
    if (UNFIXABLE_FLOW_REASONS.includes(last.reason)) return 'flow-failure';
    const notVerified = events.filter((e) => e.kind === 'flowAbandoned' && e.reason === NOT_VERIFIED_REASON).length;
    if (notVerified >= NOT_VERIFIED_BEFORE_OFFER) return 'flow-failure';
    return undefined;
  }
  const isMiss = (e: OutcomeEvent) => e.kind === 'abstained' || (e.kind === 'feedback' && !e.helpful);
  if (!isMiss(last)) return undefined;
  // Clarifications do not break a run of abstentions. One followed by an abstention missed too:
  // none of its choices was the question (「表示名を変えたい」 → もしかして… → another miss).
  let abstentions = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.kind === 'abstained') abstentions++;
    else if (e?.kind === 'clarified') {
      if (events[i + 1]?.kind === 'abstained') abstentions++;
    } else break;
  }
  if (abstentions >= ABSTENTIONS_BEFORE_OFFER) return 'repeated-abstention';
  // A success (helpful answer, completed flow) since the "not helpful" clears it.
  const lastSuccess = events.findLastIndex((e) => (e.kind === 'feedback' && e.helpful) || e.kind === 'flowCompleted');
  const notHelpfulBefore = events.slice(lastSuccess + 1, -1).some((e) => e.kind === 'feedback' && !e.helpful);
  if (notHelpfulBefore) return 'not-helpful';
  return undefined;
}

