import pino from 'pino';
import { loadConfig, type LogLevel } from '../../config';
import { loadEnvFile } from '../../env';
import { createLogger } from '../../logger';
import { startTerminalSession } from './terminalSession';

/** Log level when LOG_LEVEL is not set: the chat shares the screen with the logs, so only problems show. */
const TERMINAL_DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/**
 * `npm run chat`: the real bot in this process, talking through the terminal
 * (terminalSession.ts). Logs go to stderr so they never mix into the conversation on stdout.
 */
async function main(): Promise<number> {
  loadEnvFile();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`);
    return 2;
  }
  const { config } = loaded;
  const logger = createLogger(config.logLevel ?? TERMINAL_DEFAULT_LOG_LEVEL, pino.destination(2));
  // In a terminal readline turns Ctrl-C into a clean quit; with piped stdin the signal comes
  // to the process instead, and must also end the chat cleanly (the demo server stops, logs close).
  const interrupted = new AbortController();
  const onSigint = () => interrupted.abort();
  process.once('SIGINT', onSigint);
  try {
    const session = await startTerminalSession({ config, logger, input: process.stdin, output: process.stdout, signal: interrupted.signal });
    await session.finished;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // stdin may still hold the event loop open after readline closed it.
    process.stdin.unref?.();
  },
  (err: unknown) => {
    process.stderr.write(`chat: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
