import {
  ComponentDialog,
  DialogContext,
  DialogSet,
  WaterfallDialog,
  type Dialog,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogIds, StateKeys } from './ids';
import { continueActiveDialog } from './dialogTurn';
import { messages } from './messages';
import type { FaqDecision, FaqEntryView, FaqPort } from './ports';
import { abstainReply, answerReply, clarifyReply, closingReply, imBack, offTopicReply, startFlowText, textReply, waitingReply } from './replies';
import { afterSmallTalk, readSmallTalk, thanksOrGoodbyeWithin, type SmallTalkReading } from './smallTalk';
import { recognizeFeedback, recognizeFeedbackWords, withFeedbackButtons } from './handoff/feedback';
import { flowOutcome } from './handoff/flowOutcome';
import type { HandoffCoordinator } from './handoff/handoffCoordinator';
import { submittedRecoveryTicket, type RecoveryFollowUp } from './recoveryFollowUp';
import { acceptsOffer, declinesOffer } from './handoff/handoffPolicy';
import { markSensitive, noteAccount } from './handoff/sensitiveValues';
import { holdsValue, lostFlowReply, readAsStepAnswer, type StepAnswerReading } from './lostFlow';
import type { HandoffReason } from './outcomes';
import { isFlowResult } from './flows/flowResult';
import type { FlowStart } from './flows/interruptibleDialog';
import { recognizeChoice, recognizeYesNo, type AnswerVerb, type ChoiceOption } from './understanding/answers';
import { abstentionKind, asksAboutWaiting, choiceWords, problemTopic, recognizeIntent, wishAboutThat, wishForFlow, type FlowName } from './understanding/intents';
import { wordKey } from './understanding/normalize';
import { accountNameIn } from './flows/stepAnswers';

export interface RootDialogOptions {
  /** The FAQ search component. */
  faq: FaqPort;
  /** Guided flows by name; an entry whose flow is missing is answered without the start button. */
  flows?: Partial<Record<FlowName, Dialog>>;
  /** Measures outcomes, decides and performs handoffs (issue 5); default: none (no feedback buttons, no handoff). */
  handoff?: HandoffCoordinator;
  /** Remembers a submitted recovery request's chat to tell the user its decision later (issue 8); default: none. */
  recoveryFollowUp?: RecoveryFollowUp;
  /**
   * Where the root keeps RootMemory between turns (conversation state, StateKeys.rootMemory).
   * Default: beside the dialog stack, in the DialogState `run` is given; a dialog run any other
   * way without this accessor remembers nothing between turns.
   */
  memory?: StatePropertyAccessor<RootMemory>;
}

/** What the root's last reply invited; it holds for the next message only. */
export type LastReply =
  /** An answer: a yes or an account name starts its flow, a verdict in words rates it. */
  | { readonly kind: 'answer'; readonly entryId: string; /** The entry's flow, when it can start here. */ readonly flow?: FlowName }
  /** もしかして…: the choices, in the order of their buttons. */
  | { readonly kind: 'clarify'; readonly choices: readonly string[] }
  /** A reply that said a person can help (after 役に立たなかった) without the policy's formal offer. */
  | { readonly kind: 'personMentioned' }
  /** A near miss: the flows its candidates lead to (an account typed next starts the only one). */
  | { readonly kind: 'nearMiss'; readonly flows: readonly FlowName[] }
  /**
   * Which flow? After an account name with no flow in view, or after a flow in progress was lost
   * with the conversation's state (issue 11; the account, when the message was one, goes to the
   * flow chosen). Held for the next message only.
   */
  | { readonly kind: 'whichFlow'; readonly account?: string };

/** Something the user is waiting for: an agent after a handover, or the answer to a recovery request. */
export interface Waiting {
  readonly kind: 'handoff' | 'recovery';
  /** The handoff ticket (MDG-…) or the recovery request number (RR-…). */
  readonly ticketId: string;
}

