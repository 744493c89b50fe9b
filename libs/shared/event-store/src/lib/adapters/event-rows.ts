import type { RecordedEvent, SealedEvent } from '../event-store.port';

/** An `events` row as the SQL adapters store it (PostgreSQL returns BIGINT positions as strings). */
export interface EventRow {
  position: number | string;
  event_id: string;
  stream_name: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string;
  previous_hash: string | null;
}

export const EVENT_COLUMNS = 'position, event_id, stream_name, stream_version, type, data, metadata, recorded_at, hash, previous_hash';

/** The columns an append writes (the position is the engine's), in the order `insertValues` gives them. */
export const INSERT_COLUMNS = 'event_id, stream_name, stream_version, type, data, metadata, recorded_at, hash, previous_hash';

export function insertValues(streamName: string, streamVersion: number, event: SealedEvent): (string | number | null)[] {
  return [
    event.id,
    streamName,
    streamVersion,
    event.type,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
    event.recordedAt,
    event.hash,
    event.previousHash,
  ];
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamName: row.stream_name,
    streamVersion: row.stream_version,
    position: Number(row.position),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

/** The append has committed: a listener's failure must not turn it into an error. */
export function notifyAppended(listeners: Iterable<() => void>): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // listeners only wake subscribers; a later poll covers anything they miss
    }
  }
}
