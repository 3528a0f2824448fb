import { ActivityTypes, DeliveryModes, type Activity, type CardAction } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogReason,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptOptions,
  type WaterfallStep,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { FlowName } from '../domain';
import { messages } from '../messages';
import type { FaqPort } from '../ports';
import { answerReply, imBack, startFlowText, textReply } from '../replies';
import { markSensitive, noteAccount } from '../handoff/sensitiveValues';
import type { FlowResult } from './flowResult';
import { commandKey, type InputResult } from './inputs';
import { continueActiveDialog } from '../dialogTurn';
import { asksAboutStep, recognizeInterruption, type Interruption } from './interruptions';

/** Field id of the account name in every flow (its answer is noted for the agent, masked). */
export const ACCOUNT_FIELD_ID = 'account';

/** Bad inputs in a row at one step before the flow ends politely. */
export const DEFAULT_MAX_BAD_TRIES = 3;

/** What every guided flow receives. */
export interface InterruptibleDialogOptions {
  /** Answers a FAQ question asked in the middle of a flow. */
  faq: FaqPort;
  /** Bad inputs in a row at one step before the flow ends. Default DEFAULT_MAX_BAD_TRIES. */
  maxBadTries?: number;
}

/** One thing a step asks the user: how to read the answer, and what ヘルプ says about it. */
export interface FlowField<T> {
  /** Unique within the flow; also the prompt's dialog id suffix and the `step` in results. */
  readonly id: string;
  /** Reads the answer; `context` is what the step passed to `ask` (e.g. a value the answer must differ from). */
  readonly parse: (text: string, context: FieldContext) => InputResult<T>;
  /** Shown on ヘルプ at this step. */
  readonly help: string;
  /**
   * False for answers that are choices among the bot's own buttons (a code method, yes/no):
   * they hold no personal data and tell the agent what was tried. Default: true (redacted).
   */
  readonly personal?: boolean;
  /**
   * Reads this step's answer from the message that started the flow (FlowStart.said) when that
   * message clearly gives it, else undefined (the step is asked). Stricter than `parse`: a story
   * that mentions a lost app must not choose the app. Default: none.
   */
  readonly prefill?: (said: string, context: FieldContext) => T | undefined;
}

/** Extra facts a field's parser may check, passed by the step that asks. */
export interface FieldContext {
  /** The answer must not equal this (a contact e-mail different from the account). */
  readonly differentFrom?: string;
  /** The kind of contact the chosen method needs (an e-mail for mail, a phone number for SMS). */
  readonly expects?: 'email' | 'phone';
  /** A value the user gave before and may refer to (「同じ番号で」: the account name). */
  readonly known?: string;
}

/** A waterfall run: the options the flow was started with and what it gathered so far. */
export interface FlowRun<D> {
  readonly start: FlowStart;
  data: D;
  /**
   * The field of `data` that the answer of the prompt now open goes into, before the next step
   * runs; null: the prompt's answer is a signal, not data (もう一度 after an outage). Absent: no
   * prompt of the flow is open.
   */
  pending?: (keyof D & string) | null;
  /** Fields already tried against the first message (start.said), so each is tried once. */
  prefilled?: string[];
}

/** Options a flow accepts when it begins (a parent flow passes the account it already has). */
export interface FlowStart {
  /** The account name, when already known. */
  readonly account?: string;
  /** A recovery ticket id, when the user typed it with the request (status flow). */
  readonly ticketId?: string;
  /**
   * The message that started the flow, when it may already answer a step (「…アカウントは taro@example.com
   * で、コードはSMSで受け取りたいです」): steps whose field allows it read it before asking.
   */
  readonly said?: string;
}

/** Longest first message kept to answer steps from (longer ones are stories, read by the root only). */
export const MAX_SAID_LENGTH = 300;

