import { messages } from '../messages';
import { HAVE_VERB, REGISTERED_VERB, REMEMBER_VERB, recognizeChoice, recognizeLacking, recognizeYesNo, type ChoiceOption } from '../understanding/answers';
import { fold, wordKey } from '../understanding/normalize';
import { findAccountName, findEmail, findPhone, findRecoveryCode, findSixDigitCode } from '../understanding/values';
import { commandKey, parseChoice, parseSecretAnswer, type InputResult } from './inputs';
import type { FieldContext } from './interruptibleDialog';

/**
 * How the flows read their steps' answers, the way people type them: each a function from
 * the user's text (and the step's context) to a typed answer, or the Japanese reason it was
 * refused. Values are found inside sentences (「メールは taro@example.com です」), yes and no
 * in their many forms, a choice by its button, its number or a word naming it, and "I don't
 * have it" / "it did not arrive" lead to the step's own way out. The recognizers live in
 * dialogs/understanding/; the words each step knows sit beside its messages.
 */

/** How the user receives a security code (seed b.), or none of them works. */
export type CodeMethod = 'email' | 'sms' | 'app' | 'none';

/** An answer at the code step: the code, a request to send it again, or "it does not arrive". */
export type CodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'resend' } | { readonly kind: 'not-received' };

/** An answer at the recovery-code step (seed c.). */
export type RecoveryCodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'none' };

/** An answer at the unblock phone step: a number, or no phone to use. */
export type PhoneAnswer = { readonly kind: 'phone'; readonly phone: string } | { readonly kind: 'none' };

/** An answer at the contact step: the full contact, or "I can't use that one" (back to the methods). */
export type ContactAnswer = { readonly kind: 'contact'; readonly contact: string } | { readonly kind: 'none' };

/** An answer to the secret question, or "I don't remember it after all". */
export type SecretAnswer = { readonly kind: 'answer'; readonly answer: string } | { readonly kind: 'forgot' };

/** What the user does at the recovery summary: send it, or correct a section. */
export type ConfirmChoice = 'send' | 'edit-account' | 'edit-mail' | 'edit-billing';

const v = messages.verification;
const rc = messages.recovery;

const ok = <T>(value: T): InputResult<T> => ({ ok: true, value });
const refuse = <T>(error: string): InputResult<T> => ({ ok: false, error });

/** The app named together with the device it runs on (スマホ, 携帯). */
const APP_ON_DEVICE = new RegExp(`(?:${['スマホ', '携帯', 'ケータイ', 'アイフォン', 'iphone', 'android'].map(wordKey).join('|')}).*(?:あぷり|authenticator)`, 'u');
/** Words that can only mean a text message. */
const SMS_PROPER = new RegExp(['sms', 'ショートメール', 'ショートメッセージ', 'テキストメッセージ', 'メッセージ'].map(wordKey).join('|'), 'u');

/** A question about what a thing is (then the step's help answers, not a choice). */
const ASKS_WHAT = /って(何|なに|なん)|とは|どういう|意味|違い|ちがい/u;

/** Words that, after naming several methods, refuse them all. */
const REFUSES_ALL = /(無理|むり|だめ|ダメ|あかん|使えな|使えません|つかえな|使われへん|使えへん|つかわれへん|ない|ありません)/u;

/** Words with which people correct themselves mid-reply (「hanako@example.jp…あ、違う、hanako@example.com」). */
const CORRECTION = /違う|違います|ちがう|ちがいます|間違え(?:た|ました)|まちがえ(?:た|ました)|じゃなくて|ではなくて|ではなく|訂正/u;

/** Reads what follows the last self-correction first, then the whole reply: the corrected value wins. */
function corrected<T>(text: string, parse: (text: string) => InputResult<T>): InputResult<T> {
  const parts = fold(text).split(CORRECTION);
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  if (last !== undefined && last.trim() !== '') {
    const read = parse(last);
    if (read.ok) return read;
  }
  return parse(text);
}

/** True when the reply names one of the real methods (not 「どれも」). */
function namesAMethod(text: string): boolean {
  const key = wordKey(text);
  return METHOD_OPTIONS.some((o) => o.value !== 'none' && o.words.some((w) => key.includes(wordKey(w))));
}

/** True when the reply says the user has none / cannot use it (「持っていません」, 「使えない」, 「ないです」). */
function saysMissing(text: string): boolean {
  return recognizeLacking(text)?.kind === 'missing' || recognizeYesNo(text, HAVE_VERB)?.kind === 'no';
}

/** The account name a message holds, the corrected one when the user corrected themselves; undefined when none. */
export function accountNameIn(text: string): string | undefined {
  const read = parseAccountAnswer(text);
  return read.ok ? read.value : undefined;
}

