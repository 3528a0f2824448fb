import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEventLog } from '../../src/telemetry/eventLog';
import { bigramJaccard, groupSimilarQuestions } from '../../src/telemetry/questionGroups';
import { buildReport, formatReport } from '../../src/telemetry/report';
import { writeScript } from './scriptedEvents';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-report-'));
  await writeScript(dataDir);
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('buildReport on the scripted conversations', () => {
  it('computes the exact figures since 2026-11-25', async () => {
    const since = new Date('2026-11-25T00:00:00Z');
    const { records } = await readEventLog(dataDir, { since });
    const r = buildReport(records, { since });
    expect(r.events).toBe(16);
    expect(r.conversations).toBe(8);
    expect(r.conversationsWithQuestion).toBe(8);
    expect(r.handedOver).toBe(3);
    expect(r.containmentRate).toBe(5 / 8);
    expect(r.deflected).toBe(3);
    expect(r.deflectionRate).toBe(3 / 8);
    expect([r.answers, r.clarifications, r.abstentions]).toEqual([2, 1, 4]);
    expect(r.handoffsByReason).toEqual({ 'repeated-abstention': 1, 'flow-failure': 1, 'user-request': 1 });
    expect(r.flows).toEqual([
      { flow: 'passwordReset', started: 1, completed: 1, abandoned: 0, completionRate: 1 },
      { flow: 'unblockAccount', started: 1, completed: 0, abandoned: 1, completionRate: 0 },
    ]);
    expect(r.entries).toEqual([
      { entryId: 'account-blocked', answers: 1, helpful: 0, notHelpful: 1, helpfulRatio: 0 },
      { entryId: 'forgot-password', answers: 1, helpful: 1, notHelpful: 0, helpfulRatio: 1 },
    ]);
    expect(r.unanswered).toEqual([
      {
        count: 3,
        representative: 'Xboxのギフトカードが使えない',
        examples: ['Xboxのギフトカードが使えない', 'Xbox ギフトカードを使えません [メール]', 'xboxギフトカードが使えないです [電話番号]'],
      },
      { count: 1, representative: 'Outlook の迷惑メールの設定を変えたい', examples: ['Outlook の迷惑メールの設定を変えたい'] },
    ]);
  });

  it('counts the older conversation without --since', async () => {
    const r = buildReport((await readEventLog(dataDir)).records);
    expect(r.conversations).toBe(9);
    expect(r.deflected).toBe(4);
    expect(r.deflectionRate).toBe(4 / 9);
    expect(r.entries.find((e) => e.entryId === 'forgot-password')?.answers).toBe(2);
  });

  it('has no rates (null) on an empty log', () => {
    const r = buildReport([]);
    expect([r.conversations, r.containmentRate, r.deflectionRate]).toEqual([0, null, null]);
  });

  it('formats percentages and knowledge gaps for people', async () => {
    const since = new Date('2026-11-25T00:00:00Z');
    const text = formatReport(buildReport((await readEventLog(dataDir, { since })).records, { since })).join('\n');
    expect(text).toContain('containment rate:           62.5%');
    expect(text).toContain('deflection rate:            37.5%  (3 answered or flow completed, not handed over / 8 with a question)');
    expect(text).toContain('passwordReset    started 1, completed 1, abandoned 0, completion 100.0%');
    expect(text).toContain('1. ×3  Xboxのギフトカードが使えない');
  });
});

describe('groupSimilarQuestions', () => {
  it('joins wordings of one gap and keeps different topics apart', () => {
    expect(bigramJaccard('Xboxのギフトカードが使えない', 'xboxギフトカードが使えないです')).toBeGreaterThan(0.5);
    expect(bigramJaccard('Xboxのギフトカードが使えない', 'Outlook の迷惑メールの設定を変えたい')).toBeLessThan(0.1);
    const groups = groupSimilarQuestions(['A社のプリンター', 'Teams の通知が来ない', 'Teamsの通知が来ません', 'Teams の通知が来ない']);
    expect(groups.map((g) => [g.count, g.representative])).toEqual([
      [3, 'Teams の通知が来ない'],
      [1, 'A社のプリンター'],
    ]);
  });

  it('links transitively (single link)', () => {
    const groups = groupSimilarQuestions(['abcdefgh', 'cdefghij', 'efghijkl'], 0.5);
    expect(groups).toHaveLength(1);
    expect(bigramJaccard('abcdefgh', 'efghijkl')).toBeLessThan(0.5);
  });
});
