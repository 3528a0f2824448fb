import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { AccountAdapter } from '../accountPort';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import { IdentityCheckDialog, type IdentityCheckOptions } from './identityCheck';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { parseRemembersSecret, parseSecretQuestionAnswer, type SecretAnswer } from './stepAnswers';

export interface SecretQuestionDialogOptions extends IdentityCheckOptions {
  /** The account service. */
  account: AccountAdapter;
}

interface SecretQuestionData {
  account?: string;
  remembers?: 'yes' | 'no';
  challengeId?: string;
  /** The question to show again after ヘルプ or a wrong answer. */
  question?: string;
  /** Held only until it is checked. */
  answer?: SecretAnswer;
}

export const SecretQuestionFields = { remembers: 'remembersSecret', answer: 'secretAnswer' } as const;

const m = messages.unblock;

/**
 * Seed a.: does the user remember the secret question's answer? If so, the question (a
 * plausible decoy for unknown accounts, per the port's contract) and the answer.
 */
export class SecretQuestionDialog extends IdentityCheckDialog<SecretQuestionData> {
  private readonly adapter: AccountAdapter;

  constructor(id: string, options: SecretQuestionDialogOptions) {
    super(id, options);
    this.adapter = options.account;
    this.addField({ id: SecretQuestionFields.remembers, parse: parseRemembersSecret, help: m.help.remembersSecret, personal: false });
    this.addField({ id: SecretQuestionFields.answer, parse: parseSecretQuestionAnswer, help: m.help.secretAnswer });
    this.addSteps([this.remembersStep, this.startStep, this.answerStep, this.checkStep]);
  }

  protected initialData(start: FlowStart): SecretQuestionData {
    return start.account ? { account: start.account } : {};
  }

  /** Does the user remember the answer? */
  private async remembersStep(step: WaterfallStepContext<FlowRun<SecretQuestionData>>): Promise<DialogTurnResult> {
    if (this.data(step).remembers) return step.next();
    return this.ask(step, SecretQuestionFields.remembers, textReply(m.askRemembersSecret, [imBack(m.yesButton), imBack(m.noSecretButton)]), 'remembers');
  }

  /** Fetches the question. */
  private async startStep(step: WaterfallStepContext<FlowRun<SecretQuestionData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.remembers === 'no') return this.failed(step, 'declined');
    const account = data.account;
    if (data.challengeId || !account) return step.next();
    const started = await this.service(step, () => this.adapter.startSecretQuestion({ account }));
    if (!started.ok) return started.reason === 'rate-limited' ? this.rateLimited(step, started.retryAfterSeconds) : this.backendUnavailable(step);
    data.challengeId = started.challengeId;
    data.question = started.question;
    return step.next();
  }

  /** Asks the question. */
  private async answerStep(step: WaterfallStepContext<FlowRun<SecretQuestionData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.challengeId || data.answer !== undefined) return step.next();
    return this.ask(step, SecretQuestionFields.answer, textReply(m.askSecretAnswer(data.question ?? '')), 'answer');
  }

  /** Checks the answer; a wrong one is asked again, a locked question ends the check. */
  private async checkStep(step: WaterfallStepContext<FlowRun<SecretQuestionData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const answer = data.answer;
    // 「忘れました」 at the question: the user does not remember after all.
    const challengeId = data.challengeId;
    if (!challengeId || answer === undefined || answer.kind === 'forgot') return this.failed(step, 'declined');
    const checked = await this.service(step, () => this.adapter.answerSecretQuestion({ challengeId, answer: answer.answer }));
    if (checked.ok) return this.verified(step, checked.proof);
    if (checked.reason === 'unavailable') return this.backendUnavailable(step);
    // Too many tries from this client: keep the answer, so もう一度 after the wait checks it.
    if (checked.reason === 'rate-limited') return this.rateLimited(step, checked.retryAfterSeconds);
    delete data.answer;
    if (checked.reason === 'wrong-code') {
      await step.context.sendActivity(textReply(m.wrongSecret(checked.attemptsLeft)));
      return this.resume(step);
    }
    return this.failed(step, 'locked');
  }
}
