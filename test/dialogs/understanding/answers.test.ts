import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAN_USE_VERB,
  FIRST_WORDS,
  HAVE_VERB,
  LAST_WORDS,
  MIDDLE_WORDS,
  NATIVE_ORDINALS,
  NUMERALS,
  ORDINAL_COUNTERS,
  recognizeChoice,
  recognizeLacking,
  recognizeYesNo,
  REGISTERED_VERB,
  REMEMBER_VERB,
  type AnswerVerb,
  type ChoiceOption,
  type YesNo,
} from '../../../dialogs/understanding/answers';
import { toHiragana, wordKey } from '../../../dialogs/understanding/normalize';

const VERBS = { none: undefined, remember: REMEMBER_VERB, have: HAVE_VERB, canUse: CAN_USE_VERB, registered: REGISTERED_VERB } as const;
type VerbName = keyof typeof VERBS;
type Expected = YesNo['kind'] | 'none';

const kind = (r: { kind: string } | undefined): string => r?.kind ?? 'none';

// [reply, question verb, expected]. 'none' = not a yes/no answer (undefined).
const YES_NO_ROWS: readonly (readonly [string, VerbName, Expected])[] = [
  // plain yes
  ['はい', 'none', 'yes'],
  ['はい！', 'none', 'yes'],
  ['ハイ', 'none', 'yes'],
  ['ﾊｲ', 'none', 'yes'],
  ['はーい', 'none', 'yes'],
  ['ええ、大丈夫です', 'none', 'yes'],
  ['うん', 'none', 'yes'],
  ['うん！', 'none', 'yes'],
  ['そうです', 'none', 'yes'],
  ['そうですね', 'none', 'yes'],
  ['そうだね〜', 'none', 'yes'],
  ['大丈夫です', 'none', 'yes'],
  ['だいじょうぶ👍🏻', 'none', 'yes'],
  ['問題ないです', 'none', 'yes'],
  ['OK', 'none', 'yes'],
  ['ｏｋです', 'none', 'yes'],
  ['オッケー', 'none', 'yes'],
  ['おk', 'none', 'yes'],
  ['Yes', 'none', 'yes'],
  ['y', 'none', 'yes'],
  ['お願いします。', 'none', 'yes'],
  ['もちろんです！', 'none', 'yes'],
  ['はいはい', 'none', 'yes'],
  ['あ、はい', 'none', 'yes'],
  ['えっと、はい', 'none', 'yes'],
  ['そうですね、はい', 'none', 'yes'],
  ['その通りです', 'none', 'yes'],
  ['あります', 'none', 'yes'],
  ['いえす', 'none', 'yes'],
  // plain no
  ['いいえ', 'none', 'no'],
  ['いいえ。', 'none', 'no'],
  ['いや', 'none', 'no'],
  ['いえ、違います', 'none', 'no'],
  ['ううん', 'none', 'no'],
  ['No', 'none', 'no'],
  ['n', 'none', 'no'],
  ['ちがう', 'none', 'no'],
  ['ダメです', 'none', 'no'],
  ['無理です💦', 'none', 'no'],
  ['できないです', 'none', 'no'],
  ['ありません', 'none', 'no'],
  ['大丈夫じゃない', 'none', 'no'],
  ['大丈夫じゃないです', 'none', 'no'],
  ['そうではありません', 'none', 'no'],
  // decision: a leading いや / いいえ wins over a following わからない (the user cannot say yes)
  ['いや、わからないです', 'none', 'no'],
  ['いいえ、わかりません', 'none', 'no'],
  // unknown
  ['わからない', 'none', 'unknown'],
  ['わかりません', 'none', 'unknown'],
  ['分からないです', 'none', 'unknown'],
  ['知らないです', 'none', 'unknown'],
  ['不明です', 'none', 'unknown'],
  ['どうだろう', 'none', 'unknown'],
  ['自信がないです', 'none', 'unknown'],
  ['忘れちゃった', 'none', 'unknown'],
  ['覚えてない', 'none', 'unknown'],
  ['うーん、わからないです', 'none', 'unknown'],
  ['ちょっとわかんないです', 'none', 'unknown'],
  // decision: はい is only an acknowledgement before わかりません
  ['はい、わかりません', 'none', 'unknown'],
  // not yes/no answers
  ['覚えてます！', 'none', 'none'],
  ['はいってどういう意味？', 'none', 'none'],
  ['秘密の質問って何？', 'none', 'none'],
  ['いいえを選ぶとどうなりますか', 'none', 'none'],
  ['パスワードを忘れたのですがどうすればいいですか', 'none', 'none'],
  ['大丈夫ですか？', 'none', 'none'],
  ['taro@example.com', 'none', 'none'],
  ['123456', 'none', 'none'],
  ['1', 'none', 'none'],
  ['うーん', 'none', 'none'],
  ['ええと', 'none', 'none'],
  ['ノートパソコン', 'none', 'none'],
  ['Nothing', 'none', 'none'],
  ['はいります', 'none', 'none'],
  ['', 'none', 'none'],
  // REMEMBER_VERB
  ['覚えてます！', 'remember', 'yes'],
  ['覚えています', 'remember', 'yes'],
  ['おぼえてる', 'remember', 'yes'],
  ['覚えてるよ', 'remember', 'yes'],
  ['うーん、たぶん覚えてると思います', 'remember', 'yes'],
  ['覚えております', 'remember', 'yes'],
  ['憶えてます', 'remember', 'yes'],
  ['記憶にあります', 'remember', 'yes'],
  ['忘れてないです', 'remember', 'yes'],
  ['いいえ、覚えてます', 'remember', 'yes'],
  ['はい', 'remember', 'yes'],
  ['覚えてないです', 'remember', 'no'],
  ['覚えていません', 'remember', 'no'],
  ['覚えておりません', 'remember', 'no'],
  ['おぼえてない…', 'remember', 'no'],
  ['覚えてなかった', 'remember', 'no'],
  ['忘れました', 'remember', 'no'],
  ['忘れちゃった😢', 'remember', 'no'],
  ['忘れてしまいました', 'remember', 'no'],
  ['思い出せません', 'remember', 'no'],
  ['はい、覚えてないです', 'remember', 'no'],
  ['いいえ', 'remember', 'no'],
  ['覚えてるかわからない', 'remember', 'unknown'],
  ['わからない', 'remember', 'unknown'],
  ['秘密の質問って何？', 'remember', 'none'],
  ['パスワードを忘れたのですがどうすればいいですか', 'remember', 'none'],
  // HAVE_VERB
  ['持ってます', 'have', 'yes'],
  ['持っています', 'have', 'yes'],
  ['はい、あります', 'have', 'yes'],
  ['手元にあります', 'have', 'yes'],
  ['あるよ', 'have', 'yes'],
  ['問題ない', 'have', 'yes'],
  ['持ってるけど使えない', 'have', 'yes'],
  ['ないです', 'have', 'no'],
  ['持ってないです', 'have', 'no'],
  ['持っておりません', 'have', 'no'],
  ['携帯はもうないです', 'have', 'no'],
  ['なくしました', 'have', 'no'],
  ['手元にないです', 'have', 'no'],
  ['わからない', 'have', 'unknown'],
  // CAN_USE_VERB
  ['使えます', 'canUse', 'yes'],
  ['使えてます', 'canUse', 'yes'],
  ['大丈夫です', 'canUse', 'yes'],
  ['使えません', 'canUse', 'no'],
  ['使えないです', 'canUse', 'no'],
  ['もう使ってないです', 'canUse', 'no'],
  ['機種変更して使えない', 'canUse', 'no'],
  ['ダメです', 'canUse', 'no'],
  // REGISTERED_VERB
  ['登録しています', 'registered', 'yes'],
  ['登録してます', 'registered', 'yes'],
  ['登録したと思います', 'registered', 'yes'],
  ['してないです', 'registered', 'no'],
  ['未登録です', 'registered', 'no'],
  ['登録していないと思います', 'registered', 'no'],
  ['たぶんしてない', 'registered', 'no'],
  ['わからないです', 'registered', 'unknown'],
];

