/**
 * Recognizers that find a VALUE inside what a user typed at a prompt: 「メールアドレスは
 * taro@example.com です」, 「電話番号は０９０ー１２３４ー５６７８でお願いします」, 「コードは 123 456
 * でした」. Each returns the value in the same format as the strict whole-message parsers of
 * dialogs/flows/inputs.ts (so the flows can switch over without changing what they store), or
 * undefined when the text holds no such value.
 *
 * Every finder reads the text through `fold` first, so 全角 and 半角 input always give the same
 * result. Microsoft Recognizers-Text (installed with botbuilder-dialogs) is used only where it
 * measured right: its e-mail recognizer. Everything else is written by hand; each section says why.
 */
import { Culture, SequenceOptions, SequenceRecognizer } from '@microsoft/recognizers-text-sequence';
import { z } from 'zod';
import { PREFECTURES } from '../flows/inputs';
import { fold, toHiragana, wordKey } from './normalize';

// --- word lists ---------------------------------------------------------------------------

/** Kana and romaji (Hepburn, macrons for long vowels) of each prefecture, without 都/府/県. */
const PREFECTURE_READINGS: Readonly<Record<(typeof PREFECTURES)[number], readonly [kana: readonly string[], romaji: readonly string[]]>> = {
  北海道: [['ほっかいどう'], ['hokkaidō']],
  青森県: [['あおもり'], ['aomori']],
  岩手県: [['いわて'], ['iwate']],
  宮城県: [['みやぎ'], ['miyagi']],
  秋田県: [['あきた'], ['akita']],
  山形県: [['やまがた'], ['yamagata']],
  福島県: [['ふくしま'], ['fukushima']],
  // いばらぎ and gumma are common (mis)spellings people really type.
  茨城県: [['いばらき', 'いばらぎ'], ['ibaraki', 'ibaragi']],
  栃木県: [['とちぎ'], ['tochigi']],
  群馬県: [['ぐんま'], ['gunma', 'gumma']],
  埼玉県: [['さいたま'], ['saitama']],
  千葉県: [['ちば'], ['chiba']],
  東京都: [['とうきょう'], ['tōkyō']],
  神奈川県: [['かながわ'], ['kanagawa']],
  新潟県: [['にいがた'], ['niigata']],
  富山県: [['とやま'], ['toyama']],
  石川県: [['いしかわ'], ['ishikawa']],
  福井県: [['ふくい'], ['fukui']],
  山梨県: [['やまなし'], ['yamanashi']],
  長野県: [['ながの'], ['nagano']],
  岐阜県: [['ぎふ'], ['gifu']],
  静岡県: [['しずおか'], ['shizuoka']],
  愛知県: [['あいち'], ['aichi']],
  三重県: [['みえ'], ['mie']],
  滋賀県: [['しが'], ['shiga']],
  京都府: [['きょうと'], ['kyōto']],
  大阪府: [['おおさか'], ['ōsaka']],
  兵庫県: [['ひょうご'], ['hyōgo']],
  奈良県: [['なら'], ['nara']],
  和歌山県: [['わかやま'], ['wakayama']],
  鳥取県: [['とっとり'], ['tottori']],
  島根県: [['しまね'], ['shimane']],
  岡山県: [['おかやま'], ['okayama']],
  広島県: [['ひろしま'], ['hiroshima']],
  山口県: [['やまぐち'], ['yamaguchi']],
  徳島県: [['とくしま'], ['tokushima']],
  香川県: [['かがわ'], ['kagawa']],
  愛媛県: [['えひめ'], ['ehime']],
  高知県: [['こうち'], ['kōchi']],
  福岡県: [['ふくおか'], ['fukuoka']],
  佐賀県: [['さが'], ['saga']],
  長崎県: [['ながさき'], ['nagasaki']],
  熊本県: [['くまもと'], ['kumamoto']],
  大分県: [['おおいた'], ['ōita']],
  宮崎県: [['みやざき'], ['miyazaki']],
  鹿児島県: [['かごしま'], ['kagoshima']],
  沖縄県: [['おきなわ'], ['okinawa']],
};

/** 都/府/県 as people write them after a kana or romaji prefecture name. */
const PREFECTURE_KANA_SUFFIXES = ['と', 'ふ', 'けん'] as const;
const PREFECTURE_ROMAJI_SUFFIXES = ['to', 'fu', 'ken'] as const;

interface CountryEntry {
  /** Kanji, katakana or hiragana spellings (hiragana only for the names people type in hiragana). */
  readonly ja: readonly string[];
  /** English names, matched as whole words in any case. */
  readonly en: readonly string[];
  /** Codes, matched only in upper case inside a sentence (「US」 yes, "let us" no), or as the whole reply. */
  readonly codes?: readonly string[];
}

