import type { CaseEvent, CaseEventType } from './case.events';
import { CASE_EVENT_TYPES } from './case.events';
import {
  BREACH_OUTCOMES,
  BREACH_RECOMMENDATIONS,
  CLOSURE_REASONS,
  COURT_OUTCOMES,
  COURT_STAGES,
  ESCALATION_OUTCOMES,
  ESCALATION_TRIGGERS,
  FIXED_TERM_EXCLUSIONS,
  OFFENCE_CATEGORIES,
  QUEUE_ITEM_KINDS,
  REASSESSMENT_OUTCOMES,
  REASSESSMENT_TRIGGERS,
  RECALL_STEPS,
  RECALL_TYPES,
  ROLES,
  ROSH_LEVELS,
  RISK_INFORMATION_SOURCES,
  RISK_REVIEW_OUTCOMES,
  SENTENCE_KINDS,
  TRANSFER_OUTCOMES,
  URGENCIES,
} from './vocabulary';
import { sentenceKindOf } from './sentence.policy';

/**
 * The schema of every case event's data, by type and version. Events are immutable and hash-chained,
 * so a stored event is never rewritten: when a type's data changes shape, its version goes up and an
 * upcaster turns the previous version's data into the new one as it is read (the store keeps the old
 * bytes, every reader sees the current shape). Writing checks the data against the current version,
 * so nothing the schema does not name reaches the store.
 *
 * The version travels in the event's metadata as `schemaVersion`; an event without one is version 1
 * (every event written before schemas were explicit, and every version-1 event since, so the bytes of
 * events on the wire are unchanged).
 */

/** A value's shape: a small, closed subset of JSON Schema that the hub both checks and documents. */
export type ValueSchema =
  | { readonly type: 'string'; readonly format?: 'date-time' }
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly minimum?: number; readonly maximum?: number }
  | { readonly enum: readonly string[] }
  | { readonly type: 'array'; readonly items: ValueSchema }
  | ObjectSchema
  | { readonly anyOf: readonly [ValueSchema, { readonly type: 'null' }] };

export interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, ValueSchema>>;
  /** Every property is required and no other is allowed: an event holds exactly what its schema names. */
  readonly required: readonly string[];
  readonly additionalProperties: false;
}

