import {
  BreachOutcomeNotAllowedError,
  CaseNotFoundError,
  CourtStageOutOfOrderError,
  DateInFutureError,
  ItemAlreadyDecidedError,
  ItemNotFoundError,
  RoleNotAllowedError,
  UnknownFailureError,
  WarningAlreadyGivenError,
} from './case.errors';
import type { CaseCommand } from './case.commands';
import { withinTwelveMonths } from './enforcement.policy';
import { awaitsProvider } from './case.state';
import {
  actors,
  allocateCommand,
  allocateLicenceCase,
  breachDue,
  breachPackDecided,
  breachPackSubmitted,
  breachWaived,
  courtStageRecorded,
  decideBreachPack,
  draftRecallAdvice,
  failureRecorded,
  given,
  history,
  itemFulfilled,
  recallAdviceDrafted,
  recallAdviceDue,
  recordCourtStage,
  recordFailureToComply,
  recordWarning,
  recordSentence,
  at,
  hoursLater,
  warningRecorded,
  submitBreachPack,
  waiveBreach,
} from '../testing';

const firstFailure = recordFailureToComply();
const warning = recordWarning();
const secondFailure = recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02', details: 'Late and refused to work.' });
const suspendedSentence = allocateCommand({
  sentence: {
    type: 'Suspended sentence order',
    kind: 'SUSPENDED_SENTENCE_ORDER',
    lengthMonths: 18,
    custodialTermMonths: null,
    offenceCategory: 'OTHER',
    requirements: ['Unpaid work'],
  },
});

/**
 * National standards for orders: one formal warning in 12 months; a second unacceptable failure within 12
 * months of a warning leads to breach proceedings unless there are exceptional reasons. Source: domain brief,
 * "Sentences and what follows from them"; seed 001 (Braddon, under a community sentence, "had missed eight
 * probation appointments").
 */
