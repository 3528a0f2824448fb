import type { Middleware, TurnContext } from 'botbuilder';

/**
 * One turn at a time per conversation, inside this process (issue 11).
 *
 * BotState loads the conversation's state when a turn first reads it and saves it at the end,
 * so two turns of one conversation running at once (a double click, a channel retry, a user
 * typing fast) both start from the same state and the later save undoes the earlier one's
 * step. Registered as the FIRST adapter middleware, the lock covers the whole turn, every
 * load and save included (the history middleware reads state too), so the second turn starts
 * from the first one's result. Turns of different conversations still run in parallel.
 *
 * Across instances, OptimisticConversationState catches what this cannot.
 */

/** Longest wait for the turn before, in ms: after it a turn runs anyway (the optimistic state still refuses a lost step) rather than hang behind a stuck one. */
export const DEFAULT_LOCK_MAX_WAIT_MS = 30_000;

export interface KeyedLockOptions {
  /** Longest wait for the task before, in ms; default DEFAULT_LOCK_MAX_WAIT_MS. */
  maxWaitMs?: number;
  /** Called when a task stops waiting for the one before after maxWaitMs; default: nothing. */
  onWaitTimeout?: (key: string) => void;
}

/**
 * Runs tasks one after another per key: a Map of promise chains, an entry removed as soon as
 * its last task ends, so memory is bounded by the tasks running or waiting.
 */
export class KeyedLock {
  /** Per key: settles when the last task queued under it has finished. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly maxWaitMs: number;
  private readonly onWaitTimeout: ((key: string) => void) | undefined;

  constructor(options: KeyedLockOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_LOCK_MAX_WAIT_MS;
    if (!(this.maxWaitMs > 0)) throw new RangeError(`keyedLock: maxWaitMs must be a positive number of ms (got ${this.maxWaitMs})`);
    this.onWaitTimeout = options.onWaitTimeout;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }

  /** Runs `task` once every task queued before it under `key` has finished (or maxWaitMs passed). */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key);
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    // The next task waits for this one and, through it, for every one before (tails never reject).
    const tail = before ? before.then(() => finished) : finished;
    this.tails.set(key, tail);
    try {
      if (before) await this.wait(key, before);
      return await task();
    } finally {
      finish();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  private async wait(key: string, before: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), this.maxWaitMs);
      // A waiting turn must not keep the process alive on shutdown.
      timer.unref();
    });
    try {
      if (await Promise.race([before.then(() => false), timedOut])) this.onWaitTimeout?.(key);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The lock key of a turn's conversation, or undefined when the activity names none. */
export function conversationLockKey(context: TurnContext): string | undefined {
  const { channelId, conversation } = context.activity;
  return channelId && conversation?.id ? `${channelId}/${conversation.id}` : undefined;
}

export interface ConversationTurnLockOptions extends KeyedLockOptions {
  /** The lock to use (tests inspect it); default: a new KeyedLock with these options. */
  lock?: KeyedLock;
}

/** Adapter middleware: the rest of the turn runs inside the conversation's lock. Register it first. */
export class ConversationTurnLock implements Middleware {
  readonly lock: KeyedLock;

  constructor(options: ConversationTurnLockOptions = {}) {
    this.lock = options.lock ?? new KeyedLock(options);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = conversationLockKey(context);
    if (key === undefined) return next();
    return this.lock.run(key, next);
  }
}
