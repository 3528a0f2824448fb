import { createApp } from './app';
import { loadConfig } from './config';
import { loadEnvFile } from './env';
import { createLogger } from './logger';

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
  const logger = createLogger(config.logLevel);
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
  const engine = await app.ready;
  logger.info({ entries: engine.kb.entries.length, ms: Date.now() - started }, 'madoguchi: ready');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'madoguchi: shutting down');
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'madoguchi: shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

start().catch((err: unknown) => {
  process.stderr.write(`madoguchi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
