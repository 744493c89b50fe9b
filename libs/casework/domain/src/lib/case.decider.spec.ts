import {
  CaseAlreadyExistsError,
  CaseClosedError,
  ClosedOnInFutureError,
  ClosureDetailsRequiredError,
  HighRiskRetentionNeedsSpoError,
  InformationAlreadyRequestedError,
  InformationNotRequestedError,
  MappaLevelNotAllowedError,
  ProviderKnewAtInFutureError,
  ProviderNoLongerManagesError,
  KnownAtInFutureError,
  TransferAlreadyOpenError,
  TransferDeciderConflictError,
  TransferToSameAreaError,
  SeenRevisionUnknownError,
  CaseNotManagedByPublicServiceError,
  ItemHeldByProviderError,
  PublicInterestReasonRequiredError,
  SentenceInconsistentError,
  SentenceKindUnknownError,
  AssessmentAlreadyRecordedError,
  CaseNotFoundError,
  CaseNotManagedByProviderError,
  CountersignatureOutOfOrderError,
  CountersignerConflictError,
  ItemAlreadyDecidedError,
  ItemClaimedByAnotherError,
  ItemIdTakenError,
  ItemNotFoundError,
  RationaleRequiredError,
  RecallAdviceAlreadyIssuedError,
  RequestIdReusedError,
  RoleNotAllowedError,
  TooManyOpenRequestsError,
  UnknownBasisError,
} from './case.errors';
import type { Actor } from './vocabulary';
import { disclosuresOf } from './provider-disclosure.policy';
import { MAX_OPEN_REQUESTS_PER_CASE } from './vocabulary';
import {
  A_WORKING_MORNING,
  actors,
  allocateCommand,
  allocateLicenceCase,
  referToIntervention,
  riskInformationHandedOver,
  acknowledgeRiskInformation,
  riskInformationAcknowledged,
  answerInformationRequest,
  at,
  breachPackDecided,
  breachPackSubmitted,
  caseAllocated,
  caseReassessed,
  caseTransferredToNps,
  claimItem,
  countersignRecallAdvice,
  CRN,
  decideBreachPack,
  decideEscalation,
  draftRecallAdvice,
  escalationDecided,
  escalationRequested,
  given,
  history,
  hoursLater,
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
  expireClaim,
  itemClaimExpired,
  informationProvided,
  informationRequested,
  informationWithdrawn,
  itemBecameOverdue,
  itemClaimed,
  itemReleased,
  markItemOverdue,
  mappaChanged,
  publicInterestRecorded,
  recordMappaChange,
  recordPublicInterest,
  recordRoshReview,
  recordSentence,
  roshReviewed,
  sentenceRecorded,
  recallAdviceCountersignedByAco,
  recallAdviceCountersignedBySpo,
  recallAdviceDrafted,
  recallAdviceIssued,
  releaseItem,
  requestEscalation,
  requestInformation,
  submitBreachPack,
  withdrawRecallAdvice,
} from '../testing';
import { awaitsPublicService, CaseFold, evolve, isOpen, isOpenProviderRequest, itemClock } from './case.state';
import { DueTimePolicy } from './due-time.policy';

