import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { messages } from '../../dialogs/messages';
import { AccountServiceStub } from '../account/accountServiceStub';
import { lastCode, makeDemo, wrongCode } from '../account/helpers';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { ExpectRepliesClient } from '../support/botServer';
import { BUILT_ENTRY, spawnBot, type BotProcess } from '../support/botProcess';

/**
 * Each test starts, kills and restarts real server processes (each loads kuromoji's dictionary), beside
 * the other test files on a 2-core machine: that can take minutes when the machine is busy.
 */
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/**
 * Issue 11: two real bot processes share one storage account (Azurite 3.35.0, started here on
 * a free loopback port) and one account service (a loopback stub of openapi/account-service.yaml).
 * Each process has its own DATA_DIR, so anything they share goes through the blob container.
 */

const v = messages.verification;
const pr = messages.passwordReset;
const API_KEY = 'instances-test-key-0123456789';
const CONTAINER = 'instances-test';

let azurite: RunningAzurite;
let stub: AccountServiceStub;
let demo: ReturnType<typeof makeDemo>['demo'];
let a: BotProcess;
let b: BotProcess;

function sharedEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    STATE_STORE: 'blob',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    STORAGE_CONTAINER: CONTAINER,
    INSTANCE_COUNT: '2',
    ACCOUNT_ADAPTER: 'http',
    ACCOUNT_API_BASE_URL: stub.baseUrl,
    ACCOUNT_API_KEY: API_KEY,
    RECOVERY_WATCH_INTERVAL_MS: '0',
    EVENT_LOG_FLUSH_MS: '0',
    ...extra,
  };
}

const texts = (activities: readonly { text?: string }[]) => activities.map((x) => x.text ?? '');

beforeAll(async () => {
  azurite = await startAzurite();
  demo = makeDemo().demo;
  stub = new AccountServiceStub(demo, API_KEY);
  await stub.start();
  [a, b] = await Promise.all([spawnBot(sharedEnv({ INSTANCE_ID: 'instance-a' })), spawnBot(sharedEnv({ INSTANCE_ID: 'instance-b' }))]);
  // Under `npm test` the first spawn also waits for the type check's emit, which runs beside the tests.
}, 300_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await stub?.stop();
  await azurite?.stop();
});

/** Runs the CLI the operator would (`npx madoguchi …`) with the shared storage configured. */
async function cli(args: string[]): Promise<string> {
  // What bin/madoguchi.js does, over the emitted code under test instead of dist/.
  const run = 'require(process.argv[1]).main(process.argv.slice(2)).then((code) => { process.exitCode = code; })';
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', run, path.join(path.dirname(BUILT_ENTRY), 'cli', 'main.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...sharedEnv(), DATA_DIR: path.join(path.dirname(BUILT_ENTRY), 'no-such-data-dir') },
  });
  return stdout;
}

describe('two instances on one storage account', () => {
  it('a password reset started on one instance continues on the other, step by step', async () => {
    const onA = new ExpectRepliesClient(a.url);
    const onB = new ExpectRepliesClient(b.url, 'emulator', onA.conversationId);
    expect(texts(await onA.say('パスワードをリセットしたい'))).toEqual([pr.intro, pr.askAccount]);
    expect(texts(await onB.say('taro@example.com'))).toEqual([v.askMethod]);
    expect(texts(await onA.say(v.methodSms))).toEqual([v.askPhone]);
    expect(texts(await onB.say('090-1234-5678'))).toEqual([v.codeSent, v.askCode]);
    const linked = await onA.say(lastCode(demo, '090-1234-5678'));
    expect(texts(linked)[0]).toBe(pr.done);
  });

  it('tickets and events from both instances: `handoff list` and `report` see every instance', async () => {
    const ids: string[] = [];
    for (const bot of [a, b]) {
      const client = new ExpectRepliesClient(bot.url);
      const replies = await client.say('オペレーターと話したい');
      const id = /MDG-\d{8}-[2-9A-HJKMNP-Z]{4}/.exec(texts(replies).join('\n'))?.[0];
      expect(id, 'a ticket number shown to the user').toBeDefined();
      ids.push(id as string);
    }
    const listed = await cli(['handoff', 'list']);
    for (const id of ids) expect(listed).toContain(id);
    const report = JSON.parse(await cli(['report', '--json'])) as { handedOver: number };
    expect(report.handedOver).toBeGreaterThanOrEqual(2);
  });

  it('a process restarted mid-flow resumes the flow from shared state', async () => {
    const chat = new ExpectRepliesClient(a.url);
    await chat.say('パスワードをリセットしたい');
    await chat.say('taro@example.com');
    await chat.say(v.methodSms);
    expect(texts(await chat.say('090-1234-5678'))).toEqual([v.codeSent, v.askCode]);
    const stopped = await a.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    a = await spawnBot(sharedEnv({ INSTANCE_ID: 'instance-a2' }));
    const again = new ExpectRepliesClient(a.url, 'emulator', chat.conversationId);
    expect(texts(await again.say(lastCode(demo, '090-1234-5678')))[0]).toBe(pr.done);
  });
});

describe('limits shared by two instances', () => {
  let c: BotProcess;
  let d: BotProcess;
  beforeAll(async () => {
    // Four code guesses per client in all, whichever instance hears them (the stub allows far more).
    const env = { STORAGE_CONTAINER: 'limits-test', RATE_LIMIT_CODE_GUESSES_PER_CLIENT: '4/15m' };
    [c, d] = await Promise.all([spawnBot(sharedEnv({ ...env, INSTANCE_ID: 'instance-c' })), spawnBot(sharedEnv({ ...env, INSTANCE_ID: 'instance-d' }))]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
  });

  it('wrong codes on one instance count on the other: the fifth guess is refused', async () => {
    // Conversation 1 on C spends three wrong guesses (its code locks); conversation 2 on D gets the fourth, then none.
    const first = new ExpectRepliesClient(c.url);
    await first.say('パスワードをリセットしたい');
    await first.say('taro@example.com');
    await first.say(v.methodSms);
    await first.say('090-1234-5678');
    const wrong = wrongCode(lastCode(demo, '090-1234-5678'));
    expect(texts(await first.say(wrong))).toEqual([v.wrongCode(2), v.askCode]);
    expect(texts(await first.say(wrong))).toEqual([v.wrongCode(1), v.askCode]);
    await first.say(wrong);

    const second = new ExpectRepliesClient(d.url);
    await second.say('パスワードをリセットしたい');
    await second.say('hanako@example.com');
    await second.say(v.methodSms);
    expect(texts(await second.say('080-9876-5432'))).toEqual([v.codeSent, v.askCode]);
    const other = wrongCode(lastCode(demo, '080-9876-5432'));
    expect(texts(await second.say(other))).toEqual([v.wrongCode(2), v.askCode]);
    expect(texts(await second.say(other)).join('\n')).toContain('短い間に何度もお試しいただいたため');
  });
});
