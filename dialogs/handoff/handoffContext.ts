import { maskAccount, redact } from '../privacy/redact';
import type { FlowName } from '../domain';
import { messages } from '../messages';
import type { HandoffReason } from '../outcomes';
import type { ConversationHistory } from './conversationHistory';

/** Most of the user's messages quoted in the summary (the transcript has all the kept turns). */
export const DEFAULT_MAX_QUESTIONS = 10;

export interface ShownAnswer {
  readonly entryId: string;
  /** The entry's question, or its id when the knowledge base no longer has it. */
  readonly title: string;
  /** null: the user gave no feedback. */
  readonly helpful: boolean | null;
}

export interface AttemptedFlow {
  readonly flow: FlowName;
  readonly title: string;
  readonly status: 'started' | 'completed' | 'abandoned';
  /** The step it stopped at (abandoned only). */
  readonly step?: string;
  readonly reason?: string;
}

/**
 * Everything an agent needs, sent as the handoff.initiate value and stored as the ticket
 * body. Contains no personal data in clear: texts are redacted and the account is masked.
 */
export interface HandoffContext {
  readonly version: 1;
  readonly reason: HandoffReason;
  /** The reason in Japanese, for the agent. */
  readonly reasonText: string;
  /** The Japanese summary the agent reads first. */
  readonly summary: string;
  /** Opaque conversation id (a hash: the agent hub knows the real one from the activity). */
  readonly conversation: string;
  readonly channel?: string;
  readonly createdAt: string;
  /** The account identifier, masked (t***@example.com). */
  readonly account?: string;
  /** What the user asked, in their words, redacted, oldest first. */
  readonly questions: readonly string[];
  readonly answers: readonly ShownAnswer[];
  /** Questions the bot could not answer, redacted. */
  readonly unanswered: readonly string[];
  readonly flows: readonly AttemptedFlow[];
}

export interface HandoffContextBuilderOptions {
  /** Looks up an entry's question for the summary; default: none (the id is shown). */
  entryTitle?: (entryId: string) => string | undefined;
  /** Most user messages quoted; default DEFAULT_MAX_QUESTIONS. */
  maxQuestions?: number;
}

export interface BuildRequest {
  readonly reason: HandoffReason;
  /** Opaque conversation id. */
  readonly conversation: string;
  readonly channel?: string;
  /** Default: now. */
  readonly createdAt?: string;
}

/** Button presses are not questions: they would crowd out what the user actually wrote. */
const NOT_QUESTIONS: ReadonlySet<string> = new Set([
  messages.feedback.helpful,
  messages.feedback.notHelpful,
  messages.handoff.offerButton,
  messages.handoff.declineButton,
  messages.clarify.noneOfThese,
]);

/** Builds the handoff context and its Japanese summary from the conversation history. */
export class HandoffContextBuilder {
  private readonly entryTitle: (entryId: string) => string | undefined;
  private readonly maxQuestions: number;

  constructor(options: HandoffContextBuilderOptions = {}) {
    this.entryTitle = options.entryTitle ?? (() => undefined);
    this.maxQuestions = options.maxQuestions ?? DEFAULT_MAX_QUESTIONS;
  }