const transferToNps = () => decideEscalation({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' });
const countersignedBy = (actor: Actor, rationale = 'Agreed.') => countersignRecallAdvice({ rationale }, actor);

describe('allocating a case', () => {
  it('records the allocation with its reason and victim-contact eligibility', () => {
    given()
      .when(allocateCommand({ rosh: 'HIGH' }))
      .then(
        caseAllocated({
          crn: CRN,
          rosh: 'HIGH',
          allocatedTo: 'NPS',
          reason: 'Retained by the public service: risk of serious harm is HIGH',
          // An 18-month community order for a violent offence: not a sentence of imprisonment (DVCVA 2004 s.35).
          victimContactEligible: false,
        }),
      );
  });

  it('records the sentence by kind, and victim contact by the statute with its basis', () => {
    const custody = {
      type: 'Determinate custodial sentence',
      lengthMonths: 30,
      custodialTermMonths: 30,
      offenceCategory: 'VIOLENT',
      imposedOn: '2026-03-02',
      licenceConditions: ['Not to contact the victim', 'Exclusion zone: Lime Street'],
    } as const;
    given()
      .when(allocateCommand({ sentence: custody }))
      .then(
        caseAllocated({
          sentence: { ...custody, kind: 'DETERMINATE_CUSTODY', requirements: [] },
          victimContactEligible: true,
          victimContactBasis:
            'Imprisonment for 30 months (12 months or more) for a violent offence: Domestic Violence, Crime and Victims Act 2004 s.35 and the Victims’ Code',
        }),
      );
  });

  it('refuses a sentence it cannot tell the kind of, facts that contradict the kind, and MAPPA category 3 at level 1', () => {
    given()
      .when(allocateCommand({ sentence: { type: 'Fine', lengthMonths: 0, offenceCategory: 'OTHER' } }))
      .thenThrows(SentenceKindUnknownError);
    given()
      .when(allocateCommand({ sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'OTHER', custodialTermMonths: 6 } }))
      .thenThrows(SentenceInconsistentError);
    given()
      .when(allocateCommand({ mappa: { category: 3, level: 1 } }))
      .thenThrows(MappaLevelNotAllowedError);
  });

  it('refuses a case that already exists', () => {
    given(...history(allocateCommand()))
      .when(allocateCommand())
      .thenThrows(CaseAlreadyExistsError);
  });

  it('is for public-service staff only', () => {
    given()
      .when(allocateCommand({}, CRN, actors.crc07))
      .thenThrows(RoleNotAllowedError);
    given()
      .when(allocateCommand({}, CRN, actors.auditor))
      .thenThrows(RoleNotAllowedError);
  });
});

describe('provider requests', () => {
  const allocated = history(allocateCommand());

  it("will not fold a provider's request whose actor names no provider (its schema refuses one too)", () => {
    const nameless: Actor = { id: 'crc07-system', role: 'provider' };
    const state = evolve(undefined, caseAllocated());
    expect(evolve(state, escalationRequested()).items['esc-1']).toMatchObject({ provider: 'CRC07' });
    expect(() => evolve(state, escalationRequested({}, { by: nameless }))).toThrow(
      'escalation.requested by crc07-system names no provider',
    );
  });

  it('records an escalation with its due time from its urgency', () => {
    given(...allocated)
      .when(requestEscalation({ urgency: 'IMMEDIATE' }))
      .then(escalationRequested({ urgency: 'IMMEDIATE', dueAt: hoursLater(2).toISOString() }, { by: actors.crc07 }));
  });

  it('hides another provider’s case as not found', () => {
    given(...allocated)
      .when(requestEscalation({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
    given().when(requestEscalation()).thenThrows(CaseNotFoundError);
  });

  it('takes at most MAX_OPEN_REQUESTS_PER_CASE open requests on a case; a decision makes room again', () => {
    const requests = Array.from({ length: MAX_OPEN_REQUESTS_PER_CASE }, (_, index) =>
      index % 2 ? requestEscalation({ escalationId: `esc-${index}` }) : submitBreachPack({ breachPackId: `bp-${index}` }),
    );
    const full = given(...history(allocateCommand(), ...requests));
    const next = requestEscalation({ escalationId: 'esc-next' });
    full.when(next).thenThrows(TooManyOpenRequestsError);
    full.when(submitBreachPack({ breachPackId: 'bp-next' })).thenThrows(TooManyOpenRequestsError);
    // A retry of a request already taken is still answered.
    full.when(requests[1]).thenNothingHappened();
    given(...history(allocateCommand(), ...requests, decideEscalation({ escalationId: 'esc-1', rationale: 'Managed.' })))
      .when(next)
      .then(escalationRequested({ escalationId: 'esc-next' }));
  });

  it('keeps count of open requests as a fold goes: the count the cap takes from a caller that keeps one', () => {
    const events = history(
      allocateCommand(),
      requestEscalation({ escalationId: 'esc-1' }),
      submitBreachPack({ breachPackId: 'bp-2' }),
      decideEscalation({ escalationId: 'esc-1', rationale: 'Managed.' }),
      requestEscalation({ escalationId: 'esc-3' }),
      decideBreachPack({ breachPackId: 'bp-2' }),
      closeCase(),
    );
    const fold = new CaseFold();
    const kept = events.map((event) => {
      fold.add(event);
      // The same as counting the items, after every event.
      expect(fold.openProviderRequests).toBe(Object.values(fold.state?.items ?? {}).filter(isOpenProviderRequest).length);
      return fold.openProviderRequests;
    });
    expect(kept.slice(0, 6)).toEqual([0, 1, 2, 1, 2, 1]);
    expect(kept[kept.length - 1]).toBe(0); // closing the case withdrew what was open
    const open = history(allocateCommand(), requestEscalation({ escalationId: 'esc-1' }));
    given(...open)
      .when(requestEscalation({ escalationId: 'esc-2' }), { openProviderRequests: MAX_OPEN_REQUESTS_PER_CASE })
      .thenThrows(TooManyOpenRequestsError);
    given(...open)
      .when(requestEscalation({ escalationId: 'esc-2' }), { openProviderRequests: 1 })
      .then(escalationRequested({ escalationId: 'esc-2' }));
  });

  it('is for providers only', () => {
    given(...allocated)
      .when(requestEscalation({}, actors.officer))
      .thenThrows(RoleNotAllowedError);
  });

  it('answers a retry with the same requestId and fingerprint with nothing new', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(requestEscalation())
      .thenNothingHappened();
  });

  it('refuses a requestId reused for a different request', () => {
    const first = requestEscalation();
    given(...history(allocateCommand(), first))
      .when(requestEscalation({ escalationId: 'esc-2', requestId: first.payload.requestId, requestFingerprint: 'fp-other' }))
      .thenThrows(RequestIdReusedError);
  });

  it('refuses provider requests on a case the public service manages', () => {
    // Kept from the start: it does not exist for the area's provider.
    given(...history(allocateCommand({ mappa: { category: 2, level: 2 } })))
      .when(requestEscalation())
      .thenThrows(CaseNotFoundError);
    // Transferred away: the former provider knows the case, and is told why it may post no more.
    given(...history(allocateCommand(), requestEscalation(), transferToNps()))
      .when(requestEscalation({ escalationId: 'esc-2' }))
      .thenThrows(CaseNotManagedByProviderError, (error) => expect(error.message).toContain('managed by the public service'));
  });

  it('still answers a retry of a request taken before the transfer', () => {
    given(...history(allocateCommand(), requestEscalation(), transferToNps()))
      .when(requestEscalation())
      .thenNothingHappened();
  });

  it('records a breach pack due in five working days', () => {
    given(...allocated)
      .when(submitBreachPack())
      .then(breachPackSubmitted({ breachPackId: 'bp-1', dueAt: '2026-11-11T10:00:00.000Z' }));
  });
});

describe('claiming', () => {
  const requested = history(allocateCommand(), requestEscalation());
  const claimed = history(allocateCommand(), requestEscalation(), claimItem('esc-1'));

  it('records who holds an item', () => {
    given(...requested)
      .when(claimItem('esc-1'))
      .then(itemClaimed({ itemId: 'esc-1', kind: 'ESCALATION' }, { by: actors.officer }));
  });

  it('is a no-op for the holder and a conflict for anyone else', () => {
    given(...claimed)
      .when(claimItem('esc-1'))
      .thenNothingHappened();
    given(...claimed)
      .when(claimItem('esc-1', actors.otherOfficer))
      .thenThrows(ItemClaimedByAnotherError, (error) => error.claimedBy === actors.officer.id);
  });

  it('is released by its holder, or by an SPO or ACO, back to the queue', () => {
    given(...claimed)
      .when(releaseItem('esc-1'))
      .then(itemReleased({ itemId: 'esc-1', kind: 'ESCALATION', releasedFrom: actors.officer.id }));
    const state = given(...claimed)
      .when(releaseItem('esc-1', actors.spo))
      .then(itemReleased({ releasedFrom: actors.officer.id }, { by: actors.spo }));
    expect(state.items['esc-1'].claimedBy).toBeNull();
    given(...claimed)
      .when(releaseItem('esc-1', actors.aco))
      .then(itemReleased({ releasedFrom: actors.officer.id }, { by: actors.aco }));
    given(...claimed)
      .when(releaseItem('esc-1', actors.otherOfficer))
      .thenThrows(ItemClaimedByAnotherError);
    given(...requested)
      .when(releaseItem('esc-1'))
      .thenNothingHappened();
    given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1'), releaseItem('esc-1')))
      .when(claimItem('esc-1', actors.otherOfficer))
      .then(itemClaimed({}, { by: actors.otherOfficer }));
  });

  it('refuses unknown and decided items, and providers', () => {
    given(...history(allocateCommand()))
      .when(claimItem('nope'))
      .thenThrows(ItemNotFoundError);
    given(...history(allocateCommand(), requestEscalation(), decideEscalation()))
      .when(claimItem('esc-1'))
      .thenThrows(ItemAlreadyDecidedError);
    given(...requested)
      .when(claimItem('esc-1', actors.crc07))
      .thenThrows(RoleNotAllowedError);
  });
});

describe('deciding an escalation', () => {
  const requested = history(allocateCommand(), requestEscalation());

  it('records the decision with its rationale, on time', () => {
    given(...requested)
      .when(decideEscalation({ outcome: 'RETAIN_WITH_PROVIDER', rationale: 'Risk now high: threats to a named victim.' }))
      .then(
        escalationDecided(
          {
            escalationId: 'esc-1',
            outcome: 'RETAIN_WITH_PROVIDER',
            rationale: 'Risk now high: threats to a named victim.',
            dueAt: hoursLater(2).toISOString(),
            late: false,
          },
          { by: actors.officer },
        ),
      );
  });

  it('marks a decision made after the due time as late', () => {
    given(...requested)
      .when(decideEscalation(), { now: hoursLater(3) })
      .then(escalationDecided({ late: true }, { at: hoursLater(3) }));
  });

  it('transfers the case to the public service and revises its RoSH', () => {
    const state = given(...requested)
      .when(transferToNps())
      .then(
        escalationDecided({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }),
        caseTransferredToNps({ escalationId: 'esc-1', fromProvider: 'CRC07', rationale: 'Risk now high: threats to a named victim.' }),
      );
    expect(state).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH', transferredToNpsAt: A_WORKING_MORNING.toISOString() });
  });

  it('allows one decision per item', () => {
    given(...history(allocateCommand(), requestEscalation(), decideEscalation()))
      .when(transferToNps())
      .thenThrows(ItemAlreadyDecidedError);
  });

  it('requires a written rationale', () => {
    given(...requested)
      .when(decideEscalation({ rationale: '   ' }))
      .thenThrows(RationaleRequiredError);
  });

  it('records the rationale trimmed, and blank advice as none', () => {
    given(...requested)
      .when(decideEscalation({ rationale: '  Managed.  ', advice: '   ' }))
      .then(escalationDecided({ rationale: 'Managed.', advice: null }));
  });

  it('refuses a decision on an item someone else holds', () => {
    given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1', actors.otherOfficer)))
      .when(decideEscalation())
      .thenThrows(ItemClaimedByAnotherError);
  });

  it('is for public-service staff only', () => {
    given(...requested)
      .when(decideEscalation({}, actors.auditor))
      .thenThrows(RoleNotAllowedError);
  });
});

describe('deciding a breach pack', () => {
  it('records the decision once', () => {
    given(...history(allocateCommand(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'WARNING' }))
      .then(breachPackDecided({ outcome: 'WARNING', late: false }));
    given(...history(allocateCommand(), submitBreachPack(), decideBreachPack()))
      .when(decideBreachPack())
      .thenThrows(ItemAlreadyDecidedError);
  });

  it('does not decide an escalation id as a breach pack', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(decideBreachPack({ breachPackId: 'esc-1' }))
      .thenThrows(ItemNotFoundError);
  });
});

describe('recall advice', () => {
  const submitted = history(allocateLicenceCase(), submitBreachPack());
  const drafted = history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice());
  const draftedBySpo = history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice({}, actors.spo));
  const signedBySpo = history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice(), countersignedBy(actors.spo));

  it('is drafted on existing items of the case, due for countersignature in 24 hours', () => {
    given(...submitted)
      .when(draftRecallAdvice({ basedOn: ['bp-1'] }))
      .then(recallAdviceDrafted({ recallAdviceId: 'ra-1', basedOn: ['bp-1'], dueAt: hoursLater(24).toISOString() }));
  });

  it('records nothing new when the same advice is sent again, and refuses an id already used by another item', () => {
    given(...drafted)
      .when(draftRecallAdvice({ rationale: ' Licence conditions breached twice. ', basedOn: ['bp-1', 'bp-1'] }))
      .thenNothingHappened();
    given(...drafted)
      .when(draftRecallAdvice({}, actors.spo))
      .thenThrows(ItemIdTakenError);
    // The same id from the same author with other terms is not a resend: refused, never silently dropped.
    for (const other of [{ emergency: true }, { rationale: 'Another reason.' }, { basedOn: [] }]) {
      given(...drafted)
        .when(draftRecallAdvice(other))
        .thenThrows(ItemIdTakenError, (error) =>
          expect(error.message).toBe('Item id ra-1 is your recall advice already, with other terms: revise it only once it is returned'),
        );
    }
    given(...submitted)
      .when(draftRecallAdvice({ recallAdviceId: 'bp-1' }))
      .thenThrows(ItemIdTakenError);
  });

  it('names only escalations, breach packs or risk information of this case as its basis', () => {
    given(...submitted)
      .when(draftRecallAdvice({ basedOn: ['bp-1', 'bp-of-another-case'] }))
      .thenThrows(UnknownBasisError, (error) => expect(error.unknownIds).toEqual(['bp-of-another-case']));
  });

  it('is countersigned by an SPO first, never by an ACO first', () => {
    given(...drafted)
      .when(countersignedBy(actors.aco))
      .thenThrows(CountersignatureOutOfOrderError);
    given(...drafted)
      .when(countersignedBy(actors.spo))
      .then(recallAdviceCountersignedBySpo({ recallAdviceId: 'ra-1', rationale: 'Agreed.' }, { by: actors.spo }));
  });

  it('is never countersigned by its author', () => {
    given(...draftedBySpo)
      .when(countersignedBy(actors.spo))
      .thenThrows(CountersignerConflictError);
  });

  it('needs an ACO second, and not the same person twice', () => {
    given(...signedBySpo)
      .when(countersignedBy(actors.otherSpo))
      .thenThrows(CountersignatureOutOfOrderError);
    const spoActingAsAco: Actor = { id: actors.spo.id, role: 'aco' };
    given(...signedBySpo)
      .when(countersignedBy(spoActingAsAco))
      .thenThrows(CountersignerConflictError);
  });

  it('is issued when the ACO countersigns, and only once', () => {
    given(...signedBySpo)
      .when(countersignedBy(actors.aco))
      .then(
        recallAdviceCountersignedByAco({ recallAdviceId: 'ra-1', rationale: 'Agreed.' }, { by: actors.aco }),
        recallAdviceIssued({ authoredBy: actors.officer.id, spo: actors.spo.id, aco: actors.aco.id, late: false }, { by: actors.aco }),
      );
    given(
      ...history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice(), countersignedBy(actors.spo), countersignedBy(actors.aco)),
    )
      .when(countersignedBy(actors.aco))
      .thenThrows(RecallAdviceAlreadyIssuedError, (error) => expect(error.message).toBe('Recall advice ra-1 has already been issued'));
    given(...history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice(), withdrawRecallAdvice()))
      .when(countersignedBy(actors.spo))
      .thenThrows(RecallAdviceAlreadyIssuedError, (error) => expect(error.message).toBe('Recall advice ra-1 was withdrawn by its author'));
  });

  it('is claimed only by someone who may countersign it next', () => {
    given(...drafted)
      .when(claimItem('ra-1', actors.officer))
      .thenThrows(CountersignatureOutOfOrderError);
    given(...drafted)
      .when(claimItem('ra-1', actors.aco))
      .thenThrows(CountersignatureOutOfOrderError);
    given(...draftedBySpo)
      .when(claimItem('ra-1', actors.spo))
      .thenThrows(CountersignerConflictError);
    given(...drafted)
      .when(claimItem('ra-1', actors.spo))
      .then(itemClaimed({ itemId: 'ra-1', kind: 'RECALL_COUNTERSIGN' }, { by: actors.spo }));
    given(...signedBySpo)
      .when(claimItem('ra-1', actors.aco))
      .then(itemClaimed({ itemId: 'ra-1', kind: 'RECALL_COUNTERSIGN' }, { by: actors.aco }));
  });

  it('requires a written comment and an SPO or ACO', () => {
    given(...drafted)
      .when(countersignedBy(actors.spo, ''))
      .thenThrows(RationaleRequiredError);
    given(...drafted)
      .when(countersignedBy(actors.officer))
      .thenThrows(RoleNotAllowedError);
  });
});

