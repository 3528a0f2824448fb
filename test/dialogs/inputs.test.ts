import { describe, expect, it } from 'vitest';
import { NOT_REGISTERED } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import {
  optionalAnswer,
  parseAccountName,
  parseBirthDate,
  parseCardExpiry,
  parseCardHolderName,
  parseCardLast4,
  parseEmail,
  parseFolderNames,
  parsePersonName,
  parsePhone,
  parsePostalCode,
  parsePrefecture,
  parseRecipients,
  parseRecoveryCode,
  parseSixDigitCode,
  parseSkypeName,
  parseSubjects,
  parseTicketId,
  parseXboxCardLast5,
  PREFECTURES,
  SKIPPED,
  type InputParser,
} from '../../dialogs/flows/inputs';

const m = messages.flowInputs;
const TODAY = '2026-01-01';

type Row = readonly [input: string, expected: unknown];

function table<T>(name: string, parser: InputParser<T>, accepted: readonly Row[], refused: readonly (readonly [string, string])[]) {
  describe(name, () => {
    it.each(accepted)('accepts %j as %j', (input, expected) => {
      expect(parser(input)).toEqual({ ok: true, value: expected });
    });
    it.each(refused)('refuses %j saying what is wrong', (input, error) => {
      expect(parser(input)).toEqual({ ok: false, error });
    });
  });
}

table('parseEmail', parseEmail, [['Taro@Example.com', 'taro@example.com'], ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'taro@example.com'], [' taro@example.com ', 'taro@example.com']], [['taro@', m.email], ['taro example.com', m.email]]);

table('parsePhone', parsePhone, [
  ['090-1234-5678', '09012345678'],
  ['09012345678', '09012345678'],
  ['+81 90-1234-5678', '09012345678'],
  ['+819012345678', '09012345678'],
  ['０９０－１２３４－５６７８', '09012345678'],
  ['０９０ー１２３４ー５６７８', '09012345678'],
  ['03-1234-5678', '0312345678'],
], [['1234', m.phone], ['090-1234-567a', m.phone], ['taro@example.com', m.phone]]);

table('parseSkypeName', parseSkypeName, [['taro_yamada', 'taro_yamada'], ['Taro.Yamada', 'taro.yamada'], ['live:taro_1', 'live:taro_1']], [['1taro', m.skype], ['abc', m.skype]]);

table('parseAccountName', parseAccountName, [['taro@example.com', 'taro@example.com'], ['090-1234-5678', '09012345678'], ['taro_yamada', 'taro_yamada']], [['たろう', m.account], ['12', m.account]]);

table('parseSixDigitCode', parseSixDigitCode, [['123456', '123456'], ['１２３ ４５６', '123456'], ['123-456', '123456']], [['12345', m.code], ['1234567', m.code], ['abcdef', m.code]]);

table('parseRecoveryCode', parseRecoveryCode, [['abcde-12345-fghij-67890-klmnp', 'ABCDE-12345-FGHIJ-67890-KLMNP'], ['ABCDE12345FGHIJ67890KLMNP', 'ABCDE-12345-FGHIJ-67890-KLMNP']], [['ABCDE-12345', m.recoveryCode]]);

describe('parseBirthDate', () => {
  it.each([
    ['1990/1/2', '1990-01-02'],
    ['1990-01-02', '1990-01-02'],
    ['1990.1.2', '1990-01-02'],
    ['1990年1月2日', '1990-01-02'],
    ['１９９０年１月２日', '1990-01-02'],
    ['平成2年1月2日', '1990-01-02'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['令和2年5月1日', '2020-05-01'],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseBirthDate(input, TODAY)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ['1990/2/30', m.dateInvalid],
    ['1990/13/1', m.dateInvalid],
    ['1850/1/1', m.dateRange],
    ['2030/1/1', m.dateRange],
    ['きのう', m.date],
    ['1990', m.date],
  ])('refuses %j', (input, error) => {
    expect(parseBirthDate(input, TODAY)).toEqual({ ok: false, error });
  });
});

describe('parsePrefecture', () => {
  it('knows the 47', () => {
    expect(PREFECTURES).toHaveLength(47);
    for (const p of PREFECTURES) expect(parsePrefecture(p)).toEqual({ ok: true, value: p });
  });
  it.each([['東京', '東京都'], ['大阪', '大阪府'], ['京都', '京都府'], ['神奈川', '神奈川県'], ['北海道', '北海道']])('accepts the short form %j', (input, expected) => {
    expect(parsePrefecture(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['北海', '東京県', 'カリフォルニア', ''])('refuses %j', (input) => {
    expect(parsePrefecture(input)).toEqual({ ok: false, error: m.prefecture });
  });
});

table('parsePostalCode', parsePostalCode, [['123-4567', '123-4567'], ['1234567', '123-4567'], ['〒１２３－４５６７', '123-4567']], [['12-34567', m.postalCode], ['123456', m.postalCode]]);
table('parseCardLast4', parseCardLast4, [['1234', '1234'], ['１２３４', '1234']], [['123', m.cardLast4], ['4111111111111111', m.cardLast4]]);
table('parseXboxCardLast5', parseXboxCardLast5, [['ab1cd', 'AB1CD'], ['ＡＢ１ＣＤ', 'AB1CD']], [['abcd', m.xboxLast5]]);
table('parseCardHolderName', parseCardHolderName, [['taro yamada', 'TARO YAMADA']], [['山田太郎', m.cardHolder]]);
table('parseCardExpiry', parseCardExpiry, [['12/27', '2027-12'], ['1/2027', '2027-01'], ['2027/12', '2027-12'], ['2027-03', '2027-03'], ['2027年3月', '2027-03'], ['１２／２７', '2027-12']], [['13/27', m.expiry], ['2027', m.expiry]]);
table('parsePersonName', parsePersonName, [['山田', '山田'], ['Yamada', 'Yamada'], ['ヤマダ', 'ヤマダ']], [['山田1', m.name], ['', m.name]]);
table('parseSubjects', parseSubjects, [['来週の打ち合わせ、写真を送ります', ['来週の打ち合わせ', '写真を送ります']]], [['a、b、c、d、e、f', m.listTooMany]]);
table('parseFolderNames', parseFolderNames, [['作成していません', [NOT_REGISTERED]], ['仕事、旅行', ['仕事', '旅行']]], []);
table('parseRecipients', parseRecipients, [['hanako@example.com、jiro@example.net', ['hanako@example.com', 'jiro@example.net']]], [['花子さん', m.recipients]]);
table('parseTicketId', parseTicketId, [['rr-test0001', 'RR-TEST0001']], [['?', m.ticketId]]);

describe('optionalAnswer (seed *1)', () => {
  const parser = optionalAnswer(parsePostalCode);
  it.each([['登録していません', NOT_REGISTERED], ['未登録', NOT_REGISTERED], ['スキップ', SKIPPED], ['わからない', SKIPPED], ['123-4567', '123-4567']])('reads %j', (input, expected) => {
    expect(parser(input)).toEqual({ ok: true, value: expected });
  });
  it('still refuses a wrong value', () => {
    expect(parser('12')).toEqual({ ok: false, error: m.postalCode });
  });
});
