import {
  CountersignatureOutOfOrderError,
  HappenedAtOutOfRangeError,
  ItemAlreadyDecidedError,
  NotTheAuthorError,
  RecallAdviceAlreadyIssuedError,
  RecallAdviceNotReturnedError,
  RecallAdviceReturnedError,
  RecallNotAvailableError,
  RecallStepOutOfOrderError,
  RecallTypeNotAllowedError,
  RoleNotAllowedError,
  SentenceKindUnknownError,
} from './case.errors';
import type { CaseCommand } from './case.commands';
import type { HistoryStep } from '../testing';
import type { SentenceInput } from './sentence.policy';
import {
  actors,
  allocateCommand,
  allocateLicenceCase,
  at,
  caseAllocated,
  countersignRecallAdvice,
  draftRecallAdvice,
  given,
  history,
  hoursLater,
  ON_LICENCE,
  recallAdviceDrafted,
  recallAdviceReturned,
  recallAdviceRevised,
  recallAdviceWithdrawn,
  recallProgressed,
  recordRecallStep,
  recordRiskInformation,
  returnRecallAdvice,
  reviseRecallAdvice,
  withdrawRecallAdvice,
  claimItem,
} from '../testing';

const onSentence = (sentence: SentenceInput, mappa: { category: 1 | 2 | 3; level: 1 | 2 | 3 } | null = null) =>
  allocateCommand({ sentence, mappa });
const extended: SentenceInput = {
  type: 'Extended determinate sentence',
  kind: 'EXTENDED_DETERMINATE',
  lengthMonths: 96,
  custodialTermMonths: 72,
  offenceCategory: 'VIOLENT',
};
const life: SentenceInput = { type: 'Life imprisonment', kind: 'INDETERMINATE', lengthMonths: 120, offenceCategory: 'VIOLENT' };
const standard = (
  fixedTermExclusion: {
    reason: 'MAPPA_LEVEL_2_OR_3' | 'CHARGED_WITH_FURTHER_OFFENCE' | 'RISK_OF_SERIOUS_HARM' | 'OTHER' | 'EXTENDED_OR_INDETERMINATE_SENTENCE';
    details?: string;
  } | null = null,
) => draftRecallAdvice({ recallType: 'STANDARD', basedOn: [], fixedTermExclusion });

/**
 * Recall is for people on licence, and the recall type follows the sentence. Source: domain brief,
 * "Sentences and what follows from them" (extended and indeterminate: standard only; fixed-term the norm
 * for standard determinate sentences unless an exclusion applies, such as MAPPA level 2/3 or a new charge);
 * Criminal Justice Act 2003 s.254 (recall), s.255A (fixed-term recall suitability).
 */