describe('lateness', () => {
  const requested = history(allocateCommand(), requestEscalation());

  it('marks an undecided item overdue once its due time has passed, and only once', () => {
    given(...requested)
      .when(markItemOverdue('esc-1'), { now: hoursLater(1) })
      .thenNothingHappened();
    given(...requested)
      .when(markItemOverdue('esc-1'), { now: hoursLater(3) })
      .then(itemBecameOverdue({ itemId: 'esc-1', kind: 'ESCALATION', dueAt: hoursLater(2).toISOString() }, { at: hoursLater(3) }));
    given(...history(allocateCommand(), requestEscalation(), at(hoursLater(3), markItemOverdue('esc-1'))))
      .when(markItemOverdue('esc-1'), { now: hoursLater(4) })
      .thenNothingHappened();
  });

  it('never marks a decided item overdue', () => {
    given(...history(allocateCommand(), requestEscalation(), decideEscalation()))
      .when(markItemOverdue('esc-1'), { now: hoursLater(30) })
      .thenNothingHappened();
  });

  it('is the scheduler’s alone', () => {
    given(...requested)
      .when(markItemOverdue('esc-1', actors.officer), { now: hoursLater(3) })
      .thenThrows(RoleNotAllowedError);
  });
});

/**
 * Reassessment on the public service's own initiative (docs/casework.md, "Reassessment"): a RoSH
 * review or a MAPPA change, then the allocation policy again, its outcome always recorded.
 */
