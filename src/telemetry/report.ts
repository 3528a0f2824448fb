import type { FlowName } from '../../dialogs/domain';
import type { HandoffReason } from '../../dialogs/outcomes';
import { isHandoffReason, type EventRecord } from './eventLog';
import { groupSimilarQuestions, type QuestionGroup } from './questionGroups';

/** Knowledge gaps listed by default. */
export const DEFAULT_TOP_UNANSWERED = 10;

export interface FlowFigures {
  readonly flow: FlowName;
  readonly started: number;
  readonly completed: number;
  readonly abandoned: number;
  /** completed / started; null when never started. */
  readonly completionRate: number | null;
}

export interface EntryFigures {
  readonly entryId: string;
  readonly answers: number;
  readonly helpful: number;
  readonly notHelpful: number;
  /** helpful / (helpful + notHelpful); null without feedback. */
  readonly helpfulRatio: number | null;
}

/**
 * What the report reads of a handoff ticket (src/handoff/ticketStore.ts's HandoffTicket fits):
 * its number, when it was made, and the reason and opaque conversation of its context.
 */
export interface TicketFacts {
  readonly id: string;
  readonly createdAt: string;
  readonly context: { readonly reason: string; readonly conversation?: string };
}

/**
 * Deflection figures over the event log. Definitions:
 * - conversations: distinct conversations with at least one event.
 * - containment rate: conversations never handed over / conversations.
 * - conversations with a question: those with an answer, clarification, abstention, flow
 *   start or handover (asking for a person is a request too).
 * - deflected: conversations with a question that got an answer or completed a flow and
 *   were never handed over; deflection rate = deflected / conversations with a question.
 * - handoffs are the union of the `handedOver` events and the tickets in the range whose
 *   number no event carries: the ticket is stored before its event is written, so a crash in
 *   between (kill -9) leaves a ticket without an event. Such a ticket counts as a handover of
 *   its conversation (a question, handed over) under its reason, and is counted in
 *   handoffsRecoveredFromTickets.
 */
export interface DeflectionReport {
  readonly since?: string;
  readonly events: number;
  readonly conversations: number;
  readonly conversationsWithQuestion: number;
  readonly handedOver: number;
  readonly containmentRate: number | null;
  readonly deflected: number;
  readonly deflectionRate: number | null;
  readonly answers: number;
  readonly clarifications: number;
  readonly abstentions: number;
  readonly handoffsByReason: Readonly<Partial<Record<HandoffReason, number>>>;
  /** Handoffs known only from their ticket (no `handedOver` event carries its number), included in the figures above. */
  readonly handoffsRecoveredFromTickets: number;
  readonly flows: readonly FlowFigures[];
  readonly entries: readonly EntryFigures[];
  readonly unanswered: readonly QuestionGroup[];
}

export interface ReportOptions {
  /** Shown in the report; the caller filters records. */
  since?: Date;
  /** Knowledge-gap groups listed; default DEFAULT_TOP_UNANSWERED. */
  top?: number;
  /** Every handoff ticket (those created before `since` are left out here); default none. */
  tickets?: readonly TicketFacts[];
}

