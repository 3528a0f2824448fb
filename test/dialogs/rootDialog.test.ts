import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { describe, expect, it } from 'vitest';
import type { FlowName } from '../../dialogs/domain';
import type { FlowStart } from '../../dialogs/flows/interruptibleDialog';
import { HISTORY_STATE_KEY, type ConversationHistory } from '../../dialogs/handoff/conversationHistory';
import { HandoffCoordinator } from '../../dialogs/handoff/handoffCoordinator';
import type { HandoffProvider, HandoffSubmitted } from '../../dialogs/handoff/handoffPort';
import { StateKeys } from '../../dialogs/ids';
import { messages } from '../../dialogs/messages';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import type { FaqDecision, FaqEntryView, FaqPort } from '../../dialogs/ports';
import { startFlowText } from '../../dialogs/replies';
import { RootDialog, type RootMemory } from '../../dialogs/rootDialog';
import { MadoguchiBot } from '../../src/bot/madoguchiBot';
import { createTurnErrorHandler } from '../../src/bot/turnError';
import pino from 'pino';

const entries: FaqEntryView[] = [
  { id: 'forgot-password', question: 'パスワードを忘れた?', answer: 'リセットしてください。', related: ['account-blocked'], action: 'passwordReset' },
  { id: 'account-blocked', question: 'ブロックされた?', answer: '解除できます。', related: [] },
  { id: 'unblock', question: 'アカウントがブロックされてしまったのですが?', answer: '解除の手順です。', related: [], action: 'unblockAccount' },
  { id: 'account-recovery', question: 'アカウントを取り戻すには?', answer: '復元の手順です。', related: [], action: 'recoverAccount' },
  { id: 'delete-account', question: 'アカウントを削除するには?', answer: '閉じる手順です。', related: [] },
];

/** A FAQ fake whose decisions are scripted by question; anything else has no candidate (off-topic). */
function fakeFaq(decisions: Record<string, FaqDecision>): FaqPort {
  return {
    ask: (q) => ({ decision: decisions[q] ?? { kind: 'abstain', confidence: 0, candidates: [] }, truncated: false }),
    entry: (id) => entries.find((e) => e.id === id),
    entryByQuestion: (text) => entries.find((e) => e.question === text),
    entryByAction: (action) => entries.find((e) => e.action === action),
  };
}

const answer = (entryId: string): FaqDecision => ({ kind: 'answer', entryId, confidence: 0.9, candidates: [{ id: entryId, score: 0.9 }] });
/** Some words of the domain, not enough to answer: the best candidates are offered. */
const nearMiss: FaqDecision = { kind: 'abstain', confidence: 0.1, coverage: 0.3, candidates: [{ id: 'forgot-password', score: 0.1 }, { id: 'account-blocked', score: 0.05 }] };

const faq = fakeFaq({
  パスワード忘れた: answer('forgot-password'),
  パスワードを忘れました: answer('forgot-password'),
  パスワードを忘れたのでなんとかしてほしい: answer('forgot-password'),
  // The index answers forgot-password; changing a known password is not a reset (intents.ts).
  パスワードを変更したい: answer('forgot-password'),
  'ブロックされたらどうすればいい？': answer('unblock'),
  アカウントを取り戻すにはどうすればいいですか: answer('account-recovery'),
  アカウントを削除したい: answer('delete-account'),
  'まだかかりますか？': answer('account-blocked'),
  アカウント: { kind: 'clarify', choices: ['forgot-password', 'account-blocked'], confidence: 0.4, candidates: [] },
  アカウントの設定がおかしい: nearMiss,
  サインインの画面が変: nearMiss,
  'Gmailのパスワードをリセットしたい': { kind: 'abstain', confidence: 0.07, coverage: 0.2, outOfScopeTopic: true, candidates: [{ id: 'forgot-password', score: 0.07 }] },
});

