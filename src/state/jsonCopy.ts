/**
 * A copy of a value that is exactly what `JSON.parse(JSON.stringify(value))` gives, made without
 * the text (issue 11, cost per turn). OptimisticConversationState hands the memory store such a
 * copy of the state it has just serialized, and the conversation's next turn starts from it
 * instead of parsing the stored JSON again: strings are immutable, so the copy shares them where
 * a parse builds each one anew (a state of Japanese text, ~2 KB, takes ~60 µs to parse in the
 * server, a tenth of that to copy).
 *
 * Only values whose JSON round trip is plain are copied: strings, booleans, null, finite numbers
 * other than -0, arrays and objects whose prototype is Array.prototype, Object.prototype or null.
 * Anything else (a Date or any class instance, a toJSON or `__proto__` key, NaN, -0, an array hole,
 * an undefined, function or symbol element, a BigInt) gives undefined, and the caller parses the
 * JSON as before. Properties JSON leaves out (undefined, a function or a symbol as a value) are
 * left out here too. A getter would be read a second time (once by JSON.stringify, once here): no
 * state holds one, as state is data that goes through JSON to every store.
 */

/** A JSON object as JSON.parse returns it. */
export type JsonObject = Record<string, unknown>;

/** Thrown inside jsonCopy when a value has no exact copy; never escapes it. */
const NO_EXACT_COPY = Symbol('jsonCopy.noExactCopy');

/**
 * `JSON.parse(JSON.stringify(value))` for an object JSON.stringify has already accepted (no
 * cycle), or undefined when the copy could differ from it (see the header).
 */
export function jsonCopy(value: JsonObject): JsonObject | undefined {
  try {
    return copyObject(value);
  } catch (error) {
    if (error === NO_EXACT_COPY) return undefined;
    throw error;
  }
}

function copyValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // NaN and ±Infinity become null in JSON, -0 becomes 0.
      if (!Number.isFinite(value) || (value === 0 && 1 / value < 0)) throw NO_EXACT_COPY;
      return value;
    case 'object':
      if (value === null) return null;
      return Array.isArray(value) ? copyArray(value) : copyObject(value);
    default:
      // undefined, a function or a symbol where JSON writes null, or a BigInt it refuses.
      throw NO_EXACT_COPY;
  }
}

function copyArray(array: readonly unknown[]): unknown[] {
  if (Object.getPrototypeOf(array) !== Array.prototype || Object.prototype.hasOwnProperty.call(array, 'toJSON')) throw NO_EXACT_COPY;
  const copy = new Array<unknown>(array.length);
  for (let i = 0; i < array.length; i++) {
    // A hole is written as null.
    if (!(i in array)) throw NO_EXACT_COPY;
    copy[i] = copyValue(array[i]);
  }
  return copy;
}

function copyObject(object: object): JsonObject {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) throw NO_EXACT_COPY;
  const copy: JsonObject = {};
  // Object.keys order is JSON.stringify's, and a new object keeps it (integer-like keys first in both).
  for (const key of Object.keys(object)) {
    // JSON.stringify would have called a toJSON; `__proto__` would set the copy's prototype.
    if (key === 'toJSON' || key === '__proto__') throw NO_EXACT_COPY;
    const item: unknown = (object as JsonObject)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    copy[key] = copyValue(item);
  }
  return copy;
}
