import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, luhnValid, maskAccount, maskEmail, redact, redactDeep } from '../../src/privacy/redact';

describe('redact', () => {
  const table: readonly [string, string][] = [
    // emails
    ['メールは taro.yamada@example.com です', 'メールは [メール] です'],
    ['連絡先:hanako+test@mail.example.co.jpまで', '連絡先:[メール]まで'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍに届かない', '[メール]に届かない'],
    // phones, every usual writing
    ['電話番号は090-1234-5678です', '電話番号は[電話番号]です'],
    ['09012345678 に SMS が来ない', '[電話番号] に SMS が来ない'],
    ['090 1234 5678', '[電話番号]'],
    ['会社は(03)1234-5678です', '会社は[電話番号]です'],
    ['03(1234)5678', '[電話番号]'],
    ['03-1234-5678', '[電話番号]'],
    ['0120-123-456 にかけました', '[電話番号] にかけました'],
    ['+81-90-1234-5678', '[電話番号]'],
    ['+81 3 1234 5678', '[電話番号]'],
    ['+81(0)90-1234-5678', '[電話番号]'],
    ['携帯は０９０－１２３４－５６７８です', '携帯は[電話番号]です'],
    ['携帯は０９０ー１２３４ー５６７８です', '携帯は[電話番号]です'],
    ['０９０１２３４５６７８', '[電話番号]'],
    ['090-1234-5678 と 03-1234-5678', '[電話番号] と [電話番号]'],
    // postal codes
    ['〒123-4567 東京都', '[郵便番号] 東京都'],
    ['〒1234567', '[郵便番号]'],
    ['郵便番号は123-4567です', '郵便番号は[郵便番号]です'],
    ['〒１２３－４５６７', '[郵便番号]'],
    // cards (Luhn)
    ['カード 4111 1111 1111 1111 で払った', 'カード [カード番号] で払った'],
    ['4111-1111-1111-1111', '[カード番号]'],
    ['5500000000000004', '[カード番号]'],
    ['３７８２８２２４６３１０００５', '[カード番号]'],
    ['4111 1111 1111 1112', '[番号]'],
    // verification and recovery codes
    ['コードは123456です', 'コードは[コード]です'],
    ['コード１２３４５６７を入れた', 'コード[コード]を入れた'],
    ['回復コード ABCD1-EFGH2-JKLM3-NPQR4-STUV5', '回復コード [コード]'],
    ['回復コード abcd1-efgh2-jklm3', '回復コード [コード]'],
    // tokens in URLs
    ['https://account.example.com/reset?token=abcDEF123&lang=ja', 'https://account.example.com/reset?token=[トークン]&lang=ja'],
    ['https://example.com/cb?code=xyz987&state=1&sig=AbC', 'https://example.com/cb?code=[トークン]&state=1&sig=[トークン]'],
    ['リンク https://example.com/reset/9f8e7d6c5b4a/confirm を開いた', 'リンク https://example.com/reset/[トークン]/confirm を開いた'],
    ['access_token=eyJhbGciOi.abc.def', 'access_token=[トークン]'],
    // left alone
    ['パスワードを忘れました', 'パスワードを忘れました'],
    ['3回間違えました。2024年に作成', '3回間違えました。2024年に作成'],
    ['カードの下4桁は1234です', 'カードの下4桁は1234です'],
    ['サインイン-ページが表示されない', 'サインイン-ページが表示されない'],
    ['', ''],
  ];
  it.each(table)('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('replaces literals a flow marked sensitive, in any width or case', () => {
    expect(redact('答えは ポチ です。ＰＯＣＨＩ とも書きます', { sensitive: ['ポチ', 'pochi'] })).toBe('答えは [個人情報] です。[個人情報] とも書きます');
  });

  it('ignores sensitive literals shorter than two characters (they would erase words)', () => {
    expect(redact('山田です', { sensitive: ['山', ' '] })).toBe('山田です');
  });

  it('is idempotent', () => {
    for (const [input] of table) expect(redact(redact(input))).toBe(redact(input));
  });

  it('redacts every string inside objects and arrays, keeping keys and other values', () => {
    const value = { text: '090-1234-5678', n: 3, nested: [{ email: 'a.b@example.com' }], ok: true };
    expect(redactDeep(value)).toEqual({ text: '[電話番号]', n: 3, nested: [{ email: '[メール]' }], ok: true });
  });
});

describe('redact properties', () => {
  const japanese = fc.constantFrom('お問い合わせ', 'です', '。', '、', ' ', 'アカウント', '\n', '：');
  const around = fc.array(japanese, { maxLength: 3 }).map((a) => a.join(''));

  it('never leaks a generated email address', () => {
    fc.assert(
      fc.property(around, fc.emailAddress(), around, (before, email, after) => {
        expect(redact(`${before}${email}${after}`)).not.toContain(email);
      }),
      { numRuns: 300 },
    );
  });

  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
  const toFullWidth = (s: string) => s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

  it('never leaks a generated Japanese mobile number, in any writing', () => {
    const mobile = fc.tuple(fc.constantFrom('070', '080', '090'), digits(4), digits(4), fc.constantFrom('-', ' ', '', 'fw'));
    fc.assert(
      fc.property(around, mobile, around, (before, [a, b, c, sep], after) => {
        const written = sep === 'fw' ? toFullWidth(`${a}-${b}-${c}`) : `${a}${sep}${b}${sep}${c}`;
        const out = redact(`${before}${written}${after}`);
        expect(out).not.toContain(written);
        expect(fold(out)).not.toContain(`${a}${b}${c}`);
        expect(fold(out)).not.toContain(c);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaks a generated Luhn-valid card number', () => {
    const card = fc.tuple(digits(15), fc.constantFrom(' ', '-', '')).map(([body, sep]) => {
      const check = [...'0123456789'].find((d) => luhnValid(body + d)) as string;
      const full = body + check;
      return { full, written: full.replace(/(\d{4})(?=\d)/g, `$1${sep}`) };
    });
    fc.assert(
      fc.property(around, card, around, (before, { full, written }, after) => {
        const out = redact(`${before}${written}${after}`);
        expect(out.replace(/\D/g, '')).not.toContain(full.slice(-8));
      }),
      { numRuns: 300 },
    );
  });
});

describe('luhnValid', () => {
  it('accepts test card numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41x1')).toBe(false);
  });
});

describe('maskEmail / maskAccount', () => {
  it.each([
    ['taro@example.com', 't***@example.com'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 't***@example.com'],
    ['nobody', '***'],
  ])('maskEmail(%s) = %s', (input, expected) => expect(maskEmail(input)).toBe(expected));

  it.each([
    ['taro@example.com', 't***@example.com'],
    ['090-1234-5678', '*********78'],
    ['０９０１２３４５６７８', '*********78'],
    ['taro_live', 't***'],
    ['', '***'],
  ])('maskAccount(%s) = %s', (input, expected) => expect(maskAccount(input)).toBe(expected));
});

describe('redact keeps what is not personal data', () => {
  it('leaves masked addresses and our ticket numbers readable', () => {
    expect(redact('アカウント t***@example.com、受付番号 MDG-20261125-7F3K')).toBe('アカウント t***@example.com、受付番号 MDG-20261125-7F3K');
    expect(redact('*@a.aa と ***@example.com')).toBe('[メール] と [メール]');
  });
});