describe('recognizeYesNo', () => {
  it.each(YES_NO_ROWS)('%s (verb: %s) → %s', (text, verb, expected) => {
    expect(kind(recognizeYesNo(text, VERBS[verb]))).toBe(expected);
  });

  it('takes a caller-made verb too', () => {
    // Godan verbs are not conjugated for the caller: list 知らない beside 知りません.
    const verb: AnswerVerb = { yes: ['知っています'], no: ['知りません', '知らない'] };
    expect(kind(recognizeYesNo('知ってます', verb))).toBe('yes');
    expect(kind(recognizeYesNo('知らないです', verb))).toBe('no');
  });
});

type Code = 'email' | 'sms' | 'app' | 'none';
const CODE_OPTIONS: readonly ChoiceOption<Code>[] = [
  { value: 'email', title: '登録済みのメール アドレス', words: ['メール', 'Eメール', 'メールアドレス', 'email', 'e-mail', '別のアドレス', 'アドレス'] },
  { value: 'sms', title: '登録済みの携帯電話 (SMS)', words: ['SMS', 'ショートメール', 'ショートメッセージ', '携帯', 'スマホ', '電話', 'ケータイ', 'テキストメッセージ'] },
  { value: 'app', title: '認証アプリ', words: ['アプリ', 'Authenticator', '認証アプリ', 'オーセンティケーター'] },
  { value: 'none', title: 'どれも使えない', words: ['どれも使えない', 'どれもない', '全部使えない', 'いずれも'] },
];

