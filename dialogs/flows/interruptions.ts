import { asksForPerson } from '../handoff/handoffPolicy';
import { fold } from '../understanding/normalize';
import { commandKey } from './inputs';

/** What a user can say at any step of a guided flow, whatever the step asked. */
export type Interruption = 'cancel' | 'help' | 'restart' | 'person';

const CANCEL = ['キャンセル', 'きゃんせる', 'やめる', 'やめます', 'やめたい', '止める', '中止', '中止する', '中止します', '終了', 'cancel', 'stop', 'quit'];
const HELP = ['ヘルプ', 'へるぷ', 'help', 'どうすればいい', 'どうすればいいですか', '使い方'];
const RESTART = ['最初から', 'はじめから', '初めから', '最初からやり直す', '最初からやり直し', 'やり直す', 'やりなおす', 'やり直し', 'restart'];
/** Single words that, alone, ask for a person (the phrases are the handoff policy's, one list for the whole bot). */
const PERSON_EXACT = ['人間'];
/** Longest message read as a request for a person (longer ones are answers or questions). */
const MAX_PERSON_REQUEST_LENGTH = 30;

const keys = (words: readonly string[]) => new Set(words.map(commandKey));
const CANCEL_KEYS = keys(CANCEL);
const HELP_KEYS = keys(HELP);
const RESTART_KEYS = keys(RESTART);
const PERSON_KEYS = keys(PERSON_EXACT);

/** Longest message read as a wish to stop the flow by phrase (「やっぱりやめておきます」). */
const MAX_CANCEL_PHRASE_LENGTH = 20;
/** Short messages that stop the flow: やめる in its forms, キャンセル/中止 in a sentence, 「もう大丈夫」, 「もういいです」. */
const CANCEL_PHRASE = /(やめ|止め)(る|ます|たい|て|とき|ておき|とく|ておく|にし)|キャンセル|きゃんせる|中止|もう(大丈夫|だいじょうぶ|いい(です|や)?$|結構)|(手続き|てつづき)(は)?(いい|いりません|不要)/u;

/** The interruption a message is, if it is one (whole-message commands; person requests by phrase). */
export function recognizeInterruption(text: string): Interruption | undefined {
  // commandKey drops trailing punctuation, so a lone question mark is checked as typed.
  if (/^[?？]$/u.test(text.trim())) return 'help';
  const key = commandKey(text);
  if (key === '') return undefined;
  if (CANCEL_KEYS.has(key)) return 'cancel';
  if (HELP_KEYS.has(key)) return 'help';
  if (RESTART_KEYS.has(key)) return 'restart';
  if (PERSON_KEYS.has(key) || (key.length <= MAX_PERSON_REQUEST_LENGTH && asksForPerson(text))) return 'person';
  // A request for a person at the end of a longer message (「わからないです。担当の人に代わってもらえますか」).
  if (sentences(text).some((s) => commandKey(s).length <= MAX_PERSON_REQUEST_LENGTH && asksForPerson(s))) return 'person';
  if (key.length <= MAX_CANCEL_PHRASE_LENGTH && CANCEL_PHRASE.test(key)) return 'cancel';
  // 「…お騒がせしました。もう大丈夫です、ありがとうございました」: one short clause says it.
  if (sentences(text).some((s) => commandKey(s).length <= MAX_CANCEL_PHRASE_LENGTH && CANCEL_PHRASE.test(commandKey(s)))) return 'cancel';
  return undefined;
}

/** Longest message read as a question about the step (longer ones are stories or other questions). */
const MAX_STEP_QUESTION_LENGTH = 60;
/** How a short question about the step ends or asks: 「SMSって何？」, 「コードってどこに届くの」, 「どうすればいいですか」. */
const STEP_QUESTION = /(って|とは)(何|なに|なん)|[?？]$|(どこ|どう|いつ|なぜ|なんで|どれ|どっち|何を|なにを).*(の|か|すれば|したら|いい|ですか|ますか)?$|(ですか|ますか|でしょうか|のですか|んですか)$|(わかりません|分かりません|よくわからない)$/u;

/** True when a reply that is not an answer asks about the step itself: the step's help answers it. */
export function asksAboutStep(text: string): boolean {
  const folded = fold(text);
  // A question has words: 「?!」 alone is noise, counted as a bad answer.
  const words = folded.replace(/[\p{P}\p{S}\s]+/gu, '');
  return words.length >= 2 && folded.length <= MAX_STEP_QUESTION_LENGTH && STEP_QUESTION.test(folded.replace(/[。!！…\s]+$/u, ''));
}

/** The sentences and clauses of a message, split at 。！？、 and new lines. */
function sentences(text: string): string[] {
  return fold(text).split(/[。!?！？、,\n]+/u).filter((s) => s.trim() !== '');
}
