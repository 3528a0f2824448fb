import restify, { type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from './logger';

/** Largest request body accepted on /api/messages (Bot Framework activities are small). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface ServerOptions {
  /** Processes Bot Framework requests (authenticates them unless anonymous). */
  adapter: CloudAdapter;
  /** Handles one turn. Undefined until the bot is ready (analyzer and index loaded). */
  bot: () => { run(context: TurnContext): Promise<void> } | undefined;
  logger: Logger;
  /** Extra routes (demo pages, channels), registered after the core ones. */
  extraRoutes?: (server: Server) => void;
}

/**
 * The HTTP host: POST /api/messages through CloudAdapter, GET /healthz (process up),
 * GET /readyz (analyzer and index loaded). Does not listen: index.ts does.
 */
export function createServer(options: ServerOptions): Server {
  const server = restify.createServer({ name: 'madoguchi', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    const ready = options.bot() !== undefined;
    res.json(ready ? 200 : 503, { status: ready ? 'ready' : 'loading' });
  });

  server.post('/api/messages', async (req, res) => {
    const bot = options.bot();
    if (!bot) {
      res.header('Retry-After', '2');
      res.json(503, { error: 'madoguchi: not ready yet (loading the analyzer and the index)' });
      return;
    }
    await options.adapter.process(req, res, (context) => bot.run(context));
  });

  options.extraRoutes?.(server);

  server.on('restifyError', (req, res, err, callback) => {
    options.logger.warn({ method: req.method, path: req.path?.(), status: (err as { statusCode?: number }).statusCode, error: err.message }, 'http: request failed');
    return callback();
  });
  return server;
}
