import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { decide } from './case.decider';
import { CaseNotFoundError, CaseNotManagedByProviderError } from './case.errors';
import { replay } from './case.state';
import { providerAccess } from './management.policy';
import {
  disclosureOf,
  disclosuresOf,
  evolveSeam,
  providerCaseView,
  providerRevisionOf,
  SeamFold,
  SeamState,
} from './provider-disclosure.policy';
import type { Actor } from './vocabulary';
import { A_WORKING_MORNING, actors, allocateCommand, contextAt } from '../testing';

const CRN = 'X123456';
const hoursLater = (hours: number) => new Date(A_WORKING_MORNING.getTime() + hours * 3_600_000);

const escalate = (escalationId: string, requestId = `req-${escalationId}`, actor: Actor = actors.crc07): CaseCommand => ({
  type: 'RequestEscalation',
  crn: CRN,
  actor,
  payload: {
    escalationId,
    requestId,
    requestFingerprint: `fp-${requestId}`,
    raisedBy: 'Jo Bloggs',
    proposedRosh: 'HIGH',
    urgency: 'IMMEDIATE',
    triggers: ['THREAT_DISCLOSED'],
    summary: 'Said he felt like hurting his ex-partner.',
  },
});
const breachPack = (breachPackId: string): CaseCommand => ({
  type: 'SubmitBreachPack',
  crn: CRN,
  actor: actors.crc07,
  payload: {
    breachPackId,
    requestId: `req-${breachPackId}`,
    requestFingerprint: 'fp-bp',
    requirement: 'Unpaid work',
    failures: [{ date: '2026-10-01', description: 'Did not attend' }],
    warningsIssued: 1,
    providerRecommendation: 'RECALL',
    summary: 'Second absence.',
  },
});
const claim = (itemId: string, actor: Actor = actors.officer): CaseCommand => ({ type: 'ClaimItem', crn: CRN, actor, payload: { itemId } });
const release = (itemId: string): CaseCommand => ({ type: 'ReleaseItem', crn: CRN, actor: actors.officer, payload: { itemId } });
const decideEscalation = (escalationId: string, outcome: 'RETAIN_WITH_PROVIDER' | 'TRANSFER_TO_NPS'): CaseCommand => ({
  type: 'DecideEscalation',
  crn: CRN,
  actor: actors.officer,
  payload: {
    escalationId,
    outcome,
    rationale: 'Threats to a named victim.',
    advice: 'Tell the police.',
    revisedRosh: outcome === 'TRANSFER_TO_NPS' ? 'HIGH' : null,
  },
});
const decideBreach = (breachPackId: string): CaseCommand => ({
  type: 'DecideBreachPack',
  crn: CRN,
  actor: actors.officer,
  payload: { breachPackId, outcome: 'RECALL', rationale: 'Third failure.' },
});
const draftRecall = (recallAdviceId: string, basedOn: string[]): CaseCommand => ({
  type: 'DraftRecallAdvice',
  crn: CRN,
  actor: actors.officer,
  payload: { recallAdviceId, recallType: 'STANDARD', emergency: true, rationale: 'Whereabouts unknown.', basedOn },
});
const countersign = (recallAdviceId: string, actor: Actor, rationale: string): CaseCommand => ({
  type: 'CountersignRecallAdvice',
  crn: CRN,
  actor,
  payload: { recallAdviceId, rationale },
});
const markOverdue = (itemId: string): CaseCommand => ({ type: 'MarkItemOverdue', crn: CRN, actor: actors.scheduler, payload: { itemId } });

/** Decides each command in turn (optionally at a later time) and numbers the events as the store would. */
function history(...steps: (CaseCommand | [CaseCommand, Date])[]): { event: CaseEvent; id: string }[] {
  const events: CaseEvent[] = [];
  for (const step of steps) {
    const [command, now] = Array.isArray(step) ? step : [step, A_WORKING_MORNING];
    events.push(...decide(replay(events), command, contextAt(now)));
  }
  return events.map((event, index) => ({ event, id: `event-${index}` }));
}

const typesFor = (provider: string, recorded: { event: CaseEvent; id: string }[]) =>
  disclosuresOf(recorded, provider).map(({ event }) => event.type);

