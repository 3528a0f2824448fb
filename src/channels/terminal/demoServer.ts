import restify from 'restify';
import type { DemoAccountAdapter } from '../../account/demoAccountAdapter';
import { registerDemoRoutes } from '../../account/demoRoutes';
import type { Logger } from '../../logger';
import { MAX_BODY_BYTES } from '../../server';
import { property } from '../../unknownValues';

/** Loopback only: the reset page and the outbox are for the person at this terminal, never the network. */
export const TERMINAL_DEMO_HOST = '127.0.0.1';

export interface DemoServer {
  /** Where the server is reached, e.g. http://127.0.0.1:53127 (no trailing slash). */
  readonly url: string;
  /** Stops listening and drops open connections; safe to call twice. */
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** The terminal's demo account service: its reset tokens and outbox are the ones served. */
  demo: DemoAccountAdapter;
  logger: Logger;
  /** Port to listen on; default 0 (a free ephemeral port, so it never clashes with `npm start`). */
  port?: number;
}

/**
 * The demo pages (GET /demo/outbox, GET/POST /demo/reset/:token) for the terminal chat.
 * Reset tokens live in the process that issued them, so the links the terminal prints can only
 * be opened by a server in the terminal's own process: this one, with the same routes as the
 * HTTP server (registerDemoRoutes) and nothing else (no /api/messages: the terminal is the channel).
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const server = restify.createServer({ name: 'madoguchi-terminal-demo', handleUncaughtExceptions: false });
  // The reset form posts application/x-www-form-urlencoded; the routes read req.body.
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  registerDemoRoutes(server, options.demo);
  server.on('restifyError', (req, _res, err, callback) => {
    options.logger.warn({ method: req.method, path: req.path?.(), status: property(err, 'statusCode'), err: { message: err.message } }, 'terminal demo server: request failed');
    return callback();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, TERMINAL_DEMO_HOST, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const { port } = server.address();

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${TERMINAL_DEMO_HOST}:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser keeps the reset page's connection alive; without this, quitting would wait for it.
        server.server.closeAllConnections?.();
      });
      return stopped;
    },
  };
}
