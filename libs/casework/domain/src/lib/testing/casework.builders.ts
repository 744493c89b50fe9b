import type {
  AcknowledgeRiskInformation,
  ReferToIntervention,
  AnswerInformationRequest,
  RecordRiskInformation,
  ReviewRiskInformation,
  DecideTransfer,
  RequestTransfer,
  CloseCase,
  ExpireClaim,
  AllocateCase,
  CaseCommand,
  ClaimItem,
  CountersignRecallAdvice,
  DecideBreachPack,
  DecideEscalation,
  DraftRecallAdvice,
  MarkItemOverdue,
  RecordCourtStage,
  RecordFailureToComply,
  RecordRecallStep,
  RecordWarning,
  WaiveBreach,
  ReturnRecallAdvice,
  ReviseRecallAdvice,
  WithdrawRecallAdvice,
  RecordMappaChange,
  RecordPublicInterest,
  RecordRoshReview,
  RecordSentence,
  ReleaseItem,
  RequestEscalation,
  SubmitBreachPack,
} from '../case.commands';
import type { DecisionContext } from '../case.decider';
import { DueTimePolicy } from '../due-time.policy';
import type { Actor } from '../vocabulary';

export const actors = {
  crc07: { id: 'crc07-cms', role: 'provider', provider: 'CRC07' },
  crc11: { id: 'crc11-cms', role: 'provider', provider: 'CRC11' },
  officer: { id: 'po.alice', role: 'decision-maker' },
  otherOfficer: { id: 'po.bob', role: 'decision-maker' },
  spo: { id: 'spo.carol', role: 'spo' },
  otherSpo: { id: 'spo.dan', role: 'spo' },
  aco: { id: 'aco.erin', role: 'aco' },
  auditor: { id: 'auditor.frank', role: 'auditor' },
  scheduler: { id: 'hub-scheduler', role: 'admin' },
} as const satisfies Record<string, Actor>;

/** The case every builder works on unless told otherwise. */
export const CRN = 'X123456';

/** Wednesday 4 November 2026, 10:00 UTC: a plain working day. */
export const A_WORKING_MORNING = new Date('2026-11-04T10:00:00.000Z');

export function hoursLater(hours: number, from: Date = A_WORKING_MORNING): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

/** The decider's outside world: the clock at `now` and the service's due-time rules, either replaceable. */
export function contextAt(now: Date = A_WORKING_MORNING, dueTimes: DueTimePolicy = new DueTimePolicy()): DecisionContext {
  return { now, dueTimes };
}

/*
 * Command builders: every field has a plain default, so a test names only what it is about. Provider
 * requests derive their requestId and fingerprint from the item id, so a second item is a new request
 * unless the test says otherwise.
 */

/** Named for the command's payload, not `allocateCase`: that is the allocation policy itself. */
export function allocateCommand(overrides: Partial<AllocateCase['payload']> = {}, crn = CRN, actor: Actor = actors.officer): AllocateCase {
  return {
    type: 'AllocateCase',
    crn,
    actor,
    payload: {
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Community Order', lengthMonths: 18, offenceCategory: 'VIOLENT' },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
      ...overrides,
    },
  };
}

export function requestEscalation(overrides: Partial<RequestEscalation['payload']> = {}, actor: Actor = actors.crc07): RequestEscalation {
  const escalationId = overrides.escalationId ?? 'esc-1';
  const requestId = overrides.requestId ?? `req-${escalationId}`;
  return {
    type: 'RequestEscalation',
    crn: CRN,
    actor,
    payload: {
      escalationId,
      requestId,
      requestFingerprint: `fp-${requestId}`,
      raisedBy: 'Jo Bloggs, CRC07 case manager',
      proposedRosh: 'HIGH',
      urgency: 'IMMEDIATE',
      triggers: ['THREAT_DISCLOSED'],
      summary: 'Said at supervision he felt like hurting his ex-partner.',
      ...overrides,
    },
  };
}

export function submitBreachPack(overrides: Partial<SubmitBreachPack['payload']> = {}, actor: Actor = actors.crc07): SubmitBreachPack {
  const breachPackId = overrides.breachPackId ?? 'bp-1';
  const requestId = overrides.requestId ?? `req-${breachPackId}`;
  return {
    type: 'SubmitBreachPack',
    crn: CRN,
    actor,
    payload: {
      breachPackId,
      requestId,
      requestFingerprint: `fp-${requestId}`,
      requirement: 'Unpaid work',
      failures: [{ date: '2026-10-01', description: 'Did not attend' }],
      warningsIssued: 1,
      providerRecommendation: 'RETURN_TO_COURT',
      summary: 'Second unacceptable absence.',
      ...overrides,
    },
  };
}

