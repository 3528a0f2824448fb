import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../dialogs/understanding/normalize';
import {
  findAccountName,
  findCountry,
  findDate,
  findEmail,
  findPersonName,
  findPhone,
  findPostalCode,
  findPrefecture,
  findRecoveryCode,
  findRequestNumber,
  findSixDigitCode,
  findSkypeName,
  type DateFound,
} from '../../../dialogs/understanding/values';

/** Fixed "today" so out-of-range rows do not change with the calendar. */
const TODAY = '2025-12-31';

type Rows<T> = readonly (readonly [input: string, expected: T | undefined])[];

/** One describe per finder: every row is a reply as typed, and what must come out of it (undefined: nothing). */
function table<T>(name: string, find: (text: string) => T | undefined, rows: Rows<T>): void {
  describe(name, () => {
    it.each(rows)('%j → %j', (input, expected) => {
      expect(find(input)).toEqual(expected);
    });
  });
}

table('findEmail', findEmail, [
  ['taro@example.com', 'taro@example.com'],
  ['メールアドレスは taro@example.com です', 'taro@example.com'],
  ['メールはtaro@example.comです', 'taro@example.com'],
  ['アカウントは taro@example.com でございます', 'taro@example.com'],
  ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'taro@example.com'],
  ['ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯＭ です', 'taro@example.com'],
  ['Taro.Yamada@Example.co.jp', 'taro.yamada@example.co.jp'],
  ['「taro@example.com」に送ってください', 'taro@example.com'],
  ['taro@example.comに送って', 'taro@example.com'],
  ['連絡先は jiro.personal@example.org でお願いします', 'jiro.personal@example.org'],
  ['別のメールアドレスは jiro.yamada.home@example.org でございます', 'jiro.yamada.home@example.org'],
  ['taro+tag@example.com です', 'taro+tag@example.com'],
  ['ta-ro_99@mail.example.co.jp', 'ta-ro_99@mail.example.co.jp'],
  ['メール: taro@example.com。', 'taro@example.com'],
  ['taro@example.com.', 'taro@example.com'],
  ['taro @ example.com', 'taro@example.com'],
  ['taro＠example.com', 'taro@example.com'],
  ['taro アットマーク example.com です', 'taro@example.com'],
  ['えっと、taro@example.com かな', 'taro@example.com'],
  ['宛先は tanaka@example.com と hanako@example.com です', 'tanaka@example.com'],
  ['(taro@example.com)', 'taro@example.com'],
  ['<Taro@Example.com>', 'taro@example.com'],
  ['mailto:taro@example.com', 'taro@example.com'],
  ['めーるはtaro@ex-ample.jpだよ', 'taro@ex-ample.jp'],
  ['taro@', undefined],
  ['@example.com', undefined],
  ['メールは taro@ です', undefined],
  ['taro@example', undefined],
  ['taro example.com', undefined],
  ['taro@@example.com', undefined],
  ['太郎@example.com', undefined],
  ['taro@example..com', undefined],
  ['メールアドレスを忘れました', undefined],
  ['090-1234-5678', undefined],
  ['taro_yamada', undefined],
  ['', undefined],
]);

table('findPhone', findPhone, [
  ['090-1234-5678', '09012345678'],
  ['09012345678', '09012345678'],
  ['０９０ー１２３４ー５６７８', '09012345678'],
  ['０９０－１２３４－５６７８', '09012345678'],
  ['０９０ ー １２３４ ー ５６７８', '09012345678'],
  ['(090)1234-5678', '09012345678'],
  ['(090) 1234-5678', '09012345678'],
  ['+81 90 1234 5678', '09012345678'],
  ['+81-90-1234-5678', '09012345678'],
  ['+819012345678', '09012345678'],
  ['+81 (0)90-1234-5678', '09012345678'],
  ['携帯は +81 80-9876-5432 です', '08098765432'],
  ['03-1234-5678', '0312345678'],
  ['03(1234)5678', '0312345678'],
  ['0465-12-3456', '0465123456'],
  ['0120-123-456', '0120123456'],
  ['050-1234-5678', '05012345678'],
  ['携帯は090-1234-5678です', '09012345678'],
  ['電話番号は09012345678でございます', '09012345678'],
  ['番号は 080 1234 5678 です', '08012345678'],
  ['080 9876 5432 でs', '08098765432'],
  ['ばんごうは080(9876)5432', '08098765432'],
  ['電話番号の080-9876-5432でサインインしております', '08098765432'],
  ['08098765432 にお願いします', '08098765432'],
  ['9012345678', '09012345678'],
  ['8098765432', '08098765432'],
  ['090.1234.5678', '09012345678'],
  ['TEL:03-1234-5678', '0312345678'],
  ['ﾃﾞﾝﾜ 090-1234-5678', '09012345678'],
  ['123456', undefined],
  ['コードは123456です', undefined],
  ['100-0001', undefined],
  ['〒1000001', undefined],
  ['1990/01/02', undefined],
  ['1990-01-02', undefined],
  ['4111 1111 1111 1111', undefined],
  ['4980 0123 4567 8901', undefined],
  ['3566002020360505', undefined],
  ['1234567890', undefined],
  ['090-1234-567', undefined],
  ['090-1234-56789', undefined],
  ['1090-1234-5678', undefined],
  ['12345678901', undefined],
  ['電話番号を変えたい', undefined],
]);