/** Country or region names → the canonical Japanese name the flows store. */
const COUNTRIES: Readonly<Record<string, CountryEntry>> = {
  日本: { ja: ['日本', '日本国', 'ニッポン', 'ニホン', 'にほん', 'にっぽん'], en: ['japan', 'nippon', 'nihon'], codes: ['JP', 'JPN'] },
  アメリカ合衆国: { ja: ['アメリカ合衆国', 'アメリカ', '米国', '合衆国', 'あめりか'], en: ['united states of america', 'united states', 'america', 'usa', 'u.s.a.'], codes: ['US', 'U.S.'] },
  韓国: { ja: ['韓国', '大韓民国', 'かんこく'], en: ['south korea', 'korea', 'republic of korea'], codes: ['KR', 'KOR'] },
  北朝鮮: { ja: ['北朝鮮', '朝鮮民主主義人民共和国'], en: ['north korea', 'dprk'] },
  中国: { ja: ['中国', '中華人民共和国', 'ちゅうごく'], en: ['china', "people's republic of china", 'prc'], codes: ['CN', 'CHN'] },
  台湾: { ja: ['台湾', '臺灣', 'たいわん'], en: ['taiwan'], codes: ['TW'] },
  香港: { ja: ['香港', 'ホンコン'], en: ['hong kong', 'hongkong'], codes: ['HK'] },
  イギリス: { ja: ['イギリス', '英国', 'いぎりす', 'グレートブリテン'], en: ['united kingdom', 'great britain', 'britain', 'england'], codes: ['UK', 'GB', 'GBR'] },
  カナダ: { ja: ['カナダ', 'かなだ'], en: ['canada'] },
  オーストラリア: { ja: ['オーストラリア', '豪州'], en: ['australia'], codes: ['AU', 'AUS'] },
  ニュージーランド: { ja: ['ニュージーランド'], en: ['new zealand'], codes: ['NZ'] },
  フランス: { ja: ['フランス', '仏国'], en: ['france'], codes: ['FR'] },
  ドイツ: { ja: ['ドイツ', '独逸'], en: ['germany', 'deutschland'], codes: ['DE'] },
  イタリア: { ja: ['イタリア'], en: ['italy', 'italia'], codes: ['IT'] },
  スペイン: { ja: ['スペイン'], en: ['spain'] },
  ポルトガル: { ja: ['ポルトガル'], en: ['portugal'] },
  オランダ: { ja: ['オランダ'], en: ['netherlands', 'the netherlands', 'holland'] },
  ベルギー: { ja: ['ベルギー'], en: ['belgium'] },
  スイス: { ja: ['スイス'], en: ['switzerland'] },
  オーストリア: { ja: ['オーストリア'], en: ['austria'] },
  スウェーデン: { ja: ['スウェーデン'], en: ['sweden'] },
  ノルウェー: { ja: ['ノルウェー'], en: ['norway'] },
  デンマーク: { ja: ['デンマーク'], en: ['denmark'] },
  フィンランド: { ja: ['フィンランド'], en: ['finland'] },
  アイルランド: { ja: ['アイルランド'], en: ['ireland'] },
  ロシア: { ja: ['ロシア'], en: ['russia', 'russian federation'] },
  ウクライナ: { ja: ['ウクライナ'], en: ['ukraine'] },
  ポーランド: { ja: ['ポーランド'], en: ['poland'] },
  チェコ: { ja: ['チェコ'], en: ['czech republic', 'czechia', 'czech'] },
  ハンガリー: { ja: ['ハンガリー'], en: ['hungary'] },
  ギリシャ: { ja: ['ギリシャ', 'ギリシア'], en: ['greece'] },
  トルコ: { ja: ['トルコ'], en: ['turkey', 'türkiye', 'turkiye'] },
  インド: { ja: ['インド'], en: ['india'] },
  インドネシア: { ja: ['インドネシア'], en: ['indonesia'] },
  タイ: { ja: ['タイ'], en: ['thailand'] },
  ベトナム: { ja: ['ベトナム', 'ヴェトナム'], en: ['vietnam', 'viet nam'] },
  フィリピン: { ja: ['フィリピン'], en: ['philippines'] },
  マレーシア: { ja: ['マレーシア'], en: ['malaysia'] },
  シンガポール: { ja: ['シンガポール'], en: ['singapore'] },
  カンボジア: { ja: ['カンボジア'], en: ['cambodia'] },
  ミャンマー: { ja: ['ミャンマー'], en: ['myanmar'] },
  モンゴル: { ja: ['モンゴル'], en: ['mongolia'] },
  ネパール: { ja: ['ネパール'], en: ['nepal'] },
  バングラデシュ: { ja: ['バングラデシュ'], en: ['bangladesh'] },
  パキスタン: { ja: ['パキスタン'], en: ['pakistan'] },
  スリランカ: { ja: ['スリランカ'], en: ['sri lanka'] },
  サウジアラビア: { ja: ['サウジアラビア'], en: ['saudi arabia'] },
  アラブ首長国連邦: { ja: ['アラブ首長国連邦', 'ドバイ'], en: ['united arab emirates', 'dubai'], codes: ['UAE'] },
  イスラエル: { ja: ['イスラエル'], en: ['israel'] },
  イラン: { ja: ['イラン'], en: ['iran'] },
  エジプト: { ja: ['エジプト'], en: ['egypt'] },
  南アフリカ: { ja: ['南アフリカ', '南アフリカ共和国'], en: ['south africa'] },
  ナイジェリア: { ja: ['ナイジェリア'], en: ['nigeria'] },
  ケニア: { ja: ['ケニア'], en: ['kenya'] },
  ブラジル: { ja: ['ブラジル'], en: ['brazil', 'brasil'] },
  メキシコ: { ja: ['メキシコ'], en: ['mexico'] },
  アルゼンチン: { ja: ['アルゼンチン'], en: ['argentina'] },
  チリ: { ja: ['チリ'], en: ['chile'] },
  ペルー: { ja: ['ペルー'], en: ['peru'] },
  コロンビア: { ja: ['コロンビア'], en: ['colombia'] },
};

/** Hiragana a place name may follow without being part of a longer word (「住んでいるのはならです」). */
const KANA_PARTICLES_BEFORE = 'はがのもにで';
/** What may follow a kana place name (「ならです」, 「ちばけん」) — anything else makes it part of a word (みえない, しがつ). */
const KANA_TAILS = ['です', 'でし', 'でご', 'だよ', 'だ', 'に', 'で', 'の', 'から', 'よ', 'ね', 'と', 'へ', 'さ', 'っす', 'けん', 'ふ'] as const;

