import {
  CASE_EVENT_SCHEMAS,
  caseEventProblems,
  CaseEventSchema,
  InvalidCaseEventError,
  readCaseEvent,
  record,
  schemaVersionMetadata,
} from './case-event.schemas';
import type { CaseEvent } from './case.events';
import type { Actor } from './vocabulary';
import { itemClaimed } from '../testing';

/*
 * Events about to be recorded come from the kit's event builders, then are broken one field at a time.
 * What `readCaseEvent` reads is the raw stored shape instead (data, and actor and time under `metadata`,
 * with a schemaVersion from version 2), often of an older version than any builder makes: those records
 * are written out by hand, as the store holds them.
 */
const actor: Actor = { id: 'po.smith', role: 'decision-maker' };
const occurredAt = '2026-12-01T09:00:00.000Z';
const claimedEvent = itemClaimed({ itemId: 'esc-1', kind: 'ESCALATION' }, { by: actor, at: new Date(occurredAt) });
/** `claimedEvent` as the store holds it. */
const claimed = { type: 'item.claimed', data: { itemId: 'esc-1', kind: 'ESCALATION' }, metadata: { actor, occurredAt } };

describe('case event schemas', () => {
  it('refuses to record data its schema does not name, or names differently', () => {
    expect(caseEventProblems(claimedEvent)).toEqual([]);
    const event = { ...claimedEvent, data: { ...claimedEvent.data, note: 'extra' } } as unknown as CaseEvent;
    expect(caseEventProblems(event)).toEqual(['data.note: not part of the schema']);
    const wrong = { ...claimedEvent, data: { itemId: 7, kind: 'NOTHING' } } as unknown as CaseEvent;
    expect(caseEventProblems(wrong)).toEqual([
      'data.itemId: not a string',
      'data.kind: not one of ESCALATION, BREACH_PACK, RECALL_COUNTERSIGN, TRANSFER, RISK_INFORMATION, BREACH_DUE, RECALL_DUE',
    ]);
    expect(caseEventProblems({ ...claimedEvent, occurredAt: 'yesterday' })).toEqual(['occurredAt: not an ISO-8601 UTC time']);
  });

  it('reads a version-1 event as it was stored, without a schemaVersion, its fields in their stored order', () => {
    expect(readCaseEvent(claimed)).toEqual(claimedEvent);
    const reordered = { ...claimed, data: { kind: 'ESCALATION', itemId: 'esc-1' } };
    expect(Object.keys(readCaseEvent(reordered).data)).toEqual(['kind', 'itemId']);
  });

  it('reads old data tolerantly: unnamed fields left out, a missing nullable field as null', () => {
    const decided = {
      type: 'escalation.decided',
      data: { escalationId: 'esc-1', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'r', dueAt: occurredAt, late: false, legacy: 1 },
      metadata: { actor, occurredAt },
    };
    expect(readCaseEvent(decided).data).toEqual({
      escalationId: 'esc-1',
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'r',
      advice: null,
      revisedRosh: null,
      // Version 1 (no schemaVersion), upcast: no retention at high risk was recorded then.
      highRiskRetention: null,
      dueAt: occurredAt,
      late: false,
      // Version 2 upcast to 3: no revision seen was recorded then.
      seenRevision: null,
    });
  });

  it('refuses a stored event it cannot read, saying why', () => {
    expect(() => readCaseEvent({ ...claimed, data: { itemId: 'esc-1' } })).toThrow(InvalidCaseEventError);
    expect(() => readCaseEvent({ ...claimed, data: { itemId: 'esc-1' } })).toThrow('item.claimed: data.kind: missing');
    expect(() => readCaseEvent({ ...claimed, type: 'case.vanished' })).toThrow('case.vanished: not a case event');
    expect(() => readCaseEvent({ ...claimed, metadata: { actor, occurredAt, schemaVersion: 2 } })).toThrow(
      'version 2 was written by a later release (this one reads up to 1)',
    );
  });

  it("refuses a provider's event, written or stored, whose actor names no provider", () => {
    const byProvider = { ...claimedEvent, actor: { id: 'crc07-system', role: 'provider', provider: 'CRC07' } } as CaseEvent;
    expect(caseEventProblems(byProvider)).toEqual([]);
    const nameless = { ...claimedEvent, actor: { id: 'crc07-system', role: 'provider' } } as CaseEvent;
    expect(caseEventProblems(nameless)).toEqual(['actor.provider: required when the role is provider']);
    expect(() => readCaseEvent({ ...claimed, metadata: { actor: { id: 'crc07-system', role: 'provider' }, occurredAt } })).toThrow(
      'item.claimed: actor.provider: required when the role is provider',
    );
  });

  it('reads a case.allocated of version 1 (free-text sentence) as version 2: the kind from its words, or UNKNOWN', () => {
    const allocated = (type: string) => ({
      type: 'case.allocated',
      data: {
        crn: 'X123456',
        ldu: 'N07-LDU1',
        provider: 'CRC07',
        sentence: { type, lengthMonths: 18, offenceCategory: 'VIOLENT' },
        rosh: 'MEDIUM',
        mappa: null,
        exceptionalPublicInterest: false,
        allocatedTo: 'CRC07',
        reason: 'Allocated to CRC07',
        victimContactEligible: true,
      },
      metadata: { actor, occurredAt },
    });
    const read = readCaseEvent(allocated('Community Order'));
    expect(read.type === 'case.allocated' && read.data).toMatchObject({
      sentence: {
        type: 'Community Order',
        kind: 'COMMUNITY_ORDER',
        lengthMonths: 18,
        custodialTermMonths: null,
        offenceCategory: 'VIOLENT',
        imposedOn: null,
        requirements: [],
        licenceConditions: [],
      },
      // What was decided then stays decided; the basis says by which rule.
      victimContactEligible: true,
      victimContactBasis: expect.stringContaining('Recorded before the basis was kept'),
    });
    const unknown = readCaseEvent(allocated('Hospital disposal, unspecified'));
    expect(unknown.type === 'case.allocated' && unknown.data.sentence.kind).toBe('UNKNOWN');
    // New ones are written at version 2, and say so.
    expect(schemaVersionMetadata('case.allocated')).toEqual({ schemaVersion: 2 });
    expect(schemaVersionMetadata('item.claimed')).toEqual({});
  });

  it('upcasts each older version in turn as it reads, then checks the result', () => {
    // A later release might split `kind` into two fields, and then rename one: each step lifts one version.
    const v3: CaseEventSchema = {
      version: 3,
      data: record({ itemId: { type: 'string' }, queue: { type: 'string' }, urgent: { type: 'boolean' } }),
      upcasters: {
        1: ({ kind, ...rest }) => ({ ...rest, queueKind: kind, urgent: false }),
        2: ({ queueKind, ...rest }) => ({ ...rest, queue: queueKind }),
      },
    };
    const schemas = { ...CASE_EVENT_SCHEMAS, 'item.claimed': v3 };
    const lifted = { itemId: 'esc-1', queue: 'ESCALATION', urgent: false };
    expect(readCaseEvent(claimed, schemas).data).toEqual(lifted);
    const v2 = {
      ...claimed,
      data: { itemId: 'esc-1', queueKind: 'ESCALATION', urgent: false },
      metadata: { actor, occurredAt, schemaVersion: 2 },
    };
    expect(readCaseEvent(v2, schemas).data).toEqual(lifted);
    const broken = { ...schemas, 'item.claimed': { ...v3, upcasters: { 1: v3.upcasters[1] } } };
    expect(() => readCaseEvent(claimed, broken)).toThrow('no upcaster from version 2');
  });
});