describe('reassessment', () => {
  it('moves a provider case whose RoSH review finds it HIGH to the public service, and tells the provider only that it left', () => {
    const state = given(...history(allocateCommand()))
      .when(recordRoshReview())
      .then(roshReviewed(), caseReassessed());
    expect(state).toMatchObject({ managedBy: 'NPS', rosh: 'HIGH' });
    const told = disclosuresOf(
      [...history(allocateCommand(), recordRoshReview())].map((event, index) => ({
        event,
        id: `00000000-0000-4000-8000-00000000000${index}`,
      })),
    ).map((disclosure) => [disclosure.provider, disclosure.event.type, disclosure.event.data]);
    expect(told).toEqual([
      ['CRC07', 'case.allocated', expect.anything()],
      [
        'CRC07',
        'case.transferred',
        { to: 'NPS', escalationId: null, rationale: 'Moves to the public service: risk of serious harm is HIGH' },
      ],
    ]);
    // It may post nothing more on the case.
    given(...history(allocateCommand(), recordRoshReview()))
      .when(requestEscalation())
      .thenThrows(CaseNotManagedByProviderError);
  });

  it('records that a provider case stays with its provider, and why, when the review does not call for the public service', () => {
    given(...history(allocateCommand()))
      .when(recordRoshReview({ level: 'LOW' }))
      .then(
        roshReviewed({ level: 'LOW' }),
        caseReassessed({
          outcome: 'STAYS_WITH_PROVIDER',
          managedBy: 'CRC07',
          fromProvider: null,
          reason: 'Stays with CRC07: not MAPPA, risk of serious harm LOW, no exceptional public interest',
        }),
      );
  });

  it('keeps a public-service case with the public service when its risk falls, and says so', () => {
    const kept = history(allocateCommand({ rosh: 'VERY_HIGH' }));
    given(...kept)
      .when(recordRoshReview({ level: 'MEDIUM' }))
      .then(
        roshReviewed({ level: 'MEDIUM', previous: 'VERY_HIGH' }),
        caseReassessed({
          outcome: 'STAYS_WITH_NPS',
          managedBy: 'NPS',
          fromProvider: null,
          reason:
            'Stays with the public service: a case it manages stays with it when its risk decreases (now not MAPPA, risk of serious harm MEDIUM, no exceptional public interest)',
        }),
      );
  });

  it('reassesses on a MAPPA registration or its end, and refuses category 3 at level 1', () => {
    given(...history(allocateCommand()))
      .when(recordMappaChange({ category: 1, level: 1 }))
      .then(
        mappaChanged({ mappa: { category: 1, level: 1 } }),
        caseReassessed({ trigger: 'MAPPA_CHANGE', reason: 'Moves to the public service: managed under MAPPA (category 1, level 1)' }),
      );
    given(...history(allocateCommand({ mappa: { category: 2, level: 2 } })))
      .when(recordMappaChange(null))
      .then(
        mappaChanged({ mappa: null, previous: { category: 2, level: 2 } }),
        caseReassessed({
          trigger: 'MAPPA_CHANGE',
          outcome: 'STAYS_WITH_NPS',
          fromProvider: null,
          reason: expect.stringContaining('stays with it when its risk decreases') as unknown as string,
        }),
      );
    given(...history(allocateCommand()))
      .when(recordMappaChange({ category: 3, level: 1 }))
      .thenThrows(MappaLevelNotAllowedError);
  });

  it('reviews an assessment once: the same review again records nothing, other content for it is refused', () => {
    const reviewed = history(allocateCommand(), recordRoshReview());
    given(...reviewed)
      .when(recordRoshReview())
      .thenNothingHappened();
    given(...reviewed)
      .when(recordRoshReview({ level: 'VERY_HIGH' }))
      .thenThrows(AssessmentAlreadyRecordedError, (error) => expect(error.message).toContain('is reviewed on this case already'));
    given(...reviewed)
      .when(recordRoshReview({ level: 'VERY_HIGH', assessmentReference: 'OASys-next' }))
      .then(
        roshReviewed({ level: 'VERY_HIGH', previous: 'HIGH', assessmentReference: 'OASys-next' }),
        caseReassessed({
          outcome: 'STAYS_WITH_NPS',
          fromProvider: null,
          reason: 'Stays with the public service: risk of serious harm is VERY_HIGH',
        }),
      );
  });

  it('records nothing for the MAPPA the case has already', () => {
    given(...history(allocateCommand({ mappa: { category: 2, level: 2 } })))
      .when(recordMappaChange({ category: 2, level: 2 }))
      .thenNothingHappened();
    given(...history(allocateCommand()))
      .when(recordMappaChange(null))
      .thenNothingHappened();
  });

  it('is for public-service staff, on a case that exists', () => {
    given(...history(allocateCommand()))
      .when(recordRoshReview({}, actors.crc07))
      .thenThrows(RoleNotAllowedError);
    given().when(recordMappaChange()).thenThrows(CaseNotFoundError);
  });

  it('takes a new sentence on a known case as a new allocation assessment, and tells the managing provider the sentence', () => {
    const state = given(...history(allocateCommand()))
      .when(recordSentence())
      .then(
        sentenceRecorded(),
        caseReassessed({
          trigger: 'NEW_SENTENCE',
          outcome: 'STAYS_WITH_PROVIDER',
          managedBy: 'CRC07',
          fromProvider: null,
          reason: expect.stringContaining('Stays with CRC07') as unknown as string,
        }),
      );
    expect(state).toMatchObject({ sentence: { kind: 'DETERMINATE_CUSTODY', custodialTermMonths: 30 }, victimContactEligible: true });
    const told = disclosuresOf(
      history(allocateCommand(), recordSentence()).map((event, index) => ({ event, id: `00000000-0000-4000-8000-00000000000${index}` })),
    ).map((disclosure) => disclosure.event.type);
    expect(told).toEqual(['case.allocated', 'sentence.recorded']);
    given(...history(allocateCommand()))
      .when(recordSentence({ type: 'Fine', lengthMonths: 0, custodialTermMonths: null, licenceConditions: [] }))
      .thenThrows(SentenceKindUnknownError);
  });

  it('needs an ACO and a reason for exceptional public interest, at allocation or later', () => {
    given()
      .when(allocateCommand({ exceptionalPublicInterest: true, publicInterestReason: 'High profile' }))
      .thenThrows(RoleNotAllowedError);
    given()
      .when(allocateCommand({ exceptionalPublicInterest: true, publicInterestReason: '  ' }, CRN, actors.aco))
      .thenThrows(PublicInterestReasonRequiredError);
    const kept = given()
      .when(allocateCommand({ exceptionalPublicInterest: true, publicInterestReason: 'High profile' }, CRN, actors.aco))
      .then(
        caseAllocated(
          {
            exceptionalPublicInterest: true,
            publicInterest: { reason: 'High profile', authorisedBy: actors.aco.id },
            allocatedTo: 'NPS',
            reason: 'Retained by the public service: exceptional public interest',
          },
          { by: actors.aco },
        ),
      );
    expect(kept.managedBy).toBe('NPS');
    given(...history(allocateCommand()))
      .when(recordPublicInterest())
      .then(
        publicInterestRecorded(),
        caseReassessed(
          { trigger: 'PUBLIC_INTEREST', reason: 'Moves to the public service: exceptional public interest' },
          { by: actors.aco },
        ),
      );
    given(...history(allocateCommand()))
      .when(recordPublicInterest('High profile', actors.spo))
      .thenThrows(RoleNotAllowedError);
  });

  it('records nothing for the reason the case has already (a form sent twice); another reason is recorded', () => {
    const recorded = history(allocateCommand(), recordPublicInterest('High profile'));
    given(...recorded)
      .when(recordPublicInterest('  High profile '))
      .thenNothingHappened();
    given(...recorded)
      .when(recordPublicInterest('Also a national security interest'))
      .then(
        publicInterestRecorded({ reason: 'Also a national security interest' }),
        caseReassessed(
          {
            trigger: 'PUBLIC_INTEREST',
            outcome: 'STAYS_WITH_NPS',
            fromProvider: null,
            reason: 'Stays with the public service: exceptional public interest',
          },
          { by: actors.aco },
        ),
      );
    // A reason given at allocation counts too.
    given(...history(allocateCommand({ exceptionalPublicInterest: true, publicInterestReason: 'High profile' }, undefined, actors.aco)))
      .when(recordPublicInterest('High profile'))
      .thenNothingHappened();
  });
});