/** A Microsoft account name: an e-mail, a phone number or a Skype name, inside a sentence too. */
export function parseAccountAnswer(text: string): InputResult<string> {
  return corrected(text, (t) => {
    const found = findAccountName(t);
    return found ? ok(found.value) : refuse(messages.flowInputs.account);
  });
}

const METHOD_OPTIONS: readonly ChoiceOption<CodeMethod>[] = [
  { value: 'email', title: v.methodEmail, words: v.methodWords.email },
  { value: 'sms', title: v.methodSms, words: v.methodWords.sms },
  { value: 'app', title: v.methodApp, words: v.methodWords.app },
  { value: 'none', title: v.methodNone, words: v.methodWords.none },
];

/** The method step: a button, its number, or words naming it; 「どれも使えない」 in words is none. */
export function parseCodeMethod(text: string): InputResult<CodeMethod> {
  return corrected(text, readCodeMethod);
}

function readCodeMethod(text: string): InputResult<CodeMethod> {
  // 「どれも使えないです。前の携帯は解約してしまって」: none, whatever the story names after it.
  const key = wordKey(text);
  if (v.methodWords.none.some((w) => key.includes(wordKey(w)))) return ok('none');
  // 「スマホに入っている認証のアプリ」: the phone is where the app lives, not an SMS.
  // Not when mail is named too: 「メールも携帯もアプリも」 lists the methods, it does not place the app.
  if (APP_ON_DEVICE.test(key) && !SMS_PROPER.test(key) && !key.includes(wordKey('メール')) && !REFUSES_ALL.test(fold(text))) return ok('app');
  const asked = recognizeChoice(text, METHOD_OPTIONS);
  // 「携帯にSMSで送ってくれへん?」 is a request in question form; 「SMSって何？」 asks what it is.
  const named = METHOD_OPTIONS.filter((o) => o.value !== 'none' && o.words.some((w) => key.includes(wordKey(w))));
  const choice = asked.kind === 'none' && named.length === 1 && !ASKS_WHAT.test(key) ? { kind: 'picked' as const, value: named[0]?.value ?? 'none' } : asked;
  const missing = saysMissing(text);
  // 「メールもSMSもアプリも全部ダメ」: several methods named, and refused together.
  if (named.length >= 2 && REFUSES_ALL.test(fold(text))) return ok('none');
  if (choice.kind === 'picked') {
    // 「SMSは使えない」 names a method to avoid, not one to use.
    if (missing && choice.value !== 'none') return refuse(v.methodExpected);
    return ok(choice.value);
  }
  // 「SMSは使えない」 rules one method out without choosing another: ask again.
  if (missing && namesAMethod(text)) return refuse(v.methodExpected);
  if (missing) return ok('none');
  if (choice.kind === 'ambiguous') {
    // 「メールも携帯もアプリも無理です」: every method named, and refused.
    if (REFUSES_ALL.test(fold(text))) return ok('none');
    const titles = METHOD_OPTIONS.filter((o) => choice.values.includes(o.value)).map((o) => o.title);
    return refuse(v.methodWhich(titles));
  }
  return refuse(v.methodExpected);
}

/** The full contact of the chosen kind; the other kind gets a precise error; 「使えない」 goes back to the methods. */
export function parseContact(text: string, context: FieldContext): InputResult<ContactAnswer> {
  return corrected(text, (t) => readContact(t, context));
}

function readContact(text: string, context: FieldContext): InputResult<ContactAnswer> {
  const email = findEmail(text);
  const phone = findPhone(text);
  if (email === undefined && phone === undefined && saysMissing(text)) return ok({ kind: 'none' });
  // The sign-in address is not a backup address (and a first message naming the account is no answer here).
  if (context.expects === 'email' && email !== undefined && email === context.differentFrom?.toLowerCase()) return refuse(v.contactSameAsAccount);
  if (context.expects === 'email') return email !== undefined ? ok({ kind: 'contact', contact: email }) : refuse(phone !== undefined ? v.expectedEmail : v.contactExpected);
  if (context.expects === 'phone') return phone !== undefined ? ok({ kind: 'contact', contact: phone }) : refuse(email !== undefined ? v.expectedPhone : v.contactExpected);
  const contact = email ?? phone;
  return contact !== undefined ? ok({ kind: 'contact', contact }) : refuse(v.contactExpected);
}

/** The recovery contact (d-1) must be the user's own address, not the account being recovered. */
export function parseContactEmail(text: string, context: FieldContext): InputResult<string> {
  return corrected(text, (t) => readContactEmail(t, context));
}

