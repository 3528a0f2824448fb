/**
 * Reading values that come from outside (request bodies, query strings, card contents) without
 * casts: narrow with these, or validate with a zod schema where the whole shape matters.
 */

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` inside `value` (`property(body, 'user', 'id')`), or undefined where a step is not an object. */
export function property(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}
