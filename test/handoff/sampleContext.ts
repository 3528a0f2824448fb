import type { HandoffContext } from '../../dialogs/handoff/handoffContext';

/** A handoff context as the builder makes it, with some personal data left in on purpose. */
export function sampleContext(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    version: 1,
    reason: 'user-request',
    reasonText: 'お客様が担当者との会話を希望',
    summary: '【引き継ぎ概要】\n引き継ぎ理由: お客様が担当者との会話を希望',
    conversation: 'c_0123456789abcdef0123',
    createdAt: '2026-11-25T10:00:00.000Z',
    account: 't***@example.com',
    questions: ['パスワードを忘れました。taro@example.com です', '電話は090-1234-5678'],
    answers: [{ entryId: 'forgot-password', title: 'パスワードを忘れた', helpful: false }],
    unanswered: [],
    flows: [],
    ...overrides,
  };
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

/** A logger that keeps what it was told, for assertions. */
export function memoryLogger() {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (fields: object, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`waitFor: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Random draws for newTicketId: each suffix takes four draws, so suffixes(0, 1) gives …-2222, then …-3333, then …-ZZZZ. */
export function suffixes(...letters: number[]): (max: number) => number {
  const draws = letters.flatMap((l) => [l, l, l, l]);
  return () => draws.shift() ?? 30;
}
