import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent, RecordedEvent } from '@escalation-hub/event-store';
import { assertValidCaseEvent, CaseEvent, readCaseEvent, schemaVersionMetadata } from '@escalation-hub/casework-domain';
import { uniqueEventIdOf } from './unique-event-ids';

/**
 * Domain event → stored event: the actor, the time and (from version 2 of a type) its schema version
 * travel in metadata, the facts in data. Nothing is stored that its type's schema does not name. The
 * id is random, except where the event records something unique across the store (unique-event-ids.ts).
 */
export function toNewEvent(event: CaseEvent): NewEvent {
  assertValidCaseEvent(event);
  return {
    id: uniqueEventIdOf(event) ?? randomUUID(),
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { actor: event.actor as unknown as JsonObject, occurredAt: event.occurredAt, ...schemaVersionMetadata(event.type) },
  };
}

/** Each stored event read so far, by the object read from the store: every read model of a batch takes the same one. */
const readEvents = new WeakMap<object, CaseEvent>();

/**
 * Stored event → domain event, upcast to its type's current version and checked (case-event.schemas.ts).
 * Read once per stored event object, however many read models take it (domain events are never changed).
 */
export function toCaseEvent(recorded: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): CaseEvent {
  let event = readEvents.get(recorded);
  if (!event) readEvents.set(recorded, (event = readCaseEvent(recorded)));
  return event;
}

export const CASE_STREAM_PREFIX = 'case-';

export function isCaseStream(streamName: string): boolean {
  return streamName.startsWith(CASE_STREAM_PREFIX);
}

/** What a stream's events are about on the wire (Kafka key, CloudEvents subject): a case's CRN, any other stream its name. */
export function subjectOfStream(streamName: string): string {
  return isCaseStream(streamName) ? streamName.slice(CASE_STREAM_PREFIX.length) : streamName;
}
