import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { CaseNotFoundError, CaseNotManagedByProviderError } from './case.errors';
import { replay } from './case.state';
import { providerAccess } from './management.policy';
import {
  disclosureOf,
  disclosuresOf,
  evolveSeam,
  providerCaseView,
  ProviderRevisionFold,
  providerRevisionOf,
  SeamFold,
  seamEntriesOf,
  SeamState,
} from './provider-disclosure.policy';
import type { Actor } from './vocabulary';
import {
  A_WORKING_MORNING,
  actors,
  allocateCommand,
  allocateLicenceCase,
  referToIntervention,
  recordCourtStage,
  recordFailureToComply,
  recordWarning,
  acknowledgeRiskInformation,
  recordRiskInformation,
  recordRoshReview,
  reviewRiskInformation,
  recordRecallStep,
  returnRecallAdvice,
  reviseRecallAdvice,
  withdrawRecallAdvice,
  at,
  claimItem,
  closeCase,
  decideTransfer,
  requestTransfer,
  countersignRecallAdvice,
  CRN,
  decideBreachPack,
  decideEscalation,
  draftRecallAdvice,
  given,
  history,
  HistoryStep,
  hoursLater,
  markItemOverdue,
  releaseItem,
  requestEscalation,
  submitBreachPack,
} from '../testing';

const escalate = (escalationId: string, requestId = `req-${escalationId}`, actor: Actor = actors.crc07) =>
  requestEscalation({ escalationId, requestId, raisedBy: 'Jo Bloggs', summary: 'Said he felt like hurting his ex-partner.' }, actor);
const breachPack = (breachPackId: string) =>
  submitBreachPack({ breachPackId, providerRecommendation: 'RECALL', summary: 'Second absence.' });
const decideOn = (escalationId: string, outcome: 'RETAIN_WITH_PROVIDER' | 'TRANSFER_TO_NPS') =>
  decideEscalation({
    escalationId,
    outcome,
    rationale: 'Threats to a named victim.',
    advice: 'Tell the police.',
    revisedRosh: outcome === 'TRANSFER_TO_NPS' ? 'HIGH' : null,
  });
const decideBreach = (breachPackId: string) => decideBreachPack({ breachPackId, outcome: 'RECALL', rationale: 'Third failure.' });
const draftRecall = (recallAdviceId: string, basedOn: string[]) =>
  draftRecallAdvice({
    recallAdviceId,
    recallType: 'STANDARD',
    emergency: true,
    rationale: 'Whereabouts unknown.',
    basedOn,
    fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Whereabouts unknown after threats.' },
  });
const countersign = (recallAdviceId: string, actor: Actor, rationale: string) =>
  countersignRecallAdvice({ recallAdviceId, rationale }, actor);
const overdueLater = (itemId: string) => at(hoursLater(100), markItemOverdue(itemId));

/** The kit's history, numbered as the store would number it. */
function numbered(...steps: (CaseCommand | HistoryStep)[]): { event: CaseEvent; id: string }[] {
  return history(...steps).map((event, index) => ({ event, id: `event-${index}` }));
}
const eventsOf = <E>(entries: { event: E }[]): E[] => entries.map(({ event }) => event);

const typesFor = (provider: string, recorded: { event: CaseEvent; id: string }[]) =>
  disclosuresOf(recorded, provider).map(({ event }) => event.type);

