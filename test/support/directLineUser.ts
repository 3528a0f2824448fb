import { DirectLine, type Activity, type Message } from 'botframework-directlinejs';
import { expect } from 'vitest';
import { nodeAjax } from '../channels/directline/nodeAjax';
import { waitUntil } from './waitUntil';

/** Clients opened by DirectLineUser.connect, ended by endDirectLineUsers (afterAll). */
const clients: DirectLine[] = [];

/** Ends every Direct Line client the tests opened. */
export function endDirectLineUsers(): void {
  for (const c of clients.splice(0)) c.end();
}

/** A Web Chat-like user: the official client in polling mode, keeping every bot message in order. */
export class DirectLineUser {
  readonly botMessages: Message[] = [];
  private seen = 0;

  constructor(private readonly directLine: DirectLine) {
    const fromBot = (a: Activity): a is Message => a.type === 'message' && a.from.id !== 'web-user';
    directLine.activity$.subscribe({ next: (a) => void (fromBot(a) && this.botMessages.push(a)), error: () => undefined });
  }

  static async connect(domain: string, pollMs: number): Promise<DirectLineUser> {
    const res = await fetch(`${domain}/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { id: 'web-user' } }) });
    const { token } = (await res.json()) as { token: string };
    const directLine = new DirectLine({ token, domain, webSocket: false, pollingInterval: pollMs, ajax: nodeAjax(), WebSocket: class {} as unknown as typeof WebSocket });
    clients.push(directLine);
    return new DirectLineUser(directLine);
  }

  /** Waits for the next bot messages to have exactly these texts (and nothing else before them). */
  async expectNext(texts: readonly string[], what: string): Promise<Message[]> {
    const got = await waitUntil(() => (this.botMessages.length >= this.seen + texts.length ? this.botMessages.slice(this.seen, this.seen + texts.length) : undefined), what, 10_000);
    this.seen += texts.length;
    expect(got.map((a) => a.text), what).toEqual(texts);
    return got;
  }

  /** Says something and waits for exactly these replies. */
  async say(text: string, replies: readonly string[]): Promise<Message[]> {
    await new Promise<string>((resolve, reject) => {
      this.directLine.postActivity({ type: 'message', from: { id: 'web-user', name: '次郎' }, text }).subscribe({ next: resolve, error: reject });
    });
    return this.expectNext(replies, `the replies to 「${text}」`);
  }

  /** Counts the next `count` bot messages as looked at (the caller checked them itself). */
  markSeen(count: number): void {
    this.seen += count;
  }

  /** Messages the bot sent that the test has not looked at yet. */
  unseen(): Message[] {
    return this.botMessages.slice(this.seen);
  }
}

/** Says `text` and returns the first `count` replies, whatever their text (checked by the caller). */
export async function waitUntilSaid(user: DirectLineUser, text: string, count = 1): Promise<Message[]> {
  const before = user.botMessages.length;
  await user.say(text, []);
  const replies = await waitUntil(() => (user.botMessages.length >= before + count ? user.botMessages.slice(before, before + count) : undefined), `the replies to 「${text}」`, 10_000);
  // Mark them seen.
  user.markSeen(replies.length);
  return replies;
}
