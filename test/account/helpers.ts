import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';
import { DemoAccountAdapter, type DemoAccountAdapterOptions } from '../../src/account/demoAccountAdapter';

/** A logger whose JSON lines are kept for assertions. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public ms = Date.parse('2026-01-05T09:00:00Z')) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function makeDemo(options: Partial<DemoAccountAdapterOptions> = {}) {
  const clock = new FakeClock();
  const { logger, lines } = captureLogger();
  const demo = new DemoAccountAdapter({ logger, now: clock.now, minLatencyMs: 0, publicBaseUrl: 'http://bot.test', ...options });
  return { demo, clock, lines };
}

/** The newest code sent to `to`. */
export function lastCode(demo: DemoAccountAdapter, to: string): string {
  const message = demo.outbox().find((m) => m.to === to && m.code !== undefined);
  if (!message?.code) throw new Error(`test: no code was sent to ${to}`);
  return message.code;
}

/** A code that is not `code`. */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}