  build(history: ConversationHistory, request: BuildRequest): HandoffContext {
    // History text is redacted when stored; redacting again is cheap and guards older state.
    const questions = history.turns
      .flatMap((t) => (t.kind === 'user' && !NOT_QUESTIONS.has(t.text.trim()) ? [redact(t.text)] : []))
      .slice(-this.maxQuestions);
    const answers: ShownAnswer[] = [];
    const unanswered: string[] = [];
    const flows: AttemptedFlow[] = [];
    for (const turn of history.turns) {
      if (turn.kind !== 'outcome') continue;
      const e = turn.event;
      switch (e.kind) {
        case 'answered':
          answers.push({ entryId: e.entryId, title: this.entryTitle(e.entryId) ?? e.entryId, helpful: null });
          break;
        case 'feedback': {
          const shown = [...answers].reverse().find((a) => a.entryId === e.entryId);
          if (shown) answers[answers.lastIndexOf(shown)] = { ...shown, helpful: e.helpful };
          break;
        }
        case 'abstained':
          unanswered.push(redact(e.question));
          break;
        case 'flowStarted':
          flows.push({ flow: e.flow, title: messages.flowTitles[e.flow], status: 'started' });
          break;
        case 'flowCompleted':
        case 'flowAbandoned': {
          const index = flows.findLastIndex((f) => f.flow === e.flow && f.status === 'started');
          const ended: AttemptedFlow =
            e.kind === 'flowCompleted'
              ? { flow: e.flow, title: messages.flowTitles[e.flow], status: 'completed' }
              : { flow: e.flow, title: messages.flowTitles[e.flow], status: 'abandoned', step: e.step, reason: e.reason };
          if (index >= 0) flows[index] = ended;
          else flows.push(ended);
          break;
        }
        default:
          break;
      }
    }
    // Stored masked by withAccount; a value without a mask came from elsewhere and is masked here.
    const stored = history.maskedAccount;
    const account = stored === undefined ? undefined : stored.includes('*') ? stored : maskAccount(stored);
    const context: Omit<HandoffContext, 'summary'> = {
      version: 1,
      reason: request.reason,
      reasonText: messages.handoff.reasons[request.reason],
      conversation: request.conversation,
      ...(request.channel !== undefined ? { channel: request.channel } : {}),
      createdAt: request.createdAt ?? new Date().toISOString(),
      ...(account !== undefined ? { account } : {}),
      questions,
      answers,
      unanswered,
      flows,
    };
    return { ...context, summary: summarize(context) };
  }
}

/**
 * Redacts the free-text fields of a context (what the user wrote, the summary, flow steps)
 * and leaves identifiers alone: a hash or a ticket number is not personal data, and
 * redacting it would make it useless.
 */
export function redactHandoffContext(c: HandoffContext): HandoffContext {
  return {
    ...c,
    summary: redact(c.summary),
    questions: c.questions.map((q) => redact(q)),
    unanswered: c.unanswered.map((q) => redact(q)),
    answers: c.answers.map((a) => ({ ...a, title: redact(a.title) })),
    flows: c.flows.map((f) => ({ ...f, ...(f.step !== undefined ? { step: redact(f.step) } : {}), ...(f.reason !== undefined ? { reason: redact(f.reason) } : {}) })),
    ...(c.account !== undefined ? { account: c.account.includes('*') ? c.account : maskAccount(c.account) } : {}),
  };
}

/** The Japanese text an agent reads first: reason, account, questions, answers, flows. */
export function summarize(c: Omit<HandoffContext, 'summary'>): string {
  const s = messages.handoff.summary;
  const lines = [s.heading, s.reason(c.reasonText), c.account ? s.account(c.account) : s.noAccount];
  if (c.questions.length > 0) lines.push(s.questions, ...c.questions.map((q) => `- 「${q}」`));
  else lines.push(s.noQuestions);
  if (c.answers.length > 0) {
    lines.push(s.answers);
    for (const a of c.answers) {
      const verdict = a.helpful === null ? s.verdicts.none : a.helpful ? s.verdicts.helpful : s.verdicts.notHelpful;
      lines.push(s.answerLine(a.title, verdict));
    }
  } else lines.push(s.noAnswers);
  if (c.unanswered.length > 0) lines.push(s.unanswered(c.unanswered.length));
  if (c.flows.length > 0) {
    lines.push(s.flows);
    for (const f of c.flows) {
      lines.push(
        f.status === 'abandoned'
          ? s.flowStopped(f.title, s.stepLabels[f.step ?? ''] ?? s.unknownStep, s.stopReasons[f.reason ?? ''] ?? s.unknownReason)
          : s.flowLine(f.title, s.flowStatus[f.status]),
      );
    }
  } else lines.push(s.noFlows);
  return lines.join('\n');
}

