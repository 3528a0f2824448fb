import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). Call sites log ids, kinds and counts, never what the user
 * typed; the field names below are censored as a second line of defence.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'madoguchi',
      level,
      redact: {
        paths: ['text', '*.text', 'email', '*.email', 'phone', '*.phone', 'code', '*.code', 'password', '*.password', 'token', '*.token', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
