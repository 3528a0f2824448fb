import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import type { FaqDecision, FaqEntryView, FaqPort } from '../../dialogs/ports';
import { RootDialog } from '../../dialogs/rootDialog';
import { MadoguchiBot } from '../../src/bot/madoguchiBot';
import { createTurnErrorHandler } from '../../src/bot/turnError';
import pino from 'pino';

const entries: FaqEntryView[] = [
  { id: 'forgot-password', question: 'パスワードを忘れた?', answer: 'リセットしてください。', related: ['account-blocked'], action: 'passwordReset' },
  { id: 'account-blocked', question: 'ブロックされた?', answer: '解除できます。', related: [] },
];

/** A FAQ fake whose decisions are scripted by question. */
function fakeFaq(decisions: Record<string, FaqDecision>): FaqPort {
  return {
    ask: (q) => ({ decision: decisions[q] ?? { kind: 'abstain', confidence: 0, candidates: [] }, truncated: false }),
    entry: (id) => entries.find((e) => e.id === id),
    entryByQuestion: (text) => entries.find((e) => e.question === text),
  };
}

const faq = fakeFaq({
  パスワード忘れた: { kind: 'answer', entryId: 'forgot-password', confidence: 0.9, candidates: [] },
  アカウント: { kind: 'clarify', choices: ['forgot-password', 'account-blocked'], confidence: 0.4, candidates: [] },
});

const answerText = (e: FaqEntryView) => `${messages.answer.title(e.question)}\n\n${e.answer}`;
const [forgot, blocked] = entries as [FaqEntryView, FaqEntryView];

type Step = [userSays: string, botReplies: string[]];

const cases: [name: string, steps: Step[]][] = [
  ['answers a question', [['パスワード忘れた', [answerText(forgot)]]]],
  ['asks which one, then answers the pick', [['アカウント', [messages.clarify.text]], [blocked.question, [answerText(blocked)]]]],
  ['says so when none of the choices fit', [['アカウント', [messages.clarify.text]], [messages.clarify.noneOfThese, [messages.clarify.noneOfTheseReply]]]],
  ['abstains honestly', [['今日の天気', [messages.abstain.text]]]],
  ['greets', [['こんにちは！', [messages.greeting]]]],
  ['is thanked', [['ありがとう', [messages.thanks]]]],
  ['helps', [['ヘルプ', [messages.help.text]]]],
  ['answers a related-question button', [[forgot.question, [answerText(forgot)]]]],
];

describe('RootDialog', () => {
  it.each(cases)('%s', async (_name, steps) => {
    const client = new DialogTestClient('test', new RootDialog({ faq }));
    for (const [userSays, botReplies] of steps) {
      let reply = await client.sendActivity(userSays);
      for (const expected of botReplies) {
        expect(reply?.text).toBe(expected);
        reply = client.getNextReply();
      }
      expect(reply).toBeUndefined();
    }
  });

  it('offers related questions as buttons, but no flow button while the flow is not available', async () => {
    const client = new DialogTestClient('test', new RootDialog({ faq }));
    const reply: Partial<Activity> = await client.sendActivity('パスワード忘れた');
    expect(reply.suggestedActions?.actions.map((a) => a.title)).toEqual([blocked.question]);
  });

  it('offers clarification choices plus "none of these"', async () => {
    const client = new DialogTestClient('test', new RootDialog({ faq }));
    const reply: Partial<Activity> = await client.sendActivity('アカウント');
    expect(reply.suggestedActions?.actions.map((a) => a.title)).toEqual([forgot.question, blocked.question, messages.clarify.noneOfThese]);
  });
});

describe('turn errors', () => {
  it('apologize in Japanese, clear the state and keep stack traces away from the user', async () => {
    const throwing: FaqPort = { ...faq, ask: () => { throw new Error('index exploded at /srv/secret/path'); } };
    const state = new ConversationState(new MemoryStorage());
    const logs: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logs.push(line) });
    const bot = new MadoguchiBot({ conversationState: state, rootDialog: new RootDialog({ faq: throwing }) });
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    adapter.onTurnError = createTurnErrorHandler(logger, state);
    const replies: Partial<Activity>[] = [];
    await adapter.send('なにか').assertReply((a) => {
      replies.push(a);
    });
    expect(replies[0]?.text).toBe(messages.turnError);
    expect(replies[0]?.text).not.toContain('exploded');
    expect(logs.join('')).toContain('bot: unhandled error in turn');
    expect(logs.join('')).not.toContain('なにか');
  });
});
