import { ACTOR_SCHEMA, conform, record } from '@escalation-hub/casework-domain';
import type { Actor, ObjectSchema, ValueSchema } from '@escalation-hub/casework-domain';
import type { KeyRotation, LegacyCheckpoint, RecordedCosignature, SignedTreeHead } from './store-integrity';

/**
 * The schema of every event the audit libraries record, by type and version, in the same terms as case
 * events (casework-domain's case-event.schemas.ts): writing checks the data, actor and time against the
 * type's current version, so nothing the schema does not name reaches the store; reading takes the
 * version from `metadata.schemaVersion` (absent: 1, as for every audit event stored so far), lifts older
 * data to the current version and checks it, tolerantly as case events are read.
 */

/** A map from names the sender chose to text (a request's query string, as sent): a shape case events never needed. */
export interface TextMapSchema {
  readonly type: 'object';
  readonly additionalProperties: { readonly type: 'string' };
}

/** The data of an audit event: as a case event's, but a property may also be a text map. */
export interface AuditDataSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, ValueSchema | TextMapSchema>>;
  /** Properties not listed here may be left out (`case.read`'s `disclosed`); none other is allowed. */
  readonly required: readonly string[];
  readonly additionalProperties: false;
}

export interface AuditEventSchema {
  readonly version: number;
  readonly data: AuditDataSchema;
  /** Who records it (`metadata.actor`). */
  readonly actor: ValueSchema;
  /** Whether `metadata.occurredAt` says when (the logs' events); integrity records carry their own time in data. */
  readonly occurredAt: boolean;
  /** `upcasters[v]` turns version v's data into version v + 1's. */
  readonly upcasters: Readonly<Record<number, (data: Record<string, unknown>) => Record<string, unknown>>>;
}

const text: ValueSchema = { type: 'string' };
const instant: ValueSchema = { type: 'string', format: 'date-time' };
const integer = (minimum: number): ValueSchema => ({ type: 'integer', minimum });
const orNull = (schema: ValueSchema): ValueSchema => ({ anyOf: [schema, { type: 'null' }] });
const listOf = (items: ValueSchema): ValueSchema => ({ type: 'array', items });
const textMap: TextMapSchema = { type: 'object', additionalProperties: { type: 'string' } };

function data(properties: Record<string, ValueSchema | TextMapSchema>, optional: readonly string[] = []): AuditDataSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const HUB_ACTOR = record({ id: text, role: { enum: ['admin'] } });
const WITNESS_ACTOR = record({ id: text, role: { enum: ['witness'] } });
const logged = (schema: AuditDataSchema, actor: ValueSchema = ACTOR_SCHEMA): AuditEventSchema => ({
  version: 1,
  data: schema,
  actor,
  occurredAt: true,
  upcasters: {},
});
const signed = (schema: AuditDataSchema, actor: ValueSchema = HUB_ACTOR): AuditEventSchema => ({
  version: 1,
  data: schema,
  actor,
  occurredAt: false,
  upcasters: {},
});

/** A provider event a provider's read of a case was made of: `cursor` left out where it had none. */
const DISCLOSED_EVENT: ObjectSchema = {
  type: 'object',
  properties: { id: text, crn: text, type: text, cursor: text },
  required: ['id', 'crn', 'type'],
  additionalProperties: false,
};

/** What each audit event's data reads as. */
export interface CaseReadData {
  readonly view: string;
  readonly query: Record<string, string>;
  readonly from: string;
  readonly userAgent: string | null;
  /** A provider's read only: the provider events its answer was made of. */
  readonly disclosed?: readonly { id: string; crn: string; type: string; cursor?: string }[];
}
export interface FeedPageServedData {
  readonly after: string;
  readonly next: string;
  readonly events: readonly { id: string; crn: string; type: string; cursor: string }[];
  readonly from: string;
  readonly userAgent: string | null;
}
export interface TopicMessagesSentData {
  readonly topic: string;
  readonly events: readonly { id: string; crn: string; type: string }[];
}

/** The logs' events: who did it is `metadata.actor`, when `metadata.occurredAt`. */
export interface LoggedAuditEventData {
  'case.read': CaseReadData;
  'provider-feed.page-served': FeedPageServedData;
  'provider-topic.messages-sent': TopicMessagesSentData;
}
/** The integrity records: signed statements, trusted for their signatures, not for their (unsigned) metadata. */
export interface IntegrityRecordData {
  'integrity.tree-head-signed': SignedTreeHead;
  'integrity.signing-key-rotated': KeyRotation;
  'integrity.checkpoint-signed': LegacyCheckpoint;
  'integrity.checkpoint-cosigned': RecordedCosignature;
}
export type LoggedAuditEventType = keyof LoggedAuditEventData;
export type IntegrityRecordType = keyof IntegrityRecordData;
export type AuditEventType = LoggedAuditEventType | IntegrityRecordType;

