/**
 * npm run bench:load: the cost of one turn of madoguchi next to a minimal echo bot on the same
 * stack (restify, the same body parser, CloudAdapter), measured in the same run. Prints
 * numbers; asserts nothing (this machine is noisy: compare the ratios, not the milliseconds).
 *
 * - Each server runs in a child process of its own (bench/loadServer.ts): CPU per turn is that
 *   process's own process.cpuUsage() over a phase, divided by the turns it answered.
 * - autocannon drives POST /api/messages with deliveryMode expectReplies. Every connection goes
 *   through the same sequence of conversations (bench/loadScenario.ts: FAQ questions, some with
 *   feedback, and three guided flows against the demo account service: password reset by SMS
 *   and by the authenticator app, and account recovery), each with a new conversation id.
 * - Every reply is checked against the replies of a first, sequential run of the same script
 *   (madoguchi) or against the text sent (echo); flows must end with their completion message;
 *   after each phase every finished conversation gets one more turn (「こんにちは」) that must get
 *   the root's greeting, which shows that no flow is left waiting in its state.
 * - Rate limits are raised by configuration (RATE_LIMIT_*) and the demo's equalized latency
 *   (a sleep) is 0 unless --demo-latency-ms says otherwise.
 *
 * Options: --duration=SECONDS (per phase, default 10), --connections=1,10,50, --slices=N (default 1: each
 * phase runs as N slices of duration/N seconds, echo and madoguchi taking turns, so that what else
 * the machine does in those seconds weighs on both servers alike: the ratios move less), --faq-cache=on|off
 * (off: FaqEngine's query cache is off, as if no question were ever asked twice: this benchmark asks
 * the same few), --scripts=all|faq|flow, --demo-latency-ms=0, --profile (then one more phase at 10
 * connections per server, with a CPU profile of each server process, summarized).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { messages } from '../dialogs/messages';
import { summarizeProfile, type CpuProfile, type ProfileItem } from './cpuProfileSummary';
import { DEMO_CODE_HEADER, FLOW_CONVERSATION_PREFIX, WANT_CODE_HEADER, type ChildMessage, type ParentMessage } from './loadProtocol';
import {
  CONVERSATION_SCRIPTS,
  DEMO_CODE,
  FINAL_CHECK_TEXT,
  phaseFigures,
  plannedTurns,
  ratios,
  replyTexts,
  type ConversationScript,
  type PhaseFigures,
  type ScriptStep,
  type SliceCounts,
} from './loadScenario';

/** Seconds per measured phase. */
export const DEFAULT_PHASE_SECONDS = 10;
/** Connections of the measured phases. */
export const DEFAULT_CONNECTIONS: readonly number[] = [1, 10, 50];
/** Seconds of the unmeasured warm-up of each server (JIT, caches). */
const WARM_UP_SECONDS = 3;
/** Connections of the warm-up and of the profiled phase. */
const PROFILE_CONNECTIONS = 10;
/** Limits high enough that the benchmark measures turns, not 429s (COUNT/WINDOW, see src/config.ts). */
const RAISED_LIMIT = '1000000000/1s';
/** Slices of each measured phase (1: echo's whole phase, then madoguchi's). */
export const DEFAULT_SLICES = 1;
/** Concurrent requests of the final-state check. */
const FINAL_CHECK_CONCURRENCY = 10;

type ServerKind = 'echo' | 'madoguchi';
const SERVER_KINDS: readonly ServerKind[] = ['echo', 'madoguchi'];