/** A flow stand-in: says how it was started and ends at once (the flows have their own tests). */
class FakeFlow extends Dialog {
  constructor(private readonly flow: FlowName) {
    super(`fake.${flow}`);
  }
  /** The message each start carried (FlowStart.said), checked apart from the other options. */
  static readonly said: (string | undefined)[] = [];
  override async beginDialog(dc: DialogContext, options?: FlowStart): Promise<DialogTurnResult> {
    const { said, ...rest } = options ?? {};
    FakeFlow.said.push(said);
    await dc.context.sendActivity(started(this.flow, rest));
    // Recovery submits a request, as the real flow does at its end.
    return dc.endDialog(this.flow === 'recoverAccount' ? { outcome: 'completed', flow: this.flow, step: 'submit', ticketId: REQUEST } : undefined);
  }
}
const REQUEST = 'RR-7K3MQXAB';
const started = (flow: FlowName, start: FlowStart = {}) => `flow:${flow} ${JSON.stringify(start)}`;
const fakeFlows = (): Record<FlowName, Dialog> => ({
  passwordReset: new FakeFlow('passwordReset'),
  unblockAccount: new FakeFlow('unblockAccount'),
  recoverAccount: new FakeFlow('recoverAccount'),
  recoveryStatus: new FakeFlow('recoveryStatus'),
});

const TICKET = 'MDG-20261125-ABCD';
class FakeProvider implements HandoffProvider {
  submitted = 0;
  async submit(): Promise<HandoffSubmitted> {
    this.submitted++;
    return { ok: true, ticketId: TICKET, delivery: 'stored' };
  }
}

/** The root as the bot wires it: flows, memory in conversation state, and (optionally) handoff. */
function harness(options: { handoff?: boolean; flows?: boolean } = {}) {
  const state = new ConversationState(new MemoryStorage());
  const provider = new FakeProvider();
  const recorded: OutcomeEvent[] = [];
  const handoff = options.handoff
    ? new HandoffCoordinator({ provider, history: state.createProperty<ConversationHistory>(HISTORY_STATE_KEY), recorder: { record: async (_c, e) => void recorded.push(e) } })
    : undefined;
  const root = new RootDialog({
    faq,
    ...(options.flows === false ? {} : { flows: fakeFlows() }),
    memory: state.createProperty<RootMemory>(StateKeys.rootMemory),
    ...(handoff ? { handoff } : {}),
  });
  return { client: new DialogTestClient('test', root, undefined, [], state), provider, recorded };
}

/** One expected reply: its text, or some of its parts. */
type Reply = string | { readonly text?: string; readonly kind?: string; readonly buttons?: readonly string[] };
type Step = [userSays: string, botReplies: readonly Reply[]];

/** The message replies of one turn (handoff.initiate events are the protocol's, tested elsewhere). */
async function say(client: DialogTestClient, text: string): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  for (let r: Partial<Activity> | undefined = await client.sendActivity(text); r; r = client.getNextReply()) replies.push(r);
  return replies.filter((r) => r.type === ActivityTypes.Message);
}

const kindOf = (a: Partial<Activity> | undefined) => (a?.channelData as { madoguchi?: { kind?: string } } | undefined)?.madoguchi?.kind;
const buttonsOf = (a: Partial<Activity> | undefined) => a?.suggestedActions?.actions.map((b) => b.title) ?? [];

async function run(client: DialogTestClient, steps: readonly Step[]): Promise<void> {
  for (const [userSays, expected] of steps) {
    const replies = await say(client, userSays);
    expect(replies.map((r) => r.text), `after 「${userSays}」`).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const reply = replies[i];
      if (typeof e === 'string') return expect(reply?.text, `after 「${userSays}」`).toBe(e);
      if (e.text !== undefined) expect(reply?.text, `after 「${userSays}」`).toBe(e.text);
      if (e.kind !== undefined) expect(kindOf(reply), `after 「${userSays}」`).toBe(e.kind);
      if (e.buttons !== undefined) expect(buttonsOf(reply), `after 「${userSays}」`).toEqual(e.buttons);
    });
  }
}

