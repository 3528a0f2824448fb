import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { createFlows } from '../../dialogs/flows/createFlows';
import { lostFlowReply, readAsStepAnswer, type StepAnswerReading } from '../../dialogs/lostFlow';
import { messages } from '../../dialogs/messages';
import { startFlowText } from '../../dialogs/replies';
import { RootDialog } from '../../dialogs/rootDialog';
import { FAKE_CODE, FAKE_RECOVERY_CODE, FakeAccountAdapter } from './fakeAccountAdapter';
import { FakeFaq, buttonTitles, replyText } from './flowTestKit';

type Kind = StepAnswerReading['kind'] | 'none';

/** [message, how it reads in a brand-new conversation]; 'none': not a step's answer (the root goes on as before). */
const READINGS: readonly (readonly [string, Kind])[] = [
  // Codes, alone or inside a sentence, any width.
  ['123456', 'security-code'],
  ['４８２９１３', 'security-code'],
  ['123 456', 'security-code'],
  ['メールに届いたコードは 482913 です', 'security-code'],
  ['コードは１２３ ４５６でした', 'security-code'],
  [FAKE_RECOVERY_CODE, 'recovery-code'],
  ['復元用コードは abcde-12345-fghij-67890-klmnp です', 'recovery-code'],
  // A bare yes or no.
  ['はい', 'yes-no'],
  ['はい、お願いします', 'yes-no'],
  ['いいえ', 'yes-no'],
  ['いえ、違います', 'yes-no'],
  // The code step's words and a step's buttons.
  ['届きません', 'code-trouble'],
  ['コードが来ない', 'code-trouble'],
  ['まだ届きません。', 'code-trouble'],
  ['再送して', 'code-trouble'],
  [messages.verification.resendButton, 'step-button'],
  [messages.verification.methodSms, 'step-button'],
  [messages.recovery.skipButton, 'step-button'],
  [messages.flow.retryButton, 'step-button'],
  // An account, a date, a postal code: only on their own.
  ['taro@example.com', 'account'],
  ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'account'],
  ['アカウントは taro@example.com です', 'account'],
  ['090-1234-5678', 'account'],
  ['スカイプ名は taro_yamada です', 'account'],
  ['1990/1/2', 'birth-date'],
  ['平成2年1月2日です', 'birth-date'],
  ['生年月日は１９９０年１月２日', 'birth-date'],
  ['H2.1.2', 'birth-date'],
  ['1990年1月2日生まれです', 'birth-date'],
  ['〒100-0001', 'postal-code'],
  ['郵便番号は1000001です', 'postal-code'],
  // Questions, wishes, problems, stories, small talk, a person: not a step's answer.
  ['パスワードを忘れました', 'none'],
  ['サインインできない', 'none'],
  ['パスワードをリセットしたい', 'none'],
  ['こんにちは', 'none'],
  ['ありがとう', 'none'],
  ['担当者と話したい', 'none'],
  ['123456 って何のコードですか？', 'none'],
  ['taro@example.com でサインインできません', 'none'],
  ['taro@example.com のパスワードを忘れました', 'none'],
  ['2024年1月5日からサインインできない', 'none'],
  ['ええ、Outlook の設定がおかしいんです', 'none'],
  ['メールが届かない', 'none'],
  ['RR-7K3MQXAB', 'none'],
  ['キャンセル', 'none'],
];

describe('readAsStepAnswer', () => {
  it.each(READINGS)('「%s」 reads as %s', (text, expected) => {
    expect(readAsStepAnswer(text)?.kind ?? 'none').toBe(expected);
  });

  it('keeps the account it read, as the flows store it', () => {
    expect(readAsStepAnswer('０９０ー１２３４ー５６７８')).toEqual({ kind: 'account', account: '09012345678' });
  });
});

describe('lostFlowReply', () => {
  it('says the procedure was lost, with a button per flow and one for a question; never the message', () => {
    const reply = lostFlowReply(['passwordReset', 'unblockAccount', 'recoverAccount']);
    expect(reply.text).toBe(messages.lostFlow.text);
    expect(buttonTitles(reply)).toEqual([startFlowText('passwordReset'), startFlowText('unblockAccount'), startFlowText('recoverAccount'), messages.lostFlow.somethingElse]);
  });
});

/** The bot as the server runs it: real flows, state in memory storage that a "restart" replaces. */
function server(storage = new MemoryStorage()) {
  const adapter = new FakeAccountAdapter();
  const faq = new FakeFaq();
  const root = new RootDialog({ faq, flows: createFlows({ account: adapter, faq }) });
  const conversationState = new ConversationState(storage);
  const accessor = conversationState.createProperty<DialogState>('dialogState');
  const test = new TestAdapter(async (context) => {
    await root.run(context, accessor);
    await conversationState.saveChanges(context);
  });
  return { test, adapter };
}

async function say(test: TestAdapter, text: string): Promise<Partial<Activity>[]> {
  await test.send(text).startTest();
  const replies: Partial<Activity>[] = [];
  for (let a = test.activeQueue.shift(); a; a = test.activeQueue.shift()) if (a.type === 'message') replies.push(a as Partial<Activity>);
  return replies;
}

describe('a flow lost with the server’s memory', () => {
  it('the code after a restart: told the procedure was lost, nothing echoed; the flow starts again from its beginning', async () => {
    const before = server();
    await say(before.test, startFlowText('passwordReset'));
    await say(before.test, 'taro@example.com');
    await say(before.test, messages.verification.methodEmail);
    expect((await say(before.test, 'taro.backup@example.net')).map(replyText).join(' ')).toContain(messages.verification.askCode);

    // The server restarts: conversation state (memory storage) is gone; the same conversation goes on.
    const after = server();
    const lost = await say(after.test, FAKE_CODE);
    expect(lost.map(replyText)).toEqual([messages.lostFlow.text]);
    expect(JSON.stringify(lost)).not.toContain(FAKE_CODE);
    expect(after.adapter.calls).toEqual([]);
    expect((await say(after.test, 'パスワードのほう')).map(replyText)).toEqual([messages.passwordReset.intro, messages.passwordReset.askAccount]);
  });

  it('mid-conversation (the state is not new), a code is read as before', async () => {
    const storage = new MemoryStorage();
    const bot = server(storage);
    expect((await say(bot.test, 'こんにちは')).map(replyText)).toEqual([messages.greeting]);
    const replies = await say(bot.test, FAKE_CODE);
    expect(replies.map(replyText)).not.toContain(messages.lostFlow.text);
  });
});
