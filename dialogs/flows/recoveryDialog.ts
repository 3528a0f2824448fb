import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { NOT_REGISTERED, type RecoverySection } from '../accountPort';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import { AccountFlowDialog, type AccountFlowData, type AccountFlowDialogOptions } from './accountFlowDialog';
import { CodeChallengeDialog } from './codeChallengeDialog';
import { isFlowResult } from './flowResult';
import { isCheckResult } from './identityCheck';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import type { NameReader } from '../ports';
import { withNames } from './formAnswers';
import { SKIPPED } from './inputs';
import { maskedSummary, RECOVERY_FORM, toRecoveryAnswers, type FormAnswers, type FormValue, type RecoveryFieldKey } from './recoveryForm';
import { parseConfirm, parseHasBilling, type ConfirmChoice } from './stepAnswers';

export interface RecoveryDialogOptions extends AccountFlowDialogOptions {
  /** Reads 姓 and 名 in a sentence (「山田次郎です」); default: none (names must be spaced to be split). */
  names?: NameReader;
}

interface RecoveryData extends AccountFlowData {
  /** The user's own address for the answer (seed d-1); kept until the request is submitted. */
  contactEmail?: string;
  answers: FormAnswers;
  /** The form field being asked. */
  current?: RecoveryFieldKey;
  formAnswer?: FormValue;
  hasBilling?: 'yes' | 'no';
  confirm?: ConfirmChoice;
}

export const RecoveryFields = { hasBilling: 'hasBilling', confirm: 'confirm' } as const;

const m = messages.recovery;

/**
 * Account recovery (seed d.): account and a different contact e-mail, verified with a code
 * (d-1) → account information → mail information → billing, if registered (d-2) → a masked
 * summary → submit (d-3) → the ticket id, the 24-hour expectation (f.) and the survey
 * note (d-4). An "insufficient" answer from the back end returns to the sections.
 */
export class RecoveryDialog extends AccountFlowDialog<RecoveryData> {
  protected readonly flow = 'recoverAccount' as const;
  private readonly contactCode: Dialog;

  constructor(options: RecoveryDialogOptions) {
    super(DialogIds.recoverAccount, options);
    this.contactCode = new CodeChallengeDialog(`${DialogIds.recoverAccount}.contactCode`, { ...options, flow: this.flow, route: 'recovery-contact', onNotReceived: 'another-contact' });
    this.addDialog(this.contactCode);
    this.addField({ id: RecoveryFields.hasBilling, parse: parseHasBilling, help: m.help.hasBilling, personal: false });
    this.addField({ id: RecoveryFields.confirm, parse: parseConfirm, help: m.help.confirm, personal: false });
    for (const formField of RECOVERY_FORM) {
      const parse = options.names ? withNames(formField, options.names) : formField.parse;
      this.addField({ id: formField.key, parse, help: `${formField.help}\n\n${m.reminder}` });
    }
    this.addSteps([
      this.introStep(m.intro),
      this.accountStep(m.askAccount),
      this.checkStep(this.contactCode),
      this.skippable((_run, result) => !isFlowResult(result) && !isCheckResult(result), this.afterContactStep),
      this.skippable((run) => !run.data.proof || Boolean(run.data.hasBilling) || this.nextField(run.data, true)?.section !== 'billing', this.billingGateStep),
      this.formAskStep,
      this.skippable((run) => !run.data.current || run.data.formAnswer === undefined, this.formStoreStep),
      this.confirmStep,
      this.submitStep,
    ]);
  }

  protected initialData(start: FlowStart): RecoveryData {
    return start.account ? { account: start.account, answers: {} } : { answers: {} };
  }

