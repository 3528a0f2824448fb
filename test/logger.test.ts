import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture(): { lines: string[]; stream: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => lines.push(line) } };
}

describe('createLogger', () => {
  it('redacts personal data in fields and in the message, whatever the field is called', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ contact: 'taro.backup@example.net', nested: { note: '電話は090-1234-5678です' } }, 'sent a code to hanako@example.com');
    const out = lines.join('');
    expect(out).not.toContain('taro.backup@example.net');
    expect(out).not.toContain('090-1234-5678');
    expect(out).not.toContain('hanako@example.com');
    expect(out).toContain('sent a code to');
  });

  it('censors fields named like secrets outright', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ password: 'Hunter2!Hunter2', token: 'abc' }, 'x');
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry.password).toBe('[redacted]');
    expect(entry.token).toBe('[redacted]');
  });

  it('keeps operational fields readable', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ url: 'http://127.0.0.1:3978', entries: 14, ticket: 'MDG-20261125-M4NF' }, 'madoguchi: ready');
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ url: 'http://127.0.0.1:3978', entries: 14, ticket: 'MDG-20261125-M4NF', msg: 'madoguchi: ready' });
  });
});
