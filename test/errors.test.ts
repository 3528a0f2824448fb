import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage } from '../src/errors';

describe('errorMessage', () => {
  it.each([
    [new Error('boom'), 'boom'],
    [new TypeError('bad type'), 'bad type'],
    ['a thrown string', 'a thrown string'],
    [{ reason: 'x' }, '{"reason":"x"}'],
    [undefined, 'undefined'],
    [42, '42'],
  ])('reads %o as %s', (thrown, message) => {
    expect(errorMessage(thrown)).toBe(message);
  });

  it('survives a value JSON cannot write', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(errorMessage(cyclic)).toBe('[object Object]');
  });
});

describe('errorCode', () => {
  it('reads the code of a Node.js system error', () => {
    expect(errorCode(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe('ENOENT');
  });
  it.each([[new Error('plain')], ['ENOENT'], [{ code: 2 }], [null]])('is undefined for %o', (thrown) => {
    expect(errorCode(thrown)).toBeUndefined();
  });
});
