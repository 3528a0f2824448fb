import { MemoryStorage, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MAX_INDEX_WRITE_ATTEMPTS,
  RECOVERY_NOTICE_INDEX_KEY,
  RECOVERY_NOTICE_KEY_PREFIX,
  RecoveryNoticeStore,
  deliveryReference,
  toConversationReference,
} from '../../src/recoveryNotices/recoveryNoticeStore';
import { TEAMS_REFERENCE, TEAMS_REFERENCE_AS_SENT } from './references';

const FIXED_NOW = Date.parse('2026-11-30T01:00:00Z');

function store(storage = new MemoryStorage(), maxPending?: number) {
  return new RecoveryNoticeStore({ storage, now: () => FIXED_NOW, ...(maxPending ? { maxPending } : {}) });
}

/** A MemoryStorage over a map the test can read (it keeps each item as a JSON string). */
function memoryStorage(initial: Record<string, string> = {}): { storage: MemoryStorage; dump: () => string } {
  const memory: Record<string, string> = { ...initial };
  return { storage: new MemoryStorage(memory), dump: () => JSON.stringify(memory) };
}

describe('deliveryReference', () => {
  it('keeps what delivery needs and drops names, AAD object ids and the activity id', () => {
    expect(deliveryReference(TEAMS_REFERENCE)).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/jp/',
      locale: 'ja-JP',
      conversation: { id: 'a:1personalChatId', conversationType: 'personal', isGroup: false, tenantId: 'tenant-1' },
      bot: { id: '28:bot-app-id' },
      user: { id: '29:1abcUserOpaqueId' },
    });
  });

  it('is undefined when a reference cannot be delivered to (no conversation id)', () => {
    expect(deliveryReference({ ...TEAMS_REFERENCE, conversation: undefined })).toBeUndefined();
  });

  it('converts back to a reference continueConversationAsync accepts, with empty names', () => {
    const minimal = deliveryReference(TEAMS_REFERENCE);
    if (!minimal) throw new Error('test: no reference');
    expect(toConversationReference(minimal)).toEqual(TEAMS_REFERENCE_AS_SENT);
  });
});

