import { createApp } from './app';
import { DEFAULT_LOG_LEVEL, loadConfig } from './config';
import { loadEnvFile } from './env';
import { createLogger } from './logger';

/** Time beyond SHUTDOWN_TIMEOUT_MS for flushing the event log and the outboxes after the last turn. */
const SHUTDOWN_FLUSH_MARGIN_MS = 5_000;

/** Reads configuration, starts listening, then loads the analyzer and the index. */
async function start(): Promise<void> {
  loadEnvFile();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    // Bad configuration stops start-up before anything listens, with one line for the operator.
    process.stderr.write(`${loaded.error}\n`);
    process.exit(1);
  }
  const { config } = loaded;
  const logger = createLogger(config.logLevel ?? DEFAULT_LOG_LEVEL);
  const started = Date.now();
  const app = createApp({ config, logger });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  logger.info(
    { url: app.server.url, anonymous: config.anonymous },
    config.anonymous
      ? 'madoguchi: listening without authentication (no MicrosoftAppId): for the Emulator and local use'
      : 'madoguchi: listening; Bot Framework authentication is enforced',
  );
  if (config.directLine.enabled) logger.info({ url: `${config.publicBaseUrl ?? `http://localhost:${config.port}`}/` }, 'madoguchi: Web Chat page (local Direct Line)');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'madoguchi: shutting down (no new requests; finishing turns in flight)');
      // The bound: turns get shutdownTimeoutMs, flushing a little more; past that the process exits anyway.
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'madoguchi: shutdown did not finish in time; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + SHUTDOWN_FLUSH_MARGIN_MS);
      deadline.unref();
      app.stop().then(
        ({ drained }) => {
          if (drained) logger.info('madoguchi: stopped cleanly (turns finished, event log and outboxes flushed)');
          else logger.warn('madoguchi: stopped with turns still running at the deadline (their users may retry)');
          process.exit(drained ? 0 : 1);
        },
        (err: unknown) => {
          logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'madoguchi: shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  const engine = await app.ready;
  logger.info({ entries: engine.kb.entries.length, ms: Date.now() - started }, 'madoguchi: ready');
}

start().catch((err: unknown) => {
  process.stderr.write(`madoguchi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