type Topic = 'reset' | 'unblock' | 'close';
const TOPIC_OPTIONS: readonly ChoiceOption<Topic>[] = [
  { value: 'reset', title: 'パスワードを忘れてしまいました', words: ['パスワード', 'リセット', '再設定'] },
  { value: 'unblock', title: 'アカウントがブロックされました', words: ['ブロック', 'ロック', '凍結'] },
  { value: 'close', title: 'Microsoft アカウントを削除したい', words: ['削除', '退会', '閉じ'] },
];

const show = (r: { kind: string; value?: string; values?: readonly string[] }): string =>
  r.kind === 'picked' ? (r.value ?? '') : r.kind === 'ambiguous' ? (r.values ?? []).join('|') : 'none';

// [reply, expected]: an option value, 'a|b' for ambiguous, or 'none'.
const CODE_ROWS: readonly (readonly [string, string])[] = [
  ['登録済みのメール アドレス', 'email'],
  ['登録済みの携帯電話 (SMS)', 'sms'],
  ['認証アプリ', 'app'],
  ['どれも使えない', 'none'],
  ['メール', 'email'],
  ['メールで', 'email'],
  ['Eメールにください', 'email'],
  ['ｅメールでお願いします', 'email'],
  ['メールアドレスで', 'email'],
  ['E-mail', 'email'],
  ['別のアドレスに送ってください', 'email'],
  ['ショートメールで', 'sms'],
  ['SMSでお願いします', 'sms'],
  ['ｓｍｓ', 'sms'],
  ['携帯に送って', 'sms'],
  ['スマホ', 'sms'],
  ['電話番号で', 'sms'],
  ['けーたい', 'sms'],
  ['アプリ', 'app'],
  ['Authenticator', 'app'],
  ['あぷりでお願いします！', 'app'],
  ['どれもない', 'none'],
  ['全部使えない…', 'none'],
  ['1', 'email'],
  ['１', 'email'],
  ['1番', 'email'],
  ['一番', 'email'],
  ['2つ目', 'sms'],
  ['二つめ', 'sms'],
  ['ふたつめ', 'sms'],
  ['三番', 'app'],
  ['３番目で', 'app'],
  ['最初の', 'email'],
  ['最後の', 'none'],
  ['一番下', 'none'],
  ['上のやつ', 'email'],
  ['1番のメール', 'email'],
  ['メールじゃなくてSMS', 'sms'],
  ['メールは使えないです', 'none'],
  ['2段階認証のアプリ', 'app'],
  ['②', 'sms'],
  ['1️⃣', 'email'],
  // known limit: the phone's app names both the phone (SMS) and the app
  ['スマホのアプリ', 'sms|app'],
  ['SMSで送ってもらえますか？', 'sms'],
  ['メールかSMS', 'email|sms'],
  ['携帯のメール', 'email|sms'],
  ['2番のメール', 'email|sms'],
  ['1か2', 'email|sms'],
  ['090-1234-5678', 'none'],
  ['123456', 'none'],
  ['6桁のコード', 'none'],
  ['5', 'none'],
  ['こんにちは', 'none'],
  ['アプリって何ですか？', 'none'],
  ['', 'none'],
];

