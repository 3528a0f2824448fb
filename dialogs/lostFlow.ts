import type { Activity } from 'botbuilder';
import type { FlowName } from './domain';
import { accountNameIn } from './flows/stepAnswers';
import { messages } from './messages';
import { imBack, startFlowText, textReply } from './replies';
import { recognizeYesNo } from './understanding/answers';
import { problemTopic, QUESTION_MARKERS, recognizeIntent } from './understanding/intents';
import { fold, toHiragana, wordKey } from './understanding/normalize';
import { findDate, findPostalCode, findRecoveryCode, findSixDigitCode } from './understanding/values';

/**
 * A flow in progress is lost with the conversation's state (issue 11): the server restarted
 * (state is kept in memory), or the conversation was idle longer than STATE_MEMORY_IDLE_MS.
 * The user's next message then answers a step nobody asks any more: 「123456」, 「はい」, an
 * address alone. This module reads such a message, so that the root (only in a conversation whose
 * state is brand new) says the procedure was lost and offers to start again, instead of searching
 * the FAQ for a code. Pure: no state, no search; the words it knows sit in messages.ts.
 */

/** How a message reads as the answer to a flow's step. */
export type StepAnswerReading =
  /** A flow step's own button (「コードを再送する」, 「スキップ」, 「もう一度」), pressed after the flow was lost. */
  | { readonly kind: 'step-button' }
  /** The code step's words: 「届きません」, 「コードが来ない」, 「再送して」. */
  | { readonly kind: 'code-trouble' }
  /** A bare yes or no (「はい」, 「いいえ、違います」). */
  | { readonly kind: 'yes-no' }
  /** A six-digit security or unblock code, alone or inside a sentence (「届いたコードは 482913 です」). */
  | { readonly kind: 'security-code' }
  /** A 25-character recovery code, alone or inside a sentence. */
  | { readonly kind: 'recovery-code' }
  /** An e-mail address, phone number or Skype name typed on its own: a restarted flow may take it as the account. */
  | { readonly kind: 'account'; readonly account: string }
  /** A date (of birth) typed on its own: the recovery form. */
  | { readonly kind: 'birth-date' }
  /** A postal code typed on its own: the recovery form. */
  | { readonly kind: 'postal-code' };

/** Longest bare yes or no, in wordKey characters (「はい、お願いします」 is 9; 「ええ、Outlookの設定が変です」 is a story). */
export const MAX_BARE_ANSWER_LENGTH = 12;

const v = messages.verification;

/** Buttons that only a flow's step shows (those of a person or キャンセル are handled as such everywhere). */
const STEP_BUTTONS: ReadonlySet<string> = new Set(
  [
    v.methodEmail, v.methodSms, v.methodApp, v.methodNone, v.resendButton, v.notReceivedButton, v.noRecoveryCodeButton,
    messages.unblock.noPhoneButton, messages.unblock.noSecretButton,
    messages.recovery.noBillingButton, messages.recovery.skipButton, messages.recovery.sendButton, ...Object.values(messages.recovery.editButtons),
    messages.flow.retryButton,
  ].map(wordKey),
);

/** Whole messages that answer the code step without a code. */
const CODE_TROUBLE: ReadonlySet<string> = new Set([...v.notReceivedWords, ...v.resendWords, ...messages.lostFlow.codeTroubleWords].map(wordKey));

/** Compared on one form: folded, lower case, hiragana (spaces and symbols kept until wordKey). */
function frameKey(text: string): string {
  return toHiragana(fold(text).toLowerCase());
}

/** Longest first, so 「メールアドレスは」 is taken whole rather than 「メールは」 never matching. */
const LABELS = [...new Set(messages.lostFlow.valueLabels.map(frameKey))].sort((a, b) => b.length - a.length);
const ENDINGS = [...new Set(messages.lostFlow.valueEndings.map(wordKey))].sort((a, b) => b.length - a.length);