describe('who sees what', () => {
  it('shows a case the public service kept from the start to no provider, not even the one named for its area', () => {
    const kept = numbered(allocateCommand({ mappa: { category: 2, level: 2 } }));
    expect(disclosuresOf(kept)).toEqual([]);
    expect(providerCaseView('CRC07', [])).toBeUndefined();
    const state = replay(eventsOf(kept));
    expect(providerAccess(state?.managementPeriods ?? [], 'CRC07')).toBe('never');
    given(...eventsOf(kept))
      .when(escalate('esc-1'))
      .thenThrows(CaseNotFoundError);
  });

  it('gives the managing provider its requests as recorded and the decisions on them, never claims or fingerprints', () => {
    const recorded = numbered(
      allocateCommand(),
      escalate('esc-1'),
      claimItem('esc-1'),
      releaseItem('esc-1'),
      decideOn('esc-1', 'RETAIN_WITH_PROVIDER'),
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
    const [allocated, requested] = numbered(allocateCommand(), escalate('esc-1'));
    const seam = { crn: CRN, managedBy: 'CRC07', providerItems: {}, recallDrafts: {} };
    const padded = { ...requested.event, data: { ...requested.event.data, internalNote: 'for staff only' } } as unknown as CaseEvent;
    const disclosed = disclosureOf(seam, padded, 'event-1');
    expect(JSON.stringify(disclosed)).not.toContain('internalNote');
    expect(JSON.stringify(disclosed)).not.toContain('requestFingerprint');
    expect(disclosureOf(undefined, allocated.event, 'event-0')?.event.data).not.toHaveProperty('provider');
  });

  it('ends at the decision that moved the case: nothing recorded after the transfer reaches the former provider', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      escalate('esc-1'),
      escalate('esc-2'),
      breachPack('bp-1'),
      decideOn('esc-2', 'TRANSFER_TO_NPS'),
      decideOn('esc-1', 'RETAIN_WITH_PROVIDER'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['esc-2', 'bp-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      overdueLater('esc-1'),
    );
    expect(typesFor('CRC07', recorded)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.recorded',
      'breach-pack.recorded',
      'escalation.decided',
      'case.transferred',
    ]);
    const state = replay(eventsOf(recorded));
    expect(state?.managementPeriods).toEqual([
      { managedBy: 'CRC07', from: A_WORKING_MORNING.toISOString(), until: A_WORKING_MORNING.toISOString() },
      { managedBy: 'NPS', from: A_WORKING_MORNING.toISOString(), until: null },
    ]);
    expect(providerAccess(state?.managementPeriods ?? [], 'CRC07')).toBe('formerly');
    // Its own request, retried, still gets the original answer; anything new is refused.
    const transferred = given(...eventsOf(recorded));
    transferred.when(escalate('esc-1')).thenNothingHappened();
    transferred.when(escalate('esc-9')).thenThrows(CaseNotManagedByProviderError);
    transferred.when(escalate('esc-9', 'req-other', actors.crc11)).thenThrows(CaseNotFoundError);

    const view = providerCaseView('CRC07', eventsOf(disclosuresOf(recorded, 'CRC07')));
    expect(view).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', transferredAt: A_WORKING_MORNING.toISOString(), recallAdvice: [] });
    expect(view?.items.map((item) => [item.itemId, item.open, item.decision?.outcome ?? null, item.overdue])).toEqual([
      ['esc-1', true, null, false],
      ['esc-2', false, 'TRANSFER_TO_NPS', false],
      ['bp-1', true, null, false],
    ]);
  });

  it('tells the managing provider of recall advice only once issued, with the draft’s reasons and none of the signatures', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      breachPack('bp-1'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['bp-1']),
      claimItem('ra-1', actors.spo),
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

  it('tells an intervention provider what it recorded on a public-service case and what came of it, never the reasons or anything else', () => {
    const recorded = numbered(
      allocateCommand({ rosh: 'HIGH' }),
      referToIntervention(),
      recordRiskInformation({ source: 'INTERVENTION_PROVIDER', threat: true, summary: 'Said in group he would hurt her.' }, actors.crc07),
      recordRoshReview({ level: 'VERY_HIGH' }),
      acknowledgeRiskInformation('ri-1', actors.officer),
      reviewRiskInformation({ outcome: 'MAPPA_REFERRAL', rationale: 'Referred to MAPPA level 2 meeting on Friday.' }, actors.officer),
    );
    const disclosed = disclosuresOf(recorded);
    expect(disclosed.map(({ provider, event }) => [provider, event.type])).toEqual([
      ['CRC07', 'risk-information.recorded'],
      ['CRC07', 'risk-information.acknowledged'],
      ['CRC07', 'risk-information.reviewed'],
    ]);
    expect(disclosed[0].event.data).toMatchObject({ recordedBy: 'CRC07', heldBy: 'NPS', threat: true });
    expect(disclosed[2].event.data).toEqual({ riskInformationId: 'ri-1', outcome: 'MAPPA_REFERRAL', rationale: null, late: false });
    expect(JSON.stringify(disclosed)).not.toMatch(/MAPPA level 2 meeting|VERY_HIGH|po\.alice|Thinking skills/);
  });

  it('tells a provider that left the case nothing of the information it recorded there, once the public service holds it', () => {
    const recorded = numbered(
      allocateCommand(),
      recordRiskInformation({ summary: 'His sister says he has a knife.' }, actors.crc07),
      recordRoshReview({ level: 'HIGH' }),
      reviewRiskInformation({ outcome: 'POLICE_INFORMED', rationale: 'Police told; home visit with them.' }, actors.officer),
    );
    const types = disclosuresOf(recorded, 'CRC07').map(({ event }) => event.type);
    expect(types).toEqual(['case.allocated', 'risk-information.recorded', 'case.transferred']);
    expect(JSON.stringify(disclosuresOf(recorded))).not.toContain('home visit');
  });

  it('brings the managing provider what the public service recorded on its case, for its officer, with the reasons of its own review', () => {
    const recorded = numbered(
      allocateCommand(),
      recordRiskInformation({ source: 'POLICE', receivedBy: 'Sam Patel, police liaison' }),
      reviewRiskInformation({ outcome: 'PLAN_UPDATED', rationale: 'Curfew check added.' }, actors.crc07),
    );
    const disclosed = disclosuresOf(recorded, 'CRC07');
    expect(disclosed.map(({ event }) => event.type)).toEqual([
      'case.allocated',
      'risk-information.recorded',
      'risk-information.acknowledged',
      'risk-information.reviewed',
    ]);
    expect(disclosed[1].event.data).toMatchObject({ recordedBy: 'NPS', heldBy: 'CRC07', source: 'POLICE' });
    expect(disclosed[1].event.data).not.toHaveProperty('receivedBy');
    expect(disclosed[3].event.data).toMatchObject({ outcome: 'PLAN_UPDATED', rationale: 'Curfew check added.' });
    const view = providerCaseView('CRC07', eventsOf(disclosed));
    expect(view?.riskInformation).toEqual([
      expect.objectContaining({
        riskInformationId: 'ri-1',
        acknowledgedAt: A_WORKING_MORNING.toISOString(),
        review: expect.objectContaining({ outcome: 'PLAN_UPDATED' }),
      }),
    ]);
  });

  it('gives the provider its own compliance records, the breach due on it, and its breach at court without the details', () => {
    const recorded = numbered(
      allocateCommand(),
      recordFailureToComply(),
      recordWarning(),
      recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02' }),
      submitBreachPack({ failureIds: ['fail-1', 'fail-2'] }),
      decideBreachPack({ outcome: 'RETURN_TO_COURT' }),
      recordCourtStage({ details: 'Listed before the district judge; probation to attend.' }),
    );
    const disclosed = disclosuresOf(recorded);
    expect(disclosed.map(({ provider, event }) => `${provider} ${event.type}`)).toEqual([
      'CRC07 case.allocated',
      'CRC07 compliance.failure-recorded',
      'CRC07 compliance.warning-recorded',
      'CRC07 compliance.failure-recorded',
      'CRC07 breach.due',
      'CRC07 breach-pack.recorded',
      'CRC07 breach-pack.decided',
      'CRC07 breach.court-stage-recorded',
    ]);
    expect(disclosed[7].event.data).toEqual({ breachPackId: 'bp-1', stage: 'LAID', on: '2026-11-04', outcome: null });
    expect(JSON.stringify(disclosed)).not.toMatch(/district judge|item\.fulfilled/);
    const view = providerCaseView('CRC07', eventsOf(disclosed));
    expect(view?.compliance.breachDue).toEqual([expect.objectContaining({ breachDueId: 'bd-fail-2', waived: null })]);
    expect(view?.items.find((item) => item.itemId === 'bp-1')).toMatchObject({
      court: [{ stage: 'LAID', on: '2026-11-04', outcome: null }],
    });
  });

  it('tells the provider the advice as revised after a return, never the return, and what followed the issue without its details', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      draftRecall('ra-1', []),
      returnRecallAdvice({ recallAdviceId: 'ra-1', reason: 'Too thin, ACO will ask.' }),
      reviseRecallAdvice({
        recallAdviceId: 'ra-1',
        recallType: 'STANDARD',
        emergency: true,
        rationale: 'Whereabouts unknown since 2 November; threats to his ex-partner.',
        fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Threats.' },
        note: 'Added the dates.',
      }),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      recordRecallStep({ recallAdviceId: 'ra-1', step: 'SENT_TO_PPCS', details: 'Sent by secure email to PPCS duty desk.' }),
      draftRecall('ra-2', []),
      withdrawRecallAdvice({ recallAdviceId: 'ra-2', reason: 'Drafted twice by mistake.' }),
    );
    const disclosed = disclosuresOf(recorded, 'CRC07');
    expect(disclosed.map(({ event }) => event.type)).toEqual(['case.allocated', 'recall-advice.issued', 'recall.progressed']);
    expect(disclosed[1].event.data).toMatchObject({ rationale: 'Whereabouts unknown since 2 November; threats to his ex-partner.' });
    expect(disclosed[2].event.data).toEqual({ recallAdviceId: 'ra-1', step: 'SENT_TO_PPCS', happenedAt: A_WORKING_MORNING.toISOString() });
    const text = JSON.stringify(disclosed);
    for (const secret of ['Too thin', 'Added the dates', 'secure email', 'ra-2', 'Drafted twice']) expect(text).not.toContain(secret);
    const view = providerCaseView('CRC07', eventsOf(disclosed));
    expect(view?.recallAdvice.map((advice) => advice.progress)).toEqual([
      [{ step: 'SENT_TO_PPCS', happenedAt: A_WORKING_MORNING.toISOString() }],
    ]);
  });
  it('folds a whole case to the same seam and disclosures as evolveSeam, one event at a time', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      escalate('esc-1'),
      breachPack('bp-1'),
      draftRecall('ra-1', ['esc-1', 'bp-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      escalate('esc-2'),
      decideOn('esc-2', 'TRANSFER_TO_NPS'),
      overdueLater('esc-1'),
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
    expect(fold.current).toEqual(seam);
  });

  it('numbers provider revisions folded in place as providerRevisionOf counts them', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      escalate('esc-1'),
      claimItem('esc-1'),
      draftRecall('ra-1', ['esc-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      escalate('esc-2'),
      decideOn('esc-2', 'TRANSFER_TO_NPS'),
    );
    const fold = new ProviderRevisionFold();
    const events = recorded.map(({ event }) => event);
    const numberedInPlace = events.map((event) => fold.add(event));
    events.forEach((event, index) => {
      const disclosed = numberedInPlace[index];
      // Each event is the first that matches itself (events are distinct objects).
      const counted = providerRevisionOf(events, disclosed?.provider ?? 'CRC07', (candidate) => candidate === event);
      expect(disclosed?.revision).toBe(counted);
    });
    expect(numberedInPlace.filter(Boolean).length).toBeGreaterThan(3);
  });

  it('tells the provider a case left it, but not about an escalation another provider raised before the case came to it', () => {
    const events = history(
      allocateCommand(),
      escalate('esc-1'),
      requestTransfer({ toLdu: 'LDU-LDS-S', toProvider: 'CRC11' }),
      decideTransfer(),
      decideOn('esc-1', 'TRANSFER_TO_NPS'),
    );
    const toCrc11 = disclosuresOf(
      events.map((event, index) => ({ event, id: `e${index}` })),
      'CRC11',
    ).map((d) => d.event);
    expect(toCrc11.map((event) => event.type)).toEqual(['case.allocated', 'case.transferred']);
    expect(toCrc11[1].data).toMatchObject({ to: 'NPS', escalationId: null });
  });

  it('gives the same disclosures from only the seam entries an event names as from the whole seam', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      escalate('esc-1'),
      breachPack('bp-1'),
      escalate('esc-2'),
      draftRecall('ra-1', ['esc-1', 'bp-1']),
      countersign('ra-1', actors.spo, 'Agreed, SPO.'),
      countersign('ra-1', actors.aco, 'Agreed, ACO.'),
      decideOn('esc-2', 'RETAIN_WITH_PROVIDER'),
      closeCase(),
    );
    expect(recorded.at(-1)?.event).toMatchObject({ type: 'case.closed', data: { withdrawnItems: ['esc-1', 'bp-1'] } });
    // A second case (the same rules from a fresh seam): moved to another area, then moved by the first provider's escalation.
    const moved = numbered(allocateCommand(), escalate('esc-1'), requestTransfer(), decideTransfer(), decideOn('esc-1', 'TRANSFER_TO_NPS'));
    recorded.push(...moved.map((entry, index) => ({ ...entry, id: `m${index}` })));
    // A third: moved to the public service by the manager's own escalation.
    const ownMove = numbered(allocateCommand(), escalate('esc-1'), decideOn('esc-1', 'TRANSFER_TO_NPS'));
    recorded.push(...ownMove.map((entry, index) => ({ ...entry, id: `o${index}` })));
    let seam: SeamState | undefined;
    for (const { event, id } of recorded) {
      if (seam) {
        const draftId = seamEntriesOf(event).recallAdviceId;
        const { itemIds, recallAdviceId } = seamEntriesOf(event, draftId ? seam.recallDrafts[draftId] : undefined);
        const pick = <T>(entries: Readonly<Record<string, T>>, keys: string[]) =>
          Object.fromEntries(keys.filter((key) => key in entries).map((key) => [key, entries[key]]));
        const partial: SeamState = {
          crn: seam.crn,
          managedBy: seam.managedBy,
          providerItems: pick(seam.providerItems, itemIds),
          recallDrafts: pick(seam.recallDrafts, recallAdviceId ? [recallAdviceId] : []),
        };
        expect(disclosureOf(partial, event, id)).toEqual(disclosureOf(seam, event, id));
      }
      seam = evolveSeam(seam, event);
    }
  });

  it('counts a case’s revision, for a provider, in the events it was shown', () => {
    const events = history(allocateCommand(), escalate('esc-1'), claimItem('esc-1'), releaseItem('esc-1'), escalate('esc-2'));
    const requested = (id: string) => (event: CaseEvent) => event.type === 'escalation.requested' && event.data.escalationId === id;
    expect(providerRevisionOf(events, 'CRC07', requested('esc-1'))).toBe(1);
    expect(providerRevisionOf(events, 'CRC07', requested('esc-2'))).toBe(2);
    expect(providerRevisionOf(events, 'CRC11', requested('esc-2'))).toBeUndefined();
    expect(providerRevisionOf(events, 'CRC07', (event) => event.type === 'item.claimed')).toBeUndefined();
  });

  it('marks the provider’s own items overdue, never the public service’s countersigning', () => {
    const recorded = numbered(
      allocateLicenceCase(),
      breachPack('bp-1'),
      decideBreach('bp-1'),
      draftRecall('ra-1', ['bp-1']),
      escalate('esc-1'),
      overdueLater('esc-1'),
      overdueLater('ra-1'),
    );
    const disclosed = disclosuresOf(recorded, 'CRC07');
    expect(disclosed.map(({ event }) => event.type)).toEqual([
      'case.allocated',
      'breach-pack.recorded',
      'breach-pack.decided',
      'escalation.recorded',
      'item.overdue',
    ]);
    const view = providerCaseView('CRC07', eventsOf(disclosed));
    expect(view?.items.find((item) => item.itemId === 'esc-1')).toMatchObject({ overdue: true, open: true });
  });
});
