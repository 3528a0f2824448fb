import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ServicePaths } from '../../src/account/httpContract';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import type { AccountAdapter } from '../../dialogs/accountPort';

interface Operation {
  operationId: string;
  'x-idempotent'?: boolean;
  parameters?: { $ref?: string }[];
  responses: Record<string, unknown>;
}
const doc = parse(readFileSync(path.join(__dirname, '../../openapi/account-service.yaml'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};

/** Every AccountAdapter method: a Record over keyof AccountAdapter, so tsc flags a missing or stale one. */
const PORT: Record<keyof AccountAdapter, true> = {
  sendSecurityCode: true,
  startAuthenticatorChallenge: true,
  sendUnblockCode: true,
  verifyRecoveryContact: true,
  verifyCode: true,
  resendCode: true,
  issueResetLink: true,
  unblock: true,
  startSecretQuestion: true,
  answerSecretQuestion: true,
  checkRecoveryCode: true,
  submitRecoveryRequest: true,
  getRecoveryStatus: true,
};
const PORT_METHODS = Object.keys(PORT);

const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([method, op]) => ({ path: p, method, op })));

describe('openapi/account-service.yaml', () => {
  it('is OpenAPI 3.1 with one operation per AccountAdapter method', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations.map((o) => o.op.operationId).sort()).toEqual([...PORT_METHODS].sort());
    for (const name of PORT_METHODS) expect(typeof (DemoAccountAdapter.prototype as unknown as Record<string, unknown>)[name]).toBe('function');
  });

  it('has the paths the HTTP adapter calls', () => {
    for (const { path: p, op } of operations) {
      const entry = ServicePaths[op.operationId as keyof typeof ServicePaths];
      const expected = typeof entry === 'function' ? entry('{id}') : entry;
      expect(p.replace(/\{[^}]+\}/g, '{id}'), op.operationId).toBe(expected.replace('%7Bid%7D', '{id}'));
    }
  });

  it('marks attempts as not idempotent, takes an Idempotency-Key on every other POST, and documents the error model', () => {
    for (const { method, op } of operations) {
      const attempt = ['verifyCode', 'answerSecretQuestion', 'checkRecoveryCode'].includes(op.operationId);
      if (method === 'post') {
        expect(op['x-idempotent'], op.operationId).toBe(!attempt);
        const takesKey = (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
        expect(takesKey, op.operationId).toBe(!attempt);
      }
      for (const status of ['400', '401', '429', '500', '503']) expect(Object.keys(op.responses), `${op.operationId} ${status}`).toContain(status);
    }
  });
});
