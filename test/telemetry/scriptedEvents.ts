import type { OutcomeEvent } from '../../dialogs/outcomes';
import { EventLog } from '../../src/telemetry/eventLog';

/** Conversations scripted for the report tests: [conversation, minutes after the start, event]. */
export const SCRIPT: readonly [string, number, OutcomeEvent][] = [
  // Before the --since date: only counted without it.
  ['old-1', -2 * 24 * 60, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }],
  // c1: answered and helpful → deflected.
  ['c1', 0, { kind: 'answered', entryId: 'forgot-password', confidence: 0.92 }],
  ['c1', 1, { kind: 'feedback', entryId: 'forgot-password', helpful: true }],
  // c2: two misses, handed over.
  ['c2', 2, { kind: 'abstained', question: 'Xboxのギフトカードが使えない' }],
  ['c2', 3, { kind: 'abstained', question: 'Xbox ギフトカードを使えません taro@example.com' }],
  ['c2', 4, { kind: 'handedOver', reason: 'repeated-abstention', ticketId: 'MDG-20261125-AAAA' }],
  // c3: a flow completed → deflected.
  ['c3', 5, { kind: 'flowStarted', flow: 'passwordReset' }],
  ['c3', 6, { kind: 'flowCompleted', flow: 'passwordReset' }],
  // c4: a flow failed on the back end, handed over.
  ['c4', 7, { kind: 'flowStarted', flow: 'unblockAccount' }],
  ['c4', 8, { kind: 'flowAbandoned', flow: 'unblockAccount', step: 'sendCode', reason: 'unavailable' }],
  ['c4', 9, { kind: 'handedOver', reason: 'flow-failure' }],
  // c5: answered (not helpful), then a miss, no handover → still deflected by the definition.
  ['c5', 10, { kind: 'answered', entryId: 'account-blocked', confidence: 0.7 }],
  ['c5', 11, { kind: 'feedback', entryId: 'account-blocked', helpful: false }],
  ['c5', 12, { kind: 'abstained', question: 'Outlook の迷惑メールの設定を変えたい' }],
  // c6: only a clarification → a question, not deflected.
  ['c6', 13, { kind: 'clarified', choices: ['forgot-password', 'account-blocked'] }],
  // c7: asked for a person straight away.
  ['c7', 14, { kind: 'handedOver', reason: 'user-request' }],
  // c8: one miss, gone.
  ['c8', 15, { kind: 'abstained', question: 'xboxギフトカードが使えないです 090-1234-5678' }],
];

export const SCRIPT_START = Date.parse('2026-11-25T09:00:00Z');

/** Writes the script through the real EventLog into dataDir (flushMs 0: each awaited append is written at once). */
export async function writeScript(dataDir: string): Promise<void> {
  let clock = SCRIPT_START;
  const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
  for (const [conversation, minutes, event] of SCRIPT) {
    clock = SCRIPT_START + minutes * 60_000;
    await log.append(conversation, event);
  }
  await log.close();
}