const answerText = (e: FaqEntryView) => `${messages.answer.title(e.question)}\n\n${e.answer}`;
const [forgot, blocked, unblock, recovery, deletion] = entries as [FaqEntryView, FaqEntryView, FaqEntryView, FaqEntryView, FaqEntryView];
const offTopic: Reply = { text: messages.abstain.text, kind: 'abstain-off-topic', buttons: messages.abstain.topics };
const closing: Reply = { text: messages.closing.text, kind: 'closing' };
const resolvedClosing: Reply = { text: messages.closing.resolved, kind: 'closing' };
const ticketCreated = messages.handoff.ticketCreated(TICKET);
/** The flows to start (again), then a question instead: after an account alone, and after a lost flow. */
const restartButtons = [startFlowText('passwordReset'), startFlowText('unblockAccount'), startFlowText('recoverAccount'), messages.lostFlow.somethingElse];
const lostFlow: Reply = { text: messages.lostFlow.text, kind: 'lostFlow', buttons: restartButtons };
const nearMissReply: Reply = { text: `${messages.abstain.nearMiss}\n\n${messages.abstain.candidatesIntro}`, kind: 'abstain', buttons: [forgot.question, blocked.question] };

/** Without handoff: what the root did before issue 8, and what it understands now. */
const cases: [name: string, steps: Step[]][] = [
  ['answers a question', [['パスワード忘れた', [answerText(forgot)]]]],
  ['asks which one, then answers the pick', [['アカウント', [messages.clarify.text]], [blocked.question, [answerText(blocked)]]]],
  ['says so when none of the choices fit', [['アカウント', [messages.clarify.text]], [messages.clarify.noneOfThese, [messages.clarify.noneOfTheseReply]]]],
  // Changed in issue 8: an off-topic question is told what this desk handles, without the advice to rephrase.
  ['tells an off-topic question what this desk handles', [['今日の天気', [offTopic]]]],
  ['a topic of another company is off-topic, even as a wish', [['Gmailのパスワードをリセットしたい', [offTopic]]]],
  ['a near miss gets the advice to rephrase and the best candidates', [['アカウントの設定がおかしい', [nearMissReply]]]],
  ['greets', [['こんにちは！', [messages.greeting]]]],
  ['is thanked', [['ありがとう', [messages.thanks]]]],
  ['thanks with relief close the conversation', [['ありがとう、解決しました！', [resolvedClosing]]]],
  ['「ご丁寧にありがとうございました。これで失礼いたします」 closes', [['ご丁寧にありがとうございました。これで失礼いたします', [closing]]]],
  ['「なるほど、もう大丈夫です。ありがとうございました」 closes', [['なるほど、もう大丈夫です。ありがとうございました', [closing]]]],
  ['helps', [['ヘルプ', [messages.help.text]]]],
  ['answers a related-question button', [[forgot.question, [answerText(forgot)]]]],

  // Typed wishes start the flows.
  ['「アカウントのロックを外したい」 starts the unblock', [['アカウントのロックを外したい', [started('unblockAccount')]]]],
  ['「アカウントを取り戻したい」 starts the recovery', [['アカウントを取り戻したい', [started('recoverAccount')]]]],
  ['「パスワードをリセットしたい」 starts the reset', [['パスワードをリセットしたい', [started('passwordReset')]]]],
  ['romaji: 「password wasureta. reset shitai」', [['password wasureta. reset shitai', [started('passwordReset')]]]],
  ['a forgotten password to change is a reset', [['パスワード分かんなくなった。変えたい', [started('passwordReset')]]]],
  ['「ブロックされたアカウントを元に戻したい」 starts the unblock', [['ブロックされたアカウントを元に戻したい', [started('unblockAccount')]]]],
  ['a wish with the account fills it in', [['taro@example.com のパスワードをリセットしたい', [started('passwordReset', { account: 'taro@example.com' })]]]],
  ['the FAQ finds the entry, the wish starts its flow', [['パスワードを忘れたのでなんとかしてほしい', [started('passwordReset')]]]],
  ['the start button still starts the flow', [[startFlowText('recoverAccount'), [started('recoverAccount')]]]],
  ['a question about how it works gets the answer and its button', [['ブロックされたらどうすればいい？', [{ text: answerText(unblock), buttons: [startFlowText('unblockAccount')] }]]]],
  ['「取り戻すにはどうすれば」 is a question too', [['アカウントを取り戻すにはどうすればいいですか', [answerText(recovery)]]]],
  ['「パスワードを変更したい」 is no reset', [['パスワードを変更したい', [answerText(forgot)]]]],
  ['「アカウントを削除したい」 is no flow', [['アカウントを削除したい', [answerText(deletion)]]]],
  ['a request number alone asks for its status', [['RR-7K3MQXAB', [started('recoveryStatus', { ticketId: 'RR-7K3MQXAB' })]]]],
  ['a request number inside a question', [['RR-7K3MQXABはどうなってますか', [started('recoveryStatus', { ticketId: 'RR-7K3MQXAB' })]]]],
  ['the status without a number: the flow asks for it', [['復旧リクエストの結果を知りたい', [started('recoveryStatus')]]]],
  ['the old phrase still works', [['復旧リクエストの状況 RR-7K3MQXAB', [started('recoveryStatus', { ticketId: 'RR-7K3MQXAB' })]]]],
  [
    'after a recovery request, 「さっきの申請ってどうなってる？」 looks it up',
    [['アカウントを取り戻したい', [started('recoverAccount')]], ['さっきの申請ってどうなってる？', [started('recoveryStatus', { ticketId: REQUEST })]], ['結果はまだですか', [started('recoveryStatus', { ticketId: REQUEST })]]],
  ],

  // After an answer whose entry has a flow.
  ['an email after the answer starts its flow with the account', [['パスワード忘れた', [answerText(forgot)]], ['taro@example.com', [started('passwordReset', { account: 'taro@example.com' })]]]],
  ['a phone number after the answer', [['パスワード忘れた', [answerText(forgot)]], ['090-1234-5678 です', [started('passwordReset', { account: '09012345678' })]]]],
  ['a Skype name after the answer', [['ブロックされたらどうすればいい？', [answerText(unblock)]], ['taro_yamada', [started('unblockAccount', { account: 'taro_yamada' })]]]],
  ['「はい、お願いします」 after the answer', [['パスワード忘れた', [answerText(forgot)]], ['はい、お願いします', [started('passwordReset')]]]],
  ['「やります」 after the answer', [['パスワード忘れた', [answerText(forgot)]], ['やります', [started('passwordReset')]]]],
  ['「それでお願いします」 after the answer', [['アカウントを取り戻すにはどうすればいいですか', [answerText(recovery)]], ['それでお願いします', [started('recoverAccount')]]]],
  ['「いいえ」 after the answer', [['パスワード忘れた', [answerText(forgot)]], ['いいえ', [messages.answer.flowNotWanted]]]],
  ['「では、こちらで手続きをお願いいたします」 after the answer', [['パスワード忘れた', [answerText(forgot)]], ['では、こちらで手続きをお願いいたします', [started('passwordReset')]]]],
  ['another flow’s wish with an account after the answer starts that flow', [['パスワード忘れた', [answerText(forgot)]], ['hanako@example.com のブロックを解除したい', [started('unblockAccount', { account: 'hanako@example.com' })]]]],
  ['a yes only counts right after the answer', [['パスワード忘れた', [answerText(forgot)]], ['こんにちは', [messages.greeting]], ['はい', [offTopic]]]],
  ['an account after an answer without a flow asks which procedure', [['アカウントを削除したい', [answerText(deletion)]], ['taro@example.com', [messages.answer.whichFlow]]]],
  // Mid-conversation (issue 11: first in a brand-new conversation, an account alone is a lost flow's answer, see below).
  ['an account on its own, then the procedure in words, starts it with the account', [['こんにちは', [messages.greeting]], ['hanako@example.com です', [messages.answer.whichFlow]], ['ブロックされたんです', [started('unblockAccount', { account: 'hanako@example.com' })]]]],
  ['an account on its own, then the procedure by its button', [['こんにちは', [messages.greeting]], ['taro@example.com', [{ text: messages.answer.whichFlow, buttons: restartButtons }]], ['パスワードのリセットを始める', [started('passwordReset', { account: 'taro@example.com' })]]]],
  ['an account on its own, then something else: the account is forgotten', [['こんにちは', [messages.greeting]], ['taro@example.com', [messages.answer.whichFlow]], ['こんにちは', [messages.greeting]], ['はい', [offTopic]]]],
  ['an account on its own, then 「ほかの質問をする」', [['こんにちは', [messages.greeting]], ['taro@example.com', [messages.answer.whichFlow]], [messages.lostFlow.somethingElse, [messages.answer.flowNotWanted]]]],

  // もしかして… choices in words.
  ['a choice by number', [['アカウント', [messages.clarify.text]], ['2', [answerText(blocked)]]]],
  ['a choice by full-width number and counter', [['アカウント', [messages.clarify.text]], ['２番', [answerText(blocked)]]]],
  ['a choice by a word of its question', [['アカウント', [messages.clarify.text]], ['ブロックのほう', [answerText(blocked)]]]],
  ['the last button by its number is どれでもない', [['アカウント', [messages.clarify.text]], ['3', [messages.clarify.noneOfTheseReply]]]],
  ['「どれも違う」', [['アカウント', [messages.clarify.text]], ['どれも違う', [messages.clarify.noneOfTheseReply]]]],
  ['「ちがいます」', [['アカウント', [messages.clarify.text]], ['ちがいます', [messages.clarify.noneOfTheseReply]]]],
  ['「いいえ、ブロックのほうです」 picks the choice it names', [['アカウント', [messages.clarify.text]], ['いいえ、ブロックのほうです', [answerText(blocked)]]]],
  ['a new question after the choices is answered as one', [['アカウント', [messages.clarify.text]], ['アカウントを取り戻したい', [started('recoverAccount')]]]],

  // Small talk mixed with a question, and closings.
  ['a greeting before a question: the question is answered', [['こんにちは、パスワードを忘れました', [answerText(forgot)]]]],
  ['a greeting before a wish', [['お世話になっております。アカウントのロックを外したい', [started('unblockAccount')]]]],
  ['「もう大丈夫です」 closes', [['もう大丈夫です', [closing]]]],
  ['「やっぱりやめておきます」 closes', [['やっぱりやめておきます', [closing]]]],
  ['「以上です」 closes', [['以上です', [closing]]]],
  ['「またにします」 closes', [['またにします', [closing]]]],
  ['「ありがとうございました、失礼します」 closes', [['ありがとうございました、失礼します', [closing]]]],
];

