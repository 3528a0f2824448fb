import type { ConversationReference, Storage } from 'botbuilder';
import { z } from 'zod';
import type { RecoveryWatchList } from '../../dialogs/recoveryFollowUp';

/**
 * Conversations waiting for a recovery decision (issue 8), in the bot's Storage (the one the
 * conversation state uses), so a shared store serves every instance. One item per ticket under
 * a dedicated prefix, and an index item listing the tickets, because Storage cannot list keys.
 *
 * Only what delivery needs is kept: channel, service URL, conversation id (and its type and
 * tenant, which Teams needs), bot id, user id and locale. Never names, e-mail addresses,
 * AAD object ids or anything the user typed.
 */

/** Every key this store writes starts with this. */
export const RECOVERY_NOTICE_KEY_PREFIX = 'madoguchi/recoveryNotices/';
/** The item listing the pending tickets. */
export const RECOVERY_NOTICE_INDEX_KEY = `${RECOVERY_NOTICE_KEY_PREFIX}index`;
/** Most requests followed at once; beyond it remember() says false and nothing is promised to the user. */
export const DEFAULT_MAX_PENDING_NOTICES = 1_000;
/** Tries of one index update when another instance changed the index in between (eTag conflict). */
export const MAX_INDEX_WRITE_ATTEMPTS = 5;

const deliveryReferenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  locale: z.string().optional(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().optional(),
  }),
  bot: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
});

/** The part of a ConversationReference kept: what continueConversationAsync needs to reach the chat. */
export type DeliveryReference = z.infer<typeof deliveryReferenceSchema>;

const pendingNoticeSchema = z.object({
  ticketId: z.string().min(1),
  reference: deliveryReferenceSchema,
  /** ISO time the request was submitted (remembered). */
  rememberedAt: z.string(),
  /** Deliveries that failed so far. */
  failedDeliveries: z.number().int().min(0),
});

export type PendingNotice = z.infer<typeof pendingNoticeSchema>;

const indexSchema = z.object({ ticketIds: z.array(z.string()) });

/** What pending() read: the notices, and tickets whose stored item is missing or unreadable. */
export interface PendingRead {
  readonly notices: readonly PendingNotice[];
  readonly unreadable: readonly string[];
}

/**
 * The minimal reference, or undefined when the reference lacks what delivery needs. Fields are
 * copied one by one, so whatever else a channel puts in a reference is never stored.
 */
export function deliveryReference(reference: Partial<ConversationReference>): DeliveryReference | undefined {
  const c = reference.conversation;
  const parsed = deliveryReferenceSchema.safeParse({
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    ...(reference.locale ? { locale: reference.locale } : {}),
    conversation: {
      id: c?.id,
      ...(c?.conversationType ? { conversationType: c.conversationType } : {}),
      ...(typeof c?.isGroup === 'boolean' ? { isGroup: c.isGroup } : {}),
      ...(c?.tenantId ? { tenantId: c.tenantId } : {}),
    },
    bot: { id: reference.bot?.id },
    user: { id: reference.user?.id },
  });
  return parsed.success ? parsed.data : undefined;
}

/** Back to the shape continueConversationAsync takes (names are required by the type: left empty). */
export function toConversationReference(reference: DeliveryReference): Partial<ConversationReference> {
  const { conversation } = reference;
  return {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    ...(reference.locale ? { locale: reference.locale } : {}),
    conversation: {
      id: conversation.id,
      isGroup: conversation.isGroup ?? false,
      conversationType: conversation.conversationType ?? '',
      name: '',
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    },
    bot: { id: reference.bot.id, name: '' },
    user: { id: reference.user.id, name: '' },
  };
}

function noticeKey(ticketId: string): string {
  return `${RECOVERY_NOTICE_KEY_PREFIX}ticket/${encodeURIComponent(ticketId)}`;
}

export interface RecoveryNoticeStoreOptions {
  /** The bot's Storage (the conversation state's). */
  storage: Storage;
  /** Most requests followed at once (default DEFAULT_MAX_PENDING_NOTICES). */
  maxPending?: number;
  /** Current time in ms since the epoch (default Date.now). */
  now?: () => number;
}

/** Pending recovery notices, keyed by ticket id. */
export class RecoveryNoticeStore implements RecoveryWatchList {
  private readonly storage: Storage;
  private readonly maxPending: number;
  private readonly now: () => number;
  /** Index updates of this instance run one at a time; eTags guard against other instances. */
  private indexQueue: Promise<unknown> = Promise.resolve();

  constructor(options: RecoveryNoticeStoreOptions) {
    this.storage = options.storage;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_NOTICES;
    if (!Number.isInteger(this.maxPending) || this.maxPending < 1) throw new RangeError(`recoveryNoticeStore: maxPending must be a positive integer (got ${this.maxPending})`);
    this.now = options.now ?? Date.now;
  }