interface Options {
  /** Seconds per phase (default DEFAULT_PHASE_SECONDS). */
  readonly durationS: number;
  /** Connections of each phase (default DEFAULT_CONNECTIONS). */
  readonly connections: readonly number[];
  /** Profile each server during one more phase (default false). */
  readonly profile: boolean;
  /** The demo account service's equalized latency in ms (default 0: a sleep is not a cost per turn). */
  readonly demoLatencyMs: number;
  /** FaqEngine's query cache (default on; off: every question searched, as if never asked before). */
  readonly faqCache: 'on' | 'off';
  /** Which conversations each connection goes through (default all). */
  readonly scripts: 'all' | 'faq' | 'flow';
  /** Slices of each measured phase, the two servers taking turns (default DEFAULT_SLICES). */
  readonly slices: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const durationS = Number(value('duration') ?? DEFAULT_PHASE_SECONDS);
  const connections = (value('connections') ?? DEFAULT_CONNECTIONS.join(',')).split(',').map(Number);
  const demoLatencyMs = Number(value('demo-latency-ms') ?? 0);
  const faqCache = value('faq-cache') ?? 'on';
  const scripts = value('scripts') ?? 'all';
  const slices = Number(value('slices') ?? DEFAULT_SLICES);
  if (
    !Number.isInteger(slices) ||
    slices < 1 ||
    !(durationS > 0) ||
    connections.some((c) => !Number.isInteger(c) || c < 1) ||
    !(demoLatencyMs >= 0) ||
    (faqCache !== 'on' && faqCache !== 'off') ||
    (scripts !== 'all' && scripts !== 'faq' && scripts !== 'flow')
  ) {
    throw new Error('bench-load: usage: --duration=SECONDS --connections=1,10,50 --slices=1 --demo-latency-ms=0 --faq-cache=on|off --scripts=all|faq|flow [--profile]');
  }
  return { durationS, connections, profile: argv.includes('--profile'), demoLatencyMs, faqCache, scripts, slices };
}

/** A server child with its IPC. */
class ServerProcess {
  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(kind: ServerKind, env: NodeJS.ProcessEnv, logFile: string): Promise<ServerProcess> {
    const log = fs.openSync(logFile, 'a');
    const child = fork(path.join(__dirname, 'loadServer.js'), [kind], { env, stdio: ['ignore', log, log, 'ipc'] });
    fs.closeSync(log);
    const port = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'ready') resolve(message.port);
        if (message.type === 'failed') reject(new Error(`bench-load: the ${kind} server failed to start: ${message.error}`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`bench-load: the ${kind} server exited (${code ?? 'signal'}) before it was ready; see ${logFile}`)));
    });
    return new ServerProcess(kind, child, `http://127.0.0.1:${port}`);
  }

  private ask<T extends ChildMessage['type']>(message: ParentMessage, answer: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve) => {
      const onMessage = (reply: ChildMessage) => {
        if (reply.type !== answer) return;
        this.child.off('message', onMessage);
        resolve(reply as Extract<ChildMessage, { type: T }>);
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }

  usage(): Promise<{ cpuMicros: number; turns: number }> {
    return this.ask({ type: 'usage' }, 'usage');
  }

  startProfile(): void {
    this.child.send({ type: 'profile-start' } satisfies ParentMessage);
  }

  async stopProfile(file: string): Promise<string> {
    return (await this.ask({ type: 'profile-stop', file }, 'profile-stopped')).file;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' } satisfies ParentMessage);
    });
  }
}

let conversationCounter = 0;
let activityCounter = 0;

