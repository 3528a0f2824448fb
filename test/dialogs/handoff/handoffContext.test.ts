import { describe, expect, it } from 'vitest';
import {
  MAX_HISTORY_TURNS,
  emptyHistory,
  lastAnsweredEntry,
  withAccount,
  withOutcome,
  withUserText,
  type ConversationHistory,
} from '../../../dialogs/handoff/conversationHistory';
import { HandoffContextBuilder } from '../../../dialogs/handoff/handoffContext';
import { feedbackButtons, recognizeFeedback, withFeedbackButtons } from '../../../dialogs/handoff/feedback';
import type { OutcomeEvent } from '../../../dialogs/outcomes';
import type { FlowAbandonReason } from '../../../dialogs/domain';

const titles: Record<string, string> = { 'forgot-password': 'パスワードを忘れた', 'account-blocked': 'アカウントがブロックされた' };

function conversation(): ConversationHistory {
  const steps: (string | OutcomeEvent)[] = [
    'パスワードを忘れました',
    { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 },
    '役に立たなかった',
    { kind: 'feedback', entryId: 'forgot-password', helpful: false },
    'パスワードのリセットを始める',
    { kind: 'flowStarted', flow: 'passwordReset' },
    'taro@example.com',
    { kind: 'flowAbandoned', flow: 'passwordReset', step: 'code', reason: 'unavailable' },
    'Xbox のギフトカードが 090-1234-5678 で使えない',
    { kind: 'abstained', question: 'Xbox のギフトカードが 090-1234-5678 で使えない' },
    'オペレーターと話したい',
  ];
  let h = emptyHistory();
  for (const s of steps) h = typeof s === 'string' ? withUserText(h, s) : withOutcome(h, s);
  return withAccount(h, 'taro@example.com');
}

describe('HandoffContextBuilder', () => {
  const built = new HandoffContextBuilder({ entryTitle: (id) => titles[id] }).build(conversation(), { reason: 'user-request', conversation: 'c_1', channel: 'webchat', createdAt: '2026-11-25T10:00:00.000Z' });

  it('collects what the agent needs, with the account masked and no personal data in clear', () => {
    expect(built.account).toBe('t***@example.com');
    expect(built.questions).toEqual(['パスワードを忘れました', 'パスワードのリセットを始める', '[メール]', 'Xbox のギフトカードが [電話番号] で使えない', 'オペレーターと話したい']);
    expect(built.answers).toEqual([{ entryId: 'forgot-password', title: 'パスワードを忘れた', helpful: false }]);
    expect(built.unanswered).toEqual(['Xbox のギフトカードが [電話番号] で使えない']);
    expect(built.flows).toEqual([{ flow: 'passwordReset', title: 'パスワードのリセット', status: 'abandoned', step: 'code', reason: 'unavailable' }]);
    expect(JSON.stringify(built)).not.toMatch(/taro@|090-1234-5678/);
  });

  it('writes a Japanese summary: reason, account, questions, answers with feedback, the flow and where it stopped', () => {
    expect(built.summary.split('\n')).toEqual([
      '【引き継ぎ概要】',
      '引き継ぎ理由: お客様が担当者との会話を希望',
      'アカウント: t***@example.com（一部を伏せて表示）',
      'お客様の質問（原文、個人情報は伏せ字）:',
      '- 「パスワードを忘れました」',
      '- 「パスワードのリセットを始める」',
      '- 「[メール]」',
      '- 「Xbox のギフトカードが [電話番号] で使えない」',
      '- 「オペレーターと話したい」',
      '表示した回答と評価:',
      '- パスワードを忘れた（役に立たなかった）',
      '回答できなかった質問: 1 件',
      '試した手続き:',
      '- パスワードのリセット: 中断（確認コードの入力で、システムに接続できなかった）',
    ]);
  });

  it('says so when nothing happened yet', () => {
    const empty = new HandoffContextBuilder().build(emptyHistory(), { reason: 'user-request', conversation: 'c_2' });
    expect(empty.summary).toContain('アカウント: 未入力');
    expect(empty.summary).toContain('表示した回答: なし');
    expect(empty.summary).toContain('試した手続き: なし');
    expect(empty.account).toBeUndefined();
  });
});

