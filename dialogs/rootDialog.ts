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

export interface RootDialogOptions {
  /** The FAQ search component. */
  faq: FaqPort;
  /** Guided flows by name; an entry whose flow is missing is answered without the start button. */
  flows?: Partial<Record<FlowName, Dialog>>;
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

  constructor(options: RootDialogOptions) {
    super(DialogIds.root);
    this.faq = options.faq;
    this.flows = options.flows ?? {};
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
    const flow = this.requestedFlow(text);
    if (flow) return step.beginDialog(this.flows[flow]?.id ?? '');
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
      return step.endDialog();
    }
    await this.answerQuestion(step.context, text);
    return step.endDialog();
  }

  /** A flow ended (its own closing message was sent): the conversation is back at the top. */
  private async afterFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private async answerQuestion(context: TurnContext, text: string): Promise<void> {
    const { decision, truncated } = this.faq.ask(text);
    if (truncated) await context.sendActivity(textReply(messages.tooLong));
    switch (decision.kind) {
      case 'answer': {
        const entry = this.faq.entry(decision.entryId);
        await context.sendActivity(entry ? this.answer(entry) : abstainReply());
        return;
      }
      case 'clarify': {
        const choices = decision.choices.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
        await context.sendActivity(choices.length > 0 ? clarifyReply(choices) : abstainReply());
        return;
      }
      case 'abstain':
        await context.sendActivity(abstainReply());
    }
  }

  private answer(entry: FaqEntryView) {
    const related = entry.related.map((id) => this.faq.entry(id)).filter((e): e is FaqEntryView => e !== undefined);
    return answerReply(entry, related, entry.action !== undefined && this.flows[entry.action] !== undefined);
  }

  private requestedFlow(text: string): FlowName | undefined {
    const folded = text.normalize('NFKC').replace(/\s+/g, '');
    const direct = DIRECT_FLOW_REQUESTS.find(([name, pattern]) => this.flows[name] !== undefined && pattern.test(folded));
    if (direct) return direct[0];
    return FLOW_NAMES.find((name) => this.flows[name] !== undefined && text === startFlowText(name));
  }
}