function readContactEmail(text: string, context: FieldContext): InputResult<string> {
  const email = findEmail(text);
  if (email === undefined) return refuse(messages.flowInputs.email);
  if (context.differentFrom !== undefined && email === context.differentFrom.toLowerCase()) return refuse(rc.sameAsAccount);
  return ok(email);
}

/** 「同じ番号で」, 「さっきの番号に」: the number the user already gave (their account name). */
const SAME_NUMBER = /(同じ|おなじ|さっき|先ほど|さきほど|上|うえ|その|この)の?(電話)?(番号|携帯|電話)/u;

/** The phone for an SMS unblock code (「同じ番号で」 when the account is a phone number), or no phone to use (「携帯を持っていません」). */
export function parsePhoneAnswer(text: string, context: FieldContext = {}): InputResult<PhoneAnswer> {
  return corrected(text, (t) => readPhoneAnswer(t, context));
}

function readPhoneAnswer(text: string, context: FieldContext): InputResult<PhoneAnswer> {
  const phone = findPhone(text);
  if (phone !== undefined) return ok({ kind: 'phone', phone });
  const known = context.known === undefined ? undefined : findPhone(context.known);
  if (known !== undefined && SAME_NUMBER.test(fold(text))) return ok({ kind: 'phone', phone: known });
  if (messages.unblock.noPhoneWords.some((w) => commandKey(w) === commandKey(text)) || saysMissing(text)) return ok({ kind: 'none' });
  return refuse(messages.flowInputs.phone);
}

function isResend(text: string): boolean {
  const key = wordKey(text);
  // 「コードが来ないです。もう一回送ってもらえますか」 asks for a resend, though it says the code did not come.
  return v.resendWords.some((w) => key.includes(wordKey(w)));
}

/** The code step: six digits (inside a sentence too), 再送, or 「まだ届きません」. */
export function parseCodeAnswer(text: string): InputResult<CodeAnswer> {
  // 「{code}…ですかね、はい、{code} です」: the same code said twice is still one code.
  const said = [...new Set((fold(text).match(/(?<!\d)\d{3}[ -]?\d{3}(?!\d)/gu) ?? []).map((c) => c.replace(/[ -]/gu, '')))];
  // Two different codes: which one was meant is not for the bot to guess.
  if (said.length > 1) return refuse(messages.flowInputs.code);
  const code = said[0] ?? findSixDigitCode(text);
  if (code !== undefined) return ok({ kind: 'code', code });
  if (isResend(text)) return ok({ kind: 'resend' });
  const key = commandKey(text);
  if (v.notReceivedWords.some((w) => commandKey(w) === key) || recognizeLacking(text) !== undefined) return ok({ kind: 'not-received' });
  return refuse(messages.flowInputs.code);
}

/** 「保管していません」, 「取得してないです」, 「メモしてない」: the user kept no recovery code. */
const NO_RECOVERY_CODE = /(保管|取得|控え|メモ|持っ|もっ)(し|て)?(て|てい|てお)?(い|お|り)?(ない|ません|なかった)/u;

/** The recovery-code step: the code, or 「持っていない」 in any words. */
export function parseRecoveryCodeAnswer(text: string): InputResult<RecoveryCodeAnswer> {
  const code = findRecoveryCode(text);
  if (code !== undefined) return ok({ kind: 'code', code });
  const key = commandKey(text);
  const yesNo = recognizeYesNo(text, HAVE_VERB);
  if (v.noRecoveryCodeWords.some((w) => commandKey(w) === key) || NO_RECOVERY_CODE.test(key) || saysMissing(text) || yesNo?.kind === 'no' || yesNo?.kind === 'unknown') {
    return ok({ kind: 'none' });
  }
  return refuse(messages.flowInputs.recoveryCode);
}

/** Seed a.: does the user remember the secret question's answer? Not knowing is no. */
export function parseRemembersSecret(text: string): InputResult<'yes' | 'no'> {
  const answer = recognizeYesNo(text, REMEMBER_VERB);
  if (!answer) return refuse(messages.flowInputs.yesNo);
  return ok(answer.kind === 'yes' ? 'yes' : 'no');
}

/** Polite endings people add to an answer (「ポチです」), which are not part of it. */
const ANSWER_ENDINGS = /(です|でした|だよ|だと思います|と思います|かな|かも)?[。！!、\s]*$/u;

