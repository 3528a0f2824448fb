import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { NOT_REGISTERED, type RecoverySection } from '../accountPort';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { parseChoice, parseEmail, parseYesNo, SKIPPED } from './inputs';
import { maskedSummary, RECOVERY_FORM, toRecoveryAnswers, type FormAnswers, type FormValue, type RecoveryFieldKey } from './recoveryForm';
import { VerificationDialog, type CodeFailure, type VerificationData, type VerificationDialogOptions } from './verificationDialog';

export type RecoveryDialogOptions = VerificationDialogOptions;

type ConfirmChoice = 'send' | 'edit-account' | 'edit-mail' | 'edit-billing';

interface RecoveryData extends VerificationData {
  introduced?: boolean;
  /** The user's own address for the answer (seed d-1); kept until the request is submitted. */
  contactEmail?: string;
  answers: FormAnswers;
  /** The form field being asked. */
  current?: RecoveryFieldKey;
  formAnswer?: FormValue;
  hasBilling?: 'yes' | 'no';
  confirm?: ConfirmChoice;
}

export const RecoveryFields = { contactEmail: 'contactEmail', hasBilling: 'hasBilling', confirm: 'confirm' } as const;

const m = messages.recovery;

const parseConfirm = parseChoice<ConfirmChoice>(
  { send: [m.sendButton, '送信', 'はい', 'ok'], 'edit-account': [m.editButtons.account], 'edit-mail': [m.editButtons.mail], 'edit-billing': [m.editButtons.billing] },
  m.confirmExpected,
);

/** The contact e-mail must be the user's own address, not the account being recovered. */
function parseContactEmail(text: string, context: { differentFrom?: string }) {
  const email = parseEmail(text);
  if (email.ok && context.differentFrom !== undefined && email.value === context.differentFrom.toLowerCase()) return { ok: false as const, error: m.sameAsAccount };
  return email;
}

/**
 * Account recovery (seed d.): account and a different contact e-mail, verified with a code
 * (d-1) → account information → mail information → billing, if registered (d-2) → a masked
 * summary → submit (d-3) → the ticket id, the 24-hour expectation (f.) and the survey
 * note (d-4). An "insufficient" answer from the back end returns to the sections.
 */
export class RecoveryDialog extends VerificationDialog<RecoveryData> {
  protected readonly flow = 'recoverAccount' as const;

  constructor(options: RecoveryDialogOptions) {
    super(DialogIds.recoverAccount, options);
    this.addField({ id: RecoveryFields.contactEmail, parse: parseContactEmail, help: m.help.contactEmail });
    this.addField({ id: RecoveryFields.hasBilling, parse: parseYesNo, help: m.help.hasBilling, personal: false });
    this.addField({ id: RecoveryFields.confirm, parse: parseConfirm, help: m.help.confirm, personal: false });
    for (const formField of RECOVERY_FORM) this.addField({ id: formField.key, parse: formField.parse, help: `${formField.help}\n\n${m.reminder}` });
    const always = () => true;
    this.addSteps([
      this.introStep,
      this.accountStep(m.askAccount),
      this.contactEmailStep,
      this.sendContactCodeStep,
      this.codeStep(always),
      this.checkCodeStep(always),
      this.billingGateStep,
      this.formAskStep,
      this.formStoreStep,
      this.confirmStep,
      this.submitStep,
    ]);
  }

  protected initialData(start: FlowStart): RecoveryData {
    return start.account ? { account: start.account, answers: {} } : { answers: {} };
  }

  /** What the flow does, why past passwords are not asked, and *1 (once per run). */
  private async introStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.introduced) {
      data.introduced = true;
      await step.context.sendActivity(textReply(m.intro));
    }
    return step.next();
  }

  /** d-1: a contact address of the user's own, different from the account. */
  private async contactEmailStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.contactEmail || data.proof) return step.next();
    return this.ask(step, RecoveryFields.contactEmail, m.askContactEmail, 'contactEmail', data.account ? { differentFrom: data.account } : {});
  }

  /** d-1: a code to the contact address proves the user reads it. */
  private async sendContactCodeStep(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.proof || data.challengeId || !data.contactEmail || !data.account) return step.next();
    const started = await this.adapter.verifyRecoveryContact({ account: data.account, contactEmail: data.contactEmail });
    return this.challengeStarted(step, started, m.contactCodeSent);
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
    data.answers[data.current] = data.formAnswer;
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
    if (!data.proof || !data.confirm || !data.account || !data.contactEmail) {
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'submit', reason: 'not-verified' });
    }
    if (data.confirm !== 'send') {
      const section: RecoverySection = data.confirm === 'edit-account' ? 'account' : data.confirm === 'edit-mail' ? 'mail' : 'billing';
      this.reopen(data, [section], false);
      return this.resume(step);
    }
    const submitted = await this.adapter.submitRecoveryRequest({ proof: data.proof, account: data.account, contactEmail: data.contactEmail, answers: toRecoveryAnswers(data.answers) });
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

  protected async onCodeFailure(step: WaterfallStepContext<FlowRun<RecoveryData>>, failure: CodeFailure): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (failure === 'locked') {
      await step.context.sendActivity(textReply(m.lockedEnd, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'code', reason: 'code-locked' });
    }
    // The code does not arrive: perhaps a typo in the address; ask for it again.
    delete data.contactEmail;
    delete data.challengeId;
    await step.context.sendActivity(textReply(m.otherContact));
    return this.resume(step);
  }

  protected async onNoRecoveryCode(step: WaterfallStepContext<FlowRun<RecoveryData>>): Promise<DialogTurnResult> {
    return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'recovery-code', reason: 'not-verified' });
  }
}