describe('RootDialog', () => {
  it.each(cases)('%s', async (_name, steps) => run(harness().client, steps));

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

  it('without the flows, a wish is answered from the FAQ', async () => {
    await run(harness({ flows: false }).client, [['パスワードを忘れたのでなんとかしてほしい', [answerText(forgot)]]]);
  });
});

const offer = (reason: 'repeated-abstention' | 'not-helpful', help: boolean) =>
  help ? `${messages.handoff.offer[reason]}\n\n${messages.handoff.offerHelpIntro}` : messages.handoff.offer[reason];
const twoMisses: Step[] = [
  ['アカウントの設定がおかしい', [nearMissReply]],
  ['サインインの画面が変', [offer('repeated-abstention', true)]],
];

/** With handoff: offers in words, feedback in words, a pending ticket. */
const handoffCases: [name: string, steps: Step[], expectTickets: number][] = [
  ['「ええ、つないでください」 accepts the offer', [...twoMisses, ['ええ、つないでください', [ticketCreated]]], 1],
  ['「お願いします」 accepts the offer', [...twoMisses, ['お願いします', [ticketCreated]]], 1],
  ['「はい」 accepts the offer', [...twoMisses, ['はい', [ticketCreated]]], 1],
  ['「いえ、大丈夫です」 declines the offer', [...twoMisses, ['いえ、大丈夫です', [messages.handoff.declined]]], 0],
  ['「大丈夫です」 right after an offer declines it (no closing)', [...twoMisses, ['大丈夫です', [messages.handoff.declined]]], 0],
  ['off-topic questions never bring the offer', [['今日の天気', [offTopic]], ['株価を教えて', [offTopic]]], 0],
  ['「解決しました」 after an answer rates it', [['パスワード忘れた', [answerText(forgot)]], ['解決しました', [messages.feedback.thanks]]], 0],
  ['「助かった」 after an answer rates it', [['パスワード忘れた', [answerText(forgot)]], ['助かった', [messages.feedback.thanks]]], 0],
  ['「わかりにくい」 is not helpful; then 「はい」 hands over', [['パスワード忘れた', [answerText(forgot)]], ['わかりにくい', [messages.feedback.notHelpfulNoCandidates]], ['はい', [ticketCreated]]], 1],
  ['「だめでした」 is not helpful; then 「いいえ」 declines', [['パスワード忘れた', [answerText(forgot)]], ['だめでした', [messages.feedback.notHelpfulNoCandidates]], ['いいえ', [messages.handoff.declined]]], 0],
  ['the buttons still rate the last answer later on', [['パスワード忘れた', [answerText(forgot)]], ['こんにちは', [messages.greeting]], [messages.feedback.helpful, [messages.feedback.thanks]]], 0],
  ['words rate only the answer just shown', [['パスワード忘れた', [answerText(forgot)]], ['こんにちは', [messages.greeting]], ['解決しました', [resolvedClosing]]], 0],
  [
    'a clarification none of whose choices fit, then a miss: the offer; 「つないでください」 takes it',
    [['アカウント', [messages.clarify.text]], ['アカウントの設定がおかしい', [offer('repeated-abstention', true)]], ['ええ、つないでください', [ticketCreated]]],
    1,
  ],
  ['「つないでください」 alone asks for a person', [['つないでください', [ticketCreated]]], 1],
  [
    'a pending ticket: asked how it stands, the bot gives its number and what happens next',
    [
      ['担当者と話したい', [ticketCreated]],
      ['まだかかりますか？', [{ text: messages.handoff.waiting(TICKET), kind: 'handoffWaiting' }]],
      ['担当者からの連絡はまだ？', [messages.handoff.waiting(TICKET)]],
      ['どうなってますか', [messages.handoff.waiting(TICKET)]],
      ['RR-7K3MQXAB の状況を教えて', [started('recoveryStatus', { ticketId: 'RR-7K3MQXAB' })]],
      ['パスワード忘れた', [answerText(forgot)]],
    ],
    1,
  ],
  ['without a ticket, 「まだかかりますか？」 is a question', [['まだかかりますか？', [answerText(blocked)]]], 0],
];