/** An unacceptable failure to comply, recorded by CRC07 (its id, requestId and fingerprint follow from `failureId`). */
export function recordFailureToComply(
  overrides: Partial<RecordFailureToComply['payload']> = {},
  actor: Actor = actors.crc07,
): RecordFailureToComply {
  const failureId = overrides.failureId ?? 'fail-1';
  const requestId = overrides.requestId ?? `req-${failureId}`;
  return {
    type: 'RecordFailureToComply',
    crn: CRN,
    actor,
    payload: {
      failureId,
      requestId,
      requestFingerprint: `fp-${requestId}`,
      date: '2026-10-01',
      requirement: 'Unpaid work',
      acceptable: false,
      judgedBy: 'Jo Bloggs, case manager',
      details: 'Did not attend; no reason given.',
      ...overrides,
    },
  };
}

export function recordWarning(overrides: Partial<RecordWarning['payload']> = {}, actor: Actor = actors.crc07): RecordWarning {
  const warningId = overrides.warningId ?? 'warn-1';
  const requestId = overrides.requestId ?? `req-${warningId}`;
  return {
    type: 'RecordWarning',
    crn: CRN,
    actor,
    payload: {
      warningId,
      requestId,
      requestFingerprint: `fp-${requestId}`,
      issuedOn: '2026-10-02',
      failureIds: ['fail-1'],
      issuedBy: 'Jo Bloggs, case manager',
      details: 'Formal warning by letter.',
      ...overrides,
    },
  };
}

export function waiveBreach(overrides: Partial<WaiveBreach['payload']> = {}, actor: Actor = actors.crc07): WaiveBreach {
  return {
    type: 'WaiveBreach',
    crn: CRN,
    actor,
    payload: { breachDueId: 'bd-fail-2', reason: 'In hospital that week: medical note seen.', ...overrides },
  };
}

export function recordCourtStage(overrides: Partial<RecordCourtStage['payload']> = {}, actor: Actor = actors.officer): RecordCourtStage {
  return { type: 'RecordCourtStage', crn: CRN, actor, payload: { breachPackId: 'bp-1', stage: 'LAID', on: '2026-11-04', ...overrides } };
}

export function claimItem(itemId: string, actor: Actor = actors.officer): ClaimItem {
  return { type: 'ClaimItem', crn: CRN, actor, payload: { itemId } };
}

export function releaseItem(itemId: string, actor: Actor = actors.officer): ReleaseItem {
  return { type: 'ReleaseItem', crn: CRN, actor, payload: { itemId } };
}

export function decideEscalation(overrides: Partial<DecideEscalation['payload']> = {}, actor: Actor = actors.officer): DecideEscalation {
  return {
    type: 'DecideEscalation',
    crn: CRN,
    actor,
    payload: {
      escalationId: 'esc-1',
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Risk now high: threats to a named victim.',
      advice: null,
      revisedRosh: null,
      ...overrides,
    },
  };
}

/** The public service asks the provider for more on esc-1 (a decision with MORE_INFORMATION_REQUIRED). */
export function requestInformation(overrides: Partial<DecideEscalation['payload']> = {}, actor: Actor = actors.officer): DecideEscalation {
  return decideEscalation(
    {
      outcome: 'MORE_INFORMATION_REQUIRED',
      rationale: 'Cannot weigh the threat without the group facilitator’s account.',
      questions: ['What exactly did he say in the group, and to whom?'],
      ...overrides,
    },
    actor,
  );
}

export function answerInformationRequest(
  overrides: Partial<AnswerInformationRequest['payload']> = {},
  actor: Actor = actors.crc07,
): AnswerInformationRequest {
  return {
    type: 'AnswerInformationRequest',
    crn: CRN,
    actor,
    payload: {
      escalationId: 'esc-1',
      answer: 'He said it to the facilitator after the session; she wrote it down at once.',
      answeredBy: 'Jo Bloggs, CRC07 case manager',
      ...overrides,
    },
  };
}

export function decideBreachPack(overrides: Partial<DecideBreachPack['payload']> = {}, actor: Actor = actors.officer): DecideBreachPack {
  return {
    type: 'DecideBreachPack',
    crn: CRN,
    actor,
    payload: { breachPackId: 'bp-1', outcome: 'WARNING', rationale: 'First formal warning.', ...overrides },
  };
}