/** Emergency recall has its own deadline in hours, any day, any hour (HUB_EMERGENCY_RECALL_HOURS, 2 by default): issue 18. */
describe('emergency recall advice', () => {
  it('is due for countersignature within the emergency hours, not the day a standard one has', () => {
    given(...history(allocateLicenceCase(), submitBreachPack()))
      .when(draftRecallAdvice({ emergency: true }))
      .then(recallAdviceDrafted({ emergency: true, dueAt: hoursLater(2).toISOString() }));
    given(...history(allocateLicenceCase(), submitBreachPack()))
      .when(draftRecallAdvice({ emergency: false }))
      .then(recallAdviceDrafted({ emergency: false, dueAt: hoursLater(24).toISOString() }));
  });
});

/** Escalation decisions consistent with allocation: keeping a provider's case at HIGH RoSH needs an SPO's countersignature. */
describe('keeping a case with its provider at high risk', () => {
  const retainAtHigh = (actor: Actor = actors.officer, highRiskRetentionReason: string | null = null) =>
    decideEscalation({ outcome: 'RETAIN_WITH_PROVIDER', revisedRosh: 'HIGH', highRiskRetentionReason }, actor);

  it('is refused to a decision-maker alone: it needs an SPO with a reason, or a transfer', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(retainAtHigh())
      .thenThrows(HighRiskRetentionNeedsSpoError);
    given(...history(allocateCommand(), requestEscalation()))
      .when(retainAtHigh(actors.spo, '  '))
      .thenThrows(HighRiskRetentionNeedsSpoError);
    given(...history(allocateCommand(), requestEscalation()))
      .when(decideEscalation({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }))
      .then(escalationDecided({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }), caseTransferredToNps());
  });

  it('is recorded with the SPO’s reason and name when an SPO decides it', () => {
    const state = given(...history(allocateCommand(), requestEscalation()))
      .when(retainAtHigh(actors.spo, 'Stable accommodation and a new partner programme: manageable with weekly contact'))
      .then(
        escalationDecided(
          {
            outcome: 'RETAIN_WITH_PROVIDER',
            revisedRosh: 'HIGH',
            highRiskRetention: {
              reason: 'Stable accommodation and a new partner programme: manageable with weekly contact',
              countersignedBy: actors.spo.id,
            },
          },
          { by: actors.spo },
        ),
      );
    expect(state).toMatchObject({ managedBy: 'CRC07', rosh: 'HIGH' });
  });

  it('does not apply below HIGH', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(decideEscalation({ outcome: 'RETAIN_WITH_PROVIDER', revisedRosh: 'MEDIUM' }))
      .then(escalationDecided({ outcome: 'RETAIN_WITH_PROVIDER', revisedRosh: 'MEDIUM' }));
  });
});

/**
 * "More information" is a question with a deadline, not an ending: the request stays open and the
 * provider answers it (domain brief, "A case over time"; issue 17). Each side's time is kept apart.
 */
describe('asking the provider for more information', () => {
  const asked = () => history(allocateCommand(), requestEscalation(), requestInformation());

  it('keeps the escalation open and out of the queue, with the questions and a time to answer by', () => {
    const state = given(...history(allocateCommand(), requestEscalation()))
      .when(requestInformation())
      .then(informationRequested());
    const item = state.items['esc-1'];
    expect(item).toMatchObject({
      decision: null,
      informationRequests: [{ questions: ['What exactly did he say in the group, and to whom?'], answer: null }],
    });
    expect(awaitsPublicService(item)).toBe(false);
  });

  it('asks the rationale when no questions are given', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(requestInformation({ questions: ['  '] }))
      .then(informationRequested({ questions: ['Cannot weigh the threat without the group facilitator’s account.'] }));
  });

  it('asks once at a time', () => {
    given(...asked())
      .when(requestInformation())
      .thenThrows(InformationAlreadyRequestedError);
  });

  it('takes the provider’s answer and moves the public service’s due time on by the provider’s time', () => {
    const state = given(...asked())
      .when(answerInformationRequest(), { now: hoursLater(1) })
      .then(informationProvided());
    const item = state.items['esc-1'];
    expect(awaitsPublicService(item)).toBe(true);
    expect(item.dueAt).toBe(hoursLater(3).toISOString());
    expect(itemClock(item, hoursLater(2))).toEqual({
      publicServiceMinutes: 60,
      providerMinutes: 60,
      providerBeforeEscalatingMinutes: null,
    });
  });

  it('records a late answer as late', () => {
    given(...asked())
      .when(answerInformationRequest(), { now: hoursLater(5) })
      .then(informationProvided({ late: true, dueAt: hoursLater(7).toISOString() }, { at: hoursLater(5) }));
  });

  it('records nothing for the same answer sent again, and refuses an answer nobody asked for', () => {
    const answered = history(allocateCommand(), requestEscalation(), requestInformation(), at(hoursLater(1), answerInformationRequest()));
    given(...answered)
      .when(answerInformationRequest(), { now: hoursLater(2) })
      .thenNothingHappened();
    given(...answered)
      .when(answerInformationRequest({ answer: 'Something else' }), { now: hoursLater(2) })
      .thenThrows(InformationNotRequestedError);
    given(...history(allocateCommand(), requestEscalation()))
      .when(answerInformationRequest())
      .thenThrows(InformationNotRequestedError);
  });

  it('takes answers only from the provider managing the case', () => {
    given(...asked())
      .when(answerInformationRequest({}, actors.officer))
      .thenThrows(RoleNotAllowedError);
    given(...asked())
      .when(answerInformationRequest({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
  });

  it('stops the public service’s clock while the provider answers: no overdue mark meanwhile', () => {
    given(...asked())
      .when(markItemOverdue('esc-1'), { now: hoursLater(6) })
      .thenNothingHappened();
  });

  it('lets the public service decide without waiting for the answer; a later answer is then refused', () => {
    const decided = history(
      allocateCommand(),
      requestEscalation(),
      requestInformation(),
      decideEscalation({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }),
    );
    given(...history(allocateCommand(), requestEscalation(), requestInformation()))
      .when(decideEscalation({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }))
      .then(escalationDecided({ outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }), caseTransferredToNps());
    given(...decided)
      .when(answerInformationRequest())
      .thenThrows(CaseNotManagedByProviderError);
  });

  it('tells the provider the questions and its recorded answer, never who asked', () => {
    const events = history(allocateCommand(), requestEscalation(), requestInformation(), at(hoursLater(1), answerInformationRequest()));
    const disclosed = disclosuresOf(
      events.map((event, index) => ({ event, id: `e${index}` })),
      'CRC07',
    ).map((d) => d.event);
    expect(disclosed.map((event) => event.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'escalation.information-requested',
      'escalation.answer-recorded',
    ]);
    expect(disclosed[2].data).toEqual({
      escalationId: 'esc-1',
      questions: ['What exactly did he say in the group, and to whom?'],
      rationale: 'Cannot weigh the threat without the group facilitator’s account.',
      answerDueAt: hoursLater(2).toISOString(),
    });
  });
});

describe('a question nobody is left to answer', () => {
  const asked = () => history(allocateCommand(), requestEscalation(), requestEscalation({ escalationId: 'esc-2' }), requestInformation());

  it('lapses when the case moves to the public service, and the escalation is the public service’s again', () => {
    const state = given(...asked())
      .when(decideEscalation({ escalationId: 'esc-2', outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }), { now: hoursLater(1) })
      .then(
        escalationDecided({ escalationId: 'esc-2', outcome: 'TRANSFER_TO_NPS', revisedRosh: 'HIGH' }, { at: hoursLater(1) }),
        caseTransferredToNps({ escalationId: 'esc-2' }, { at: hoursLater(1) }),
        informationWithdrawn(),
      );
    expect(awaitsPublicService(state.items['esc-1'])).toBe(true);
    expect(state.items['esc-1'].dueAt).toBe(hoursLater(3).toISOString());
  });

  it('lapses when the case moves to another area’s provider, which never raised it', () => {
    const events = history(
      allocateCommand(),
      requestEscalation(),
      requestInformation(),
      requestTransfer(),
      at(hoursLater(1), decideTransfer()),
    );
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      'transfer.decided',
      'case.moved-area',
      'escalation.information-withdrawn',
    ]);
  });

  it('cannot be asked once the provider that raised the escalation has gone, nor answered by another provider', () => {
    const moved = history(allocateCommand(), requestEscalation(), requestTransfer(), decideTransfer());
    given(...moved)
      .when(requestInformation())
      .thenThrows(ProviderNoLongerManagesError);
    given(...moved)
      .when(answerInformationRequest({}, actors.crc11))
      .thenThrows(ItemNotFoundError);
  });

  it('stops the public service’s clock for a decision made without waiting: late only past the moved due time', () => {
    given(...history(allocateCommand(), requestEscalation(), requestInformation()))
      .when(decideEscalation({ outcome: 'RETAIN_WITH_PROVIDER', revisedRosh: 'MEDIUM' }), { now: hoursLater(3) })
      .then(escalationDecided({ revisedRosh: 'MEDIUM', dueAt: hoursLater(5).toISOString(), late: false }, { at: hoursLater(3) }));
  });
});

