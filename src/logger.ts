import pino, { type Logger } from 'pino';
import { redactDeep, redactStoredText } from '../dialogs/privacy/redact';

export type { Logger };

/**
 * Structured JSON logs (pino). Call sites log ids, kinds and counts, never what the user
 * typed; as a second line of defence every logged string passes through the redaction module
 * (emails, phone numbers, codes, card numbers, tokens in URLs), and fields named like secrets
 * are censored outright.
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
      formatters: { log: (object) => redactDeep(object) },
      hooks: {
        logMethod(args, method) {
          // The message string (and printf-style arguments) is redacted like the fields; through the
          // memo (the same result as redact), as messages are mostly the code's own, logged again and again.
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactStoredText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