table('findSkypeName', findSkypeName, [
  ['スカイプ名は taro_yamada', 'taro_yamada'],
  ['スカイプ名は taroyamada です', 'taroyamada'],
  ['Skype: TaroYamada', 'taroyamada'],
  ['my skype is taroyamada', 'taroyamada'],
  ['Taro.Yamada', 'taro.yamada'],
  ['taro-yamada でお願いします', 'taro-yamada'],
  ['taroyamada', 'taroyamada'],
  ['ｔａｒｏ＿ｙａｍａｄａ', 'taro_yamada'],
  ['live:taro_1', 'live:taro_1'],
  ['アカウントは live:.cid.1a2b3c です', 'live:.cid.1a2b3c'],
  ['please', undefined],
  ['thanks', undefined],
  ['Skype account please', undefined],
  ['good morning', undefined],
  ['taro.yamada@example.com', undefined],
  ['スカイプのアカウントです', undefined],
  ['たろうやまだ', undefined],
  ['1taro_yamada', undefined],
  ['taro', undefined],
  ['example.com', undefined],
  ['RR-7K3MQXAB', undefined],
]);

table('findAccountName', findAccountName, [
  ['taro@example.com', { kind: 'email', value: 'taro@example.com' }],
  ['アカウントは taro@example.com です', { kind: 'email', value: 'taro@example.com' }],
  ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', { kind: 'email', value: 'hanako@example.com' }],
  ['Hanako@Example.com でサインインしてます', { kind: 'email', value: 'hanako@example.com' }],
  ['jiro@example.com でございます', { kind: 'email', value: 'jiro@example.com' }],
  ['メールは「taro@example.com」', { kind: 'email', value: 'taro@example.com' }],
  ['taro.yamada@example.com', { kind: 'email', value: 'taro.yamada@example.com' }],
  ['taro_yamada@example.com です', { kind: 'email', value: 'taro_yamada@example.com' }],
  ['090-1234-5678', { kind: 'phone', value: '09012345678' }],
  ['090-1234-5678 です', { kind: 'phone', value: '09012345678' }],
  ['０８０９８７６５４３２', { kind: 'phone', value: '08098765432' }],
  ['電話番号の080-9876-5432でサインインしております', { kind: 'phone', value: '08098765432' }],
  ['+81 90 1234 5678', { kind: 'phone', value: '09012345678' }],
  ['携帯番号は(090)1234-5678です', { kind: 'phone', value: '09012345678' }],
  ['9012345678', { kind: 'phone', value: '09012345678' }],
  ['03-1234-5678', { kind: 'phone', value: '0312345678' }],
  ['スカイプ名は taro_yamada', { kind: 'skype', value: 'taro_yamada' }],
  ['taro_yamada', { kind: 'skype', value: 'taro_yamada' }],
  ['Skype の taroyamada です', { kind: 'skype', value: 'taroyamada' }],
  ['taroyamada', { kind: 'skype', value: 'taroyamada' }],
  ['live:taro_1', { kind: 'skype', value: 'live:taro_1' }],
  ['Taro.Yamada です', { kind: 'skype', value: 'taro.yamada' }],
  ['メールは taro@example.com、電話は 090-1234-5678', { kind: 'email', value: 'taro@example.com' }],
  ['たろう', undefined],
  ['taro@', undefined],
  ['123456', undefined],
  ['12', undefined],
  ['アカウント名を忘れてしまいました', undefined],
  ['please', undefined],
  ['RR-7K3MQXAB', undefined],
  ['100-0001', undefined],
  ['わかりません', undefined],
]);

