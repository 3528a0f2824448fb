import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { opaqueConversationId } from '../privacy/opaqueId';
import { redactDeep } from '../privacy/redact';
import { messages } from '../messages';
import { noopOutcomeRecorder, type HandoffReason, type OutcomeEvent, type OutcomeRecorder } from '../outcomes';
import type { FaqEntryView } from '../ports';
import { textReply } from '../replies';
import { emptyHistory, lastAnswer, withDeclined, withOffer, withOutcome, type ConversationHistory } from './conversationHistory';
import type { FeedbackVerdict } from './feedback';
import { ALWAYS_AVAILABLE, type HandoffAvailability } from './handoffAvailability';
import { HandoffContextBuilder } from './handoffContext';
import { decideAfterOutcome, decideOnMessage, type HandoffDecision } from './handoffPolicy';
import type { HandoffProvider, HandoffSubmitted } from './handoffPort';
import { createHandoffInitiation, omnichannelEscalationMessage, readHandoffStatus, transcriptFromHistory, type HandoffStatusResult } from './handoffProtocol';
import { handoffOfferReply, notHelpfulReply } from './handoffReplies';
import { sensitiveValues } from './sensitiveValues';

export interface HandoffCoordinatorOptions {
  /** Where tickets go (ticket store or webhook). */
  provider: HandoffProvider;
  /** The conversation's history in conversation state (StateKeys.handoffHistory). */
  history: StatePropertyAccessor<ConversationHistory>;
  /** Measures outcomes; default: no-op. */
  recorder?: OutcomeRecorder;
  /** Builds the agent's context; default: one without entry titles. */
  contextBuilder?: HandoffContextBuilder;
  /** Follow Omnichannel's escalation convention (HANDOFF_OMNICHANNEL); default false. */
  omnichannel?: boolean;
  /** Send the handoff.initiate event (for an agent hub on the channel); default: on every channel but Teams. */
  protocolEvents?: boolean;
  /** Told when the channel refused the handoff.initiate event (the ticket is stored anyway); default: ignored. */
  onProtocolError?: (error: Error) => void;
  /** Whether a person reads tickets now (business hours, issue 8); default ALWAYS_AVAILABLE. */
  availability?: HandoffAvailability;
  /** The current time, for `availability`; default: the system clock. */
  now?: () => Date;
}

/** Channels with no agent hub speaking the handoff protocol: Teams answers an event activity with an error. */
export const CHANNELS_WITHOUT_HANDOFF_EVENTS: readonly string[] = ['msteams'];

/**
 * What the root dialog calls to measure, decide and hand over, so it keeps one line per
 * concern: `record` an outcome (event log, metrics, history, then the policy's decision),
 * `onMessage` before routing, `offer` / `decline` / `handOver` to act, and `onHandoffStatus`
 * for the agent hub's events.
 */
export class HandoffCoordinator {
  private readonly recorder: OutcomeRecorder;
  private readonly builder: HandoffContextBuilder;
  private readonly availability: HandoffAvailability;
  private readonly now: () => Date;

  constructor(private readonly options: HandoffCoordinatorOptions) {
    this.recorder = options.recorder ?? noopOutcomeRecorder;
    this.builder = options.contextBuilder ?? new HandoffContextBuilder();
    this.availability = options.availability ?? ALWAYS_AVAILABLE;
    this.now = options.now ?? (() => new Date());
  }

  async history(context: TurnContext): Promise<ConversationHistory> {
    return this.options.history.get(context, emptyHistory());
  }

  /**
   * Records an outcome everywhere and returns what the policy makes of it. The turn does not wait
   * for the event to be durable (issue 11): the event log commits it with the next batch (within
   * its flush interval, and on shutdown), and nothing the user sees depends on it. Waiting made
   * every answer wait for a batch's write and fdatasync, most of a turn's time. The one event a
   * reply depends on, the handover (its ticket number), is awaited: see handOver.
   */
  async record(context: TurnContext, event: OutcomeEvent): Promise<HandoffDecision> {
    const { recorded, durable } = this.persist(context, event);
    // Not awaited; a recorder that broke its promise never to reject must not crash the process either.
    durable.catch(() => undefined);
    return this.remember(context, recorded);
  }

  /**
   * Hands the outcome to the recorder and returns it as recorded, with the recorder's promise
   * (settled once the event is durable; a recorder never rejects, see OutcomeRecorder).
   */
  private persist(context: TurnContext, event: OutcomeEvent): { readonly recorded: OutcomeEvent; readonly durable: Promise<void> } {
    // Values a flow marked sensitive this turn are unknown to the recorder's own redaction.
    const safe = redactDeep(event, { sensitive: sensitiveValues(context) });
    return { recorded: safe, durable: this.recorder.record(conversationIdOf(context), safe) };
  }

  /** Adds a recorded outcome to the conversation's history and returns what the policy makes of it. */
  private async remember(context: TurnContext, recorded: OutcomeEvent): Promise<HandoffDecision> {
    const history = withOutcome(await this.history(context), recorded);
    await this.options.history.set(context, history);
    return decideAfterOutcome(history);
  }

