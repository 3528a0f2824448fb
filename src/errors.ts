/**
 * What was thrown, read without casts: anything can be thrown (a library may throw a string or a
 * plain object), and `(err as Error).message` turns that into `undefined` in a log line.
 */

/** The message of an Error, or the thrown value as text. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** The code of a Node.js system error (ENOENT, EEXIST, EPERM…), or undefined for anything else. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  return typeof code === 'string' ? code : undefined;
}
