import { afterEach, describe, expect, it } from 'vitest';
import { isFixedText } from '../../dialogs/fixedTexts';
import { emptyHistory, withUserText } from '../../dialogs/handoff/conversationHistory';
import { messages } from '../../dialogs/messages';
import { wordKey } from '../../dialogs/understanding/normalize';
import { redact, setPersonNameDetector, type NameSpan } from '../../dialogs/privacy/redact';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Registers a detector that tags 山田 and records what it reads. */
function register(): string[] {
  const reads: string[] = [];
  restore = setPersonNameDetector((text) => {
    reads.push(text);
    const spans: NameSpan[] = [];
    for (let at = text.indexOf('山田'); at >= 0; at = text.indexOf('山田', at + 2)) spans.push({ start: at, end: at + 2 });
    return spans;
  });
  return reads;
}

describe('isFixedText', () => {
  it('knows the fixed strings of messages.ts, in lists and nested objects too', () => {
    expect(isFixedText(messages.feedback.helpful)).toBe(true);
    expect(isFixedText(messages.greeting)).toBe(true);
    expect(isFixedText(messages.verification.methodSms)).toBe(true);
    expect(isFixedText(messages.welcome.examples[0] ?? '')).toBe(true);
  });

  it('does not know a template filled with a value, nor anything else typed', () => {
    expect(isFixedText(messages.answer.title('山田です'))).toBe(false);
    expect(isFixedText('山田です')).toBe(false);
    expect(isFixedText(`${messages.feedback.helpful} `)).toBe(false);
  });
});

describe('withUserText', () => {
  it('keeps a pressed button as redact would, the dictionary reading it once however often it is pressed', () => {
    const reads = register();
    const text = messages.feedback.helpful;
    let history = emptyHistory();
    for (let i = 0; i < 3; i++) history = withUserText(history, text);
    expect(history.turns.map((t) => (t.kind === 'user' ? t.text : ''))).toEqual([redact(text), redact(text), redact(text)]);
    // Once by the first withUserText, three times by the redact calls above.
    expect(reads.filter((r) => r === text)).toHaveLength(4);
  });

  it('reads anything else typed in full every time', () => {
    const reads = register();
    let history = emptyHistory();
    for (let i = 0; i < 2; i++) history = withUserText(history, '山田です、よろしく');
    expect(history.turns.map((t) => (t.kind === 'user' ? t.text : ''))).toEqual(['[氏名]です、よろしく', '[氏名]です、よろしく']);
    expect(reads).toHaveLength(2);
  });
});

describe('wordKey with its remembered keys', () => {
  it('gives the same key for a text however the calls interleave (fixed texts, the last message, others)', () => {
    const expected = new Map<string, string>([
      [messages.feedback.helpful, '役に立った'],
      [messages.verification.methodSms, '登録済みの携帯電話sms'],
      ['ハイ！', 'はい'],
      ['はい。', 'はい'],
      ['アプリで', 'あぷりで'],
      ['ＳＭＳ で', 'smsで'],
    ]);
    const order = [...expected.keys()];
    for (const texts of [order, [...order].reverse(), order.flatMap((t) => [t, t, order[0] ?? ''])]) {
      for (const text of texts) expect(wordKey(text)).toBe(expected.get(text));
    }
  });
});
