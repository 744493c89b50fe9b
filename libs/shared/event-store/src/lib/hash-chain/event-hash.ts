import { createHash } from 'node:crypto';
import type { JsonObject } from '../event-store.port';
import { canonicalJson } from './canonical-json';

/** The fields an event's hash covers. The global position is left out on purpose: it may differ
 *  between engines, and a store migrated to another engine must keep every hash. */
export interface HashedEventContent {
  readonly streamName: string;
  readonly streamVersion: number;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: string;
  readonly previousHash: string | null;
}

/** SHA-256 (lower-case hex) of the canonical JSON of the event's content (docs/event-store.md). */
export function computeEventHash(event: HashedEventContent): string {
  const content: JsonObject = {
    streamName: event.streamName,
    streamVersion: event.streamVersion,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    previousHash: event.previousHash,
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
