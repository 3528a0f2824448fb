import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createHandoffProvider } from '../../src/handoff/createHandoffProvider';
import { TicketHandoffProvider } from '../../src/handoff/ticketProvider';
import { WebhookHandoffProvider } from '../../src/handoff/webhookProvider';
import { memoryLogger } from './sampleContext';

describe('handoff configuration', () => {
  it('defaults to the local ticket store, without Omnichannel', () => {
    const loaded = loadConfig({});
    // The business hours (handoff.schedule) are covered by test/config.issue8.test.ts.
    expect(loaded.ok && loaded.config.handoff).toMatchObject({ provider: { kind: 'ticket' }, omnichannel: false });
  });

  it('reads a webhook provider and the Omnichannel flag', () => {
    const loaded = loadConfig({ HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_URL: 'https://hooks.example.com/madoguchi', HANDOFF_WEBHOOK_SECRET: 's3cret', HANDOFF_OMNICHANNEL: 'true' });
    expect(loaded.ok && loaded.config.handoff).toMatchObject({ provider: { kind: 'webhook', url: 'https://hooks.example.com/madoguchi', secret: 's3cret' }, omnichannel: true });
  });

  it.each([
    [{ HANDOFF_PROVIDER: 'email' }, 'config: HANDOFF_PROVIDER'],
    [{ HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_SECRET: 's' }, 'config: HANDOFF_WEBHOOK_URL is required when HANDOFF_PROVIDER=webhook'],
    [{ HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_URL: 'https://h.example.com' }, 'config: HANDOFF_WEBHOOK_SECRET is required when HANDOFF_PROVIDER=webhook'],
    [{ HANDOFF_WEBHOOK_URL: 'not a url' }, 'config: HANDOFF_WEBHOOK_URL must be an http(s) URL'],
    [{ HANDOFF_OMNICHANNEL: 'yes' }, 'config: HANDOFF_OMNICHANNEL must be true or false (got "yes")'],
  ])('%j is refused: %s', (env, message) => {
    const loaded = loadConfig(env);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error).toContain(message);
  });

  it('creates the provider the configuration names', () => {
    const ticket = loadConfig({ DATA_DIR: '/tmp/madoguchi-x' });
    const webhook = loadConfig({ DATA_DIR: '/tmp/madoguchi-x', HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/h', HANDOFF_WEBHOOK_SECRET: 's' });
    if (!ticket.ok || !webhook.ok) throw new Error('config refused');
    expect(createHandoffProvider(ticket.config, memoryLogger()).provider).toBeInstanceOf(TicketHandoffProvider);
    expect(createHandoffProvider(webhook.config, memoryLogger()).provider).toBeInstanceOf(WebhookHandoffProvider);
  });
});
