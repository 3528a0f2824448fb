import { describe, expect, it } from 'vitest';
import {
  emptyHistory,
  withDeclined,
  withOffer,
  withOutcome,
  withUserText,
  type ConversationHistory,
} from '../../../dialogs/handoff/conversationHistory';
import { acceptsOffer, asksForPerson, decideAfterOutcome, decideOnMessage, declinesOffer, pendingOffer } from '../../../dialogs/handoff/handoffPolicy';
import type { OutcomeEvent } from '../../../dialogs/outcomes';
import type { FlowAbandonReason } from '../../../dialogs/domain';

const answered = (entryId = 'forgot-password'): OutcomeEvent => ({ kind: 'answered', entryId, confidence: 0.9 });
const abstained = (question = 'よくわからない質問'): OutcomeEvent => ({ kind: 'abstained', question });
const feedback = (helpful: boolean, entryId = 'forgot-password'): OutcomeEvent => ({ kind: 'feedback', entryId, helpful });
const abandoned = (reason: FlowAbandonReason): OutcomeEvent => ({ kind: 'flowAbandoned', flow: 'recoverAccount', step: 'submit', reason });

function history(...events: OutcomeEvent[]): ConversationHistory {
  return events.reduce((h, e) => withOutcome(h, e), emptyHistory());
}

describe('asksForPerson', () => {
  it.each([
    'オペレーターと話したい',
    'オペレータにつないで',
    '担当者と話したい',
    '担当の方をお願いします',
    '人と話したい',
    '人間に代わってください',
    '有人対応はありますか',
    '電話したい',
    '電話で相談できますか',
    'サポート窓口に問い合わせたい',
    '担当者と話す',
    'ｵﾍﾟﾚｰﾀｰ',
    'talk to an agent please',
  ])('"%s" asks for a person', (text) => expect(asksForPerson(text)).toBe(true));

  it.each([
    '電話番号を変更したい',
    'セキュリティ コードが電話に届かない',
    '本人確認ができません',
    'パスワードを忘れました',
    'アカウントがブロックされました',
    'エージェント',
    '別の人のアカウントを削除したい',
  ])('"%s" does not', (text) => expect(asksForPerson(text)).toBe(false));
});

describe('decideOnMessage', () => {
  it('hands over at once when the user asks for a person, at any point', () => {
    expect(decideOnMessage(emptyHistory(), 'オペレーターと話したい')).toEqual({ kind: 'handoff', reason: 'user-request' });
    const midFlow = history({ kind: 'flowStarted', flow: 'passwordReset' });
    expect(decideOnMessage(midFlow, '人と話したい')).toEqual({ kind: 'handoff', reason: 'user-request' });
  });

  it('accepting a pending offer hands over with the offer reason', () => {
    const offered = withOffer(history(abstained(), abstained()), 'repeated-abstention');
    expect(decideOnMessage(withUserText(offered, '担当者と話す'), '担当者と話す')).toEqual({ kind: 'handoff', reason: 'repeated-abstention' });
  });

  it('the user can decline a pending offer and carry on', () => {
    const offered = withOffer(history(abstained(), abstained()), 'repeated-abstention');
    expect(decideOnMessage(offered, 'このまま続ける')).toEqual({ kind: 'declined' });
    expect(declinesOffer('いいえ')).toBe(true);
    // Without a pending offer, "いいえ" is just a message.
    expect(decideOnMessage(emptyHistory(), 'いいえ')).toEqual({ kind: 'continue' });
  });

  it.each(['はい', 'お願いします', 'ええ、つないでください', 'はい、お願いします', 'つないでください', 'うん、話したい', 'ぜひお願いします', 'ＯＫ', '担当者と話す'])(
    'a pending offer is accepted in words: 「%s」',
    (text) => {
      const offered = withOffer(history(abstained(), abstained()), 'repeated-abstention');
      expect(acceptsOffer(text)).toBe(true);
      expect(decideOnMessage(offered, text)).toEqual({ kind: 'handoff', reason: 'repeated-abstention' });
    },
  );

  it.each(['いいえ', 'いえ、大丈夫です', '大丈夫です', '結構です', 'いや、いいです', 'このままで', 'つながなくていいです', 'いいえ、自分でやってみます', 'もう大丈夫です'])(
    'a pending offer is declined in words: 「%s」',
    (text) => {
      const offered = withOffer(history(abstained(), abstained()), 'not-helpful');
      expect(declinesOffer(text)).toBe(true);
      expect(decideOnMessage(offered, text)).toEqual({ kind: 'declined' });
    },
  );

  it.each(['パスワードを忘れた', 'アカウントがブロックされた?', 'はいってどういう意味？', 'taro@example.com'])('「%s」 neither accepts nor declines', (text) => {
    expect(acceptsOffer(text)).toBe(false);
    expect(declinesOffer(text)).toBe(false);
    // Without a pending offer, a yes is just a message.
    expect(decideOnMessage(emptyHistory(), 'はい')).toEqual({ kind: 'continue' });
  });

  it('an offer stops being pending once the user asked something else', () => {
    const offered = withOffer(history(abstained(), abstained()), 'repeated-abstention');
    expect(pendingOffer(offered)).toBe('repeated-abstention');
    expect(pendingOffer(withOutcome(offered, answered()))).toBeUndefined();
    expect(pendingOffer(withDeclined(offered))).toBeUndefined();
  });

  it('other messages continue', () => {
    expect(decideOnMessage(emptyHistory(), 'パスワードを忘れました')).toEqual({ kind: 'continue' });
  });
});

