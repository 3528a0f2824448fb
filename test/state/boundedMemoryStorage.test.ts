import { describe, expect, it } from 'vitest';
import { BoundedMemoryStorage, DEFAULT_IDLE_MS, DEFAULT_MAX_ITEMS, DEFAULT_MAX_PARSED_COPIES } from '../../src/state/boundedMemoryStorage';
import { CREATE_ONLY_ETAG, STATE_CONFLICT_MESSAGE, StateConflictError } from '../../src/state/stateConflict';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('BoundedMemoryStorage constructor', () => {
  it('defaults to 4 hours and 10,000 items', () => {
    expect(DEFAULT_IDLE_MS).toBe(4 * 3_600_000);
    expect(DEFAULT_MAX_ITEMS).toBe(10_000);
  });

  it('refuses a bound that is not a positive integer, naming it', () => {
    expect(() => new BoundedMemoryStorage({ maxItems: 0 })).toThrow('boundedMemoryStorage: maxItems must be a positive integer (got 0)');
    expect(() => new BoundedMemoryStorage({ maxItems: 1.5 })).toThrow('boundedMemoryStorage: maxItems must be a positive integer (got 1.5)');
    expect(() => new BoundedMemoryStorage({ idleMs: 0 })).toThrow('boundedMemoryStorage: idleMs must be a positive number of ms (got 0)');
  });
});

describe('BoundedMemoryStorage read and write (MemoryStorage semantics)', () => {
  it('returns a copy with an eTag: changing it changes nothing stored', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { count: 1, nested: { list: [1] } } });
    const first = (await storage.read(['a'])).a as { count: number; nested: { list: number[] }; eTag: string };
    expect(first).toMatchObject({ count: 1, nested: { list: [1] } });
    expect(typeof first.eTag).toBe('string');
    first.count = 99;
    first.nested.list.push(2);
    expect(await storage.read(['a'])).toEqual({ a: { count: 1, nested: { list: [1] }, eTag: first.eTag } });
  });

  it('leaves out keys that were never written or were deleted; deleting a missing key is fine', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    await storage.delete(['a', 'missing']);
    expect(Object.keys(await storage.read(['a', 'b', 'c']))).toEqual(['b']);
  });

  it("gives the written object its new eTag, so the next write with it is not a conflict", async () => {
    const storage = new BoundedMemoryStorage();
    const item: Record<string, unknown> = { v: 1 };
    await storage.write({ a: item });
    const firstETag = item.eTag;
    expect(typeof firstETag).toBe('string');
    item.v = 2;
    await storage.write({ a: item });
    expect(item.eTag).not.toBe(firstETag);
    expect(await storage.read(['a'])).toEqual({ a: { v: 2, eTag: item.eTag } });
  });

  it("overwrites with '*' or no eTag, whatever is stored", async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1 } });
    await storage.write({ a: { v: 2, eTag: '*' } });
    await storage.write({ a: { v: 3 } });
    expect((await storage.read(['a'])).a).toMatchObject({ v: 3 });
  });

  it('refuses a stale eTag with StateConflictError and keeps what is stored', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1 } });
    const loaded = (await storage.read(['a'])).a as { v: number; eTag: string };
    await storage.write({ a: { ...loaded, v: 2 } });
    const stale = storage.write({ a: { ...loaded, v: 3 } });
    await expect(stale).rejects.toThrow(StateConflictError);
    await expect(stale).rejects.toThrow(STATE_CONFLICT_MESSAGE);
    await expect(stale).rejects.toMatchObject({ key: 'a', name: 'StateConflictError' });
    expect((await storage.read(['a'])).a).toMatchObject({ v: 2 });
  });

  it('refuses an eTag for a missing item (as Blob Storage does): it was deleted or expired since it was read', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1 } });
    const loaded = (await storage.read(['a'])).a as { eTag: string };
    await storage.delete(['a']);
    await expect(storage.write({ a: { v: 2, eTag: loaded.eTag } })).rejects.toThrow(StateConflictError);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('CREATE_ONLY_ETAG creates a missing item and refuses an existing one', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1, eTag: CREATE_ONLY_ETAG } });
    await expect(storage.write({ a: { v: 2, eTag: CREATE_ONLY_ETAG } })).rejects.toThrow(StateConflictError);
    expect((await storage.read(['a'])).a).toMatchObject({ v: 1 });
  });

  it('writes none of several items when one is refused', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ a: { v: 1 } });
    await expect(storage.write({ b: { v: 1 }, a: { v: 2, eTag: CREATE_ONLY_ETAG } })).rejects.toThrow(StateConflictError);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['a']);
  });

  it('requires keys and changes, naming itself', async () => {
    const storage = new BoundedMemoryStorage();
    await expect(storage.read(undefined as unknown as string[])).rejects.toThrow('boundedMemoryStorage: keys are required when reading');
    await expect(storage.write(undefined as unknown as Record<string, unknown>)).rejects.toThrow('boundedMemoryStorage: changes are required when writing');
  });
});

