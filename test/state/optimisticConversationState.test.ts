import { MemoryStorage, TestAdapter, TurnContext, type Storage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { openSharedContainer } from '../../src/storage/sharedContainer';
import { BlobStateStorage } from '../../src/state/blobStateStorage';
import { BoundedMemoryStorage } from '../../src/state/boundedMemoryStorage';
import { ETAG_NOT_REPORTED_ERROR, OptimisticConversationState } from '../../src/state/optimisticConversationState';
import { CREATE_ONLY_ETAG, STATE_CONFLICT_MESSAGE, StateConflictError } from '../../src/state/stateConflict';
import { useAzurite } from '../support/azurite';

const azurite = useAzurite();

let conversations = 0;

/** A turn of one conversation, as a fresh TurnContext (what each instance builds per request). */
function turn(conversationId: string): TurnContext {
  return new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, text: 'hi' });
}

/**
 * Two "instances": for memory, two states over one storage (one process, two racing turns);
 * for blob, two BlobStateStorage objects over their own clients of one container (two processes).
 */
const backends: [name: string, make: () => [Storage, Storage]][] = [
  [
    'BoundedMemoryStorage',
    () => {
      const shared = new BoundedMemoryStorage();
      return [shared, shared];
    },
  ],
  [
    'BlobStateStorage (Azurite)',
    () => [
      new BlobStateStorage({ container: openSharedContainer(azurite.connectionString, 'optimistic-state') }),
      new BlobStateStorage({ container: openSharedContainer(azurite.connectionString, 'optimistic-state') }),
    ],
  ],
];

describe.each(backends)('OptimisticConversationState over %s', (_name, make) => {
  const setUp = () => {
    const [storageA, storageB] = make();
    const stateA = new OptimisticConversationState(storageA);
    const stateB = new OptimisticConversationState(storageB);
    return { storageA, stateA, stateB, stepsA: stateA.createProperty<string[]>('steps'), stepsB: stateB.createProperty<string[]>('steps'), id: `conversation-${++conversations}` };
  };

  it('two turns load a new conversation, both change it: the second save fails with StateConflictError and the first one is stored', async () => {
    const { stateA, stateB, stepsA, stepsB, storageA, id } = setUp();
    const [a, b] = [turn(id), turn(id)];
    expect(await stepsA.get(a, [])).toEqual([]);
    expect(await stepsB.get(b, [])).toEqual([]);
    await stepsA.set(a, ['A']);
    await stepsB.set(b, ['B']);
    await stateA.saveChanges(a);
    const second = stateB.saveChanges(b);
    await expect(second).rejects.toThrow(StateConflictError);
    await expect(second).rejects.toThrow(STATE_CONFLICT_MESSAGE);
    const key = `test/conversations/${id}/`;
    expect((await storageA.read([key]))[key]).toMatchObject({ steps: ['A'] });
  });

  it('two turns load an existing conversation, both change it: the second save fails, the first one is stored', async () => {
    const { stateA, stateB, stepsA, stepsB, id } = setUp();
    const first = turn(id);
    await stepsA.set(first, ['start']);
    await stateA.saveChanges(first);
    const [a, b] = [turn(id), turn(id)];
    await stepsA.set(a, [...(await stepsA.get(a, [])), 'A']);
    await stepsB.set(b, [...(await stepsB.get(b, [])), 'B']);
    await stateA.saveChanges(a);
    await expect(stateB.saveChanges(b)).rejects.toThrow(StateConflictError);
    expect(await stepsB.get(turn(id), [])).toEqual(['start', 'A']);
  });

  it('turns one after another (across the two instances) never conflict, and a second save in one turn is no conflict', async () => {
    const { stateA, stateB, stepsA, stepsB, id } = setUp();
    for (let i = 0; i < 3; i++) {
      const [state, steps] = i % 2 === 0 ? [stateA, stepsA] : [stateB, stepsB];
      const context = turn(id);
      await steps.set(context, [...(await steps.get(context, [])), `turn ${i}`]);
      await state.saveChanges(context);
      // The history middleware saves again after the bot: the eTag of the first save is the one to match.
      await steps.set(context, [...(await steps.get(context, [])), `turn ${i} again`]);
      await state.saveChanges(context);
    }
    expect(await stepsA.get(turn(id), [])).toEqual(['turn 0', 'turn 0 again', 'turn 1', 'turn 1 again', 'turn 2', 'turn 2 again']);
  });

  it('writes nothing when nothing changed (a turn that only read cannot conflict)', async () => {
    const { stateA, stateB, stepsA, stepsB, id } = setUp();
    const first = turn(id);
    await stepsA.set(first, ['start']);
    await stateA.saveChanges(first);
    const [a, b] = [turn(id), turn(id)];
    await stepsA.get(a);
    await stepsB.set(b, ['B']);
    await stateB.saveChanges(b);
    await stateA.saveChanges(a);
    expect(await stepsA.get(turn(id), [])).toEqual(['B']);
  });

  it('a turn that clears the state still saves against what it loaded', async () => {
    const { stateA, stateB, stepsA, stepsB, id } = setUp();
    const first = turn(id);
    await stepsA.set(first, ['start']);
    await stateA.saveChanges(first);
    const [a, b] = [turn(id), turn(id)];
    await stepsA.get(a);
    await stepsB.set(b, ['B']);
    await stateB.saveChanges(b);
    await stateA.clear(a);
    await expect(stateA.saveChanges(a)).rejects.toThrow(StateConflictError);
    expect(await stepsA.get(turn(id), [])).toEqual(['B']);
  });

  it('after delete, the next turn starts a new conversation', async () => {
    const { stateA, stepsA, id } = setUp();
    const first = turn(id);
    await stepsA.set(first, ['start']);
    await stateA.saveChanges(first);
    await stateA.delete(turn(id));
    const next = turn(id);
    expect(await stepsA.get(next, [])).toEqual([]);
    await stepsA.set(next, ['again']);
    await stateA.saveChanges(next);
    expect(await stepsA.get(turn(id), [])).toEqual(['again']);
  });
});

