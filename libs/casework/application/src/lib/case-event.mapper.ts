import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent, RecordedEvent } from '@escalation-hub/event-store';
import { CaseEvent, isCaseEventType } from '@escalation-hub/casework-domain';
import { uniqueEventIdOf } from './unique-event-ids';

/**
 * Domain event → stored event: the actor and time travel in metadata, the facts in data. The id is
 * random, except where the event records something unique across the store (see unique-event-ids.ts).
 */
export function toNewEvent(event: CaseEvent): NewEvent {
  return {
    id: uniqueEventIdOf(event) ?? randomUUID(),
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { actor: event.actor as unknown as JsonObject, occurredAt: event.occurredAt },
  };
}

/** Stored event → domain event. Throws on a type the domain does not know: the stream is not a case. */
export function toCaseEvent(recorded: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): CaseEvent {
  if (!isCaseEventType(recorded.type)) throw new Error(`Not a case event: ${recorded.type}`);
  const metadata = recorded.metadata as { actor?: unknown; occurredAt?: unknown };
  return { type: recorded.type, data: recorded.data, actor: metadata.actor, occurredAt: metadata.occurredAt } as CaseEvent;
}

export const CASE_STREAM_PREFIX = 'case-';

export function isCaseStream(streamName: string): boolean {
  return streamName.startsWith(CASE_STREAM_PREFIX);
}