/** Labels people put before their name at a 姓/名 prompt (「名前は」, 「姓:」, 「私は」). */
const NAME_LABEL = /^(?:(?:私|わたし|わたくし|僕|ぼく|俺|おれ|あたし)の)?(?:お名前|名前|なまえ|氏名|姓名|姓|苗字|名字|みょうじ|下の名前|上の名前|名|ファーストネーム|ラストネーム)(?:は|:)\s*/u;
const NAME_SUBJECT = /^(?:私|わたし|わたくし|僕|ぼく|俺|おれ|あたし)は\s*/u;
const NAME_LABEL_EN = /^(?:my (?:(?:last|first|family|given|sur) ?)?name is|i am|i'm|this is|name:)\s+/iu;
/** Polite endings after a name, stripped repeatedly from the end (「山田です。よろしくお願いします」). */
const NAME_TAILS = [
  'よろしくお願いいたします', 'よろしくお願いします', 'よろしくおねがいします', 'よろしく',
  'でお願いいたします', 'でお願いします', 'でおねがいします', 'でございます', 'と申します', 'ともうします', 'と言います', 'といいます',
  'って言います', 'っていいます', 'っていう', 'という', 'でーす', 'で〜す', 'で~す', 'さんです', 'さん', '様', 'でっす', 'です', 'デス', 'だよー', 'だよ', 'っす', 'でs', ' desu',
] as const;
/** Replies at a name prompt that are answers of another kind (matched inside wordKey, so in hiragana). */
const NOT_A_NAME_WORDS = [
  'わからな', 'わかりません', 'わかんな', '分からな', '分かりません', 'すきっぷ', 'skip', '登録して', 'とうろくして', '未登録', '不明',
  '忘れ', 'わすれ', '覚えて', 'おぼえて', '教えて', 'おしえて', 'ありません', 'いいえ', 'きゃんせる', 'cancel', 'おぺれーたー',
  'へるぷ', 'ぱすわーど', 'あかうんと', 'めーる', '電話', 'なんで', 'どうして', 'ありがと', 'こんにちは', 'こんばんは', 'おはよう',
  '大丈夫', 'だいじょうぶ', '了解', 'りょうかい', 'はじめまして', 'もしもし', 'ちょっと', 'すみません', 'ごめん',
] as const;
/** Short replies that are never a name, compared as a whole. */
const NOT_A_NAME_REPLIES = ['はい', 'いや', 'ない', 'なし', 'no', 'yes', 'ok', 'おけ', 'うん', 'えっと', 'あの', 'えー', 'うーん', 'help', 'やめる', 'やめます', 'やめて'] as const;

/** English and romaji words people type around a Skype name that are not one. */
const SKYPE_FILLER_WORDS = [
  'please', 'thanks', 'thank', 'thankyou', 'skype', 'skypename', 'skype_name', 'skype-name', 'hello', 'account', 'microsoft',
  'password', 'username', 'signin', 'sign-in', 'login', 'log-in', 'outlook', 'hotmail', 'onegaishimasu', 'arigatou',
  'arigatougozaimasu', 'yoroshiku', 'sumimasen', 'konnichiwa',
] as const;
/** Domain endings: a token ending in one is a host name, not a Skype name. */
const DOMAIN_ENDING = /\.(?:com|net|org|jp|info|biz|io|co|me|edu|gov|ne)$/;

/** Polite endings stripped before deciding that a reply is "just the value" (「1000001です」). */
const WHOLE_REPLY_TAILS = ['でございます', 'でお願いします', 'でおねがいします', 'です', 'でs', 'だよ'] as const;

/** 和暦: first and last day of each era (明治 counted from 1868-01-01: before 1873 the lunar calendar makes day-level dates meaningless). */
const ERAS: readonly { readonly name: string; readonly kana: string; readonly letter: string; readonly start: string; readonly end?: string }[] = [
  { name: '明治', kana: 'めいじ', letter: 'M', start: '1868-01-01', end: '1912-07-29' },
  { name: '大正', kana: 'たいしょう', letter: 'T', start: '1912-07-30', end: '1926-12-24' },
  { name: '昭和', kana: 'しょうわ', letter: 'S', start: '1926-12-25', end: '1989-01-07' },
  { name: '平成', kana: 'へいせい', letter: 'H', start: '1989-01-08', end: '2019-04-30' },
  { name: '令和', kana: 'れいわ', letter: 'R', start: '2019-05-01' },
];
/** Earliest birth year accepted (as parseBirthDate). */
const MIN_BIRTH_YEAR = 1900;
const KANJI_DIGITS = '〇一二三四五六七八九';
const KANJI_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

// --- shared helpers -------------------------------------------------------------------------

/** Dash-like characters between ASCII letters or digits unified to '-' (an IME types ー for - in 全角 mode: ABCDEーFGHIJ). */
function foldCode(text: string): string {
  return fold(text).replace(/(?<=[A-Za-z0-9])\s*[-\u2010-\u2015\u2212\u30fc]\s*(?=[A-Za-z0-9])/g, '-');
}

/** The reply without quotes, trailing punctuation and polite endings: what "the whole message" means. */
function bareReply(folded: string): string {
  let s = folded.replace(/[「」『』"“”]/g, '').trim();
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(/[\s。、.,!！~〜…]+$/u, '');
    for (const tail of WHOLE_REPLY_TAILS) if (s.endsWith(tail)) s = s.slice(0, -tail.length).trim();
  }
  return s;
}

function isHiragana(c: string): boolean {
  return /^[\u3041-\u309fー]$/.test(c);
}

function isKatakana(c: string): boolean {
  return /^[\u30a1-\u30faー]$/.test(c);
}

function isLatin(c: string): boolean {
  return /^[a-z]$/i.test(c);
}

/** A hiragana word standing on its own: not glued to the kana around it (みえない is not 三重). */
function kanaBounded(text: string, start: number, end: number): boolean {
  const prev = text.charAt(start - 1);
  const rest = text.slice(end);
  const prevOk = prev === '' || !isHiragana(prev) || KANA_PARTICLES_BEFORE.includes(prev);
  const nextOk = rest === '' || !isHiragana(rest.charAt(0)) || KANA_TAILS.some((t) => rest.startsWith(t));
  return prevOk && nextOk;
}

function katakanaBounded(text: string, start: number, end: number): boolean {
  return !isKatakana(text.charAt(start - 1)) && !isKatakana(text.charAt(end));
}

function latinBounded(text: string, start: number, end: number): boolean {
  return !isLatin(text.charAt(start - 1)) && !isLatin(text.charAt(end));
}

/** One spelling to look for, what it stands for, and when an occurrence counts. */
interface Alias {
  readonly key: string;
  readonly value: string;
  readonly bounded: (text: string, start: number, end: number) => boolean;
}

interface Hit {
  readonly value: string;
  readonly start: number;
  readonly length: number;
}

/** The leftmost (then longest) accepted occurrence of any alias: 東京都 wins over the 京都 inside it. */
function leftmostLongest(text: string, aliases: readonly Alias[]): Hit | undefined {
  let best: Hit | undefined;
  for (const alias of aliases) {
    for (let i = text.indexOf(alias.key); i >= 0; i = text.indexOf(alias.key, i + 1)) {
      if (best && i > best.start) break;
      if (!alias.bounded(text, i, i + alias.key.length)) continue;
      if (!best || i < best.start || alias.key.length > best.length) best = { value: alias.value, start: i, length: alias.key.length };
      break;
    }
  }
  return best;
}

/** Hiragana with long vowels after an お-row kana written one way (おおさか, おーさか, おうさか → おうさか), same length as the input. */
function kanaKey(text: string): string {
  return toHiragana(text).replace(/(?<=[おこそとのほもよろごぞどぼぽょ])[うおー]/g, 'う');
}

/** Lower-case romaji with long vowels collapsed (Tōkyō, Toukyou, Tookyoo → tokyo). */
function romajiKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ōôŏ]/g, 'o')
    .replace(/[ūûŭ]/g, 'u')
    .replace(/o[ou]/g, 'o')
    .replace(/uu/g, 'u');
}

