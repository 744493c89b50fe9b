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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where a string (or key) in the value holds a lone surrogate: not Unicode text, so RFC 8785 has no
 * canonical form for it. The hub refuses such values before they are stored. (Events stored before
 * that refusal existed are still hashed as JSON.stringify escapes them, `\udxxx`, so they verify.)
 */
export function loneSurrogatePath(value: JsonValue, path = '$'): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = loneSurrogatePath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return `${path} (a key)`;
      const found = item === undefined ? undefined : loneSurrogatePath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
