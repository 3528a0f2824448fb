import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketHandoffProvider } from '../../src/handoff/ticketProvider';
import { MAX_ID_ATTEMPTS, TICKET_ID_PATTERN, TicketStore, newTicketId } from '../../src/handoff/ticketStore';
import { memoryLogger, sampleContext, suffixes } from './sampleContext';

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

describe('TicketStore numbers', () => {
  const at = () => Date.parse('2026-11-25T10:00:00Z');

  it('never hands out one number twice: a taken number is skipped by create-if-absent', async () => {
    const one = new TicketStore({ dataDir, now: at, random: suffixes(0) });
    const two = new TicketStore({ dataDir, now: at, random: suffixes(0, 1) });
    expect((await one.create(sampleContext())).id).toBe('MDG-20261125-2222');
    expect((await two.create(sampleContext())).id).toBe('MDG-20261125-3333');
    expect((await one.list()).map((t) => t.id)).toEqual(['MDG-20261125-3333', 'MDG-20261125-2222']);
  });

  it('gives two stores racing for one number two numbers', async () => {
    const one = new TicketStore({ dataDir, now: at, random: suffixes(0, 1) });
    const two = new TicketStore({ dataDir, now: at, random: suffixes(0, 2) });
    const [a, b] = await Promise.all([one.create(sampleContext({ questions: ['one'] })), two.create(sampleContext({ questions: ['two'] }))]);
    expect(a.id).not.toBe(b.id);
    expect([a.id, b.id]).toContain('MDG-20261125-2222');
    expect((await one.get(a.id))?.context.questions).toEqual(['one']);
    expect((await one.get(b.id))?.context.questions).toEqual(['two']);
  });

  it(`gives up after ${MAX_ID_ATTEMPTS} taken numbers`, async () => {
    const store = new TicketStore({ dataDir, now: at, random: () => 0 });
    await store.create(sampleContext());
    await expect(store.create(sampleContext())).rejects.toThrow(`ticketStore: no free ticket number for 2026-11-25 after ${MAX_ID_ATTEMPTS} attempts`);
  });
});

describe('TicketStore reading back', () => {
  async function storeWithDamage() {
    const store = new TicketStore({ dataDir, now: () => Date.parse('2026-11-25T10:00:00Z') });
    const good = await store.create(sampleContext());
    const dir = path.join(dataDir, 'handoff');
    await fs.writeFile(path.join(dir, 'MDG-20261125-ABCD.json'), '{"id": "MDG-20261125-ABCD", taro@example.com');
    const wrongReason = { ...good, id: 'MDG-20261125-ABCE', context: { ...good.context, reason: 'because' } };
    await fs.writeFile(path.join(dir, 'MDG-20261125-ABCE.json'), JSON.stringify(wrongReason));
    await fs.writeFile(path.join(dir, 'MDG-20261125-ABCF.json'), JSON.stringify({ ...good, id: 'MDG-20261125-ABCF', createdAt: 'yesterday' }));
    await fs.writeFile(path.join(dir, 'MDG-20261125-ABCG.json'), JSON.stringify(good));
    return { store, good };
  }

  it('lists the readable tickets and reports the others with what is wrong, never their content', async () => {
    const { store, good } = await storeWithDamage();
    expect((await store.list()).map((t) => t.id)).toEqual([good.id]);
    const { tickets, unreadable } = await store.scan();
    expect(tickets).toEqual([good]);
    expect(unreadable).toEqual([
      { name: 'MDG-20261125-ABCD.json', problem: 'not valid JSON' },
      { name: 'MDG-20261125-ABCE.json', problem: expect.stringMatching(/^context\.reason: /) },
      { name: 'MDG-20261125-ABCF.json', problem: expect.stringMatching(/^createdAt: /) },
      { name: 'MDG-20261125-ABCG.json', problem: `it holds ticket ${good.id}` },
    ]);
    expect(JSON.stringify(unreadable)).not.toContain('taro@');
  });

  it('says a damaged ticket is unreadable when asked for it', async () => {
    const { store } = await storeWithDamage();
    await expect(store.get('MDG-20261125-ABCD')).rejects.toThrow('ticketStore: ticket MDG-20261125-ABCD is unreadable: not valid JSON');
  });

  it('removes a ticket file a crash left half-written (an orphaned temporary file) when the store is used', async () => {
    const dir = path.join(dataDir, 'handoff');
    await fs.mkdir(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const orphan = `.MDG-20261125-ABCD.json.${dead}.${Date.now()}.0a1b2c3d.tmp`;
    await fs.writeFile(path.join(dir, orphan), '{"id": "MDG-2026');
    expect(await new TicketStore({ dataDir }).list()).toEqual([]);
    expect(await fs.readdir(dir)).toEqual([]);
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