const TOPIC_ROWS: readonly (readonly [string, string])[] = [
  ['パスワードを忘れてしまいました', 'reset'],
  ['パスワードです', 'reset'],
  ['ロックされました', 'unblock'],
  ['アカウントを削除したい', 'close'],
  ['真ん中', 'unblock'],
  ['3', 'close'],
  ['二番目', 'unblock'],
  ['最後', 'close'],
  ['以上のどれでもない', 'none'],
  ['ブロックされてパスワードもわからない', 'reset|unblock'],
  ['4', 'none'],
];

describe('recognizeChoice', () => {
  it.each(CODE_ROWS)('code method: %s → %s', (text, expected) => {
    expect(show(recognizeChoice(text, CODE_OPTIONS))).toBe(expected);
  });

  it.each(TOPIC_ROWS)('clarification: %s → %s', (text, expected) => {
    expect(show(recognizeChoice(text, TOPIC_OPTIONS))).toBe(expected);
  });
});

// [reply, expected]: 'missing', 'not-arrived' or 'none'.
const LACKING_ROWS: readonly (readonly [string, string])[] = [
  ['ない', 'missing'],
  ['ないです', 'missing'],
  ['ありません', 'missing'],
  ['持っていません', 'missing'],
  ['持ってないです。', 'missing'],
  ['持っておりません', 'missing'],
  ['携帯を持っていません', 'missing'],
  ['スマホがない😢', 'missing'],
  ['スマホない', 'missing'],
  ['手元にないです', 'missing'],
  ['使っていないです', 'missing'],
  ['使ってない', 'missing'],
  ['使えない！', 'missing'],
  ['使えません。', 'missing'],
  ['なくしました', 'missing'],
  ['紛失しました', 'missing'],
  ['解約しました', 'missing'],
  ['機種変更して使えない', 'missing'],
  ['登録してない', 'missing'],
  ['もってない', 'missing'],
  ['ケイタイ　モッテナイ', 'missing'],
  // decision: not having the phone wins over "it did not arrive"
  ['携帯がないので届かない', 'missing'],
  ['届かない', 'not-arrived'],
  ['届きません', 'not-arrived'],
  ['まだ届きません', 'not-arrived'],
  ['届いておりません', 'not-arrived'],
  ['届いてないです', 'not-arrived'],
  ['来ない', 'not-arrived'],
  ['来ません', 'not-arrived'],
  ['こない…', 'not-arrived'],
  ['メールが来ない', 'not-arrived'],
  ['SMSが来ません！', 'not-arrived'],
  ['ＳＭＳがこないです', 'not-arrived'],
  ['受け取れない', 'not-arrived'],
  ['コードが届かないんですが', 'not-arrived'],
  ['まだです', 'not-arrived'],
  // decision: a question about the case still reads as it (the step's path is the same)
  ['届かない場合はどうすればいい？', 'not-arrived'],
  // near misses
  ['あります', 'none'],
  ['問題ないです', 'none'],
  ['持っています', 'none'],
  ['届きました', 'none'],
  ['届いた！', 'none'],
  ['わからない', 'none'],
  ['覚えてない', 'none'],
  ['はい', 'none'],
  ['うまくいきません', 'none'],
  ['できません', 'none'],
  ['大丈夫じゃない', 'none'],
  ['123456', 'none'],
  ['090-1234-5678', 'none'],
  ['ない 123456', 'none'],
  ['taro@example.com', 'none'],
  ['メールがないです taro@example.com', 'none'],
];

describe('recognizeLacking', () => {
  it.each(LACKING_ROWS)('%s → %s', (text, expected) => {
    expect(kind(recognizeLacking(text))).toBe(expected);
  });
});

