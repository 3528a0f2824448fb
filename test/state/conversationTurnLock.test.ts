import { TestAdapter, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { ConversationTurnLock, DEFAULT_LOCK_MAX_WAIT_MS, KeyedLock, conversationLockKey } from '../../src/state/conversationTurnLock';

/** A promise the test settles by hand. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedLock.run', () => {
  it('runs tasks of one key one after another, in the order they came', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const first = gate();
    const runs = [
      lock.run('a', async () => {
        log.push('1 start');
        await first.opened;
        log.push('1 end');
      }),
      lock.run('a', async () => {
        log.push('2 start');
        await settle();
        log.push('2 end');
      }),
      lock.run('a', async () => {
        log.push('3 start');
        log.push('3 end');
      }),
    ];
    await settle();
    expect(log).toEqual(['1 start']);
    first.open();
    await Promise.all(runs);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('runs tasks of different keys at the same time', async () => {
    const lock = new KeyedLock();
    const a = gate();
    const started: string[] = [];
    const runA = lock.run('a', async () => {
      started.push('a');
      await a.opened;
    });
    const runB = lock.run('b', async () => {
      started.push('b');
    });
    await runB;
    expect(started).toEqual(['a', 'b']);
    a.open();
    await runA;
  });

  it("returns each task's result, and a task that throws does not block the next", async () => {
    const lock = new KeyedLock();
    const failing = lock.run('a', async () => {
      throw new Error('task failed');
    });
    const next = lock.run('a', async () => 42);
    await expect(failing).rejects.toThrow('task failed');
    expect(await next).toBe(42);
  });

  it('removes a key once its last task ended, so memory stays bounded by the tasks in flight', async () => {
    const lock = new KeyedLock();
    const hold = gate();
    const runs = [lock.run('a', () => hold.opened), lock.run('a', async () => undefined), lock.run('b', async () => undefined)];
    expect(lock.size).toBe(2);
    await runs[2];
    expect(lock.size).toBe(1);
    hold.open();
    await Promise.all(runs);
    expect(lock.size).toBe(0);
    for (let i = 0; i < 1_000; i++) await lock.run(`conversation-${i}`, async () => undefined);
    expect(lock.size).toBe(0);
  });

  it('stops waiting after maxWaitMs for a stuck task, says so, and keeps the order for later ones', async () => {
    const timedOut: string[] = [];
    const lock = new KeyedLock({ maxWaitMs: 20, onWaitTimeout: (key) => timedOut.push(key) });
    const stuck = gate();
    const log: string[] = [];
    const first = lock.run('a', async () => {
      await stuck.opened;
      log.push('stuck done');
    });
    await lock.run('a', async () => void log.push('second ran'));
    expect(log).toEqual(['second ran']);
    expect(timedOut).toEqual(['a']);
    stuck.open();
    await first;
    expect(lock.size).toBe(0);
  });

  it('refuses a wait that is not positive, naming itself; waits 30 s by default', () => {
    expect(DEFAULT_LOCK_MAX_WAIT_MS).toBe(30_000);
    expect(() => new KeyedLock({ maxWaitMs: 0 })).toThrow('keyedLock: maxWaitMs must be a positive number of ms (got 0)');
  });
});

describe('ConversationTurnLock', () => {
  it('keys by channel and conversation', async () => {
    const keys: (string | undefined)[] = [];
    const adapter = new TestAdapter(async (context: TurnContext) => void keys.push(conversationLockKey(context)));
    await adapter.send('hello');
    expect(keys).toEqual([`test/${adapter.conversation.conversation.id}`]);
  });

  it('holds the rest of the turn (later middleware and the bot) inside the lock', async () => {
    const turnLock = new ConversationTurnLock();
    const inside: number[] = [];
    const adapter = new TestAdapter(async () => void inside.push(turnLock.lock.size));
    adapter.use(turnLock);
    await adapter.send('hello');
    expect(inside).toEqual([1]);
    expect(turnLock.lock.size).toBe(0);
  });
});