function activity(conversationId: string, text: string): string {
  return JSON.stringify({
    type: 'message',
    id: `act-${++activityCounter}`,
    channelId: 'api',
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}` },
    recipient: { id: 'bot' },
    locale: 'ja-JP',
    text,
    deliveryMode: 'expectReplies',
  });
}

function stepText(step: ScriptStep, code: string | undefined): string {
  // The echo bot has no demo: any six digits keep the turn the same size.
  return step === DEMO_CODE ? (code ?? '000000') : step;
}

/** The request headers of a turn: the demo code is asked for when the script types it next. */
function turnHeaders(script: ConversationScript, step: number): Record<string, string> {
  return { 'content-type': 'application/json', ...(script.steps[step + 1] === DEMO_CODE ? { [WANT_CODE_HEADER]: '1' } : {}) };
}

async function post(url: string, conversationId: string, text: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ status: number; body: string; code?: string }> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers, body: activity(conversationId, text) });
  const code = response.headers.get(DEMO_CODE_HEADER) ?? undefined;
  return { status: response.status, body: await response.text(), ...(code !== undefined ? { code } : {}) };
}

function newConversationId(script: ConversationScript, tag: string): string {
  return `${script.kind === 'flow' ? FLOW_CONVERSATION_PREFIX : 'faq-'}${tag}-${++conversationCounter}`;
}

/** The replies of a first, sequential run of every script: what every later run must say (madoguchi). */
type Golden = ReadonlyMap<string, readonly (readonly string[])[]>;

async function recordGolden(server: ServerProcess): Promise<Golden> {
  const golden = new Map<string, string[][]>();
  for (const script of CONVERSATION_SCRIPTS) {
    const id = newConversationId(script, 'golden');
    const replies: string[][] = [];
    let code: string | undefined;
    for (const [index, step] of script.steps.entries()) {
      const response = await post(server.url, id, stepText(step, code), turnHeaders(script, index));
      const texts = replyTexts(response.body);
      if (response.status !== 200 || !texts) throw new Error(`bench-load: the first run of ${script.name} got HTTP ${response.status}`);
      replies.push(texts);
      code = response.code ?? code;
    }
    const last = replies[replies.length - 1] ?? [];
    if (script.completion && !last.some((t) => script.completion?.test(t))) {
      throw new Error(`bench-load: the first run of ${script.name} did not reach its end; its last replies: ${JSON.stringify(last).slice(0, 300)}`);
    }
    golden.set(script.name, replies);
  }
  return golden;
}

interface ConversationRecord {
  readonly id: string;
  readonly script: ConversationScript;
  stepsAnswered: number;
  problem?: string;
}

/** What one phase saw: latencies, conversations, problems. */
class PhaseTracker {
  readonly latenciesMs: number[] = [];
  readonly conversations: ConversationRecord[] = [];

  constructor(
    readonly kind: ServerKind,
    readonly tag: string,
    private readonly golden: Golden,
  ) {}

  begin(script: ConversationScript): ConversationRecord {
    const record: ConversationRecord = { id: newConversationId(script, this.tag), script, stepsAnswered: 0 };
    this.conversations.push(record);
    return record;
  }

  answered(record: ConversationRecord, step: number, status: number, body: string, sent: string): void {
    record.stepsAnswered = step + 1;
    if (record.problem) return;
    const texts = replyTexts(body);
    if (status !== 200 || !texts) {
      record.problem = `step ${step + 1}: HTTP ${status}`;
      return;
    }
    const expected = this.kind === 'echo' ? [sent] : (this.golden.get(record.script.name)?.[step] ?? []);
    if (JSON.stringify(texts) !== JSON.stringify(expected)) {
      record.problem = `step ${step + 1} (「${sent}」): got ${JSON.stringify(texts).slice(0, 160)}, expected ${JSON.stringify(expected).slice(0, 160)}`;
    }
  }

  finished(): ConversationRecord[] {
    return this.conversations.filter((c) => c.stepsAnswered === c.script.steps.length);
  }
}

interface ConnectionState {
  conversation?: ConversationRecord;
  code?: string;
  sentText: string;
  sentAt: number;
}

/** The autocannon sequence: every turn of every script, each conversation with a new id. */
function sequence(tracker: PhaseTracker, scripts: readonly ConversationScript[]): autocannon.SequenceRequest[] {
  // autocannon resets the context object at the start of each round; one state per context object.
  const states = new WeakMap<autocannon.Context, ConnectionState>();
  const stateOf = (context: autocannon.Context): ConnectionState => {
    let state = states.get(context);
    if (!state) {
      state = { sentText: '', sentAt: 0 };
      states.set(context, state);
    }
    return state;
  };
  return plannedTurns(scripts).map(({ script, step }) => ({
    method: 'POST',
    path: '/api/messages',
    headers: turnHeaders(script, step),
    setupRequest: (request, context) => {
      const state = stateOf(context);
      if (step === 0) {
        state.conversation = tracker.begin(script);
        delete state.code;
      }
      const id = state.conversation?.id ?? 'none';
      state.sentText = stepText(script.steps[step] ?? '', state.code);
      state.sentAt = performance.now();
      return { ...request, body: activity(id, state.sentText) };
    },
    onResponse: (status, body, context, headers) => {
      const state = stateOf(context);
      tracker.latenciesMs.push(performance.now() - state.sentAt);
      const code = headers[DEMO_CODE_HEADER];
      if (typeof code === 'string') state.code = code;
      if (state.conversation) tracker.answered(state.conversation, step, status, body, state.sentText);
    },
  }));
}

interface PhaseResult {
  readonly figures: PhaseFigures;
  /** What it counted, to add slices of one phase together. */
  readonly counts: SliceCounts;
  readonly errors: number;
  readonly turns: number;
  readonly finished: number;
  readonly problems: readonly string[];
  readonly finalChecked: number;
}

/** One more turn for every finished conversation: the greeting means no flow is waiting (madoguchi only). */
async function finalCheck(server: ServerProcess, conversations: readonly ConversationRecord[]): Promise<string[]> {
  const problems: string[] = [];
  const queue = [...conversations];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const response = await post(server.url, c.id, FINAL_CHECK_TEXT);
      const texts = replyTexts(response.body);
      if (response.status !== 200 || JSON.stringify(texts) !== JSON.stringify([messages.greeting])) {
        problems.push(`${c.script.name} ${c.id}: after the last step 「${FINAL_CHECK_TEXT}」 got HTTP ${response.status} ${JSON.stringify(texts).slice(0, 160)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: FINAL_CHECK_CONCURRENCY }, worker));
  return problems;
}

