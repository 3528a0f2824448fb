import restify, { type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from './logger';

/**
 * What a request to /api/messages must hold for the bot to answer it: the activity's type, the
 * channel and the conversation (conversation state is kept per channel and conversation), who
 * sent it, and where replies go (serviceUrl) unless they come back in the response
 * (deliveryMode expectReplies). Anything missing is a 400 naming the fields, never a turn error.
 */
export const activityEnvelopeSchema = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }),
    from: z.object({ id: z.string().min(1) }),
    serviceUrl: z.string().min(1).optional(),
    deliveryMode: z.string().optional(),
    text: z.string().optional(),
  })
  .refine((a) => a.deliveryMode === 'expectReplies' || a.serviceUrl !== undefined, { path: ['serviceUrl'], message: 'required unless deliveryMode is expectReplies' });

/** Shown to whoever sent a request the bot cannot answer (a developer or a channel: Japanese first, as everywhere). */
export const BAD_ACTIVITY_MESSAGE = 'リクエストの形式が正しくないため、お答えできませんでした。';

/** The fields of a request body that are missing or malformed, as dotted paths; empty when it is a usable activity. */
export function activityProblems(body: unknown): string[] {
  const parsed = activityEnvelopeSchema.safeParse(body);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => (i.path.length > 0 ? i.path.join('.') : '(body)')))];
}

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
    const problems = activityProblems(req.body);
    if (problems.length > 0) {
      // Only field names are logged: the body may hold what a user typed.
      options.logger.warn({ fields: problems }, `http: /api/messages body rejected: missing or invalid ${problems.join(', ')}`);
      res.json(400, { error: `madoguchi: the activity is missing or has invalid fields: ${problems.join(', ')}`, message: BAD_ACTIVITY_MESSAGE });
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
