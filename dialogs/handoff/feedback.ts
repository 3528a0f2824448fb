import type { Activity, CardAction } from 'botbuilder';
import { messages } from '../messages';
import { imBack } from '../replies';
import { wordKey } from '../understanding/normalize';

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
  const key = wordKey(text);
  if (key === wordKey(messages.feedback.helpful)) return 'helpful';
  if (key === wordKey(messages.feedback.notHelpful)) return 'not-helpful';
  return undefined;
}

const HELPFUL_KEYS: ReadonlySet<string> = new Set(messages.feedback.helpfulWords.map(wordKey));
const NOT_HELPFUL_KEYS: ReadonlySet<string> = new Set(messages.feedback.notHelpfulWords.map(wordKey));
/** An acknowledgement or hesitation before the verdict (「はい、解決しました」, 「うーん、わかりにくい」). */
const LEADING = /^(?:はい|ええ|うん|いいえ|いえ|ううん|うーん|うーむ|えー|えっと|あー|んー|ん|まあ|やっぱり|やはり|結局|けっきょく)+/u;
/** Polite endings that change nothing (「難しいです」, 「だめでしたね」). */
const TRAILING = /(?:ですね|です|でした|ですよ|ね|よ|な|わ|ー|っ|…)+$/u;

/**
 * The verdict a typed reply gives the answer just shown: 解決しました / 助かった / わかりました
 * (helpful), だめでした / 解決しない / 役に立たない / わかりにくい / 難しい (not helpful). Only the
 * whole message counts, so 「難しい設定はどこ？」 is a question, not a verdict. The root reads it
 * right after an answer only; the buttons (recognizeFeedback) count at any time.
 */
export function recognizeFeedbackWords(text: string): FeedbackVerdict | undefined {
  const key = wordKey(text);
  for (const candidate of new Set([key, key.replace(LEADING, ''), key.replace(TRAILING, ''), key.replace(LEADING, '').replace(TRAILING, '')])) {
    if (candidate === '') continue;
    if (HELPFUL_KEYS.has(candidate)) return 'helpful';
    if (NOT_HELPFUL_KEYS.has(candidate)) return 'not-helpful';
  }
  return undefined;
}