/** What the retry prompt returns; a step seeing it re-runs the flow from the data it has. */
const RETRY_SIGNAL = 'madoguchi.flow.retry';
/** What an identity check returns when the user said 最初から: its parent flow starts over. */
export const RESTART_REQUEST = { restart: 'madoguchi.flow.restart' } as const;

/** True for the value a child dialog returns to ask its parent flow to start over. */
export function isRestartRequest(value: unknown): value is typeof RESTART_REQUEST {
  return typeof value === 'object' && value !== null && (value as { restart?: unknown }).restart === RESTART_REQUEST.restart;
}
const RETRY_FIELD_ID = 'retry';
/** Prompt-instance state key counting bad inputs at that prompt (reset when the next prompt starts). */
const BAD_TRIES_KEY = 'madoguchi.badTries';
/** Component-instance state key holding the options the flow began with (for 最初から). */
const START_KEY = 'madoguchi.flowStart';
/** Prompt-options key holding the FieldContext for the parser. */
interface FlowPromptOptions extends PromptOptions {
  validations?: FieldContext;
}

type StoredField = FlowField<unknown>;

/**
 * The base of every guided flow (like the samples' CancelAndHelpDialog). At any step the
 * user may cancel, ask for help, start over, ask for a person, or ask a FAQ question; every
 * answer is read by the step's field parser, and three bad answers end the flow politely.
 *
 * A flow is one waterfall whose steps each skip themselves when their value is known, so
 * `resume` (re-running the waterfall with the gathered data) is how a flow loops back or
 * retries after the back end was down, without losing anything the user typed.
 */
export abstract class InterruptibleDialog<D extends object> extends ComponentDialog {
  protected abstract readonly flow: FlowName;
  protected readonly faq: FaqPort;
  private readonly maxBadTries: number;
  private readonly fields = new Map<string, StoredField>();
  private readonly waterfallId: string;

  protected constructor(id: string, options: InterruptibleDialogOptions) {
    super(id);
    this.faq = options.faq;
    this.maxBadTries = options.maxBadTries ?? DEFAULT_MAX_BAD_TRIES;
    this.waterfallId = `${id}.waterfall`;
    this.addField<typeof RETRY_SIGNAL>({
      id: RETRY_FIELD_ID,
      help: messages.flow.help.retry,
      parse: (text) =>
        messages.flow.retryWords.some((w) => commandKey(w) === commandKey(text)) ? { ok: true, value: RETRY_SIGNAL } : { ok: false, error: messages.flow.retryExpected },
    });
  }

  /** True for identity checks run inside a flow: 最初から restarts the parent flow, not the check. */
  protected readonly restartsParent: boolean = false;

  /** The data a fresh run starts with. */
  protected abstract initialData(start: FlowStart): D;

  /** Registers a field (its prompt dialog, parser and help). */
  protected addField<T>(field: FlowField<T>): void {
    this.fields.set(this.promptId(field.id), field as StoredField);
    this.addDialog(new TextPrompt(this.promptId(field.id)));
  }

  /** Registers the flow's steps; a final step returns whatever the last one produced. */
  protected addSteps(steps: readonly WaterfallStep<FlowRun<D>>[]): void {
    const all = [...steps, async (step: WaterfallStepContext<FlowRun<D>>) => step.endDialog(step.result)];
    this.addDialog(new FlowWaterfall<D>(this.waterfallId, all.map((s) => this.guard(s)), all.map(skipsOf)));
    this.initialDialogId = this.waterfallId;
  }

  /**
   * A step that skips itself (step.next()) when `skips` holds and runs `body` otherwise. The
   * waterfall asks `skips` first and passes such a step without building its step context (see
   * FlowWaterfall): `resume` runs a flow again from its first step, and every step whose value is
   * known skips itself on the way. `skips` must be pure (no side effect: it may run without the step).
   */
  protected skippable(skips: SkipPredicate<D>, body: WaterfallStep<FlowRun<D>>): WaterfallStep<FlowRun<D>> {
    const step: WaterfallStep<FlowRun<D>> = async (s) => (skips(s.options, s.result) ? s.next() : body.call(this, s));
    return Object.assign(step, { [SKIPS]: skips });
  }

