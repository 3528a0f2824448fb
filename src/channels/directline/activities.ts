import { randomUUID } from 'node:crypto';
import type { Conversation } from './conversationStore';
import { isRecord } from '../../unknownValues';

/** The channel id Azure's Direct Line uses; the bot sees the same. */
export const DIRECTLINE_CHANNEL_ID = 'directline';
/** Longest user id accepted from a client. */
export const MAX_USER_ID_LENGTH = 128;
/** Activity types a client may post (Azure's Direct Line accepts these from clients too). */
export const CLIENT_ACTIVITY_TYPES = ['message', 'typing', 'event'] as const;

export interface ChannelAccountLike {
  readonly id: string;
  readonly name?: string;
  readonly role?: string;
}

/** Where the bot is and who it is, for the activities this channel builds. */
export interface BotIdentity {
  readonly id: string;
  readonly name: string;
}

export type ClientActivityCheck = { ok: true; activity: Record<string, unknown> } | { ok: false; error: string };

type Json = Record<string, unknown>;

/** A client-supplied user id we accept as is (the `dl_` prefix is reserved for ids the service binds). */
export function acceptableUserId(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_USER_ID_LENGTH && !value.startsWith('dl_');
}

/** The user on this conversation: the bound id, else the client's from.id, else the default. */
function userAccount(conversation: Conversation, from: unknown): ChannelAccountLike {
  const name = isRecord(from) && typeof from.name === 'string' ? from.name : undefined;
  const clientId = isRecord(from) ? from.id : undefined;
  const id = conversation.userId ?? (acceptableUserId(clientId) ? clientId : conversation.defaultUserId);
  return name === undefined ? { id, role: 'user' } : { id, name, role: 'user' };
}

/** The fields every activity sent to the bot carries, as Azure's Direct Line sets them. */
function envelope(conversation: Conversation, bot: BotIdentity, serviceUrl: string): Json {
  return {
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl,
    conversation: { id: conversation.id },
    recipient: { id: bot.id, name: bot.name, role: 'bot' },
    timestamp: new Date().toISOString(),
  };
}

/** The conversationUpdate sent when a conversation starts: both the bot and the user joined. */
export function conversationStartActivity(conversation: Conversation, bot: BotIdentity, serviceUrl: string): Json {
  const user: ChannelAccountLike = { id: conversation.userId ?? conversation.defaultUserId, role: 'user' };
  return {
    ...envelope(conversation, bot, serviceUrl),
    type: 'conversationUpdate',
    id: randomUUID(),
    from: user,
    membersAdded: [
      { id: bot.id, name: bot.name },
      { id: user.id },
    ],
    ...(conversation.locale ? { locale: conversation.locale } : {}),
  };
}

/**
 * Checks an activity a client posted and fills in what the service owns (id aside: the
 * store assigns it): channel, conversation, recipient, sender, time. Client fields such as
 * text, locale, channelData (Web Chat's clientActivityID) and entities pass through.
 */
export function clientActivity(body: unknown, conversation: Conversation, bot: BotIdentity, serviceUrl: string): ClientActivityCheck {
  if (!isRecord(body)) return { ok: false, error: 'directline: the activity must be a JSON object' };
  const type = body.type;
  if (typeof type !== 'string' || !CLIENT_ACTIVITY_TYPES.some((t) => t === type)) {
    return { ok: false, error: `directline: activity type must be one of ${CLIENT_ACTIVITY_TYPES.join(', ')}` };
  }
  if (body.text !== undefined && typeof body.text !== 'string') return { ok: false, error: 'directline: text must be a string' };
  const { id: _ignoredId, serviceUrl: _ignoredUrl, channelId: _ignoredChannel, ...rest } = body;
  return {
    ok: true,
    activity: {
      ...rest,
      ...envelope(conversation, bot, serviceUrl),
      from: userAccount(conversation, body.from),
      ...(typeof body.locale === 'string' ? {} : conversation.locale ? { locale: conversation.locale } : {}),
    },
  };
}

/**
 * What goes into the client's stream for an activity the bot sent: the bot's own fields, ours
 * on top. `replyToId` is the one the route named, when it is an activity of this conversation:
 * a proactive message (continueConversationAsync) "replies" to an id the bot made up, and Web
 * Chat would hold it back for seconds waiting for that activity.
 */
export function botActivity(body: unknown, conversation: Conversation, replyToId: string | undefined): ClientActivityCheck {
  if (!isRecord(body)) return { ok: false, error: 'directline: the activity must be a JSON object' };
  if (typeof body.type !== 'string' || body.type === '') return { ok: false, error: 'directline: the activity needs a type' };
  const { serviceUrl: _ignoredUrl, replyToId: _decidedByTheRoute, ...rest } = body;
  return {
    ok: true,
    activity: {
      ...rest,
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversation.id },
      timestamp: new Date().toISOString(),
      ...(replyToId !== undefined ? { replyToId } : {}),
    },
  };
}