describe('RecoveryNoticeStore', () => {
  it('remember → pending → forget, under its own key prefix, with no name in storage', async () => {
    const { storage, dump } = memoryStorage();
    const notices = store(storage);
    expect(await notices.remember('RR-ABCDEFGH', TEAMS_REFERENCE)).toBe(true);
    const { notices: pending, unreadable } = await notices.pending();
    expect(unreadable).toEqual([]);
    expect(pending).toEqual([{ ticketId: 'RR-ABCDEFGH', reference: deliveryReference(TEAMS_REFERENCE), rememberedAt: '2026-11-30T01:00:00.000Z', failedDeliveries: 0 }]);
    const stored = await storage.read([RECOVERY_NOTICE_INDEX_KEY, `${RECOVERY_NOTICE_KEY_PREFIX}ticket/RR-ABCDEFGH`]);
    expect(Object.keys(stored)).toHaveLength(2);
    for (const secret of ['山田', '次郎', '6f1c0000', '1732700000000']) expect(dump()).not.toContain(secret);

    await notices.forget('RR-ABCDEFGH');
    expect((await notices.pending()).notices).toEqual([]);
    expect(dump()).not.toContain('RR-ABCDEFGH');
  });

  it('shares the storage with conversation state without touching its keys', async () => {
    const { storage, dump } = memoryStorage({ 'msteams/conversations/a:1personalChatId': JSON.stringify({ dialogState: {}, eTag: '1' }) });
    await store(storage).remember('RR-ABCDEFGH', TEAMS_REFERENCE);
    expect(Object.keys(z.record(z.string(), z.string()).parse(JSON.parse(dump()))).sort()).toEqual([
      `${RECOVERY_NOTICE_KEY_PREFIX}index`,
      `${RECOVERY_NOTICE_KEY_PREFIX}ticket/RR-ABCDEFGH`,
      'msteams/conversations/a:1personalChatId',
    ]);
  });

  it('remembering the same ticket twice keeps one entry; the newer conversation wins', async () => {
    const notices = store();
    await notices.remember('RR-ABCDEFGH', TEAMS_REFERENCE);
    await notices.remember('RR-ABCDEFGH', { ...TEAMS_REFERENCE, conversation: { id: 'a:2other', isGroup: false, conversationType: 'personal', name: '' } });
    const { notices: pending } = await notices.pending();
    expect(pending.map((n) => [n.ticketId, n.reference.conversation.id])).toEqual([['RR-ABCDEFGH', 'a:2other']]);
  });

  it('says false, and stores nothing, when the list is full', async () => {
    const { storage, dump } = memoryStorage();
    const notices = store(storage, 2);
    expect(await notices.remember('RR-1', TEAMS_REFERENCE)).toBe(true);
    expect(await notices.remember('RR-2', TEAMS_REFERENCE)).toBe(true);
    expect(await notices.remember('RR-3', TEAMS_REFERENCE)).toBe(false);
    expect((await notices.pending()).notices.map((n) => n.ticketId)).toEqual(['RR-1', 'RR-2']);
    expect(dump()).not.toContain('RR-3');
  });

  it('concurrent remembers on one instance all land in the index', async () => {
    const notices = store();
    await Promise.all(['RR-1', 'RR-2', 'RR-3', 'RR-4'].map((id) => notices.remember(id, TEAMS_REFERENCE)));
    expect((await notices.pending()).notices.map((n) => n.ticketId).sort()).toEqual(['RR-1', 'RR-2', 'RR-3', 'RR-4']);
  });

  it('two instances on one storage (two bot replicas): an eTag conflict is retried, nothing is lost', async () => {
    const storage = new MemoryStorage();
    const a = store(storage);
    const b = store(storage);
    await a.remember('RR-A0', TEAMS_REFERENCE);
    // b reads the index, then a writes it, then b writes with a stale eTag: b must read again.
    const read = storage.read.bind(storage);
    let interleaved = false;
    storage.read = async (keys: string[]): Promise<StoreItems> => {
      const items = await read(keys);
      if (!interleaved && keys.includes(RECOVERY_NOTICE_INDEX_KEY)) {
        interleaved = true;
        await a.remember('RR-A1', TEAMS_REFERENCE);
      }
      return items;
    };
    await b.remember('RR-B1', TEAMS_REFERENCE);
    expect((await a.pending()).notices.map((n) => n.ticketId)).toEqual(['RR-A0', 'RR-A1', 'RR-B1']);
  });

  it(`gives up after ${MAX_INDEX_WRITE_ATTEMPTS} conflicting writes with the storage's error`, async () => {
    const storage = new MemoryStorage();
    const notices = store(storage);
    await notices.remember('RR-1', TEAMS_REFERENCE);
    let writes = 0;
    const write = storage.write.bind(storage);
    storage.write = async (changes: StoreItems) => {
      if (RECOVERY_NOTICE_INDEX_KEY in changes) {
        writes++;
        throw new Error('Storage: error writing "index" due to eTag conflict.');
      }
      return write(changes);
    };
    await expect(notices.remember('RR-2', TEAMS_REFERENCE)).rejects.toThrow('due to eTag conflict');
    expect(writes).toBe(MAX_INDEX_WRITE_ATTEMPTS);
  });

  it('counts failed deliveries on the notice', async () => {
    const notices = store();
    await notices.remember('RR-1', TEAMS_REFERENCE);
    const [notice] = (await notices.pending()).notices;
    if (!notice) throw new Error('test: nothing pending');
    expect((await notices.recordFailedDelivery(notice)).failedDeliveries).toBe(1);
    expect((await notices.pending()).notices[0]?.failedDeliveries).toBe(1);
  });

  it('reports a ticket whose item is missing or unreadable instead of failing', async () => {
    const storage = new MemoryStorage();
    const notices = store(storage);
    await notices.remember('RR-1', TEAMS_REFERENCE);
    await notices.remember('RR-2', TEAMS_REFERENCE);
    await storage.write({ [`${RECOVERY_NOTICE_KEY_PREFIX}ticket/RR-2`]: { ticketId: 'RR-2', reference: { channelId: 'msteams' }, eTag: '*' } });
    const read = await notices.pending();
    expect(read.notices.map((n) => n.ticketId)).toEqual(['RR-1']);
    expect(read.unreadable).toEqual(['RR-2']);
  });

  it('does not remember a conversation without a service URL (replies in the response only): nothing stored, no notice promised', async () => {
    const storage = new MemoryStorage();
    const notices = store(storage);
    expect(await notices.remember('RR-1', { ...TEAMS_REFERENCE, serviceUrl: undefined })).toBe(false);
    expect(await notices.remember('RR-2', { ...TEAMS_REFERENCE, serviceUrl: '' })).toBe(false);
    expect((await notices.pending()).notices).toEqual([]);
  });

  it('refuses a reference it cannot deliver to, with the module name', async () => {
    await expect(store().remember('RR-1', { channelId: 'directline', serviceUrl: 'https://example.test/' })).rejects.toThrow(
      new Error('recoveryNoticeStore: the conversation reference lacks a channel, service URL, conversation, bot or user id'),
    );
  });

  it('refuses a maxPending that is not a positive integer, with the module name', () => {
    expect(() => new RecoveryNoticeStore({ storage: new MemoryStorage(), maxPending: 0 })).toThrow(new RangeError('recoveryNoticeStore: maxPending must be a positive integer (got 0)'));
  });
});