table('findSixDigitCode', findSixDigitCode, [
  ['123456', '123456'],
  ['１２３４５６', '123456'],
  ['123 456', '123456'],
  ['１２３ ４５６', '123456'],
  ['１２３　４５６', '123456'],
  ['123-456', '123456'],
  ['123ー456', '123456'],
  ['コードは123456です', '123456'],
  ['コードは 123 456 でした', '123456'],
  ['届きました、654321です', '654321'],
  ['届きました！ 654321', '654321'],
  ['あぷりのこーどは654321です', '654321'],
  ['654321でございます', '654321'],
  ['コード：１２３４５６', '123456'],
  ['12 34 56', '123456'],
  ['1 2 3 4 5 6', '123456'],
  ['「123456」', '123456'],
  ['123456です。', '123456'],
  ['コードは012345です', '012345'],
  ['code is 123456', '123456'],
  ['確認コード 987 654 を入力しました', '987654'],
  ['12345', undefined],
  ['1234567', undefined],
  ['12345678', undefined],
  ['090-1234-5678', undefined],
  ['09012345678', undefined],
  ['03-1234-5678', undefined],
  ['1990/01/02', undefined],
  ['2024-01-02', undefined],
  ['100-0001', undefined],
  ['ABC123456', undefined],
  ['123456abc', undefined],
  ['12:34:56', undefined],
  ['コードが届きません', undefined],
  ['123,456円', undefined],
  ['4111 1111 1111 1111', undefined],
]);