/** What the root remembers between turns. Small and JSON-serializable: it lives in conversation state. */
export interface RootMemory {
  readonly last?: LastReply;
  /** The latest thing the user waits for, so 「まだかかりますか？」 can be answered with its number. */
  readonly waiting?: Waiting;
}

/** Turn-state key of the DialogState that holds RootMemory when no accessor was given. */
const DIALOG_STATE_KEY = Symbol('madoguchi.rootDialogState');

/** How routing a message ended: handled (a reply, or silence while an agent has the conversation), or a flow is to begin. */
type Route = { readonly kind: 'replied' } | { readonly kind: 'flow'; readonly dialogId: string; readonly options: FlowStart };

/** What routing needs of the turn: its context, and the two ways a route ends (the names a waterfall step gives them). */
interface RouteStep {
  readonly context: TurnContext;
  /** The message is handled; nothing more this turn. */
  endDialog(): Promise<Route>;
  /** The flow `dialogId` is to begin with `options`. */
  beginDialog(dialogId: string, options: FlowStart): Promise<Route>;
}

const REPLIED: Route = { kind: 'replied' };

function routeStepOf(context: TurnContext): RouteStep {
  return {
    context,
    endDialog: async () => REPLIED,
    beginDialog: async (dialogId, options) => ({ kind: 'flow', dialogId, options }),
  };
}

/** True for the options `run` begins the root with: a route to a flow. */
function isFlowRoute(value: unknown): value is Extract<Route, { kind: 'flow' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flow' && typeof (value as { dialogId?: unknown }).dialogId === 'string';
}

/** The DialogState object with RootMemory beside the stack (the default store). */
interface DialogStateWithMemory extends DialogState {
  [StateKeys.rootMemory]?: RootMemory;
}

/** The value of the どれでもない choice among the clarification's options. */
const NONE_OF_THESE = 'madoguchi:none-of-these';

/** Replies to an answer whose flow was offered: its own verbs (やります, それでお願いします) beside はい / いいえ. */
const START_FLOW_ANSWER: AnswerVerb = messages.answer.startFlowWords;

/** The value of the 「ほかの質問をする」 choice after a lost flow's offer to start again. */
const SOMETHING_ELSE = 'madoguchi:something-else';

const NONE_OF_THESE_KEYS: ReadonlySet<string> = new Set([messages.clarify.noneOfThese, ...messages.clarify.noneOfTheseWords].map(wordKey));

/**
 * The conversation's top level: each message is small talk, a flow start, a reply to what the
 * bot just offered (an answer's flow, もしかして choices, a person), or a question for the FAQ.
 * Guided flows run as child dialogs.
 */
export class RootDialog extends ComponentDialog {
  private readonly faq: FaqPort;
  private readonly flows: Partial<Record<FlowName, Dialog>>;
  private readonly handoff: HandoffCoordinator | undefined;
  private readonly recoveryFollowUp: RecoveryFollowUp | undefined;
  private readonly memory: StatePropertyAccessor<RootMemory> | undefined;
  /** The set `run` reads the stack through, and the accessor it was built for. */
  private topSet: { readonly accessor: StatePropertyAccessor<DialogState>; readonly set: DialogSet } | undefined;

  constructor(options: RootDialogOptions) {
    super(DialogIds.root);
    this.faq = options.faq;
    this.flows = options.flows ?? {};
    this.handoff = options.handoff;
    this.recoveryFollowUp = options.recoveryFollowUp;
    this.memory = options.memory;
    for (const flow of Object.values(this.flows)) if (flow) this.addDialog(flow);
    this.addDialog(new WaterfallDialog(DialogIds.rootWaterfall, [this.routeOrBeginStep.bind(this), this.afterFlowStep.bind(this)]));
    this.initialDialogId = DialogIds.rootWaterfall;
  }