describe('when the provider first knew', () => {
  it('is recorded with the escalation, and the time before escalating is shown apart', () => {
    const state = given(...history(allocateCommand()))
      .when(requestEscalation({ providerKnewAt: hoursLater(-26).toISOString() }))
      .then(escalationRequested({ providerKnewAt: hoursLater(-26).toISOString() }));
    expect(itemClock(state.items['esc-1'], A_WORKING_MORNING).providerBeforeEscalatingMinutes).toBe(26 * 60);
  });

  it('cannot be after the escalation', () => {
    given(...history(allocateCommand()))
      .when(requestEscalation({ providerKnewAt: hoursLater(1).toISOString() }))
      .thenThrows(ProviderKnewAtInFutureError);
  });
});

/** Who knew what, when: a decision records the revision of the case its decider had in front of them. */
describe('the revision a decider saw', () => {
  it('is recorded with a decision on an escalation, a breach pack, and a request for more information', () => {
    const withBoth = history(allocateCommand(), requestEscalation(), submitBreachPack());
    given(...withBoth)
      .when(decideEscalation({ seenRevision: 1 }))
      .then(escalationDecided({ seenRevision: 1 }));
    given(...withBoth)
      .when(decideBreachPack({ seenRevision: 2 }))
      .then(breachPackDecided({ seenRevision: 2 }));
    given(...withBoth)
      .when(requestInformation({ seenRevision: 2 }))
      .then(informationRequested({ seenRevision: 2 }));
  });

  it('is null when the decider did not say', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(decideEscalation())
      .then(escalationDecided({ seenRevision: null }));
  });

  it('cannot be a revision not yet recorded', () => {
    given(...history(allocateCommand(), requestEscalation()))
      .when(decideEscalation({ seenRevision: 2 }))
      .thenThrows(SeenRevisionUnknownError);
  });
});

/** An item held by someone who went home is free again: a claim lapses after HUB_CLAIM_EXPIRY_SECONDS (issue 17). */
describe('claims that lapse', () => {
  const claimed = () => history(allocateCommand(), requestEscalation(), claimItem('esc-1'));

  it('frees the item once the claim is held that long, recording whose claim lapsed', () => {
    const state = given(...claimed())
      .when(expireClaim('esc-1'), { now: hoursLater(8) })
      .then(itemClaimExpired());
    expect(state.items['esc-1']).toMatchObject({ claimedBy: null, claimedAt: null });
  });

  it('leaves a claim younger than that, a free item and a closed one alone', () => {
    given(...claimed())
      .when(expireClaim('esc-1'), { now: hoursLater(7.9) })
      .thenNothingHappened();
    given(...history(allocateCommand(), requestEscalation()))
      .when(expireClaim('esc-1'), { now: hoursLater(9) })
      .thenNothingHappened();
    given(...history(allocateCommand(), requestEscalation(), claimItem('esc-1'), decideEscalation()))
      .when(expireClaim('esc-1'), { now: hoursLater(9) })
      .thenNothingHappened();
  });

  it('counts from the latest claim: a claim taken again after a release starts afresh', () => {
    given(
      ...history(allocateCommand(), requestEscalation(), claimItem('esc-1'), releaseItem('esc-1'), at(hoursLater(4), claimItem('esc-1'))),
    )
      .when(expireClaim('esc-1'), { now: hoursLater(8) })
      .thenNothingHappened();
  });

  it('is the scheduler’s to record, not a person’s', () => {
    given(...claimed())
      .when(expireClaim('esc-1', 8 * 3600, actors.officer), { now: hoursLater(9) })
      .thenThrows(RoleNotAllowedError);
  });
});

