import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { startFlowText } from '../../dialogs/replies';
import { RootDialog } from '../../dialogs/rootDialog';
import { createFlows } from '../../dialogs/flows/createFlows';
import { FAKE_CODE, FakeAccountAdapter } from './fakeAccountAdapter';
import { FakeFaq, replyText } from './flowTestKit';

/** The root dialog as the bot runs it, with the flows from createFlows (one recovery dialog shared). */
function makeBot() {
  const adapter = new FakeAccountAdapter();
  const faq = new FakeFaq();
  const flows = createFlows({ account: adapter, faq });
  const root = new RootDialog({ faq, flows });
  const conversationState = new ConversationState(new MemoryStorage());
  const accessor = conversationState.createProperty<DialogState>('dialogState');
  const test = new TestAdapter(async (context) => {
    await root.run(context, accessor);
    await conversationState.saveChanges(context);
  });
  return { adapter, test };
}

async function say(test: TestAdapter, text: string): Promise<string[]> {
  const replies: string[] = [];
  await test.send(text).startTest();
  for (let a = test.activeQueue.shift(); a; a = test.activeQueue.shift()) replies.push(replyText(a as Partial<Activity>));
  return replies;
}

describe('createFlows with the root dialog', () => {
  it('the start button runs password reset to the end, then the root answers again', async () => {
    const { test } = makeBot();
    expect(await say(test, startFlowText('passwordReset'))).toEqual([messages.passwordReset.intro, messages.passwordReset.askAccount]);
    await say(test, 'taro@example.com');
    await say(test, messages.verification.methodEmail);
    await say(test, 'taro.backup@example.net');
    const done = await say(test, FAKE_CODE);
    expect(done.join(' ')).toContain(messages.passwordReset.linkButton);
    // Back at the root: small talk is answered by the root, not the flow.
    expect(await say(test, 'こんにちは')).toEqual([messages.greeting]);
  });

  it('each flow can be started, and the shared recovery flow runs as a child of unblock', async () => {
    const { test } = makeBot();
    expect(await say(test, startFlowText('recoverAccount'))).toEqual([messages.recovery.intro, messages.recovery.askAccount]);
    await say(test, 'キャンセル');
    expect(await say(test, startFlowText('unblockAccount'))).toEqual([messages.unblock.intro, messages.unblock.askAccount]);
    await say(test, 'jiro@example.com');
    await say(test, messages.unblock.noPhoneButton);
    await say(test, messages.unblock.noSecretButton);
    await say(test, messages.verification.methodNone);
    const replies = await say(test, messages.verification.noRecoveryCodeButton);
    expect(replies).toEqual([messages.unblock.toRecovery, messages.recovery.intro, messages.recovery.askContactEmail]);
  });
});