describe('who sees what', () => {
  it('shows a case the public service kept from the start to no provider, not even the one named for its area', () => {
    const kept = history(allocateCommand({ mappa: { category: 2, level: 2 } }));
    expect(disclosuresOf(kept)).toEqual([]);
    expect(providerCaseView('CRC07', [])).toBeUndefined();
    const state = replay(kept.map(({ event }) => event));
    expect(providerAccess(state?.managementPeriods ?? [], 'CRC07')).toBe('never');
    expect(() => decide(state, escalate('esc-1'), contextAt())).toThrow(CaseNotFoundError);
  });

  it('gives the managing provider its requests as recorded and the decisions on them, never claims or fingerprints', () => {
    const recorded = history(
      allocateCommand(),
      escalate('esc-1'),
      claim('esc-1'),
      release('esc-1'),
      decideEscalation('esc-1', 'RETAIN_WITH_PROVIDER'),
    );
    const disclosed = disclosuresOf(recorded);
    expect(disclosed.map(({ provider, event }) => [provider, event.type, event.id])).toEqual([
      ['CRC07', 'case.allocated', 'event-0'],
      ['CRC07', 'escalation.recorded', 'event-1'],
      ['CRC07', 'escalation.decided', 'event-4'],
    ]);
    expect(disclosed[1].event).toEqual({
      id: 'event-1',
      type: 'escalation.recorded',
      version: 1,
      crn: CRN,
      occurredAt: A_WORKING_MORNING.toISOString(),
      data: {
        escalationId: 'esc-1',
        requestId: 'req-esc-1',
        raisedBy: 'Jo Bloggs',
        proposedRosh: 'HIGH',
        urgency: 'IMMEDIATE',
        triggers: ['THREAT_DISCLOSED'],
        summary: 'Said he felt like hurting his ex-partner.',
        dueAt: hoursLater(2).toISOString(),
      },
    });
    expect(Object.keys(disclosed[2].event.data).sort()).toEqual([
      'advice',
      'dueAt',
      'escalationId',
      'late',
      'outcome',
      'rationale',
      'revisedRosh',
    ]);
    expect(typesFor('CRC11', recorded)).toEqual([]);
  });

  it('maps field by field: a field the contract does not name never reaches the provider', () => {
    const [allocated, requested] = history(allocateCommand(), escalate('esc-1'));
    const seam = { crn: CRN, managedBy: 'CRC07', providerItems: {}, recallDrafts: {} };
    const padded = { ...requested.event, data: { ...requested.event.data, internalNote: 'for staff only' } } as unknown as CaseEvent;
    const disclosed = disclosureOf(seam, padded, 'event-1');
    expect(JSON.stringify(disclosed)).not.toContain('internalNote');
    expect(JSON.stringify(disclosed)).not.toContain('requestFingerprint');
    expect(disclosureOf(undefined, allocated.event, 'event-0')?.event.data).not.toHaveProperty('provider');
  });

  it('ends at the decision that moved the case: nothing recorded after the transfer reaches the former provider', () => {
    const recorded = history(
      allocateCommand(),
      escalate('esc-1'),
      escalate('esc-2'),
      breachPack('bp-1'),
      decideEscalation('esc-2', 'TRANSFER_TO_NPS'),
      decideEscalation('esc-1', 'RETAIN_WITH_PROVIDER'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['esc-2', 'bp-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      [markOverdue('esc-1'), hoursLater(100)],
    );
    expect(typesFor('CRC07', recorded)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.recorded',
      'breach-pack.recorded',
      'escalation.decided',
      'case.transferred',
    ]);
    const state = replay(recorded.map(({ event }) => event));
    expect(state?.managementPeriods).toEqual([
      { managedBy: 'CRC07', from: A_WORKING_MORNING.toISOString(), until: A_WORKING_MORNING.toISOString() },
      { managedBy: 'NPS', from: A_WORKING_MORNING.toISOString(), until: null },
    ]);
    expect(providerAccess(state?.managementPeriods ?? [], 'CRC07')).toBe('formerly');
    // Its own request, retried, still gets the original answer; anything new is refused.
    expect(decide(state, escalate('esc-1'), contextAt())).toEqual([]);
    expect(() => decide(state, escalate('esc-9'), contextAt())).toThrow(CaseNotManagedByProviderError);
    expect(() => decide(state, escalate('esc-9', 'req-other', actors.crc11), contextAt())).toThrow(CaseNotFoundError);

    const view = providerCaseView(
      'CRC07',
      disclosuresOf(recorded, 'CRC07').map(({ event }) => event),
    );
    expect(view).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', transferredAt: A_WORKING_MORNING.toISOString(), recallAdvice: [] });
    expect(view?.items.map((item) => [item.itemId, item.open, item.decision?.outcome ?? null, item.overdue])).toEqual([
      ['esc-1', true, null, false],
      ['esc-2', false, 'TRANSFER_TO_NPS', false],
      ['bp-1', true, null, false],
    ]);
  });

  it('tells the managing provider of recall advice only once issued, with the draft’s reasons and none of the signatures', () => {
    const recorded = history(
      allocateCommand(),
      breachPack('bp-1'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['bp-1']),
      claim('ra-1', actors.spo),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
    );
    const disclosed = disclosuresOf(recorded, 'CRC07');
    expect(disclosed.map(({ event }) => event.type)).toEqual([
      'case.allocated',
      'breach-pack.recorded',
      'breach-pack.decided',
      'recall-advice.issued',
    ]);
    expect(disclosed[3].event.data).toEqual({
      recallAdviceId: 'ra-1',
      recallType: 'STANDARD',
      emergency: true,
      rationale: 'Whereabouts unknown.',
      basedOn: ['bp-1'],
    });
    const text = JSON.stringify(disclosed);
    for (const secret of ['Agreed, SPO.', 'Agreed, ACO.', 'spo.carol', 'aco.erin', 'po.alice']) expect(text).not.toContain(secret);
  });

  it('folds a whole case to the same seam and disclosures as evolveSeam, one event at a time', () => {
    const recorded = history(
      allocateCommand(),
      escalate('esc-1'),
      breachPack('bp-1'),
      draftRecall('ra-1', ['esc-1', 'bp-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      escalate('esc-2'),
      decideEscalation('esc-2', 'TRANSFER_TO_NPS'),
      [markOverdue('esc-1'), hoursLater(100)],
    );
    const fold = new SeamFold();
    let seam: SeamState | undefined;
    for (const { event, id } of recorded) {
      expect(fold.disclosureOf(event, id)).toEqual(disclosureOf(seam, event, id));
      fold.add(event);
      seam = evolveSeam(seam, event);
    }
    expect(seam).toMatchObject({
      managedBy: 'NPS',
      providerItems: { 'esc-1': 'CRC07', 'bp-1': 'CRC07', 'esc-2': 'CRC07' },
      recallDrafts: {},
    });
  });

  it('counts a case’s revision, for a provider, in the events it was shown', () => {
    const events = history(allocateCommand(), escalate('esc-1'), claim('esc-1'), release('esc-1'), escalate('esc-2')).map(
      ({ event }) => event,
    );
    const requested = (id: string) => (event: CaseEvent) => event.type === 'escalation.requested' && event.data.escalationId === id;
    expect(providerRevisionOf(events, 'CRC07', requested('esc-1'))).toBe(1);
    expect(providerRevisionOf(events, 'CRC07', requested('esc-2'))).toBe(2);
    expect(providerRevisionOf(events, 'CRC11', requested('esc-2'))).toBeUndefined();
    expect(providerRevisionOf(events, 'CRC07', (event) => event.type === 'item.claimed')).toBeUndefined();
  });

  it('marks the provider’s own items overdue, never the public service’s countersigning', () => {
    const recorded = history(
      allocateCommand(),
      breachPack('bp-1'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['bp-1']),
      escalate('esc-1'),
      [markOverdue('esc-1'), hoursLater(100)],
      [markOverdue('ra-1'), hoursLater(100)],
    );
    const disclosed = disclosuresOf(recorded, 'CRC07');
    expect(disclosed.map(({ event }) => event.type)).toEqual([
      'case.allocated',
      'breach-pack.recorded',
      'breach-pack.decided',
      'escalation.recorded',
      'item.overdue',
    ]);
    const view = providerCaseView(
      'CRC07',
      disclosed.map(({ event }) => event),
    );
    expect(view?.items.find((item) => item.itemId === 'esc-1')).toMatchObject({ overdue: true, open: true });
  });
});
