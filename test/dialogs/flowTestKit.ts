import type { Activity } from 'botbuilder';
import { DialogTurnStatus, type Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { expect } from 'vitest';
import type { FaqDecision, FaqEntryView, FaqPort } from '../../dialogs/ports';
import type { FaqAction } from '../../dialogs/domain';

/** A FAQ that answers exactly the questions it was given, and abstains on everything else. */
export class FakeFaq implements FaqPort {
  readonly asked: string[] = [];
  constructor(private readonly entries: readonly FaqEntryView[] = [FAKE_FAQ_ENTRY]) {}

  ask(question: string): { decision: FaqDecision; truncated: boolean } {
    this.asked.push(question);
    const entry = this.entries.find((e) => e.question === question.trim());
    const decision: FaqDecision = entry
      ? { kind: 'answer', entryId: entry.id, confidence: 0.9, candidates: [{ id: entry.id, score: 10 }] }
      : { kind: 'abstain', confidence: 0, candidates: [] };
    return { decision, truncated: false };
  }

  entry(id: string): FaqEntryView | undefined {
    return this.entries.find((e) => e.id === id);
  }

  entryByQuestion(text: string): FaqEntryView | undefined {
    return this.entries.find((e) => e.question === text);
  }

  entryByAction(action: FaqAction): FaqEntryView | undefined {
    return this.entries.find((e) => e.action === action);
  }
}

export const FAKE_FAQ_ENTRY: FaqEntryView = {
  id: 'delete-account',
  question: 'アカウントを削除するにはどうすればよいですか',
  answer: 'アカウントの概要ページの一番下にある [アカウントの削除] をクリックします。',
  related: [],
};

/** One expected reply: a substring of its text (or of a card's title/text), or a pattern. */
export type ReplyMatcher = string | RegExp;
/** A table row: what the user says, and every reply the bot sends to it, in order. */
export type Turn = readonly [userSays: string, botReplies: readonly ReplyMatcher[]];

/** The visible text of a reply, cards included, so one matcher covers both. */
export function replyText(activity: Partial<Activity>): string {
  const cards = (activity.attachments ?? []).map((a) => {
    const content = a.content as { title?: string; text?: string; buttons?: { title?: string; value?: unknown }[] } | undefined;
    return [content?.title, content?.text, ...(content?.buttons ?? []).map((b) => `${b.title ?? ''} ${String(b.value ?? '')}`)].join(' ');
  });
  return [activity.text ?? '', ...cards].join(' ').trim();
}

/** Typing indicators sent while the flow waits on the account service, by the last `say` (a UI hint, counted apart from the replies). */
export let typingIndicators = 0;

/** Sends one message and returns every reply to it (typing indicators are counted in `typingIndicators`, not returned). */
export async function say(client: DialogTestClient, text: string): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  typingIndicators = 0;
  let reply: Partial<Activity> | undefined = await client.sendActivity(text);
  while (reply) {
    if (reply.type === 'typing') typingIndicators++;
    else replies.push(reply);
    reply = client.getNextReply();
  }
  return replies;
}

/** Runs a table of turns, asserting each reply, and returns every reply for further checks. */
export async function converse(client: DialogTestClient, turns: readonly Turn[]): Promise<Partial<Activity>[][]> {
  const all: Partial<Activity>[][] = [];
  for (const [userSays, expected] of turns) {
    const replies = await say(client, userSays);
    const texts = replies.map(replyText);
    expect(texts, `replies to 「${userSays}」`).toHaveLength(expected.length);
    expected.forEach((matcher, i) => {
      const text = texts[i] ?? '';
      if (typeof matcher === 'string') expect(text, `reply ${i + 1} to 「${userSays}」`).toContain(matcher);
      else expect(text, `reply ${i + 1} to 「${userSays}」`).toMatch(matcher);
    });
    all.push(replies);
  }
  return all;
}

/** A client for a flow; the first message only starts it (like the root's start button). */
export function flowClient(dialog: Dialog, options?: unknown): DialogTestClient {
  return new DialogTestClient('test', dialog, options);
}

/** The flow has ended with this result. */
export function expectEnded(client: DialogTestClient, result: Record<string, unknown>): void {
  expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  expect(client.dialogTurnResult.result).toMatchObject(result);
}

export function expectWaiting(client: DialogTestClient): void {
  expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
}

/** The buttons (suggested actions) of a reply, by title. */
export function buttonTitles(activity: Partial<Activity> | undefined): string[] {
  return (activity?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
}
