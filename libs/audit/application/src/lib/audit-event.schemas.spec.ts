import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventLog, InMemoryEventStore, JsonObject, RecordedEvent } from '@escalation-hub/event-store';
import { AccessLog } from './access-log';
import {
  AUDIT_EVENT_SCHEMAS,
  AUDIT_EVENT_TYPES,
  auditEventProblems,
  AuditEventType,
  InvalidAuditEventError,
  IntegrityRecordType,
  LoggedAuditEventType,
  readIntegrityRecord,
  readLoggedAuditEvent,
  StoredAuditEvent,
} from './audit-event.schemas';
import { DisclosureLog, disclosureEntryOf } from './disclosure-log';
import { appendTreeHead, CHECKPOINT_STREAM, readSignedRecords, SignedTreeHead } from './store-integrity';

/*
 * Each audit event type as a release before explicit schemas stored it (copied from the stores under
 * apps/hub/src/testing/fixtures, or as its writer has always built it): version 1, no schemaVersion.
 */
const occurredAt = '2026-12-06T07:08:38.262Z';
const STORED: Record<AuditEventType, { data: JsonObject; metadata: JsonObject }> = {
  'case.read': {
    data: { view: 'timeline', query: {}, from: '::ffff:127.0.0.1', userAgent: 'node' },
    metadata: { actor: { id: 'auditor.frank', role: 'auditor' }, occurredAt },
  },
  'provider-feed.page-served': {
    data: {
      after: 'p0',
      next: 'p3',
      events: [{ id: '3a4c70bc-a7c1-4126-a816-a749e6c796ec', crn: 'K100004', type: 'case.allocated', cursor: 'p1' }],
      from: '::ffff:127.0.0.1',
      userAgent: 'node',
    },
    metadata: { actor: { id: 'crc11', role: 'provider', provider: 'CRC11' }, occurredAt },
  },
  'provider-topic.messages-sent': {
    data: { topic: 'hub.provider.CRC07.outbound.v2', events: [{ id: 'e-1', crn: 'K100002', type: 'escalation.recorded' }] },
    metadata: { actor: { id: 'hub-outbox', role: 'admin' }, occurredAt },
  },
  'integrity.tree-head-signed': {
    data: {
      origin: 'escalation-hub.local/log',
      treeSize: 31,
      rootHash: 'a72fdc1b254d7e10c16bb32f2dc73bf0760380447d81364921e9b15d99bbc615',
      note: 'escalation-hub.local/log\n31\npy/cGyVNfhDBa7MvLcc78HYDgER9gTZJIemxXZm7xhU=\n\n— escalation-hub.local/log xAitsL46hCyb=\n',
      keyFingerprint: 'c5283031916c83707fe166ee6f30157630918a2936e358b84a25ce68d7d7280c',
      checkpointEvery: 1000,
      createdAt: '2026-12-06T07:08:38.294Z',
    },
    metadata: { actor: { id: 'hub-integrity', role: 'admin' } },
  },
  'integrity.signing-key-rotated': {
    data: {
      origin: 'escalation-hub.local/log',
      fromTreeSize: 7,
      previousKeyPem: '-----BEGIN PUBLIC KEY-----\nold\n-----END PUBLIC KEY-----\n',
      nextKeyPem: '-----BEGIN PUBLIC KEY-----\nnew\n-----END PUBLIC KEY-----\n',
      statement:
        'escalation-hub/key-rotation/v1\nescalation-hub.local/log\n7\naa\nbb\n\n— escalation-hub.local/log x\n— escalation-hub.local/log y\n',
      rotatedAt: '2026-12-06T07:09:00.000Z',
    },
    metadata: { actor: { id: 'hub-integrity', role: 'admin' } },
  },
  'integrity.checkpoint-signed': {
    data: {
      count: 33,
      lastPosition: 33,
      runningHash: 'fdebde471dd057f9ea828b5588bf7c146e59ccced63656c7c4356a462c09b6b6',
      createdAt: '2026-12-05T17:21:04.921Z',
      keyFingerprint: '8f9bdc6d1c665d8679758007abb5fd09ccbaad2b9f160b3a525f2b8a25efb157',
      signature: 'J445IyEqvK/ONRLnsCIzGkW191MSoLWYzsSIXhaTwBlXmgBmSKWXZENwElGFKWBh1q5DVcTWvfBn3nZiMAJ0Dg==',
    },
    metadata: { actor: { id: 'hub-integrity', role: 'admin' } },
  },
  'integrity.checkpoint-cosigned': {
    data: {
      origin: 'escalation-hub.local/log',
      treeSize: 31,
      rootHash: 'a72fdc1b254d7e10c16bb32f2dc73bf0760380447d81364921e9b15d99bbc615',
      witnessKey: 'witness.example/w+01020304+AAAA',
      line: '— witness.example/w AQIDBA==\n',
      timestamp: 1_800_000_000,
    },
    metadata: { actor: { id: 'witness.example/w', role: 'witness' } },
  },
};
/** A field of each type to get wrong, and what is said of it. */
const WRONG: Record<AuditEventType, [string, unknown, string]> = {
  'case.read': ['query', { asOf: 5 }, 'data.query.asOf: not a string'],
  'provider-feed.page-served': ['events', [{ id: 'e', crn: 'K100004', type: 'case.allocated' }], 'data.events[0].cursor: missing'],
  'provider-topic.messages-sent': ['topic', null, 'data.topic: not a string'],
  'integrity.tree-head-signed': ['treeSize', '31', 'data.treeSize: not an integer'],
  'integrity.signing-key-rotated': ['rotatedAt', 'yesterday', 'data.rotatedAt: not an ISO-8601 UTC time'],
  'integrity.checkpoint-signed': ['count', -1, 'data.count: out of range'],
  'integrity.checkpoint-cosigned': ['timestamp', 1.5, 'data.timestamp: not an integer'],
};

