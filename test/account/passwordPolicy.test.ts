import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPassword, PASSWORD_SYMBOLS } from '../../src/account/passwordPolicy';

describe('checkPassword', () => {
  it.each([
    ['Abcdefg1', ['upper', 'lower', 'digit']],
    ['abcdef1!', ['lower', 'digit', 'symbol']],
    ['ABCDEF1!', ['upper', 'digit', 'symbol']],
    ['Abc!Def@Ghi#Jkl$', ['upper', 'lower', 'symbol']],
    ['Aa1`~\\"\'<>?.,/', ['upper', 'lower', 'digit', 'symbol']],
  ])('accepts %s', (password, kinds) => {
    expect(checkPassword(password)).toEqual({ ok: true, kinds });
  });

  it.each([
    ['Abc1!', ['too-short']],
    ['', ['too-short', 'too-few-kinds']],
    ['Abcdefgh12345678X', ['too-long']],
    ['abcdefgh', ['too-few-kinds']],
    ['abcd1234', ['too-few-kinds']],
    ['ＡＢＣｄｅｆ１２', ['too-few-kinds', 'invalid-characters']],
    ['Abcd 1234', ['invalid-characters']],
    ['Abcdパス1234', ['invalid-characters']],
  ])('rejects %s with %j', (password, problems) => {
    const result = checkPassword(password);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(problems);
  });

  it('counts code points, not UTF-16 units', () => {
    const result = checkPassword('Abc1😀😀😀');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['too-short', 'invalid-characters']);
  });

  it('agrees with a reference implementation on random ASCII', () => {
    const reference = (p: string): boolean => {
      const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[`~!@#$%^&*()_+\-=|{}[\]\\:";'<>?.,/]/].filter((r) => r.test(p)).length;
      return p.length >= 8 && p.length <= 16 && kinds >= 3 && /^[\x21-\x7e]*$/.test(p);
    };
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 20 }), (p) => checkPassword(p).ok === reference(p)));
  });

  it('takes the seed symbol list, with no space in it', () => {
    expect(PASSWORD_SYMBOLS).toHaveLength(32);
    expect(PASSWORD_SYMBOLS).not.toContain(' ');
  });
});
