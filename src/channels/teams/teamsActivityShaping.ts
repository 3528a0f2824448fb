import { ActionTypes, ActivityTypes, CardFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import { isRecord } from '../../unknownValues';

/** Teams drops hero and thumbnail card buttons after the sixth without a word. */
export const TEAMS_MAX_CARD_BUTTONS = 6;
/** Teams shows only the first three suggested actions; a longer list becomes card buttons so nothing is hidden. */
export const TEAMS_MAX_SUGGESTED_ACTIONS = 3;
/** Highest Adaptive Card schema version every Teams client renders. */
export const TEAMS_MAX_ADAPTIVE_CARD_VERSION = '1.5';

/** Where a Teams conversation happens (activity.conversation.conversationType). */
export type TeamsScope = 'personal' | 'groupChat' | 'channel';

export interface TeamsShapingOptions {
  /** Most buttons on one hero or thumbnail card; more are split over further cards. Default TEAMS_MAX_CARD_BUTTONS. */
  maxCardButtons?: number;
  /** Most suggested actions kept as suggested actions in personal chat. Default TEAMS_MAX_SUGGESTED_ACTIONS. */
  maxSuggestedActions?: number;
  /** Adaptive Cards declaring a later version are declared as this one. Default TEAMS_MAX_ADAPTIVE_CARD_VERSION. */
  maxAdaptiveCardVersion?: string;
}

const HERO_CARD = CardFactory.contentTypes.heroCard;
const THUMBNAIL_CARD = CardFactory.contentTypes.thumbnailCard;
const ADAPTIVE_CARD = CardFactory.contentTypes.adaptiveCard;

/** Card action types Teams supports on cards (others are ignored by the client). */
const TEAMS_CARD_ACTIONS: ReadonlySet<string> = new Set([ActionTypes.OpenUrl, ActionTypes.MessageBack, ActionTypes.ImBack, 'invoke', ActionTypes.Signin]);

/** Options with defaults applied; throws for values that cannot work (a card needs room for one button). */
export function resolveShapingOptions(options: TeamsShapingOptions): Required<TeamsShapingOptions> {
  const resolved = {
    maxCardButtons: options.maxCardButtons ?? TEAMS_MAX_CARD_BUTTONS,
    maxSuggestedActions: options.maxSuggestedActions ?? TEAMS_MAX_SUGGESTED_ACTIONS,
    maxAdaptiveCardVersion: options.maxAdaptiveCardVersion ?? TEAMS_MAX_ADAPTIVE_CARD_VERSION,
  };
  if (!Number.isInteger(resolved.maxCardButtons) || resolved.maxCardButtons < 1) {
    throw new Error(`teamsActivityShaping: maxCardButtons must be a positive integer (got ${resolved.maxCardButtons})`);
  }
  if (!Number.isInteger(resolved.maxSuggestedActions) || resolved.maxSuggestedActions < 0) {
    throw new Error(`teamsActivityShaping: maxSuggestedActions must be a non-negative integer (got ${resolved.maxSuggestedActions})`);
  }
  if (!/^\d+\.\d+$/.test(resolved.maxAdaptiveCardVersion)) {
    throw new Error(`teamsActivityShaping: maxAdaptiveCardVersion must look like "1.5" (got "${resolved.maxAdaptiveCardVersion}")`);
  }
  return resolved;
}

/** The scope of the conversation an incoming Teams activity belongs to; unknown types are treated as shared. */
export function teamsScope(activity: Partial<Activity>): TeamsScope {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'personal';
  if (type === 'channel') return 'channel';
  return 'groupChat';
}

/**
 * Rewrites one outgoing activity so Teams shows everything it carries: suggested actions stay
 * only in personal chat, as imBack, and only when Teams would show them all; otherwise they
 * become hero card buttons. Cards are capped to what Teams renders. Returns a new activity.
 */
export function shapeForTeams(activity: Partial<Activity>, scope: TeamsScope, options: TeamsShapingOptions = {}): Partial<Activity> {
  if (activity.type !== undefined && activity.type !== ActivityTypes.Message) return activity;
  const { maxCardButtons, maxSuggestedActions: maxSuggested, maxAdaptiveCardVersion: maxVersion } = resolveShapingOptions(options);

  const shaped: Partial<Activity> = { ...activity };
  let attachments = (activity.attachments ?? []).flatMap((a) => capAttachment(a, maxCardButtons, maxVersion));
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length > 0) {
    const asImBack = actions.map(toImBack);
    if (scope === 'personal' && actions.length <= maxSuggested && asImBack.every((a): a is CardAction => a !== undefined)) {
      shaped.suggestedActions = { ...activity.suggestedActions, to: activity.suggestedActions?.to ?? [], actions: asImBack };
    } else {
      delete shaped.suggestedActions;
      attachments = [...attachments, ...buttonCards(actions.map(toCardButton), maxCardButtons)];
      shaped.attachmentLayout = activity.attachmentLayout ?? 'list';
    }
  }
  if (attachments.length > 0 || activity.attachments !== undefined) shaped.attachments = attachments;
  return shaped;
}

/** The imBack form of a message-like action; undefined for actions that cannot be one (openUrl…). */
function toImBack(action: CardAction): CardAction | undefined {
  if (action.type === ActionTypes.ImBack) return action;
  if (action.type === ActionTypes.MessageBack || action.type === ActionTypes.PostBack) {
    const text = action.text ?? (typeof action.value === 'string' ? action.value : undefined) ?? action.title;
    return { type: ActionTypes.ImBack, title: action.title, value: text };
  }
  return undefined;
}

/** postBack is not a Teams card action: it becomes the imBack it stands for. */
function toCardButton(action: CardAction): CardAction {
  if (TEAMS_CARD_ACTIONS.has(action.type)) return action;
  return toImBack(action) ?? action;
}

/** Button-only hero cards holding the buttons, at most `max` per card. */
function buttonCards(buttons: readonly CardAction[], max: number): Attachment[] {
  return chunk(buttons, max).map((part) => CardFactory.heroCard('', undefined, part));
}

/** A hero or thumbnail card with too many buttons is split; an Adaptive Card too new is declared at the cap. */
function capAttachment(attachment: Attachment, maxButtons: number, maxVersion: string): Attachment[] {
  const content: unknown = attachment.content;
  if (!isRecord(content)) return [attachment];
  if (attachment.contentType === HERO_CARD || attachment.contentType === THUMBNAIL_CARD) {
    const buttons = Array.isArray(content.buttons) ? (content.buttons as CardAction[]).map(toCardButton) : [];
    if (buttons.length <= maxButtons) return [buttons.length > 0 ? { ...attachment, content: { ...content, buttons } } : attachment];
    const [first = [], ...rest] = chunk(buttons, maxButtons);
    return [{ ...attachment, content: { ...content, buttons: first } }, ...buttonCards(rest.flat(), maxButtons)];
  }
  if (attachment.contentType === ADAPTIVE_CARD && typeof content.version === 'string' && compareVersions(content.version, maxVersion) > 0) {
    // Teams refuses to render a card that declares a newer version; declared at the cap, elements it
    // does not know fall back the way Adaptive Cards define (their `fallback`), so the rest still shows.
    return [{ ...attachment, content: { ...content, version: maxVersion } }];
  }
  return [attachment];
}

/** Compares dotted numeric versions ("1.6" > "1.5", "1.10" > "1.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