const stored = (type: AuditEventType, change: { data?: JsonObject; metadata?: JsonObject } = {}): StoredAuditEvent => ({
  type,
  data: change.data ?? STORED[type].data,
  metadata: change.metadata ?? STORED[type].metadata,
});
const isLogged = (type: AuditEventType): type is LoggedAuditEventType => AUDIT_EVENT_SCHEMAS[type].occurredAt;
/** Read as the audit reads it: a log's event (throws when unreadable), or an integrity record (undefined when unreadable). */
const read = (type: AuditEventType, event: StoredAuditEvent): unknown =>
  isLogged(type) ? readLoggedAuditEvent(type, event).data : readIntegrityRecord(type as IntegrityRecordType, event);

describe.each(AUDIT_EVENT_TYPES)('%s', (type) => {
  it('is version 1: every one stored so far has no schemaVersion', () => {
    expect(AUDIT_EVENT_SCHEMAS[type].version).toBe(1);
  });

  it('passes as its writer builds it', () => {
    expect(auditEventProblems(stored(type))).toEqual([]);
  });

  it('is refused on write with a field its schema does not name, or a field of the wrong kind', () => {
    expect(auditEventProblems(stored(type, { data: { ...STORED[type].data, remark: 'extra' } }))).toEqual([
      'data.remark: not part of the schema',
    ]);
    const [field, value, problem] = WRONG[type];
    expect(auditEventProblems(stored(type, { data: { ...STORED[type].data, [field]: value } as JsonObject }))).toEqual([problem]);
    const { [Object.keys(STORED[type].data)[0]]: _left, ...missing } = STORED[type].data;
    expect(auditEventProblems(stored(type, { data: missing }))).toEqual([`data.${Object.keys(STORED[type].data)[0]}: missing`]);
  });

  it('is refused on write with metadata its schema does not name', () => {
    const metadata = { ...STORED[type].metadata, schemaVersion: 1 };
    expect(auditEventProblems(stored(type, { metadata }))).toEqual(['metadata.schemaVersion: must be absent for version 1']);
    expect(auditEventProblems(stored(type, { metadata: { ...STORED[type].metadata, note: 'x' } }))).toEqual([
      'metadata.note: not part of the schema',
    ]);
    expect(auditEventProblems(stored(type, { metadata: { ...STORED[type].metadata, actor: { id: 'someone', role: 'nobody' } } }))).toEqual([
      expect.stringMatching(/^actor\.role: not one of /),
    ]);
  });

  it('reads a stored version-1 event as it was stored, its fields in their stored order', () => {
    const data = STORED[type].data;
    expect(read(type, stored(type))).toBe(data);
    const reordered = Object.fromEntries(Object.entries(data).reverse()) as JsonObject;
    expect(Object.keys(read(type, stored(type, { data: reordered })) as object)).toEqual(Object.keys(data).reverse());
  });

  it('reads tolerantly: a field its schema does not name is left out', () => {
    expect(read(type, stored(type, { data: { ...STORED[type].data, legacy: 1 } }))).toEqual(STORED[type].data);
  });

  it('refuses a later version, saying why', () => {
    const later = stored(type, { metadata: { ...STORED[type].metadata, schemaVersion: 2 } });
    expect(() => read(type, later)).toThrow(InvalidAuditEventError);
    expect(() => read(type, later)).toThrow(`${type}: version 2 was written by a later release (this one reads up to 1)`);
    expect(() => read(type, stored(type, { metadata: { ...STORED[type].metadata, schemaVersion: 'two' } }))).toThrow(
      `${type}: metadata.schemaVersion: "two" is not a version`,
    );
  });
});

