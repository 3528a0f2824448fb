import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { bufferedIo } from '../support/cliIo';

/** One engine for the file: building it is not what these tests test. */
const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });

const io = bufferedIo;

function gradedFile(lines: readonly string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-')), 'q.jsonl');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

describe('madoguchi eval: Brier score of the confidence', () => {
  // An entry's own canonical question is answered outright and rightly; a question of punctuation
  // only leaves nothing to search (no candidate, confidence 0) and is out of scope.
  const question = 'パスワードを忘れてしまったのですが?';
  const file = gradedFile([`{"q": "${question}", "ids": ["forgot-password"]}`, '{"q": "。。。", "ids": []}']);

  async function confidenceOf(q: string): Promise<number> {
    const out = io();
    expect(await main(['ask', '--json', q], out, {}, { engine })).toBe(0);
    const record = JSON.parse(out.stdout[0] as string) as { answerId: string | null; candidates: { id: string; score: number }[] };
    expect(record.answerId).toBe('forgot-password');
    return record.candidates[0]?.score ?? Number.NaN;
  }

  it('is in --json beside answeredCorrectly and answeredWrongly: mean of (confidence − outcome)²', async () => {
    const confidence = await confidenceOf(question);
    const out = io();
    expect(await main(['eval', file, '--json'], out, {}, { engine })).toBe(0);
    const report = JSON.parse(out.stdout[0] as string) as Record<string, number>;
    expect(report).toMatchObject({ answeredCorrectly: 1, answeredWrongly: 0, outOfScopeAbstained: 1 });
    // (confidence − 1)² for the right answer, (0 − 0)² for the empty question, over 2 questions.
    expect(report.brier).toBeCloseTo(((confidence - 1) ** 2 + 0) / 2, 4);
  });

  it('is printed right after the answered shares, with 4 decimals', async () => {
    const json = io();
    expect(await main(['eval', file, '--json'], json, {}, { engine })).toBe(0);
    const { brier } = JSON.parse(json.stdout[0] as string) as { brier: number };
    const out = io();
    expect(await main(['eval', file], out, {}, { engine })).toBe(0);
    const wrongly = out.stdout.findIndex((l) => l.startsWith('answered wrongly:'));
    expect(wrongly).toBeGreaterThan(0);
    expect(out.stdout[wrongly - 1]).toMatch(/^answered correctly: +100\.0%$/);
    expect(out.stdout[wrongly + 1]).toBe(`Brier (confidence):        ${brier.toFixed(4)}`);
  });
});