/** An e-mail address as typed (「taro @ example.com」, 「taro アットマーク example.com」). */
const EMAIL_AS_TYPED = /[\w.+-]+\s*(?:@|\(at\)|\[at\]|あっとまーく)\s*[\w.-]+/gu;
/** A phone number or postal code as typed: digits with the separators people put between them. */
const DIGITS_AS_TYPED = /\+?\(?\d[\d\s().-]*\d/gu;
/** A date as typed: digits, separators, kanji numerals, 年月日, era names and letters (after frameKey: kana eras are hiragana). */
const DATE_AS_TYPED = /明治|大正|昭和|平成|令和|めいじ|たいしょう|しょうわ|へいせい|れいわ|(?<![a-z])[mtshr](?=\s?\d)|ねん|がつ|にち|[\d\s/.\-〇○零一二三四五六七八九十百千元年月日]/gu;

/**
 * True when the message is one value and nothing else: at most a label before it
 * (「アカウントは」, 「〒」) and a polite ending after it (「です」), once `value` is taken out.
 */
function valueAlone(text: string, value: (key: string) => string): boolean {
  if (QUESTION_MARK.test(text)) return false;
  let rest = frameKey(text).replace(/^[\s「『"]+/u, '');
  const label = LABELS.find((l) => rest.startsWith(l));
  if (label !== undefined) rest = rest.slice(label.length);
  let key = wordKey(value(rest));
  for (let before = ''; before !== key; ) {
    before = key;
    const ending = ENDINGS.find((e) => key.endsWith(e));
    if (ending !== undefined) key = key.slice(0, -ending.length);
  }
  return key === '';
}

const QUESTION_MARK = /[?？]/u;

/** A question around a value (「123456 って何のコード？」): the value is asked about, not given. */
function asks(text: string): boolean {
  return QUESTION_MARK.test(text) || QUESTION_MARKERS.test(wordKey(text));
}

/**
 * Reads a message as the answer to a flow's step, or undefined when it is not one (a question,
 * a wish, a greeting, a story). Values that cannot be anything else (a six-digit code, a recovery
 * code) count inside a sentence; an account, a date or a postal code only typed on its own, since
 * 「taro@example.com でサインインできない」 or 「2024年1月5日から…」 tell a story.
 *
 * Not read here: a request number (RR-…), which starts the status lookup wherever it is typed; names,
 * prefectures and countries of the recovery form, which read like other words too.
 */
export function readAsStepAnswer(text: string): StepAnswerReading | undefined {
  const key = wordKey(text);
  // A wish for a flow, a person, or a problem stated (「パスワードを忘れました」) is never a step's answer.
  if (key === '' || recognizeIntent(text) !== undefined || problemTopic(text) !== undefined) return undefined;
  if (STEP_BUTTONS.has(key)) return { kind: 'step-button' };
  if (CODE_TROUBLE.has(key)) return { kind: 'code-trouble' };
  // The length first: recognizeYesNo reads the message clause by clause, wasted on a question.
  const yesNo = key.length <= MAX_BARE_ANSWER_LENGTH ? recognizeYesNo(text)?.kind : undefined;
  if (yesNo === 'yes' || yesNo === 'no') return { kind: 'yes-no' };
  // Codes inside a sentence count, unless the sentence asks about them; the values below must stand
  // alone, which leaves no room for a question (valueAlone). recognizeYesNo refuses questions itself.
  if (!asks(text) && findRecoveryCode(text) !== undefined) return { kind: 'recovery-code' };
  if (!asks(text) && findSixDigitCode(text) !== undefined) return { kind: 'security-code' };
  // Dates first: 「H2.1.2」 is also shaped like a Skype name.
  if (findDate(text) !== undefined && valueAlone(text, (rest) => rest.replace(DATE_AS_TYPED, ''))) return { kind: 'birth-date' };
  if (findPostalCode(text) !== undefined && valueAlone(text, (rest) => rest.replace(DIGITS_AS_TYPED, ''))) return { kind: 'postal-code' };
  const account = accountNameIn(text);
  if (account === undefined) return undefined;
  const alone = valueAlone(text, (rest) => rest.replace(EMAIL_AS_TYPED, '').replace(DIGITS_AS_TYPED, '').split(account).join(''));
  return alone ? { kind: 'account', account } : undefined;
}

/** Whether the reading holds something the user typed for a step (a code, an address, a date): it is redacted like a flow's answer. */
export function holdsValue(reading: StepAnswerReading): boolean {
  return reading.kind !== 'step-button' && reading.kind !== 'code-trouble' && reading.kind !== 'yes-no';
}

/** The reply: the procedure was lost, nothing was sent or changed; the flows to start again, and "something else". */
export function lostFlowReply(flows: readonly FlowName[]): Partial<Activity> {
  const reply = textReply(messages.lostFlow.text, [...flows.map((f) => imBack(startFlowText(f))), imBack(messages.lostFlow.somethingElse)]);
  reply.channelData = { madoguchi: { kind: 'lostFlow' } };
  return reply;
}
