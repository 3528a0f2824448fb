import { ActivityTypes, EventFactory, HandoffEventNames, type Activity, type Transcript, type TurnContext } from 'botbuilder';
import { messages } from '../messages';
import type { ConversationHistory } from './conversationHistory';
import type { HandoffContext } from './handoffContext';

/**
 * The Bot Framework handoff protocol (handoff.initiate / handoff.status), plus Dynamics 365
 * Omnichannel's escalation convention as an option.
 *
 * The transcript attachment is what botbuilder's EventFactory produces: name 'Transcript',
 * contentType 'application/json', content `{ activities }`, which agent hubs implementing
 * the protocol parse. Its activities are rebuilt from the redacted history, never copied
 * from the raw conversation.
 */

/** Name EventFactory gives the transcript attachment. */
export const TRANSCRIPT_ATTACHMENT_NAME = 'Transcript';
/** Omnichannel command types carried in channelData.tags. */
export const OmnichannelCommands = { escalate: 'Escalate', endConversation: 'EndConversation' } as const;

export interface InitiationOptions {
  /** Also carry Omnichannel's Escalate tag (HANDOFF_OMNICHANNEL); default false. */
  omnichannel?: boolean;
  /** Ticket number to pass to the agent hub, when a provider gave one. */
  ticketId?: string;
}

/** The redacted turns of the history as message activities, for the transcript attachment. */
export function transcriptFromHistory(history: ConversationHistory, conversationId: string): Transcript {
  const activities = history.turns.flatMap((turn): Partial<Activity>[] => {
    if (turn.kind !== 'user' && turn.kind !== 'bot') return [];
    const role = turn.kind === 'user' ? 'user' : 'bot';
    return [{ type: ActivityTypes.Message, text: turn.text, timestamp: new Date(turn.at), from: { id: role, name: role, role }, conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' } }];
  });
  return { activities: activities as Activity[] };
}

/** Omnichannel context variables: flat, primitive values only (its routing rules read them). */
export function omnichannelContext(handoff: HandoffContext, ticketId?: string): Record<string, string> {
  return {
    madoguchiReason: handoff.reason,
    madoguchiSummary: handoff.summary,
    ...(ticketId !== undefined ? { madoguchiTicket: ticketId } : {}),
    ...(handoff.account !== undefined ? { madoguchiAccount: handoff.account } : {}),
  };
}

/** channelData for Omnichannel: `tags` holds the command as a JSON string, as its bot SDK sends it. */
export function omnichannelChannelData(type: (typeof OmnichannelCommands)[keyof typeof OmnichannelCommands], context: Record<string, string> = {}): { tags: string } {
  return { tags: JSON.stringify({ type, context }) };
}

/**
 * The handoff.initiate event (EventFactory.createHandoffInitiation) with the context as its
 * value and the redacted transcript attached; with `omnichannel`, also Omnichannel's tags.
 */
export function createHandoffInitiation(context: TurnContext, handoff: HandoffContext, transcript: Transcript, options: InitiationOptions = {}): Activity {
  const event = EventFactory.createHandoffInitiation(context, handoff, transcript);
  if (options.omnichannel) event.channelData = omnichannelChannelData(OmnichannelCommands.escalate, omnichannelContext(handoff, options.ticketId));
  return event;
}

/**
 * Omnichannel escalates on a MESSAGE carrying the tag (events are not shown to its agents):
 * this is the message to send alongside the event when HANDOFF_OMNICHANNEL=true.
 */
export function omnichannelEscalationMessage(text: string, handoff: HandoffContext, ticketId?: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, channelData: omnichannelChannelData(OmnichannelCommands.escalate, omnichannelContext(handoff, ticketId)) };
}

/** Omnichannel's EndConversation command, sent when the bot closes the conversation. */
export function omnichannelEndConversation(text: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, channelData: omnichannelChannelData(OmnichannelCommands.endConversation) };
}

export type HandoffState = 'accepted' | 'failed' | 'completed';

export type HandoffStatusResult =
  /** A status for the user; `botActive` is false while an agent has the conversation. */
  | { readonly ok: true; readonly state: HandoffState; readonly reply: string; readonly botActive: boolean }
  | { readonly ok: false; readonly reason: 'not-a-status' | 'unknown-state' };

/** True for an incoming handoff.status event. */
export function isHandoffStatus(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Event && activity.name === HandoffEventNames.HandoffStatus;
}

/**
 * Reads a handoff.status event: accepted (an agent took over: the bot stays quiet),
 * failed (the bot carries on), completed (the agent finished: the bot is back).
 */
export function readHandoffStatus(activity: Partial<Activity>): HandoffStatusResult {
  if (!isHandoffStatus(activity)) return { ok: false, reason: 'not-a-status' };
  const value = activity.value as { state?: unknown } | undefined;
  const state = typeof value?.state === 'string' ? value.state.toLowerCase() : undefined;
  switch (state) {
    case 'accepted':
      return { ok: true, state, reply: messages.handoff.status.accepted, botActive: false };
    case 'failed':
      return { ok: true, state, reply: messages.handoff.status.failed, botActive: true };
    case 'completed':
      return { ok: true, state, reply: messages.handoff.status.completed, botActive: true };
    default:
      return { ok: false, reason: 'unknown-state' };
  }
}