// --- e-mail ---------------------------------------------------------------------------------

/** Same validation as the strict parser, so a found address is one parseEmail would accept. */
const emailSchema = z.email();

/*
 * Recognizers-Text's recognizeEmail (English culture; its pattern is culture-free) finds the address
 * inside Japanese text (「…はtaro@example.comです」) and never returns a half (taro@, @example.com);
 * measured ~0.02 ms a call with the model kept (~0.2 ms when rebuilt per call). It misses 全角 input (hence `fold` first), keeps a sentence-final '.',
 * and accepts example..com or a 300-character local part, so each candidate is trimmed and
 * re-checked with the strict parser's schema.
 */
/**
 * The e-mail model, built on first use and kept: `recognizeEmail` builds a whole SequenceRecognizer
 * (all seven sequence models and their regular expressions) on every call. The model keeps no
 * state between `parse` calls, so one instance gives the same results.
 */
let emailModel: ReturnType<SequenceRecognizer['getEmailModel']> | undefined;
function getEmailModel(): ReturnType<SequenceRecognizer['getEmailModel']> {
  emailModel ??= new SequenceRecognizer(Culture.English, SequenceOptions.None, true).getEmailModel();
  return emailModel;
}

/** An e-mail address anywhere in the text, lower-cased (「メールは ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ です」). */
export function findEmail(text: string): string | undefined {
  // 「taro @ example.com」, 「taro アットマーク example.com」: spaces or the spelled-out mark around @.
  const joined = fold(text).replace(/(?<=[\w.+-])\s*(?:@|\(at\)|\[at\]|アットマーク|あっとまーく)\s*(?=[A-Za-z0-9])/gi, '@');
  // Both of the model's patterns need an @ (and so does emailSchema): without one there is nothing to parse.
  if (!joined.includes('@')) return undefined;
  for (const result of getEmailModel().parse(joined)) {
    // 「…taro@example.com」: NFKC turns the ellipsis into dots, which are punctuation, not the address.
    const value = String(result.resolution?.value ?? result.text).replace(/^\.+/, '').replace(/\.+$/, '').toLowerCase();
    if (emailSchema.safeParse(value).success) return value;
  }
  return undefined;
}

// --- phone ----------------------------------------------------------------------------------

/*
 * Written by hand. Recognizers-Text's recognizePhoneNumber (English) was measured on Japanese
 * replies: it does find 090-1234-5678 inside 「電話番号は…です」, but it also returns 「123 456」,
 * 1234567 (a postal code), 12345678901 and a 16-digit card number as phone numbers, and misses
 * +81-90-1234-5678, 03(1234)5678 and 090.1234.5678. Filtering its output would need these very
 * patterns anyway.
 * Every pattern refuses to start or end next to another digit (even across one separator), so a
 * phone number is never cut out of a card number, a date or a longer digit run.
 */