/** Cases end (sentence ended, death, deportation): domain brief, "A case over time"; issue 17. */
describe('closing a case', () => {
  const withOpenItems = () => history(allocateCommand(), requestEscalation(), submitBreachPack(), claimItem('esc-1'));

  it('withdraws every open item with it, then records why and from which day', () => {
    const state = given(...withOpenItems())
      .when(closeCase({ reason: 'DEPORTED' }))
      .then(
        itemWithdrawn({ reason: 'The case closed: the person was deported' }),
        itemWithdrawn({ itemId: 'bp-1', kind: 'BREACH_PACK', reason: 'The case closed: the person was deported' }),
        caseClosed({ reason: 'DEPORTED', withdrawnItems: ['esc-1', 'bp-1'] }),
      );
    expect(state.closure).toEqual({
      reason: 'DEPORTED',
      details: null,
      closedOn: '2026-11-03',
      closedAt: A_WORKING_MORNING.toISOString(),
      closedBy: actors.officer.id,
    });
    expect(Object.values(state.items).map((item) => [item.itemId, isOpen(item), item.claimedBy])).toEqual([
      ['esc-1', false, null],
      ['bp-1', false, null],
    ]);
  });

  it('needs details for OTHER, and a day not yet to come', () => {
    given(...history(allocateCommand()))
      .when(closeCase({ reason: 'OTHER', details: ' ' }))
      .thenThrows(ClosureDetailsRequiredError);
    given(...history(allocateCommand()))
      .when(closeCase({ closedOn: '2026-11-05' }))
      .thenThrows(ClosedOnInFutureError);
    given(...history(allocateCommand()))
      .when(closeCase({ reason: 'OTHER', details: 'Transferred to Scotland under the CJSW arrangements' }))
      .then(caseClosed({ reason: 'OTHER', details: 'Transferred to Scotland under the CJSW arrangements' }));
  });

  it('is the public service’s to record', () => {
    given(...history(allocateCommand()))
      .when(closeCase({}, actors.crc07))
      .thenThrows(RoleNotAllowedError);
  });

  it('takes nothing more once closed, but answers a provider’s retry and the same closure again as before', () => {
    const closed = history(allocateCommand(), requestEscalation(), closeCase());
    given(...closed)
      .when(requestEscalation({ escalationId: 'esc-2' }))
      .thenThrows(CaseClosedError);
    given(...closed)
      .when(requestEscalation())
      .thenNothingHappened();
    given(...closed)
      .when(recordRoshReview())
      .thenThrows(CaseClosedError);
    given(...closed)
      .when(claimItem('esc-1'))
      .thenThrows(CaseClosedError);
    given(...closed)
      .when(closeCase())
      .thenNothingHappened();
    const answeredThenClosed = history(
      allocateCommand(),
      requestEscalation(),
      requestInformation(),
      at(hoursLater(1), answerInformationRequest()),
      at(hoursLater(2), closeCase()),
    );
    given(...answeredThenClosed)
      .when(answerInformationRequest(), { now: hoursLater(3) })
      .thenNothingHappened();
    given(...answeredThenClosed)
      .when(answerInformationRequest({ answer: 'More.' }), { now: hoursLater(3) })
      .thenThrows(CaseClosedError);
    given(...closed)
      .when(closeCase({ reason: 'DIED' }))
      .thenThrows(CaseClosedError);
  });

  it('opens again with a new sentence, which is a new allocation assessment', () => {
    const state = given(...history(allocateCommand(), closeCase()))
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
      );
    expect(state.closure).toBeNull();
    expect(state.sentenceHistory.map((entry) => entry.sentence.kind)).toEqual(['COMMUNITY_ORDER', 'DETERMINATE_CUSTODY']);
  });

  it('tells the managing provider, listing only its own withdrawn requests', () => {
    const events = history(allocateCommand(), requestEscalation(), closeCase({ reason: 'DIED' }));
    const disclosed = disclosuresOf(
      events.map((event, index) => ({ event, id: `e${index}` })),
      'CRC07',
    ).map((d) => d.event);
    expect(disclosed.map((event) => event.type)).toEqual(['case.allocated', 'escalation.recorded', 'case.closed']);
    expect(disclosed[2].data).toEqual({ reason: 'DIED', details: null, closedOn: '2026-11-03', withdrawnItems: ['esc-1'] });
  });
});

/** Cases move between areas; the receiving area may refuse, with a reason (domain brief, "A case over time"; issue 17). */
describe('transferring a case to another area', () => {
  const requested = () => history(allocateCommand(), requestEscalation(), requestTransfer());

  it('asks the receiving area, which answers against a due time from the queue', () => {
    const state = given(...history(allocateCommand()))
      .when(requestTransfer())
      .then(transferRequested());
    expect(awaitsPublicService(state.items['tr-1'])).toBe(true);
  });

  it('moves the case, its provider and its management on acceptance; the old provider keeps only its past', () => {
    const state = given(...requested())
      .when(decideTransfer())
      .then(transferDecided(), caseMovedArea());
    expect(state).toMatchObject({ ldu: 'LDU-LDS-S', provider: 'CRC11', managedBy: 'CRC11' });
    expect(state.managementPeriods.map((period) => [period.managedBy, period.until === null])).toEqual([
      ['CRC07', false],
      ['CRC11', true],
    ]);
    // The old provider can post nothing more; the new one can.
    const moved = history(allocateCommand(), requestEscalation(), requestTransfer(), decideTransfer());
    given(...moved)
      .when(requestEscalation({ escalationId: 'esc-2' }))
      .thenThrows(CaseNotManagedByProviderError);
    given(...moved)
      .when(requestEscalation({ escalationId: 'esc-2' }, actors.crc11))
      .then(
        escalationRequested({ escalationId: 'esc-2', requestId: 'req-esc-2', requestFingerprint: 'fp-req-esc-2' }, { by: actors.crc11 }),
      );
  });

  it('keeps a public-service case with the public service: only the area and its provider change', () => {
    const state = given(...history(allocateCommand({ rosh: 'HIGH' }), requestTransfer()))
      .when(decideTransfer())
      .then(transferDecided(), caseMovedArea({ managedBy: 'NPS', rosh: 'HIGH', sentence: caseAllocated({ rosh: 'HIGH' }).data.sentence }));
    expect(state).toMatchObject({ ldu: 'LDU-LDS-S', provider: 'CRC11', managedBy: 'NPS' });
  });

  it('records a refusal with its reason, and the case stays where it was', () => {
    const state = given(...requested())
      .when(decideTransfer({ outcome: 'REFUSED', rationale: 'No verified address in Leeds.' }))
      .then(transferDecided({ outcome: 'REFUSED', rationale: 'No verified address in Leeds.' }));
    expect(state).toMatchObject({ ldu: 'LDU-MAN-N', managedBy: 'CRC07' });
  });

  it('is answered by the receiving area, not the person who asked; once; one at a time; never to the same area', () => {
    given(...requested())
      .when(decideTransfer({}, actors.officer))
      .thenThrows(TransferDeciderConflictError);
    given(...history(allocateCommand(), requestTransfer(), decideTransfer({ outcome: 'REFUSED', rationale: 'No.' })))
      .when(decideTransfer())
      .thenThrows(ItemAlreadyDecidedError);
    given(...requested())
      .when(requestTransfer({ transferId: 'tr-2', toLdu: 'LDU-SHF-C' }))
      .thenThrows(TransferAlreadyOpenError);
    given(...history(allocateCommand()))
      .when(requestTransfer({ toLdu: 'LDU-MAN-N' }))
      .thenThrows(TransferToSameAreaError);
    given(...requested())
      .when(requestTransfer())
      .thenNothingHappened();
  });

  it('keeps each provider’s requestIds its own: the provider it reaches may use an id the one it left used', () => {
    given(...history(allocateCommand(), requestEscalation({ requestId: 'r-1' }), requestTransfer(), decideTransfer()))
      .when(requestEscalation({ escalationId: 'esc-2', requestId: 'r-1' }, actors.crc11))
      .then(escalationRequested({ escalationId: 'esc-2', requestId: 'r-1', requestFingerprint: 'fp-r-1' }, { by: actors.crc11 }));
  });

  it('tells the provider it leaves where the case went, and the provider it reaches the case as its first event', () => {
    const events = history(allocateCommand(), requestEscalation(), requestTransfer(), decideTransfer());
    const disclosed = disclosuresOf(events.map((event, index) => ({ event, id: `e${index}` })));
    expect(disclosed.map((d) => [d.provider, d.event.type])).toEqual([
      ['CRC07', 'case.allocated'],
      ['CRC07', 'escalation.recorded'],
      ['CRC07', 'case.moved-area'],
      ['CRC11', 'case.allocated'],
    ]);
    expect(disclosed[2].event.data).toEqual({
      toLdu: 'LDU-LDS-S',
      to: 'CRC11',
      rationale: 'Address verified; a case manager is allocated in Leeds.',
    });
    expect(disclosed[3].event.data).toMatchObject({
      ldu: 'LDU-LDS-S',
      reason: expect.stringContaining('Transferred from LDU-MAN-N to LDU-LDS-S'),
    });
  });
});