describe('OptimisticConversationState with a storage that does not report eTags', () => {
  it("refuses botbuilder's MemoryStorage after the first save, naming what to use", async () => {
    const state = new OptimisticConversationState(new MemoryStorage());
    const context = turn('plain-memory');
    await state.createProperty<number>('n').set(context, 1);
    await expect(state.saveChanges(context)).rejects.toThrow(ETAG_NOT_REPORTED_ERROR);
    expect(ETAG_NOT_REPORTED_ERROR).toMatch(/^optimisticConversationState: /);
  });

  it('sends CREATE_ONLY_ETAG for a conversation that did not exist', async () => {
    const sent: unknown[] = [];
    const inner = new BoundedMemoryStorage();
    const spy: Storage = {
      read: (keys) => inner.read(keys),
      write: (changes) => {
        sent.push(...Object.values(changes).map((item) => (item as { eTag?: unknown }).eTag));
        return inner.write(changes);
      },
      delete: (keys) => inner.delete(keys),
    };
    const state = new OptimisticConversationState(spy);
    const context = turn('spy');
    await state.createProperty<number>('n').set(context, 1);
    await state.saveChanges(context);
    expect(sent).toEqual([CREATE_ONLY_ETAG]);
  });
});

describe('OptimisticConversationState over a JsonItemStorage (issue 11, cost per turn)', () => {
  /** BoundedMemoryStorage, counting the JSON writes and what they were sent with. */
  function counting() {
    const inner = new BoundedMemoryStorage();
    const writes: { json: string; eTag: string | undefined }[] = [];
    const storage = Object.assign(Object.create(inner) as BoundedMemoryStorage, {
      writeJson: (key: string, json: string, eTag: string | undefined) => {
        writes.push({ json, eTag });
        return inner.writeJson(key, json, eTag);
      },
    });
    return { storage, writes };
  }

  it('writes the JSON once per changed turn, with the eTag it loaded; a turn that changes nothing or sets an equal value writes nothing', async () => {
    const { storage, writes } = counting();
    const state = new OptimisticConversationState(storage);
    const steps = state.createProperty<string[]>('steps');
    const first = turn('json-storage');
    await steps.set(first, ['a']);
    await state.saveChanges(first);
    expect(writes).toEqual([{ json: '{"steps":["a"]}', eTag: CREATE_ONLY_ETAG }]);

    const reading = turn('json-storage');
    expect(await steps.get(reading, [])).toEqual(['a']);
    await steps.set(reading, ['a']);
    await state.saveChanges(reading);
    expect(writes).toHaveLength(1);

    const changing = turn('json-storage');
    await steps.set(changing, [...(await steps.get(changing, [])), 'b']);
    await state.saveChanges(changing);
    // A second save in the same turn matches the eTag of the first.
    await steps.set(changing, ['a', 'b', 'c']);
    await state.saveChanges(changing);
    expect(writes.slice(1).map((w) => w.json)).toEqual(['{"steps":["a","b"]}', '{"steps":["a","b","c"]}']);
    expect(await steps.get(turn('json-storage'), [])).toEqual(['a', 'b', 'c']);
  });

  it('the next turn starts from a copy of what was saved: what the JSON says, shared with no other turn', async () => {
    const storage = new BoundedMemoryStorage();
    const state = new OptimisticConversationState(storage);
    const form = state.createProperty<{ answers: string[]; at?: unknown }>('form');
    const key = 'test/conversations/copy-handoff/';

    const first = turn('copy-handoff');
    const saved = { answers: ['山田'] };
    await form.set(first, saved);
    await state.saveChanges(first);
    // A change after the save, never saved, must not reach the next turn.
    saved.answers.push('not saved');

    const second = turn('copy-handoff');
    const loaded = await form.get(second);
    expect(loaded).toStrictEqual({ answers: ['山田'] });
    expect(loaded).not.toBe(saved);
    // The copy was handed to this turn: the store now has only the JSON for anyone else.
    expect(await storage.readJson(key)).toStrictEqual({ json: expect.any(String) as string, eTag: expect.any(String) as string });
    loaded?.answers.push('changed in a turn that fails before saving');
    expect(await form.get(turn('copy-handoff'))).toStrictEqual({ answers: ['山田'] });

    // A value whose JSON round trip is not plain (a Date) is not copied: the next turn parses the JSON, as before.
    const third = turn('copy-handoff');
    await form.set(third, { answers: [], at: new Date(Date.UTC(2026, 0, 2)) });
    await state.saveChanges(third);
    expect(await storage.readJson(key)).toStrictEqual({ json: expect.any(String) as string, eTag: expect.any(String) as string });
    expect(await form.get(turn('copy-handoff'))).toStrictEqual({ answers: [], at: '2026-01-02T00:00:00.000Z' });
  });
});

