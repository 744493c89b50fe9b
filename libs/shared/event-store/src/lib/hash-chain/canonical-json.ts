import type { JsonValue } from '../event-store.port';
import { InvalidEventError } from '../event-store.errors';

/**
 * Serialises JSON the way RFC 8785 (JCS) does for the values we store: object keys sorted by UTF-16
 * code units, no insignificant white space, numbers and strings as ECMAScript's JSON.stringify writes
 * them. The same value always yields the same text, so its hash can be recomputed anywhere.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidEventError(`Not a JSON number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new InvalidEventError(`Not a JSON value: ${typeof value}`);
}

/** A plain object from any realm (worker threads and test sandboxes have their own Object.prototype). */
function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