  /** d-1 done: the contact address is the user's (it received the code); keep it for the request. */
  private async afterContactStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const result: unknown = step.result;
    if (isFlowResult(result)) return this.finish(step, result);
    if (!isCheckResult(result)) return step.next();
    const data = this.data(step);
    if (result.kind === 'verified') {
      data.proof = result.proof;
      data.contactEmail = result.contact;
      return step.next();
    }
    // Only a locked code ends the check (an address that gets no code is asked again).
    await step.context.sendActivity(textReply(m.lockedEnd, this.otherHelpButtons()));
    return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'code', reason: 'code-locked' });
  }

  /** d-2 billing: only asked when the user says billing information is registered. */
  private async billingGateStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.proof || data.hasBilling || this.nextField(data, true)?.section !== 'billing') return step.next();
    return this.ask(step, RecoveryFields.hasBilling, textReply(m.askHasBilling, [imBack(m.yesButton), imBack(m.noBillingButton)]), 'hasBilling');
  }

  /** d-2: the next unanswered field. */
  private async formAskStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const next = data.proof ? this.nextField(data, false) : undefined;
    if (!next) return step.next();
    if (this.previousSection(next.key) !== next.section) {
      await step.context.sendActivity(textReply(m.sectionTitles[next.section]));
    }
    data.current = next.key;
    return this.ask(step, next.key, textReply(next.prompt, [imBack(NOT_REGISTERED), imBack(m.skipButton)]), 'formAnswer');
  }

  /** Keeps the answer, reminds of *1 on a skip, and moves on to the next field. */
  private async formStoreStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.current || data.formAnswer === undefined) return step.next();
    const answer = data.formAnswer;
    if (data.current === 'lastName' && Array.isArray(answer) && answer.length === 2) {
      // Both names at the 姓 prompt: keep both and skip the 名 prompt, after saying so.
      const [lastName, firstName] = answer as readonly string[];
      data.answers.lastName = lastName;
      data.answers.firstName = firstName;
      await step.context.sendActivity(textReply(m.bothNames));
      delete data.current;
      delete data.formAnswer;
      return this.resume(step);
    }
    data.answers[data.current] = answer;
    if (data.formAnswer === SKIPPED) await step.context.sendActivity(textReply(m.skipReminder));
    delete data.current;
    delete data.formAnswer;
    return this.resume(step);
  }

  /** Shows the masked summary and asks to send or correct a section. */
  private async confirmStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.proof || data.confirm || this.nextField(data, true)) return step.next();
    const buttons = [imBack(m.sendButton), imBack(m.editButtons.account), imBack(m.editButtons.mail), imBack(m.editButtons.billing)];
    return this.ask(step, RecoveryFields.confirm, textReply(`${m.summaryTitle}\n\n${maskedSummary(data.answers)}\n\n${m.askConfirm}`, buttons), 'confirm');
  }

  /** d-3: submits, or goes back to a section the user (or the back end) wants completed. */
  private async submitStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const { proof, account, contactEmail } = data;
    if (!proof || !data.confirm || !account || !contactEmail) {
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'submit', reason: 'not-verified' });
    }
    if (data.confirm !== 'send') {
      const section: RecoverySection = data.confirm === 'edit-account' ? 'account' : data.confirm === 'edit-mail' ? 'mail' : 'billing';
      this.reopen(data, [section], false);
      return this.resume(step);
    }
    const submitted = await this.service(step, () => this.adapter.submitRecoveryRequest({ proof, account, contactEmail, answers: toRecoveryAnswers(data.answers) }));
    if (submitted.ok) {
      await step.context.sendActivity(textReply(m.submitted(submitted.ticketId)));
      return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'submit', ticketId: submitted.ticketId });
    }
    switch (submitted.reason) {
      case 'unavailable':
        return this.backendUnavailable(step);
      case 'insufficient':
        await step.context.sendActivity(textReply(m.insufficient(submitted.sections.map((s) => m.sectionNames[s]))));
        this.reopen(data, submitted.sections, true);
        return this.resume(step);
      case 'invalid-proof':
        await step.context.sendActivity(textReply(m.proofRejected, this.otherHelpButtons()));
        return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'submit', reason: 'invalid-proof' });
    }
  }

  /** Clears a section's answers so they are asked again: only the empty ones when adding more, unless none is empty. */
  private reopen(data: RecoveryData, sections: readonly RecoverySection[], emptyOnly: boolean): void {
    delete data.confirm;
    for (const section of sections) {
      const keys = RECOVERY_FORM.filter((f) => f.section === section).map((f) => f.key);
      const empty = keys.filter((k) => data.answers[k] === undefined || data.answers[k] === SKIPPED || data.answers[k] === NOT_REGISTERED);
      for (const key of emptyOnly && empty.length > 0 ? empty : keys) delete data.answers[key];
      if (section === 'billing') delete data.hasBilling;
    }
  }

  /** The first unasked field; billing ones only once the user said billing is registered (or to know the gate comes next). */
  private nextField(data: RecoveryData, includeUndecidedBilling: boolean) {
    return RECOVERY_FORM.find((f) => {
      if (data.answers[f.key] !== undefined) return false;
      if (f.section !== 'billing') return true;
      if (data.hasBilling === 'yes') return true;
      return data.hasBilling === undefined && includeUndecidedBilling;
    });
  }

  private previousSection(key: RecoveryFieldKey): RecoverySection | undefined {
    const index = RECOVERY_FORM.findIndex((f) => f.key === key);
    return index > 0 ? RECOVERY_FORM[index - 1]?.section : undefined;
  }
}