export function draftRecallAdvice(overrides: Partial<DraftRecallAdvice['payload']> = {}, actor: Actor = actors.officer): DraftRecallAdvice {
  return {
    type: 'DraftRecallAdvice',
    crn: CRN,
    actor,
    payload: {
      recallAdviceId: 'ra-1',
      recallType: 'FIXED_TERM',
      emergency: false,
      rationale: 'Licence conditions breached twice.',
      basedOn: ['bp-1'],
      ...overrides,
    },
  };
}

/** Signed by the SPO unless another actor is given: the ACO's signature is the second one. */
/** A determinate sentence of imprisonment, the person now on licence: a case recall advice can be drafted on. */
export const ON_LICENCE = {
  type: 'Determinate sentence of imprisonment',
  kind: 'DETERMINATE_CUSTODY',
  lengthMonths: 36,
  custodialTermMonths: 36,
  offenceCategory: 'OTHER',
} as const;

/** A provider's case whose person is on licence (ON_LICENCE), otherwise the default case. */
export function allocateLicenceCase(overrides: Partial<AllocateCase['payload']> = {}): AllocateCase {
  return allocateCommand({ sentence: ON_LICENCE, ...overrides });
}

export function returnRecallAdvice(overrides: Partial<ReturnRecallAdvice['payload']> = {}, actor: Actor = actors.spo): ReturnRecallAdvice {
  return {
    type: 'ReturnRecallAdvice',
    crn: CRN,
    actor,
    payload: { recallAdviceId: 'ra-1', reason: 'Say which conditions were breached, and when.', ...overrides },
  };
}

export function reviseRecallAdvice(
  overrides: Partial<ReviseRecallAdvice['payload']> = {},
  actor: Actor = actors.officer,
): ReviseRecallAdvice {
  return {
    type: 'ReviseRecallAdvice',
    crn: CRN,
    actor,
    payload: {
      recallAdviceId: 'ra-1',
      recallType: 'FIXED_TERM',
      emergency: false,
      rationale: 'Licence conditions 3 and 5 breached on 1 and 3 November.',
      note: 'Named the conditions and the dates.',
      ...overrides,
    },
  };
}

export function withdrawRecallAdvice(
  overrides: Partial<WithdrawRecallAdvice['payload']> = {},
  actor: Actor = actors.officer,
): WithdrawRecallAdvice {
  return {
    type: 'WithdrawRecallAdvice',
    crn: CRN,
    actor,
    payload: { recallAdviceId: 'ra-1', reason: 'He reported as required; no longer needed.', ...overrides },
  };
}

export function recordRecallStep(overrides: Partial<RecordRecallStep['payload']> = {}, actor: Actor = actors.officer): RecordRecallStep {
  return {
    type: 'RecordRecallStep',
    crn: CRN,
    actor,
    payload: { recallAdviceId: 'ra-1', step: 'SENT_TO_PPCS', happenedAt: A_WORKING_MORNING.toISOString(), ...overrides },
  };
}

export function countersignRecallAdvice(
  overrides: Partial<CountersignRecallAdvice['payload']> = {},
  actor: Actor = actors.spo,
): CountersignRecallAdvice {
  return { type: 'CountersignRecallAdvice', crn: CRN, actor, payload: { recallAdviceId: 'ra-1', rationale: 'Agreed.', ...overrides } };
}

/** The scheduler lets go of a claim on `itemId` held for `expiresAfterSeconds` or more (8 hours by default). */
export function expireClaim(itemId: string, expiresAfterSeconds = 8 * 3600, actor: Actor = actors.scheduler): ExpireClaim {
  return { type: 'ExpireClaim', crn: CRN, actor, payload: { itemId, expiresAfterSeconds } };
}