/** The secret question's answer (its polite ending dropped), or 「忘れました」. */
export function parseSecretQuestionAnswer(text: string): InputResult<SecretAnswer> {
  const remembers = recognizeYesNo(text, REMEMBER_VERB);
  if (remembers?.kind === 'no' || remembers?.kind === 'unknown') return ok({ kind: 'forgot' });
  const quoted = /[「『"]([^」』"]+)[」』"]/u.exec(text);
  const core = quoted?.[1] ?? text.replace(/^(答えは|こたえは|たぶん|多分)\s*/u, '').replace(ANSWER_ENDINGS, '');
  const parsed = parseSecretAnswer(core.trim() === '' ? text : core);
  return parsed.ok ? ok({ kind: 'answer', answer: parsed.value }) : parsed;
}

/** Whole replies that say "none" (「なし」, 「特にないです」). */
const NONE_WORDS: ReadonlySet<string> = new Set(['なし', '無し', 'ないです', 'ない', '特になし', '特にない', '特にないです', 'ありません', 'none', 'no'].map(wordKey));

/** Is billing information registered? 「登録してない」, 「ないです」 and 「わからない」 are no. */
export function parseHasBilling(text: string): InputResult<'yes' | 'no'> {
  if (NONE_WORDS.has(wordKey(text))) return ok('no');
  const registered = recognizeYesNo(text, REGISTERED_VERB) ?? recognizeYesNo(text, HAVE_VERB);
  if (registered) return ok(registered.kind === 'yes' ? 'yes' : 'no');
  if (saysMissing(text)) return ok('no');
  return refuse(messages.flowInputs.yesNo);
}

const EDIT_OPTIONS: readonly ChoiceOption<ConfirmChoice>[] = [
  { value: 'edit-account', title: rc.editButtons.account, words: rc.editWords.account },
  { value: 'edit-mail', title: rc.editButtons.mail, words: rc.editWords.mail },
  { value: 'edit-billing', title: rc.editButtons.billing, words: rc.editWords.billing },
];

const SEND_ONLY = parseChoice<ConfirmChoice>({ send: [rc.sendButton], 'edit-account': [], 'edit-mail': [], 'edit-billing': [] }, rc.confirmExpected);

/** The recovery summary: 送信 (a yes in words too), or a section to correct, by its button or a word naming it. */
export function parseConfirm(text: string): InputResult<ConfirmChoice> {
  const button = SEND_ONLY(text);
  if (button.ok) return button;
  const key = wordKey(text);
  const edit = recognizeChoice(text, EDIT_OPTIONS);
  const wantsEdit = rc.editAnyWords.some((w) => key.includes(wordKey(w)));
  if (edit.kind === 'picked' && (wantsEdit || EDIT_OPTIONS.some((o) => wordKey(o.title) === key))) return ok(edit.value);
  if (wantsEdit) return refuse(rc.confirmWhich);
  const yes = recognizeYesNo(text);
  if (yes?.kind === 'yes' || rc.sendWords.some((w) => key.includes(wordKey(w)))) return ok('send');
  if (edit.kind === 'picked') return ok(edit.value);
  if (yes?.kind === 'no') return refuse(rc.confirmWhich);
  return refuse(rc.confirmExpected);
}

// --- answers given before they were asked (FlowStart.said) ----------------------------------

/** 「コードはSMSで受け取りたい」, 「メールに送ってください」: a method named as where to send the code. */
const METHOD_REQUEST = /(?:sms|ショートメール|ショートメッセージ|eメール|メール|アプリ|携帯|スマホ)[^。、,.!?！？]{0,4}(?:で|に|へ)[^。!?！？]{0,8}(?:受け取|うけと|送|おく|ほしい|欲しい|ください|下さい|お願い|おねがい)/iu;

/** The method, only when the first message asks for the code that way (a story that mentions a lost app chooses nothing). */
export function prefillCodeMethod(said: string): CodeMethod | undefined {
  const clause = METHOD_REQUEST.exec(fold(said))?.[0];
  if (clause === undefined || saysMissing(clause)) return undefined;
  const read = readCodeMethod(clause);
  return read.ok && read.value !== 'none' ? read.value : undefined;
}

/** The contact, only when the first message holds one of the kind the method needs. */
export function prefillContact(said: string, context: FieldContext): ContactAnswer | undefined {
  const read = parseContact(said, context);
  return read.ok && read.value.kind === 'contact' ? read.value : undefined;
}

/** The phone for the unblock code, only when the first message holds a number (never "no phone"). */
export function prefillPhone(said: string): PhoneAnswer | undefined {
  const phone = findPhone(said);
  return phone === undefined ? undefined : { kind: 'phone', phone };
}

/** The recovery contact, only an address in the first message other than the account. */
export function prefillContactEmail(said: string, context: FieldContext): string | undefined {
  const read = parseContactEmail(said, context);
  return read.ok ? read.value : undefined;
}