describe('recall by sentence', () => {
  it('is drafted by the public service on any licence case, with nothing behind it', () => {
    given(...history(allocateLicenceCase()))
      .when(draftRecallAdvice({ basedOn: [] }))
      .then(recallAdviceDrafted({ basedOn: [] }));
  });

  it('may rest on risk information of the case', () => {
    const publicServiceCase = allocateCommand({ sentence: ON_LICENCE, rosh: 'HIGH' });
    given(...history(publicServiceCase, recordRiskInformation()))
      .when(draftRecallAdvice({ basedOn: ['ri-1'] }))
      .then(recallAdviceDrafted({ basedOn: ['ri-1'] }));
  });

  it('is refused for sentences not served on licence: orders and post-sentence supervision go to court', () => {
    for (const sentence of [
      { type: 'Community order', kind: 'COMMUNITY_ORDER', lengthMonths: 18, offenceCategory: 'OTHER' },
      { type: 'Suspended sentence order', kind: 'SUSPENDED_SENTENCE_ORDER', lengthMonths: 12, offenceCategory: 'OTHER' },
      {
        type: 'Post-sentence supervision',
        kind: 'POST_SENTENCE_SUPERVISION',
        lengthMonths: 12,
        custodialTermMonths: 6,
        offenceCategory: 'OTHER',
      },
    ] satisfies SentenceInput[]) {
      given(...history(onSentence(sentence)))
        .when(draftRecallAdvice({ basedOn: [] }))
        .thenThrows(RecallNotAvailableError);
    }
  });

  it('needs the sentence kind, which older records may not have', () => {
    const recorded = caseAllocated();
    const beforeKinds = {
      ...recorded,
      data: { ...recorded.data, sentence: { ...recorded.data.sentence, type: 'Order of the court', kind: 'UNKNOWN' as const } },
    };
    given(beforeKinds)
      .when(draftRecallAdvice({ basedOn: [] }))
      .thenThrows(SentenceKindUnknownError);
  });

  it('is standard only for extended and indeterminate sentences, and says so', () => {
    for (const sentence of [extended, life]) {
      given(...history(onSentence(sentence)))
        .when(draftRecallAdvice({ recallType: 'FIXED_TERM', basedOn: [] }))
        .thenThrows(RecallTypeNotAllowedError);
      given(...history(onSentence(sentence)))
        .when(standard())
        .then(
          recallAdviceDrafted({
            recallType: 'STANDARD',
            basedOn: [],
            fixedTermExclusion: { reason: 'EXTENDED_OR_INDETERMINATE_SENTENCE', details: null },
          }),
        );
    }
  });

  it('is fixed-term by default for a standard determinate sentence: a standard recall names its exclusion', () => {
    given(...history(allocateLicenceCase()))
      .when(standard())
      .thenThrows(RecallTypeNotAllowedError);
    given(...history(allocateLicenceCase()))
      .when(standard({ reason: 'CHARGED_WITH_FURTHER_OFFENCE' }))
      .thenThrows(RecallTypeNotAllowedError, (error) => expect(error.message).toMatch(/details/));
    given(...history(allocateLicenceCase()))
      .when(standard({ reason: 'CHARGED_WITH_FURTHER_OFFENCE', details: 'Charged with burglary on 2 November.' }))
      .then(
        recallAdviceDrafted({
          recallType: 'STANDARD',
          basedOn: [],
          fixedTermExclusion: { reason: 'CHARGED_WITH_FURTHER_OFFENCE', details: 'Charged with burglary on 2 November.' },
        }),
      );
    given(...history(allocateLicenceCase()))
      .when(standard({ reason: 'EXTENDED_OR_INDETERMINATE_SENTENCE' }))
      .thenThrows(RecallTypeNotAllowedError);
  });

  it('checks MAPPA level 2 or 3 against the case: it excludes fixed-term recall, and is recorded when not given', () => {
    const atLevel2 = onSentence(ON_LICENCE, { category: 2, level: 2 });
    given(...history(atLevel2))
      .when(draftRecallAdvice({ recallType: 'FIXED_TERM', basedOn: [] }))
      .thenThrows(RecallTypeNotAllowedError, (error) => expect(error.message).toMatch(/MAPPA level 2/));
    given(...history(atLevel2))
      .when(standard())
      .then(
        recallAdviceDrafted({ recallType: 'STANDARD', basedOn: [], fixedTermExclusion: { reason: 'MAPPA_LEVEL_2_OR_3', details: null } }),
      );
    given(...history(onSentence(ON_LICENCE, { category: 2, level: 1 })))
      .when(standard({ reason: 'MAPPA_LEVEL_2_OR_3' }))
      .thenThrows(RecallTypeNotAllowedError, (error) => expect(error.message).toMatch(/level 1/));
  });

  it('refuses an exclusion with a fixed-term recall', () => {
    given(...history(allocateLicenceCase()))
      .when(draftRecallAdvice({ basedOn: [], fixedTermExclusion: { reason: 'OTHER', details: 'x' } }))
      .thenThrows(RecallTypeNotAllowedError);
  });
});

