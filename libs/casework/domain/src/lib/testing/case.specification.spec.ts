import type { CaseEvent, CaseEventType } from '../case.events';
import { CASE_EVENT_TYPES } from '../case.events';
import { CaseNotFoundError, ItemClaimedByAnotherError, RoleNotAllowedError } from '../case.errors';
import { DEFAULT_RESPONSE_TIMES, DueTimePolicy } from '../due-time.policy';
import {
  actors,
  allocateCommand,
  allocateLicenceCase,
  interventionReferred,
  referToIntervention,
  riskInformationHandedOver,
  breachDue,
  breachWaived,
  courtStageRecorded,
  failureRecorded,
  itemFulfilled,
  recallAdviceDue,
  recordCourtStage,
  recordFailureToComply,
  recordWarning,
  waiveBreach,
  warningRecorded,
  acknowledgeRiskInformation,
  riskInformationAcknowledged,
  answerInformationRequest,
  recallAdviceReturned,
  recallAdviceRevised,
  recallAdviceWithdrawn,
  recallProgressed,
  recordRecallStep,
  returnRecallAdvice,
  reviseRecallAdvice,
  withdrawRecallAdvice,
  at,
  breachPackDecided,
  breachPackSubmitted,
  caseAllocated,
  caseDecider,
  caseTransferredToNps,
  claimItem,
  countersignRecallAdvice,
  decideBreachPack,
  decideEscalation,
  draftRecallAdvice,
  escalationDecided,
  escalationRequested,
  given,
  expireClaim,
  recordRiskInformation,
  reviewRiskInformation,
  riskInformationRecorded,
  riskInformationReviewed,
  requestTransfer,
  decideTransfer,
  transferRequested,
  transferDecided,
  caseMovedArea,
  caseClosed,
  closeCase,
  itemWithdrawn,
  history,
  hoursLater,
  itemClaimExpired,
  informationProvided,
  informationRequested,
  informationWithdrawn,
  itemBecameOverdue,
  itemClaimed,
  itemReleased,
  markItemOverdue,
  recallAdviceCountersignedByAco,
  recallAdviceCountersignedBySpo,
  recallAdviceDrafted,
  recallAdviceIssued,
  caseReassessed,
  mappaChanged,
  publicInterestRecorded,
  recordMappaChange,
  recordPublicInterest,
  recordRoshReview,
  recordSentence,
  requestInformation,
  roshReviewed,
  sentenceRecorded,
  releaseItem,
  requestEscalation,
  specificationFor,
  submitBreachPack,
} from '../../testing';

const allocated = () => history(allocateCommand());
const withEscalation = () => history(allocateCommand(), requestEscalation());
const withBreachPack = () => history(allocateCommand(), submitBreachPack());
const warnedSteps = () => [allocateCommand(), recordFailureToComply(), recordWarning()];
const warned = () => history(...warnedSteps());
const secondFailure = () => recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02', details: 'Late and refused to work.' });
const draftSteps = () => [allocateLicenceCase(), submitBreachPack(), draftRecallAdvice()];
const withDraft = () => history(...draftSteps());
const signedBySpo = () => history(...draftSteps(), countersignRecallAdvice());
const issued = () => history(...draftSteps(), countersignRecallAdvice(), countersignRecallAdvice({}, actors.aco));