describe('OptimisticConversationState.createProperty', () => {
  it('reads, defaults, sets and deletes as BotStatePropertyAccessor does, and what it sets is saved', async () => {
    const storage = new BoundedMemoryStorage();
    const state = new OptimisticConversationState(storage);
    const memory = state.createProperty<{ last?: string; seen: string[] }>('memory');
    const id = `accessor-${++conversations}`;

    const first = turn(id);
    // Nothing loaded yet: the accessor loads the state itself.
    expect(await memory.get(first)).toBeUndefined();
    const fallback = { seen: ['a'] };
    const value = await memory.get(first, fallback);
    // The default is stored as a copy, never the caller's object.
    expect(value).toEqual({ seen: ['a'] });
    expect(value).not.toBe(fallback);
    fallback.seen.push('changed by the caller');
    expect(await memory.get(first)).toEqual({ seen: ['a'] });
    await memory.set(first, { last: 'answer', seen: ['a', 'b'] });
    await state.saveChanges(first);

    const second = turn(id);
    expect(await memory.get(second, { seen: [] })).toEqual({ last: 'answer', seen: ['a', 'b'] });
    await memory.delete(second);
    expect(await memory.get(second)).toBeUndefined();
    await state.saveChanges(second);

    expect(await memory.get(turn(id))).toBeUndefined();
  });

  it('gives a rejected promise, not a throw, when the state cannot be loaded', async () => {
    const failing: Storage = {
      read: async () => {
        throw new Error('storage down');
      },
      write: async () => undefined,
      delete: async () => undefined,
    };
    const memory = new OptimisticConversationState(failing).createProperty<string>('memory');
    const pending = memory.get(turn(`accessor-${++conversations}`));
    await expect(pending).rejects.toThrow('storage down');
  });
});