  /**
   * Runs one turn: continues an active flow, or routes the message. A message with no flow in
   * progress (most of them: FAQ questions, small talk, feedback) is routed without beginning the
   * root's waterfall, which would build and tear down three dialog contexts only to end in the
   * same turn; the root begins (with the flow as its options) only when the route starts a flow.
   */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    // The same object DialogSet reads below (state is cached per turn), so what the root
    // remembers is saved and cleared with the dialog stack.
    const state = await accessor.get(context, { dialogStack: [] });
    if (!this.memory) context.turnState.set(DIALOG_STATE_KEY, state);
    const set = this.dialogSetFor(accessor);
    if (Array.isArray(state.dialogStack) && state.dialogStack.length > 0) {
      await continueActiveDialog(new DialogContext(set, context, state));
      return;
    }
    const route = await this.routeStep(routeStepOf(context));
    if (route.kind === 'flow') await new DialogContext(set, context, state).beginDialog(this.id, route);
  }

  /** The set that holds this dialog at the top of `accessor`'s stack: built once, not at every turn. */
  private dialogSetFor(accessor: StatePropertyAccessor<DialogState>): DialogSet {
    if (this.topSet?.accessor !== accessor) {
      const set = new DialogSet(accessor);
      set.add(this);
      this.topSet = { accessor, set };
    }
    return this.topSet.set;
  }

  /** A flow in progress continues without the activityReceived event (see continueActiveDialog). */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return continueActiveDialog(innerDc);
  }

  /**
   * The waterfall's first step: begins the flow `run` routed to (its options), or, when the root
   * was begun any other way (a DialogTestClient, a parent dialog), routes the message here.
   */
  private async routeOrBeginStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const route = isFlowRoute(step.options) ? step.options : await this.routeStep(routeStepOf(step.context));
    return route.kind === 'flow' ? step.beginDialog(route.dialogId, route.options) : step.endDialog();
  }

  /** Replies to the message, or starts the flow it asks for. */
  private async routeStep(step: RouteStep): Promise<Route> {
    const context = step.context;
    const text = (context.activity.text ?? '').trim();
    if (text === '') {
      await context.sendActivity(textReply(messages.nonText));
      return step.endDialog();
    }
    // Before loadMemory, which stores an empty memory when there is none.
    const brandNew = await this.isBrandNew(context);
    const memory = await this.loadMemory(context);
    const previous = memory.last;
    // What the last reply invited holds for this message only.
    await this.saveMemory(context, withoutLast(memory));

    const h = this.handoff;
    // An agent has the conversation (handoff.status accepted): the bot stays quiet.
    if (h && (await h.withAgent(context))) return step.endDialog();
    // Before the policy: 「担当者からの連絡はまだ？」 asks about the ticket, it is no new request.
    // A request of its own (「RR-… の状況を教えて」) is not about what the user waits for.
    if (memory.waiting && asksAboutWaiting(text) && recognizeIntent(text)?.kind !== 'flow') {
      const { kind, ticketId } = memory.waiting;
      if (kind === 'recovery' && this.flows.recoveryStatus) return this.startFlow(step, 'recoveryStatus', { ticketId });
      if (kind === 'handoff') {
        await context.sendActivity(waitingReply(ticketId));
        return step.endDialog();
      }
    }
    if (h) {
      const decision = await h.onMessage(context, text);
      if (decision.kind === 'handoff') return this.handOver(step, decision.reason);
      if (decision.kind === 'declined') {
        await h.decline(context);
        return step.endDialog();
      }
      if (previous?.kind === 'personMentioned') {
        if (acceptsOffer(text)) return this.handOver(step, 'user-request');
        if (declinesOffer(text)) {
          await h.decline(context);
          return step.endDialog();
        }
      }
      // Buttons rate the last answer at any time; words only right after it.
      const verdict = recognizeFeedback(text) ?? (previous?.kind === 'answer' ? recognizeFeedbackWords(text) : undefined);
      if (verdict && (await h.onFeedback(context, verdict, (id) => this.faq.entry(id)))) {
        if (verdict === 'not-helpful') await this.remember(context, { last: { kind: 'personMentioned' } });
        return step.endDialog();
      }
    }

    const smallTalk = readSmallTalk(text);
    if (smallTalk) return this.replyToSmallTalk(step, smallTalk, previous);

    const question = afterSmallTalk(text) ?? text;
    // A brand-new state and an answer to a flow's step (「123456」, 「はい」): the flow was lost (issue 11).
    if (brandNew && WHICH_FLOW_CHOICES.some((f) => this.flows[f])) {
      const reading = readAsStepAnswer(question);
      if (reading) return this.offerRestart(step, question, reading);
    }
    if (previous?.kind === 'answer' && previous.flow) {
      const started = await this.replyToFlowOffer(step, question, previous.flow);
      if (started) return started;
    }
    if (previous?.kind === 'whichFlow') {
      const chosen = await this.replyToWhichFlow(step, question, previous.account);
      if (chosen) return chosen;
    }
    const intent = recognizeIntent(question);
    // An account name with no flow in view: the only flow a near miss pointed to, or a choice.
    if (intent === undefined && accountNameIn(question) !== undefined) {
      // 「パスワードを忘れました。アカウントは taro@example.com で…」: the problem names the flow.
      const stated = problemTopic(question);
      if (stated && this.flows[stated]) return this.startFlow(step, stated, accountStart(context, question));
      const only = previous?.kind === 'nearMiss' && previous.flows.length === 1 ? previous.flows[0] : undefined;
      if (only) return this.startFlow(step, only, accountStart(context, question));
      return this.askWhichFlow(step, question);
    }
    if (intent?.kind === 'flow' && this.flows[intent.flow]) {
      if (intent.flow === 'recoveryStatus') return this.startFlow(step, intent.flow, intent.ticketId ? { ticketId: intent.ticketId } : {});
      // 「Gmailのパスワードをリセットしたい」: the knowledge base knows which topics are not this desk's.
      // Only the sentence that asks counts (「今日はいい天気ですね。…復元をお願いしたいです」).
      const asking = sentencesOf(question).filter((s) => recognizeIntent(s)?.kind === 'flow').at(-1) ?? question;
      const { decision } = this.faq.ask(asking);
      if (decision.kind === 'abstain' && decision.outOfScopeTopic === true) return this.abstain(step, question, decision);
      return this.startFlow(step, intent.flow, accountStart(context, question));
    }
    if (previous?.kind === 'clarify') {
      const picked = await this.replyToChoices(step, question, previous.choices);
      if (picked) return picked;
    }
    // The どれでもない button of a clarification this memory no longer holds.
    if (wordKey(question) === wordKey(messages.clarify.noneOfThese)) return this.noneOfThese(step);
    // The ほかの質問をする button of a lost flow's offer this memory no longer holds.
    if (wordKey(question) === wordKey(messages.lostFlow.somethingElse)) return this.somethingElse(step);
    // A related-question, candidate or clarification button sends the entry's canonical question back.
    const picked = this.faq.entryByQuestion(question);
    if (picked) return this.showAnswer(step, picked, 1);
    return this.answerQuestion(step, question);
  }

  /** A flow ended (its own closing message was sent): the conversation is back at the top. */
  private async afterFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isFlowResult(step.result)) await this.recoveryFollowUp?.onFlowEnded(step.context, step.result);
    // A submitted recovery request: 「さっきの申請ってどうなってる？」 looks it up.
    const submitted = isFlowResult(step.result) ? submittedRecoveryTicket(step.result) : undefined;
    if (submitted) await this.remember(step.context, { waiting: { kind: 'recovery', ticketId: submitted } });
    const h = this.handoff;
    if (h && isFlowResult(step.result)) {
      const { event, handoff } = flowOutcome(step.result);
      const after = await h.record(step.context, event);
      if (handoff) await this.handOverNow(step.context, handoff);
      else if (after.kind === 'offer') await h.offer(step.context, after.reason);
    }
    return step.endDialog(step.result);
  }

  /** Greetings, thanks, help and goodbyes: answered as such, never searched, never an abstention. */
  private async replyToSmallTalk(step: RouteStep, smallTalk: SmallTalkReading, previous: LastReply | undefined): Promise<Route> {
    switch (smallTalk.kind) {
      case 'closing':
        await step.context.sendActivity(closingReply(smallTalk.resolved));
        break;
      case 'thanks':
        if (!smallTalk.resolved) {
          await step.context.sendActivity(textReply(messages.thanks));
          break;
        }
        // 「ありがとう、解決しました」: it helped (the answer just shown, if any), and the user is done.
        if (previous?.kind === 'answer') await this.handoff?.record(step.context, { kind: 'feedback', entryId: previous.entryId, helpful: true });
        await step.context.sendActivity(closingReply(true));
        break;
      case 'greeting':
        await step.context.sendActivity(textReply(messages.greeting));
        break;
      case 'help':
        await step.context.sendActivity(textReply(messages.help.text));
        break;
    }
    return step.endDialog();
  }

  /**
   * Right after an answer with a flow: an account name starts it with the account filled in
   * (a wish for another flow in the same message wins), a yes starts it, a no is acknowledged.
   * Undefined when the message is something else.
   */
  private async replyToFlowOffer(step: RouteStep, text: string, flow: FlowName): Promise<Route | undefined> {
    const start = accountStart(step.context, text);
    if (start.account) {
      const intent = recognizeIntent(text);
      const wanted = intent?.kind === 'flow' && intent.flow !== 'recoveryStatus' && this.flows[intent.flow] ? intent.flow : flow;
      return this.startFlow(step, wanted, start);
    }
    const answer = recognizeYesNo(text, START_FLOW_ANSWER);
    if (answer?.kind === 'yes' || (answer === undefined && wishAboutThat(text))) return this.startFlow(step, flow, {});
    if (answer?.kind === 'no') {
      await step.context.sendActivity(textReply(messages.answer.flowNotWanted));
      return step.endDialog();
    }
    return undefined;
  }

  /**
   * Right after もしかして…: a choice by number (「2」, 「２番」), by a word of its question, or
   * どれでもない in words. Several named: asked again among those. Undefined when the message is
   * no choice (a new question).
   */
  private async replyToChoices(step: RouteStep, text: string, choiceIds: readonly string[]): Promise<Route | undefined> {
    const entries = choiceIds.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
    if (entries.length === 0) return undefined;
    // First: 「どれも違う」 holds 違, a word of 「…はどう違うのですか?」.
    if (NONE_OF_THESE_KEYS.has(wordKey(text))) return this.noneOfThese(step);
    const options: ChoiceOption<string>[] = entries.map((e) => ({
      value: e.id,
      title: e.question,
      words: choiceWords(
        e.question,
        entries.filter((o) => o.id !== e.id).map((o) => o.question),
      ),
    }));
    // Last, as its button is: 「3」 with two choices is どれでもない.
    options.push({ value: NONE_OF_THESE, title: messages.clarify.noneOfThese, words: [] });
    const choice = recognizeChoice(text, options);
    if (choice.kind === 'picked') {
      if (choice.value === NONE_OF_THESE) return this.noneOfThese(step);
      const entry = entries.find((e) => e.id === choice.value);
      return entry ? this.showAnswer(step, entry, 1) : undefined;
    }
    if (choice.kind === 'ambiguous') {
      const named = entries.filter((e) => choice.values.includes(e.id));
      if (named.length >= 2) return this.clarify(step, named);
    }
    // 「いいえ」, 「違います」 (after 「違います、ブロックです」 picked above).
    if (choice.kind === 'none' && recognizeYesNo(text)?.kind === 'no') return this.noneOfThese(step);
    return undefined;
  }

  private async noneOfThese(step: RouteStep): Promise<Route> {
    await step.context.sendActivity(textReply(messages.clarify.noneOfTheseReply));
    return step.endDialog();
  }

  /** Asks the FAQ; an answer whose entry has a flow starts it when the message is a wish. */
  private async answerQuestion(step: RouteStep, question: string): Promise<Route> {
    const { decision, truncated } = this.faq.ask(question);
    if (truncated) await step.context.sendActivity(textReply(messages.tooLong));
    switch (decision.kind) {
      case 'answer': {
        const entry = this.faq.entry(decision.entryId);
        if (!entry) break;
        // 「アカウントを取り戻したい」 wants it done; 「取り戻すにはどうすれば？」 wants to know how.
        if (entry.action && this.flows[entry.action] && wishForFlow(question, entry.action)) return this.startFlow(step, entry.action, accountStart(step.context, question));
        const alternatives = decision.candidates.filter((c) => c.id !== entry.id).slice(0, 3).map((c) => c.id);
        return this.showAnswer(step, entry, decision.confidence, alternatives);
      }
      case 'clarify': {
        const choices = decision.choices.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
        if (choices.length === 0) break;
        // 「パスワード忘れてもうてん」: the words state the problem one of the choices solves.
        const flow = problemTopic(question);
        const stated = flow ? choices.find((c) => c.action === flow) : undefined;
        if (flow && stated) {
          if (this.flows[flow] && wishForFlow(question, flow)) return this.startFlow(step, flow, accountStart(step.context, question));
          return this.showAnswer(step, stated, decision.confidence);
        }
        return this.clarify(step, choices);
      }
      case 'abstain': {
        // 「アカ止められた」: the search missed it, but the words state a problem a flow solves.
        const flow = problemTopic(question);
        const entry = flow && this.faq.entryByAction(flow);
        if (entry) {
          if (this.flows[entry.action ?? flow] && wishForFlow(question, flow)) return this.startFlow(step, flow, accountStart(step.context, question));
          return this.showAnswer(step, entry, decision.confidence);
        }
        break;
      }
    }
    // 「ご丁寧にありがとうございます。本日はお世話になりました。」: a goodbye, never an abstention.
    if (thanksOrGoodbyeWithin(question)) {
      await step.context.sendActivity(closingReply(true));
      return step.endDialog();
    }
    return this.abstain(step, question, decision);
  }

  /** Asks which flow an account name typed on its own is for, keeping it for the next message. */
  private async askWhichFlow(step: RouteStep, text: string): Promise<Route> {
    const account = accountNameIn(text);
    if (account === undefined) return step.endDialog();
    noteAccount(step.context, account);
    const flows = WHICH_FLOW_CHOICES.filter((f) => this.flows[f]);
    // The same choices as after a lost flow (offerRestart), so replyToWhichFlow reads both alike.
    await step.context.sendActivity(textReply(messages.answer.whichFlow, [...flows.map((f) => imBack(startFlowText(f))), imBack(messages.lostFlow.somethingElse)]));
    await this.remember(step.context, { last: { kind: 'whichFlow', account } });
    return step.endDialog();
  }

  /**
   * The conversation's state is brand new and the message answers a flow's step: the flow was
   * lost (a restart, or idle too long). Says so, and offers the flows to start again (with the
   * account, when the message was one) or a question instead. Nothing is searched or echoed.
   */
  private async offerRestart(step: RouteStep, text: string, reading: StepAnswerReading): Promise<Route> {
    const account = reading.kind === 'account' ? reading.account : undefined;
    // Redacted as a flow's answer would be: the agent's transcript never shows a code or a date.
    if (account !== undefined) noteAccount(step.context, account);
    else if (holdsValue(reading)) markSensitive(step.context, text.trim());
    await step.context.sendActivity(lostFlowReply(WHICH_FLOW_CHOICES.filter((f) => this.flows[f])));
    await this.remember(step.context, { last: { kind: 'whichFlow', ...(account !== undefined ? { account } : {}) } });
    return step.endDialog();
  }

  /**
   * After askWhichFlow or offerRestart: a flow by its button, its number or its words starts (with
   * the account, if any); 「ほかの質問をする」 or a no is acknowledged; undefined otherwise.
   */
  private async replyToWhichFlow(step: RouteStep, text: string, account: string | undefined): Promise<Route | undefined> {
    const intent = recognizeIntent(text);
    const options: ChoiceOption<FlowName | typeof SOMETHING_ELSE>[] = [
      ...WHICH_FLOW_CHOICES.filter((f) => this.flows[f]).map((f) => ({ value: f, title: startFlowText(f), words: messages.answer.flowWords[f] })),
      // Last, as its button is: 「4」 is ほかの質問をする.
      { value: SOMETHING_ELSE, title: messages.lostFlow.somethingElse, words: [] },
    ];
    const choice = recognizeChoice(text, options);
    const picked = choice.kind === 'picked' ? choice.value : undefined;
    if (intent === undefined && (picked === SOMETHING_ELSE || (picked === undefined && recognizeYesNo(text)?.kind === 'no'))) return this.somethingElse(step);
    const flow = intent?.kind === 'flow' ? intent.flow : picked !== undefined && picked !== SOMETHING_ELSE ? picked : problemTopic(text);
    if (!flow || !this.flows[flow]) return undefined;
    if (account === undefined) return this.startFlow(step, flow, {});
    noteAccount(step.context, account);
    return this.startFlow(step, flow, { account });
  }

  /** No flow wanted after the offer: the user may ask a question. */
  private async somethingElse(step: RouteStep): Promise<Route> {
    await step.context.sendActivity(textReply(messages.answer.flowNotWanted));
    return step.endDialog();
  }

  /**
   * No answer. Off-topic (not about Microsoft accounts): what this desk handles, never a person,
   * who could not help either. Otherwise the miss is recorded first, so a second one in a row
   * brings the offer of a person (with the best candidates) instead of the advice to rephrase.
   */
  private async abstain(step: RouteStep, question: string, decision: FaqDecision): Promise<Route> {
    const context = step.context;
    const after = await this.handoff?.record(context, { kind: 'abstained', question });
    if (decision.kind === 'abstain' && abstentionKind(decision, question) === 'off-topic') {
      await context.sendActivity(offTopicReply());
      return step.endDialog();
    }
    const candidates = decision.candidates.map((c) => this.faq.entry(c.id)).filter((e): e is FaqEntryView => e !== undefined);
    const flows = [...new Set(candidates.flatMap((c) => (c.action && this.flows[c.action] ? [c.action] : [])))];
    await this.remember(context, { last: { kind: 'nearMiss', flows } });
    if (this.handoff && after?.kind === 'offer') {
      await this.handoff.offer(context, after.reason, after.withHelp ? candidates : []);
      return step.endDialog();
    }
    await context.sendActivity(abstainReply(candidates));
    return step.endDialog();
  }

  private async showAnswer(step: RouteStep, entry: FaqEntryView, confidence: number, alternatives?: readonly string[]): Promise<Route> {
    const related = entry.related.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
    const flowAvailable = entry.action !== undefined && this.flows[entry.action] !== undefined;
    const reply = answerReply(entry, related, flowAvailable);
    await step.context.sendActivity(this.handoff ? withFeedbackButtons(reply) : reply);
    await this.handoff?.record(step.context, { kind: 'answered', entryId: entry.id, confidence, ...(alternatives ? { alternatives } : {}) });
    await this.remember(step.context, { last: { kind: 'answer', entryId: entry.id, ...(flowAvailable && entry.action ? { flow: entry.action } : {}) } });
    return step.endDialog();
  }

  private async clarify(step: RouteStep, choices: readonly FaqEntryView[]): Promise<Route> {
    await step.context.sendActivity(clarifyReply(choices));
    await this.handoff?.record(step.context, { kind: 'clarified', choices: choices.map((c) => c.id) });
    await this.remember(step.context, { last: { kind: 'clarify', choices: choices.map((c) => c.id) } });
    return step.endDialog();
  }

  private async startFlow(step: RouteStep, flow: FlowName, start: FlowStart): Promise<Route> {
    const dialog = this.flows[flow];
    if (!dialog) return step.endDialog();
    await this.handoff?.record(step.context, { kind: 'flowStarted', flow });
    // The message that started it may already answer a step or two (how to receive the code, the phone).
    const said = step.context.activity.text;
    return step.beginDialog(dialog.id, { ...start, ...(said ? { said } : {}) } satisfies FlowStart);
  }

  private async handOver(step: RouteStep, reason: HandoffReason): Promise<Route> {
    await this.handOverNow(step.context, reason);
    return step.endDialog();
  }

  /** Hands over and remembers the ticket, so 「まだかかりますか？」 can be answered with it. */
  private async handOverNow(context: TurnContext, reason: HandoffReason): Promise<void> {
    if (!this.handoff) return;
    const result = await this.handoff.handOver(context, reason);
    if (result.ok) await this.remember(context, { waiting: { kind: 'handoff', ticketId: result.ticketId } });
  }

  /**
   * True when the conversation's state is brand new: the root has never kept its memory in it
   * (it keeps one, if only empty, after every message it routes). A first message, or the first
   * after the state was lost (a restart of the server, the idle expiry, a turn error's reset).
   * False when there is nowhere to keep memory (a dialog run without the accessor or `run`).
   */
  private async isBrandNew(context: TurnContext): Promise<boolean> {
    if (this.memory) return (await this.memory.get(context)) === undefined;
    const state = context.turnState.get<DialogStateWithMemory | undefined>(DIALOG_STATE_KEY);
    return state !== undefined && state[StateKeys.rootMemory] === undefined;
  }

  private async remember(context: TurnContext, change: Partial<RootMemory>): Promise<void> {
    await this.saveMemory(context, { ...(await this.loadMemory(context)), ...change });
  }

  private async loadMemory(context: TurnContext): Promise<RootMemory> {
    if (this.memory) return this.memory.get(context, {});
    return context.turnState.get<DialogStateWithMemory | undefined>(DIALOG_STATE_KEY)?.[StateKeys.rootMemory] ?? {};
  }

  private async saveMemory(context: TurnContext, memory: RootMemory): Promise<void> {
    if (this.memory) {
      await this.memory.set(context, memory);
      return;
    }
    const state = context.turnState.get<DialogStateWithMemory | undefined>(DIALOG_STATE_KEY);
    if (state) state[StateKeys.rootMemory] = memory;
  }
}

/** The sentences of a message (at 。！？ and new lines). */
function sentencesOf(text: string): string[] {
  return text.split(/[。!?！？\n]+/u).filter((s) => s.trim() !== '');
}

/** The flows an account name typed on its own may be for. */
const WHICH_FLOW_CHOICES: readonly FlowName[] = ['passwordReset', 'unblockAccount', 'recoverAccount'];

function withoutLast(memory: RootMemory): RootMemory {
  return memory.waiting ? { waiting: memory.waiting } : {};
}

/**
 * The flow's begin options with the account name the message holds, if any (「taro@example.com
 * のパスワードをリセットしたい」), noted as the flows note it: masked for the agent, redacted elsewhere.
 */
function accountStart(context: TurnContext, text: string): FlowStart {
  // 「hanako@example.jp…あ、違う、hanako@example.com でした」: the corrected name.
  const account = accountNameIn(text);
  if (account === undefined) return {};
  noteAccount(context, account);
  return { account };
}
