import type { CaseCommand } from './case.commands';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  CaseNotManagedByProviderError,
  CountersignatureOutOfOrderError,
  CountersignerConflictError,
  ItemAlreadyDecidedError,
  ItemClaimedByAnotherError,
  ItemNotFoundError,
  RationaleRequiredError,
  RecallAdviceAlreadyIssuedError,
  RequestIdReusedError,
  RoleNotAllowedError,
  UnknownBasisError,
  ItemIdTakenError,
  TooManyOpenRequestsError,
} from './case.errors';
import type { Actor } from './vocabulary';
import { MAX_OPEN_REQUESTS_PER_CASE } from './vocabulary';
import { A_WORKING_MORNING, actors, allocateCommand, contextAt, given } from '../testing';

const CRN = 'X123456';
const hoursLater = (hours: number) => new Date(A_WORKING_MORNING.getTime() + hours * 3_600_000);

function escalate(
  overrides: Partial<Extract<CaseCommand, { type: 'RequestEscalation' }>['payload']> = {},
  actor: Actor = actors.crc07,
): CaseCommand {
  return {
    type: 'RequestEscalation',
    crn: CRN,
    actor,
    payload: {
      escalationId: 'esc-1',
      requestId: 'req-1',
      requestFingerprint: 'fp-1',
      raisedBy: 'Jo Bloggs, CRC07 case manager',
      proposedRosh: 'HIGH',
      urgency: 'IMMEDIATE',
      triggers: ['THREAT_DISCLOSED'],
      summary: 'Said at supervision he felt like hurting his ex-partner.',
      ...overrides,
    },
  };
}

function breachPack(overrides: Partial<Extract<CaseCommand, { type: 'SubmitBreachPack' }>['payload']> = {}): CaseCommand {
  return {
    type: 'SubmitBreachPack',
    crn: CRN,
    actor: actors.crc07,
    payload: {
      breachPackId: 'bp-1',
      requestId: 'req-bp-1',
      requestFingerprint: 'fp-bp-1',
      requirement: 'Unpaid work',
      failures: [{ date: '2026-10-01', description: 'Did not attend' }],
      warningsIssued: 1,
      providerRecommendation: 'RETURN_TO_COURT',
      summary: 'Second unacceptable absence.',
      ...overrides,
    },
  };
}

const claim = (itemId: string, actor: Actor = actors.officer): CaseCommand => ({ type: 'ClaimItem', crn: CRN, actor, payload: { itemId } });
const decideEscalation = (
  outcome: 'RETAIN_WITH_PROVIDER' | 'TRANSFER_TO_NPS' | 'MORE_INFORMATION_REQUIRED',
  actor: Actor = actors.officer,
  rationale = 'Risk now high: threats to a named victim.',
): CaseCommand => ({
  type: 'DecideEscalation',
  crn: CRN,
  actor,
  payload: { escalationId: 'esc-1', outcome, rationale, advice: null, revisedRosh: outcome === 'TRANSFER_TO_NPS' ? 'HIGH' : null },
});
const draftRecall = (basedOn = ['bp-1'], actor: Actor = actors.officer): CaseCommand => ({
  type: 'DraftRecallAdvice',
  crn: CRN,
  actor,
  payload: { recallAdviceId: 'ra-1', recallType: 'FIXED_TERM', emergency: false, rationale: 'Licence conditions breached twice.', basedOn },
});
const countersign = (actor: Actor, rationale = 'Agreed.'): CaseCommand => ({
  type: 'CountersignRecallAdvice',
  crn: CRN,
  actor,
  payload: { recallAdviceId: 'ra-1', rationale },
});
const markOverdue = (itemId: string): CaseCommand => ({ type: 'MarkItemOverdue', crn: CRN, actor: actors.scheduler, payload: { itemId } });

