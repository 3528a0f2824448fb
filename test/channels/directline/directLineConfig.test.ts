import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';

// With the production account adapter: the demo one is refused with an app id (issue 10).
const APP = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example', ACCOUNT_API_KEY: 'k' };

describe('DIRECTLINE_ENABLED', () => {
  it.each([
    ['anonymous, unset', {}, true],
    ['anonymous, empty', { DIRECTLINE_ENABLED: '' }, true],
    ['anonymous, turned off', { DIRECTLINE_ENABLED: 'false' }, false],
    ['anonymous, TRUE (case-insensitive)', { DIRECTLINE_ENABLED: 'TRUE' }, true],
    ['with an app id, unset', APP, false],
    ['with an app id, false', { ...APP, DIRECTLINE_ENABLED: 'false' }, false],
  ])('%s → enabled=%s', (_name, env, enabled) => {
    const result = loadConfig(env);
    if (!result.ok) throw new Error(result.error);
    expect(result.config.directLine.enabled).toBe(enabled);
  });

  it('refuses true with an app id: the local endpoint would deliver unauthenticated activities', () => {
    expect(loadConfig({ ...APP, DIRECTLINE_ENABLED: 'true' })).toEqual({
      ok: false,
      error:
        "config: DIRECTLINE_ENABLED can only be true without MicrosoftAppId (the local Direct Line delivers unauthenticated activities; use Azure Bot Service's Direct Line instead) (got \"true\")",
    });
  });

  it('names the variable when the value is not a boolean', () => {
    expect(loadConfig({ DIRECTLINE_ENABLED: 'yes' })).toEqual({ ok: false, error: 'config: DIRECTLINE_ENABLED must be true or false (got "yes")' });
  });
});