export const AUDIT_EVENT_SCHEMAS: Readonly<Record<AuditEventType, AuditEventSchema>> = {
  'case.read': logged(
    data({ view: text, query: textMap, from: text, userAgent: orNull(text), disclosed: listOf(DISCLOSED_EVENT) }, ['disclosed']),
  ),
  'provider-feed.page-served': logged(
    data({
      after: text,
      next: text,
      events: listOf(record({ id: text, crn: text, type: text, cursor: text })),
      from: text,
      userAgent: orNull(text),
    }),
  ),
  'provider-topic.messages-sent': logged(data({ topic: text, events: listOf(record({ id: text, crn: text, type: text })) })),
  'integrity.tree-head-signed': signed(
    data({
      origin: text,
      treeSize: integer(0),
      rootHash: text,
      note: text,
      keyFingerprint: text,
      checkpointEvery: integer(1),
      createdAt: instant,
    }),
  ),
  'integrity.signing-key-rotated': signed(
    data({ origin: text, fromTreeSize: integer(0), previousKeyPem: text, nextKeyPem: text, statement: text, rotatedAt: instant }),
  ),
  // Stores of earlier releases only: the hub no longer writes it, but reads and checks it.
  'integrity.checkpoint-signed': signed(
    data({ count: integer(0), lastPosition: integer(0), runningHash: text, createdAt: instant, keyFingerprint: text, signature: text }),
  ),
  'integrity.checkpoint-cosigned': signed(
    data({ origin: text, treeSize: integer(0), rootHash: text, witnessKey: text, line: text, timestamp: integer(0) }),
    WITNESS_ACTOR,
  ),
};

export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_EVENT_SCHEMAS) as AuditEventType[];

/** An audit event, written or stored, is not what its schema says. */
export class InvalidAuditEventError extends Error {
  readonly code = 'INVALID_AUDIT_EVENT';
  constructor(
    readonly eventType: string,
    readonly problems: readonly string[],
  ) {
    super(`${eventType}: ${problems.join('; ')}`);
  }
}

/**
 * `value` checked against an audit event's data schema, in `conform`'s two modes (strict to write,
 * tolerant to read: unnamed properties left out, a missing nullable one read as null). Text maps are
 * checked here, everything else by `conform` itself.
 */
export function conformAuditData(schema: AuditDataSchema, value: unknown, mode: 'write' | 'read'): { value: unknown; problems: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { value, problems: ['data: not an object'] };
  const fields = value as Record<string, unknown>;
  const maps = Object.keys(schema.properties).filter((name) => isTextMap(schema.properties[name]));
  const rest: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) if (!maps.includes(name)) rest[name] = field;
  const plain: ObjectSchema = {
    type: 'object',
    properties: Object.fromEntries(Object.entries(schema.properties).filter(([name]) => !maps.includes(name))) as Record<
      string,
      ValueSchema
    >,
    required: schema.required.filter((name) => !maps.includes(name)),
    additionalProperties: false,
  };
  const checked = conform(plain, rest, mode);
  const problems = [...checked.problems];
  const conformed = (checked.value ?? {}) as Record<string, unknown>;
  for (const name of maps) {
    const map = fields[name];
    if (map === undefined) {
      if (schema.required.includes(name)) problems.push(`data.${name}: missing`);
    } else if (typeof map !== 'object' || map === null || Array.isArray(map)) problems.push(`data.${name}: not an object`);
    else
      for (const [key, entry] of Object.entries(map as Record<string, unknown>))
        if (typeof entry !== 'string') problems.push(`data.${name}.${key}: not a string`);
  }
  const result: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    const field = maps.includes(name) ? fields[name] : conformed[name];
    if (field !== undefined) result[name] = field;
  }
  // Data that needed nothing left out or filled in is handed on as it was stored (its key order too), as `conform` does.
  const unchanged =
    Object.keys(result).length === Object.keys(fields).length && Object.entries(result).every(([name, field]) => fields[name] === field);
  return { value: unchanged ? value : result, problems };
}

function isTextMap(schema: ValueSchema | TextMapSchema): schema is TextMapSchema {
  return (
    'type' in schema && schema.type === 'object' && 'additionalProperties' in schema && typeof schema.additionalProperties === 'object'
  );
}

/** The metadata that says which version of its type's schema an audit event's data is written in (none for version 1). */
export function auditSchemaVersionMetadata(type: AuditEventType): { schemaVersion?: number } {
  const { version } = AUDIT_EVENT_SCHEMAS[type];
  return version === 1 ? {} : { schemaVersion: version };
}

/** An audit event as it is appended or stored: its type, data and metadata. */
export interface StoredAuditEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