describe('ConversationHistory', () => {
  it('keeps at most MAX_HISTORY_TURNS turns, dropping the oldest', () => {
    let h = emptyHistory();
    for (let i = 0; i < MAX_HISTORY_TURNS + 5; i++) h = withUserText(h, `質問 ${i}`);
    expect(h.turns).toHaveLength(MAX_HISTORY_TURNS);
    expect(h.turns[0]).toMatchObject({ text: '質問 5' });
  });

  it('stores text redacted (flow-marked literals too) and the account only masked', () => {
    const h = withAccount(withUserText(emptyHistory(), '秘密の答えは ポチ、コードは 123456', { sensitive: ['ポチ'] }), '090-1234-5678');
    expect(h.turns[0]).toMatchObject({ text: '秘密の答えは [個人情報]、コードは [コード]' });
    expect(h.maskedAccount).toBe('*********78');
    expect(JSON.stringify(h)).not.toContain('1234');
  });

  it('knows the entry of the last answer, for a feedback press', () => {
    const h = [{ kind: 'answered', entryId: 'a', confidence: 1 } as const, { kind: 'abstained', question: 'x' } as const, { kind: 'answered', entryId: 'b', confidence: 1 } as const].reduce((acc, e) => withOutcome(acc, e), emptyHistory());
    expect(lastAnsweredEntry(h)).toBe('b');
    expect(lastAnsweredEntry(emptyHistory())).toBeUndefined();
  });
});

describe('feedback buttons', () => {
  it('are imBack buttons 役に立った / 役に立たなかった (Teams and Web Chat both support imBack)', () => {
    expect(feedbackButtons()).toEqual([
      { type: 'imBack', title: '役に立った', value: '役に立った' },
      { type: 'imBack', title: '役に立たなかった', value: '役に立たなかった' },
    ]);
  });

  it('come after the answer’s own buttons', () => {
    const reply = withFeedbackButtons({ text: 'answer', suggestedActions: { actions: [{ type: 'imBack', title: '関連', value: '関連' }], to: [] } });
    expect(reply.suggestedActions?.actions.map((a) => a.title)).toEqual(['関連', '役に立った', '役に立たなかった']);
    expect(withFeedbackButtons({ text: 'no buttons' }).suggestedActions?.actions).toHaveLength(2);
  });

  it.each([
    ['役に立った', 'helpful'],
    ['役に立たなかった', 'not-helpful'],
    ['役に立たなかった。', 'not-helpful'],
    ['役に立ちました', undefined],
    ['パスワードを忘れた', undefined],
  ])('recognizeFeedback(%s) = %s', (text, verdict) => expect(recognizeFeedback(text)).toBe(verdict));
});

describe('the agent reads no internal identifiers', () => {
  it.each([
    ['method', 'person-requested', '- パスワードのリセット: 中断（コードの受け取り方法の選択で、お客様が担当者を希望）'],
    ['lastName', 'cancelled', '- パスワードのリセット: 中断（姓の入力で、お客様が中止）'],
    ['some-new-step', 'some-new-reason', '- パスワードのリセット: 中断（手続きの途中で、理由不明）'],
  ])('step %s, reason %s', (step, reason, line) => {
    // 'some-new-reason' stands for a reason saved by another version of the bot (state outlives deployments).
    const history = withOutcome(emptyHistory(), { kind: 'flowAbandoned', flow: 'passwordReset', step, reason: reason as FlowAbandonReason });
    const summary = new HandoffContextBuilder().build(history, { reason: 'user-request', conversation: 'c', channel: 'emulator', createdAt: '2026-11-25T10:00:00.000Z' }).summary;
    expect(summary).toContain(line);
    expect(summary).not.toMatch(/[a-z]{3,}-[a-z]/);
  });
});
