import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxMessage } from '../../src/account/outbox';
import type { ConversationTag } from '../../src/requestScope';

const message = (n: number): OutboxMessage => ({ to: `user${n}@example.com`, kind: 'security-code', code: String(100000 + n), at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() });

describe('Outbox.listFor', () => {
  it('gives only what one conversation sent, newest first', () => {
    const outbox = new Outbox(10);
    const a: ConversationTag = { channelId: 'webchat', conversationId: 'a' };
    const b: ConversationTag = { channelId: 'webchat', conversationId: 'b' };
    outbox.add(message(1), a);
    outbox.add(message(2), b);
    outbox.add(message(3));
    outbox.add(message(4), a);
    expect(outbox.listFor(a)).toEqual([message(4), message(1)]);
    expect(outbox.listFor(b)).toEqual([message(2)]);
    expect(outbox.listFor({ channelId: 'msteams', conversationId: 'a' })).toEqual([]);
    expect(outbox.list()).toEqual([message(4), message(3), message(2), message(1)]);
  });

  it('forgets what the capacity dropped', () => {
    const outbox = new Outbox(2);
    const a: ConversationTag = { channelId: 'webchat', conversationId: 'a' };
    outbox.add(message(1), a);
    outbox.add(message(2), a);
    outbox.add(message(3));
    expect(outbox.listFor(a)).toEqual([message(2)]);
    outbox.add(message(4));
    expect(outbox.listFor(a)).toEqual([]);
  });

  it('agrees with filtering the whole outbox by origin, whatever was added', () => {
    // The index must give what a scan of the kept messages gives (the reference here).
    const tags: readonly (ConversationTag | undefined)[] = [
      undefined,
      { channelId: 'webchat', conversationId: 'a' },
      { channelId: 'webchat', conversationId: 'b' },
      { channelId: 'directline', conversationId: 'a' },
      { channelId: 'webchat\na', conversationId: '' },
      { channelId: 'webchat', conversationId: '\na' },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: tags.length - 1 }), { maxLength: 40 }), (capacity, origins) => {
        const outbox = new Outbox(capacity);
        const kept: { message: OutboxMessage; origin: ConversationTag | undefined }[] = [];
        origins.forEach((o, n) => {
          const origin = tags[o];
          outbox.add(message(n), origin);
          kept.unshift({ message: message(n), origin });
          kept.length = Math.min(kept.length, capacity);
        });
        for (const tag of tags) {
          if (!tag) continue;
          const expected = kept.filter((k) => k.origin?.channelId === tag.channelId && k.origin.conversationId === tag.conversationId).map((k) => k.message);
          expect(outbox.listFor(tag)).toEqual(expected);
        }
      }),
    );
  });
});