describe('allocating a case', () => {
  it('records the allocation with its reason and victim-contact eligibility', () => {
    const [event] = given()
      .when(allocateCommand({ rosh: 'HIGH' }))
      .then();
    expect(event).toEqual({
      type: 'case.allocated',
      actor: actors.officer,
      occurredAt: A_WORKING_MORNING.toISOString(),
      data: expect.objectContaining({ crn: CRN, allocatedTo: 'NPS', reason: expect.stringContaining('HIGH'), victimContactEligible: true }),
    });
  });

  it('refuses a case that already exists', () => {
    expect(() => given(allocateCommand()).when(allocateCommand()).then()).toThrow(CaseAlreadyExistsError);
  });

  it('is for public-service staff only', () => {
    expect(() =>
      given()
        .when(allocateCommand({}, CRN, actors.crc07))
        .then(),
    ).toThrow(RoleNotAllowedError);
    expect(() =>
      given()
        .when(allocateCommand({}, CRN, actors.auditor))
        .then(),
    ).toThrow(RoleNotAllowedError);
  });
});

describe('provider requests', () => {
  it('records an escalation with its due time from its urgency', () => {
    const [event] = given(allocateCommand()).when(escalate()).then();
    expect(event).toMatchObject({
      type: 'escalation.requested',
      actor: actors.crc07,
      data: { escalationId: 'esc-1', dueAt: hoursLater(2).toISOString() },
    });
  });

  it('hides another provider’s case as not found', () => {
    expect(() => given(allocateCommand()).when(escalate({}, actors.crc11)).then()).toThrow(CaseNotFoundError);
    expect(() => given().when(escalate()).then()).toThrow(CaseNotFoundError);
  });

  it('takes at most MAX_OPEN_REQUESTS_PER_CASE open requests on a case; a decision makes room again', () => {
    const requests = Array.from({ length: MAX_OPEN_REQUESTS_PER_CASE }, (_, index) =>
      index % 2
        ? escalate({ escalationId: `esc-${index}`, requestId: `req-${index}`, requestFingerprint: `fp-${index}` })
        : breachPack({ breachPackId: `bp-${index}`, requestId: `req-${index}`, requestFingerprint: `fp-${index}` }),
    );
    const full = given(allocateCommand(), ...requests);
    const next = escalate({ escalationId: 'esc-next', requestId: 'req-next', requestFingerprint: 'fp-next' });
    expect(() => full.when(next).then()).toThrow(TooManyOpenRequestsError);
    expect(() => full.when(breachPack({ breachPackId: 'bp-next', requestId: 'req-next', requestFingerprint: 'fp-next' })).then()).toThrow(
      TooManyOpenRequestsError,
    );
    // A retry of a request already taken is still answered.
    expect(full.when(requests[1]).then()).toEqual([]);
    const decided = given(allocateCommand(), ...requests, {
      type: 'DecideEscalation',
      crn: CRN,
      actor: actors.officer,
      payload: { escalationId: 'esc-1', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Managed.', advice: null, revisedRosh: null },
    });
    expect(decided.when(next).then()).toHaveLength(1);
  });

  it('is for providers only', () => {
    expect(() => given(allocateCommand()).when(escalate({}, actors.officer)).then()).toThrow(RoleNotAllowedError);
  });

  it('answers a retry with the same requestId and fingerprint with nothing new', () => {
    expect(given(allocateCommand(), escalate()).when(escalate()).then()).toEqual([]);
  });

  it('refuses a requestId reused for a different request', () => {
    expect(() =>
      given(allocateCommand(), escalate())
        .when(escalate({ requestFingerprint: 'fp-other', escalationId: 'esc-2' }))
        .then(),
    ).toThrow(RequestIdReusedError);
  });

  it('refuses provider requests on a case the public service manages', () => {
    // Kept from the start: it does not exist for the area's provider.
    expect(() =>
      given(allocateCommand({ mappa: { category: 2, level: 2 } }))
        .when(escalate())
        .then(),
    ).toThrow(CaseNotFoundError);
    // Transferred away: the former provider knows the case, and is told why it may post no more.
    expect(() =>
      given(allocateCommand(), escalate(), decideEscalation('TRANSFER_TO_NPS'))
        .when(escalate({ requestId: 'req-2', escalationId: 'esc-2' }))
        .then(),
    ).toThrow(CaseNotManagedByProviderError);
  });

  it('still answers a retry of a request taken before the transfer', () => {
    expect(given(allocateCommand(), escalate(), decideEscalation('TRANSFER_TO_NPS')).when(escalate()).then()).toEqual([]);
  });

  it('records a breach pack due in five working days', () => {
    const [event] = given(allocateCommand()).when(breachPack()).then();
    expect(event).toMatchObject({ type: 'breach-pack.submitted', data: { breachPackId: 'bp-1', dueAt: '2026-11-11T10:00:00.000Z' } });
  });
});

describe('claiming', () => {
  it('records who holds an item', () => {
    expect(given(allocateCommand(), escalate()).when(claim('esc-1')).then()).toEqual([
      expect.objectContaining({ type: 'item.claimed', actor: actors.officer, data: { itemId: 'esc-1', kind: 'ESCALATION' } }),
    ]);
  });

  it('is a no-op for the holder and a conflict for anyone else', () => {
    const history = given(allocateCommand(), escalate(), claim('esc-1'));
    expect(history.when(claim('esc-1')).then()).toEqual([]);
    expect(() => history.when(claim('esc-1', actors.otherOfficer)).then()).toThrow(ItemClaimedByAnotherError);
  });

  it('is released by its holder, or by an SPO or ACO, back to the queue', () => {
    const release = (actor: Actor): CaseCommand => ({ type: 'ReleaseItem', crn: CRN, actor, payload: { itemId: 'esc-1' } });
    const claimed = given(allocateCommand(), escalate(), claim('esc-1'));
    expect(claimed.when(release(actors.officer)).then()).toEqual([
      expect.objectContaining({ type: 'item.released', data: { itemId: 'esc-1', kind: 'ESCALATION', releasedFrom: actors.officer.id } }),
    ]);
    expect(claimed.when(release(actors.spo)).thenState()?.items['esc-1'].claimedBy).toBeNull();
    expect(() => claimed.when(release(actors.otherOfficer)).then()).toThrow(ItemClaimedByAnotherError);
    expect(given(allocateCommand(), escalate()).when(release(actors.officer)).then()).toEqual([]);
    expect(
      given(allocateCommand(), escalate(), claim('esc-1'), release(actors.officer)).when(claim('esc-1', actors.otherOfficer)).then(),
    ).toHaveLength(1);
  });

  it('refuses unknown and decided items, and providers', () => {
    expect(() => given(allocateCommand()).when(claim('nope')).then()).toThrow(ItemNotFoundError);
    expect(() => given(allocateCommand(), escalate(), decideEscalation('RETAIN_WITH_PROVIDER')).when(claim('esc-1')).then()).toThrow(
      ItemAlreadyDecidedError,
    );
    expect(() => given(allocateCommand(), escalate()).when(claim('esc-1', actors.crc07)).then()).toThrow(RoleNotAllowedError);
  });
});

describe('deciding an escalation', () => {
  it('records the decision with its rationale, on time', () => {
    const [event] = given(allocateCommand(), escalate()).when(decideEscalation('RETAIN_WITH_PROVIDER')).then();
    expect(event).toMatchObject({
      type: 'escalation.decided',
      actor: actors.officer,
      data: { escalationId: 'esc-1', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Risk now high: threats to a named victim.', late: false },
    });
  });

  it('marks a decision made after the due time as late', () => {
    const [event] = given(allocateCommand(), escalate())
      .when(decideEscalation('RETAIN_WITH_PROVIDER'), contextAt(hoursLater(3)))
      .then();
    expect(event).toMatchObject({ data: { late: true } });
  });

  it('transfers the case to the public service and revises its RoSH', () => {
    const events = given(allocateCommand(), escalate()).when(decideEscalation('TRANSFER_TO_NPS')).then();
    expect(events.map((event) => event.type)).toEqual(['escalation.decided', 'case.transferred-to-nps']);
    const state = given(allocateCommand(), escalate()).when(decideEscalation('TRANSFER_TO_NPS')).thenState();
    expect(state).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', transferredToNpsAt: A_WORKING_MORNING.toISOString() });
  });

  it('allows one decision per item', () => {
    expect(() =>
      given(allocateCommand(), escalate(), decideEscalation('RETAIN_WITH_PROVIDER')).when(decideEscalation('TRANSFER_TO_NPS')).then(),
    ).toThrow(ItemAlreadyDecidedError);
  });

  it('requires a written rationale', () => {
    expect(() =>
      given(allocateCommand(), escalate())
        .when(decideEscalation('RETAIN_WITH_PROVIDER', actors.officer, '   '))
        .then(),
    ).toThrow(RationaleRequiredError);
  });

  it('refuses a decision on an item someone else holds', () => {
    expect(() =>
      given(allocateCommand(), escalate(), claim('esc-1', actors.otherOfficer)).when(decideEscalation('RETAIN_WITH_PROVIDER')).then(),
    ).toThrow(ItemClaimedByAnotherError);
  });

  it('is for public-service staff only', () => {
    expect(() => given(allocateCommand(), escalate()).when(decideEscalation('RETAIN_WITH_PROVIDER', actors.auditor)).then()).toThrow(
      RoleNotAllowedError,
    );
  });
});

describe('deciding a breach pack', () => {
  const decideBreach = (actor: Actor = actors.officer, breachPackId = 'bp-1'): CaseCommand => ({
    type: 'DecideBreachPack',
    crn: CRN,
    actor,
    payload: { breachPackId, outcome: 'WARNING', rationale: 'First formal warning.' },
  });

  it('records the decision once', () => {
    expect(given(allocateCommand(), breachPack()).when(decideBreach()).then()).toEqual([
      expect.objectContaining({ type: 'breach-pack.decided', data: expect.objectContaining({ outcome: 'WARNING', late: false }) }),
    ]);
    expect(() => given(allocateCommand(), breachPack(), decideBreach()).when(decideBreach()).then()).toThrow(ItemAlreadyDecidedError);
  });

  it('does not decide an escalation id as a breach pack', () => {
    expect(() => given(allocateCommand(), escalate()).when(decideBreach(actors.officer, 'esc-1')).then()).toThrow(ItemNotFoundError);
  });
});

describe('recall advice', () => {
  const withDraft = () => given(allocateCommand(), breachPack(), draftRecall());

  it('is drafted on existing items of the case, due for countersignature in 24 hours', () => {
    const [event] = given(allocateCommand(), breachPack()).when(draftRecall()).then();
    expect(event).toMatchObject({
      type: 'recall-advice.drafted',
      data: { recallAdviceId: 'ra-1', basedOn: ['bp-1'], dueAt: hoursLater(24).toISOString() },
    });
  });

  it('records nothing new when the same advice is sent again, and refuses an id already used by another item', () => {
    expect(withDraft().when(draftRecall()).then()).toEqual([]);
    expect(() =>
      withDraft()
        .when(draftRecall(['bp-1'], actors.spo))
        .then(),
    ).toThrow(ItemIdTakenError);
    const overEscalation: CaseCommand = { ...draftRecall(), payload: { ...draftRecall().payload, recallAdviceId: 'bp-1' } } as CaseCommand;
    expect(() => given(allocateCommand(), breachPack()).when(overEscalation).then()).toThrow(ItemIdTakenError);
  });

  it('must be based on escalations or breach packs of this case', () => {
    expect(() =>
      given(allocateCommand(), breachPack())
        .when(draftRecall(['bp-1', 'bp-of-another-case']))
        .then(),
    ).toThrow(UnknownBasisError);
    expect(() => given(allocateCommand()).when(draftRecall([])).then()).toThrow(UnknownBasisError);
  });

  it('is countersigned by an SPO first, never by an ACO first', () => {
    expect(() => withDraft().when(countersign(actors.aco)).then()).toThrow(CountersignatureOutOfOrderError);
    expect(withDraft().when(countersign(actors.spo)).then()).toEqual([
      expect.objectContaining({ type: 'recall-advice.countersigned-by-spo' }),
    ]);
  });

  it('is never countersigned by its author', () => {
    const authoredBySpo = given(allocateCommand(), breachPack(), draftRecall(['bp-1'], actors.spo));
    expect(() => authoredBySpo.when(countersign(actors.spo)).then()).toThrow(CountersignerConflictError);
  });

  it('needs an ACO second, and not the same person twice', () => {
    const signedBySpo = given(allocateCommand(), breachPack(), draftRecall(), countersign(actors.spo));
    expect(() => signedBySpo.when(countersign(actors.otherSpo)).then()).toThrow(CountersignatureOutOfOrderError);
    const spoActingAsAco: Actor = { id: actors.spo.id, role: 'aco' };
    expect(() => signedBySpo.when(countersign(spoActingAsAco)).then()).toThrow(CountersignerConflictError);
  });

  it('is issued when the ACO countersigns, and only once', () => {
    const events = given(allocateCommand(), breachPack(), draftRecall(), countersign(actors.spo)).when(countersign(actors.aco)).then();
    expect(events.map((event) => event.type)).toEqual(['recall-advice.countersigned-by-aco', 'recall-advice.issued']);
    expect(events[1]).toMatchObject({ data: { authoredBy: actors.officer.id, spo: actors.spo.id, aco: actors.aco.id, late: false } });
    const issued = given(allocateCommand(), breachPack(), draftRecall(), countersign(actors.spo), countersign(actors.aco));
    expect(() => issued.when(countersign(actors.aco)).then()).toThrow(RecallAdviceAlreadyIssuedError);
  });

  it('is claimed only by someone who may countersign it next', () => {
    expect(() => withDraft().when(claim('ra-1', actors.officer)).then()).toThrow(CountersignatureOutOfOrderError);
    expect(() => withDraft().when(claim('ra-1', actors.aco)).then()).toThrow(CountersignatureOutOfOrderError);
    const authoredBySpo = given(allocateCommand(), breachPack(), draftRecall(['bp-1'], actors.spo));
    expect(() => authoredBySpo.when(claim('ra-1', actors.spo)).then()).toThrow(CountersignerConflictError);
    expect(withDraft().when(claim('ra-1', actors.spo)).then()).toEqual([expect.objectContaining({ type: 'item.claimed' })]);
    const signedBySpo = given(allocateCommand(), breachPack(), draftRecall(), countersign(actors.spo));
    expect(signedBySpo.when(claim('ra-1', actors.aco)).then()).toEqual([expect.objectContaining({ type: 'item.claimed' })]);
  });

  it('requires a written comment and an SPO or ACO', () => {
    expect(() => withDraft().when(countersign(actors.spo, '')).then()).toThrow(RationaleRequiredError);
    expect(() => withDraft().when(countersign(actors.officer)).then()).toThrow(RoleNotAllowedError);
  });
});

describe('lateness', () => {
  it('marks an undecided item overdue once its due time has passed, and only once', () => {
    const history = given(allocateCommand(), escalate());
    expect(history.when(markOverdue('esc-1'), contextAt(hoursLater(1))).then()).toEqual([]);
    const [event] = history.when(markOverdue('esc-1'), contextAt(hoursLater(3))).then();
    expect(event).toMatchObject({
      type: 'item.became-overdue',
      data: { itemId: 'esc-1', kind: 'ESCALATION', dueAt: hoursLater(2).toISOString() },
    });
    expect(
      given(...history.events, event)
        .when(markOverdue('esc-1'), contextAt(hoursLater(4)))
        .then(),
    ).toEqual([]);
  });

  it('never marks a decided item overdue', () => {
    const decided = given(allocateCommand(), escalate(), decideEscalation('RETAIN_WITH_PROVIDER'));
    expect(decided.when(markOverdue('esc-1'), contextAt(hoursLater(30))).then()).toEqual([]);
  });

  it('is the scheduler’s alone', () => {
    const notScheduler: CaseCommand = { ...markOverdue('esc-1'), actor: actors.officer };
    expect(() =>
      given(allocateCommand(), escalate())
        .when(notScheduler, contextAt(hoursLater(3)))
        .then(),
    ).toThrow(RoleNotAllowedError);
  });
});
