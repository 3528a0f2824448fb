import { describe, expect, it } from 'vitest';
import { isRecord, property } from '../src/unknownValues';

describe('isRecord', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['x', false],
    [undefined, false],
  ])('%o → %s', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});

describe('property', () => {
  it('reads a nested value, and undefined where a step is missing or not an object', () => {
    const body: unknown = { user: { id: 'u1' }, list: [1], text: 'hi' };
    expect(property(body, 'user', 'id')).toBe('u1');
    expect(property(body, 'user', 'name')).toBeUndefined();
    expect(property(body, 'text', 'length')).toBeUndefined();
    expect(property(body, 'list', '0')).toBeUndefined();
    expect(property(null, 'user')).toBeUndefined();
    expect(property(body)).toBe(body);
  });
});
