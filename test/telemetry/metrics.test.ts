import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { BotMetrics, registerMetricsRoute } from '../../src/telemetry/metrics';

let server: restify.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('BotMetrics', () => {
  it('keeps its own registry: two instances never share counters', async () => {
    const a = new BotMetrics();
    const b = new BotMetrics();
    a.count({ kind: 'abstained', question: 'x' });
    expect(await a.registry.metrics()).toContain('madoguchi_abstentions_total 1');
    expect(await b.registry.metrics()).toContain('madoguchi_abstentions_total 0');
  });
});

describe('GET /metrics', () => {
  it('serves every outcome counter and the turn latency histogram in the Prometheus text format', async () => {
    const metrics = new BotMetrics();
    metrics.count({ kind: 'answered', entryId: 'forgot-password', confidence: 0.9 });
    metrics.count({ kind: 'answered', entryId: 'forgot-password', confidence: 0.8 });
    metrics.count({ kind: 'abstained', question: '?' });
    metrics.count({ kind: 'clarified', choices: ['a', 'b'] });
    metrics.count({ kind: 'feedback', entryId: 'forgot-password', helpful: true });
    metrics.count({ kind: 'feedback', entryId: 'forgot-password', helpful: false });
    metrics.count({ kind: 'flowStarted', flow: 'passwordReset' });
    metrics.count({ kind: 'flowCompleted', flow: 'passwordReset' });
    metrics.count({ kind: 'flowAbandoned', flow: 'unblockAccount', step: 'askCode', reason: 'unavailable' });
    metrics.count({ kind: 'handedOver', reason: 'user-request' });
    metrics.observeTurn(0.02);
    await metrics.timeTurn(async () => undefined);
    await expect(metrics.timeTurn(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    server = restify.createServer();
    registerMetricsRoute(server, metrics);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    for (const line of [
      'madoguchi_answers_total{entry="forgot-password"} 2',
      'madoguchi_abstentions_total 1',
      'madoguchi_clarifications_total 1',
      'madoguchi_feedback_total{entry="forgot-password",verdict="helpful"} 1',
      'madoguchi_feedback_total{entry="forgot-password",verdict="not_helpful"} 1',
      'madoguchi_flow_outcomes_total{flow="passwordReset",outcome="started"} 1',
      'madoguchi_flow_outcomes_total{flow="passwordReset",outcome="completed"} 1',
      'madoguchi_flow_outcomes_total{flow="unblockAccount",outcome="abandoned"} 1',
      'madoguchi_handoffs_total{reason="user-request"} 1',
      'madoguchi_turn_latency_seconds_count 3',
      'madoguchi_turn_latency_seconds_bucket{le="0.025"} 3',
      '# TYPE madoguchi_turn_latency_seconds histogram',
    ]) {
      expect(body).toContain(line);
    }
    // Our registry only: no default process metrics from prom-client's global registry.
    expect(body).not.toContain('process_cpu');
  });
});
