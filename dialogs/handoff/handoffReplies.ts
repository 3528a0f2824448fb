import type { Activity } from 'botbuilder';
import { messages } from '../messages';
import type { HandoffReason } from '../outcomes';
import type { FaqEntryView } from '../ports';
import { imBack, textReply } from '../replies';

/** Most candidates offered before a person. */
export const MAX_OFFERED_CANDIDATES = 3;

/**
 * Offers a person; on the first offer, the best candidates come first (help before handoff).
 * `afterHours` (messages.handoff.afterHours.whenRead) says when a person will read the ticket
 * while nobody is there, so the user decides knowing it.
 */
export function handoffOfferReply(reason: HandoffReason, candidates: readonly FaqEntryView[] = [], afterHours?: string): Partial<Activity> {
  const shown = candidates.slice(0, MAX_OFFERED_CANDIDATES);
  const offer = afterHours ? `${messages.handoff.offer[reason]}\n\n${messages.handoff.afterHours.offerNote(afterHours)}` : messages.handoff.offer[reason];
  const text = shown.length > 0 ? `${offer}\n\n${messages.handoff.offerHelpIntro}` : offer;
  const reply = textReply(text, [...shown.map((c) => imBack(c.question)), imBack(messages.handoff.offerButton), imBack(messages.handoff.declineButton)]);
  reply.channelData = { madoguchi: { kind: 'handoffOffer', reason } };
  return reply;
}

/** After 役に立たなかった: the next best candidates, or a person. */
export function notHelpfulReply(candidates: readonly FaqEntryView[]): Partial<Activity> {
  const shown = candidates.slice(0, MAX_OFFERED_CANDIDATES);
  const text = shown.length > 0 ? messages.feedback.notHelpfulWithCandidates : messages.feedback.notHelpfulNoCandidates;
  return textReply(text, [...shown.map((c) => imBack(c.question)), imBack(messages.handoff.offerButton)]);
}
