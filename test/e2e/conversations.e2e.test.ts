import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { BotPool, duplicateIds, firstTrouble, formatTranscript, hardProblems, judge, loadConversationFile, runConversation, summarize, type CaseResult, type LoadedCase } from './conversationKit';

/**
 * Whole conversations written the way people type, through the real app over HTTP
 * (test/fixtures/conversations.jsonl, written by someone who had read the seed and the
 * README, and conversations-blind.jsonl, written blind). Each is judged on the outcome a
 * person came for (a reset link, an unblocked account, a recovery request, a ticket, the
 * right answer, a polite closing). A conversation that misses its outcome is reported, not
 * failed: the suite fails only below MIN_OUTCOME_SHARE, or when any conversation shows an
 * HTTP error, a crash, a password-looking token, or asks for a password.
 */

/** The issue's goal: at least 90% of these conversations reach their outcome. */
const MIN_OUTCOME_SHARE = 0.9;

const FIXTURES = path.join(__dirname, '..', 'fixtures');
/**
 * The set: written from the seed and the README (conversations.jsonl), blind by someone who
 * had seen no code (conversations-blind.jsonl), and blind again later as a held-out check of
 * the finished work (conversations-holdout.jsonl: its first run is the figure reported).
 */
const SET = ['conversations.jsonl', 'conversations-blind.jsonl', 'conversations-holdout.jsonl', 'conversations-final.jsonl', 'conversations-check.jsonl', 'conversations-voices.jsonl', 'conversations-last.jsonl'].map((f) => path.join(FIXTURES, f));
const missing = SET.filter((f) => !fs.existsSync(f));
if (missing.length > 0 && process.env.CI !== 'true') {
  const bar = '!'.repeat(100);
  console.warn(`\n${bar}\n!! conversations.e2e: ${missing.map((f) => path.relative(process.cwd(), f)).join(', ')} missing: that part of the set is SKIPPED.\n!! The figures below are not the whole set's. With CI=true this fails.\n${bar}\n`);
}

const loaded = SET.filter((f) => fs.existsSync(f)).map((file) => loadConversationFile(file));
const cases: LoadedCase[] = loaded.flatMap((l) => l.cases);
const problems = [...loaded.flatMap((l) => l.problems), ...duplicateIds(cases)];

/** Built once and shared by every bot: the analyzer's dictionary takes seconds to load. */
const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
const pool = new BotPool(engine);
const results = new Map<string, CaseResult>();

afterAll(async () => {
  await pool.close();
  const ran = cases.flatMap((c) => results.get(c.id) ?? []);
  if (ran.length === 0) return;
  for (const line of summarize(ran)) console.log(line);
  // CONVERSATION_TRANSCRIPTS=1: the transcripts of the misses; =all: of every conversation.
  const shown = process.env.CONVERSATION_TRANSCRIPTS;
  if (shown === '1' || shown === 'all') {
    for (const r of ran.filter((x) => shown === 'all' || !x.verdict.reached)) console.log(`\n${r.transcript}\n   ${r.verdict.reached ? '✓' : '✗'} ${r.verdict.detail}`);
  }
  if (ran.length < cases.length) {
    console.log(`conversations: ${ran.length} of ${cases.length} ran (filtered run): the floor of ${MIN_OUTCOME_SHARE} is not checked`);
    return;
  }
  const reached = ran.filter((r) => r.verdict.reached).length;
  expect(reached / ran.length, `share of conversations that reached their outcome (floor ${MIN_OUTCOME_SHARE}, the issue's goal)`).toBeGreaterThanOrEqual(MIN_OUTCOME_SHARE);
});

describe('conversations as people type them, through /api/messages', () => {
  it('the fixture files are well-formed (zod), with unique ids', () => {
    expect(problems, problems.join('\n')).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const file of missing) {
    if (process.env.CI === 'true') {
      it(`${path.basename(file)} exists (CI=true)`, () => {
        throw new Error(`conversations.e2e: ${file} is missing; CI=true: the whole conversation set must run in CI`);
      });
    } else {
      it.skip(`${path.basename(file)} — missing, skipped outside CI`, () => undefined);
    }
  }

  it.for(cases)('$id', async (c, { annotate }) => {
    const { bot, demo } = await pool.next();
    const run = await runConversation(bot, demo, c);
    const transcript = formatTranscript(c, run);
    const verdict = judge(run, c.outcome);
    const hard = hardProblems(run);
    const trouble = verdict.reached ? undefined : firstTrouble(run);
    results.set(c.id, { c, verdict, hard, transcript, trouble });
    if (!verdict.reached) await annotate(`missed ${c.outcome.kind}: ${verdict.detail}${trouble ? `; first sign of trouble: ${trouble}` : ''}`, 'notice');
    // Missing the outcome is recorded, not failed (the floor is checked in afterAll); these are never acceptable.
    expect(hard, `${hard.join('\n')}\n\n${transcript}`).toEqual([]);
  });
});
