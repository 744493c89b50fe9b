import type { IHeaders, Message } from 'kafkajs';
import { computeEventHash, JsonObject, RecordedEvent } from '@escalation-hub/event-store';

/** Where the hub's events come from, as CloudEvents `source`. */
export const HUB_EVENT_SOURCE = 'urn:escalation-hub:event-store';

/**
 * A hub event as it travels: the sealed event, its stream and its position in the event store's
 * `$all` (what a provider feed is ordered by, and what a writer waits for to read its own writes).
 */
export type EventOnTheWire = RecordedEvent;

/**
 * What a stream's events are about, as the application names it: their partition key (so one
 * subject's events stay in order) and CloudEvents `subject`. The stream's own name unless told otherwise.
 */
export type SubjectOf = (streamName: string) => string;
const theStreamName: SubjectOf = (streamName) => streamName;

/**
 * CloudEvents 1.0 in Kafka binary mode: the attributes are `ce_*` headers, the body is the event's
 * JSON data. The seal (stream, version, hash, previous hash, recorded time) and the metadata ride in
 * extension attributes, so a consumer can verify the event without asking the store.
 */
export function toKafkaMessage(event: EventOnTheWire, subjectOf: SubjectOf = theStreamName): Message {
  const subject = subjectOf(event.streamName);
  return {
    key: subject,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: HUB_EVENT_SOURCE,
      ce_type: event.type,
      ce_time: event.recordedAt,
      ce_subject: subject,
      'content-type': 'application/json',
      ce_hubstream: event.streamName,
      ce_hubversion: String(event.streamVersion),
      ce_hubposition: String(event.position),
      ce_hubhash: event.hash,
      ...(event.previousHash ? { ce_hubprevioushash: event.previousHash } : {}),
      ce_hubmetadata: JSON.stringify(event.metadata),
    },
  };
}

/** Where documents of the hub's published contracts (provider events) come from, as CloudEvents `source`. */
export const HUB_CONTRACT_SOURCE = 'urn:escalation-hub';

/**
 * A document of a published contract (a provider event) as a CloudEvent in binary mode: the body is
 * the whole document, exactly as the feed serves it, and the headers repeat what routing needs.
 */
export function toContractMessage(document: { id: string; type: string; time: string; subject: string; body: object }): Message {
  return {
    key: document.subject,
    value: JSON.stringify(document.body),
    headers: {
      ce_specversion: '1.0',
      ce_id: document.id,
      ce_source: HUB_CONTRACT_SOURCE,
      ce_type: document.type,
      ce_time: document.time,
      ce_subject: document.subject,
      'content-type': 'application/json',
    },
  };
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/**
 * Reads a message written by `toKafkaMessage` and checks it against its own hash; anything else is
 * an EnvelopeError naming what is wrong.
 */
export function fromKafkaMessage(message: { value: Buffer | null; headers?: IHeaders }): EventOnTheWire {
  const header = (name: string, required = true): string | undefined => {
    const raw = message.headers?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === null) {
      if (required) throw new EnvelopeError(`missing header ${name}`);
      return undefined;
    }
    return value.toString();
  };
  if (header('ce_specversion') !== '1.0') throw new EnvelopeError(`unsupported ce_specversion ${header('ce_specversion')}`);
  const contentType = header('content-type');
  if (contentType !== 'application/json') throw new EnvelopeError(`unsupported content-type ${contentType}`);
  const version = Number(header('ce_hubversion'));
  if (!Number.isInteger(version) || version < 0) throw new EnvelopeError(`ce_hubversion is not a version: ${header('ce_hubversion')}`);
  const position = Number(header('ce_hubposition'));
  if (!Number.isSafeInteger(position) || position < 1)
    throw new EnvelopeError(`ce_hubposition is not a position: ${header('ce_hubposition')}`);
  const event: RecordedEvent = {
    id: header('ce_id') as string,
    type: header('ce_type') as string,
    recordedAt: header('ce_time') as string,
    streamName: header('ce_hubstream') as string,
    streamVersion: version,
    position,
    hash: header('ce_hubhash') as string,
    previousHash: header('ce_hubprevioushash', false) ?? null,
    metadata: parseObject(header('ce_hubmetadata') as string, 'ce_hubmetadata'),
    data: parseObject(message.value?.toString('utf8') ?? '', 'the body'),
  };
  // The hash covers every field but the position: a changed body, header or type is caught here,
  // before anything is applied (and a message not written by the hub's outbox cannot pass).
  if (computeEventHash(event) !== event.hash) throw new EnvelopeError(`ce_hubhash does not match the event ${event.id}: it was altered`);
  return event;
}

function parseObject(text: string, what: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EnvelopeError(`${what} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new EnvelopeError(`${what} is not a JSON object`);
  return parsed as JsonObject;
}