interface ConversationFacts {
  question: boolean;
  satisfied: boolean;
  handedOver: boolean;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function buildReport(records: readonly EventRecord[], options: ReportOptions = {}): DeflectionReport {
  const conversations = new Map<string, ConversationFacts>();
  const flows = new Map<FlowName, { started: number; completed: number; abandoned: number }>();
  const entries = new Map<string, { answers: number; helpful: number; notHelpful: number }>();
  const handoffsByReason: Partial<Record<HandoffReason, number>> = {};
  const unanswered: string[] = [];
  let answers = 0;
  let clarifications = 0;
  let abstentions = 0;

  const entry = (id: string) => entries.get(id) ?? (entries.set(id, { answers: 0, helpful: 0, notHelpful: 0 }).get(id) as { answers: number; helpful: number; notHelpful: number });
  const flow = (name: FlowName) => flows.get(name) ?? (flows.set(name, { started: 0, completed: 0, abandoned: 0 }).get(name) as { started: number; completed: number; abandoned: number });

  for (const { conversation, event } of records) {
    const facts = conversations.get(conversation) ?? { question: false, satisfied: false, handedOver: false };
    conversations.set(conversation, facts);
    switch (event.kind) {
      case 'answered':
        answers++;
        entry(event.entryId).answers++;
        facts.question = true;
        facts.satisfied = true;
        break;
      case 'clarified':
        clarifications++;
        facts.question = true;
        break;
      case 'abstained':
        abstentions++;
        unanswered.push(event.question);
        facts.question = true;
        break;
      case 'feedback':
        if (event.helpful) entry(event.entryId).helpful++;
        else entry(event.entryId).notHelpful++;
        break;
      case 'flowStarted':
        flow(event.flow).started++;
        facts.question = true;
        break;
      case 'flowCompleted':
        flow(event.flow).completed++;
        facts.satisfied = true;
        break;
      case 'flowAbandoned':
        flow(event.flow).abandoned++;
        break;
      case 'handedOver':
        handoffsByReason[event.reason] = (handoffsByReason[event.reason] ?? 0) + 1;
        facts.question = true;
        facts.handedOver = true;
        break;
    }
  }

  // The union with the tickets: a ticket in the range whose number no event carries is a handover
  // whose event was lost (its event is always written after it, so it is in the range too).
  const ticketsWithEvent = new Set<string>();
  // Events without a number (written before events carried one) match a ticket of the same conversation and reason, each once.
  const eventsWithoutNumber = new Map<string, number>();
  const unnumberedKey = (conversation: string | undefined, reason: string) => `${conversation ?? ''} ${reason}`;
  for (const { conversation, event } of records) {
    if (event.kind !== 'handedOver') continue;
    if (event.ticketId !== undefined) ticketsWithEvent.add(event.ticketId);
    else eventsWithoutNumber.set(unnumberedKey(conversation, event.reason), (eventsWithoutNumber.get(unnumberedKey(conversation, event.reason)) ?? 0) + 1);
  }
  const sinceMs = options.since?.getTime();
  let recovered = 0;
  for (const ticket of options.tickets ?? []) {
    if (ticketsWithEvent.has(ticket.id)) continue;
    if (sinceMs !== undefined && !(Date.parse(ticket.createdAt) >= sinceMs)) continue;
    const unnumbered = unnumberedKey(ticket.context.conversation, ticket.context.reason);
    const unnumberedLeft = eventsWithoutNumber.get(unnumbered) ?? 0;
    if (unnumberedLeft > 0) {
      eventsWithoutNumber.set(unnumbered, unnumberedLeft - 1);
      continue;
    }
    recovered++;
    const reason = ticket.context.reason;
    if (isHandoffReason(reason)) handoffsByReason[reason] = (handoffsByReason[reason] ?? 0) + 1;
    // Without a conversation id (an older ticket) it still counts as a conversation of its own.
    const key = ticket.context.conversation ?? `ticket:${ticket.id}`;
    const facts = conversations.get(key) ?? { question: false, satisfied: false, handedOver: false };
    conversations.set(key, facts);
    facts.question = true;
    facts.handedOver = true;
  }

  const all = [...conversations.values()];
  const handedOver = all.filter((c) => c.handedOver).length;
  const withQuestion = all.filter((c) => c.question).length;
  const deflected = all.filter((c) => c.question && c.satisfied && !c.handedOver).length;
  return {
    ...(options.since ? { since: options.since.toISOString() } : {}),
    events: records.length,
    conversations: all.length,
    conversationsWithQuestion: withQuestion,
    handedOver,
    containmentRate: ratio(all.length - handedOver, all.length),
    deflected,
    deflectionRate: ratio(deflected, withQuestion),
    answers,
    clarifications,
    abstentions,
    handoffsByReason,
    handoffsRecoveredFromTickets: recovered,
    flows: [...flows.entries()]
      .map(([name, f]) => ({ flow: name, ...f, completionRate: ratio(f.completed, f.started) }))
      .sort((a, b) => a.flow.localeCompare(b.flow)),
    entries: [...entries.entries()]
      .map(([entryId, e]) => ({ entryId, ...e, helpfulRatio: ratio(e.helpful, e.helpful + e.notHelpful) }))
      .sort((a, b) => b.answers - a.answers || a.entryId.localeCompare(b.entryId)),
    unanswered: groupSimilarQuestions(unanswered).slice(0, options.top ?? DEFAULT_TOP_UNANSWERED),
  };
}

const percent = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);

/** The report for people (English labels: it is an operator tool; questions stay as asked, redacted). */
export function formatReport(r: DeflectionReport): string[] {
  const lines = [
    `madoguchi report${r.since ? ` since ${r.since}` : ''} (${r.events} events)`,
    `conversations:              ${r.conversations}`,
    `  with a question:          ${r.conversationsWithQuestion}`,
    `  handed over:              ${r.handedOver}`,
    `containment rate:           ${percent(r.containmentRate)}  (not handed over / conversations)`,
    `deflection rate:            ${percent(r.deflectionRate)}  (${r.deflected} answered or flow completed, not handed over / ${r.conversationsWithQuestion} with a question)`,
    `answers / clarifications / abstentions: ${r.answers} / ${r.clarifications} / ${r.abstentions}`,
    `handoffs by reason:         ${Object.entries(r.handoffsByReason).map(([k, v]) => `${k}=${v}`).join(', ') || '-'}`,
    `  recovered from tickets:   ${r.handoffsRecoveredFromTickets}  (tickets with no handedOver event, e.g. after a crash; counted above)`,
    'flows:',
    ...(r.flows.length === 0 ? ['  (none)'] : r.flows.map((f) => `  ${f.flow.padEnd(16)} started ${f.started}, completed ${f.completed}, abandoned ${f.abandoned}, completion ${percent(f.completionRate)}`)),
    'answers by entry (helpful ratio):',
    ...(r.entries.length === 0 ? ['  (none)'] : r.entries.map((e) => `  ${e.entryId.padEnd(28)} answers ${e.answers}, helpful ${e.helpful}, not helpful ${e.notHelpful}, ratio ${percent(e.helpfulRatio)}`)),
    'top unanswered questions (knowledge gaps):',
    ...(r.unanswered.length === 0
      ? ['  (none)']
      : r.unanswered.map((g, i) => `  ${i + 1}. ×${g.count}  ${g.representative}${g.examples.length > 1 ? `  (also: ${g.examples.slice(1, 4).join(' / ')})` : ''}`)),
  ];
  return lines;
}