describe('decideAfterOutcome: triggers', () => {
  it('two abstentions in a row offer a person, with help first', () => {
    expect(decideAfterOutcome(history(abstained()))).toEqual({ kind: 'continue' });
    expect(decideAfterOutcome(history(abstained(), abstained()))).toEqual({ kind: 'offer', reason: 'repeated-abstention', withHelp: true });
  });

  it('a clarification between two abstentions does not break the run; an answer does', () => {
    expect(decideAfterOutcome(history(abstained(), { kind: 'clarified', choices: ['a', 'b'] }, abstained()))).toMatchObject({ kind: 'offer', reason: 'repeated-abstention' });
    expect(decideAfterOutcome(history(abstained(), answered(), abstained()))).toEqual({ kind: 'continue' });
  });

  it('a clarification none of whose choices was picked, then an abstention, is two misses', () => {
    const clarified: OutcomeEvent = { kind: 'clarified', choices: ['a', 'b'] };
    expect(decideAfterOutcome(history(clarified, abstained()))).toEqual({ kind: 'offer', reason: 'repeated-abstention', withHelp: true });
    expect(decideAfterOutcome(history(clarified, answered(), abstained()))).toEqual({ kind: 'continue' });
    expect(decideAfterOutcome(history(abstained(), clarified))).toEqual({ kind: 'continue' });
  });

  it('"not helpful" followed by another miss offers a person', () => {
    expect(decideAfterOutcome(history(answered(), feedback(false)))).toEqual({ kind: 'continue' });
    expect(decideAfterOutcome(history(answered(), feedback(false), answered('account-blocked'), abstained()))).toEqual({ kind: 'offer', reason: 'not-helpful', withHelp: true });
    expect(decideAfterOutcome(history(answered(), feedback(false), answered('account-blocked'), feedback(false, 'account-blocked')))).toMatchObject({ kind: 'offer', reason: 'not-helpful' });
  });

  it('a success after "not helpful" clears it', () => {
    expect(decideAfterOutcome(history(feedback(false), answered('x'), feedback(true, 'x'), abstained()))).toEqual({ kind: 'continue' });
    expect(decideAfterOutcome(history(feedback(false), { kind: 'flowCompleted', flow: 'passwordReset' }, abstained()))).toEqual({ kind: 'continue' });
  });

  it('a flow failing because the back end is unreachable offers a person', () => {
    expect(decideAfterOutcome(history({ kind: 'flowStarted', flow: 'unblockAccount' }, abandoned('unavailable')))).toEqual({ kind: 'offer', reason: 'flow-failure', withHelp: true });
  });

  it('recovery not verified twice offers a person; once does not', () => {
    expect(decideAfterOutcome(history(abandoned('not-verified')))).toEqual({ kind: 'continue' });
    expect(decideAfterOutcome(history(abandoned('not-verified'), abandoned('not-verified')))).toMatchObject({ kind: 'offer', reason: 'flow-failure' });
  });

  it('a flow the user cancelled is not a failure', () => {
    expect(decideAfterOutcome(history(abandoned('cancelled')))).toEqual({ kind: 'continue' });
  });
});

describe('decideAfterOutcome: never loops', () => {
  it('after a declined offer, only fresh evidence offers again, and without the help already tried', () => {
    let h = withDeclined(withOffer(history(abstained(), abstained()), 'repeated-abstention'));
    h = withOutcome(h, abstained());
    expect(decideAfterOutcome(h)).toEqual({ kind: 'continue' });
    h = withOutcome(h, abstained());
    expect(decideAfterOutcome(h)).toEqual({ kind: 'offer', reason: 'repeated-abstention', withHelp: false });
  });

  it('evidence before a handover does not count after it', () => {
    let h = history(abstained(), abstained(), { kind: 'handedOver', reason: 'repeated-abstention' });
    h = withOutcome(h, abstained());
    expect(decideAfterOutcome(h)).toEqual({ kind: 'continue' });
  });
});