export function closeCase(overrides: Partial<CloseCase['payload']> = {}, actor: Actor = actors.officer): CloseCase {
  return { type: 'CloseCase', crn: CRN, actor, payload: { reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-03', ...overrides } };
}

/** A request that LDU-LDS-S (covered by CRC11) take the case over. */
export function requestTransfer(overrides: Partial<RequestTransfer['payload']> = {}, actor: Actor = actors.officer): RequestTransfer {
  return {
    type: 'RequestTransfer',
    crn: CRN,
    actor,
    payload: {
      transferId: 'tr-1',
      toLdu: 'LDU-LDS-S',
      toProvider: 'CRC11',
      reason: 'He has moved to Leeds to live with his sister.',
      ...overrides,
    },
  };
}

/** The receiving area's answer, by an SPO there (not the officer who asked). */
export function decideTransfer(overrides: Partial<DecideTransfer['payload']> = {}, actor: Actor = actors.spo): DecideTransfer {
  return {
    type: 'DecideTransfer',
    crn: CRN,
    actor,
    payload: {
      transferId: 'tr-1',
      outcome: 'ACCEPTED',
      rationale: 'Address verified; a case manager is allocated in Leeds.',
      ...overrides,
    },
  };
}

/** The 2021 post's life-licence case (seed 002): his partner tells his probation officer he loiters near her work. */
export function recordRiskInformation(
  overrides: Partial<RecordRiskInformation['payload']> = {},
  actor: Actor = actors.officer,
): RecordRiskInformation {
  return {
    type: 'RecordRiskInformation',
    crn: CRN,
    actor,
    payload: {
      riskInformationId: 'ri-1',
      source: 'VICTIM_OR_FAMILY',
      channel: 'Told his probation officer at the office',
      knownAt: hoursLater(-20).toISOString(),
      receivedBy: 'po.alice, his probation officer',
      threat: false,
      summary: 'His partner says he has been loitering near her work and approached her twice on her way in.',
      ...overrides,
    },
  };
}

/** The public service refers its case to CRC07's thinking-skills group. */
export function referToIntervention(
  overrides: Partial<ReferToIntervention['payload']> = {},
  actor: Actor = actors.officer,
): ReferToIntervention {
  return {
    type: 'ReferToIntervention',
    crn: CRN,
    actor,
    payload: { provider: 'CRC07', intervention: 'Thinking skills group', ...overrides },
  };
}

export function acknowledgeRiskInformation(riskInformationId = 'ri-1', actor: Actor = actors.spo): AcknowledgeRiskInformation {
  return { type: 'AcknowledgeRiskInformation', crn: CRN, actor, payload: { riskInformationId } };
}

export function reviewRiskInformation(
  overrides: Partial<ReviewRiskInformation['payload']> = {},
  actor: Actor = actors.spo,
): ReviewRiskInformation {
  return {
    type: 'ReviewRiskInformation',
    crn: CRN,
    actor,
    payload: {
      riskInformationId: 'ri-1',
      outcome: 'RECALL_CONSIDERED',
      rationale: 'Approaches to his partner at her work: recall considered with the ACO.',
      ...overrides,
    },
  };
}

export function markItemOverdue(itemId: string, actor: Actor = actors.scheduler): MarkItemOverdue {
  return { type: 'MarkItemOverdue', crn: CRN, actor, payload: { itemId } };
}

export function recordRoshReview(overrides: Partial<RecordRoshReview['payload']> = {}, actor: Actor = actors.officer): RecordRoshReview {
  return {
    type: 'RecordRoshReview',
    crn: CRN,
    actor,
    payload: { level: 'HIGH', assessor: 'po.alice', assessedOn: '2026-11-03', assessmentReference: 'OASYS-0042', ...overrides },
  };
}

export function recordMappaChange(
  mappa: RecordMappaChange['payload']['mappa'] = { category: 2, level: 2 },
  actor: Actor = actors.officer,
): RecordMappaChange {
  return { type: 'RecordMappaChange', crn: CRN, actor, payload: { mappa } };
}

/** By default a 30-month determinate custodial sentence for a violent offence, released on licence. */
export function recordSentence(
  overrides: Partial<RecordSentence['payload']['sentence']> = {},
  actor: Actor = actors.officer,
): RecordSentence {
  return {
    type: 'RecordSentence',
    crn: CRN,
    actor,
    payload: {
      sentence: {
        type: 'Determinate custodial sentence',
        lengthMonths: 30,
        custodialTermMonths: 30,
        offenceCategory: 'VIOLENT',
        imposedOn: '2026-10-20',
        licenceConditions: ['Not to contact the victim'],
        ...overrides,
      },
    },
  };
}

export function recordPublicInterest(
  reason = 'Very high profile: sustained national press interest',
  actor: Actor = actors.aco,
): RecordPublicInterest {
  return { type: 'RecordPublicInterest', crn: CRN, actor, payload: { reason } };
}

/** The same command on another case. */
export function onCase<C extends CaseCommand>(crn: string, command: C): C {
  return { ...command, crn };
}