describe('BoundedMemoryStorage bound (least recently used dropped first)', () => {
  it('never holds more than maxItems', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 5 });
    for (let i = 0; i < 50; i++) {
      await storage.write({ [`k${i}`]: { i } });
      expect(storage.size).toBeLessThanOrEqual(5);
    }
    expect(storage.keys()).toEqual(['k45', 'k46', 'k47', 'k48', 'k49']);
  });

  it('drops the least recently used: a read or a write makes an item recent', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 3 });
    await storage.write({ a: { v: 1 } });
    await storage.write({ b: { v: 1 } });
    await storage.write({ c: { v: 1 } });
    await storage.read(['a']); // order now b, c, a
    await storage.write({ b: { v: 2 } }); // order now c, a, b
    expect(storage.keys()).toEqual(['c', 'a', 'b']);
    await storage.write({ d: { v: 1 } });
    expect(storage.keys()).toEqual(['a', 'b', 'd']);
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'b', 'd']);
  });

  it('a read of a missing key does not count as a use of anything', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 2 });
    await storage.write({ a: { v: 1 } });
    await storage.write({ b: { v: 1 } });
    await storage.read(['zzz']);
    expect(storage.keys()).toEqual(['a', 'b']);
  });
});

describe('BoundedMemoryStorage idle expiry (fake clock)', () => {
  it('an item not read or written for idleMs is gone; one used in time stays', async () => {
    const clock = fakeClock();
    const storage = new BoundedMemoryStorage({ idleMs: 1_000, now: clock.now });
    await storage.write({ idle: { v: 1 }, busy: { v: 1 } });
    clock.advance(600);
    await storage.read(['busy']);
    clock.advance(400); // idle: 1,000 ms unused; busy: 400 ms
    expect(Object.keys(await storage.read(['idle', 'busy']))).toEqual(['busy']);
    clock.advance(999);
    expect(Object.keys(await storage.read(['busy']))).toEqual(['busy']);
  });

  it('expired items are swept on any access, not only when their own key is read', async () => {
    const clock = fakeClock();
    const storage = new BoundedMemoryStorage({ idleMs: 1_000, now: clock.now });
    for (let i = 0; i < 100; i++) await storage.write({ [`old${i}`]: { i } });
    clock.advance(500);
    await storage.write({ young: { v: 1 } });
    clock.advance(500);
    expect(storage.size).toBe(101);
    await storage.write({ other: { v: 1 } });
    expect(storage.keys()).toEqual(['young', 'other']);
  });

  it('an expired item can be created again with CREATE_ONLY_ETAG (a conversation that was left starts afresh)', async () => {
    const clock = fakeClock();
    const storage = new BoundedMemoryStorage({ idleMs: 1_000, now: clock.now });
    await storage.write({ a: { v: 1 } });
    clock.advance(1_000);
    await storage.write({ a: { v: 2, eTag: CREATE_ONLY_ETAG } });
    expect((await storage.read(['a'])).a).toMatchObject({ v: 2 });
  });
});

