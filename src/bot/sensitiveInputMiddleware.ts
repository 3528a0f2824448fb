import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { messages } from '../../dialogs/messages';
import { textReply } from '../../dialogs/replies';
import { findSensitive, type SensitiveKind } from '../../dialogs/flows/sensitiveInput';

export interface SensitiveInputMiddlewareOptions {
  /** Called with the kind only (never the text) when a message is discarded, for logs and metrics. Default: nothing. */
  onDiscard?: (kind: SensitiveKind) => void;
}

/**
 * Keeps passwords and full card numbers out of the bot: a message that holds one has its
 * text replaced by a redacted form (so no later middleware, transcript or log sees it), the
 * user is told not to send such things, and the turn goes no further (no dialog, no state).
 * Register it FIRST on the adapter, before any transcript or logging middleware.
 */
export class SensitiveInputMiddleware implements Middleware {
  private readonly onDiscard: (kind: SensitiveKind) => void;

  constructor(options: SensitiveInputMiddlewareOptions = {}) {
    this.onDiscard = options.onDiscard ?? (() => undefined);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Message && typeof activity.text === 'string') {
      const found = findSensitive(activity.text, messages.sensitiveInput.redacted);
      if (found) {
        activity.text = found.redacted;
        this.onDiscard(found.kind);
        await context.sendActivity(textReply(messages.sensitiveInput.warning));
        return;
      }
    }
    await next();
  }
}
