import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { AccountAdapter, ChallengeStarted } from '../accountPort';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import { IdentityCheckDialog, type IdentityCheckOptions } from './identityCheck';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import {
  parseCodeAnswer,
  parseCodeMethod,
  parseContact,
  parseContactEmail,
  parsePhoneAnswer,
  prefillCodeMethod,
  prefillContact,
  prefillContactEmail,
  prefillPhone,
  type CodeAnswer,
  type CodeMethod,
  type ContactAnswer,
  type PhoneAnswer,
} from './stepAnswers';

/**
 * Where the code goes:
 * - `security`: a code to registered security info, chosen by the user (seed b.; password reset, unblock b.);
 * - `unblock-sms`: an unblock code by SMS to the phone the user types (unblock, first way);
 * - `recovery-contact`: a code to the user's own contact address (recovery d-1).
 */
export type CodeRoute = 'security' | 'unblock-sms' | 'recovery-contact';

/** What 「コードが届かない」 leads to: another method, another address, or the flow's next way. */
export type NotReceivedPolicy = 'another-method' | 'another-contact' | 'give-up';

export interface CodeChallengeDialogOptions extends IdentityCheckOptions {
  /** The account service. */
  account: AccountAdapter;
  /** Where the code goes. */
  route: CodeRoute;
  /** What 「コードが届かない」 leads to. */
  onNotReceived: NotReceivedPolicy;
}

interface CodeChallengeData {
  account?: string;
  method?: CodeMethod;
  /** The contact the user typed; dropped as soon as the code is sent (kept for recovery d-1, whose result needs it). */
  contact?: string;
  /** The contact step's answer, until it is read (a contact, or "I can't use it"). */
  contactAnswer?: ContactAnswer;
  phoneAnswer?: PhoneAnswer;
  challengeId?: string;
  codeAnswer?: CodeAnswer;
}

export const CodeChallengeFields = { method: 'method', contact: 'contact', phone: 'unblockPhone', contactEmail: 'contactEmail', code: 'code' } as const;

const v = messages.verification;

/**
 * One code challenge, from choosing where the code goes to a proof: the method (security
 * route), the full contact (never hinting which are registered), sending, the code with
 * 再送 / 届かない, wrong, locked and expired codes. Replies never depend on whether the
 * account or the contact exists (the adapter answers with a dud challenge for unknown ones).
 */
export class CodeChallengeDialog extends IdentityCheckDialog<CodeChallengeData> {
  private readonly adapter: AccountAdapter;
  private readonly route: CodeRoute;
  private readonly onNotReceived: NotReceivedPolicy;

  constructor(id: string, options: CodeChallengeDialogOptions) {
    super(id, options);
    this.adapter = options.account;
    this.route = options.route;
    this.onNotReceived = options.onNotReceived;
    // The first message may already say how and where (「SMSは 080-9876-5432 に送ってください」).
    this.addField({ id: CodeChallengeFields.method, parse: parseCodeMethod, help: v.help.method, personal: false, prefill: prefillCodeMethod });
    this.addField({ id: CodeChallengeFields.contact, parse: parseContact, help: v.help.contact, prefill: prefillContact });
    this.addField({ id: CodeChallengeFields.phone, parse: parsePhoneAnswer, help: messages.unblock.help.phone, prefill: prefillPhone });
    this.addField({ id: CodeChallengeFields.contactEmail, parse: parseContactEmail, help: messages.recovery.help.contactEmail, prefill: prefillContactEmail });
    this.addField({ id: CodeChallengeFields.code, parse: parseCodeAnswer, help: v.help.code });
    this.addSteps([this.methodStep, this.contactStep, this.sendStep, this.codeStep, this.checkStep]);
  }

  protected initialData(start: FlowStart): CodeChallengeData {
    return start.account ? { account: start.account } : {};
  }

  /** Security route: how to receive the code (seed b.). */
  private async methodStep(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (this.route !== 'security' || data.method || data.challengeId) return step.next();
    const buttons = [v.methodEmail, v.methodSms, v.methodApp, v.methodNone].map((t) => imBack(t));
    return this.ask(step, CodeChallengeFields.method, textReply(v.askMethod, buttons), 'method');
  }

