import type { TurnContext } from 'botbuilder';

const SENSITIVE_KEY = Symbol('madoguchi.sensitiveValues');
const ACCOUNT_KEY = Symbol('madoguchi.account');

/**
 * Marks literal values of this turn as sensitive (a secret-question answer, a name): the
 * history, the transcript and recorded outcomes redact them wherever they appear. Flows call
 * it on the value they read, before anything is recorded. The values live in turn state
 * only, never in conversation state.
 */
export function markSensitive(context: TurnContext, ...values: string[]): void {
  context.turnState.set(SENSITIVE_KEY, [...sensitiveValues(context), ...values]);
}

/** The values marked sensitive during this turn. */
export function sensitiveValues(context: TurnContext): string[] {
  return (context.turnState.get(SENSITIVE_KEY) as string[] | undefined) ?? [];
}

/**
 * Notes the account identifier the user gave in a flow: the agent's summary shows it masked
 * (HistoryMiddleware stores only the masked form) and the clear value is redacted everywhere.
 */
export function noteAccount(context: TurnContext, account: string): void {
  context.turnState.set(ACCOUNT_KEY, account);
  markSensitive(context, account);
}

/** The account noted during this turn. */
export function notedAccount(context: TurnContext): string | undefined {
  return context.turnState.get(ACCOUNT_KEY) as string | undefined;
}
