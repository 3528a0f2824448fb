import { afterEach, describe, expect, it } from 'vitest';
import { redact, redactDeep, redactOwnText, redactStoredText, redactorRedactedAgain, setPersonNameDetector, type NameSpan, type PersonNameDetector } from '../../../dialogs/privacy/redact';

/** A detector that tags 山田 and counts the texts it reads: a remembered text is not read again. */
function countingDetector(): { detector: PersonNameDetector; reads: string[] } {
  const reads: string[] = [];
  const detector: PersonNameDetector = (text) => {
    reads.push(text);
    const spans: NameSpan[] = [];
    for (let at = text.indexOf('山田'); at >= 0; at = text.indexOf('山田', at + 2)) spans.push({ start: at, end: at + 2 });
    return spans;
  };
  return { detector, reads };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Registers a fresh counting detector (which also empties the memo). */
function register(): string[] {
  restore?.();
  const { detector, reads } = countingDetector();
  restore = setPersonNameDetector(detector);
  return reads;
}

const texts = [
  'パスワードのリセットをお手伝いします。',
  '確認コードを taro@example.com に送りました',
  '山田様、ご本人確認ができました。',
  '受付番号は RR-7K3MQXAB です。2026-01-31T10:00:00.000Z',
  'リンク: https://account.live.com/ResetPassword.aspx?productkey=wlid&mkt=ja-jp',
  '',
];

describe('redactOwnText', () => {
  it('gives what redact gives, first time and every time after', () => {
    register();
    for (let round = 0; round < 2; round++) for (const text of texts) expect(redactOwnText(text)).toBe(redact(text));
  });

  it('remembers a text redaction leaves unchanged: the second time the dictionary does not read it', () => {
    const reads = register();
    const text = 'パスワードのリセットをお手伝いします。';
    redactOwnText(text);
    redactOwnText(text);
    expect(reads.filter((r) => r === text)).toHaveLength(1);
  });

  it('never remembers a text with personal data in it (a reply echoing what the user typed)', () => {
    const reads = register();
    const text = '山田様、確認コードを taro@example.com に送りました';
    expect(redactOwnText(text)).toBe('[氏名]様、確認コードを [メール] に送りました');
    expect(redactOwnText(text)).toBe('[氏名]様、確認コードを [メール] に送りました');
    // Read twice by the dictionary (the email is a tag by the time names are looked for).
    expect(reads.filter((r) => r.startsWith('山田様'))).toHaveLength(2);
  });

  it('remembers a knowledge-base answer even when redaction changes it (a token-like query in a URL)', () => {
    const reads = register();
    const answer = '次のページを開いてください: https://account.live.com/ResetPassword.aspx?productkey=wlid&mkt=ja-jp';
    expect(redactOwnText(answer, { fromKnowledgeBase: true })).toBe(redact(answer));
    expect(redactOwnText(answer, { fromKnowledgeBase: true })).toBe(redact(answer));
    // Once by the first redactOwnText, twice by the redact calls: the second redactOwnText was a lookup.
    expect(reads.filter((r) => r.startsWith('次のページ'))).toHaveLength(3);
  });

  it('forgets what it remembered when another name detector is registered', () => {
    const first = register();
    const text = 'ご本人確認ができました。';
    redactOwnText(text);
    const second = register();
    redactOwnText(text);
    expect(first.filter((r) => r === text)).toHaveLength(1);
    expect(second.filter((r) => r === text)).toHaveLength(1);
  });
});

describe('redactStoredText', () => {
  it('gives what redact gives with the sensitive values, from a transcript line', () => {
    register();
    const sensitive = ['ポチ', '次郎'];
    for (const text of [...texts, '秘密の答えは ポチ です', '名は次郎です', redact('山田次郎で登録しました')]) {
      expect(redactStoredText(text, sensitive)).toBe(redact(text, { sensitive }));
    }
  });
});

describe('redactDeep', () => {
  it('redacts every string as before, through the memo when no option is given', () => {
    register();
    const event = { kind: 'abstained', question: '山田です、090-1234-5678 に電話がほしい', nested: [{ entryId: 'forgot-password' }], at: new Date(0), n: 3 };
    const expected = { kind: 'abstained', question: '[氏名]です、[電話番号] に電話がほしい', nested: [{ entryId: 'forgot-password' }], at: new Date(0), n: 3 };
    expect(redactDeep(event)).toEqual(expected);
    expect(redactDeep(event)).toEqual(expected);
    expect(redactDeep({ a: '秘密は ポチ' }, { sensitive: ['ポチ'] })).toEqual({ a: '秘密は [個人情報]' });
  });
});

describe('redactorRedactedAgain (a transcript line redacted again when a flow marks values)', () => {
  it('gives what redactStoredText gives on a line that was redacted when kept', () => {
    register();
    const sensitive = ['ポチ', '次郎'];
    for (const text of [...texts, '秘密の答えは ポチ です', '名は次郎です', '山田次郎で登録しました', '〒100-0001 東京都']) {
      const kept = redact(text);
      expect(redactorRedactedAgain(sensitive)(kept)).toBe(redactStoredText(kept, sensitive));
    }
  });

  it('does not let the dictionary read a line none of the values is in', () => {
    const reads = register();
    const kept = redact('アカウントの復元をお願いしたいのですが、どうすればよいでしょうか');
    reads.length = 0;
    expect(redactorRedactedAgain(['ポチ'])(kept)).toBe(kept);
    expect(reads).toEqual([]);
  });
});

describe('the dictionary and texts without letters', () => {
  it('is not asked about a text of tags, digits and symbols; the result is the same', () => {
    const reads = register();
    for (const text of ['taro@example.com', '123456', '090-1234-5678 / 〒100-0001', '[メール]']) {
      const redacted = redact(text);
      expect(redacted).not.toMatch(/\d{4}|example/);
      expect(reads).toEqual([]);
    }
    expect(redact('taro@example.com 山田')).toBe('[メール] [氏名]');
    expect(reads).toEqual(['[メール] 山田']);
  });
});

describe('redactOwnText with fixedMessage (a prompt of dialogs/messages.ts)', () => {
  it('remembers a fixed message even when redaction changes it (an example phone number), with the result redact gives', () => {
    const reads = register();
    const prompt = '登録してある携帯電話番号を入力してください (例: 090-1234-5678)。';
    expect(redactOwnText(prompt, { fixedMessage: true })).toBe(redact(prompt));
    expect(redactOwnText(prompt, { fixedMessage: true })).toBe('登録してある携帯電話番号を入力してください (例: [電話番号])。');
    // Once by the first redactOwnText, once by redact: the second redactOwnText was a lookup.
    expect(reads.filter((r) => r.startsWith('登録してある'))).toHaveLength(2);
  });
});
