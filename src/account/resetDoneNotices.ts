import { TurnContext } from 'botbuilder';
import type { ResetFollowUp } from '../../dialogs/ports';
import { messages } from '../../dialogs/messages';
import { textReply } from '../../dialogs/replies';
import type { Logger } from '../logger';
import { deliveryReference, toConversationReference, type DeliveryReference } from '../recoveryNotices/recoveryNoticeStore';
import type { ProactiveAdapter } from '../recoveryNotices/recoveryStatusWatcher';
import { DEFAULT_RESET_LINK_TTL_MS } from './demoAccountAdapter';
import { errorMessage } from '../errors';

/** Most reset links followed at once (each is short-lived): the oldest is forgotten beyond. */
export const DEFAULT_MAX_FOLLOWED_LINKS = 1_000;

export interface ResetDoneNoticesOptions {
  /** Sends into the conversation where the link was issued (the app's CloudAdapter). */
  adapter: ProactiveAdapter;
  /** The bot's Microsoft App ID for continueConversationAsync; '' in anonymous mode. */
  botAppId: string;
  logger: Logger;
  /** How long a link is followed, in ms (default DEFAULT_RESET_LINK_TTL_MS, the link's own lifetime). */
  ttlMs?: number;
  /** Most links followed at once (default DEFAULT_MAX_FOLLOWED_LINKS). */
  maxLinks?: number;
  /** Current time in ms since the epoch (default Date.now). */
  now?: () => number;
}

/**
 * After the demo reset page changes the password, the chat where the link was issued says what
 * to do next (a proactive message). The link's token is the key; only the minimal delivery
 * reference is kept (no names, nothing the user typed), in memory, for the link's lifetime.
 */
export class ResetDoneNotices implements ResetFollowUp {
  private readonly links = new Map<string, { readonly reference: DeliveryReference; readonly expiresAt: number }>();
  private readonly log: Logger;
  private readonly ttlMs: number;
  private readonly maxLinks: number;
  private readonly now: () => number;

  constructor(private readonly options: ResetDoneNoticesOptions) {
    this.log = options.logger.child({ component: 'resetDoneNotices' });
    this.ttlMs = options.ttlMs ?? DEFAULT_RESET_LINK_TTL_MS;
    this.maxLinks = options.maxLinks ?? DEFAULT_MAX_FOLLOWED_LINKS;
    this.now = options.now ?? Date.now;
  }

  async linkIssued(context: TurnContext, url: string): Promise<void> {
    const token = tokenOf(url);
    const reference = deliveryReference(TurnContext.getConversationReference(context.activity));
    if (!token || !reference) return;
    this.forgetExpired();
    // Map keeps insertion order: the first key is the oldest link.
    if (this.links.size >= this.maxLinks) this.links.delete(this.links.keys().next().value ?? '');
    this.links.set(token, { reference, expiresAt: this.now() + this.ttlMs });
  }

  /** The password was changed with the link `token`: tell the chat, once. */
  async passwordChanged(token: string): Promise<void> {
    const link = this.links.get(token);
    this.links.delete(token);
    if (!link || link.expiresAt < this.now()) return;
    try {
      await this.options.adapter.continueConversationAsync(this.options.botAppId, toConversationReference(link.reference), async (context) => {
        await context.sendActivity(textReply(messages.passwordReset.changed));
      });
    } catch (err) {
      // The password is changed and the page said so: a chat that cannot be reached changes nothing.
      this.log.warn({ err: { message: errorMessage(err) } }, 'resetDoneNotices: could not tell the chat that the password was changed');
    }
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, link] of this.links) if (link.expiresAt < now) this.links.delete(token);
  }
}

/** The token at the end of a reset link (…/demo/reset/<token>). */
function tokenOf(url: string): string | undefined {
  try {
    return new URL(url).pathname.split('/').filter((p) => p !== '').pop();
  } catch {
    return undefined;
  }
}