  /** The policy's decision on a user message, before it is routed. */
  async onMessage(context: TurnContext, text: string): Promise<HandoffDecision> {
    return decideOnMessage(await this.history(context), text);
  }

  /**
   * A feedback button press on the last answer: records it, thanks for 役に立った; for
   * 役に立たなかった offers the next best entries and a person (or, when the policy says the
   * misses are enough, the handoff offer). Without an answer to rate it does nothing and says false.
   */
  async onFeedback(context: TurnContext, verdict: FeedbackVerdict, entry: (id: string) => FaqEntryView | undefined): Promise<boolean> {
    const answer = lastAnswer(await this.history(context));
    if (!answer) return false;
    const after = await this.record(context, { kind: 'feedback', entryId: answer.entryId, helpful: verdict === 'helpful' });
    const alternatives = answer.alternatives.map(entry).filter((e): e is FaqEntryView => e !== undefined);
    if (verdict === 'helpful') await context.sendActivity(textReply(messages.feedback.thanks));
    else if (after.kind === 'offer') await this.offer(context, after.reason, after.withHelp ? alternatives : []);
    else await context.sendActivity(notHelpfulReply(alternatives));
    return true;
  }

  /** True while an agent has the conversation (after handoff.status accepted): the bot stays quiet. */
  async withAgent(context: TurnContext): Promise<boolean> {
    return (await this.history(context)).withAgent === true;
  }

  /** Offers a person, with the best candidates first when `withHelp`; outside business hours, says when a person will read it. */
  async offer(context: TurnContext, reason: HandoffReason, candidates: readonly FaqEntryView[] = []): Promise<void> {
    await context.sendActivity(handoffOfferReply(reason, candidates, this.afterHours()));
    await this.options.history.set(context, withOffer(await this.history(context), reason));
  }

  /** The user declined the offer: say so and carry on. */
  async decline(context: TurnContext): Promise<void> {
    await context.sendActivity(textReply(messages.handoff.declined));
    await this.options.history.set(context, withDeclined(await this.history(context)));
  }

  /**
   * Hands the conversation over: stores the ticket, tells the user its number and what
   * happens next (outside business hours: from when a person will read it, instead of a
   * contact now), sends handoff.initiate (and Omnichannel's tag) for an agent hub, and
   * records the handover. When the ticket cannot be stored, the user is told to retry.
   */
  async handOver(context: TurnContext, reason: HandoffReason): Promise<HandoffSubmitted> {
    const history = await this.history(context);
    const handoff = this.builder.build(history, { reason, conversation: opaqueConversationId(conversationIdOf(context)), channel: context.activity.channelId });
    const result = await this.options.provider.submit(handoff);
    if (!result.ok) {
      await context.sendActivity(textReply(messages.handoff.unavailable));
      return result;
    }
    // Durable before the user sees the number (issue 11): a crash after this reply cannot leave a shown ticket without its event.
    const { recorded, durable } = this.persist(context, { kind: 'handedOver', reason, ticketId: result.ticketId });
    await durable;
    const afterHours = this.afterHours();
    const text = afterHours ? messages.handoff.afterHours.ticketCreated(result.ticketId, afterHours) : messages.handoff.ticketCreated(result.ticketId);
    await context.sendActivity(this.options.omnichannel ? omnichannelEscalationMessage(text, handoff, result.ticketId) : textReply(text));
    if (this.options.protocolEvents ?? !CHANNELS_WITHOUT_HANDOFF_EVENTS.includes(context.activity.channelId)) {
      const transcript = transcriptFromHistory(await this.history(context), handoff.conversation);
      try {
        await context.sendActivity(createHandoffInitiation(context, handoff, transcript, { omnichannel: this.options.omnichannel ?? false, ticketId: result.ticketId }));
      } catch (err) {
        // The ticket is stored and the user has its number: a channel refusing the event must not undo that.
        this.options.onProtocolError?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
    await this.remember(context, recorded);
    return result;
  }

  /** Nothing while a person reads tickets; otherwise the sentence saying from when one will (messages.handoff.afterHours.whenRead). */
  private afterHours(): string | undefined {
    const availability = this.availability.at(this.now());
    if (availability.open) return undefined;
    return messages.handoff.afterHours.whenRead(availability.opensAt ? messages.handoff.afterHours.opening(availability.opensAt) : undefined);
  }

  /** Handles an incoming handoff.status event: tells the user, and marks whether the bot is back. */
  async onHandoffStatus(context: TurnContext): Promise<HandoffStatusResult> {
    const status = readHandoffStatus(context.activity);
    if (!status.ok) return status;
    await context.sendActivity(textReply(status.reply));
    await this.options.history.set(context, { ...(await this.history(context)), withAgent: !status.botActive });
    return status;
  }
}

function conversationIdOf(context: TurnContext): string {
  return context.activity.conversation?.id ?? 'unknown';
}
