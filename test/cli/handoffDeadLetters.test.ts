import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAge, handoffCommand } from '../../src/cli/handoffCommand';
import type { CliIo } from '../../src/cli/io';
import { createHandoffStores } from '../../src/handoff/createHandoffProvider';
import { TicketStore } from '../../src/handoff/ticketStore';
import { sampleContext } from '../handoff/sampleContext';

function memoryIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), lines: async function* () {} };
  return { io, out, err };
}

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-cli-dead-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Two dead letters, as the webhook provider leaves them: one after 20 attempts, one too old. */
async function deadLetters() {
  const { deadLetters } = createHandoffStores({ dataDir });
  const tickets = new TicketStore({ dataDir, now: () => NOW - 26 * HOUR });
  const older = await tickets.create(sampleContext());
  const newer = await tickets.create(sampleContext({ reason: 'flow-failure' }));
  await deadLetters.put({ ticketId: older.id, body: JSON.stringify(older), attempts: 20, queuedAt: NOW - 26 * HOUR, deadAt: NOW - 25 * HOUR, lastError: 'HTTP 503' });
  await deadLetters.put({ ticketId: newer.id, body: JSON.stringify(newer), attempts: 7, queuedAt: NOW - 26 * HOUR + 90_000, deadAt: NOW - 2 * HOUR, lastError: 'fetch failed' });
  return { older, newer };
}

const run = async (args: string[]) => {
  const io = memoryIo();
  const code = await handoffCommand(args, io.io, { dataDir }, { now: () => NOW });
  return { code, ...io };
};

describe('madoguchi handoff dead-letters list', () => {
  it('lists id, age, attempts and last error, oldest first, with no personal data', async () => {
    const { older, newer } = await deadLetters();
    const { code, out } = await run(['dead-letters', 'list']);
    expect(code).toBe(0);
    expect(out).toEqual([`${older.id}  age 1d 2h     attempts 20    HTTP 503`, `${newer.id}  age 1d 1h     attempts 7     fetch failed`]);
    expect(out.join('\n')).not.toMatch(/taro|090-1234|example\.com|パスワード/);
  });

  it('lists as JSON', async () => {
    const { older, newer } = await deadLetters();
    const { out } = await run(['dead-letters', 'list', '--json']);
    expect(JSON.parse(out[0] as string)).toEqual([
      { id: older.id, queuedAt: '2026-11-25T10:00:00.000Z', deadAt: '2026-11-25T11:00:00.000Z', ageMs: 26 * HOUR, attempts: 20, lastError: 'HTTP 503' },
      { id: newer.id, queuedAt: '2026-11-25T10:01:30.000Z', deadAt: '2026-11-26T10:00:00.000Z', ageMs: 26 * HOUR - 90_000, attempts: 7, lastError: 'fetch failed' },
    ]);
  });

  it('says where it looked when there are none, and reports unreadable ones on stderr', async () => {
    expect((await run(['dead-letters', 'list'])).out).toEqual([`no dead letters in ${path.join(dataDir, 'handoff-dead-letters')}`]);
    // Listing did not create the folder; a hand-damaged document appears in it.
    await fs.mkdir(path.join(dataDir, 'handoff-dead-letters'));
    await fs.writeFile(path.join(dataDir, 'handoff-dead-letters', 'MDG-20261125-ABCD.json'), 'taro@example.com');
    const { code, err } = await run(['dead-letters', 'list']);
    expect(code).toBe(0);
    expect(err).toEqual([`madoguchi handoff: unreadable dead letter MDG-20261125-ABCD.json in ${path.join(dataDir, 'handoff-dead-letters')}: not valid JSON`]);
  });
});

describe('madoguchi handoff dead-letters retry', () => {
  it('moves one dead letter back to the outbox with its attempts reset (any case)', async () => {
    const { older, newer } = await deadLetters();
    const { code, out } = await run(['dead-letters', 'retry', older.id.toLowerCase()]);
    expect(code).toBe(0);
    expect(out).toEqual([`${older.id}: back in the outbox, attempts reset`, 'the server delivers them at its next outbox scan (at most 30 s; only with HANDOFF_PROVIDER=webhook)']);
    const { outbox, deadLetters: letters } = createHandoffStores({ dataDir });
    expect((await outbox.list()).entries.map((e) => e.entry)).toEqual([{ ticketId: older.id, body: JSON.stringify(older), attempts: 0, nextAttemptAt: NOW, queuedAt: NOW, lastError: 'HTTP 503' }]);
    expect((await letters.list()).letters.map((l) => l.ticketId)).toEqual([newer.id]);
  });

  it('moves all of them with --all', async () => {
    const { older, newer } = await deadLetters();
    const { code, out } = await run(['dead-letters', 'retry', '--all']);
    expect(code).toBe(0);
    expect(out.slice(0, 2)).toEqual([`${older.id}: back in the outbox, attempts reset`, `${newer.id}: back in the outbox, attempts reset`]);
    const { outbox, deadLetters: letters } = createHandoffStores({ dataDir });
    expect((await outbox.list()).entries.map((e) => e.entry.ticketId).sort()).toEqual([older.id, newer.id].sort());
    expect((await letters.list()).letters).toEqual([]);
    expect((await run(['dead-letters', 'retry', '--all'])).out).toEqual([`no dead letters in ${path.join(dataDir, 'handoff-dead-letters')}`]);
  });

  it.each([
    [['dead-letters', 'retry', 'MDG-20261125-ABCD'], 1, 'madoguchi handoff: no dead letter MDG-20261125-ABCD in '],
    [['dead-letters', 'retry'], 2, 'madoguchi handoff: dead-letters retry takes one ticket number or --all'],
    [['dead-letters', 'retry', 'MDG-20261125-ABCD', '--all'], 2, 'madoguchi handoff: dead-letters retry takes one ticket number or --all'],
    [['dead-letters', 'frobnicate'], 2, 'madoguchi handoff: unknown dead-letters subcommand "frobnicate"'],
    [['dead-letters'], 2, 'usage: madoguchi handoff list'],
  ])('%j exits %i with an English message', async (args, code, message) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.err.join('\n')).toContain(message);
  });
});

describe('madoguchi handoff list with damaged tickets', () => {
  it('lists the readable ones and names the others on stderr', async () => {
    const ticket = await new TicketStore({ dataDir }).create(sampleContext());
    await fs.writeFile(path.join(dataDir, 'handoff', 'MDG-20261125-ABCD.json'), '{"id":');
    const { code, out, err } = await run(['list']);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(ticket.id);
    expect(err).toEqual([`madoguchi handoff: unreadable ticket MDG-20261125-ABCD.json in ${path.join(dataDir, 'handoff')}: not valid JSON`]);
    const shown = await run(['show', 'MDG-20261125-ABCD']);
    expect(shown.code).toBe(1);
    expect(shown.err).toEqual(['madoguchi handoff: ticketStore: ticket MDG-20261125-ABCD is unreadable: not valid JSON']);
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [59_000, '59s'],
    [12 * 60_000, '12m'],
    [3 * HOUR + 20 * 60_000, '3h 20m'],
    [50 * HOUR, '2d 2h'],
    [-5_000, '0s'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