const text: ValueSchema = { type: 'string' };
const instant: ValueSchema = { type: 'string', format: 'date-time' };
const flag: ValueSchema = { type: 'boolean' };
const oneOf = (values: readonly string[]): ValueSchema => ({ enum: values });
const listOf = (items: ValueSchema): ValueSchema => ({ type: 'array', items });
const orNull = (schema: ValueSchema): ValueSchema => ({ anyOf: [schema, { type: 'null' }] });
const integer = (minimum?: number, maximum?: number): ValueSchema => ({
  type: 'integer',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
export function record(properties: Record<string, ValueSchema>): ObjectSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** One event type: its current version, the schema of that version's data, and how to lift older data. */
export interface CaseEventSchema {
  readonly version: number;
  readonly data: ObjectSchema;
  /** `upcasters[v]` turns version v's data into version v + 1's. */
  readonly upcasters: Readonly<Record<number, (data: Record<string, unknown>) => Record<string, unknown>>>;
}

const v1 = (data: ObjectSchema): CaseEventSchema => ({ version: 1, data, upcasters: {} });

const SENTENCE = record({
  type: text,
  kind: oneOf(SENTENCE_KINDS),
  lengthMonths: integer(0),
  custodialTermMonths: orNull(integer(0)),
  offenceCategory: oneOf(OFFENCE_CATEGORIES),
  imposedOn: orNull(text),
  requirements: listOf(text),
  licenceConditions: listOf(text),
});

/**
 * case.allocated v1 → v2: the kind is read from the free-text type (recognised words, else UNKNOWN),
 * nothing else about the sentence was recorded, and victim contact keeps the answer it was given then,
 * with the rule of that release as its basis.
 */
function caseAllocatedV1ToV2(data: Record<string, unknown>): Record<string, unknown> {
  const sentence = (data['sentence'] ?? {}) as Record<string, unknown>;
  return {
    ...data,
    sentence: {
      ...sentence,
      kind: typeof sentence['type'] === 'string' ? sentenceKindOf(sentence['type']) : 'UNKNOWN',
      custodialTermMonths: null,
      imposedOn: null,
      requirements: [],
      licenceConditions: [],
    },
    victimContactBasis:
      'Recorded before the basis was kept: the rule then was a sentence of more than 12 months for a violent or sexual offence',
    publicInterest:
      data['exceptionalPublicInterest'] === true
        ? { reason: 'Recorded before a reason and an ACO were required', authorisedBy: null }
        : null,
  };
}
const itemKind = oneOf(QUEUE_ITEM_KINDS);
const FIXED_TERM_EXCLUSION = orNull(record({ reason: oneOf(FIXED_TERM_EXCLUSIONS), details: orNull(text) }));

export const CASE_EVENT_SCHEMAS: Readonly<Record<CaseEventType, CaseEventSchema>> = {
  // v2: the sentence's kind, custodial term, date, requirements and licence conditions, the basis of victim
  // contact, and an exceptional public interest's reason and authorising ACO.
  'case.allocated': {
    version: 2,
    data: record({
      crn: text,
      ldu: text,
      provider: text,
      sentence: SENTENCE,
      rosh: oneOf(ROSH_LEVELS),
      mappa: orNull(record({ category: integer(1, 3), level: integer(1, 3) })),
      exceptionalPublicInterest: flag,
      publicInterest: orNull(record({ reason: text, authorisedBy: orNull(text) })),
      allocatedTo: text,
      reason: text,
      victimContactEligible: flag,
      victimContactBasis: text,
    }),
    upcasters: { 1: caseAllocatedV1ToV2 },
  },
  // v2: when the provider first knew, as it says (v1: null, not asked then).
  'escalation.requested': {
    version: 2,
    data: record({
      escalationId: text,
      requestId: text,
      requestFingerprint: text,
      raisedBy: text,
      proposedRosh: oneOf(ROSH_LEVELS),
      urgency: oneOf(URGENCIES),
      triggers: listOf(oneOf(ESCALATION_TRIGGERS)),
      summary: text,
      dueAt: instant,
      providerKnewAt: orNull(instant),
    }),
    upcasters: { 1: (data) => ({ ...data, providerKnewAt: null }) },
  },
  'escalation.information-requested': v1(
    record({ escalationId: text, questions: listOf(text), rationale: text, answerDueAt: instant, seenRevision: orNull(integer(0)) }),
  ),
  'escalation.information-withdrawn': v1(record({ escalationId: text, reason: text, dueAt: instant })),
  'escalation.information-provided': v1(
    record({ escalationId: text, answer: text, answeredBy: text, answerDueAt: instant, late: flag, dueAt: instant }),
  ),
  'item.claimed': v1(record({ itemId: text, kind: itemKind })),
  'item.released': v1(record({ itemId: text, kind: itemKind, releasedFrom: text })),
  'item.claim-expired': v1(record({ itemId: text, kind: itemKind, claimedBy: text, claimedAt: instant, expiresAfterSeconds: integer(1) })),
  // v2: keeping a case with its provider at HIGH or VERY_HIGH RoSH records the SPO's reason and name (v1: null).
  // v3: the case's revision the decider saw (v2: null, not asked then).
  'escalation.decided': {
    version: 3,
    data: record({
      escalationId: text,
      outcome: oneOf(ESCALATION_OUTCOMES),
      rationale: text,
      advice: orNull(text),
      revisedRosh: orNull(oneOf(ROSH_LEVELS)),
      highRiskRetention: orNull(record({ reason: text, countersignedBy: text })),
      dueAt: instant,
      late: flag,
      seenRevision: orNull(integer(0)),
    }),
    upcasters: { 1: (data) => ({ ...data, highRiskRetention: null }), 2: (data) => ({ ...data, seenRevision: null }) },
  },
  'case.transferred-to-nps': v1(record({ escalationId: text, fromProvider: text, rationale: text })),
  // v2: the recorded failures to comply it cites (v1: none, not recorded then).
  'breach-pack.submitted': {
    version: 2,
    data: record({
      breachPackId: text,
      requestId: text,
      requestFingerprint: text,
      failureIds: listOf(text),
      requirement: text,
      failures: listOf(record({ date: text, description: text })),
      warningsIssued: integer(0),
      providerRecommendation: oneOf(BREACH_RECOMMENDATIONS),
      summary: text,
      dueAt: instant,
    }),
    upcasters: { 1: (data) => ({ ...data, failureIds: [] }) },
  },
  'compliance.failure-recorded': v1(
    record({
      failureId: text,
      requestId: text,
      requestFingerprint: text,
      date: text,
      requirement: text,
      acceptable: flag,
      judgedBy: text,
      details: text,
    }),
  ),
  'compliance.warning-recorded': v1(
    record({
      warningId: text,
      requestId: text,
      requestFingerprint: text,
      issuedOn: text,
      failureIds: listOf(text),
      issuedBy: text,
      details: text,
    }),
  ),
  'breach.due': v1(record({ breachDueId: text, failureId: text, warningId: text, heldBy: text, reason: text, dueAt: instant })),
  'breach.waived': v1(record({ breachDueId: text, reason: text, dueAt: instant, late: flag })),
  'item.fulfilled': v1(record({ itemId: text, kind: itemKind, byItemId: text, dueAt: instant, late: flag })),
  'breach.court-stage-recorded': v1(
    record({ breachPackId: text, stage: oneOf(COURT_STAGES), on: text, outcome: orNull(oneOf(COURT_OUTCOMES)), details: orNull(text) }),
  ),
  'recall-advice.due': v1(record({ recallDueId: text, breachPackId: text, dueAt: instant })),
  // v2: the case's revision the decider saw (v1: null, not asked then).
  'breach-pack.decided': {
    version: 2,
    data: record({
      breachPackId: text,
      outcome: oneOf(BREACH_OUTCOMES),
      rationale: text,
      dueAt: instant,
      late: flag,
      seenRevision: orNull(integer(0)),
    }),
    upcasters: { 1: (data) => ({ ...data, seenRevision: null }) },
  },
  // v2: why the recall is standard rather than fixed-term (v1: null, not recorded then).
  'recall-advice.drafted': {
    version: 2,
    data: record({
      recallAdviceId: text,
      recallType: oneOf(RECALL_TYPES),
      emergency: flag,
      rationale: text,
      basedOn: listOf(text),
      dueAt: instant,
      fixedTermExclusion: FIXED_TERM_EXCLUSION,
    }),
    upcasters: { 1: (data) => ({ ...data, fixedTermExclusion: null }) },
  },
  'recall-advice.returned': v1(record({ recallAdviceId: text, stage: oneOf(['SPO', 'ACO']), reason: text })),
  'recall-advice.revised': v1(
    record({
      recallAdviceId: text,
      recallType: oneOf(RECALL_TYPES),
      emergency: flag,
      rationale: text,
      basedOn: listOf(text),
      fixedTermExclusion: FIXED_TERM_EXCLUSION,
      note: text,
      dueAt: instant,
    }),
  ),
  'recall-advice.withdrawn': v1(record({ recallAdviceId: text, reason: text })),
  'recall.progressed': v1(record({ recallAdviceId: text, step: oneOf(RECALL_STEPS), happenedAt: instant, details: orNull(text) })),
  'rosh.reviewed': v1(
    record({ level: oneOf(ROSH_LEVELS), previous: oneOf(ROSH_LEVELS), assessor: text, assessedOn: text, assessmentReference: text }),
  ),
  'mappa.changed': v1(
    record({
      mappa: orNull(record({ category: integer(1, 3), level: integer(1, 3) })),
      previous: orNull(record({ category: integer(1, 3), level: integer(1, 3) })),
    }),
  ),
  'sentence.recorded': v1(record({ sentence: SENTENCE, victimContactEligible: flag, victimContactBasis: text })),
  'public-interest.recorded': v1(record({ reason: text, authorisedBy: text })),
  'case.reassessed': v1(
    record({
      trigger: oneOf(REASSESSMENT_TRIGGERS),
      outcome: oneOf(REASSESSMENT_OUTCOMES),
      managedBy: text,
      fromProvider: orNull(text),
      reason: text,
    }),
  ),
  'recall-advice.countersigned-by-spo': v1(record({ recallAdviceId: text, rationale: text })),
  'recall-advice.countersigned-by-aco': v1(record({ recallAdviceId: text, rationale: text })),
  'recall-advice.issued': v1(
    record({
      recallAdviceId: text,
      recallType: oneOf(RECALL_TYPES),
      emergency: flag,
      authoredBy: text,
      spo: text,
      aco: text,
      dueAt: instant,
      late: flag,
    }),
  ),
  'item.became-overdue': v1(record({ itemId: text, kind: itemKind, dueAt: instant })),
  // v2: who holds it (acknowledges and reviews it) and the provider that recorded it (v1: the public service, on its own case).
  'risk-information.recorded': {
    version: 2,
    data: record({
      riskInformationId: text,
      source: oneOf(RISK_INFORMATION_SOURCES),
      channel: text,
      knownAt: instant,
      receivedBy: text,
      threat: flag,
      summary: text,
      dueAt: instant,
      heldBy: text,
      recordedByProvider: orNull(text),
    }),
    upcasters: { 1: (data) => ({ ...data, heldBy: 'NPS', recordedByProvider: null }) },
  },
  'risk-information.handed-over': v1(record({ riskInformationId: text, heldBy: text, reason: text })),
  'intervention.referred': v1(record({ provider: text, intervention: text })),
  'risk-information.acknowledged': v1(
    record({ riskInformationId: text, dueAt: instant, late: flag, heldBy: text, recordedByProvider: orNull(text) }),
  ),
  // v2: who held it and who recorded it, as on risk-information.recorded v2 (v1: the public service, on its own case).
  'risk-information.reviewed': {
    version: 2,
    data: record({
      riskInformationId: text,
      outcome: oneOf(RISK_REVIEW_OUTCOMES),
      rationale: text,
      dueAt: instant,
      late: flag,
      seenRevision: orNull(integer(0)),
      heldBy: text,
      recordedByProvider: orNull(text),
    }),
    upcasters: { 1: (data) => ({ ...data, heldBy: 'NPS', recordedByProvider: null }) },
  },
  'transfer.requested': v1(
    record({ transferId: text, fromLdu: text, toLdu: text, fromProvider: text, toProvider: text, reason: text, dueAt: instant }),
  ),
  'transfer.decided': v1(
    record({
      transferId: text,
      outcome: oneOf(TRANSFER_OUTCOMES),
      rationale: text,
      toLdu: text,
      toProvider: text,
      dueAt: instant,
      late: flag,
      seenRevision: orNull(integer(0)),
    }),
  ),
  'case.moved-area': v1(
    record({
      transferId: text,
      fromLdu: text,
      toLdu: text,
      fromProvider: text,
      toProvider: text,
      managedBy: text,
      reason: text,
      sentence: SENTENCE,
      rosh: oneOf(ROSH_LEVELS),
      victimContactEligible: flag,
    }),
  ),
  'item.withdrawn': v1(record({ itemId: text, kind: itemKind, reason: text })),
  'case.closed': v1(record({ reason: oneOf(CLOSURE_REASONS), details: orNull(text), closedOn: text, withdrawnItems: listOf(text) })),
};

/** Who caused an event: recorded in every event's metadata. */
export const ACTOR_SCHEMA: ValueSchema = {
  type: 'object',
  properties: { id: text, role: oneOf(ROLES), provider: text },
  required: ['id', 'role'],
  additionalProperties: false,
};

/** A stored case event is not what its schema says: the store holds something this release cannot read. */
export class InvalidCaseEventError extends Error {
  readonly code = 'INVALID_CASE_EVENT';
  constructor(
    readonly eventType: string,
    readonly problems: readonly string[],
  ) {
    super(`${eventType}: ${problems.join('; ')}`);
  }
}

/**
 * `value` checked against `schema`. Writing is strict: every problem is reported, a property the schema
 * does not name included. Reading is tolerant where old data may differ harmlessly: a property the schema
 * does not name is left out of the value handed on (releases before schemas were explicit could store
 * one), and a missing nullable property reads as null. Anything else is a problem either way.
 */
export function conform(
  schema: ValueSchema,
  value: unknown,
  mode: 'write' | 'read',
  path = 'data',
): { value: unknown; problems: string[] } {
  const ok = { value, problems: [] as string[] };
  const fail = (problem: string) => ({ value, problems: [`${path}: ${problem}`] });
  if ('anyOf' in schema) return value === null ? ok : conform(schema.anyOf[0], value, mode, path);
  if ('enum' in schema) return typeof value === 'string' && schema.enum.includes(value) ? ok : fail(`not one of ${schema.enum.join(', ')}`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return fail('not a string');
      if (schema.format === 'date-time' && !ISO_INSTANT.test(value)) return fail('not an ISO-8601 UTC time');
      return ok;
    case 'boolean':
      return typeof value === 'boolean' ? ok : fail('not true or false');
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('not an integer');
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))
        return fail('out of range');
      return ok;
    case 'array': {
      if (!Array.isArray(value)) return fail('not a list');
      const entries = value.map((entry, index) => conform(schema.items, entry, mode, `${path}[${index}]`));
      const same = entries.every((entry, index) => entry.value === value[index]);
      return { value: same ? value : entries.map((entry) => entry.value), problems: entries.flatMap((entry) => entry.problems) };
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not an object');
      const fields = value as Record<string, unknown>;
      const problems: string[] = [];
      if (mode === 'write') {
        for (const name of Object.keys(fields)) if (!(name in schema.properties)) problems.push(`${path}.${name}: not part of the schema`);
      }
      const conformed: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties)) {
        let field = fields[name];
        if (field === undefined && mode === 'read' && 'anyOf' in property) field = null;
        if (field === undefined) {
          if (schema.required.includes(name)) problems.push(`${path}.${name}: missing`);
          continue;
        }
        const checked = conform(property, field, mode, `${path}.${name}`);
        conformed[name] = checked.value;
        problems.push(...checked.problems);
      }
      // Data that needed nothing left out or filled in is handed on as it was stored (its key order too).
      const unchanged =
        Object.keys(conformed).length === Object.keys(fields).length &&
        Object.entries(conformed).every(([name, entry]) => fields[name] === entry);
      return { value: unchanged ? value : conformed, problems };
    }
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

