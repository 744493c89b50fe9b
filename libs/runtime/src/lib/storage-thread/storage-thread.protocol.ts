import {
  DuplicateEventIdError,
  EmptyAppendError,
  EventStoreClosedError,
  ExpectedState,
  InvalidEventError,
  ProjectorStatus,
  SealedEvent,
  StreamHeadMovedError,
  WrongExpectedVersionError,
} from '@escalation-hub/event-store';

/** What the storage thread is started with (`workerData`). */
export interface StorageWorkerData {
  readonly eventsFile: string;
  readonly readModelsFile: string;
  /** The read models' event source name (see SqlReadModelStore). */
  readonly readModelsSource: string;
}

/** What the hub's thread asks of the storage thread; each is answered by a `reply` with the same id. */
export type StorageRequest =
  | { readonly kind: 'append'; readonly id: number; readonly streamName: string; readonly events: readonly SealedEvent[]; readonly expected: ExpectedState }
  | { readonly kind: 'compare-and-set-checkpoint'; readonly id: number; readonly name: string; readonly expected: number | undefined; readonly next: number }
  /** A page of `$all` as the integrity log's leaves (read and hashed there: see log-leaves.ts). */
  | { readonly kind: 'read-leaves'; readonly id: number; readonly from: number | undefined; readonly maxCount: number | undefined }
  | { readonly kind: 'start-projector' | 'stop-projector' | 'close'; readonly id: number };

/** What the storage thread tells the hub's thread. */
export type StorageMessage =
  | { readonly kind: 'ready'; readonly durability: { journalMode: string; synchronous: string } }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: SentError }
  /** After every batch the read models committed, a failure, or catching up. */
  | { readonly kind: 'progress'; readonly statuses: ProjectorStatus[] }
  | { readonly kind: 'projection-error'; readonly projection: string; readonly error: SentError };

/** An error as it crosses threads: its class by name and the fields the store's errors carry. */
export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

export function sendableError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || ['string', 'number', 'boolean'].includes(typeof value) || value === null) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** The error again, as its own class where it is one the event store raises on purpose (callers match on those). */
export function receivedError(sent: SentError): Error {
  const field = <T>(name: string) => sent.fields[name] as T;
  switch (sent.name) {
    case 'WrongExpectedVersionError':
      return new WrongExpectedVersionError(field('streamName'), field('expected'), field('actual'));
    case 'StreamHeadMovedError':
      return new StreamHeadMovedError(field('streamName'));
    case 'DuplicateEventIdError':
      return new DuplicateEventIdError(field('streamName'), field('eventId'));
    case 'InvalidEventError':
      return new InvalidEventError(field('problem'), field('eventId'));
    case 'EmptyAppendError':
      return new EmptyAppendError(field('streamName'));
    case 'EventStoreClosedError':
      return new EventStoreClosedError();
    default:
      // Anything else (SQLite's own errors, say) keeps its message, name and code.
      return Object.assign(new Error(sent.message), { name: sent.name, ...sent.fields });
  }
}
