/**
 * One server of `npm run bench:load`, in a child process of its own so that its CPU time is its
 * own (process.cpuUsage). Started by bench/load.ts with IPC; argument `madoguchi` or `echo`:
 *
 * - madoguchi: the real app (createApp, configuration from the environment the parent passes:
 *   raised rate limits, a temporary DATA_DIR), whose demo account service the benchmark reads the
 *   codes it "sends" from. The response to a turn that asks for it
 *   (`x-bench-want-code`, the turn before the script types a code) carries the newest code sent to
 *   that conversation in `x-bench-demo-code`: autocannon's hooks are synchronous, so the next
 *   request of the sequence can type it without another request.
 * - echo: the same restify stack (the same body parser and limits), the same CloudAdapter and
 *   authentication (anonymous), and an ActivityHandler that echoes: the cost of the framework alone.
 *
 * IPC: the child sends {type: 'ready', port}; the parent sends {type: 'usage'} (answered with
 * cumulative CPU µs and turns), {type: 'profile-start'}, {type: 'profile-stop'} (answered with the
 * CPU profile's file) and {type: 'stop'}.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Session } from 'node:inspector';
import type { ServerResponse } from 'node:http';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import { createApp } from '../src/app';
import type { DemoAccountAdapter } from '../src/account/demoAccountAdapter';
import { loadConfig, DEFAULT_LOG_LEVEL } from '../src/config';
import { createLogger } from '../src/logger';
import { DEFAULT_QUERY_CACHE_SIZE, FaqEngine } from '../src/search/faqEngine';
import { MAX_BODY_BYTES } from '../src/server';
import { DEMO_CODE_HEADER, FLOW_CONVERSATION_PREFIX, WANT_CODE_HEADER, type ChildMessage, type ParentMessage } from './loadProtocol';

/** Messages the bench's demo outbox keeps: a code is read in the very response of the turn that sent it, so a few dozen would do. */
const BENCH_OUTBOX_CAPACITY = 200;
/** Sampling interval of the CPU profile in µs (node --cpu-prof's default is 1000). */
const PROFILE_SAMPLING_US = 200;

let turns = 0;

/** Counts finished POST /api/messages responses: the turns CPU time is divided by. */
function countTurns(server: Server): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    if (req.method === 'POST' && req.url === '/api/messages') res.once('finish', () => turns++);
    next();
  });
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function startMadoguchi(): Promise<Server> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new Error(loaded.error);
  const { config } = loaded;
  const logger = createLogger(config.logLevel ?? DEFAULT_LOG_LEVEL);
  // BENCH_FAQ_CACHE=off: every question searched, as if nobody ever asked the same words twice.
  const queryCacheSize = process.env.BENCH_FAQ_CACHE === 'off' ? 0 : DEFAULT_QUERY_CACHE_SIZE;
  const engine = FaqEngine.create({ knowledgeDir: config.knowledgeDir, queryCacheSize });
  // The demo account service as the composition root builds it from config (ACCOUNT_ADAPTER=demo,
  // the raised limits), tuned only where a benchmark must differ: its equalized latency (100 ms by
  // default) is a sleep, not work, so 0 unless the parent asks; a small outbox.
  const app = createApp({
    config,
    logger,
    engine,
    demo: { minLatencyMs: Number(process.env.BENCH_DEMO_LATENCY_MS ?? 0), outboxCapacity: BENCH_OUTBOX_CAPACITY },
  });
  if (app.account.kind !== 'demo') throw new Error('loadServer: madoguchi must run with the demo account service (ACCOUNT_ADAPTER=demo)');
  const demo = app.account.demo;
  const server = app.server;
  countTurns(server);
  server.pre((req: Request, res: Response, next: () => void) => {
    if (req.method === 'POST' && req.url === '/api/messages' && req.headers[WANT_CODE_HEADER] !== undefined) stampDemoCode(req, res, demo);
    next();
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  await app.ready;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void app.stop().then(() => process.exit(0));
  });
  return server;
}

/** Adds the newest code the demo sent to this (flow) conversation to the response, once the turn has run. */
function stampDemoCode(req: Request, res: Response, demo: DemoAccountAdapter): void {
  const raw: ServerResponse = res;
  const writeHead = raw.writeHead;
  raw.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    const body = req.body as { channelId?: unknown; conversation?: { id?: unknown } } | undefined;
    const conversationId = body?.conversation?.id;
    if (typeof conversationId === 'string' && conversationId.startsWith(FLOW_CONVERSATION_PREFIX) && typeof body?.channelId === 'string') {
      const code = demo.outboxFor({ channelId: body.channelId, conversationId }).find((m) => m.code !== undefined)?.code;
      if (code !== undefined && !this.headersSent) this.setHeader(DEMO_CODE_HEADER, code);
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(context.activity.text ?? ''));
      await next();
    });
  }
}

async function startEcho(): Promise<Server> {
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  countTurns(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') server.close(() => process.exit(0));
  });
  return server;
}

/** The CPU profile of one phase, taken in this process with the inspector (what --cpu-prof records, for a chosen window). */
function answerProfiling(): void {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err: Error | null, result?: object) => (err ? reject(err) : resolve(result))));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'profile-start') {
      void post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US }))
        .then(() => post('Profiler.start'));
    } else if (message.type === 'profile-stop') {
      void post('Profiler.stop').then((result) => {
        const profile = (result as { profile: unknown }).profile;
        fs.mkdirSync(path.dirname(message.file), { recursive: true });
        fs.writeFileSync(message.file, JSON.stringify(profile));
        send({ type: 'profile-stopped', file: message.file });
      });
    }
  });
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== 'madoguchi' && kind !== 'echo') throw new Error(`loadServer: the first argument must be madoguchi or echo (got "${kind ?? ''}")`);
  const server = kind === 'madoguchi' ? await startMadoguchi() : await startEcho();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      send({ type: 'usage', cpuMicros: cpu.user + cpu.system, turns });
    }
  });
  answerProfiling();
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
