import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DialogIds } from './ids';
import { messages, type FlowName } from './messages';
import type { FaqPort, FaqEntryView } from './ports';
import { abstainReply, answerReply, clarifyReply, startFlowText, textReply } from './replies';
import { recognizeRecoveryStatusRequest } from './flows/recoveryStatusDialog';
import { recognizeSmallTalk } from './smallTalk';
import { recognizeFeedback, withFeedbackButtons } from './handoff/feedback';
import { flowOutcome } from './handoff/flowOutcome';
import type { HandoffCoordinator } from './handoff/handoffCoordinator';
import { isFlowResult } from './flows/flowResult';

export interface RootDialogOptions {
  /** The FAQ search component. */
  faq: FaqPort;
  /** Guided flows by name; an entry whose flow is missing is answered without the start button. */
  flows?: Partial<Record<FlowName, Dialog>>;
  /** Measures outcomes, decides and performs handoffs (issue 5); default: none (no feedback buttons, no handoff). */
  handoff?: HandoffCoordinator;
}

const FLOW_NAMES: readonly FlowName[] = ['passwordReset', 'unblockAccount', 'recoverAccount', 'recoveryStatus'];

/** Direct requests that start a flow without a FAQ answer first (the issue's 「パスワードをリセットしたい」). */
const DIRECT_FLOW_REQUESTS: readonly [FlowName, RegExp][] = [
  ['passwordReset', /^(?:パスワード|pw|パス)(?:を|の)?(?:リセット|再設定)(?:したい|する|して(?:ください|ほしい)?|お願いします|をお願いします)?[。！!]*$/i],
];

/**
 * The conversation's top level: each message is small talk, a flow start, a pick from
 * buttons the bot offered, or a question for the FAQ. Guided flows run as child dialogs.
 */
export class RootDialog extends ComponentDialog {
  private readonly faq: FaqPort;
  private readonly flows: Partial<Record<FlowName, Dialog>>;
  private readonly handoff: HandoffCoordinator | undefined;

  constructor(options: RootDialogOptions) {
    super(DialogIds.root);
    this.faq = options.faq;
    this.flows = options.flows ?? {};
    this.handoff = options.handoff;
    for (const flow of Object.values(this.flows)) if (flow) this.addDialog(flow);
    this.addDialog(new WaterfallDialog(DialogIds.rootWaterfall, [this.routeStep.bind(this), this.afterFlowStep.bind(this)]));
    this.initialDialogId = DialogIds.rootWaterfall;
  }

  /** Runs one turn: continues an active flow, or routes the message. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const set = new DialogSet(accessor);
    set.add(this);
    const dc = await set.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Replies to the message, or starts the flow it asks for. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = (step.context.activity.text ?? '').trim();
    if (text === '') {
      await step.context.sendActivity(textReply(messages.nonText));
      return step.endDialog();
    }
    const h = this.handoff;
    if (h) {
      // An agent has the conversation (handoff.status accepted): the bot stays quiet.
      if (await h.withAgent(step.context)) return step.endDialog();
      const decision = await h.onMessage(step.context, text);
      if (decision.kind === 'handoff') {
        await h.handOver(step.context, decision.reason);
        return step.endDialog();
      }
      if (decision.kind === 'declined') {
        await h.decline(step.context);
        return step.endDialog();
      }
      const verdict = recognizeFeedback(text);
      if (verdict && (await h.onFeedback(step.context, verdict, (id) => this.faq.entry(id)))) return step.endDialog();
    }
    const flow = this.requestedFlow(text);
    if (flow) {
      await h?.record(step.context, { kind: 'flowStarted', flow });
      return step.beginDialog(this.flows[flow]?.id ?? '');
    }
    const status = this.flows.recoveryStatus ? recognizeRecoveryStatusRequest(text) : undefined;
    if (status && this.flows.recoveryStatus) return step.beginDialog(this.flows.recoveryStatus.id, status);

    const smallTalk = recognizeSmallTalk(text);
    if (smallTalk) {
      const reply = smallTalk === 'greeting' ? messages.greeting : smallTalk === 'thanks' ? messages.thanks : messages.help.text;
      await step.context.sendActivity(textReply(reply));
      return step.endDialog();
    }
    if (text === messages.clarify.noneOfThese) {
      await step.context.sendActivity(textReply(messages.clarify.noneOfTheseReply));
      return step.endDialog();
    }
    // A related-question or clarification button sends the entry's canonical question back.
    const picked = this.faq.entryByQuestion(text);
    if (picked) {
      await step.context.sendActivity(this.answer(picked));
      await this.handoff?.record(step.context, { kind: 'answered', entryId: picked.id, confidence: 1 });
      return step.endDialog();
    }
    await this.answerQuestion(step.context, text);
    return step.endDialog();
  }

  /** A flow ended (its own closing message was sent): the conversation is back at the top. */
  private async afterFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const h = this.handoff;
    if (h && isFlowResult(step.result)) {
      const { event, handoff } = flowOutcome(step.result);
      const after = await h.record(step.context, event);
      if (handoff) await h.handOver(step.context, handoff);
      else if (after.kind === 'offer') await h.offer(step.context, after.reason);
    }
    return step.endDialog(step.result);
  }

  private async answerQuestion(context: TurnContext, text: string): Promise<void> {
    const { decision, truncated } = this.faq.ask(text);
    if (truncated) await context.sendActivity(textReply(messages.tooLong));
    switch (decision.kind) {
      case 'answer': {
        const entry = this.faq.entry(decision.entryId);
        if (!entry) break;
        await context.sendActivity(this.answer(entry));
        const alternatives = decision.candidates.filter((c) => c.id !== entry.id).slice(0, 3).map((c) => c.id);
        await this.handoff?.record(context, { kind: 'answered', entryId: entry.id, confidence: decision.confidence, alternatives });
        return;
      }
      case 'clarify': {
        const choices = decision.choices.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
        if (choices.length === 0) break;
        await context.sendActivity(clarifyReply(choices));
        await this.handoff?.record(context, { kind: 'clarified', choices: choices.map((c) => c.id) });
        return;
      }
      case 'abstain':
        break;
    }
    // No answer: record the miss first, so a second one in a row brings the offer of a person
    // (with the best candidates) instead of the plain "not found" reply.
    const after = await this.handoff?.record(context, { kind: 'abstained', question: text });
    if (this.handoff && after?.kind === 'offer') {
      const candidates = after.withHelp ? decision.candidates.map((c) => this.faq.entry(c.id)).filter((e): e is FaqEntryView => e !== undefined) : [];
      await this.handoff.offer(context, after.reason, candidates);
      return;
    }
    await context.sendActivity(abstainReply());
  }

  private answer(entry: FaqEntryView) {
    const related = entry.related.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
    const reply = answerReply(entry, related, entry.action !== undefined && this.flows[entry.action] !== undefined);
    return this.handoff ? withFeedbackButtons(reply) : reply;
  }

  private requestedFlow(text: string): FlowName | undefined {
    const folded = text.normalize('NFKC').replace(/\s+/g, '');
    const direct = DIRECT_FLOW_REQUESTS.find(([name, pattern]) => this.flows[name] !== undefined && pattern.test(folded));
    if (direct) return direct[0];
    return FLOW_NAMES.find((name) => this.flows[name] !== undefined && text === startFlowText(name));
  }
}