describe('reading the logs’ events', () => {
  it('reads a missing nullable field as null, and a case read without `disclosed` without one', () => {
    const { userAgent: _none, ...data } = STORED['case.read'].data;
    expect(readLoggedAuditEvent('case.read', stored('case.read', { data })).data).toEqual({ ...data, userAgent: null });
  });

  it('refuses one it cannot read: wrong data, no time, a provider that names no provider', () => {
    const metadata = STORED['case.read'].metadata;
    expect(() => readLoggedAuditEvent('case.read', stored('case.read', { data: { view: 'case' } }))).toThrow(
      'case.read: data.from: missing; data.query: missing',
    );
    expect(() => readLoggedAuditEvent('case.read', stored('case.read', { metadata: { actor: metadata['actor'] } }))).toThrow(
      'case.read: occurredAt: not a string',
    );
    expect(() =>
      readLoggedAuditEvent('case.read', stored('case.read', { metadata: { actor: { id: 'crc07', role: 'provider' }, occurredAt } })),
    ).toThrow('case.read: actor.provider: required when the role is provider');
    expect(() => readLoggedAuditEvent('case.read', stored('provider-topic.messages-sent'))).toThrow(
      'provider-topic.messages-sent: not a case.read',
    );
  });
});

describe('reading integrity records', () => {
  it('takes one that is not what its schema says for no record at all (the verifier goes by signatures)', () => {
    expect(
      readIntegrityRecord('integrity.tree-head-signed', stored('integrity.tree-head-signed', { data: { note: 'n', treeSize: 3 } })),
    ).toBeUndefined();
    // Nothing reads an integrity record's metadata: one appended behind the hub's back without any still reads.
    expect(
      readIntegrityRecord('integrity.tree-head-signed', {
        type: 'integrity.tree-head-signed',
        data: STORED['integrity.tree-head-signed'].data,
      }),
    ).toBe(STORED['integrity.tree-head-signed'].data);
  });
});

