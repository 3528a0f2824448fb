import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffCommand } from '../../src/cli/handoffCommand';
import type { CliIo } from '../../src/cli/io';
import { reportCommand } from '../../src/cli/reportCommand';
import { TicketStore } from '../../src/handoff/ticketStore';
import type { DeflectionReport } from '../../src/telemetry/report';
import { sampleContext } from '../handoff/sampleContext';
import { writeScript } from '../telemetry/scriptedEvents';

function memoryIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), lines: async function* () {} };
  return { io, out, err };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-cli-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('madoguchi handoff', () => {
  async function storeTwo() {
    let clock = Date.parse('2026-11-24T10:00:00Z');
    const store = new TicketStore({ dataDir, now: () => clock });
    const older = await store.create(sampleContext({ reason: 'flow-failure' }));
    clock = Date.parse('2026-11-25T10:00:00Z');
    const newer = await store.create(sampleContext());
    return { older, newer };
  }

  it('lists tickets newest first with no personal data in clear', async () => {
    const { older, newer } = await storeTwo();
    const { io, out } = memoryIo();
    expect(await handoffCommand(['list'], io, { dataDir })).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(new RegExp(`^${newer.id}  2026-11-25T10:00:00.000Z  user-request\\s+t\\*\\*\\*@example.com\\s+パスワードを忘れました。\\[メール\\] です$`));
    expect(out[1]).toContain(older.id);
    expect(out.join('\n')).not.toMatch(/taro@|090-1234/);
  });

  it('shows one ticket: number, reason and the agent summary', async () => {
    const { newer } = await storeTwo();
    const { io, out } = memoryIo();
    expect(await handoffCommand(['show', newer.id.toLowerCase()], io, { dataDir })).toBe(0);
    expect(out.slice(0, 3)).toEqual([`ticket:       ${newer.id}`, 'created:      2026-11-25T10:00:00.000Z', 'reason:       user-request']);
    expect(out).toContain('【引き継ぎ概要】');
  });

  it('redacts again what a hand-edited ticket file holds in clear', async () => {
    const { newer } = await storeTwo();
    const file = path.join(dataDir, 'handoff', `${newer.id}.json`);
    const edited = (await fs.readFile(file, 'utf8')).replace('【引き継ぎ概要】', '【引き継ぎ概要】 hanako@example.jp 03-1234-5678');
    await fs.writeFile(file, edited);
    const { io, out } = memoryIo();
    await handoffCommand(['show', newer.id], io, { dataDir });
    await handoffCommand(['show', newer.id, '--json'], io, { dataDir });
    expect(out.join('\n')).not.toMatch(/hanako@|03-1234-5678/);
  });

  it('lists as JSON', async () => {
    const { newer, older } = await storeTwo();
    const { io, out } = memoryIo();
    await handoffCommand(['list', '--json'], io, { dataDir });
    expect(JSON.parse(out[0] as string)).toEqual([
      { id: newer.id, createdAt: '2026-11-25T10:00:00.000Z', reason: 'user-request', account: 't***@example.com' },
      { id: older.id, createdAt: '2026-11-24T10:00:00.000Z', reason: 'flow-failure', account: 't***@example.com' },
    ]);
  });

  it.each([
    [['show'], 2, 'madoguchi handoff: give a ticket number'],
    [['show', 'MDG-20260101-ABCD'], 1, 'madoguchi handoff: no ticket MDG-20260101-ABCD'],
    [['frobnicate'], 2, 'madoguchi handoff: unknown subcommand "frobnicate"'],
    [[], 2, 'usage: madoguchi handoff list'],
  ])('%j exits %i with an English message', async (args, code, message) => {
    const { io, err } = memoryIo();
    expect(await handoffCommand(args, io, { dataDir })).toBe(code);
    expect(err.join('\n')).toContain(message);
  });

  it('says where it looked when there are no tickets', async () => {
    const { io, out } = memoryIo();
    expect(await handoffCommand(['list'], io, { dataDir })).toBe(0);
    expect(out).toEqual([`no handoff tickets in ${path.join(dataDir, 'handoff')}`]);
  });
});

describe('madoguchi report', () => {
  it('prints the figures of the scripted conversations as JSON', async () => {
    await writeScript(dataDir);
    const { io, out } = memoryIo();
    expect(await reportCommand(['--since', '2026-11-25', '--json'], io, { dataDir })).toBe(0);
    const report = JSON.parse(out[0] as string) as DeflectionReport;
    expect(report.since).toBe('2026-11-25T00:00:00.000Z');
    expect([report.conversations, report.handedOver, report.deflected, report.conversationsWithQuestion]).toEqual([8, 3, 3, 8]);
    expect(report.containmentRate).toBe(0.625);
    expect(report.deflectionRate).toBe(0.375);
    expect(report.unanswered[0]?.count).toBe(3);
  });

  it('prints text, and --top limits the knowledge gaps', async () => {
    await writeScript(dataDir);
    const { io, out } = memoryIo();
    expect(await reportCommand(['--top=1'], io, { dataDir })).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('conversations:              9');
    expect(text).toContain('1. ×3');
    expect(text).not.toContain('2. ×1');
    expect(text).not.toMatch(/taro@|090-1234/);
  });

  it.each([
    [['--since', 'yesterday'], 'madoguchi report: --since must be a date like 2026-01-31 or an ISO time (got "yesterday")'],
    [['--since', '2026-13-45'], 'madoguchi report: --since must be a date'],
    [['--top', '0'], 'madoguchi report: --top must be a positive integer (got "0")'],
  ])('%j is refused with exit 2', async (args, message) => {
    const { io, err } = memoryIo();
    expect(await reportCommand(args, io, { dataDir })).toBe(2);
    expect(err[0]).toContain(message);
  });

  it('reports zeros on an empty data folder', async () => {
    const { io, out } = memoryIo();
    expect(await reportCommand([], io, { dataDir })).toBe(0);
    expect(out).toContain('conversations:              0');
  });
});