const PHONE_PATTERNS: readonly RegExp[] = [
  // +81 90 1234 5678, +81 (0)90-1234-5678, +819012345678, 819012345678.
  /(?<!\d[-\s./]?)(?:\+\s?81|(?<!\d)81)((?:[-\s.()]{0,3}\d){9,11})(?![-\s./]?\d)/g,
  // 090-1234-5678, 09012345678, 03-1234-5678, (090)1234-5678, 03(1234)5678, 0120-123-456, 090.1234.5678.
  /(?<!\+|\d[-\s./]?)(?:\(0\d{1,4}\)\s?\d{1,4}|0\d{1,4}\(\d{1,4}\)|0\d{1,4}[-\s.]?\d{1,4})[-\s.]?\d{3,4}(?![-\s./]?\d)/g,
  // The registration form's "without the leading 0": 9012345678, 90-1234-5678 (mobile prefixes only).
  /(?<![+\d]|\d[-\s./])[789]0[-\s]?\d{4}[-\s]?\d{4}(?![-\s./]?\d)/g,
];

/**
 * 0 + 10 digits for the 11-digit ranges (050/070/080/090/0800), else 0 + 9 digits (landlines,
 * 0120, 0570): 090-1234-567 is a typo, not a number.
 */
function nationalPhone(digits: string): string | undefined {
  if (/^0[5789]0\d{8}$/.test(digits)) return digits;
  return /^0[1-9]\d{8}$/.test(digits) && (!/^0[5789]0/.test(digits) || digits.startsWith('0570')) ? digits : undefined;
}

function phoneFromMatch(match: RegExpExecArray, patternIndex: number): string | undefined {
  if (patternIndex === 0) return nationalPhone(`0${(match[1] ?? '').replace(/\D/g, '').replace(/^0/, '')}`);
  if (patternIndex === 2) return nationalPhone(`0${match[0].replace(/\D/g, '')}`);
  return nationalPhone(match[0].replace(/\D/g, ''));
}

/** A Japanese phone number anywhere in the text, as national digits (09012345678). */
export function findPhone(text: string): string | undefined {
  const folded = fold(text);
  let best: { index: number; value: string } | undefined;
  for (const [patternIndex, pattern] of PHONE_PATTERNS.entries()) {
    for (const match of folded.matchAll(pattern)) {
      if (best && match.index >= best.index) break;
      const value = phoneFromMatch(match, patternIndex);
      if (value) {
        best = { index: match.index, value };
        break;
      }
    }
  }
  return best?.value;
}

// --- Skype ----------------------------------------------------------------------------------

/** A Skype name as a token: not glued to letters, digits or an @ (so never an e-mail's local part or domain). */
const SKYPE_TOKEN = /(?<![A-Za-z0-9.,_@-])(live:[A-Za-z0-9._-]{1,64}|[A-Za-z][A-Za-z0-9.,_-]{5,31})(?![A-Za-z0-9.,_@-])/g;
const SKYPE_MENTION = /skype|すかいぷ/;
const SKYPE_NAME = /^(?:live:[a-z0-9._-]{1,64}|[a-z][a-z0-9.,_-]{5,31})$/;
/** Tokens that are request numbers or recovery codes, which also look like Skype names. */
const CODE_SHAPED = /^(?:rr-?[a-z0-9]{8}|[a-z0-9]{5}(?:-[a-z0-9]{5}){4})$/;

/*
 * A bare word is taken only when the text mentions Skype, the token has a digit, _, . or -, or it
 * is the whole reply (polite ending allowed): otherwise 「please」 or a romaji sentence would pass.
 */
/** A Skype name (letter first, 6–32 of a-z 0-9 . , _ -, or live:…) in the text, lower-cased. */
export function findSkypeName(text: string): string | undefined {
  const folded = fold(text);
  const mentionsSkype = SKYPE_MENTION.test(toHiragana(folded.toLowerCase()));
  const whole = bareReply(folded).toLowerCase();
  for (const match of folded.matchAll(SKYPE_TOKEN)) {
    const token = (match[1] ?? '').toLowerCase().replace(/[.,]+$/, '');
    if (!SKYPE_NAME.test(token) || CODE_SHAPED.test(token) || DOMAIN_ENDING.test(token)) continue;
    if ((SKYPE_FILLER_WORDS as readonly string[]).includes(token)) continue;
    if (token.startsWith('live:') || mentionsSkype || /[\d._-]/.test(token) || token === whole) return token;
  }
  return undefined;
}

/** The account name a user typed: an e-mail first, then a phone number, then a Skype name. */
export function findAccountName(text: string): { kind: 'email' | 'phone' | 'skype'; value: string } | undefined {
  const email = findEmail(text);
  if (email) return { kind: 'email', value: email };
  const phone = findPhone(text);
  if (phone) return { kind: 'phone', value: phone };
  const skype = findSkypeName(text);
  return skype ? { kind: 'skype', value: skype } : undefined;
}

// --- codes ----------------------------------------------------------------------------------

/*
 * Hand-written: Recognizers-Text has no code recognizer, and its phone recognizer reads 「123 456」
 * as a phone number. Six digits, spaces or one hyphen anywhere between them (「123 456」, 「12 34 56」),
 * not touching another digit across a separator (a phone number, a date, a 7+ digit run) or a letter.
 */
const SIX_DIGITS = /(?<![\dA-Za-z]|\d[-\s./:])\d(?:[-\s]?\d){5}(?![A-Za-z]|[-\s./:]?\d)/;

/** A six-digit verification code in the text (「コードは１２３ ４５６です」 → 123456). */
export function findSixDigitCode(text: string): string | undefined {
  return SIX_DIGITS.exec(fold(text))?.[0].replace(/\D/g, '');
}

/** Letters and digits with single hyphens or spaces between: where a recovery code can hide. */
const CODE_RUN = /[A-Za-z0-9]+(?:[-\s][A-Za-z0-9]+)*/g;

/*
 * Pieces must be whole groups of five, so English words around a code rarely fit. When several
 * windows fit (「Hello ABCDE-…」), the one not cutting through a hyphenated group wins, then the
 * one with the most digits, then the first.
 */
