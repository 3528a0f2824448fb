import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketHandoffProvider } from '../../src/handoff/ticketProvider';
import { TICKET_ID_PATTERN, TicketStore, newTicketId } from '../../src/handoff/ticketStore';
import { memoryLogger, sampleContext } from './sampleContext';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-tickets-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('newTicketId', () => {
  it('is MDG-YYYYMMDD-XXXX with an unambiguous suffix', () => {
    const id = newTicketId(new Date('2026-11-25T23:59:00Z'), () => 0);
    expect(id).toBe('MDG-20261125-2222');
    expect(TICKET_ID_PATTERN.test(newTicketId(new Date()))).toBe(true);
  });
});

describe('TicketStore', () => {
  it('stores a ticket durably under dataDir/handoff and reads it back', async () => {
    const store = new TicketStore({ dataDir, now: () => Date.parse('2026-11-25T10:00:00Z') });
    const ticket = await store.create(sampleContext());
    expect(ticket.id).toMatch(/^MDG-20261125-[2-9A-HJKMNP-Z]{4}$/);
    const onDisk = await fs.readFile(path.join(dataDir, 'handoff', `${ticket.id}.json`), 'utf8');
    expect(JSON.parse(onDisk)).toEqual(ticket);
    expect(await new TicketStore({ dataDir }).get(ticket.id)).toEqual(ticket);
  });

  it('redacts personal data that reached the context', async () => {
    const ticket = await new TicketStore({ dataDir }).create(sampleContext());
    const onDisk = await fs.readFile(path.join(dataDir, 'handoff', `${ticket.id}.json`), 'utf8');
    expect(onDisk).not.toContain('taro@example.com');
    expect(onDisk).not.toContain('090-1234-5678');
    expect(ticket.context.questions).toEqual(['パスワードを忘れました。[メール] です', '電話は[電話番号]']);
  });

  it('lists tickets newest first and ignores foreign files', async () => {
    let clock = Date.parse('2026-11-20T10:00:00Z');
    const store = new TicketStore({ dataDir, now: () => clock });
    const first = await store.create(sampleContext());
    clock = Date.parse('2026-11-25T10:00:00Z');
    const second = await store.create(sampleContext());
    await fs.writeFile(path.join(dataDir, 'handoff', 'notes.txt'), 'x');
    expect((await store.list()).map((t) => t.id)).toEqual([second.id, first.id]);
  });

  it('answers undefined for an unknown or malformed number, and [] when nothing was stored', async () => {
    const store = new TicketStore({ dataDir });
    expect(await store.list()).toEqual([]);
    expect(await store.get('MDG-20261125-ABCD')).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
  });
});

describe('TicketHandoffProvider', () => {
  it('returns the ticket number of the stored ticket', async () => {
    const store = new TicketStore({ dataDir });
    const result = await new TicketHandoffProvider({ store, logger: memoryLogger() }).submit(sampleContext());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.delivery).toBe('stored');
    expect((await store.get(result.ticketId))?.context.reason).toBe('user-request');
  });

  it('answers unavailable (and logs for the operator) when the store cannot be written', async () => {
    const blocked = path.join(dataDir, 'file');
    await fs.writeFile(blocked, 'not a folder');
    const logger = memoryLogger();
    const result = await new TicketHandoffProvider({ store: new TicketStore({ dataDir: blocked }), logger }).submit(sampleContext());
    expect(result).toEqual({ ok: false, reason: 'unavailable' });
    expect(logger.lines.map((l) => l.message)).toContain('handoff: could not store the ticket');
  });
});
