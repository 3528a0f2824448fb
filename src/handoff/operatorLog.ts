/**
 * The part of the logger these modules use: structured fields (ids, kinds, counts, never user
 * text) and an English message. pino's Logger fits; tests pass a recording fake.
 */
export interface OperatorLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
