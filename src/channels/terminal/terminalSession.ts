import { messages } from '../../../dialogs/messages';
import type { DemoTuning } from '../../account/createAccountAdapter';
import type { DemoAccountAdapter } from '../../account/demoAccountAdapter';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { createRuntime } from '../../runtime';
import type { FaqEngine } from '../../search/faqEngine';
import { startDemoServer, type DemoServer } from './demoServer';
import { runTerminalChat, type TerminalChatEnd, type TerminalChatOptions } from './terminalChat';

export interface TerminalSessionOptions {
  config: Config;
  logger: Logger;
  /** Where the user's lines come from (process.stdin). */
  input: TerminalChatOptions['input'];
  /** Where the conversation is printed (process.stdout). */
  output: TerminalChatOptions['output'];
  /** A ready engine (tests share one). Default: built from config.knowledgeDir. */
  engine?: FaqEngine | Promise<FaqEngine>;
  /** Tuning of the demo account service (tests: minLatencyMs 0); its limits come from config as on the server. Default: none. */
  demo?: DemoTuning;
  /** Aborting ends the chat as /quit does (main.ts: SIGINT when stdin is not a terminal). */
  signal?: AbortSignal;
  /** ANSI bold for emphasis. Default: whether output is a TTY. */
  color?: boolean;
}

export interface TerminalSession {
  /** The demo account service the chat's flows use (tests read the outcome from it). */
  readonly demo: DemoAccountAdapter;
  /** The loopback server of the demo pages, which the printed reset links point at. */
  readonly demoServerUrl: string;
  /** Settles when the chat has ended and the demo server, the handoff provider and the event log are stopped. */
  readonly finished: Promise<TerminalChatEnd>;
}

/**
 * `npm run chat` as one unit (main.ts only reads the environment): the real bot (FAQ engine,
 * dialogs, state, handoff, telemetry) talking through the terminal, with the demo accounts and
 * the demo pages served on a loopback port for as long as the chat runs.
 */
export async function startTerminalSession(options: TerminalSessionOptions): Promise<TerminalSession> {
  const { config, logger, output } = options;
  output.write(`${messages.terminal.loading}\n`);

  // The terminal always uses the demo accounts: it is for trying the flows, not for production.
  // Its reset links point at its own demo server, whatever PUBLIC_BASE_URL says: the tokens
  // exist only in this process, so no other server (not even `npm start`) could open them.
  let demoServer: DemoServer | undefined;
  // The same composition root as the server: state, limits, account service, handoff, event log, engine, bot.
  const runtime = createRuntime({
    config: { ...config, account: { adapter: 'demo' } },
    logger,
    publicBaseUrl: () => {
      if (!demoServer) throw new Error('terminal: a reset link was issued before the demo server listened');
      return demoServer.url;
    },
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const account = runtime.account;
  if (account.kind !== 'demo') throw new Error('terminal: the runtime built an account service other than the demo');
  const demo = account.demo;
  const stops: (() => Promise<void>)[] = [() => runtime.stop()];
  const stopAll = async () => {
    for (const stop of [...stops].reverse()) await stop();
  };

  try {
    demoServer = await startDemoServer({ demo, logger });
    stops.push(demoServer.stop);
    const { bot } = await runtime.start();
    output.write(`${messages.terminal.demoServer(demoServer.url)}\n`);

    const finished = (async () => {
      try {
        return await runTerminalChat({
          bot,
          input: options.input,
          output,
          outbox: { list: () => demo.outbox() },
          middleware: runtime.middleware(),
          onTurnError: runtime.onTurnError,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.color !== undefined ? { color: options.color } : {}),
        });
      } finally {
        await stopAll();
      }
    })();
    return { demo, demoServerUrl: demoServer.url, finished };
  } catch (err) {
    // Setup failed half way: nothing may keep the port or the files open.
    await stopAll();
    throw err;
  }
}