type SchemaRegistry = Readonly<Record<string, CaseEventSchema | undefined>>;

/** What is wrong with an event about to be recorded: its data against its type's current version, its actor and time. */
export function caseEventProblems(event: CaseEvent, schemas: SchemaRegistry = CASE_EVENT_SCHEMAS): string[] {
  return conformEvent(event, 'write', schemas).problems;
}

/** Throws `InvalidCaseEventError` unless the event conforms exactly to its type's current schema. */
export function assertValidCaseEvent(event: CaseEvent): CaseEvent {
  const problems = caseEventProblems(event);
  if (problems.length > 0) throw new InvalidCaseEventError(event.type, problems);
  return event;
}

function conformEvent(event: CaseEvent, mode: 'write' | 'read', schemas: SchemaRegistry): { event: CaseEvent; problems: string[] } {
  const schema = schemas[event.type];
  if (!schema) return { event, problems: ['type: not a case event'] };
  const data = conform(schema.data, event.data, mode);
  const actor = conform(ACTOR_SCHEMA, event.actor, mode, 'actor');
  const occurredAt = conform(instant, event.occurredAt, mode, 'occurredAt');
  // A provider acts for its organisation: its events are folded and disclosed under that provider's code.
  const { role, provider } = (actor.value ?? {}) as { role?: unknown; provider?: unknown };
  const actorProblems = role === 'provider' && !provider ? ['actor.provider: required when the role is provider'] : [];
  return {
    event: { type: event.type, data: data.value, actor: actor.value, occurredAt: event.occurredAt } as CaseEvent,
    problems: [...data.problems, ...actor.problems, ...actorProblems, ...occurredAt.problems],
  };
}

