import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FORWARDED_CLIENT_HEADER } from '../../src/limits/clientAddress';
import { FaqEngine } from '../../src/search/faqEngine';
import { captureLogger } from '../account/helpers';
import { startBot, type RunningBot } from '../support/botServer';

/** Fixed, so a failure replays exactly; FUZZ_SEED=<n> in the environment explores other inputs (the seed is printed). */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_510);
/** Activities per run (issue 10 asks for at least 2,000). */
const FUZZ_RUNS = 2_000;
/** Requests in flight at once: enough to overlap turns, few enough to stay under a minute. */
const CONCURRENCY = 4;
/** /healthz is asked once every this many activities. */
const HEALTH_EVERY = 100;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Valid activities of the kinds the bot handles, the starting points of every mutation. */
const bases: readonly Record<string, Json>[] = [
  { type: 'message', text: 'パスワードを忘れました' },
  { type: 'message', text: 'こんにちは' },
  { type: 'message', text: '', attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }] },
  { type: 'message', text: '<at>マドグチ</at> アカウント', entities: [{ type: 'mention', mentioned: { id: 'madoguchi-bot', name: 'マドグチ' }, text: '<at>マドグチ</at>' }] },
  { type: 'conversationUpdate', membersAdded: [{ id: 'madoguchi-bot', name: 'マドグチ' }, { id: 'user-1', name: 'ユーザー' }] },
  { type: 'conversationUpdate', membersRemoved: [{ id: 'user-1' }] },
  { type: 'event', name: 'handoff.status', value: { state: 'completed' } },
  { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x' } } },
  { type: 'typing' },
];

/** Fields a mutation aims at: every one the schema checks, some nested, and a few nobody reads. */
const targets: readonly (readonly (string | number)[])[] = [
  ['type'], ['id'], ['channelId'], ['serviceUrl'], ['deliveryMode'], ['text'], ['name'], ['locale'], ['timestamp'],
  ['conversation'], ['conversation', 'id'], ['conversation', 'conversationType'],
  ['from'], ['from', 'id'], ['from', 'name'], ['recipient'], ['recipient', 'id'],
  ['membersAdded'], ['membersAdded', 0], ['membersAdded', 0, 'id'], ['membersRemoved'], ['membersRemoved', 0, 'id'],
  ['attachments'], ['attachments', 0], ['attachments', 0, 'contentType'],
  ['entities'], ['entities', 0], ['entities', 0, 'type'], ['entities', 0, 'mentioned'], ['entities', 0, 'text'],
  ['channelData'], ['channelData', 'eventType'], ['channelData', 'tenant'], ['value'], ['value', 'state'], ['replyToId'], ['textFormat'],
];

/** Plausible values for the fields that choose a code path (a real type or channel with junk elsewhere reaches deeper). */
const knownWords = fc.constantFrom(
  'message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation', 'messageReaction', 'installationUpdate',
  'messageUpdate', 'messageDelete', 'handoff', 'trace', 'command', 'msteams', 'emulator', 'directline', 'webchat',
  'normal', 'expectReplies', 'ephemeral', 'mention', 'handoff.status', 'adaptiveCard/action', 'application/search', 'teamMemberAdded',
  'personal', 'channel',
);

const hugeString = fc.integer({ min: 10_001, max: 40_000 }).chain((n) => fc.constantFrom('x'.repeat(n), 'あ'.repeat(n)));
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.constant(''),
  hugeString,
  knownWords,
  // Never a reachable serviceUrl: replies sent there would fail for want of a channel, not for bad input.
  fc.constantFrom('ftp://127.0.0.1/x', 'http//broken', 'localhost:3978'),
  fc.constant({ '0': 'a', length: 1 }),
  fc.constant([[[[[['deep']]]]]]),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)), { maxLength: 5 }),
  fc.array(fc.record({ id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 })) }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 10 })), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 5_000 }).map((n): Json => ({ blob: 'z'.repeat(n * 8) })),
);

type Mutation = { readonly path: readonly (string | number)[]; readonly op: 'delete' } | { readonly path: readonly (string | number)[]; readonly op: 'set'; readonly value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ path: fc.constantFrom(...targets), op: fc.constant('delete' as const) }),
  fc.record({ path: fc.constantFrom(...targets), op: fc.constant('set' as const), value: junk }),
);