/**
 * The public service opens items on the cases it manages: information bearing on risk, reviewed with an
 * outcome in time (domain brief, "Risk information"; issue 17; the 2021 post's life-licence case).
 */
/**
 * Information bearing on risk, on any case, from either side; it reaches the responsible officer's side,
 * which acknowledges and reviews it in time. Source: domain brief, "Risk information"; seed 002 (the
 * loitering report that "should have prompted a review"); seed 000 (the public service keeps high-risk
 * cases; providers deliver the programmes).
 */
describe('information bearing on risk', () => {
  const publicServiceCase = () => history(allocateCommand({ rosh: 'HIGH' }));
  const providerCase = () => history(allocateCommand());

  it('opens an item to review, due within the IMMEDIATE hours for a victim’s or family’s concern or a threat', () => {
    const state = given(...publicServiceCase())
      .when(recordRiskInformation())
      .then(riskInformationRecorded());
    expect(state.items['ri-1']).toMatchObject({
      kind: 'RISK_INFORMATION',
      decision: null,
      dueAt: hoursLater(2).toISOString(),
      heldBy: 'NPS',
    });
    given(...publicServiceCase())
      .when(recordRiskInformation({ source: 'POLICE', threat: true }))
      .then(riskInformationRecorded({ source: 'POLICE', threat: true }));
  });

  it('gives other information until the next working day', () => {
    given(...publicServiceCase())
      .when(recordRiskInformation({ source: 'MAPPA' }))
      .then(
        riskInformationRecorded({ source: 'MAPPA', dueAt: new DueTimePolicy().escalationDueAt(A_WORKING_MORNING, 'URGENT').toISOString() }),
      );
  });

  it('is acknowledged once, as an event, late if after its due time', () => {
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation()))
      .when(acknowledgeRiskInformation(), { now: hoursLater(3) })
      .then(riskInformationAcknowledged({ late: true }, { at: hoursLater(3) }));
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation(), acknowledgeRiskInformation()))
      .when(acknowledgeRiskInformation('ri-1', actors.officer))
      .thenNothingHappened();
  });

  it('is reviewed with an outcome and a reason, late if after its due time, and acknowledged with it if nobody had', () => {
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation()))
      .when(reviewRiskInformation(), { now: hoursLater(5) })
      .then(
        riskInformationAcknowledged({ late: true }, { at: hoursLater(5) }),
        riskInformationReviewed({ late: true }, { at: hoursLater(5) }),
      );
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation(), acknowledgeRiskInformation()))
      .when(reviewRiskInformation())
      .then(riskInformationReviewed());
  });

  it('is recorded by the public service on a provider’s case, for the provider’s officer to acknowledge and review', () => {
    const state = given(...providerCase())
      .when(recordRiskInformation())
      .then(riskInformationRecorded({ heldBy: 'CRC07' }));
    expect(awaitsPublicService(state.items['ri-1'])).toBe(false);
    const recorded = history(allocateCommand(), recordRiskInformation());
    given(...recorded)
      .when(acknowledgeRiskInformation('ri-1', actors.crc07))
      .then(riskInformationAcknowledged({ heldBy: 'CRC07' }, { by: actors.crc07 }));
    given(...recorded)
      .when(reviewRiskInformation({ outcome: 'PLAN_UPDATED', rationale: 'Exclusion zone added to the plan.' }, actors.crc07))
      .then(
        riskInformationAcknowledged({ heldBy: 'CRC07' }, { by: actors.crc07 }),
        riskInformationReviewed(
          { outcome: 'PLAN_UPDATED', rationale: 'Exclusion zone added to the plan.', heldBy: 'CRC07' },
          { by: actors.crc07 },
        ),
      );
    given(...recorded)
      .when(acknowledgeRiskInformation('ri-1', actors.crc11))
      .thenThrows(CaseNotFoundError);
  });

  it('is recorded by the managing provider on its own case, and held by it', () => {
    given(...providerCase())
      .when(recordRiskInformation({ receivedBy: 'Jo Bloggs, case manager' }, actors.crc07))
      .then(
        riskInformationRecorded(
          { receivedBy: 'Jo Bloggs, case manager', heldBy: 'CRC07', recordedByProvider: 'CRC07' },
          { by: actors.crc07 },
        ),
      );
  });

  it('is recorded by a provider the public service referred its case to for an intervention, which then only learns what came of it', () => {
    const fromTheGroup = recordRiskInformation(
      { source: 'INTERVENTION_PROVIDER', threat: true, receivedBy: 'Group facilitator' },
      actors.crc07,
    );
    // Not referred, the area's provider meets the case as if it did not exist.
    given(...publicServiceCase())
      .when(fromTheGroup)
      .thenThrows(CaseNotFoundError);
    const referred = () => history(allocateCommand({ rosh: 'HIGH' }), referToIntervention());
    given(...referred())
      .when(fromTheGroup)
      .then(
        riskInformationRecorded(
          { source: 'INTERVENTION_PROVIDER', threat: true, receivedBy: 'Group facilitator', recordedByProvider: 'CRC07' },
          { by: actors.crc07 },
        ),
      );
    given(...referred())
      .when(recordRiskInformation({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
    given(...referred())
      .when(referToIntervention())
      .thenNothingHappened();
    given(...history(allocateCommand()))
      .when(referToIntervention())
      .thenThrows(CaseNotManagedByPublicServiceError);
    const recorded = history(allocateCommand({ rosh: 'HIGH' }), referToIntervention(), fromTheGroup);
    given(...recorded)
      .when(acknowledgeRiskInformation('ri-1', actors.crc07))
      .thenThrows(RoleNotAllowedError);
    given(...recorded)
      .when(reviewRiskInformation({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
    given(...recorded)
      .when(requestEscalation())
      .thenThrows(CaseNotFoundError);
    given(...recorded)
      .when(fromTheGroup)
      .thenNothingHappened();
  });

  it('passes to the public service when the case leaves the provider whose officer held it, and is never claimed while a provider holds it', () => {
    const held = history(allocateCommand(), recordRiskInformation());
    given(...held)
      .when(claimItem('ri-1'))
      .thenThrows(ItemHeldByProviderError);
    const state = given(...held)
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
      );
    expect(awaitsPublicService(state.items['ri-1'])).toBe(true);
  });

  it('records nothing when the same record comes again, even after the case closed', () => {
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation(), closeCase()))
      .when(recordRiskInformation())
      .thenNothingHappened();
    given(...history(allocateCommand({ rosh: 'HIGH' }), recordRiskInformation(), closeCase()))
      .when(recordRiskInformation({ riskInformationId: 'ri-2' }))
      .thenThrows(CaseClosedError);
  });

  it('is only of what is already known', () => {
    given(...publicServiceCase())
      .when(recordRiskInformation({ knownAt: hoursLater(1).toISOString() }))
      .thenThrows(KnownAtInFutureError);
  });
});