describe('RootDialog with handoff', () => {
  it.each(handoffCases)('%s', async (_name, steps, tickets) => {
    const { client, provider } = harness({ handoff: true });
    await run(client, steps);
    expect(provider.submitted).toBe(tickets);
  });

  it('a thanks with relief right after an answer is recorded as helpful', async () => {
    const { client, recorded } = harness({ handoff: true });
    await run(client, [['パスワード忘れた', [answerText(forgot)]], ['ありがとう、解決しました！', [resolvedClosing]]]);
    expect(recorded).toContainEqual({ kind: 'feedback', entryId: 'forgot-password', helpful: true });
  });

  it('a flow started from an answer is recorded, not the answer again', async () => {
    const { client, recorded } = harness({ handoff: true });
    await run(client, [['パスワード忘れた', [answerText(forgot)]], ['taro@example.com', [started('passwordReset', { account: 'taro@example.com' })]]]);
    expect(recorded.map((e) => e.kind)).toEqual(['answered', 'flowStarted']);
    expect(JSON.stringify(recorded)).not.toContain('taro@example.com');
  });
});

/**
 * Issue 11: a flow lost with the conversation's state (a restart, the idle expiry). In a brand-new
 * conversation, a message that answers a step is told so and offered the flows again.
 */
const lostFlowCases: [name: string, steps: Step[]][] = [
  // Each reading gets the reply with the choices (its exact text: nothing typed is echoed).
  ['a code', [['123456', [lostFlow]]]],
  ['a code in full-width digits', [['４８２９１３', [lostFlow]]]],
  ['a code inside a sentence', [['メールに届いたコードは 482913 です', [lostFlow]]]],
  ['「はい」', [['はい', [lostFlow]]]],
  ['「いいえ」', [['いいえ', [lostFlow]]]],
  ['an e-mail address alone', [['taro@example.com', [lostFlow]]]],
  ['a recovery code', [['ABCDE-12345-FGHIJ-67890-KLMNP', [lostFlow]]]],
  ['a date of birth', [['1990/1/2', [lostFlow]]]],
  ['a postal code', [['〒100-0001', [lostFlow]]]],
  ['「届きません」', [['届きません', [lostFlow]]]],
  ['「コードが来ない」', [['コードが来ない', [lostFlow]]]],
  ['a step’s button', [[messages.verification.resendButton, [lostFlow]]]],
  ['after a greeting in the same message', [['こんにちは、123456', [lostFlow]]]],

  // Choosing, by button and by typing, starts the flow.
  ['the unblock by its button', [['123456', [lostFlow]], [startFlowText('unblockAccount'), [started('unblockAccount')]]]],
  ['「パスワードのほう」', [['はい', [lostFlow]], ['パスワードのほう', [started('passwordReset')]]]],
  ['「1」', [['123456', [lostFlow]], ['1', [started('passwordReset')]]]],
  ['「３番」', [['1990/1/2', [lostFlow]], ['３番', [started('recoverAccount')]]]],
  ['「ブロック解除でお願いします」', [['届きません', [lostFlow]], ['ブロック解除でお願いします', [started('unblockAccount')]]]],
  ['「アカウントを取り戻したい」', [['〒100-0001', [lostFlow]], ['アカウントを取り戻したい', [started('recoverAccount')]]]],
  ['the account typed alone goes to the flow chosen', [['taro@example.com', [lostFlow]], ['パスワードのほう', [started('passwordReset', { account: 'taro@example.com' })]]]],
  ['a phone number alone goes to the flow chosen by its button', [['080-9876-5432', [lostFlow]], [startFlowText('unblockAccount'), [started('unblockAccount', { account: '08098765432' })]]]],
  ['a code is never taken as an account', [['メールに届いたコードは 482913 です', [lostFlow]], ['1', [started('passwordReset')]]]],

  // Something else: a question instead.
  ['「ほかの質問をする」, then a question', [['123456', [lostFlow]], [messages.lostFlow.somethingElse, [messages.answer.flowNotWanted]], ['パスワード忘れた', [answerText(forgot)]]]],
  ['「4」 is the question', [['123456', [lostFlow]], ['4', [messages.answer.flowNotWanted]]]],
  ['「いいえ」 to the offer', [['はい', [lostFlow]], ['いいえ', [messages.answer.flowNotWanted]]]],
  ['a problem named right after the offer chooses its flow', [['123456', [lostFlow]], ['パスワード忘れた', [started('passwordReset')]]]],
  ['a question right after the offer is answered as one', [['123456', [lostFlow]], ['アカウントを削除したい', [answerText(deletion)]]]],
  ['the offer holds for one message; the state is no longer new', [['123456', [lostFlow]], ['こんにちは', [messages.greeting]], ['123456', [offTopic]]]],

  // Not a step's answer: as before issue 11 (the same replies as the cases above).
  ['a real question', [['パスワードを忘れました', [answerText(forgot)]]]],
  ['a wish', [['パスワードをリセットしたい', [started('passwordReset')]]]],
  ['「サインインできない」', [['サインインできない', [offTopic]]]],
  ['a greeting', [['こんにちは！', [messages.greeting]]]],
  ['thanks', [['ありがとう', [messages.thanks]]]],
  ['a closing', [['もう大丈夫です', [closing]]]],
  ['a request number still asks for its status', [['RR-7K3MQXAB', [started('recoveryStatus', { ticketId: 'RR-7K3MQXAB' })]]]],
  ['an account inside a story still asks which procedure', [['taro@example.com でサインインできません', [messages.answer.whichFlow]]]],

  // Mid-conversation (the state is not new), a bare code gets today's behaviour.
  ['mid-conversation, a code is searched as before', [['こんにちは', [messages.greeting]], ['123456', [offTopic]]]],
  ['mid-conversation, 「はい」 is searched as before', [['アカウントを削除したい', [answerText(deletion)]], ['はい', [offTopic]]]],
];

