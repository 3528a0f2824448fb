import { messages } from '../messages';
import type { HandoffReason, OutcomeEvent } from '../outcomes';
import type { ConversationHistory, HistoryTurn } from './conversationHistory';

/**
 * When to hand a conversation to a person: a pure state machine over the conversation
 * history, so every trigger is testable without a bot.
 *
 * - The user asks for a person (オペレーター, 担当者, 人と話したい, 電話したい…): hand over now.
 * - Automatic triggers (two abstentions in a row; "not helpful" then another miss; a flow
 *   failing for a reason the user cannot fix) never hand over by themselves: they OFFER a
 *   person. The first offer in a conversation comes with help (a clarifying step or the best
 *   candidates; `withHelp`). The user accepts (担当者と話す) or declines and carries on.
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
export const UNFIXABLE_FLOW_REASONS: readonly string[] = ['unavailable'];
/** flowAbandoned reason of a recovery request that could not be verified. */
export const NOT_VERIFIED_REASON = 'not-verified';

const PERSON_PATTERNS: readonly RegExp[] = [
  /オペレー(ター|タ)/,
  /担当(者|の(方|人|かた))/,
  /(人|ひと|人間|にんげん)(と|に)(話|はな|相談|代わ|かわ|替わ|つな|繋)/,
  /有人/,
  /電話(したい|をかけたい|で(相談|問い?合わせ|話|はな|聞|き|連絡)|窓口|サポート|相談)/,
  /(問い?合わせ|サポート)窓口/,
  /(スタッフ|係の(人|方)|サポートの(人|方)|窓口の(人|方))/,
  /\b(operator|agent|human|representative|real person)\b/,
];

const DECLINE_PATTERNS: readonly RegExp[] = [/^(いいえ|いや|結構です|大丈夫(です)?|けっこうです|続ける|つづける|このまま続ける|不要です|no)$/];

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s。、．，,.!?！？]+/g, '');
}

/** True when the user asks to talk to a person, in any of the usual ways. */
export function asksForPerson(text: string): boolean {
  const n = normalize(text);
  if (n === normalize(messages.handoff.offerButton)) return true;
  const spaced = text.normalize('NFKC').toLowerCase();
  return PERSON_PATTERNS.some((p) => p.test(n) || p.test(spaced));
}

/** True when the user declines an offer of a person. */
export function declinesOffer(text: string): boolean {
  const n = normalize(text);
  return n === normalize(messages.handoff.declineButton) || DECLINE_PATTERNS.some((p) => p.test(n));
}

/** Decides on a user message before it is routed (the history may already hold the message). */
export function decideOnMessage(history: ConversationHistory, text: string): HandoffDecision {
  const pending = pendingOffer(history);
  if (asksForPerson(text)) return { kind: 'handoff', reason: pending ?? 'user-request' };
  if (pending && declinesOffer(text)) return { kind: 'declined' };
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
  for (let i = history.turns.length - 1; i >= 0; i--) {
    const t = history.turns[i] as HistoryTurn;
    if (t.kind === 'offer') return t.reason;
    if (t.kind === 'declined' || t.kind === 'outcome') return undefined;
  }
  return undefined;
}

/** Outcomes since the last offer or handover: older evidence was already acted on. */
function evidence(history: ConversationHistory): OutcomeEvent[] {
  const out: OutcomeEvent[] = [];
  for (let i = history.turns.length - 1; i >= 0; i--) {
    const t = history.turns[i] as HistoryTurn;
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
  // Clarifications are neither a miss nor a success: they do not break a run of abstentions.
  let abstentions = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as OutcomeEvent;
    if (e.kind === 'abstained') abstentions++;
    else if (e.kind !== 'clarified') break;
  }
  if (abstentions >= ABSTENTIONS_BEFORE_OFFER) return 'repeated-abstention';
  // A success (helpful answer, completed flow) since the "not helpful" clears it.
  const lastSuccess = findLastIndex(events, (e) => (e.kind === 'feedback' && e.helpful) || e.kind === 'flowCompleted');
  const notHelpfulBefore = events.slice(lastSuccess + 1, -1).some((e) => e.kind === 'feedback' && !e.helpful);
  if (notHelpfulBefore) return 'not-helpful';
  return undefined;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}