async function runPhase(server: ServerProcess, connections: number, durationS: number, golden: Golden, tag: string, scripts: readonly ConversationScript[]): Promise<PhaseResult> {
  const tracker = new PhaseTracker(server.kind, tag, golden);
  const before = await server.usage();
  const result = await autocannon({ url: server.url, connections, duration: durationS, requests: sequence(tracker, scripts) });
  const after = await server.usage();
  const turns = after.turns - before.turns;
  const latencies = [...tracker.latenciesMs].sort((a, b) => a - b);
  const finished = tracker.finished();
  const problems = tracker.conversations.flatMap((c) => (c.problem ? [`${c.script.name} ${c.id}: ${c.problem}`] : []));
  if (server.kind === 'madoguchi') problems.push(...(await finalCheck(server, finished)));
  const counts: SliceCounts = { requests: result.requests.total, durationS: result.duration, latenciesMs: latencies, cpuMicros: after.cpuMicros - before.cpuMicros, turns };
  return {
    figures: phaseFigures([counts]),
    counts,
    errors: result.errors + result.timeouts + result.non2xx,
    turns,
    finished: finished.length,
    problems,
    finalChecked: server.kind === 'madoguchi' ? finished.length : 0,
  };
}

/** One phase from its slices (see phaseFigures). */
function joinSlices(slices: readonly PhaseResult[]): PhaseResult {
  const sum = (f: (r: PhaseResult) => number) => slices.reduce((n, r) => n + f(r), 0);
  const counts = slices.map((r) => r.counts);
  return {
    figures: phaseFigures(counts),
    counts: {
      requests: sum((r) => r.counts.requests),
      durationS: sum((r) => r.counts.durationS),
      latenciesMs: counts.flatMap((c) => c.latenciesMs),
      cpuMicros: sum((r) => r.counts.cpuMicros),
      turns: sum((r) => r.turns),
    },
    errors: sum((r) => r.errors),
    turns: sum((r) => r.turns),
    finished: sum((r) => r.finished),
    problems: slices.flatMap((r) => r.problems),
    finalChecked: sum((r) => r.finalChecked),
  };
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function printProfile(kind: ServerKind, file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarizeProfile(profile, 15);
  const list = (title: string, items: readonly ProfileItem[]) => {
    console.log(`  ${title}`);
    for (const item of items) console.log(`    ${(item.share * 100).toFixed(1).padStart(5)}%  ${item.ms.toFixed(0).padStart(6)} ms  ${item.name}`);
  };
  console.log(`\nCPU profile of the ${kind} server, ${PROFILE_CONNECTIONS} connections (${summary.busyMs.toFixed(0)} ms busy; ${file})`);
  list('self time by function', summary.selfByFunction);
  list('self time by area', summary.selfByArea);
  if (summary.inclusiveByFile.length > 0) list('inclusive time by our own file', summary.inclusiveByFile);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-load-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: path.join(work, 'data'),
    HANDOFF_HOURS: 'always',
    BENCH_DEMO_LATENCY_MS: String(options.demoLatencyMs),
    BENCH_FAQ_CACHE: options.faqCache,
    RATE_LIMIT_MESSAGES_PER_CLIENT: RAISED_LIMIT,
    RATE_LIMIT_MESSAGES_PER_CONVERSATION: RAISED_LIMIT,
    RATE_LIMIT_CODE_REQUESTS_PER_ACCOUNT: RAISED_LIMIT,
    RATE_LIMIT_CODE_REQUESTS_PER_CLIENT: RAISED_LIMIT,
    RATE_LIMIT_CODE_GUESSES_PER_CLIENT: RAISED_LIMIT,
    // Every conversation of a phase must still be there for the final check.
    STATE_MEMORY_MAX_CONVERSATIONS: '1000000',
  };
  const servers = new Map<ServerKind, ServerProcess>();
  try {
    for (const kind of SERVER_KINDS) servers.set(kind, await ServerProcess.start(kind, env, path.join(work, `${kind}.log`)));
    const serverOf = (kind: ServerKind): ServerProcess => {
      const server = servers.get(kind);
      if (!server) throw new Error(`bench-load: no ${kind} server`);
      return server;
    };
    const golden = await recordGolden(serverOf('madoguchi'));
    const scripts = CONVERSATION_SCRIPTS.filter((s) => options.scripts === 'all' || s.kind === options.scripts);
    const turnsPerRound = plannedTurns(scripts).length;
    console.log(
      `madoguchi bench:load — node ${process.version}, ${os.cpus().length} cores; ${options.durationS} s per phase${options.slices > 1 ? ` in ${options.slices} slices, the servers taking turns` : ''}; ` +
        `${scripts.length} conversations (${options.scripts}, ${turnsPerRound} turns) per round, new ids each round; demo latency ${options.demoLatencyMs} ms; FAQ cache ${options.faqCache}; logs and data in ${work}`,
    );
    for (const kind of SERVER_KINDS) await runPhase(serverOf(kind), PROFILE_CONNECTIONS, WARM_UP_SECONDS, golden, 'warmup', scripts);

    const rows: { connections: number; echo: PhaseResult; madoguchi: PhaseResult }[] = [];
    for (const connections of options.connections) {
      const slices: Record<ServerKind, PhaseResult[]> = { echo: [], madoguchi: [] };
      for (let i = 0; i < options.slices; i++) {
        for (const kind of SERVER_KINDS) slices[kind].push(await runPhase(serverOf(kind), connections, options.durationS / options.slices, golden, `c${connections}-${i}`, scripts));
      }
      rows.push({ connections, echo: joinSlices(slices.echo), madoguchi: joinSlices(slices.madoguchi) });
    }

    console.log('');
    console.log('c    server      req/s      p50 ms   p99 ms   cpu/turn ms   errors  conversations finished (state checked)  problems');
    for (const { connections, echo, madoguchi } of rows) {
      for (const [name, r] of [['echo', echo], ['madoguchi', madoguchi]] as const) {
        console.log(
          `${String(connections).padEnd(5)}${name.padEnd(12)}${fixed(r.figures.rps, 0).padStart(7)}  ${fixed(r.figures.p50, 2).padStart(9)}${fixed(r.figures.p99, 2).padStart(9)}${fixed(r.figures.cpuPerTurnMs, 3).padStart(14)}` +
            `${String(r.errors).padStart(9)}  ${`${r.finished}${r.finalChecked ? ` (${r.finalChecked})` : ''}`.padStart(22)}${String(r.problems.length).padStart(27)}`,
        );
      }
      const q = ratios(madoguchi.figures, echo.figures);
      console.log(`${String(connections).padEnd(5)}${'ratio m/e'.padEnd(12)}${`${fixed(q.rps, 2)}×`.padStart(7)}  ${`${fixed(q.p50, 2)}×`.padStart(9)}${`${fixed(q.p99, 2)}×`.padStart(9)}${`${fixed(q.cpuPerTurnMs, 2)}×`.padStart(14)}`);
    }
    const problems = rows.flatMap((r) => [...r.echo.problems, ...r.madoguchi.problems]);
    const errors = rows.reduce((n, r) => n + r.echo.errors + r.madoguchi.errors, 0);
    console.log('');
    console.log(`errors (non-2xx, socket errors, timeouts): ${errors}; conversations with a wrong reply or state: ${problems.length}`);
    for (const p of problems.slice(0, 5)) console.log(`  ${p}`);

    if (options.profile) {
      for (const kind of SERVER_KINDS) {
        const server = serverOf(kind);
        server.startProfile();
        await runPhase(server, PROFILE_CONNECTIONS, options.durationS, golden, 'profile', scripts);
        printProfile(kind, await server.stopProfile(path.join(work, 'profiles', `${kind}.cpuprofile`)));
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    // The profiles stay for a closer look (chrome://inspect, speedscope); the state and logs go.
    if (!options.profile) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
