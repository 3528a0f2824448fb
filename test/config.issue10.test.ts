import { describe, expect, it } from 'vitest';
import { LOOPBACK_HOST, loadConfig, type Config } from '../src/config';
import { DEFAULT_LIMITS } from '../src/limits/limits';

const APP = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' };
const HTTP_ACCOUNTS = { ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example', ACCOUNT_API_KEY: 'k' };

function config(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

describe('loadConfig: the demo account service with an app id (issue 10, safe by default)', () => {
  it('refuses the default demo adapter when MicrosoftAppId is set, naming the variables', () => {
    expect(loadConfig(APP)).toEqual({
      ok: false,
      error:
        'config: ACCOUNT_ADAPTER must be http when MicrosoftAppId is set (the demo account service shows every code and reset link); to try the demo through a tunnel set DEMO_MODE=true with a loopback HOST',
    });
    expect(loadConfig({ ...APP, ACCOUNT_ADAPTER: 'demo', DEMO_MODE: 'false' })).toMatchObject({ ok: false, error: expect.stringMatching(/^config: ACCOUNT_ADAPTER must be http when MicrosoftAppId is set/) });
  });

  it('accepts DEMO_MODE=true on loopback, and binds to loopback by default then', () => {
    expect(config({ ...APP, DEMO_MODE: 'true' }).host).toBe(LOOPBACK_HOST);
    expect(config({ ...APP, DEMO_MODE: 'true', HOST: '127.0.0.1' }).account).toEqual({ adapter: 'demo' });
    expect(config({ ...APP, DEMO_MODE: 'true', HOST: '::1' }).host).toBe('::1');
    expect(config({ ...APP, DEMO_MODE: 'true', HOST: 'localhost' }).host).toBe('localhost');
  });

  it('refuses DEMO_MODE=true on 0.0.0.0 or any other non-loopback address', () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::']) {
      expect(loadConfig({ ...APP, DEMO_MODE: 'true', HOST: host })).toEqual({
        ok: false,
        error: `config: HOST must be a loopback address (127.0.0.1, ::1 or localhost) with DEMO_MODE=true and MicrosoftAppId (got "${host}")`,
      });
    }
  });

  it('starts with an app id and the http adapter, on all interfaces as before', () => {
    const c = config({ ...APP, ...HTTP_ACCOUNTS });
    expect(c.host).toBe('0.0.0.0');
    expect(c.account.adapter).toBe('http');
  });

  it('keeps anonymous mode as it was: demo adapter on loopback, DEMO_MODE not needed', () => {
    const c = config({});
    expect(c.account).toEqual({ adapter: 'demo' });
    expect(c.host).toBe(LOOPBACK_HOST);
  });

  it('names DEMO_MODE when it is not a boolean', () => {
    expect(loadConfig({ DEMO_MODE: 'yes' })).toEqual({ ok: false, error: 'config: DEMO_MODE must be true or false (got "yes")' });
  });
});

describe('loadConfig: limits and METRICS_TOKEN (issue 10)', () => {
  it('defaults every limit and serves /metrics to loopback only', () => {
    const c = config({});
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.metrics).toEqual({});
  });

  it('reads configured limits', () => {
    const c = config({ RATE_LIMIT_MESSAGES_PER_CLIENT: '1000/1m', RATE_LIMIT_CODE_REQUESTS_PER_ACCOUNT: '3/1h', DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT: '5' });
    expect(c.limits.messagesPerClient).toEqual({ count: 1000, windowMs: 60_000 });
    expect(c.limits.codeRequestsPerAccount).toEqual({ count: 3, windowMs: 3_600_000 });
    expect(c.limits.directLineConversationsPerClient).toBe(5);
  });

  it.each([
    [{ RATE_LIMIT_MESSAGES_PER_CONVERSATION: '60' }, 'config: RATE_LIMIT_MESSAGES_PER_CONVERSATION must be COUNT/WINDOW such as 120/1m (a count from 1, a window in s, m or h) (got "60")'],
    [{ RATE_LIMIT_CODE_GUESSES_PER_CLIENT: '0/1m' }, 'config: RATE_LIMIT_CODE_GUESSES_PER_CLIENT must be COUNT/WINDOW such as 120/1m (a count from 1, a window in s, m or h) (got "0/1m")'],
    [{ DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT: '0' }, 'config: DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT must be at least 1 (got "0")'],
    [{ METRICS_TOKEN: 'short' }, 'config: METRICS_TOKEN must be at least 16 characters'],
  ])('rejects %o with one line (a token is never echoed)', (env, message) => {
    expect(loadConfig(env)).toEqual({ ok: false, error: message });
  });

  it('reads METRICS_TOKEN', () => {
    expect(config({ METRICS_TOKEN: 'a-long-scrape-token-123' }).metrics).toEqual({ token: 'a-long-scrape-token-123' });
  });
});
