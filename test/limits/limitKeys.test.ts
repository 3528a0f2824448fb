import { describe, expect, it } from 'vitest';
import { BlobLimiter } from '../../src/limits/blobLimiter';
import { createLimiters, STORE_FAILURE_POLICIES } from '../../src/limits/createLimiters';
import { LIMIT_NAME_PATTERN, LIMIT_NAMES, MemoryLimiter } from '../../src/limits/limiter';
import { clientKey, requesterKey } from '../../src/limits/limitKeys';
import { DEFAULT_LIMITS } from '../../src/limits/limits';
import { runInScope } from '../../src/requestScope';
import { openSharedContainer } from '../../src/storage/sharedContainer';
import { captureLogger } from '../account/helpers';
import { azuriteConnectionString } from '../support/azurite';

describe('clientKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0DB8:0000:0000:ffff:ffff:ffff:ffff', '2001:db8:0:0::/64'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff:192.0.2.1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe('requesterKey', () => {
  it('is the client address when there is one, else the conversation, else nobody', () => {
    const conversation = { channelId: 'msteams', conversationId: 'a:1' };
    expect(runInScope({ clientAddress: '192.0.2.1', conversation }, () => requesterKey())).toBe('client:192.0.2.1');
    expect(runInScope({ conversation }, () => requesterKey())).toBe('conversation:msteams\u0000a:1');
    expect(requesterKey()).toBeUndefined();
  });
});

describe('createLimiters', () => {
  it('builds in-memory limiters from the configured rates without a container', async () => {
    const limiters = createLimiters({ ...DEFAULT_LIMITS, codeGuessesPerClient: { count: 1, windowMs: 60_000 } }, { logger: captureLogger().logger });
    for (const limiter of [limiters.directLineTokensPerClient, limiters.directLineStartsPerClient, limiters.code.requestsPerAccount, limiters.code.requestsPerClient, limiters.code.guessesPerClient]) {
      expect(limiter).toBeInstanceOf(MemoryLimiter);
    }
    expect(limiters.code.guessesPerClient.rate).toEqual({ count: 1, windowMs: 60_000 });
    expect(limiters.code.requestsPerAccount.rate).toEqual(DEFAULT_LIMITS.codeRequestsPerAccount);
    expect(await limiters.code.guessesPerClient.take('k')).toEqual({ ok: true });
    expect(await limiters.code.guessesPerClient.take('k')).toMatchObject({ ok: false, reason: 'limited' });
  });

  it('builds blob limiters with a container, each under its own name', () => {
    const container = openSharedContainer(azuriteConnectionString(9), 'unused');
    const limiters = createLimiters(DEFAULT_LIMITS, { logger: captureLogger().logger, container });
    const all = [limiters.directLineTokensPerClient, limiters.directLineStartsPerClient, limiters.code.requestsPerAccount, limiters.code.requestsPerClient, limiters.code.guessesPerClient];
    for (const limiter of all) expect(limiter).toBeInstanceOf(BlobLimiter);
    expect(all.map((l) => l.name)).toEqual([LIMIT_NAMES.directLineTokensPerClient, LIMIT_NAMES.directLineStartsPerClient, LIMIT_NAMES.codeRequestsPerAccount, LIMIT_NAMES.codeRequestsPerClient, LIMIT_NAMES.codeGuessesPerClient]);
  });

  it('names every limit as a blob folder, and fails open only for message and Direct Line limits', () => {
    for (const name of Object.values(LIMIT_NAMES)) expect(name).toMatch(LIMIT_NAME_PATTERN);
    expect(Object.entries(STORE_FAILURE_POLICIES).filter(([, policy]) => policy === 'fail-closed').map(([limit]) => limit)).toEqual(['codeRequestsPerAccount', 'codeRequestsPerClient', 'codeGuessesPerClient']);
  });
});