describe('the writers', () => {
  const T = new Date('2026-12-06T07:08:38.262Z');

  it('record case reads and disclosures that read back, each event built from its schema’s fields only', async () => {
    const log = new EventLog(new InMemoryEventStore());
    const reads = new AccessLog(log, () => T);
    const disclosures = new DisclosureLog(log, () => T);
    const provider = { id: 'crc07', role: 'provider', provider: 'CRC07', extra: 'dropped' } as never;
    await reads.record({
      crn: 'K100002',
      actor: provider,
      view: 'case',
      query: {},
      from: '10.0.0.7',
      userAgent: null,
      disclosed: [{ id: 'e-1', crn: 'K100002', type: 'case.allocated' }],
    });
    await disclosures.recordFeedPage({
      actor: provider,
      after: 'p0',
      next: 'p1',
      events: [{ id: 'e-1', crn: 'K100002', type: 'case.allocated', cursor: 'p1' }],
      from: '10.0.0.7',
      userAgent: 'node',
    });
    await disclosures.recordTopicMessages('CRC07', 'hub.provider.CRC07.outbound.v2', [
      { id: 'e-1', crn: 'K100002', type: 'case.allocated', cursor: 'p1' },
    ]);
    const all: RecordedEvent[] = await log.readAll();
    expect(all.map((event) => [event.type, event.metadata])).toEqual([
      ['case.read', { actor: { id: 'crc07', role: 'provider', provider: 'CRC07' }, occurredAt: T.toISOString() }],
      ['provider-feed.page-served', { actor: { id: 'crc07', role: 'provider', provider: 'CRC07' }, occurredAt: T.toISOString() }],
      ['provider-topic.messages-sent', { actor: { id: 'hub-outbox', role: 'admin' }, occurredAt: T.toISOString() }],
    ]);
    expect(all[2].data).toEqual({
      topic: 'hub.provider.CRC07.outbound.v2',
      events: [{ id: 'e-1', crn: 'K100002', type: 'case.allocated' }],
    });
    expect(all.map((event) => disclosureEntryOf(event)?.channel)).toEqual(['case-read', 'feed-page', 'topic']);
    expect((await reads.entries('K100002'))[0]).toMatchObject({
      view: 'case',
      disclosed: [{ id: 'e-1', crn: 'K100002', type: 'case.allocated' }],
    });
  });

  it('refuse what the schema does not allow, before anything is appended', async () => {
    const log = new EventLog(new InMemoryEventStore());
    const reads = new AccessLog(log, () => T);
    const read = {
      crn: 'K100002',
      actor: { id: 'po.alice', role: 'decision-maker' as const },
      view: 'case',
      from: '10.0.0.7',
      userAgent: null,
    };
    await expect(reads.record({ ...read, query: { asOf: 1 } as never })).rejects.toThrow('case.read: data.query.asOf: not a string');
    await expect(
      new DisclosureLog(log, () => T).recordFeedPage({
        ...read,
        after: 'p0',
        next: 'p1',
        events: [{ id: 'e', crn: 'K100002', type: 't' }],
      }),
    ).rejects.toThrow('provider-feed.page-served: data.events[0].cursor: missing');
    expect(await log.readAll()).toEqual([]);
  });

  it('appends a tree head of exactly its fields, and refuses to read a later version of one', async () => {
    const log = new EventLog(new InMemoryEventStore());
    const head = { ...(STORED['integrity.tree-head-signed'].data as unknown as SignedTreeHead), witnessed: true } as SignedTreeHead;
    await appendTreeHead(log, head);
    expect((await readSignedRecords(log)).heads).toEqual([STORED['integrity.tree-head-signed'].data]);
    await expect(appendTreeHead(log, { ...head, treeSize: -1 })).rejects.toThrow('integrity.tree-head-signed: data.treeSize: out of range');
    await log.append(CHECKPOINT_STREAM, [
      {
        id: randomUUID(),
        type: 'integrity.tree-head-signed',
        data: STORED['integrity.tree-head-signed'].data,
        metadata: { schemaVersion: 2 },
      },
    ]);
    await expect(readSignedRecords(log)).rejects.toThrow('version 2 was written by a later release (this one reads up to 1)');
  });
});

/** Each `### \`type\`` section of the catalogue, with the field names it lists and the version it states. */
function documentedAuditEvents(): Map<string, { fields: string[]; version: string | undefined }> {
  const catalogue = readFileSync(join(__dirname, '../../../../../docs/event-catalogue.md'), 'utf8');
  const sections = catalogue.split(/^#{2,3} /m).filter((section) => section.startsWith('`'));
  return new Map(
    sections.map((section) => [
      /^`([^`]+)`/.exec(section)?.[1] ?? '',
      { fields: [...section.matchAll(/^- `([A-Za-z]+)` — /gm)].map((match) => match[1]), version: /^Version (\d+)\b/m.exec(section)?.[1] },
    ]),
  );
}

describe('docs/event-catalogue.md', () => {
  it('lists exactly the fields of each audit event and its current version', () => {
    const documented = documentedAuditEvents();
    for (const type of AUDIT_EVENT_TYPES) {
      const schema = AUDIT_EVENT_SCHEMAS[type];
      expect({ type, fields: documented.get(type)?.fields, version: documented.get(type)?.version }).toEqual({
        type,
        fields: Object.keys(schema.data.properties),
        version: String(schema.version),
      });
    }
  });
});
