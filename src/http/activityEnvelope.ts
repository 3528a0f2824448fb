import { z } from 'zod';
import { messages } from '../../dialogs/messages';
import { isRecord } from '../unknownValues';

/**
 * What /api/messages accepts, checked at the edge before CloudAdapter or the bot sees the
 * body (issue 10): every field the adapter, the Teams middleware or the bot reads has the type
 * they assume, and every string and list is bounded, so a malformed activity is a 400 naming its
 * fields, never a 500 and never an exception inside the turn. Fields nobody reads pass through.
 */

/** Longest id accepted (activity, conversation, from, recipient, members): Teams' longest ids, personal conversation ids `a:1…`, are a few hundred characters. */
export const MAX_ID_LENGTH = 512;
/** Longest short name accepted (type, channelId, name, locale, deliveryMode, display names…). */
export const MAX_NAME_LENGTH = 256;
/** Longest serviceUrl accepted. */
export const MAX_SERVICE_URL_LENGTH = 2_048;
/**
 * Longest message text accepted, in characters. The analyzer reads only the first 1,000
 * (longer messages get the 「最初の部分だけ読みました」 reply), so this only bounds the work
 * and what the redaction and the history see; Teams itself caps a message at about 28 KB.
 */
export const MAX_TEXT_LENGTH = 10_000;
/** Largest `value` (card submits, invoke and event payloads) accepted, as UTF-8 JSON bytes. */
export const MAX_VALUE_BYTES = 16 * 1024;
/** Most members in one membersAdded or membersRemoved (channels send one or two). */
export const MAX_MEMBERS = 256;
/** Most attachments in one activity. */
export const MAX_ATTACHMENTS = 64;
/** Most entities in one activity (mentions, client capabilities, places…). */
export const MAX_ENTITIES = 64;
/** Most fields named in one 400: the rest are counted, so a body of 10,000 bad members stays a short answer. */
export const MAX_REPORTED_FIELDS = 10;

/** The delivery modes of the Bot Framework schema. */
const DELIVERY_MODES = ['normal', 'notification', 'expectReplies', 'ephemeral'] as const;

const id = z.string().min(1).max(MAX_ID_LENGTH);
const shortName = z.string().max(MAX_NAME_LENGTH);

/** A ChannelAccount: the id is what the bot compares (welcome, mentions); a display name, when given, is text. */
const account = z.looseObject({ id, name: shortName.optional(), role: shortName.optional() });

/** serviceUrl is where replies are POSTed: an http(s) URL, nothing else. */
const serviceUrl = z
  .string()
  .min(1)
  .max(MAX_SERVICE_URL_LENGTH)
  .refine((url) => {
    try {
      const { protocol } = new URL(url);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  });

/**
 * An entity: TurnContext.getMentions calls `type.toLowerCase()` on each, and removing the bot's
 * @mention reads `mentioned.id` of every mention, so both must be there.
 */
const entity = z.looseObject({ type: shortName.min(1) }).superRefine((e, ctx) => {
  if (e.type.toLowerCase() !== 'mention') return;
  const mentioned = (e as { mentioned?: unknown }).mentioned;
  const mentionedId = typeof mentioned === 'object' && mentioned !== null ? (mentioned as { id?: unknown }).id : undefined;
  if (typeof mentionedId !== 'string') ctx.addIssue({ code: 'custom', path: ['mentioned', 'id'], message: 'a mention names who is mentioned' });
  const text = (e as { text?: unknown }).text;
  if (text !== undefined && typeof text !== 'string') ctx.addIssue({ code: 'custom', path: ['text'], message: 'a mention text is a string' });
});

/** Invoke names botbuilder's ActivityHandler handles itself (Action.Execute cards and search). */
const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
const SEARCH_INVOKE = 'application/search';

/** Size of a JSON value once serialized, in UTF-8 bytes; nesting too deep to serialize counts as too large. */
function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * What a request to /api/messages must hold for the bot to answer it: the activity's type, the
 * channel and the conversation (conversation state is kept per channel and conversation), who
 * sent it, and where replies go (serviceUrl) unless they come back in the response
 * (deliveryMode expectReplies); and, when present, every other field the bot or the adapter
 * reads, with the type they read it as. Anything else is a 400 naming the fields, never a turn error.
 */
export const activityEnvelopeSchema = z
  .looseObject({
    type: shortName.min(1),
    channelId: shortName.min(1),
    conversation: z.looseObject({ id, conversationType: shortName.optional(), name: shortName.optional() }),
    from: account,
    recipient: account.optional(),
    id: id.optional(),
    serviceUrl: serviceUrl.optional(),
    deliveryMode: z.enum(DELIVERY_MODES).optional(),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    name: shortName.optional(),
    locale: shortName.optional(),
    membersAdded: z.array(account).max(MAX_MEMBERS).optional(),
    membersRemoved: z.array(account).max(MAX_MEMBERS).optional(),
    attachments: z.array(z.looseObject({ contentType: shortName.optional() })).max(MAX_ATTACHMENTS).optional(),
    entities: z.array(entity).max(MAX_ENTITIES).optional(),
    channelData: z.looseObject({}).optional(),
    value: z.unknown().refine((v) => jsonBytes(v) <= MAX_VALUE_BYTES, { message: `at most ${MAX_VALUE_BYTES} bytes of JSON` }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.deliveryMode !== 'expectReplies' && a.serviceUrl === undefined) ctx.addIssue({ code: 'custom', path: ['serviceUrl'], message: 'required unless deliveryMode is expectReplies' });
    // The two invokes ActivityHandler answers itself read value.action.type and set value.kind
    // without checking that they can: a value of another shape would throw inside the turn.
    if (a.type === 'invoke' && (a.name === ADAPTIVE_CARD_ACTION || a.name === SEARCH_INVOKE)) {
      if (!isRecord(a.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `an object for ${a.name}` });
      else if (a.name === ADAPTIVE_CARD_ACTION && !isRecord(a.value.action)) ctx.addIssue({ code: 'custom', path: ['value', 'action'], message: 'an object for adaptiveCard/action' });
    }
  });

/** Shown to whoever sent a request the bot cannot answer (a developer or a channel: Japanese first, as everywhere). */
export const BAD_ACTIVITY_MESSAGE = messages.httpErrors.badActivity;

/**
 * The fields of a request body that are missing or malformed, as dotted paths (`membersAdded.0.id`);
 * empty when it is a usable activity. Paths hold only schema keys and list positions, never a
 * value from the body, so they are safe to log and to send back.
 */
export function activityProblems(body: unknown): string[] {
  const parsed = activityEnvelopeSchema.safeParse(body);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => (i.path.length > 0 ? i.path.map(String).join('.') : '(body)')))];
}

/** The fields for a 400 and its log line: at most MAX_REPORTED_FIELDS, then how many more. */
export function describeProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_REPORTED_FIELDS).join(', ');
  return problems.length > MAX_REPORTED_FIELDS ? `${shown} and ${problems.length - MAX_REPORTED_FIELDS} more` : shown;
}
