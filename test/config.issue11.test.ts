import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EVENT_LOG_FLUSH_MS,
  DEFAULT_EVENT_LOG_RETENTION_DAYS,
  DEFAULT_EVENT_LOG_ROTATE_BYTES,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_STATE_MEMORY_IDLE_MS,
  DEFAULT_STATE_MEMORY_MAX_CONVERSATIONS,
  loadConfig,
  type Config,
} from '../src/config';

const HTTP_ACCOUNTS = { ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example', ACCOUNT_API_KEY: 'k' };
const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=madoguchiprod;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';
const BLOB = { STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: CONNECTION };

function config(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

describe('loadConfig: state and instances (issue 11)', () => {
  it('defaults to bounded memory state, one instance, group commit and a shutdown bound', () => {
    const c = config({});
    expect(c.store).toEqual({ kind: 'memory', idleMs: DEFAULT_STATE_MEMORY_IDLE_MS, maxConversations: DEFAULT_STATE_MEMORY_MAX_CONVERSATIONS });
    expect(c.instance.count).toBe(1);
    expect(c.instance.id).toMatch(/^[A-Za-z0-9._-]+-\d+$/);
    expect(c.eventLog).toEqual({ flushMs: DEFAULT_EVENT_LOG_FLUSH_MS, rotateBytes: DEFAULT_EVENT_LOG_ROTATE_BYTES, retentionDays: DEFAULT_EVENT_LOG_RETENTION_DAYS });
    expect(c.shutdownTimeoutMs).toBe(DEFAULT_SHUTDOWN_TIMEOUT_MS);
  });

  it('reads blob state with its container, and several instances with it', () => {
    const c = config({ ...BLOB, ...HTTP_ACCOUNTS, STORAGE_CONTAINER: 'support-bot', INSTANCE_COUNT: '3', INSTANCE_ID: 'web-1' });
    expect(c.store).toEqual({ kind: 'blob', connectionString: CONNECTION, container: 'support-bot' });
    expect(c.instance).toEqual({ id: 'web-1', count: 3 });
  });

  it('refuses blob state without a connection string', () => {
    expect(loadConfig({ STATE_STORE: 'blob' })).toEqual({ ok: false, error: 'config: AZURE_STORAGE_CONNECTION_STRING is required when STATE_STORE=blob' });
  });

  it('refuses several instances with memory state, and with the demo account service', () => {
    expect(loadConfig({ ...HTTP_ACCOUNTS, INSTANCE_COUNT: '2' })).toEqual({
      ok: false,
      error: 'config: INSTANCE_COUNT can only be 1 with STATE_STORE=memory (each instance would keep its own conversations, tickets and limits); set STATE_STORE=blob (got "2")',
    });
    expect(loadConfig({ ...BLOB, INSTANCE_COUNT: '2' })).toEqual({
      ok: false,
      error: 'config: INSTANCE_COUNT can only be 1 with ACCOUNT_ADAPTER=demo (the demo keeps its codes and reset links in one process); use ACCOUNT_ADAPTER=http (got "2")',
    });
  });

  it('never repeats the connection string in an error', () => {
    const result = loadConfig({ ...BLOB, STORAGE_CONTAINER: 'Bad_Name' });
    expect(result).toEqual({ ok: false, error: 'config: STORAGE_CONTAINER must be 3-63 lowercase letters, digits and single hyphens (an Azure blob container name) (got "Bad_Name")' });
    const bad = loadConfig({ ...BLOB, STATE_MEMORY_MAX_CONVERSATIONS: '0', AZURE_STORAGE_CONNECTION_STRING: `${CONNECTION};` });
    expect(JSON.stringify(bad)).not.toContain('c2VjcmV0LWtleQ');
  });

  it('checks the numbers with the variable named', () => {
    expect(loadConfig({ STATE_MEMORY_MAX_CONVERSATIONS: '0' })).toEqual({ ok: false, error: 'config: STATE_MEMORY_MAX_CONVERSATIONS must be at least 1 (got "0")' });
    expect(loadConfig({ EVENT_LOG_FLUSH_MS: 'soon' })).toEqual({ ok: false, error: 'config: EVENT_LOG_FLUSH_MS must be a number (got "soon")' });
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '10' })).toEqual({ ok: false, error: 'config: SHUTDOWN_TIMEOUT_MS must be at least 100 (got "10")' });
    expect(loadConfig({ INSTANCE_ID: 'web 1' })).toEqual({ ok: false, error: 'config: INSTANCE_ID must be 1-64 letters, digits, dots, hyphens or underscores (got "web 1")' });
  });

  it('refuses a webhook without a secret (unchanged, one of the unsafe combinations docs/deploy.md lists)', () => {
    expect(loadConfig({ HANDOFF_PROVIDER: 'webhook', HANDOFF_WEBHOOK_URL: 'https://hooks.example/t' })).toEqual({ ok: false, error: 'config: HANDOFF_WEBHOOK_SECRET is required when HANDOFF_PROVIDER=webhook' });
  });
});