/**
 * An SPO or ACO may send recall advice back with reasons instead of signing it; the author revises it
 * (both countersignatures again) or withdraws it, with a reason. Source: issue 18; domain brief, "What the
 * public service decides" 4 (management oversight before recall advice goes out).
 */
describe('returning recall advice', () => {
  const drafted: CaseCommand[] = [allocateLicenceCase(), draftRecallAdvice({ basedOn: [] })];
  const signedBySpo: CaseCommand[] = [...drafted, countersignRecallAdvice()];
  const returnedByAco: CaseCommand[] = [...signedBySpo, returnRecallAdvice({ reason: 'Which conditions, and when?' }, actors.aco)];

  it('is returned by the countersigner it waits for, with reasons', () => {
    given(...history(...drafted))
      .when(returnRecallAdvice())
      .then(recallAdviceReturned({ stage: 'SPO' }));
    given(...history(...signedBySpo))
      .when(returnRecallAdvice({ reason: 'Which conditions, and when?' }, actors.aco))
      .then(recallAdviceReturned({ stage: 'ACO', reason: 'Which conditions, and when?' }, { by: actors.aco }));
    given(...history(...drafted))
      .when(returnRecallAdvice({}, actors.aco))
      .thenThrows(CountersignatureOutOfOrderError);
  });

  it('cannot be signed or claimed while it is back with its author', () => {
    given(...history(...returnedByAco))
      .when(countersignRecallAdvice({}, actors.aco))
      .thenThrows(RecallAdviceReturnedError);
    given(...history(...returnedByAco))
      .when(claimItem('ra-1', actors.aco))
      .thenThrows(RecallAdviceReturnedError);
    given(...history(...returnedByAco))
      .when(returnRecallAdvice({ reason: 'Which conditions, and when?' }, actors.aco))
      .thenNothingHappened();
  });

  it('is revised by its author only, and then needs both countersignatures again', () => {
    given(...history(...returnedByAco))
      .when(reviseRecallAdvice({}, actors.otherOfficer))
      .thenThrows(NotTheAuthorError);
    given(...history(...returnedByAco))
      .when(reviseRecallAdvice())
      .then(recallAdviceRevised({ basedOn: [] }));
    const revised = [...returnedByAco, reviseRecallAdvice()];
    given(...history(...revised))
      .when(countersignRecallAdvice({}, actors.aco))
      .thenThrows(CountersignatureOutOfOrderError);
    given(...history(...revised))
      .when(reviseRecallAdvice())
      .thenNothingHappened();
    // The same note and rationale with other terms is not a resend: refused, never silently dropped.
    given(...history(...revised))
      .when(reviseRecallAdvice({ emergency: true }))
      .thenThrows(RecallAdviceNotReturnedError);
    given(...history(...drafted))
      .when(reviseRecallAdvice())
      .thenThrows(RecallAdviceNotReturnedError);
  });

  it('keeps its deadline from the first draft; made an emergency, it is due within the emergency hours of it', () => {
    given(...history(...returnedByAco))
      .when(reviseRecallAdvice({ emergency: true }), { now: hoursLater(1) })
      .then(recallAdviceRevised({ basedOn: [], emergency: true, dueAt: hoursLater(2).toISOString() }, { at: hoursLater(1) }));
  });

  it('is checked again for its type when revised', () => {
    given(...history(...returnedByAco))
      .when(reviseRecallAdvice({ recallType: 'STANDARD' }))
      .thenThrows(RecallTypeNotAllowedError);
  });

  it('is withdrawn by its author with a reason, and then nobody signs it', () => {
    given(...history(...returnedByAco))
      .when(withdrawRecallAdvice({}, actors.spo))
      .thenThrows(NotTheAuthorError);
    given(...history(...signedBySpo))
      .when(withdrawRecallAdvice())
      .then(recallAdviceWithdrawn());
    const withdrawn = [...signedBySpo, withdrawRecallAdvice()];
    given(...history(...withdrawn))
      .when(withdrawRecallAdvice())
      .thenNothingHappened();
    given(...history(...withdrawn))
      .when(countersignRecallAdvice({}, actors.aco))
      .thenThrows(RecallAdviceAlreadyIssuedError);
    given(...history(...withdrawn))
      .when(reviseRecallAdvice())
      .thenThrows(ItemAlreadyDecidedError);
  });
});