describe('RootDialog: a flow lost with the conversation’s state (issue 11)', () => {
  it.each(lostFlowCases)('%s', async (_name, steps) => run(harness().client, steps));

  it('without the flows, there is nothing to start again: a code is searched as before', async () => {
    await run(harness({ flows: false }).client, [['123456', [offTopic]]]);
  });

  it('with handoff: a person request first is handed over, a code is not a miss', async () => {
    const asked = harness({ handoff: true });
    await run(asked.client, [['担当者と話したい', [ticketCreated]]]);
    expect(asked.provider.submitted).toBe(1);
    const lost = harness({ handoff: true });
    await run(lost.client, [['123456', [lostFlow]], ['1', [started('passwordReset')]]]);
    expect(lost.recorded.map((e) => e.kind)).toEqual(['flowStarted']);
    expect(JSON.stringify(lost.recorded)).not.toContain('123456');
  });
});

describe('RootDialog memory without an accessor (as MadoguchiBot runs it)', () => {
  it('keeps the last answer beside the dialog stack', async () => {
    const state = new ConversationState(new MemoryStorage());
    const bot = new MadoguchiBot({ conversationState: state, rootDialog: new RootDialog({ faq, flows: fakeFlows() }) });
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send('パスワード忘れた').assertReply(answerText(forgot)).send('taro@example.com').assertReply(started('passwordReset', { account: 'taro@example.com' })).startTest();
  });

  it('tells a brand-new conversation (issue 11) from one under way', async () => {
    const state = new ConversationState(new MemoryStorage());
    const bot = new MadoguchiBot({ conversationState: state, rootDialog: new RootDialog({ faq, flows: fakeFlows() }) });
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send('123456').assertReply(messages.lostFlow.text).send('1').assertReply(started('passwordReset')).send('123456').assertReply(messages.abstain.text).startTest();
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

describe('RootDialog: the message that starts a flow goes with it (two things at once)', () => {
  it('passes the message as FlowStart.said, so the flow can read a step or two from it', async () => {
    const client = new DialogTestClient('test', new RootDialog({ faq: fakeFaq({}), flows: fakeFlows() }));
    FakeFlow.said.length = 0;
    await client.sendActivity('パスワードをリセットしたい。コードはSMSでお願いします');
    expect(FakeFlow.said).toEqual(['パスワードをリセットしたい。コードはSMSでお願いします']);
  });
});

describe('MadoguchiBot handlers', () => {
  it('still runs handlers registered from outside, before and after the root dialog, as ActivityHandler does', async () => {
    const state = new ConversationState(new MemoryStorage());
    const bot = new MadoguchiBot({ conversationState: state, rootDialog: new RootDialog({ faq, flows: fakeFlows() }) });
    const seen: string[] = [];
    bot.onTurn(async (context, next) => {
      seen.push(`turn:${context.activity.text ?? ''}`);
      await next();
    });
    bot.onDialog(async (_context, next) => {
      seen.push('dialog');
      await next();
    });
    const adapter = new TestAdapter((ctx) => bot.run(ctx));
    await adapter.send('パスワード忘れた').assertReply(answerText(forgot)).startTest();
    expect(seen).toEqual(['turn:パスワード忘れた', 'dialog']);
  });

  it('answers a message and keeps its state the same with or without handlers from outside', async () => {
    const transcript = async (extra: boolean) => {
      const state = new ConversationState(new MemoryStorage());
      const bot = new MadoguchiBot({ conversationState: state, rootDialog: new RootDialog({ faq, flows: fakeFlows() }) });
      if (extra) bot.onMessage(async (_context, next) => next());
      const replies: (string | undefined)[] = [];
      const adapter = new TestAdapter((ctx) => bot.run(ctx));
      await adapter
        .send('パスワード忘れた')
        .assertReply((a) => void replies.push(a.text))
        .send('taro@example.com')
        .assertReply((a) => void replies.push(a.text))
        .startTest();
      return replies;
    };
    const direct = await transcript(false);
    expect(direct).toEqual([answerText(forgot), started('passwordReset', { account: 'taro@example.com' })]);
    expect(await transcript(true)).toEqual(direct);
  });
});
