import type { Activity, CardAction } from 'botbuilder';
import { messages } from '../messages';
import { imBack } from '../replies';

export type FeedbackVerdict = 'helpful' | 'not-helpful';

/**
 * 役に立った / 役に立たなかった as imBack buttons: the press comes back as an ordinary
 * message with that text, which Teams, Web Chat and the Emulator all support.
 */
export function feedbackButtons(): CardAction[] {
  return [imBack(messages.feedback.helpful), imBack(messages.feedback.notHelpful)];
}

/** Adds the feedback buttons after the answer's own buttons (flow start, related questions). */
export function withFeedbackButtons(reply: Partial<Activity>): Partial<Activity> {
  const actions = [...(reply.suggestedActions?.actions ?? []), ...feedbackButtons()];
  return { ...reply, suggestedActions: { actions, to: reply.suggestedActions?.to ?? [] } };
}

/** The verdict a message carries, if it is a feedback button press (typed text too). */
export function recognizeFeedback(text: string): FeedbackVerdict | undefined {
  const key = text.normalize('NFKC').replace(/[\s。！!]+/g, '');
  if (key === messages.feedback.helpful) return 'helpful';
  if (key === messages.feedback.notHelpful) return 'not-helpful';
  return undefined;
}