describe('BoundedMemoryStorage readJson and writeJson (OptimisticConversationState, issue 11)', () => {
  it("hands writeJson's parsed copy to the next reader only, once; a later write without one leaves none", async () => {
    const storage = new BoundedMemoryStorage();
    const parsed = { count: 1 };
    const eTag = await storage.writeJson('a', '{"count":1}', undefined, parsed);
    const first = await storage.readJson('a');
    expect(first).toEqual({ json: '{"count":1}', eTag, parsed });
    expect(first?.parsed).toBe(parsed);
    expect(await storage.readJson('a')).toEqual({ json: '{"count":1}', eTag });
    expect((await storage.readJson('a'))?.parsed).toBeUndefined();

    await storage.writeJson('a', '{"count":2}', eTag, { count: 2 });
    await storage.write({ a: { count: 3 } });
    expect((await storage.readJson('a'))?.parsed).toBeUndefined();
    const again = await storage.writeJson('b', '{"n":1}', undefined, { n: 1 });
    await storage.delete(['b']);
    await storage.writeJson('b', '{"n":2}', undefined);
    expect(await storage.readJson('b')).toEqual({ json: '{"n":2}', eTag: String(Number(again) + 1) });
  });

  it(`keeps at most ${DEFAULT_MAX_PARSED_COPIES} parsed copies, those written last`, async () => {
    const storage = new BoundedMemoryStorage();
    for (let i = 0; i <= DEFAULT_MAX_PARSED_COPIES; i++) await storage.writeJson(`k${i}`, `{"i":${i}}`, undefined, { i });
    expect((await storage.readJson('k0'))?.parsed).toBeUndefined();
    expect((await storage.readJson('k1'))?.parsed).toEqual({ i: 1 });
    expect((await storage.readJson(`k${DEFAULT_MAX_PARSED_COPIES}`))?.parsed).toEqual({ i: DEFAULT_MAX_PARSED_COPIES });
  });

  it('reads what write stored as its JSON and eTag, and read sees what writeJson stored', async () => {
    const storage = new BoundedMemoryStorage();
    const item: Record<string, unknown> = { count: 1, text: 'こんにちは' };
    await storage.write({ a: item });
    expect(await storage.readJson('a')).toEqual({ json: '{"count":1,"text":"こんにちは"}', eTag: item.eTag });
    const eTag = await storage.writeJson('a', '{"count":2}', item.eTag as string);
    expect(eTag).not.toBe(item.eTag);
    expect((await storage.read(['a'])).a).toEqual({ count: 2, eTag });
    expect(await storage.readJson('missing')).toBeUndefined();
  });

  it('writeJson honours the eTag as write does: a stale one and create-only over an item are refused, nothing changed', async () => {
    const storage = new BoundedMemoryStorage();
    const first = await storage.writeJson('a', '{"v":1}', CREATE_ONLY_ETAG);
    await expect(storage.writeJson('a', '{"v":2}', CREATE_ONLY_ETAG)).rejects.toThrow(StateConflictError);
    const second = await storage.writeJson('a', '{"v":3}', first);
    await expect(storage.writeJson('a', '{"v":4}', first)).rejects.toThrow(STATE_CONFLICT_MESSAGE);
    expect(await storage.readJson('a')).toEqual({ json: '{"v":3}', eTag: second });
    await expect(storage.writeJson('b', '{"v":1}', first)).rejects.toThrow(StateConflictError);
  });

  it('writeJson keeps the bound: the least recently used item goes first', async () => {
    const storage = new BoundedMemoryStorage({ maxItems: 2 });
    await storage.writeJson('a', '{}', undefined);
    await storage.writeJson('b', '{}', undefined);
    await storage.readJson('a');
    await storage.writeJson('c', '{}', undefined);
    expect(storage.keys()).toEqual(['a', 'c']);
  });
});