/**
 * After issue the hub records what followed, in order: sent to the public protection casework section,
 * licence revoked, returned to custody (perhaps unlawfully at large first). Source: domain brief,
 * "Sentences and what follows from them".
 */
describe('what followed a recall', () => {
  const issued: (CaseCommand | HistoryStep)[] = [
    allocateLicenceCase(),
    draftRecallAdvice({ basedOn: [] }),
    countersignRecallAdvice(),
    countersignRecallAdvice({}, actors.aco),
  ];
  const later = (hours: number) => hoursLater(hours).toISOString();

  it('is recorded only once the advice is issued', () => {
    given(...history(allocateLicenceCase(), draftRecallAdvice({ basedOn: [] })))
      .when(recordRecallStep())
      .thenThrows(RecallStepOutOfOrderError);
  });

  it('goes PPCS, revocation, at large, custody, in that order, each at a time not in the future', () => {
    given(...history(...issued))
      .when(recordRecallStep({ step: 'LICENCE_REVOKED' }))
      .thenThrows(RecallStepOutOfOrderError);
    given(...history(...issued))
      .when(recordRecallStep({ happenedAt: later(1) }))
      .thenThrows(HappenedAtOutOfRangeError);
    given(...history(...issued))
      .when(recordRecallStep({ happenedAt: hoursLater(-1).toISOString() }))
      .thenThrows(HappenedAtOutOfRangeError);
    const steps = [
      recordRecallStep(),
      at(hoursLater(1), recordRecallStep({ step: 'LICENCE_REVOKED', happenedAt: later(1) })),
      at(hoursLater(5), recordRecallStep({ step: 'UNLAWFULLY_AT_LARGE', happenedAt: later(5) })),
    ];
    given(...history(...issued, ...steps))
      .when(recordRecallStep({ step: 'RETURNED_TO_CUSTODY', happenedAt: later(30), details: 'Arrested at his brother’s address.' }), {
        now: hoursLater(31),
      })
      .then(
        recallProgressed(
          { step: 'RETURNED_TO_CUSTODY', happenedAt: later(30), details: 'Arrested at his brother’s address.' },
          { at: hoursLater(31) },
        ),
      );
    const inCustody = [...steps, at(hoursLater(31), recordRecallStep({ step: 'RETURNED_TO_CUSTODY', happenedAt: later(30) }))];
    given(...history(...issued, ...inCustody))
      .when(recordRecallStep({ step: 'UNLAWFULLY_AT_LARGE', happenedAt: later(31) }), { now: hoursLater(32) })
      .thenThrows(RecallStepOutOfOrderError);
    given(...history(...issued, ...inCustody))
      .when(recordRecallStep({ step: 'RETURNED_TO_CUSTODY', happenedAt: later(30) }), { now: hoursLater(32) })
      .thenNothingHappened();
    // Other details for a step already recorded would be lost as a resend: refused instead.
    given(...history(...issued, ...inCustody))
      .when(recordRecallStep({ step: 'RETURNED_TO_CUSTODY', happenedAt: later(30), details: 'Handed himself in.' }), {
        now: hoursLater(32),
      })
      .thenThrows(RecallStepOutOfOrderError, (error) =>
        expect(error.message).toBe(`RETURNED_TO_CUSTODY at ${later(30)} is recorded already, with other details`),
      );
  });

  it('is the public service’s to record', () => {
    given(...history(...issued))
      .when(recordRecallStep({}, actors.crc07))
      .thenThrows(RoleNotAllowedError);
  });
});