describe('event builders', () => {
  // Each event type, recorded by the real decider from the command builders' defaults.
  const recordings: Record<CaseEventType, () => void> = {
    'case.allocated': () => given().when(allocateCommand()).then(caseAllocated()),
    'escalation.requested': () =>
      given(...allocated())
        .when(requestEscalation())
        .then(escalationRequested()),
    'item.claimed': () =>
      given(...withEscalation())
        .when(claimItem('esc-1'))
        .then(itemClaimed()),
    'item.released': () =>
      given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1')))
        .when(releaseItem('esc-1'))
        .then(itemReleased()),
    'escalation.decided': () =>
      given(...withEscalation())
        .when(decideEscalation())
        .then(escalationDecided()),
    'item.withdrawn': () =>
      given(...withEscalation())
        .when(closeCase())
        .then(itemWithdrawn(), caseClosed({ withdrawnItems: ['esc-1'] })),
    'case.closed': () =>
      given(...allocated())
        .when(closeCase())
        .then(caseClosed()),
    'risk-information.recorded': () =>
      given(...history(allocateCommand({ rosh: 'HIGH' })))
        .when(recordRiskInformation())
        .then(riskInformationRecorded()),
    'intervention.referred': () =>
      given(...history(allocateCommand({ rosh: 'HIGH' })))
        .when(referToIntervention())
        .then(interventionReferred()),
    'risk-information.handed-over': () =>
      given(...history(allocateCommand(), recordRiskInformation()))
        .when(recordRoshReview({ level: 'HIGH' }))
        .then(
          roshReviewed({ level: 'HIGH' }),
          caseReassessed({
            trigger: 'ROSH_REVIEW',
            outcome: 'MOVED_TO_NPS',
            managedBy: 'NPS',
            fromProvider: 'CRC07',
            reason: expect.any(String) as unknown as string,
          }),
          riskInformationHandedOver(),
        ),
    'risk-information.acknowledged': () =>
      given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation()))
        .when(acknowledgeRiskInformation())
        .then(riskInformationAcknowledged()),
    'risk-information.reviewed': () =>
      given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation(), acknowledgeRiskInformation()))
        .when(reviewRiskInformation())
        .then(riskInformationReviewed()),
    'transfer.requested': () =>
      given(...allocated())
        .when(requestTransfer())
        .then(transferRequested()),
    'transfer.decided': () =>
      given(...history(allocateCommand(), requestTransfer()))
        .when(decideTransfer({ outcome: 'REFUSED', rationale: 'No address in Leeds yet.' }))
        .then(transferDecided({ outcome: 'REFUSED', rationale: 'No address in Leeds yet.' })),
    'case.moved-area': () =>
      given(...history(allocateCommand(), requestTransfer()))
        .when(decideTransfer())
        .then(transferDecided(), caseMovedArea()),
    'item.claim-expired': () =>
      given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1')))
        .when(expireClaim('esc-1'), { now: hoursLater(8) })
        .then(itemClaimExpired()),
    'escalation.information-requested': () =>
      given(...withEscalation())
        .when(requestInformation())
        .then(informationRequested()),
    'escalation.information-withdrawn': () =>
      given(...history(allocateCommand(), requestEscalation(), requestInformation()))
        .when(recordRoshReview({ level: 'HIGH' }), { now: hoursLater(1) })
        .then(
          roshReviewed({ level: 'HIGH' }, { at: hoursLater(1) }),
          caseReassessed(
            {
              trigger: 'ROSH_REVIEW',
              outcome: 'MOVED_TO_NPS',
              managedBy: 'NPS',
              fromProvider: 'CRC07',
              reason: expect.any(String) as unknown as string,
            },
            { at: hoursLater(1) },
          ),
          informationWithdrawn(),
        ),
    'escalation.information-provided': () =>
      given(...history(allocateCommand(), requestEscalation(), requestInformation()))
        .when(answerInformationRequest(), { now: hoursLater(1) })
        .then(informationProvided()),
    'case.transferred-to-nps': () =>
      given(...withEscalation())
        .when(decideEscalation({ outcome: 'TRANSFER_TO_NPS' }))
        .then(escalationDecided({ outcome: 'TRANSFER_TO_NPS' }), caseTransferredToNps()),
    'breach-pack.submitted': () =>
      given(...allocated())
        .when(submitBreachPack())
        .then(breachPackSubmitted()),
    'breach-pack.decided': () =>
      given(...withBreachPack())
        .when(decideBreachPack())
        .then(breachPackDecided()),
    'compliance.failure-recorded': () =>
      given(...allocated())
        .when(recordFailureToComply())
        .then(failureRecorded()),
    'compliance.warning-recorded': () =>
      given(...history(allocateCommand(), recordFailureToComply()))
        .when(recordWarning())
        .then(warningRecorded()),
    'breach.due': () =>
      given(...warned())
        .when(secondFailure())
        .then(failureRecorded(secondFailure().payload), breachDue()),
    'breach.waived': () =>
      given(...history(...warnedSteps(), secondFailure()))
        .when(waiveBreach())
        .then(breachWaived()),
    'item.fulfilled': () =>
      given(...history(...warnedSteps(), secondFailure()))
        .when(submitBreachPack({ failureIds: ['fail-1', 'fail-2'] }))
        .then(breachPackSubmitted({ failureIds: ['fail-1', 'fail-2'] }), itemFulfilled()),
    'breach.court-stage-recorded': () =>
      given(...history(allocateCommand(), submitBreachPack(), decideBreachPack({ outcome: 'RETURN_TO_COURT' })))
        .when(recordCourtStage())
        .then(courtStageRecorded()),
    'recall-advice.due': () =>
      given(...history(allocateLicenceCase(), submitBreachPack()))
        .when(decideBreachPack({ outcome: 'RECALL' }))
        .then(breachPackDecided({ outcome: 'RECALL' }), recallAdviceDue()),
    'recall-advice.drafted': () =>
      given(...history(allocateLicenceCase(), submitBreachPack()))
        .when(draftRecallAdvice())
        .then(recallAdviceDrafted()),
    'recall-advice.returned': () =>
      given(...withDraft())
        .when(returnRecallAdvice())
        .then(recallAdviceReturned()),
    'recall-advice.revised': () =>
      given(...history(...draftSteps(), returnRecallAdvice()))
        .when(reviseRecallAdvice())
        .then(recallAdviceRevised()),
    'recall-advice.withdrawn': () =>
      given(...withDraft())
        .when(withdrawRecallAdvice())
        .then(recallAdviceWithdrawn()),
    'recall.progressed': () =>
      given(...issued())
        .when(recordRecallStep())
        .then(recallProgressed()),
    'recall-advice.countersigned-by-spo': () =>
      given(...withDraft())
        .when(countersignRecallAdvice())
        .then(recallAdviceCountersignedBySpo()),
    'recall-advice.countersigned-by-aco': () =>
      given(...signedBySpo())
        .when(countersignRecallAdvice({}, actors.aco))
        .then(recallAdviceCountersignedByAco(), recallAdviceIssued()),
    'recall-advice.issued': () =>
      given(...signedBySpo())
        .when(countersignRecallAdvice({}, actors.aco))
        .then(recallAdviceCountersignedByAco(), recallAdviceIssued()),
    'item.became-overdue': () =>
      given(...withEscalation())
        .when(markItemOverdue('esc-1'), { now: hoursLater(3) })
        .then(itemBecameOverdue({}, { at: hoursLater(3) })),
    'rosh.reviewed': () =>
      given(...allocated())
        .when(recordRoshReview())
        .then(roshReviewed(), caseReassessed()),
    'mappa.changed': () =>
      given(...allocated())
        .when(recordMappaChange())
        .then(
          mappaChanged(),
          caseReassessed({ trigger: 'MAPPA_CHANGE', reason: 'Moves to the public service: managed under MAPPA (category 2, level 2)' }),
        ),
    'sentence.recorded': () =>
      given(...allocated())
        .when(recordSentence())
        .then(
          sentenceRecorded(),
          caseReassessed({
            trigger: 'NEW_SENTENCE',
            outcome: 'STAYS_WITH_PROVIDER',
            managedBy: 'CRC07',
            fromProvider: null,
            reason: 'Stays with CRC07: not MAPPA, risk of serious harm MEDIUM, no exceptional public interest',
          }),
        ),
    'public-interest.recorded': () =>
      given(...allocated())
        .when(recordPublicInterest())
        .then(
          publicInterestRecorded(),
          caseReassessed(
            { trigger: 'PUBLIC_INTEREST', reason: 'Moves to the public service: exceptional public interest' },
            { by: actors.aco },
          ),
        ),
    'case.reassessed': () =>
      given(...allocated())
        .when(recordRoshReview())
        .then(roshReviewed(), caseReassessed()),
  };

  it.each(CASE_EVENT_TYPES)('default to what the decider records: %s', (type) => {
    recordings[type]();
  });

  it('state derived fields from the stamp and the other defaults', () => {
    expect(escalationRequested({ urgency: 'URGENT' }, { at: hoursLater(1) }).data.dueAt).toBe('2026-11-05T11:00:00.000Z');
    expect(caseAllocated({ rosh: 'HIGH' }).data).toMatchObject({
      allocatedTo: 'NPS',
      reason: 'Retained by the public service: risk of serious harm is HIGH',
    });
    expect(recallAdviceIssued({}, { by: actors.spo }).data.aco).toBe(actors.spo.id);
  });
});