/** Sets or deletes a path, creating the containers on the way (an object for a name, an array for a position). */
function applyMutation(body: Record<string, unknown>, m: Mutation): void {
  let node: unknown = body;
  for (let i = 0; i < m.path.length - 1; i += 1) {
    if (node === null || typeof node !== 'object') return;
    const container = node as Record<string | number, unknown>;
    const key = m.path[i] as string | number;
    let next = container[key];
    if (next === null || typeof next !== 'object') {
      if (m.op === 'delete') return;
      next = typeof m.path[i + 1] === 'number' ? [] : {};
      container[key] = next;
    }
    node = next;
  }
  if (node === null || typeof node !== 'object') return;
  const container = node as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1] as string | number;
  if (m.op === 'delete') delete container[last];
  else container[last] = m.value;
}

interface Sample {
  readonly body: Record<string, unknown>;
  readonly mutations: readonly string[];
}

interface Draw {
  readonly base: number;
  readonly channelId: string;
  readonly mutations: Mutation[];
}

/** One fuzz case: which base, which channel (Teams takes other code paths), and one to three mutations. */
const drawArbitrary: fc.Arbitrary<Draw> = fc.record({
  base: fc.nat({ max: bases.length - 1 }),
  channelId: fc.constantFrom('emulator', 'msteams', 'directline', 'api'),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

/** Builds the activity of sample `index`: a base, its envelope (unique conversation), then the mutations. */
function buildSample(index: number, draw: Draw): Sample {
  const body: Record<string, unknown> = {
    id: `fuzz-${index}`,
    channelId: draw.channelId,
    conversation: { id: `fuzz-conv-${index}`, conversationType: 'personal' },
    from: { id: 'user-1', name: 'ユーザー' },
    recipient: { id: 'madoguchi-bot', name: 'マドグチ' },
    locale: 'ja-JP',
    timestamp: new Date(Date.UTC(2026, 0, 5)).toISOString(),
    deliveryMode: 'expectReplies',
    ...(structuredClone(bases[draw.base]) ?? {}),
  };
  for (const m of draw.mutations) applyMutation(body, m);
  const described = draw.mutations.map((m) => `${m.op} ${m.path.join('.')}${m.op === 'set' ? ` = ${JSON.stringify(m.value)?.slice(0, 40)}` : ''}`);
  return { body, mutations: [`base ${draw.base} (${String(bases[draw.base]?.type)}) on ${draw.channelId}`, ...described] };
}

const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
const captured = captureLogger();
let bot: RunningBot;

beforeAll(async () => {
  bot = await startBot({}, engine, captured.logger);
  await bot.app.ready;
});
afterAll(async () => {
  await bot.close();
});

describe('/api/messages under fuzzing (issue 10)', () => {
  it(`answers ${FUZZ_RUNS} mutated activities without a 5xx or a turn exception, /healthz up throughout`, async () => {
    const draws = fc.sample(drawArbitrary, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS });
    const samples = draws.map((draw, index) => buildSample(index, draw));
    console.log(`activityFuzz: seed ${FUZZ_SEED}, ${samples.length} activities, concurrency ${CONCURRENCY}`);

    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const healthFailures: number[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const index = next;
        next += 1;
        const sample = samples[index];
        if (!sample) return;
        const res = await fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          // As the local Direct Line forwards for a person: the fuzz tests the edge validation, not the rate limits (test/limits does).
          headers: { 'content-type': 'application/json', [FORWARDED_CLIENT_HEADER]: '127.0.0.1' },
          body: JSON.stringify(sample.body),
        });
        const text = await res.text();
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`#${index} ${res.status} ${text.slice(0, 120)} ← ${sample.mutations.join('; ')}`);
        if (index % HEALTH_EVERY === 0) {
          const health = await fetch(`${bot.url}/healthz`);
          if (health.status !== 200) healthFailures.push(index);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const turnErrors = captured.lines.filter((line) => line.includes('bot: unhandled error in turn'));
    const errorLines = captured.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    const counts = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
    console.log(`activityFuzz: by status ${counts}; turn exceptions ${turnErrors.length}; error log lines ${errorLines.length}`);

    expect(failures.slice(0, 5)).toEqual([]);
    expect(turnErrors.slice(0, 3)).toEqual([]);
    expect(errorLines.slice(0, 3)).toEqual([]);
    expect(healthFailures).toEqual([]);
    expect([...byStatus.values()].reduce((a, b) => a + b, 0)).toBe(FUZZ_RUNS);
    // Both answers happen: a fuzz that only ever got 400s would test nothing past the edge.
    expect(byStatus.get(200) ?? 0).toBeGreaterThan(FUZZ_RUNS / 10);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(FUZZ_RUNS / 10);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
