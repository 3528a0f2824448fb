import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCopy, type JsonObject } from '../../src/state/jsonCopy';

/** What the copy must equal: the JSON round trip. */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('jsonCopy', () => {
  it('gives what the JSON round trip gives, in the same key order, for plain data', () => {
    const state: JsonObject = {
      handoffHistory: { turns: [{ kind: 'user', at: '2026-12-01T00:00:00.000Z', text: 'パスワードを忘れました' }], maskedAccount: 't***@example.com' },
      dialogState: { dialogStack: [{ id: 'madoguchi.root', state: { stepIndex: 0, values: { n: 1.5, ok: true, none: null } } }] },
      10: 'an integer-like key', a: 'first', '2': 'then', left: undefined, f: () => 1,
    };
    const copy = jsonCopy(state);
    expect(copy).toStrictEqual(roundTrip(state));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(state));
  });

  it('shares no object or array with what it copies (the reader may change it)', () => {
    const state: JsonObject = { list: [{ a: 1 }], nested: { b: [2] } };
    const copy = jsonCopy(state);
    (copy?.list as { a: number }[])[0]!.a = 9;
    ((copy?.nested as { b: number[] }).b).push(3);
    expect(state).toStrictEqual({ list: [{ a: 1 }], nested: { b: [2] } });
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['a class instance', { value: new (class Point { x = 1 })() }],
    ['a Map', { value: new Map([['a', 1]]) }],
    ['a toJSON', { value: { toJSON: () => 'x' } }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject],
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['-0', { n: -0 }],
    ['an array hole', { list: [1, , 3] }],
    ['undefined in an array', { list: [undefined] }],
    ['a function in an array', { list: [() => 1] }],
    ['an array with a toJSON', { list: Object.assign([1], { toJSON: () => [] }) }],
  ])('gives undefined (the caller parses the JSON) for %s', (_name, value) => {
    expect(jsonCopy(value as JsonObject)).toBeUndefined();
  });

  it('is the JSON round trip, or undefined, for any value JSON.stringify accepts', () => {
    const odd = fc.constantFrom<unknown>(undefined, Number.NaN, -0, Number.POSITIVE_INFINITY, new Date(0), () => 1, Symbol('s'), [1, , 2]);
    const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), odd);
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', '0', '10', 'eTag'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }));
    let copied = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (state) => {
        const copy = jsonCopy(state as JsonObject);
        if (copy === undefined) return;
        copied++;
        expect(copy).toStrictEqual(roundTrip(state));
        expect(JSON.stringify(copy)).toBe(JSON.stringify(state));
      }),
      { numRuns: 2_000 },
    );
    // The property is about copies: most generated states must have been copied, not refused.
    expect(copied).toBeGreaterThan(500);
  });
});