describe('history', () => {
  it('decides each command in turn, at the time it is given', () => {
    const events = history(allocateCommand(), at(hoursLater(5), requestEscalation()));
    expect(events).toStrictEqual([caseAllocated(), escalationRequested({ dueAt: hoursLater(7).toISOString() }, { at: hoursLater(5) })]);
  });

  it('fails at the step the decider refuses, naming it', () => {
    expect(() => history(allocateCommand(), claimItem('esc-1'))).toThrow(/history step 1 \(ClaimItem\) was refused: ItemNotFoundError/);
  });
});

describe('given / when / then', () => {
  it('takes the due-time rules from the context', () => {
    const oneHour = new DueTimePolicy({ ...DEFAULT_RESPONSE_TIMES, immediateHours: 1 });
    given(...allocated())
      .when(requestEscalation(), { dueTimes: oneHour })
      .then(escalationRequested({ dueAt: hoursLater(1).toISOString() }));
  });

  it('returns the case as the recorded events leave it', () => {
    const state = given(...withEscalation())
      .when(claimItem('esc-1'))
      .then(itemClaimed());
    expect(state.items['esc-1'].claimedBy).toBe(actors.officer.id);
  });

  it('fails when the events differ, in content, number or order', () => {
    const when = given(...withEscalation()).when(decideEscalation({ outcome: 'TRANSFER_TO_NPS' }));
    expect(() => when.then(escalationDecided({ outcome: 'TRANSFER_TO_NPS' }))).toThrow();
    expect(() => when.then(caseTransferredToNps(), escalationDecided({ outcome: 'TRANSFER_TO_NPS' }))).toThrow();
    expect(() => when.then(escalationDecided({ outcome: 'TRANSFER_TO_NPS' }, { by: actors.spo }), caseTransferredToNps())).toThrow();
  });

  it('fails when the decider refuses what `then` expects, saying why', () => {
    expect(() => given().when(claimItem('esc-1')).then(itemClaimed())).toThrow(/ClaimItem was refused: CaseNotFoundError/);
  });

  it('fails when an event was expected to be nothing', () => {
    expect(() =>
      given(...withEscalation())
        .when(claimItem('esc-1'))
        .thenNothingHappened(),
    ).toThrow(/expected to record nothing, but recorded \[item.claimed\]/);
  });

  it('fails unless the decider throws the error named, and it passes the check', () => {
    const claimed = given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1')));
    const byBob = claimed.when(claimItem('esc-1', actors.otherOfficer));
    expect(byBob.thenThrows(ItemClaimedByAnotherError).claimedBy).toBe(actors.officer.id);
    expect(() => claimed.when(releaseItem('esc-1')).thenThrows(ItemClaimedByAnotherError)).toThrow(
      /expected to throw ItemClaimedByAnotherError, but recorded \[item.released\]/,
    );
    expect(() => byBob.thenThrows(RoleNotAllowedError)).toThrow(
      /expected to throw RoleNotAllowedError, but threw ItemClaimedByAnotherError/,
    );
    expect(() => byBob.thenThrows(ItemClaimedByAnotherError, (error) => error.claimedBy === actors.spo.id)).toThrow(
      /does not pass the check/,
    );
    expect(() => byBob.thenThrows(ItemClaimedByAnotherError, (error) => expect(error.claimedBy).toBe(actors.spo.id))).toThrow();
  });

  it('never takes an error from folding the given events for the decider’s answer', () => {
    expect(() => given(itemClaimed()).when(claimItem('esc-1')).thenThrows(Error)).toThrow(/given: event 0 \(item.claimed\) does not fold/);
    expect(() => given().when(claimItem('esc-1')).thenThrows(CaseNotFoundError)).not.toThrow();
  });

  it('fails on an event its schema refuses, or one that does not fold', () => {
    const padded = { ...itemClaimed(), data: { ...itemClaimed().data, note: 'not in the schema' } } as CaseEvent;
    const recording = (event: CaseEvent) => specificationFor({ ...caseDecider, decide: () => [event] });
    expect(() =>
      recording(padded)(...withEscalation())
        .when(claimItem('esc-1'))
        .then(padded),
    ).toThrow(/event 0 \(item.claimed\) does not pass its schema: data.note: not part of the schema/);
    expect(() => recording(itemClaimed())().when(claimItem('esc-1')).then(itemClaimed())).toThrow(/item.claimed\) does not fold/);
  });
});
