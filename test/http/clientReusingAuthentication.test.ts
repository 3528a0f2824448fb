import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { ClientReusingAuthentication } from '../../src/http/clientReusingAuthentication';

const activity = (serviceUrl: string): Activity =>
  ({ type: 'message', channelId: 'api', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, serviceUrl, text: 'x' }) as Activity;

describe('ClientReusingAuthentication (anonymous)', () => {
  it('hands every turn the same connector client for the same service URL and audience', async () => {
    const auth = new ClientReusingAuthentication({});
    const first = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const second = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const a = await first.connectorFactory?.create('https://smba.example/', first.audience);
    const b = await second.connectorFactory?.create('https://smba.example/', second.audience);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    const other = await second.connectorFactory?.create('https://other.example/', second.audience);
    expect(other).not.toBe(a);
  });

  it('builds the user-token client once per app id', async () => {
    const auth = new ClientReusingAuthentication({});
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://smba.example/'), '');
    const a = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(a);
  });

  it('authenticates as the configuration says: anonymous, so a request without a token passes', async () => {
    const auth = new ClientReusingAuthentication({});
    const result = await auth.authenticateRequest(activity('https://smba.example/'), '');
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
  });
});

describe('ClientReusingAuthentication (with an app id)', () => {
  it('still refuses a request without a token', async () => {
    const auth = new ClientReusingAuthentication({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    await expect(auth.authenticateRequest(activity('https://smba.example/'), '')).rejects.toMatchObject({ statusCode: 401 });
  });
});
