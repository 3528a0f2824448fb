import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import type { FaqEngine } from '../../src/search/faqEngine';

export interface RunningBot {
  readonly app: App;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the real app on 127.0.0.1 with an ephemeral port. `host.account` replaces the account
 * service built from config (a demo adapter with short review times, for example); `host.demo`
 * tunes the one built from config (minLatencyMs 0: no equalizing sleep).
 */
export async function startBot(
  env: Record<string, string> = {},
  engine?: Promise<FaqEngine>,
  logger: Logger = pino({ level: 'silent' }),
  host: Pick<AppOptions, 'account' | 'demo'> = {},
): Promise<RunningBot> {
  // Each bot gets its own data folder (event log, tickets): tests never write into ./data.
  // A person is always there unless a test sets HANDOFF_HOURS, so replies do not depend on when the tests run.
  const loaded = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bot-')), HANDOFF_HOURS: 'always', ...env });
  if (!loaded.ok) throw new Error(loaded.error);
  const app = createApp({ config: loaded.config, logger, engine, ...host });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // A bot whose engine never loaded (the readiness test) has no event log to close.
      await Promise.race([app.ready.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 50))]);
      await app.stop();
    },
  };
}

let counter = 0;

/** A Bot Framework conversation driven over HTTP with deliveryMode expectReplies. */
export class ExpectRepliesClient {
  readonly conversationId: string;

  constructor(
    private readonly url: string,
    private readonly channelId = 'emulator',
    /** Continue this conversation (another instance's, for example); default: a new one. */
    conversationId?: string,
  ) {
    this.conversationId = conversationId ?? `conv-${process.pid}-${++counter}`;
  }

  async send(activity: Partial<Activity>, headers: Record<string, string> = {}): Promise<{ status: number; activities: Partial<Activity>[] }> {
    const body: Partial<Activity> = {
      id: `act-${++counter}`,
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:9/unused',
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'user-1', name: 'ユーザー' },
      recipient: { id: 'madoguchi-bot', name: 'マドグチ' },
      locale: 'ja-JP',
      timestamp: new Date(),
      deliveryMode: 'expectReplies',
      ...activity,
    };
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as { activities?: Partial<Activity>[] }) : {};
    return { status: res.status, activities: parsed.activities ?? [] };
  }

  async say(text: string): Promise<Partial<Activity>[]> {
    const { status, activities } = await this.send({ type: 'message', text });
    if (status !== 200) throw new Error(`ExpectRepliesClient: /api/messages answered ${status}`);
    return activities;
  }

  async join(): Promise<Partial<Activity>[]> {
    const { activities } = await this.send({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'madoguchi-bot', name: 'マドグチ' }, { id: 'user-1', name: 'ユーザー' }],
    });
    return activities;
  }
}

export function buttonTitles(activity: Partial<Activity> | undefined): string[] {
  return (activity?.suggestedActions?.actions ?? []).map((a) => String(a.title));
}
