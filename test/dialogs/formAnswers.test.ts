import { describe, expect, it } from 'vitest';
import { NOT_REGISTERED } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import { optionalFormAnswer, readBirthDate, readCountry, readFirstName, readFolderNames, readLastName, readPostalCode, readPrefecture, readRecipients, readSubjects } from '../../dialogs/flows/formAnswers';
import { SKIPPED } from '../../dialogs/flows/inputs';

/** The recovery form's fields (seed d-2) as people answer them, and the seed's *1 answers in words. */

const m = messages.flowInputs;
const TODAY = '2026-11-30';
const accepted = (value: unknown) => ({ ok: true, value });
const refused = (error: string) => ({ ok: false, error });

describe('readLastName and readFirstName', () => {
  it.each([
    ['山田', '山田'],
    ['山田です', '山田'],
    ['山田と申します', '山田'],
    ['やまだ', 'やまだ'],
    ['Yamada', 'Yamada'],
    ['山田 次郎', ['山田', '次郎']],
    ['佐藤　花子です', ['佐藤', '花子']],
  ])('姓: %j → %j', (text, value) => {
    expect(readLastName(text)).toEqual(accepted(value));
  });
  it.each([
    ['次郎', '次郎'],
    ['次郎です', '次郎'],
    ['山田 次郎', '次郎'],
  ])('名: %j → %j', (text, value) => {
    expect(readFirstName(text)).toEqual(accepted(value));
  });
  it.each(['12345', 'taro@example.com'])('refuses %j', (text) => {
    expect(readLastName(text)).toEqual(refused(m.name));
  });
});

describe('readBirthDate', () => {
  it.each([
    ['1990/1/2', '1990-01-02'],
    ['１９９０年１月２日', '1990-01-02'],
    ['平成2年1月2日', '1990-01-02'],
    ['H2.1.2', '1990-01-02'],
    ['S60.4.1', '1985-04-01'],
    ['昭和60年4月1日生まれです', '1985-04-01'],
    ['生まれは1990-01-02です', '1990-01-02'],
  ])('%j → %j', (text, value) => {
    expect(readBirthDate(text, TODAY)).toEqual(accepted(value));
  });
  it('says an impossible day is impossible', () => {
    expect(readBirthDate('1990年2月30日', TODAY)).toEqual(refused(m.dateInvalid));
  });
  it('refuses a date in the future', () => {
    expect(readBirthDate('2030/1/1', TODAY)).toEqual(refused(m.dateRange));
  });
  it('refuses words without a date', () => {
    expect(readBirthDate('春ごろ', TODAY)).toEqual(refused(m.date));
  });
});

describe('readPrefecture, readCountry, readPostalCode', () => {
  it.each([
    ['東京都', '東京都'],
    ['東京', '東京都'],
    ['とうきょう', '東京都'],
    ['おおさか', '大阪府'],
    ['Osaka', '大阪府'],
    ['住んでいるのは京都です', '京都府'],
    ['北海道', '北海道'],
  ])('都道府県 %j → %j', (text, value) => {
    expect(readPrefecture(text)).toEqual(accepted(value));
  });
  it.each([
    ['日本', '日本'],
    ['にほん', '日本'],
    ['Japan', '日本'],
    ['ルクセンブルク大公国', 'ルクセンブルク大公国'],
  ])('国 %j → %j', (text, value) => {
    expect(readCountry(text)).toEqual(accepted(value));
  });
  it.each([
    ['〒100-0001', '100-0001'],
    ['〒１００－０００１', '100-0001'],
    ['1000001', '100-0001'],
    ['郵便番号は100-0001です', '100-0001'],
  ])('郵便番号 %j → %j', (text, value) => {
    expect(readPostalCode(text)).toEqual(accepted(value));
  });
});

describe('mail information', () => {
  it('reads subjects separated by 、', () => {
    expect(readSubjects('来週の打ち合わせ、写真を送ります')).toEqual(accepted(['来週の打ち合わせ', '写真を送ります']));
  });
  it.each(['作ってないです', '作成していません', 'フォルダーは作っていません', '特にないです'])('folders: %j → 登録していません', (text) => {
    expect(readFolderNames(text)).toEqual(accepted([NOT_REGISTERED]));
  });
  it('reads every address in a sentence', () => {
    expect(readRecipients('hanako@example.com と jiro.work@example.net に送りました')).toEqual(accepted(['hanako@example.com', 'jiro.work@example.net']));
  });
});

describe('optionalFormAnswer (seed *1)', () => {
  const prefecture = optionalFormAnswer(readPrefecture, false);
  const subjects = optionalFormAnswer(readSubjects, true);
  it.each([
    [NOT_REGISTERED, NOT_REGISTERED],
    ['登録してないです', NOT_REGISTERED],
    ['スキップ', SKIPPED],
    ['わからないです', SKIPPED],
    ['覚えてないです', SKIPPED],
    ['ここは飛ばしてください', SKIPPED],
    ['大阪です', '大阪府'],
  ])('a value field: %j → %j', (text, value) => {
    expect(prefecture(text)).toEqual(accepted(value));
  });
  it.each([
    ['覚えてないです', SKIPPED],
    ['わかりません', SKIPPED],
    ['登録してません', NOT_REGISTERED],
  ])('a free-text field reads *1 first: %j → %j', (text, value) => {
    expect(subjects(text)).toEqual(accepted(value));
  });
  it('a free-text field keeps an ordinary subject', () => {
    expect(subjects('旅行の写真')).toEqual(accepted(['旅行の写真']));
  });
});