table('findRecoveryCode', findRecoveryCode, [
  ['abcde-12345-fghij-67890-klmnp', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ABCDE12345FGHIJ67890KLMNP', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ABCDE 12345 FGHIJ 67890 KLMNP', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['コードは ABCDE-12345-FGHIJ-67890-KLMNP です', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['回復コードはabcde12345fghij67890klmnpです', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ａｂｃｄｅーｆｇｈｉｊーｋｌｍｎｏーｐｑｒｓｔーｕｖｗｘｙ', 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY'],
  ['ＡＢＣＤＥ－１２３４５－ＦＧＨＩＪ－６７８９０－ＫＬＭＮＰ', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ABCDE-12345 FGHIJ-67890 KLMNP', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ABCDE12345-FGHIJ67890-KLMNP', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['Hello ABCDE-12345-FGHIJ-67890-KLMNP thanks', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['「ABCDE-12345-FGHIJ-67890-KLMNP」', 'ABCDE-12345-FGHIJ-67890-KLMNP'],
  ['ABCDE-12345-FGHIJ-67890', undefined],
  ['ABCDE-12345-FGHIJ-67890-KLMNPQ', undefined],
  ['ABCD-12345-FGHIJ-67890-KLMNP', undefined],
  ['abcdefghijklmnopqrstuvwxy@example.com', undefined],
  ['回復コードをなくしました', undefined],
]);

table('findRequestNumber', findRequestNumber, [
  ['RR-7K3MQXAB', 'RR-7K3MQXAB'],
  ['rr-7k3mqxab', 'RR-7K3MQXAB'],
  ['RR7K3MQXAB', 'RR-7K3MQXAB'],
  ['rr7k3mqxab', 'RR-7K3MQXAB'],
  ['ＲＲ－７Ｋ３ＭＱＸＡＢ', 'RR-7K3MQXAB'],
  ['ＲＲー７Ｋ３ＭＱＸＡＢ', 'RR-7K3MQXAB'],
  ['ｒｒ７ｋ３ｍｑｘａｂ', 'RR-7K3MQXAB'],
  ['RR-7K3MQXABの状況は？', 'RR-7K3MQXAB'],
  ['受付番号はRR-7K3MQXABです', 'RR-7K3MQXAB'],
  ['受付番号は RR-7K3MQXAB です', 'RR-7K3MQXAB'],
  ['申請の状況を教えてください。受付番号はRR-7K3MQXABです', 'RR-7K3MQXAB'],
  ['申請番号 rr-7k3mqxab を確認したい', 'RR-7K3MQXAB'],
  ['RR 7K3MQXAB', 'RR-7K3MQXAB'],
  ['RR - 7K3MQXAB', 'RR-7K3MQXAB'],
  ['「RR-7K3MQXAB」', 'RR-7K3MQXAB'],
  ['RR-7K3MQXAB。', 'RR-7K3MQXAB'],
  ['Rr-7k3MqXaB', 'RR-7K3MQXAB'],
  ['RR-AAAAAAAA', 'RR-AAAAAAAA'],
  ['RR-12345678', 'RR-12345678'],
  ['RR‐7K3MQXAB', 'RR-7K3MQXAB'],
  ['RR-7K3MQXA', undefined],
  ['RR-7K3MQXABC', undefined],
  ['ERR-7K3MQXAB', undefined],
  ['RR-7K3MQX@B', undefined],
  ['RR-', undefined],
  ['7K3MQXAB', undefined],
  ['R-7K3MQXAB', undefined],
  ['RRR-7K3MQXAB', undefined],
  ['RR-7K3MQXAB1', undefined],
  ['受付番号を忘れました', undefined],
  ['さっきの申請ってどうなってる？', undefined],
]);

table('findPostalCode', findPostalCode, [
  ['〒100-0001', '100-0001'],
  ['100-0001', '100-0001'],
  ['1000001', '100-0001'],
  ['１００－０００１', '100-0001'],
  ['〒１００ー０００１', '100-0001'],
  ['〒1000001', '100-0001'],
  ['〒１０００００１', '100-0001'],
  ['１０００００１', '100-0001'],
  ['郵便番号は100-0001です', '100-0001'],
  ['郵便番号は1000001です', '100-0001'],
  ['郵便番号：１００ー０００１', '100-0001'],
  ['ゆうびんばんごうは1000001', '100-0001'],
  ['住所は〒100-0001 東京都千代田区', '100-0001'],
  ['100-0001 です', '100-0001'],
  ['〒 100-0001', '100-0001'],
  ['〒100 0001', '100-0001'],
  ['1000001です', '100-0001'],
  ['「100-0001」', '100-0001'],
  ['郵便番号 060-0001', '060-0001'],
  ['060-0001', '060-0001'],
  ['100-000', undefined],
  ['100-00011', undefined],
  ['03-1234-5678', undefined],
  ['0312345678', undefined],
  ['09012345678', undefined],
  ['090-1234-5678', undefined],
  ['0120-123-4567', undefined],
  ['コードは1000001です', undefined],
  ['住所は1000001', undefined],
  ['123456', undefined],
  ['1990/01/02', undefined],
  ['12345678', undefined],
  ['郵便番号は覚えていません', undefined],
]);

const date = (iso: string): DateFound => ({ kind: 'date', iso });
const INVALID: DateFound = { kind: 'invalid' };
const OUT_OF_RANGE: DateFound = { kind: 'out-of-range' };

table('findDate', (text) => findDate(text, TODAY), [
  ['1990/1/2', date('1990-01-02')],
  ['1990-01-02', date('1990-01-02')],
  ['1990.1.2', date('1990-01-02')],
  ['1990年1月2日', date('1990-01-02')],
  ['１９９０／０１／０２', date('1990-01-02')],
  ['１９９０年１月２日', date('1990-01-02')],
  ['1990 年 1 月 2 日', date('1990-01-02')],
  ['1990年01月02日生まれです', date('1990-01-02')],
  ['生年月日は1990-01-02 です', date('1990-01-02')],
  ['平成2年1月2日', date('1990-01-02')],
  ['平成２年１月２日', date('1990-01-02')],
  ['生まれは平成2年1月2日です', date('1990-01-02')],
  ['平成2年1月2日生まれでございます', date('1990-01-02')],
  ['平成元年1月8日', date('1989-01-08')],
  ['昭和60年4月1日', date('1985-04-01')],
  ['昭和64年1月7日', date('1989-01-07')],
  ['令和元年5月1日', date('2019-05-01')],
  ['平成31年4月30日', date('2019-04-30')],
  ['S60.4.1', date('1985-04-01')],
  ['H2/1/2', date('1990-01-02')],
  ['h2.1.2', date('1990-01-02')],
  ['Ｓ６０．４．１', date('1985-04-01')],
  ['H2年1月2日', date('1990-01-02')],
  ['R2.5.1', date('2020-05-01')],
  ['T10.1.1', date('1921-01-01')],
  ['明治45年7月29日', date('1912-07-29')],
  ['大正元年7月30日', date('1912-07-30')],
  ['昭和六十年四月一日', date('1985-04-01')],
  ['一九九〇年一月二日', date('1990-01-02')],
  ['千九百九十年十二月三十一日', date('1990-12-31')],
  ['二〇〇〇年二月二十九日', date('2000-02-29')],
  ['へいせい2ねん1がつ2にち', date('1990-01-02')],
  ['しょうわ60ねん4がつ1にち', date('1985-04-01')],
  ['1990ねん1月2日', date('1990-01-02')],
  ['19900102', date('1990-01-02')],
  ['1990/2/30', INVALID],
  ['2001/2/29', INVALID],
  ['1990/13/1', INVALID],
  ['1990年4月31日', INVALID],
  ['平成32年1月1日', INVALID],
  ['昭和65年1月1日', INVALID],
  ['平成31年5月1日', INVALID],
  ['平成元年1月2日', INVALID],
  ['令和元年4月30日', INVALID],
  ['1899/12/31', OUT_OF_RANGE],
  ['明治30年1月1日', OUT_OF_RANGE],
  ['2026/1/1', OUT_OF_RANGE],
  ['令和8年1月1日', OUT_OF_RANGE],
  ['90年1月2日', undefined],
  ['九十年一月二日', undefined],
  ['1月2日', undefined],
  ['2月30日', undefined],
  ['生まれは1990年です', undefined],
  ['1990年1月', undefined],
  ['1/2/1990', undefined],
  ['誕生日は覚えていません', undefined],
  ['090-1234-5678', undefined],
  ['生年月日を教えてください', undefined],
]);

table('findPrefecture', findPrefecture, [
  ['東京都', '東京都'],
  ['東京', '東京都'],
  ['東京都です', '東京都'],
  ['東京都でございます', '東京都'],
  ['京都', '京都府'],
  ['京都府', '京都府'],
  ['京都に住んでいます', '京都府'],
  ['東京都に住んでます', '東京都'],
  ['大阪', '大阪府'],
  ['住んでいるのは大阪です', '大阪府'],
  ['北海道', '北海道'],
  ['神奈川', '神奈川県'],
  ['鹿児島県です', '鹿児島県'],
  ['とうきょう', '東京都'],
  ['とうきょうと', '東京都'],
  ['トウキョウト', '東京都'],
  ['ﾄｳｷｮｳ', '東京都'],
  ['とーきょー', '東京都'],
  ['おおさか', '大阪府'],
  ['おーさか', '大阪府'],
  ['ほっかいどう', '北海道'],
  ['かながわけん', '神奈川県'],
  ['いばらぎ', '茨城県'],
  ['ならです', '奈良県'],
  ['すんでるのはちばけんです', '千葉県'],
  ['tokyo', '東京都'],
  ['Tokyo-to', '東京都'],
  ['TOKYO', '東京都'],
  ['Tōkyō', '東京都'],
  ['toukyou', '東京都'],
  ['osaka', '大阪府'],
  ['ōsaka', '大阪府'],
  ['oosaka', '大阪府'],
  ['Osaka-fu', '大阪府'],
  ['KYOTO FU', '京都府'],
  ['Hokkaido', '北海道'],
  ['Kanagawa-ken', '神奈川県'],
  ['hyougo', '兵庫県'],
  ['I live in Kochi', '高知県'],
  ['ｔｏｋｙｏ', '東京都'],
  ['北海', undefined],
  ['みえない', undefined],
  ['しがつ', undefined],
  ['わからないならいいです', undefined],
  ['住所は言いたくないです', undefined],
  ['tokyoite', undefined],
  ['', undefined],
]);

table('findCountry', findCountry, [
  ['日本', '日本'],
  ['日本です', '日本'],
  ['日本国', '日本'],
  ['にほん', '日本'],
  ['にっぽん', '日本'],
  ['ニッポン', '日本'],
  ['Japan', '日本'],
  ['JP', '日本'],
  ['jp', '日本'],
  ['米国', 'アメリカ合衆国'],
  ['アメリカに住んでます', 'アメリカ合衆国'],
  ['USA', 'アメリカ合衆国'],
  ['US', 'アメリカ合衆国'],
  ['United States', 'アメリカ合衆国'],
  ['韓国', '韓国'],
  ['South Korea', '韓国'],
  ['North Korea', '北朝鮮'],
  ['中国です', '中国'],
  ['台湾', '台湾'],
  ['英国', 'イギリス'],
  ['UK', 'イギリス'],
  ['カナダ', 'カナダ'],
  ['オーストラリア', 'オーストラリア'],
  ['オーストリア', 'オーストリア'],
  ['インドネシア', 'インドネシア'],
  ['タイです', 'タイ'],
  ['ﾀｲ', 'タイ'],
  ['let us go', undefined],
  ['タイプ', undefined],
  ['行きたいです', undefined],
  ['わからない', undefined],
  ['Japanese', undefined],
]);

table('findPersonName', findPersonName, [
  ['佐藤 花子', { kind: 'full', lastName: '佐藤', firstName: '花子' }],
  ['佐藤　花子', { kind: 'full', lastName: '佐藤', firstName: '花子' }],
  ['佐藤 花子です', { kind: 'full', lastName: '佐藤', firstName: '花子' }],
  ['山田 次郎でございます', { kind: 'full', lastName: '山田', firstName: '次郎' }],
  ['Sato Hanako', { kind: 'full', lastName: 'Sato', firstName: 'Hanako' }],
  ['Hanako Sato', { kind: 'full', lastName: 'Hanako', firstName: 'Sato' }],
  ['Ｓａｔｏ Ｈａｎａｋｏ', { kind: 'full', lastName: 'Sato', firstName: 'Hanako' }],
  ['さとう はなこ', { kind: 'full', lastName: 'さとう', firstName: 'はなこ' }],
  ['氏名は山田 花子です', { kind: 'full', lastName: '山田', firstName: '花子' }],
  ['My name is Hanako Sato', { kind: 'full', lastName: 'Hanako', firstName: 'Sato' }],
  ['佐藤です', { kind: 'single', name: '佐藤' }],
  ['佐藤', { kind: 'single', name: '佐藤' }],
  ['さとう', { kind: 'single', name: 'さとう' }],
  ['サトウ', { kind: 'single', name: 'サトウ' }],
  ['ﾔﾏﾀﾞ', { kind: 'single', name: 'ヤマダ' }],
  ['佐藤花子', { kind: 'single', name: '佐藤花子' }],
  ['佐藤と申します', { kind: 'single', name: '佐藤' }],
  ['花子といいます', { kind: 'single', name: '花子' }],
  ['花子だよ', { kind: 'single', name: '花子' }],
  ['姓は山田です', { kind: 'single', name: '山田' }],
  ['名前は次郎です', { kind: 'single', name: '次郎' }],
  ['苗字は山田です。', { kind: 'single', name: '山田' }],
  ['下の名前は花子', { kind: 'single', name: '花子' }],
  ['私は佐藤です', { kind: 'single', name: '佐藤' }],
  ['「佐藤」', { kind: 'single', name: '佐藤' }],
  ['佐藤でーす', { kind: 'single', name: '佐藤' }],
  ['山田です。よろしくお願いします', { kind: 'single', name: '山田' }],
  ['やまだ', { kind: 'single', name: 'やまだ' }],
  ['あやめ', { kind: 'single', name: 'あやめ' }],
  ['sato', { kind: 'single', name: 'sato' }],
  ['O\'Brien', { kind: 'single', name: 'O\'Brien' }],
  ['佐々木', { kind: 'single', name: '佐々木' }],
  ['Tanaka Taro desu', { kind: 'full', lastName: 'Tanaka', firstName: 'Taro' }],
  ["I'm Sato", { kind: 'single', name: 'Sato' }],
  ['名:花子', { kind: 'single', name: '花子' }],
  ['ありがとう', undefined],
  ['大丈夫です', undefined],
  ['こんにちは', undefined],
  ['わからない', undefined],
  ['わかりません', undefined],
  ['スキップ', undefined],
  ['登録していません', undefined],
  ['山田123', undefined],
  ['taro@example.com', undefined],
  ['名前って何を入れればいいですか？', undefined],
  ['アカウントの復元をしたい', undefined],
  ['パスワードを忘れました', undefined],
  ['はい', undefined],
  ['山田花子山田花子山田花子山田花子山田花子山田花子山田花子山田花子山田花子山田花子山', undefined],
  ['姓は山田、名は花子です', undefined],
  ['', undefined],
  ['。', undefined],
]);

// --- properties ------------------------------------------------------------------------------

/** Every finder with one signature, for the properties that apply to all of them. */
const FINDERS: readonly (readonly [string, (text: string) => unknown])[] = [
  ['findEmail', findEmail],
  ['findPhone', findPhone],
  ['findSkypeName', findSkypeName],
  ['findAccountName', findAccountName],
  ['findSixDigitCode', findSixDigitCode],
  ['findRecoveryCode', findRecoveryCode],
  ['findRequestNumber', findRequestNumber],
  ['findPostalCode', findPostalCode],
  ['findDate', (text) => findDate(text, TODAY)],
  ['findPrefecture', findPrefecture],
  ['findCountry', findCountry],
  ['findPersonName', findPersonName],
];

const TEMPLATES = [
  '{v}', '{v}です', 'コードは{v}です', '電話番号は{v}でお願いします', 'メールアドレスは {v} です', '「{v}」', '生まれは{v}です',
  '受付番号は{v}の状況は？', 'スカイプ名は {v} です', 'えっと、{v}かな', '{v} thanks', '〒{v}', '住んでいるのは{v}です',
];

const VALUES = fc.oneof(
  fc.stringMatching(/^0[789]0-\d{4}-\d{4}$/),
  fc.stringMatching(/^\+81 [789]0 \d{4} \d{4}$/),
  fc.stringMatching(/^\d{3} ?\d{3}$/),
  fc.stringMatching(/^\d{3}-?\d{4}$/),
  fc.stringMatching(/^[A-Za-z]{1,8}(\.[a-z]{1,5})?@[a-z]{2,8}\.(com|jp|net)$/),
  fc.stringMatching(/^(RR|rr)-?[A-Z0-9]{8}$/),
  fc.stringMatching(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/),
  fc.stringMatching(/^(19[0-9]{2}|200[0-9])\/(1[0-2]|[1-9])\/([1-9]|1[0-9]|2[0-8])$/),
  fc.stringMatching(/^[HSR][1-9]\.[1-9]\.[1-9]$/),
  fc.stringMatching(/^[a-z][a-z0-9_.]{5,12}$/),
  fc.constantFrom('Sato Hanako', 'Tanaka', 'Tokyo', 'osaka', 'Hokkaido', 'Kyoto-fu', 'Japan', 'USA', 'JP', 'United States'),
);

/** ASCII letters and digits → 全角 where the mask says so (one mask bit per character, cycling). */
function widen(text: string, mask: readonly boolean[]): string {
  return [...text]
    .map((c, i) => (/[0-9A-Za-z]/.test(c) && (mask[i % Math.max(mask.length, 1)] ?? true) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');
}

/** Japanese words with no digits, no kanji numerals and no Latin letters. */
const JAPANESE_WORDS = [
  'アカウント', 'パスワード', 'を', '忘れ', 'ました', 'です', 'お願い', 'します', 'コード', '届き', 'ません', 'メール', 'アドレス', '電話',
  '番号', 'は', 'が', 'の', '携帯', '郵便', '生まれ', '平成', '昭和', '令和', '年', '月', '日', '〒', 'ー', '、', '。', '？', 'えっと',
  'ちょっと', 'わからない', 'スカイプ', '受付', '状況', '教えて', 'ください', '東京', '大阪', 'ありがとう', 'ねん', 'がつ', 'にち', '　', ' ',
];
const KANJI_NUMERALS = new Set([...'〇一二三四五六七八九十百千元零']);
/** Random hiragana, katakana and CJK ideographs (kanji numerals left out: 一九九〇年 is a date). */
const JAPANESE_CHAR = fc
  .oneof(fc.integer({ min: 0x3041, max: 0x3096 }), fc.integer({ min: 0x30a1, max: 0x30fa }), fc.integer({ min: 0x4e00, max: 0x9fff }))
  .map((code) => String.fromCharCode(code))
  .filter((c) => !KANJI_NUMERALS.has(c));

const NO_VALUE_FINDERS = [findPhone, findSixDigitCode, findPostalCode, (text: string) => findDate(text, TODAY), findEmail, findRequestNumber, findRecoveryCode];

/** Pieces of digit-heavy replies: separators, particles and digit groups in any order. */
const DIGIT_PIECES = ['0', '1', '2', '3', '9', '090', '123', '4567', '81', '+', '-', ' ', '/', '.', '(', ')', '〒', 'は', 'です', '年', '月', 'ー', '、', '１', '０'];

const ERA_FORMAT = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' });
const ERA_LETTER = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'narrow', year: 'numeric', timeZone: 'UTC' });
const KANJI = '〇一二三四五六七八九';

/** 1990 → 一九九〇 (how kanji years are written). */
function kanjiDigits(n: number): string {
  return String(n).replace(/\d/g, (d) => KANJI[Number(d)] ?? '');
}

/** 1..99 → 一, 十二, 三十一 (how kanji months, days and era years are written). */
function kanjiPositional(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? (KANJI[tens] ?? '') : '') + (tens > 0 ? '十' : '') + (ones > 0 ? (KANJI[ones] ?? '') : '');
}

/** A date written the ways people type it; the era comes from ICU's Japanese calendar, not from the module under test. */
function dateWritings(d: Date): string[] {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const parts = ERA_FORMAT.formatToParts(d);
  const era = parts.find((p) => p.type === 'era')?.value ?? '';
  const eraYear = Number(parts.find((p) => p.type === 'year')?.value);
  const letter = ERA_LETTER.formatToParts(d).find((p) => p.type === 'era')?.value ?? '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return [
    `${y}/${m}/${day}`,
    `${y}-${pad(m)}-${pad(day)}`,
    `${y}.${m}.${day}`,
    `${y}年${m}月${day}日`,
    `${era}${eraYear === 1 ? '元' : eraYear}年${m}月${day}日`,
    `${era}${eraYear}年${m}月${day}日`,
    `${letter}${eraYear}.${m}.${day}`,
    `${letter.toLowerCase()}${eraYear}/${m}/${day}`,
    `${kanjiDigits(y)}年${kanjiPositional(m)}月${kanjiPositional(day)}日`,
    `${era}${kanjiPositional(eraYear)}年${kanjiPositional(m)}月${kanjiPositional(day)}日`,
    `生まれは${y}年${m}月${day}日です`,
    `生年月日は${era}${eraYear}年${m}月${day}日でございます`,
    widen(`${y}/${pad(m)}/${pad(day)}`, [true]),
  ];
}

describe('properties', () => {
  it('writing ASCII digits and letters in 全角 never changes what any finder returns', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), VALUES, fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (template, value, mask) => {
        const text = template.replace('{v}', value);
        const wide = widen(text, mask);
        expect(FINDERS.map(([name, find]) => [name, find(wide)])).toEqual(FINDERS.map(([name, find]) => [name, find(text)]));
      }),
      { numRuns: 100 },
    );
  });

  it('finds no phone, code, postal code, date, e-mail or request number in Japanese words without digits', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...JAPANESE_WORDS), { maxLength: 12 }), (words) => {
        const text = words.join('');
        expect(NO_VALUE_FINDERS.map((find) => find(text))).toEqual(NO_VALUE_FINDERS.map(() => undefined));
      }),
      { numRuns: 100 },
    );
  });

  it('finds none of them in random kana and kanji either', () => {
    fc.assert(
      fc.property(fc.string({ unit: JAPANESE_CHAR, maxLength: 30 }), (text) => {
        expect(NO_VALUE_FINDERS.map((find) => find(text))).toEqual(NO_VALUE_FINDERS.map(() => undefined));
      }),
      { numRuns: 100 },
    );
  });

  it('takes a phone number, a code or a postal code only from digits the text has, in that order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DIGIT_PIECES), { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        const digits = fold(text).replace(/\D/g, '');
        const code = findSixDigitCode(text);
        if (code !== undefined) expect(digits).toContain(code);
        const postal = findPostalCode(text);
        if (postal !== undefined) expect(digits).toContain(postal.replace('-', ''));
        const phone = findPhone(text);
        // +81 and the registration form's 9012345678 drop the leading 0.
        if (phone !== undefined) expect(digits.includes(phone) || digits.includes(phone.slice(1))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a valid date back to the same ISO date however it is written', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const writings = dateWritings(d);
        expect(writings.map((w) => [w, findDate(w, TODAY)])).toEqual(writings.map((w) => [w, { kind: 'date', iso }]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('findDate: English month names', () => {
  it.each([
    ['January 2, 1990', '1990-01-02'],
    ['Jan 2 1990', '1990-01-02'],
    ['2 January 1990', '1990-01-02'],
    ['2nd Jan. 1990', '1990-01-02'],
    ['born on April 1st, 1985', '1985-04-01'],
  ])('%j → %j', (text, iso) => {
    expect(findDate(text, '2026-11-30')).toEqual({ kind: 'date', iso });
  });
  it.each(['January 1990', 'Jan 2', 'may I ask'])('no date in %j', (text) => {
    expect(findDate(text, '2026-11-30')).toBeUndefined();
  });
});

describe('fold: the last text read is kept', () => {
  it('gives each text its own form, whatever was folded before', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const first = fold(a);
        fold(b);
        expect(fold(a)).toBe(first);
        expect(fold(b)).toBe(fold(`${b}`));
        expect(fold('ｔａｒｏ　　０９０ー１２３４')).toBe('taro 090-1234');
      }),
      { numRuns: 200 },
    );
  });
});
