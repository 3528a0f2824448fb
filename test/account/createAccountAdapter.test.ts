import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createAccountAdapter } from '../../src/account/createAccountAdapter';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { HttpAccountAdapter } from '../../src/account/httpAccountAdapter';
import { captureLogger } from './helpers';

function accountConfig(env: Record<string, string>) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config.account;
}

describe('createAccountAdapter', () => {
  it('builds the demo adapter by default, with reset links under the public base URL', async () => {
    const wiring = createAccountAdapter({ account: accountConfig({}), logger: captureLogger().logger, publicBaseUrl: 'http://127.0.0.1:3978/' });
    expect(wiring.kind).toBe('demo');
    if (wiring.kind !== 'demo') throw new Error('not demo');
    expect(wiring.adapter).toBe(wiring.demo);
    expect(wiring.demo).toBeInstanceOf(DemoAccountAdapter);
    const proof = await wiring.demo.checkRecoveryCode({ account: 'taro@example.com', code: 'ABCDE-12345-FGHIJ-67890-KLMNP' });
    if (!proof.ok) throw new Error('no proof');
    expect(await wiring.demo.issueResetLink({ proof: proof.proof })).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3978\/demo\/reset\/[\w-]+$/) });
  });

  it('builds the HTTP client for ACCOUNT_ADAPTER=http', () => {
    const account = accountConfig({ ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example.internal', ACCOUNT_API_KEY: 'k' });
    const wiring = createAccountAdapter({ account, logger: captureLogger().logger, publicBaseUrl: 'http://127.0.0.1:3978' });
    expect(wiring.kind).toBe('http');
    expect(wiring.adapter).toBeInstanceOf(HttpAccountAdapter);
    expect('demo' in wiring).toBe(false);
  });
});