  /** The full contact the code goes to (the app needs none). */
  private async contactStep(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.challengeId || data.contact !== undefined || data.phoneAnswer) return step.next();
    switch (this.route) {
      case 'security':
        if (data.method === 'none') return this.failed(step, 'no-method');
        if (data.method !== 'email' && data.method !== 'sms') return step.next();
        return this.ask(step, CodeChallengeFields.contact, data.method === 'email' ? v.askEmail : v.askPhone, 'contactAnswer', {
          expects: data.method === 'email' ? 'email' : 'phone',
          ...(data.account ? { differentFrom: data.account } : {}),
        });
      case 'unblock-sms':
        return this.ask(step, CodeChallengeFields.phone, textReply(messages.unblock.askPhone, [imBack(messages.unblock.noPhoneButton)]), 'phoneAnswer', data.account ? { known: data.account } : {});
      case 'recovery-contact':
        return this.ask(step, CodeChallengeFields.contactEmail, messages.recovery.askContactEmail, 'contact', data.account ? { differentFrom: data.account } : {});
    }
  }

  /** Starts the challenge: sends the code, or readies the authenticator app. */
  private async sendStep(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const account = data.account;
    if (data.challengeId || !account) return step.next();
    const contactAnswer = data.contactAnswer;
    delete data.contactAnswer;
    if (contactAnswer?.kind === 'none') {
      // That contact cannot be used: choose another way.
      delete data.method;
      await step.context.sendActivity(textReply(v.contactMissing));
      return this.resume(step);
    }
    if (contactAnswer) data.contact = contactAnswer.contact;
    if (this.route === 'unblock-sms') {
      const answer = data.phoneAnswer;
      if (!answer) return step.next();
      if (answer.kind === 'none') return this.failed(step, 'no-method');
      return this.started(step, await this.service(step, () => this.adapter.sendUnblockCode({ account, phone: answer.phone })), messages.unblock.codeSent);
    }
    const { contact, method } = data;
    if (this.route === 'recovery-contact') {
      if (!contact) return step.next();
      return this.started(step, await this.service(step, () => this.adapter.verifyRecoveryContact({ account, contactEmail: contact })), messages.recovery.contactCodeSent);
    }
    if (method === 'app') return this.started(step, await this.service(step, () => this.adapter.startAuthenticatorChallenge({ account })), v.appReady);
    if ((method === 'email' || method === 'sms') && contact) {
      return this.started(step, await this.service(step, () => this.adapter.sendSecurityCode({ account, channel: method, contact })), v.codeSent);
    }
    return step.next();
  }

  /** Remembers a started challenge (and forgets the contact), or reports the outage. */
  private async started(step: WaterfallStepContext<FlowRun<CodeChallengeData>>, started: ChallengeStarted, notice: string): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!started.ok) return started.reason === 'rate-limited' ? this.rateLimited(step, started.retryAfterSeconds) : this.backendUnavailable(step);
    data.challengeId = started.challengeId;
    delete data.phoneAnswer;
    if (this.route !== 'recovery-contact') delete data.contact;
    await step.context.sendActivity(textReply(notice));
    return step.next();
  }

  /** Asks for the code of the current challenge. */
  private async codeStep(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.challengeId || data.codeAnswer) return step.next();
    const app = data.method === 'app';
    const buttons = app ? [imBack(v.notReceivedButton)] : [imBack(v.resendButton), imBack(v.notReceivedButton)];
    return this.ask(step, CodeChallengeFields.code, textReply(app ? v.askAppCode : v.askCode, buttons), 'codeAnswer');
  }

  /** Verifies the code, resends it, or gives up on this way. */
  private async checkStep(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const answer = data.codeAnswer;
    const challengeId = data.challengeId;
    // Nothing was sent (no account to send for): there is no way to go on with a code.
    if (!answer || !challengeId) return this.failed(step, 'no-method');
    delete data.codeAnswer;
    if (answer.kind === 'not-received') return this.notReceived(step);
    // The authenticator app makes its own codes: there is nothing to resend, so ask for the app's code again.
    if (answer.kind === 'resend' && data.method === 'app') return this.resume(step);
    if (answer.kind === 'resend') {
      const resent = await this.service(step, () => this.adapter.resendCode({ challengeId }));
      if (resent.ok) await step.context.sendActivity(textReply(v.codeResent));
      else if (resent.reason === 'rate-limited') await step.context.sendActivity(textReply(v.resendLimited(resent.retryAfterSeconds)));
      else if (resent.reason === 'unavailable') return this.backendUnavailable(step);
      else if (resent.reason === 'locked') return this.locked(step);
      else return this.expired(step);
      return this.resume(step);
    }
    const checked = await this.service(step, () => this.adapter.verifyCode({ challengeId, code: answer.code }));
    if (checked.ok) return this.verified(step, checked.proof, this.route === 'recovery-contact' ? data.contact : undefined);
    switch (checked.reason) {
      case 'wrong-code':
        await step.context.sendActivity(textReply(v.wrongCode(checked.attemptsLeft)));
        return this.resume(step);
      case 'locked':
        return this.locked(step);
      case 'expired':
        return this.expired(step);
      case 'rate-limited':
        // Too many tries from this client: the code itself is still good, so もう一度 after the wait checks the same one.
        data.codeAnswer = answer;
        return this.rateLimited(step, checked.retryAfterSeconds);
      case 'unavailable':
        // Keep the code so もう一度 checks the same one.
        data.codeAnswer = answer;
        return this.backendUnavailable(step);
    }
  }

  private async notReceived(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    switch (this.onNotReceived) {
      case 'give-up':
        return this.failed(step, 'not-received');
      case 'another-method':
        delete data.method;
        delete data.challengeId;
        await step.context.sendActivity(textReply(messages.passwordReset.chooseAnother));
        return this.resume(step);
      case 'another-contact':
        // Perhaps a typo in the address: ask for it again.
        delete data.contact;
        delete data.challengeId;
        await step.context.sendActivity(textReply(messages.recovery.otherContact));
        return this.resume(step);
    }
  }

  private async locked(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    await step.context.sendActivity(textReply(v.codeLocked));
    return this.failed(step, 'locked');
  }

  /** An expired code: a new one needs the contact again (it was not kept). */
  private async expired(step: WaterfallStepContext<FlowRun<CodeChallengeData>>): Promise<DialogTurnResult> {
    delete this.data(step).challengeId;
    await step.context.sendActivity(textReply(v.codeExpired));
    return this.resume(step);
  }
}