/** A 25-character recovery code (grouped by five or not, any case, 全角) as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. */
export function findRecoveryCode(text: string): string | undefined {
  const folded = foldCode(text);
  let best: { code: string; cuts: number; digits: number } | undefined;
  for (const run of folded.matchAll(CODE_RUN)) {
    const end = run.index + run[0].length;
    if (folded.charAt(run.index - 1) === '@' || /^[@_]/.test(folded.charAt(end))) continue;
    const pieces = run[0].split(/([-\s])/);
    // pieces alternates text and separator: [piece, sep, piece, sep, …, piece].
    for (let i = 0; i < pieces.length; i += 2) {
      let code = '';
      for (let j = i; j < pieces.length; j += 2) {
        const piece = pieces[j] ?? '';
        if (piece.length % 5 !== 0 || code.length + piece.length > 25) break;
        code += piece;
        if (code.length === 25) {
          const cuts = Number(pieces[i - 1] === '-') + Number(pieces[j + 1] === '-');
          const digits = code.replace(/\D/g, '').length;
          if (!best || cuts < best.cuts || (cuts === best.cuts && digits > best.digits)) best = { code, cuts, digits };
          break;
        }
      }
    }
  }
  return best ? (best.code.toUpperCase().match(/.{5}/g) ?? []).join('-') : undefined;
}

/** RR, an optional hyphen, eight letters or digits; not part of a longer word. */
const REQUEST_NUMBER = /(?<![A-Za-z0-9])RR\s?-?\s?([A-Z0-9]{8})(?![A-Za-z0-9])/i;

/** A recovery request number (RR-7K3MQXAB, rr7k3mqxab, ＲＲ－７Ｋ３…) as RR-XXXXXXXX in upper case. */
export function findRequestNumber(text: string): string | undefined {
  const match = REQUEST_NUMBER.exec(foldCode(text));
  return match ? `RR-${(match[1] ?? '').toUpperCase()}` : undefined;
}

// --- postal code ----------------------------------------------------------------------------

/** After 〒 or 郵便番号: hyphen optional. */
const POSTAL_MARKED = /(?:〒|郵便番号|ゆうびんばんごう)\s?(?:は|が|:)?\s?(\d{3})-?\s?(\d{4})(?![-\s./]?\d)/;
/** Anywhere: only the hyphenated form, never inside a longer digit group (03-123-4567). */
const POSTAL_HYPHENATED = /(?<!\d[-\s./]?)(\d{3})-(\d{4})(?![-\s./]?\d)/;

/** A postal code (〒100-0001, １００－０００１, 1000001 on its own or after 〒/郵便番号) as 100-0001. */
export function findPostalCode(text: string): string | undefined {
  const folded = fold(text);
  const match = POSTAL_MARKED.exec(folded) ?? POSTAL_HYPHENATED.exec(folded) ?? /^(\d{3})(\d{4})$/.exec(bareReply(folded));
  return match ? `${match[1]}-${match[2]}` : undefined;
}

// --- dates ----------------------------------------------------------------------------------

/** A birth date found in the text, or why the date found is not acceptable. */
export type DateFound = { kind: 'date'; iso: string } | { kind: 'invalid' } | { kind: 'out-of-range' };

/*
 * Hand-written. Recognizers-Text's Japanese date-time recognizer, measured: no 和暦 at all
 * (平成2年1月2日 → nothing), and 1990年1月2日 comes back as the year 1990 only. Its Japanese number
 * recognizer reads 三十五 → 35 but 一九九〇 → 0 and 二〇二四 → 4 (digit-by-digit years are how people
 * write kanji years) at ~0.4 ms a call, so kanji numerals are read by `kanjiNumber` below.
 */
const NUM_BODY = '\\d{1,4}|[〇一二三四五六七八九十百千]{1,8}';
const NUM = `(${NUM_BODY})`;
/** A date pattern and which capture group holds the era (if any), year, month and day. */
interface DatePattern {
  readonly pattern: RegExp;
  readonly era?: 'name' | 'letter';
  readonly groups: readonly [year: number, month: number, day: number];
}
const DATE_PATTERNS: readonly DatePattern[] = [
  // 平成2年1月2日, 平成元年1月8日, 昭和六十年四月一日, 平成2.1.2
  { era: 'name', groups: [2, 3, 4], pattern: new RegExp(`(明治|大正|昭和|平成|令和)\\s?(元|${NUM_BODY})\\s?(?:年|[/.-])\\s?${NUM}\\s?(?:月|[/.-])\\s?${NUM}(?!\\d)`, 'g') },
  // S60.4.1, H2/1/2, h2.1.2, H2年1月2日
  { era: 'letter', groups: [2, 3, 4], pattern: /(?<![A-Za-z])([MTSHR])\s?(元|\d{1,2})\s?(?:年|[/.-])\s?(\d{1,2})\s?(?:月|[/.-])\s?(\d{1,2})(?!\d)/gi },
  // 1990/1/2, 1990-01-02, 1990.1.2 (one separator throughout)
  { groups: [1, 3, 4], pattern: /(?<!\d)(\d{4})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)/g },
  // 1990年1月2日, 一九九〇年一月二日, 千九百九十年十二月三十一日
  { groups: [1, 2, 3], pattern: new RegExp(`(?<![\\d〇一二三四五六七八九十百千])(\\d{4}|[〇一二三四五六七八九十百千]{2,8})\\s?年\\s?${NUM}\\s?月\\s?${NUM}(?!\\d)`, 'g') },
];
/** 19900102 typed as the whole reply (eight digits inside a sentence could be anything). */
const COMPACT_DATE: DatePattern = { groups: [1, 2, 3], pattern: /^((?:19|20)\d{2})(\d{2})(\d{2})$/ };