describe('compliance on an order', () => {
  it('is recorded by the provider managing the case: when, with what, acceptable or not, and who judged it', () => {
    given(...history(allocateCommand()))
      .when(firstFailure)
      .then(failureRecorded());
    given(...history(allocateCommand()))
      .when(recordFailureToComply({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
    given(...history(allocateCommand()))
      .when(recordFailureToComply({ date: '2026-11-05' }))
      .thenThrows(DateInFutureError);
    given(...history(allocateCommand(), firstFailure))
      .when(firstFailure)
      .thenNothingHappened();
  });

  it('takes one formal warning in 12 months, for failures recorded', () => {
    given(...history(allocateCommand(), firstFailure))
      .when(recordWarning({ failureIds: ['fail-9'] }))
      .thenThrows(UnknownFailureError);
    given(...history(allocateCommand(), firstFailure, warning, secondFailure))
      .when(recordWarning({ warningId: 'warn-2', issuedOn: '2026-11-03', failureIds: ['fail-2'] }))
      .thenThrows(WarningAlreadyGivenError);
  });

  it('makes breach proceedings due on an unacceptable failure within 12 months of a warning, for the provider to answer', () => {
    for (const order of [allocateCommand(), suspendedSentence]) {
      const state = given(...history(order, firstFailure, warning))
        .when(secondFailure)
        .then(failureRecorded(secondFailure.payload), breachDue());
      expect(awaitsProvider(state.items['bd-fail-2'])).toBe(true);
    }
    // Acceptable, before the warning, or a licence: nothing falls due.
    given(...history(allocateCommand(), firstFailure, warning))
      .when(recordFailureToComply({ failureId: 'fail-2', date: '2026-11-02', acceptable: true }))
      .then(failureRecorded({ failureId: 'fail-2', date: '2026-11-02', acceptable: true }));
    given(...history(allocateLicenceCase(), firstFailure, warning))
      .when(secondFailure)
      .then(failureRecorded(secondFailure.payload));
  });

  it('starts a new record with a new order, and counts a backdated warning against the one given', () => {
    const newOrder = at(
      hoursLater(1),
      recordSentence({
        type: 'Community order',
        kind: 'COMMUNITY_ORDER',
        lengthMonths: 12,
        offenceCategory: 'OTHER',
        custodialTermMonths: null,
        licenceConditions: [],
      }),
    );
    given(...history(allocateCommand(), firstFailure, warning, newOrder))
      .when(secondFailure, { now: hoursLater(2) })
      .then(failureRecorded(secondFailure.payload, { at: hoursLater(2) }));
    given(...history(allocateCommand(), firstFailure, warning, newOrder, at(hoursLater(2), secondFailure)))
      .when(recordWarning({ warningId: 'warn-2', issuedOn: '2026-11-03', failureIds: ['fail-2'] }), { now: hoursLater(3) })
      .then(warningRecorded({ warningId: 'warn-2', issuedOn: '2026-11-03', failureIds: ['fail-2'] }, { at: hoursLater(3) }));
    given(...history(allocateCommand(), firstFailure, warning))
      .when(recordWarning({ warningId: 'warn-0', issuedOn: '2026-09-01' }))
      .thenThrows(WarningAlreadyGivenError);
  });

  it('counts 12 months by the calendar', () => {
    expect(withinTwelveMonths('2026-10-02', '2027-10-02')).toBe(true);
    expect(withinTwelveMonths('2026-10-02', '2027-10-03')).toBe(false);
    expect(withinTwelveMonths('2026-10-02', '2026-10-01')).toBe(false);
  });

  it('is answered by a breach pack citing the failures, or waived for exceptional reasons', () => {
    const due: CaseCommand[] = [allocateCommand(), firstFailure, warning, secondFailure];
    given(...history(...due))
      .when(submitBreachPack({ failureIds: ['fail-1', 'fail-2'] }))
      .then(breachPackSubmitted({ failureIds: ['fail-1', 'fail-2'] }), itemFulfilled());
    given(...history(...due))
      .when(submitBreachPack({ failureIds: ['fail-7'] }))
      .thenThrows(UnknownFailureError);
    given(...history(...due))
      .when(waiveBreach())
      .then(breachWaived());
    given(...history(...due))
      .when(waiveBreach({}, actors.officer))
      .then(breachWaived({}, { by: actors.officer }));
    given(...history(...due, waiveBreach()))
      .when(waiveBreach({ reason: 'Something else.' }))
      .thenThrows(ItemAlreadyDecidedError);
    given(...history(...due))
      .when(waiveBreach({}, actors.crc11))
      .thenThrows(CaseNotFoundError);
  });
});

/**
 * Breach outcomes by sentence: orders, suspended sentences and post-sentence supervision go to court;
 * licences to recall. Source: domain brief, "Sentences and what follows from them" (the enforcement route
 * of each kind); issue 18.
 */
describe('breach outcomes by sentence', () => {
  it('returns an order to court, never recalls it', () => {
    given(...history(allocateCommand(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'RECALL' }))
      .thenThrows(BreachOutcomeNotAllowedError);
    given(...history(allocateCommand(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'RETURN_TO_COURT' }))
      .then(breachPackDecided({ outcome: 'RETURN_TO_COURT' }));
  });

  it('recalls a licence, never returns it to court, and makes recall advice due within a day', () => {
    given(...history(allocateLicenceCase(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'RETURN_TO_COURT' }))
      .thenThrows(BreachOutcomeNotAllowedError);
    given(...history(allocateLicenceCase(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'RECALL' }))
      .then(breachPackDecided({ outcome: 'RECALL' }), recallAdviceDue());
    given(...history(allocateLicenceCase(), submitBreachPack()))
      .when(decideBreachPack({ outcome: 'WARNING' }))
      .then(breachPackDecided({ outcome: 'WARNING' }));
  });

  it('makes nothing due when advice on that breach was drafted first (an emergency)', () => {
    given(...history(allocateLicenceCase(), submitBreachPack(), draftRecallAdvice({ emergency: true })))
      .when(decideBreachPack({ outcome: 'RECALL' }))
      .then(breachPackDecided({ outcome: 'RECALL' }));
  });

  it('meets the recall advice due when advice is drafted on that breach', () => {
    given(...history(allocateLicenceCase(), submitBreachPack(), decideBreachPack({ outcome: 'RECALL' })))
      .when(draftRecallAdvice())
      .then(
        recallAdviceDrafted(),
        itemFulfilled(
          { itemId: 'rd-bp-1', kind: 'RECALL_DUE', byItemId: 'ra-1', dueAt: recallAdviceDue().data.dueAt },
          { by: actors.officer },
        ),
      );
  });
});

/** Breach proceedings at court: laid, listed, outcome, in order. Source: issue 18 ("record the court stage: laid, listed, outcome"). */
describe('breach at court', () => {
  const toCourt: CaseCommand[] = [allocateCommand(), submitBreachPack(), decideBreachPack({ outcome: 'RETURN_TO_COURT' })];

  it('records each stage in order, the outcome with what the court did', () => {
    given(...history(...toCourt))
      .when(recordCourtStage({ stage: 'LISTED' }))
      .thenThrows(CourtStageOutOfOrderError);
    const listed = [...toCourt, recordCourtStage(), recordCourtStage({ stage: 'LISTED', on: '2026-11-04' })];
    given(...history(...listed))
      .when(recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04' }))
      .thenThrows(CourtStageOutOfOrderError);
    given(...history(...listed))
      .when(recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED', details: 'Curfew added.' }))
      .then(courtStageRecorded({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED', details: 'Curfew added.' }));
    given(...history(...listed))
      .when(recordCourtStage({ stage: 'LISTED', on: '2026-11-04' }))
      .thenNothingHappened();
  });

  it('takes the same stage again as a resend, and refuses other content for it rather than lose it', () => {
    const decided = [
      ...toCourt,
      recordCourtStage(),
      recordCourtStage({ stage: 'LISTED', on: '2026-11-04' }),
      recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED', details: 'Curfew added.' }),
    ];
    given(...history(...decided))
      .when(recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED', details: ' Curfew added. ' }))
      .thenNothingHappened();
    given(...history(...decided))
      .when(recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_CONTINUED', details: 'Curfew added.' }))
      .thenThrows(CourtStageOutOfOrderError, (error) =>
        expect(error.message).toBe('OUTCOME on 2026-11-04 is recorded already, with other content'),
      );
    given(...history(...decided))
      .when(recordCourtStage({ stage: 'OUTCOME', on: '2026-11-04', outcome: 'ORDER_AMENDED', details: 'Curfew and exclusion zone added.' }))
      .thenThrows(CourtStageOutOfOrderError);
  });

  it('is only for a breach decided RETURN_TO_COURT, on days that have come, by the public service', () => {
    given(...history(allocateCommand(), submitBreachPack()))
      .when(recordCourtStage())
      .thenThrows(CourtStageOutOfOrderError);
    given(...history(...toCourt))
      .when(recordCourtStage({ on: '2026-12-25' }))
      .thenThrows(DateInFutureError);
    given(...history(...toCourt))
      .when(recordCourtStage({}, actors.crc07))
      .thenThrows(RoleNotAllowedError);
    given(...history(...toCourt))
      .when(recordCourtStage({ breachPackId: 'bp-9' }))
      .thenThrows(ItemNotFoundError);
  });
});