  protected data(step: WaterfallStepContext<FlowRun<D>>): D {
    return step.options.data;
  }

  /** Asks for a field; its answer is stored as `data[into]` before the next step runs. */
  protected async ask(step: WaterfallStepContext<FlowRun<D>>, fieldId: string, prompt: string | Partial<Activity>, into: (keyof D & string) | null, context: FieldContext = {}): Promise<DialogTurnResult> {
    const run = step.options;
    // Two things at once: the first message may already hold this step's answer. Tried once per
    // field, so a step asked again (another method after 「届かない」) is asked, not re-filled.
    const field = this.fields.get(this.promptId(fieldId));
    const said = run.start.said;
    const tried = run.prefilled ?? [];
    if (field?.prefill && said !== undefined && !tried.includes(fieldId)) {
      run.prefilled = [...tried, fieldId];
      const value = field.prefill(said, context);
      if (value !== undefined && into !== null) {
        storeAnswer(run.data, into, value);
        return step.next();
      }
    }
    run.pending = into;
    const activity = typeof prompt === 'string' ? textReply(prompt) : prompt;
    return step.prompt(this.promptId(fieldId), { prompt: activity, validations: context } satisfies FlowPromptOptions);
  }

  /** Runs the flow again from the first step with what it has gathered (steps with values skip). */
  protected async resume(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult> {
    return step.replaceDialog(this.waterfallId, step.options);
  }

  /**
   * Calls the account service with a typing indicator shown meanwhile, so a slow back end reads
   * as "working on it". Not with expectReplies: those replies arrive all at once after the turn.
   */
  protected async service<T>(step: WaterfallStepContext<FlowRun<D>>, call: () => Promise<T>): Promise<T> {
    if (step.context.activity.deliveryMode !== DeliveryModes.ExpectReplies) await step.context.sendActivity({ type: ActivityTypes.Typing });
    return call();
  }

  /** Ends the flow with a result. Its state (everything the user typed) goes with it. */
  protected async finish(step: WaterfallStepContext<FlowRun<D>>, result: FlowResult): Promise<DialogTurnResult> {
    return step.endDialog(result);
  }

  /** The back end did not answer: say so, keep everything, offer もう一度, a person, or キャンセル. */
  protected async backendUnavailable(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult> {
    const buttons = [imBack(messages.flow.retryButton), imBack(messages.flow.personButton), imBack(messages.flow.cancelButton)];
    return this.ask(step, RETRY_FIELD_ID, textReply(messages.flow.backendDown, buttons), null);
  }

  /** Too many requests: say how long to wait, then let the user try again. */
  protected async rateLimited(step: WaterfallStepContext<FlowRun<D>>, retryAfterSeconds: number): Promise<DialogTurnResult> {
    const buttons = [imBack(messages.flow.retryButton), imBack(messages.flow.cancelButton)];
    return this.ask(step, RETRY_FIELD_ID, textReply(messages.flow.rateLimited(retryAfterSeconds), buttons), null);
  }

  /** Buttons that offer other help after a flow ends without success. */
  protected otherHelpButtons(): CardAction[] {
    return [imBack(startFlowText(this.flow)), imBack(messages.flow.personButton)];
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: FlowStart): Promise<DialogTurnResult> {
    // Only known fields are kept: options come from other dialogs and land in state.
    const said = options?.said !== undefined && options.said.length <= MAX_SAID_LENGTH ? options.said : undefined;
    const start: FlowStart = { ...(options?.account ? { account: options.account } : {}), ...(options?.ticketId ? { ticketId: options.ticketId } : {}), ...(said ? { said } : {}) };
    const instance = innerDc.parent?.activeDialog;
    if (instance) instance.state[START_KEY] = start;
    return innerDc.beginDialog(this.waterfallId, { start, data: this.initialData(start) } satisfies FlowRun<D>);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const active = innerDc.activeDialog;
    const field = active ? this.fields.get(active.id) : undefined;
    const activity = innerDc.context.activity;
    // A child flow (recovery inside password reset) handles its own interruptions.
    if (!active || !field || activity.type !== ActivityTypes.Message) return continueActiveDialog(innerDc);

    const text = activity.text ?? '';
    // Whole-message commands (キャンセル, ヘルプ, 最初から) and requests for a person come first:
    // they are never an answer, and free-text steps would otherwise swallow them.
    const interruption = recognizeInterruption(text);
    if (interruption) return this.interrupt(innerDc, interruption, field);

    // Then the reply is tried as an answer to the pending step, before anything else may claim it.
    const promptOptions = (active.state as { options?: FlowPromptOptions }).options;
    const parsed = field.parse(text, promptOptions?.validations ?? {});
    if (parsed.ok) {
      // Every answer in a flow is personal data: the transcript an agent sees keeps it redacted,
      // and the account only masked.
      if (field.id === ACCOUNT_FIELD_ID) noteAccount(innerDc.context, text.trim());
      else if (field.personal !== false) markSensitive(innerDc.context, text.trim());
      return innerDc.endDialog(parsed.value);
    }

    // Not an answer to this step: perhaps a question the FAQ answers outright (with the
    // policy's normal confidence: a weak match never replaces the step).
    if (await this.answerFromFaq(innerDc, text)) {
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    // A question about the step itself (「SMSって何？」) gets the step's help, not a strike.
    if (asksAboutStep(text)) {
      await innerDc.context.sendActivity(textReply(`${field.help}\n\n${messages.flow.helpFooter}`));
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    const tries = (typeof active.state[BAD_TRIES_KEY] === 'number' ? active.state[BAD_TRIES_KEY] : 0) + 1;
    active.state[BAD_TRIES_KEY] = tries;
    if (tries >= this.maxBadTries) {
      await innerDc.context.sendActivity(textReply(messages.flow.tooManyTries, this.otherHelpButtons()));
      return this.endFromInner(innerDc, { outcome: 'failed', flow: this.flow, step: field.id, reason: 'too-many-tries' });
    }
    await innerDc.context.sendActivity(textReply(parsed.error));
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  private async interrupt(innerDc: DialogContext, interruption: Interruption, field: StoredField): Promise<DialogTurnResult> {
    switch (interruption) {
      case 'cancel': {
        // 「やっぱりやめておきます」 ends the flow with a polite closing, never an abstention or an offer.
        const reply = textReply(messages.flow.cancelled(messages.flowTitles[this.flow]));
        reply.channelData = { madoguchi: { kind: 'closing' } };
        await innerDc.context.sendActivity(reply);
        // Stopping at the outage prompt is the outage's doing, not a change of mind: count it as such.
        if (field.id === RETRY_FIELD_ID) return this.endFromInner(innerDc, { outcome: 'failed', flow: this.flow, step: field.id, reason: 'unavailable' });
        return this.endFromInner(innerDc, { outcome: 'cancelled', flow: this.flow, step: field.id });
      }
      case 'person':
        await innerDc.context.sendActivity(textReply(messages.flow.handoffRequested));
        return this.endFromInner(innerDc, {
          outcome: 'handoff-requested',
          flow: this.flow,
          step: field.id,
          reason: field.id === RETRY_FIELD_ID ? 'backend-unavailable' : 'user-asked',
        });
      case 'help':
        await innerDc.context.sendActivity(textReply(`${field.help}\n\n${messages.flow.helpFooter}`));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'restart': {
        await innerDc.context.sendActivity(textReply(messages.flow.restarted));
        // An identity check does not own the flow's start: its parent starts over.
        if (this.restartsParent) {
          await innerDc.cancelAllDialogs();
          return { status: DialogTurnStatus.complete, result: RESTART_REQUEST };
        }
        const stored = innerDc.parent?.activeDialog?.state[START_KEY] as FlowStart | undefined;
        const start = stored ?? {};
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(this.waterfallId, { start, data: this.initialData(start) } satisfies FlowRun<D>);
      }
    }
  }

  private async answerFromFaq(innerDc: DialogContext, text: string): Promise<boolean> {
    if (text.trim() === '') return false;
    const { decision } = this.faq.ask(text);
    if (decision.kind !== 'answer') return false;
    const entry = this.faq.entry(decision.entryId);
    if (!entry) return false;
    await innerDc.context.sendActivity(answerReply(entry, [], false));
    await innerDc.context.sendActivity(textReply(messages.flow.backToStep));
    return true;
  }

  /** Ends the flow from onContinueDialog: clears the inner stack, then ComponentDialog ends the component. */
  private async endFromInner(innerDc: DialogContext, result: FlowResult): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result };
  }

  /** Stores the answer of the prompt that just ended, then runs the step (or retries after an outage). */
  private guard(fn: WaterfallStep<FlowRun<D>>): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const run = step.options;
      const pending = run.pending;
      if (pending !== undefined) {
        delete run.pending;
        if (step.result === RETRY_SIGNAL) return this.resume(step);
        if (pending !== null && step.result !== undefined) storeAnswer(run.data, pending, step.result);
      }
      if (isRestartRequest(step.result)) {
        const start = step.options.start;
        return step.replaceDialog(this.waterfallId, { start, data: this.initialData(start) } satisfies FlowRun<D>);
      }
      return fn.call(this, step);
    };
  }

  private promptId(fieldId: string): string {
    return `${this.id}.${fieldId}`;
  }
}

/** When a step skips itself, from the flow's run and the result the step would be given. */
export type SkipPredicate<D> = (run: FlowRun<D>, result: unknown) => boolean;

/** Where `skippable` keeps a step's predicate, on the step function. */
const SKIPS = Symbol('madoguchi.flow.skips');

function skipsOf<D>(step: WaterfallStep<FlowRun<D>>): SkipPredicate<D> | undefined {
  return (step as { [SKIPS]?: SkipPredicate<D> })[SKIPS];
}

/**
 * The waterfall of a flow: a step made with `skippable` whose predicate holds is passed without
 * its step context, exactly as it would pass itself. It would run behind `guard`, which stores a
 * prompt's pending answer or restarts first: only a step with nothing for the guard to do (no
 * pending answer, no restart request) is passed here; then the guard would call the step, the step
 * would call next() with no value, and WaterfallDialog would run the following step with reason
 * nextCalled, which is what this does. Each step context is a DialogContext (its state manager,
 * its component registration); a flow resumed from its first step builds five or six to skip.
 */
class FlowWaterfall<D> extends WaterfallDialog<FlowRun<D>> {
  constructor(
    dialogId: string,
    steps: WaterfallStep<FlowRun<D>>[],
    private readonly skips: readonly (SkipPredicate<D> | undefined)[],
  ) {
    super(dialogId, steps);
  }

  protected override async runStep(dc: DialogContext, index: number, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const instance = dc.activeDialog;
    const run = instance?.state.options as FlowRun<D> | undefined;
    let at = index;
    let why = reason;
    let value = result;
    while (instance && run && run.pending === undefined && !isRestartRequest(value)) {
      const skips = this.skips[at];
      if (!skips || !skips(run, value)) break;
      instance.state.stepIndex = at;
      at += 1;
      why = DialogReason.nextCalled;
      value = undefined;
    }
    return super.runStep(dc, at, why, value);
  }
}

/**
 * Keeps a field's parsed answer in the flow's data. The parser registered for the field gives the
 * value (addField), and the field is named by the step that asks for it: the one place where the
 * value's type is taken on trust, as the prompt's result crosses the dialog stack as unknown.
 */
function storeAnswer<D extends object>(data: D, field: keyof D & string, value: unknown): void {
  Object.assign(data, { [field]: value });
}
