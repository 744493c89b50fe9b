import { createHash } from 'node:crypto';
import { canonicalJson, JsonValue } from '@escalation-hub/event-store';

/** Same request → same fingerprint, whatever the key order or white space it was sent with. */
export function requestFingerprint(body: object): string {
  return createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(body)) as JsonValue))
    .digest('hex');
}