/** Hiragana → katakana (the other direction of toHiragana). */
const toKatakana = (s: string): string => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
/** ASCII → full-width. */
const toFullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('properties', () => {
  it('kana kind, width and trailing 。！です do not change a yes/no result', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...YES_NO_ROWS),
        fc.constantFrom<(s: string) => string>((s) => s, toKatakana, toHiragana),
        fc.boolean(),
        fc.constantFrom('', '。', '！', 'です', '！！', '。です'),
        ([text, verb, expected], kana, wide, tail) => {
          const variant = (wide ? toFullWidth(kana(text)) : kana(text)) + (text === '' ? '' : tail);
          expect(kind(recognizeYesNo(variant, VERBS[verb]))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  /** Does the text name option `index` by place (a lone digit, a numeral with a counter, an ordinal word)? */
  const namesByPlace = (text: string): boolean => {
    const key = wordKey(text);
    const words = [...FIRST_WORDS, ...LAST_WORDS, ...MIDDLE_WORDS, ...NATIVE_ORDINALS.map(([w]) => w)];
    const numerals = NUMERALS.flatMap(([n]) => ORDINAL_COUNTERS.map((c) => n + c));
    return /[1-9]/.test(key) || [...words, ...numerals].some((w) => key.includes(wordKey(w)));
  };

  it('recognizeChoice never picks an option the text does not name', () => {
    const pieces = fc.oneof(
      fc.constantFrom(...CODE_OPTIONS.flatMap((o) => o.words), 'で', 'に', 'お願いします', 'ください', 'は', 'が', 'コード', '方法', 'パスワード', '、', '！', ' ', 'じゃなくて'),
      fc.string({ unit: fc.constantFrom(...'アイウエオカキクケコサシスセソタチツテトナニヌネノメモルレロンーabcdeghimnostあいうえおかきくけこ'), maxLength: 6 }),
      fc.constantFrom('090-1234-5678', '123456', '2026', '10分', '6桁', '3回', '12'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 6 }), (parts) => {
        const text = parts.join('');
        const result = recognizeChoice(text, CODE_OPTIONS);
        const values = result.kind === 'picked' ? [result.value] : result.kind === 'ambiguous' ? result.values : [];
        const key = wordKey(text);
        for (const value of values) {
          const option = CODE_OPTIONS.find((o) => o.value === value);
          const named = option !== undefined && [option.title, ...option.words].some((w) => key.includes(wordKey(w)));
          expect(named || namesByPlace(text), `${text} → ${value}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a digit inside a longer number (a phone, a code, a year) is never a choice', () => {
    const longNumber = fc.oneof(fc.integer({ min: 10, max: 99_999_999 }).map(String), fc.constantFrom('090-1234-5678', '０１２３', '1.5', '3,000'));
    fc.assert(
      fc.property(fc.array(longNumber, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '、', 'と'), (numbers, separator) => {
        expect(recognizeChoice(numbers.join(separator), CODE_OPTIONS).kind).toBe('none');
      }),
    );
  });

  it('recognizeLacking never fires on a reply that holds a code or a phone number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LACKING_ROWS.map(([t]) => t)),
        fc.constantFrom('123456', '090-1234-5678', '０９０１２３４５６７８', 'a@b.jp'),
        fc.boolean(),
        (text, value, before) => {
          expect(recognizeLacking(before ? `${value} ${text}` : `${text} ${value}`)).toBeUndefined();
        },
      ),
    );
  });
});

describe('spaced kana and echoed questions', () => {
  it.each([
    ['かきんは とうろく して いません', REGISTERED_VERB, 'no'],
    ['とうろく して います', REGISTERED_VERB, 'yes'],
    ['はい おぼえて います', REMEMBER_VERB, 'yes'],
    ['おぼえて いません', REMEMBER_VERB, 'no'],
    ['課金？してないしてない', REGISTERED_VERB, 'no'],
    ['秘密の質問？覚えてますよ', REMEMBER_VERB, 'yes'],
  ] as const)('%j → %s', (text, verb, kind) => {
    expect(recognizeYesNo(text, verb)).toEqual({ kind });
  });
  it('a question that ends the reply is still a question', () => {
    expect(recognizeYesNo('はい？何のことですか？', REMEMBER_VERB)).toBeUndefined();
  });
  it.each(['けいたい を もって いません', 'めーる が とどいて いません'])('lacking with spaces: %j', (text) => {
    expect(recognizeLacking(text)).toBeDefined();
  });
});
