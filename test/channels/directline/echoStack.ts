import type { AddressInfo } from 'node:net';
import { ActionTypes, ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { createLogger } from '../../../src/logger';
import { createServer } from '../../../src/server';
import { registerDirectLine, type DirectLineEndpoint, type DirectLineOptions } from '../../../src/channels/directline/registerDirectLine';

export const ECHO_BOT_NAME = 'EchoBot';
export const WELCOME_TEXT = 'welcome';

/** A tiny bot that records every activity it receives and echoes messages with a suggested action. */
export class EchoBot extends ActivityHandler {
  readonly received: Partial<Activity>[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({
        type: 'message',
        text: `echo: ${context.activity.text ?? ''}`,
        suggestedActions: { to: [], actions: [{ type: ActionTypes.ImBack, title: 'again', value: 'again' }] },
      });
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient.id)) await context.sendActivity(WELCOME_TEXT);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    this.received.push(JSON.parse(JSON.stringify(context.activity)) as Partial<Activity>);
    await super.run(context);
  }
}

export interface EchoStack {
  readonly baseUrl: string;
  readonly domain: string;
  readonly bot: EchoBot;
  readonly endpoint: DirectLineEndpoint;
  /** Makes /api/messages answer 503 (as while the index loads) until set back to true. */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

/** A real restify server with a real anonymous CloudAdapter and the local Direct Line, on 127.0.0.1:0. */
export async function startEchoStack(options: Partial<Omit<DirectLineOptions, 'logger'>> = {}): Promise<EchoStack> {
  const bot = new EchoBot();
  let ready = true;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  let endpoint: DirectLineEndpoint | undefined;
  const server = createServer({
    adapter,
    bot: () => (ready ? bot : undefined),
    logger: createLogger('silent'),
    extraRoutes: (s) => {
      endpoint = registerDirectLine(s, { botName: ECHO_BOT_NAME, logger: createLogger('silent'), ...options });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const registered = endpoint as DirectLineEndpoint;
  return {
    baseUrl,
    domain: `${baseUrl}/v3/directline`,
    bot,
    endpoint: registered,
    setReady: (value) => {
      ready = value;
    },
    close: async () => {
      await registered.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fake clock for expiry tests. */
export class FakeClock {
  constructor(public current = Date.parse('2025-01-01T00:00:00Z')) {}
  now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}
