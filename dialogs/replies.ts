import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import { messages, type FlowName } from './messages';
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

export function abstainReply(): Partial<Activity> {
  const reply = message(messages.abstain.text, messages.abstain.topics.map((t) => imBack(t)));
  reply.channelData = { madoguchi: { kind: 'abstain' } };
  return reply;
}

export function textReply(text: string, buttons: readonly CardAction[] = []): Partial<Activity> {
  return message(text, buttons);
}