/** What is wrong with an audit event about to be appended: its data, actor, time and version against its type's current schema. */
export function auditEventProblems(event: StoredAuditEvent): string[] {
  const schema = (AUDIT_EVENT_SCHEMAS as Readonly<Record<string, AuditEventSchema | undefined>>)[event.type];
  if (!schema) return ['type: not an audit event'];
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const problems = [
    ...conformAuditData(schema.data, event.data, 'write').problems,
    ...conformActor(schema, metadata['actor'], 'write').problems,
  ];
  if (schema.occurredAt) problems.push(...conform(instant, metadata['occurredAt'], 'write', 'occurredAt').problems);
  const version = auditSchemaVersionMetadata(event.type as AuditEventType).schemaVersion;
  if (metadata['schemaVersion'] !== version)
    problems.push(`metadata.schemaVersion: must be ${version ?? 'absent'} for version ${schema.version}`);
  const allowed = ['actor', 'schemaVersion', ...(schema.occurredAt ? ['occurredAt'] : [])];
  for (const name of Object.keys(metadata)) if (!allowed.includes(name)) problems.push(`metadata.${name}: not part of the schema`);
  return problems;
}

/** Throws `InvalidAuditEventError` unless the event conforms exactly to its type's current schema. */
export function assertValidAuditEvent<E extends StoredAuditEvent>(event: E): E {
  const problems = auditEventProblems(event);
  if (problems.length > 0) throw new InvalidAuditEventError(event.type, problems);
  return event;
}

function conformActor(schema: AuditEventSchema, actor: unknown, mode: 'write' | 'read'): { value: unknown; problems: string[] } {
  const checked = conform(schema.actor, actor, mode, 'actor');
  // A provider acts for its organisation: its reads and feed pages are disclosures to that provider.
  const { role, provider } = (actor ?? {}) as { role?: unknown; provider?: unknown };
  const unnamed = role === 'provider' && !provider ? ['actor.provider: required when the role is provider'] : [];
  return { value: checked.value, problems: [...checked.problems, ...unnamed] };
}

/** A stored event's data at its type's current version: refuses a version this release cannot read. */
function upcastData(type: AuditEventType, stored: StoredAuditEvent): Record<string, unknown> {
  if (stored.type !== type) throw new InvalidAuditEventError(stored.type, [`not a ${type}`]);
  const schema = AUDIT_EVENT_SCHEMAS[type];
  const version = ((stored.metadata ?? {}) as { schemaVersion?: unknown }).schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new InvalidAuditEventError(type, [`metadata.schemaVersion: ${JSON.stringify(version)} is not a version`]);
  if (version > schema.version)
    throw new InvalidAuditEventError(type, [`version ${version} was written by a later release (this one reads up to ${schema.version})`]);
  let upcast = stored.data as Record<string, unknown>;
  for (let from = version; from < schema.version; from += 1) {
    const step = schema.upcasters[from];
    if (!step) throw new InvalidAuditEventError(type, [`no upcaster from version ${from}`]);
    upcast = step(upcast);
  }
  return upcast;
}

/** A log's event as read: its data at the current version, who did it and when. */
export interface LoggedAuditEvent<T extends LoggedAuditEventType> {
  readonly type: T;
  readonly data: LoggedAuditEventData[T];
  readonly actor: Actor;
  readonly occurredAt: string;
}

/**
 * A stored `case.read`, feed page or topic batch as the audit reads it: upcast to its type's current
 * version and checked, data, actor and time. Anything else is refused with the reason, as a case event is.
 */
export function readLoggedAuditEvent<T extends LoggedAuditEventType>(type: T, stored: StoredAuditEvent): LoggedAuditEvent<T> {
  const schema = AUDIT_EVENT_SCHEMAS[type];
  const checked = conformAuditData(schema.data, upcastData(type, stored), 'read');
  const metadata = (stored.metadata ?? {}) as { actor?: unknown; occurredAt?: unknown };
  const actor = conformActor(schema, metadata.actor, 'read');
  const problems = [...checked.problems, ...actor.problems, ...conform(instant, metadata.occurredAt, 'read', 'occurredAt').problems];
  if (problems.length > 0) throw new InvalidAuditEventError(type, problems);
  return { type, data: checked.value as LoggedAuditEventData[T], actor: actor.value as Actor, occurredAt: metadata.occurredAt as string };
}

/**
 * A stored integrity record's data at its type's current version, or undefined when it is not one (a
 * malformed record is no checkpoint, rotation or cosignature: the verifier goes by signatures, and
 * reports what is missing). A version this release cannot read is refused with the reason.
 */
export function readIntegrityRecord<T extends IntegrityRecordType>(type: T, stored: StoredAuditEvent): IntegrityRecordData[T] | undefined {
  const checked = conformAuditData(AUDIT_EVENT_SCHEMAS[type].data, upcastData(type, stored), 'read');
  return checked.problems.length === 0 ? (checked.value as IntegrityRecordData[T]) : undefined;
}