/** Arabic digits, 元, digit-by-digit kanji (一九九〇) or positional kanji (千九百九十, 三十一). */
function kanjiNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '元') return 1;
  if (/^[〇一二三四五六七八九]+$/.test(s)) return Number([...s].map((c) => KANJI_DIGITS.indexOf(c)).join(''));
  let total = 0;
  let digit: number | undefined;
  for (const c of s) {
    const unit = KANJI_UNITS[c];
    if (unit !== undefined) {
      total += (digit ?? 1) * unit;
      digit = undefined;
    } else if (c !== '〇') {
      if (digit !== undefined) return undefined;
      digit = KANJI_DIGITS.indexOf(c);
    }
  }
  return total + (digit ?? 0);
}

/** Kana spellings of eras and 年/月/日 (「へいせい2ねん1がつ2にち」, 「1990ねん」) and ○ for 〇, rewritten in kanji. */
function dateText(text: string): string {
  let s = toHiragana(fold(text)).replace(/[○零]/g, '〇').replace(/がんねん/g, '元年');
  for (const era of ERAS) s = s.split(era.kana).join(era.name);
  return s
    .replace(/(?<=[\d〇一二三四五六七八九十元])\s?ねん/g, '年')
    .replace(/(?<=[\d〇一二三四五六七八九十])\s?がつ/g, '月')
    .replace(/(?<=[\d〇一二三四五六七八九十])\s?にち/g, '日');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The date a match stands for; undefined when it cannot be a birth date (a two-digit year). */
function dateFromMatch(match: RegExpExecArray, { era: eraKind, groups }: DatePattern, today: string): DateFound | undefined {
  const [y, month, day] = groups.map((g) => kanjiNumber(match[g] ?? ''));
  if (y === undefined || month === undefined || day === undefined) return undefined;
  let year = y;
  let era: (typeof ERAS)[number] | undefined;
  if (eraKind === undefined) {
    if (year < 1000) return undefined; // 90年1月2日: which century? Ask again rather than guess.
  } else {
    const name = match[1] ?? '';
    era = ERAS.find((e) => (eraKind === 'name' ? e.name === name : e.letter === name.toUpperCase()));
    if (!era) return undefined;
    const startYear = Number(era.start.slice(0, 4));
    const length = era.end ? Number(era.end.slice(0, 4)) - startYear + 1 : Infinity;
    if (year < 1 || year > length) return { kind: 'invalid' }; // 平成32年, 昭和65年
    year += startYear - 1;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { kind: 'invalid' };
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (era && (iso < era.start || (era.end !== undefined && iso > era.end))) return { kind: 'invalid' }; // 平成31年5月1日 is 令和元年
  if (year < MIN_BIRTH_YEAR || iso > today) return { kind: 'out-of-range' };
  return { kind: 'date', iso };
}

/** A birth date in the text (西暦, 和暦, kanji numerals), or why it is 'invalid' (2月30日, 平成32年) or 'out-of-range' (before 1900, after `today`). */
export function findDate(text: string, today?: string): DateFound | undefined {
  // Every date shape below needs a number in digits or in kanji numerals, in the NFKC fold dateText
  // reads (where ０, ① and ㍻ have become ASCII digits and words): dateText adds none. Most messages
  // (each one at the root is looked at) have neither. fold remembers the text, so dateText folds it again for free.
  if (!DATE_NUMERAL.test(fold(text))) return undefined;
  return findDateIn(text, today ?? new Date().toISOString().slice(0, 10));
}

/** A digit or a kanji numeral (○ and 零 are read as 〇). */
const DATE_NUMERAL = /[0-9〇○零一二三四五六七八九十百千]/;

function findDateIn(text: string, today: string): DateFound | undefined {
  const s = dateText(text);
  let best: { index: number; found: DateFound } | undefined;
  for (const datePattern of DATE_PATTERNS) {
    for (const match of s.matchAll(datePattern.pattern)) {
      if (best && match.index >= best.index) break;
      const found = dateFromMatch(match, datePattern, today);
      if (found) {
        best = { index: match.index, found };
        break;
      }
    }
  }
  if (best) return best.found;
  const compact = COMPACT_DATE.pattern.exec(bareReply(s));
  if (compact) return dateFromMatch(compact, COMPACT_DATE, today);
  const english = englishDate(fold(text));
  return english ? findDateIn(english, today) : undefined;
}

/** English month names, by their first three letters (people abroad type 「January 2, 1990」). */
const ENGLISH_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const ORDINAL_DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
/** 「January 2, 1990」 and 「2 January 1990」, rewritten as 1990/1/2 for findDate. */
function englishDate(text: string): string | undefined {
  const lower = text.toLowerCase();
  const monthFirst = new RegExp(`${MONTH_NAME}\\s+${ORDINAL_DAY},?\\s+(\\d{4})`, 'u').exec(lower);
  if (monthFirst) return `${monthFirst[3]}/${ENGLISH_MONTHS.indexOf(monthFirst[1] ?? '') + 1}/${monthFirst[2]}`;
  const dayFirst = new RegExp(`${ORDINAL_DAY}\\s+${MONTH_NAME},?\\s+(\\d{4})`, 'u').exec(lower);
  if (dayFirst) return `${dayFirst[3]}/${ENGLISH_MONTHS.indexOf(dayFirst[2] ?? '') + 1}/${dayFirst[1]}`;
  return undefined;
}

// --- places ---------------------------------------------------------------------------------

interface PlaceAliases {
  readonly kana: readonly Alias[];
  readonly romaji: readonly Alias[];
}

let prefectureAliases: PlaceAliases | undefined;

/**
 * Built on first use, not at load: the flows (which own PREFECTURES) will import this module,
 * and reading their constant while they are still loading would see undefined.
 */
function getPrefectureAliases(): PlaceAliases {
  if (prefectureAliases) return prefectureAliases;
  const always = (): boolean => true;
  const kana: Alias[] = [];
  const romaji: Alias[] = [];
  for (const full of PREFECTURES) {
    kana.push({ key: full, value: full, bounded: always });
    // 北海 is not a prefecture: 北海道 only in full.
    if (full !== '北海道') kana.push({ key: full.slice(0, -1), value: full, bounded: always });
    const [readings, romanizations] = PREFECTURE_READINGS[full];
    for (const reading of readings) {
      for (const suffix of ['', ...PREFECTURE_KANA_SUFFIXES]) kana.push({ key: kanaKey(reading + suffix), value: full, bounded: kanaBounded });
    }
    for (const r of romanizations) {
      const key = romajiKey(r);
      for (const suffix of PREFECTURE_ROMAJI_SUFFIXES) {
        for (const sep of ['', '-', ' ']) romaji.push({ key: key + sep + suffix, value: full, bounded: latinBounded });
      }
      romaji.push({ key, value: full, bounded: latinBounded });
    }
  }
  prefectureAliases = { kana, romaji };
  return prefectureAliases;
}

/** One of the 47 prefectures in the text (東京, とうきょうと, Tokyo-to, おーさか, ōsaka), in full kanji (東京都). */
export function findPrefecture(text: string): string | undefined {
  const folded = fold(text);
  const { kana, romaji } = getPrefectureAliases();
  return (leftmostLongest(kanaKey(folded), kana) ?? leftmostLongest(romajiKey(folded), romaji))?.value;
}

const COUNTRY_ALIASES: readonly Alias[] = Object.entries(COUNTRIES).flatMap(([value, entry]) => [
  ...entry.ja.map((key) => ({
    key,
    value,
    bounded: [...key].every(isKatakana) ? katakanaBounded : [...key].every(isHiragana) ? kanaBounded : (): boolean => true,
  })),
  ...entry.en.map((key) => ({ key, value, bounded: latinBounded })),
]);

const COUNTRY_CODES: readonly Alias[] = Object.entries(COUNTRIES).flatMap(([value, entry]) =>
  (entry.codes ?? []).map((key) => ({ key, value, bounded: latinBounded })),
);

/** A country or region in the text (にほん, Japan, 米国, USA), as its canonical Japanese name (日本, アメリカ合衆国). */
export function findCountry(text: string): string | undefined {
  const folded = fold(text);
  // English names in any case; Japanese spellings are unaffected by lower-casing.
  const named = leftmostLongest(folded.toLowerCase(), COUNTRY_ALIASES);
  const coded = leftmostLongest(folded, COUNTRY_CODES);
  if (named && (!coded || named.start <= coded.start)) return named.value;
  if (coded) return coded.value;
  const whole = bareReply(folded).toUpperCase();
  return COUNTRY_CODES.find((c) => c.key === whole)?.value;
}

// --- person names ---------------------------------------------------------------------------

/** What was typed at a 姓 or 名 prompt: two tokens (「佐藤 花子」) or one. */
export type PersonName = { kind: 'full'; lastName: string; firstName: string } | { kind: 'single'; name: string };

/** Letters of a name: kanji, kana, Latin, 々, ー, ・, apostrophes and dots (O'Brien, J. Smith). */
const NAME_TOKEN = /^[\p{L}\p{M}ー・'’.-]+$/u;
/** A particle between kanji/katakana: a phrase (アカウントの復元), not a name. */
const PARTICLE_BETWEEN = /[\p{Script=Han}\p{Script=Katakana}][のをがにへではも][\p{Script=Han}\p{Script=Katakana}]/u;
/** A verb or polite ending: a sentence (したい, わすれました), not a name. */
const VERB_ENDING = /(?:たい|ます|ません|ください|でした|ました|ない)$/;

function stripNameFrame(folded: string): string {
  let s = folded.replace(/[「」『』"“”]/g, ' ').trim();
  s = s.replace(NAME_LABEL_EN, '').replace(NAME_SUBJECT, '').replace(NAME_LABEL, '').trim();
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(/[\s。、.,!！~〜…♪]+$/u, '');
    for (const tail of NAME_TAILS) {
      if (s.toLowerCase().endsWith(tail) && s.length > tail.length) s = s.slice(0, -tail.length).trim();
    }
  }
  return s;
}

/*
 * Two tokens are last name then first name in the order typed (for "Hanako Sato" the order cannot
 * be known); one token is single, even 佐藤花子: splitting kanji names needs a dictionary and guesses.
 */
/** A name typed at a 姓/名 prompt, without です, と申します, 名前は… and quotes. */
export function findPersonName(text: string): PersonName | undefined {
  const folded = fold(text);
  if (folded.length === 0 || folded.length > 40 || /[\d@?]/.test(folded)) return undefined;
  const key = wordKey(folded);
  if ((NOT_A_NAME_REPLIES as readonly string[]).includes(key) || NOT_A_NAME_WORDS.some((w) => key.includes(w))) return undefined;
  const tokens = stripNameFrame(folded).split(' ').filter((t) => t.length > 0);
  if (tokens.length === 0 || tokens.length > 2) return undefined;
  for (const token of tokens) {
    if (!NAME_TOKEN.test(token) || token.includes('を') || PARTICLE_BETWEEN.test(token)) return undefined;
    if (token.length >= 4 && VERB_ENDING.test(token)) return undefined;
  }
  const [lastName = '', firstName] = tokens;
  return firstName === undefined ? { kind: 'single', name: lastName } : { kind: 'full', lastName, firstName };
}
