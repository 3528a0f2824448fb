import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, LOOPBACK_HOST, PUBLIC_HOST, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('runs with embedded defaults: anonymous, loopback, demo adapter', () => {
    const result = loadConfig({});
    if (!result.ok) throw new Error(result.error);
    expect(result.config.port).toBe(DEFAULT_PORT);
    expect(result.config.host).toBe(LOOPBACK_HOST);
    expect(result.config.anonymous).toBe(true);
    expect(result.config.account).toEqual({ adapter: 'demo' });
    expect(result.config.knowledgeDir).toMatch(/knowledge$/);
  });

  it('treats empty variables as unset (MicrosoftAppId= in .env)', () => {
    const result = loadConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', PORT: '' });
    expect(result.ok && result.config.anonymous).toBe(true);
    expect(result.ok && result.config.port).toBe(DEFAULT_PORT);
  });

  it('binds to all interfaces only when an app id is configured', () => {
    // The demo account service is refused with an app id (issue 10): the production adapter here.
    const result = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example', ACCOUNT_API_KEY: 'k' });
    expect(result.ok && result.config.host).toBe(PUBLIC_HOST);
    expect(result.ok && result.config.anonymous).toBe(false);
  });

  it('lets the operator choose a host explicitly', () => {
    const result = loadConfig({ HOST: '0.0.0.0' });
    expect(result.ok && result.config.host).toBe('0.0.0.0');
  });

  const DEMO_WITH_APP_ID =
    'config: ACCOUNT_ADAPTER must be http when MicrosoftAppId is set (the demo account service shows every code and reset link); to try the demo through a tunnel set DEMO_MODE=true with a loopback HOST';
  it.each([
    [{ PORT: 'abc' }, ['config: PORT must be a number (got "abc")']],
    [{ PORT: '70000' }, ['config: PORT must be between 1 and 65535 (got "70000")']],
    [{ PORT: '3.5' }, ['config: PORT must be an integer (got "3.5")']],
    [{ MicrosoftAppId: 'app' }, ['config: MicrosoftAppPassword is required when MicrosoftAppId is set', DEMO_WITH_APP_ID]],
    [{ MicrosoftAppId: 'app', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, ['config: MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant', DEMO_WITH_APP_ID]],
    [{ ACCOUNT_ADAPTER: 'http' }, ['config: ACCOUNT_API_BASE_URL is required when ACCOUNT_ADAPTER=http', 'config: ACCOUNT_API_KEY is required when ACCOUNT_ADAPTER=http']],
    [{ ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example' }, ['config: ACCOUNT_API_KEY is required when ACCOUNT_ADAPTER=http']],
    [{ ACCOUNT_API_BASE_URL: 'not a url' }, ['config: ACCOUNT_API_BASE_URL must be an http(s) URL (got "not a url")']],
    [{ PORT: 'abc', ACCOUNT_API_BASE_URL: 'not a url', STORAGE_CONTAINER: 'A' }, [
      'config: PORT must be a number (got "abc")',
      'config: ACCOUNT_API_BASE_URL must be an http(s) URL (got "not a url")',
      'config: STORAGE_CONTAINER must be 3-63 lowercase letters, digits and single hyphens (an Azure blob container name) (got "A")',
    ]],
  ])('rejects %o with every problem in one message, one line each', (env, lines) => {
    const result = loadConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.split('\n')).toEqual(lines);
  });

  it('leaves LOG_LEVEL undefined when unset, so each host picks its own default', () => {
    const unset = loadConfig({});
    expect(unset.ok).toBe(true);
    expect(unset.ok && unset.config.logLevel).toBeUndefined();
    const set = loadConfig({ LOG_LEVEL: 'debug' });
    expect(set.ok && set.config.logLevel).toBe('debug');
  });

  it('names the variable for an enum mistake and never echoes secrets', () => {
    const level = loadConfig({ LOG_LEVEL: 'loud' });
    expect(!level.ok && level.error).toMatch(/^config: LOG_LEVEL /);
    const key = loadConfig({ ACCOUNT_API_KEY: 'x', ACCOUNT_ADAPTER: 'ftp' });
    expect(!key.ok && key.error).toMatch(/^config: ACCOUNT_ADAPTER /);
  });
});

describe('.env.example', () => {
  it('documents every configuration variable', async () => {
    const { CONFIG_VARIABLES } = await import('../src/config');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const example = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    for (const variable of CONFIG_VARIABLES) expect(example).toMatch(new RegExp(`^# ${variable}=`, 'm'));
  });
});
