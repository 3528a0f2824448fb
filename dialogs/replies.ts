import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import type { FlowName } from './domain';
import { messages } from './messages';
import type { FaqEntryView } from './ports';

/** Most related questions shown under an answer. */
export const MAX_RELATED_BUTTONS = 3;

/** A button that sends its own title back, the one kind every channel (Teams too) supports. */
export function imBack(title: string, value = title): CardAction {
  return { type: ActionTypes.ImBack, title, value };
}

function message(text: string, buttons: readonly CardAction[] = []): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message, text, textFormat: 'markdown', inputHint: 'acceptingInput' };
  if (buttons.length > 0) activity.suggestedActions = { actions: [...buttons], to: [] };
  return activity;
}

export function welcomeReply(): Partial<Activity> {
  return message(messages.welcome.text, messages.welcome.examples.map((q) => imBack(q)));
}

/** The button text that starts a guided flow (recognized by the root dialog). */
export function startFlowText(flow: FlowName): string {
  return messages.answer.startFlowButton(messages.flowTitles[flow]);
}

/** An answer: title, Markdown body, a button for the entry's flow, and related questions. */
export function answerReply(entry: FaqEntryView, related: readonly FaqEntryView[], flowAvailable: boolean): Partial<Activity> {
  const buttons: CardAction[] = [];
  if (entry.action && flowAvailable) buttons.push(imBack(startFlowText(entry.action)));
  for (const r of related.slice(0, MAX_RELATED_BUTTONS)) buttons.push(imBack(r.question));
  const reply = message(`${messages.answer.title(entry.question)}\n\n${entry.answer}`, buttons);
  reply.channelData = { madoguchi: { kind: 'answer', entryId: entry.id } };
  return reply;
}

export function clarifyReply(choices: readonly FaqEntryView[]): Partial<Activity> {
  const reply = message(messages.clarify.text, [...choices.map((c) => imBack(c.question)), imBack(messages.clarify.noneOfThese)]);
  reply.channelData = { madoguchi: { kind: 'clarify', choices: choices.map((c) => c.id) } };
  return reply;
}

/** Most candidates offered under a near-miss abstention. */
export const MAX_ABSTAIN_CANDIDATES = 3;

/**
 * A question this desk does not handle (weather, restaurants, Excel, Gmail): what it does
 * handle, as topic buttons; no advice to rephrase, which would not help.
 */
export function offTopicReply(): Partial<Activity> {
  const reply = message(messages.abstain.text, messages.abstain.topics.map((t) => imBack(t)));
  reply.channelData = { madoguchi: { kind: 'abstain-off-topic' } };
  return reply;
}

/**
 * A question about accounts the bot could not answer with confidence: the advice to rephrase,
 * and the best candidates as buttons (the topics when there are none).
 */
export function abstainReply(candidates: readonly FaqEntryView[] = []): Partial<Activity> {
  const shown = candidates.slice(0, MAX_ABSTAIN_CANDIDATES);
  const reply =
    shown.length > 0
      ? message(`${messages.abstain.nearMiss}\n\n${messages.abstain.candidatesIntro}`, shown.map((c) => imBack(c.question)))
      : message(`${messages.abstain.nearMiss}\n\n${messages.abstain.topicsIntro}`, messages.abstain.topics.map((t) => imBack(t)));
  reply.channelData = { madoguchi: { kind: 'abstain' } };
  return reply;
}

/**
 * A polite goodbye (「もう大丈夫です」, 「以上です」, or thanks that say it is solved: `resolved`);
 * marked so channels and tests can tell it from an abstention.
 */
export function closingReply(resolved = false): Partial<Activity> {
  const reply = message(resolved ? messages.closing.resolved : messages.closing.text);
  reply.channelData = { madoguchi: { kind: 'closing' } };
  return reply;
}

/** Where a pending handover stands (「まだかかりますか？」): its ticket number and what happens next. */
export function waitingReply(ticketId: string): Partial<Activity> {
  const reply = message(messages.handoff.waiting(ticketId));
  reply.channelData = { madoguchi: { kind: 'handoffWaiting', ticketId } };
  return reply;
}

export function textReply(text: string, buttons: readonly CardAction[] = []): Partial<Activity> {
  return message(text, buttons);
}
