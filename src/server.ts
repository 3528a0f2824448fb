import restify, { type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { activityProblems, BAD_ACTIVITY_MESSAGE, describeProblems } from './http/activityEnvelope';
import { processBotRequest } from './http/botRequest';
import type { RequestDrain } from './http/drain';
import type { Logger } from './logger';
import { messages } from '../dialogs/messages';
import { property } from './unknownValues';

// The edge validation lives in src/http/activityEnvelope.ts; these names stay importable from here.
export { activityEnvelopeSchema, activityProblems, BAD_ACTIVITY_MESSAGE } from './http/activityEnvelope';

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
  /** Issue 10 hook (src/limits/messageGuard.ts): rate limits and the request scope around each turn; default: the turn runs as is. */
  messageGuard?: (req: restify.Request, res: restify.Response, turn: () => Promise<void>) => Promise<void>;
  /** Graceful shutdown (src/http/drain.ts): requests in flight are counted and new ones refused once draining; default: none. */
  drain?: RequestDrain;
}

/**
 * The HTTP host: POST /api/messages through CloudAdapter, GET /healthz (process up),
 * GET /readyz (analyzer and index loaded). Does not listen: index.ts does.
 */
export function createServer(options: ServerOptions): Server {
  const server = restify.createServer({ name: 'madoguchi', handleUncaughtExceptions: false });
  // First of all: a draining instance refuses new requests before any parsing.
  if (options.drain) server.pre(options.drain.handler);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    if (options.drain?.isDraining) {
      res.json(503, { status: 'draining' });
      return;
    }
    const ready = options.bot() !== undefined;
    res.json(ready ? 200 : 503, { status: ready ? 'ready' : 'loading' });
  });

  server.post('/api/messages', async (req, res) => {
    const bot = options.bot();
    if (!bot) {
      res.header('Retry-After', '2');
      res.json(503, { error: 'madoguchi: not ready yet (loading the analyzer and the index)', message: messages.httpErrors.unavailable });
      return;
    }
    const problems = activityProblems(req.body);
    if (problems.length > 0) {
      // Only field names are logged: the body may hold what a user typed.
      const named = describeProblems(problems);
      options.logger.warn({ fields: problems.slice(0, 50) }, `http: /api/messages body rejected: missing or invalid ${named}`);
      res.json(400, { error: `madoguchi: the activity is missing or has invalid fields: ${named}`, message: BAD_ACTIVITY_MESSAGE });
      return;
    }
    // ---- issue 10 hook (rate limits, request scope): owned by src/limits/messageGuard.ts ----
    // processBotRequest authenticates (401 with a reason logged) and answers exactly once, never with internals.
    const turn = () => processBotRequest(req, res, { adapter: options.adapter, logic: (context) => bot.run(context), logger: options.logger });
    await (options.messageGuard ? options.messageGuard(req, res, turn) : turn());
    // ---- end of the issue 10 hook ----
  });

  options.extraRoutes?.(server);

  server.on('restifyError', (req, res, err, callback) => {
    options.logger.warn({ method: req.method, path: req.path?.(), status: property(err, 'statusCode'), err: { message: err.message } }, 'http: request failed');
    return callback();
  });
  return server;
}