/** A case event as stored: its type, its data at the version it was written, and its metadata. */
export interface StoredCaseEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * A stored event as the domain reads it: its version from the metadata (1 when absent), upcast to the
 * current version, then checked. Anything else is refused with the reason: an event this release cannot
 * read must not be folded into a case as if it could.
 */
export function readCaseEvent(stored: StoredCaseEvent, schemas: SchemaRegistry = CASE_EVENT_SCHEMAS): CaseEvent {
  const schema = schemas[stored.type];
  if (!schema) throw new InvalidCaseEventError(stored.type, ['not a case event']);
  const metadata = (stored.metadata ?? {}) as { actor?: unknown; occurredAt?: unknown; schemaVersion?: unknown };
  const version = metadata.schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new InvalidCaseEventError(stored.type, [`metadata.schemaVersion: ${JSON.stringify(version)} is not a version`]);
  if (version > schema.version)
    throw new InvalidCaseEventError(stored.type, [
      `version ${version} was written by a later release (this one reads up to ${schema.version})`,
    ]);
  let data = stored.data as Record<string, unknown>;
  for (let from = version; from < schema.version; from += 1) {
    const upcast = schema.upcasters[from];
    if (!upcast) throw new InvalidCaseEventError(stored.type, [`no upcaster from version ${from}`]);
    data = upcast(data);
  }
  const read = conformEvent(
    { type: stored.type, data, actor: metadata.actor, occurredAt: metadata.occurredAt } as CaseEvent,
    'read',
    schemas,
  );
  if (read.problems.length > 0) throw new InvalidCaseEventError(stored.type, read.problems);
  return read.event;
}

/** The metadata that says which version of its type's schema an event's data is written in (none for version 1). */
export function schemaVersionMetadata(type: CaseEventType): { schemaVersion?: number } {
  const { version } = CASE_EVENT_SCHEMAS[type];
  return version === 1 ? {} : { schemaVersion: version };
}

/** Every case event type's current version and the JSON Schema (2020-12) of its data: docs/case-event-schemas.json. */
export function caseEventSchemaDocument(): Record<string, unknown> {
  return {
    $comment:
      'Generated from libs/casework/domain/src/lib/case-event.schemas.ts by tools/fixtures/write-event-schemas.ts. ' +
      "An event's metadata.schemaVersion names the version its data is written in (absent: 1).",
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    // A provider's actor names its provider (checked beside the schema when an event is read or written).
    actor: { ...ACTOR_SCHEMA, if: { properties: { role: { const: 'provider' } }, required: ['role'] }, then: { required: ['provider'] } },
    events: Object.fromEntries(
      CASE_EVENT_TYPES.map((type) => [type, { version: CASE_EVENT_SCHEMAS[type].version, data: CASE_EVENT_SCHEMAS[type].data }]),
    ),
  };
}