  /**
   * Remembers the conversation of a submitted request. False, with nothing stored, when the list
   * is full or the conversation cannot be reached later: a client that takes its replies in the
   * HTTP response only (deliveryMode expectReplies without a service URL) has no address to send
   * a notice to. That is how such clients work, not a fault, so no notice is promised and nothing
   * is logged as an error; a reference missing anything else still throws.
   */
  async remember(ticketId: string, reference: Partial<ConversationReference>): Promise<boolean> {
    if (!reference.serviceUrl) return false;
    const minimal = deliveryReference(reference);
    if (!minimal) throw new Error('recoveryNoticeStore: the conversation reference lacks a channel, service URL, conversation, bot or user id');
    const notice: PendingNotice = { ticketId, reference: minimal, rememberedAt: new Date(this.now()).toISOString(), failedDeliveries: 0 };
    // The item first: an index entry never points at nothing for long.
    await this.storage.write({ [noticeKey(ticketId)]: { ...notice, eTag: '*' } });
    const added = await this.updateIndex((ids) => (ids.includes(ticketId) ? ids : ids.length >= this.maxPending ? undefined : [...ids, ticketId]));
    if (!added) await this.storage.delete([noticeKey(ticketId)]);
    return added;
  }

  /** Every pending notice, oldest first. */
  async pending(): Promise<PendingRead> {
    const ids = (await this.readIndex()).ticketIds;
    if (ids.length === 0) return { notices: [], unreadable: [] };
    const items = await this.storage.read(ids.map(noticeKey));
    const notices: PendingNotice[] = [];
    const unreadable: string[] = [];
    for (const id of ids) {
      const parsed = pendingNoticeSchema.safeParse(items[noticeKey(id)]);
      if (parsed.success && parsed.data.ticketId === id) notices.push(parsed.data);
      else unreadable.push(id);
    }
    return { notices, unreadable };
  }

  /** Counts a failed delivery; returns the notice as stored now. */
  async recordFailedDelivery(notice: PendingNotice): Promise<PendingNotice> {
    const updated: PendingNotice = { ...notice, failedDeliveries: notice.failedDeliveries + 1 };
    await this.storage.write({ [noticeKey(notice.ticketId)]: { ...updated, eTag: '*' } });
    return updated;
  }

  /**
   * Takes a decided notice off the index before delivering it: with several instances watching
   * one store, only the one whose eTag-guarded index update removed it delivers (issue 11).
   * False when another instance took it first.
   */
  async claim(ticketId: string): Promise<boolean> {
    return this.updateIndex((ids) => (ids.includes(ticketId) ? ids.filter((id) => id !== ticketId) : undefined));
  }

  /** Puts a claimed notice back on the index: its delivery failed and is tried again at the next check. */
  async release(ticketId: string): Promise<void> {
    await this.updateIndex((ids) => (ids.includes(ticketId) ? ids : [...ids, ticketId]));
  }

  /** Stops following a ticket (delivered, dropped or unknown). */
  async forget(ticketId: string): Promise<void> {
    // The index first, so a crash in between leaves an orphan item, never a dangling entry.
    await this.updateIndex((ids) => (ids.includes(ticketId) ? ids.filter((id) => id !== ticketId) : ids));
    await this.storage.delete([noticeKey(ticketId)]);
  }

  private async readIndex(): Promise<{ ticketIds: string[]; eTag?: string }> {
    const raw: unknown = (await this.storage.read([RECOVERY_NOTICE_INDEX_KEY]))[RECOVERY_NOTICE_INDEX_KEY];
    if (raw === undefined) return { ticketIds: [] };
    const eTag = typeof raw === 'object' && raw !== null && 'eTag' in raw && typeof raw.eTag === 'string' ? raw.eTag : undefined;
    const parsed = indexSchema.safeParse(raw);
    // An unreadable index is replaced (its notices are lost) rather than blocking every request after it.
    return { ticketIds: parsed.success ? parsed.data.ticketIds : [], ...(eTag ? { eTag } : {}) };
  }

  /**
   * Applies `change` to the index (undefined: refuse, resolve false), retrying when another
   * instance wrote it in between. Serialized on this instance.
   */
  private updateIndex(change: (ids: readonly string[]) => readonly string[] | undefined): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      for (let attempt = 1; ; attempt++) {
        const index = await this.readIndex();
        const next = change(index.ticketIds);
        if (next === undefined) return false;
        if (next === index.ticketIds) return true;
        try {
          await this.storage.write({ [RECOVERY_NOTICE_INDEX_KEY]: { ticketIds: [...next], eTag: index.eTag ?? '*' } });
          return true;
        } catch (err) {
          if (attempt >= MAX_INDEX_WRITE_ATTEMPTS) throw err;
        }
      }
    };
    const result = this.indexQueue.then(run, run);
    this.indexQueue = result.catch(() => undefined);
    return result;
  }
}
