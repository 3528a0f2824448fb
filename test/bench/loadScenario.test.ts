import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONVERSATION_SCRIPTS, DEMO_CODE, FAQ_QUESTIONS, normalizeReplyText, percentile, phaseFigures, plannedTurns, ratios, replyTexts, type ConversationScript } from '../../bench/loadScenario';

/** Every user text of the fixture sets (FAQ queries and conversations), as the overlap check normalizes them. */
function fixtureTexts(): Set<string> {
  const dir = path.join(__dirname, '..', 'fixtures');
  const texts = new Set<string>();
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      // Every string value of the line: queries ("q") and conversation turns alike.
      for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) texts.add(normalize(JSON.parse(`"${m[1] ?? ''}"`) as string));
    }
  }
  return texts;
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

describe('the benchmark conversations', () => {
  it('ask a dozen questions, none copied from a test fixture', () => {
    expect(FAQ_QUESTIONS.length).toBeGreaterThanOrEqual(12);
    const fixtures = fixtureTexts();
    expect(FAQ_QUESTIONS.filter((q) => fixtures.has(normalize(q)))).toEqual([]);
  });

  it('end every flow with a completion it can recognize, and type codes only after a step', () => {
    const flows = CONVERSATION_SCRIPTS.filter((s) => s.kind === 'flow');
    expect(flows.map((s) => s.name)).toEqual(['password-reset-sms', 'password-reset-app', 'account-recovery']);
    for (const flow of flows) {
      expect(flow.completion).toBeInstanceOf(RegExp);
      expect(flow.steps[0]).not.toBe(DEMO_CODE);
    }
    expect(new Set(CONVERSATION_SCRIPTS.map((s) => s.name)).size).toBe(CONVERSATION_SCRIPTS.length);
  });
});

describe('plannedTurns', () => {
  it('lists every step of every script in order', () => {
    const scripts: ConversationScript[] = [
      { name: 'a', kind: 'faq', steps: ['x', 'y'] },
      { name: 'b', kind: 'flow', steps: ['z', DEMO_CODE] },
    ];
    expect(plannedTurns(scripts).map((t) => `${t.script.name}${t.step}`)).toEqual(['a0', 'a1', 'b0', 'b1']);
  });
});

describe('replyTexts', () => {
  it('reads the texts of the message activities of an expectReplies body, ticket numbers made equal', () => {
    const body = JSON.stringify({ activities: [{ type: 'message', text: '受付番号は RR-7K3MQXAB です' }, { type: 'typing' }, { type: 'message' }] });
    expect(replyTexts(body)).toEqual(['受付番号は RR-######## です', '']);
  });

  it('is undefined for what is not such a body', () => {
    expect(replyTexts('not json')).toBeUndefined();
    expect(replyTexts('{"error":"x"}')).toBeUndefined();
    expect(replyTexts('null')).toBeUndefined();
  });

  it('normalizeReplyText leaves other texts alone', () => {
    expect(normalizeReplyText('MDG-20261125-7F3K')).toBe('MDG-20261125-7F3K');
  });
});

describe('percentile', () => {
  it('takes the nearest rank of a sorted list', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('phaseFigures', () => {
  it('adds slices together: requests over their total time, CPU over all their turns, percentiles of all latencies', () => {
    const figures = phaseFigures([
      { requests: 100, durationS: 1, latenciesMs: [1, 2, 3], cpuMicros: 300_000, turns: 100 },
      { requests: 300, durationS: 3, latenciesMs: [10, 20, 30, 40, 50, 60, 70], cpuMicros: 300_000, turns: 300 },
    ]);
    // 400 requests in 4 s; 600 ms of CPU for 400 turns (not the mean of 3 and 1 ms per slice).
    expect(figures).toEqual({ rps: 100, p50: 20, p99: 70, cpuPerTurnMs: 1.5 });
  });

  it('is one slice as it was measured, and NaN where nothing ran', () => {
    expect(phaseFigures([{ requests: 50, durationS: 2, latenciesMs: [5, 1], cpuMicros: 100_000, turns: 40 }])).toEqual({ rps: 25, p50: 1, p99: 5, cpuPerTurnMs: 2.5 });
    const none = phaseFigures([]);
    expect(none.rps).toBeNaN();
    expect(none.cpuPerTurnMs).toBeNaN();
  });
});

describe('ratios', () => {
  it('divides each figure of madoguchi by the echo bot’s', () => {
    expect(ratios({ rps: 50, p50: 4, p99: 10, cpuPerTurnMs: 3 }, { rps: 100, p50: 2, p99: 5, cpuPerTurnMs: 1 })).toEqual({ rps: 0.5, p50: 2, p99: 2, cpuPerTurnMs: 3 });
    expect(ratios({ rps: 1, p50: 1, p99: 1, cpuPerTurnMs: 1 }, { rps: 0, p50: 1, p99: 1, cpuPerTurnMs: 1 }).rps).toBeNaN();
  });
});
