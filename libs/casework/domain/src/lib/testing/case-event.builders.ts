import { allocateCase } from '../allocation.policy';
import { sentenceFrom, victimContactOf } from '../sentence.policy';
import type {
  BreachDue,
  BreachPackDecided,
  BreachPackSubmitted,
  BreachWaived,
  CourtStageRecorded,
  FailureToComplyRecorded,
  ItemFulfilled,
  RecallAdviceDue,
  WarningRecorded,
  CaseAllocated,
  CaseEvent,
  CaseReassessed,
  CaseTransferredToNps,
  EscalationDecided,
  EscalationInformationProvided,
  EscalationInformationWithdrawn,
  EscalationInformationRequested,
  EscalationRequested,
  ItemBecameOverdue,
  RiskInformationAcknowledged,
  RiskInformationHandedOver,
  InterventionReferred,
  RiskInformationRecorded,
  RiskInformationReviewed,
  TransferRequested,
  TransferDecided,
  CaseMovedArea,
  ItemWithdrawn,
  CaseClosed,
  ItemClaimExpired,
  ItemClaimed,
  ItemReleased,
  MappaChanged,
  PublicInterestRecorded,
  RecallAdviceCountersignedByAco,
  RecallAdviceCountersignedBySpo,
  RecallAdviceDrafted,
  RecallAdviceIssued,
  RecallAdviceReturned,
  RecallAdviceRevised,
  RecallAdviceWithdrawn,
  RecallProgressed,
  RoshReviewed,
  SentenceRecorded,
} from '../case.events';
import { DueTimePolicy } from '../due-time.policy';
import type { Actor } from '../vocabulary';
import {
  A_WORKING_MORNING,
  actors,
  allocateCommand,
  answerInformationRequest,
  CRN,
  decideBreachPack,
  decideEscalation,
  draftRecallAdvice,
  hoursLater,
  recordFailureToComply,
  recordWarning,
  referToIntervention,
  waiveBreach,
  recordRecallStep,
  returnRecallAdvice,
  reviseRecallAdvice,
  withdrawRecallAdvice,
  recordMappaChange,
  recordPublicInterest,
  recordRoshReview,
  recordSentence,
  requestEscalation,
  requestInformation,
  requestTransfer,
  decideTransfer,
  recordRiskInformation,
  reviewRiskInformation,
  submitBreachPack,
} from './casework.builders';

/*
 * Event builders: the events a test expects (`then(...)`), or hand-made history for a state the
 * command builders cannot reach. Defaults are what the decider records for the command builders'
 * defaults at A_WORKING_MORNING (checked in case.specification.spec.ts). Derived fields (due times,
 * allocation, lateness) follow from the other defaults; a test about one of them states it literally.
 */

/** Who recorded an event and when; each builder has the natural actor as default. */
export interface Stamp {
  readonly by?: Actor;
  readonly at?: Date;
}

const policy = new DueTimePolicy();
/** Due times of the default items, all opened at A_WORKING_MORNING. */
const DEFAULT_ESCALATION_DUE = hoursLater(2).toISOString();
const DEFAULT_BREACH_PACK_DUE = policy.breachPackDueAt(A_WORKING_MORNING).toISOString();
const DEFAULT_RECALL_DUE = hoursLater(24).toISOString();

function stamped<E extends CaseEvent>(type: E['type'], data: E['data'], defaultActor: Actor, stamp: Stamp): E {
  return { type, actor: stamp.by ?? defaultActor, occurredAt: (stamp.at ?? A_WORKING_MORNING).toISOString(), data } as E;
}

export function caseAllocated(overrides: Partial<CaseAllocated['data']> = {}, stamp: Stamp = {}): CaseAllocated {
  const { ldu, provider, sentence: given, rosh, mappa, exceptionalPublicInterest } = allocateCommand().payload;
  const facts = { ldu, provider, sentence: sentenceFrom(given), rosh, mappa, exceptionalPublicInterest, ...overrides };
  const allocation = allocateCase(facts);
  const victimContact = victimContactOf(facts.sentence);
  return stamped<CaseAllocated>(
    'case.allocated',
    {
      crn: CRN,
      ...facts,
      allocatedTo: allocation.allocatedTo,
      reason: allocation.reason,
      publicInterest: null,
      victimContactEligible: victimContact.eligible,
      victimContactBasis: victimContact.basis,
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function escalationRequested(overrides: Partial<EscalationRequested['data']> = {}, stamp: Stamp = {}): EscalationRequested {
  const { dueAt, providerKnewAt, ...request } = overrides;
  const payload = requestEscalation(request).payload;
  const due = dueAt ?? policy.escalationDueAt(stamp.at ?? A_WORKING_MORNING, payload.urgency).toISOString();
  return stamped<EscalationRequested>(
    'escalation.requested',
    { ...payload, dueAt: due, providerKnewAt: providerKnewAt ?? payload.providerKnewAt ?? null },
    actors.crc07,
    stamp,
  );
}

export function breachPackSubmitted(overrides: Partial<BreachPackSubmitted['data']> = {}, stamp: Stamp = {}): BreachPackSubmitted {
  const { dueAt, ...submission } = overrides;
  const payload = submitBreachPack(submission).payload;
  const due = dueAt ?? policy.breachPackDueAt(stamp.at ?? A_WORKING_MORNING).toISOString();
  return stamped<BreachPackSubmitted>(
    'breach-pack.submitted',
    { ...payload, failureIds: payload.failureIds ?? [], dueAt: due },
    actors.crc07,
    stamp,
  );
}

export function failureRecorded(overrides: Partial<FailureToComplyRecorded['data']> = {}, stamp: Stamp = {}): FailureToComplyRecorded {
  return stamped<FailureToComplyRecorded>(
    'compliance.failure-recorded',
    { ...recordFailureToComply(overrides).payload },
    actors.crc07,
    stamp,
  );
}

export function warningRecorded(overrides: Partial<WarningRecorded['data']> = {}, stamp: Stamp = {}): WarningRecorded {
  return stamped<WarningRecorded>('compliance.warning-recorded', { ...recordWarning(overrides).payload }, actors.crc07, stamp);
}

/** Due on CRC07's second unacceptable failure (fail-2) after warning warn-1, its pack within the breach-pack working days. */
export function breachDue(overrides: Partial<BreachDue['data']> = {}, stamp: Stamp = {}): BreachDue {
  return stamped<BreachDue>(
    'breach.due',
    {
      breachDueId: 'bd-fail-2',
      failureId: 'fail-2',
      warningId: 'warn-1',
      heldBy: 'CRC07',
      reason: 'An unacceptable failure to comply on 2026-11-02, within 12 months of the formal warning of 2026-10-02',
      dueAt: policy.breachPackDueAt(stamp.at ?? A_WORKING_MORNING).toISOString(),
      ...overrides,
    },
    actors.crc07,
    stamp,
  );
}

export function breachWaived(overrides: Partial<BreachWaived['data']> = {}, stamp: Stamp = {}): BreachWaived {
  return stamped<BreachWaived>(
    'breach.waived',
    {
      breachDueId: 'bd-fail-2',
      reason: waiveBreach().payload.reason,
      dueAt: policy.breachPackDueAt(A_WORKING_MORNING).toISOString(),
      late: false,
      ...overrides,
    },
    actors.crc07,
    stamp,
  );
}

export function itemFulfilled(overrides: Partial<ItemFulfilled['data']> = {}, stamp: Stamp = {}): ItemFulfilled {
  return stamped<ItemFulfilled>(
    'item.fulfilled',
    {
      itemId: 'bd-fail-2',
      kind: 'BREACH_DUE',
      byItemId: 'bp-1',
      dueAt: policy.breachPackDueAt(A_WORKING_MORNING).toISOString(),
      late: false,
      ...overrides,
    },
    actors.crc07,
    stamp,
  );
}

export function courtStageRecorded(overrides: Partial<CourtStageRecorded['data']> = {}, stamp: Stamp = {}): CourtStageRecorded {
  return stamped<CourtStageRecorded>(
    'breach.court-stage-recorded',
    { breachPackId: 'bp-1', stage: 'LAID', on: '2026-11-04', outcome: null, details: null, ...overrides },
    actors.officer,
    stamp,
  );
}

export function recallAdviceDue(overrides: Partial<RecallAdviceDue['data']> = {}, stamp: Stamp = {}): RecallAdviceDue {
  return stamped<RecallAdviceDue>(
    'recall-advice.due',
    {
      recallDueId: 'rd-bp-1',
      breachPackId: 'bp-1',
      dueAt: policy.recallCountersignDueAt(stamp.at ?? A_WORKING_MORNING).toISOString(),
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function itemClaimed(overrides: Partial<ItemClaimed['data']> = {}, stamp: Stamp = {}): ItemClaimed {
  return stamped<ItemClaimed>('item.claimed', { itemId: 'esc-1', kind: 'ESCALATION', ...overrides }, actors.officer, stamp);
}

/** Released by its default holder, the officer, unless `releasedFrom` says otherwise. */
export function itemReleased(overrides: Partial<ItemReleased['data']> = {}, stamp: Stamp = {}): ItemReleased {
  return stamped<ItemReleased>(
    'item.released',
    { itemId: 'esc-1', kind: 'ESCALATION', releasedFrom: actors.officer.id, ...overrides },
    actors.officer,
    stamp,
  );
}

export function escalationDecided(overrides: Partial<EscalationDecided['data']> = {}, stamp: Stamp = {}): EscalationDecided {
  const { escalationId, outcome, rationale, advice, revisedRosh } = decideEscalation().payload;
  return stamped<EscalationDecided>(
    'escalation.decided',
    {
      escalationId,
      outcome,
      rationale,
      advice,
      revisedRosh,
      highRiskRetention: null,
      dueAt: DEFAULT_ESCALATION_DUE,
      late: false,
      seenRevision: null,
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function informationRequested(
  overrides: Partial<EscalationInformationRequested['data']> = {},
  stamp: Stamp = {},
): EscalationInformationRequested {
  const { escalationId, rationale, questions } = requestInformation().payload;
  return stamped<EscalationInformationRequested>(
    'escalation.information-requested',
    { escalationId, questions: [...(questions ?? [])], rationale, answerDueAt: DEFAULT_ESCALATION_DUE, seenRevision: null, ...overrides },
    actors.officer,
    stamp,
  );
}

/** The default answer, given one hour after the default question (so the public service's due time moves on one hour). */
export function informationProvided(
  overrides: Partial<EscalationInformationProvided['data']> = {},
  stamp: Stamp = {},
): EscalationInformationProvided {
  const { escalationId, answer, answeredBy } = answerInformationRequest().payload;
  return stamped<EscalationInformationProvided>(
    'escalation.information-provided',
    {
      escalationId,
      answer,
      answeredBy,
      answerDueAt: DEFAULT_ESCALATION_DUE,
      late: false,
      dueAt: hoursLater(3).toISOString(),
      ...overrides,
    },
    actors.crc07,
    { at: hoursLater(1), ...stamp },
  );
}

/** The default question lapsing when the case moves to the public service, an hour after it was asked. */
export function informationWithdrawn(
  overrides: Partial<EscalationInformationWithdrawn['data']> = {},
  stamp: Stamp = {},
): EscalationInformationWithdrawn {
  return stamped<EscalationInformationWithdrawn>(
    'escalation.information-withdrawn',
    { escalationId: 'esc-1', reason: 'The case moved to the public service', dueAt: hoursLater(3).toISOString(), ...overrides },
    actors.officer,
    { at: hoursLater(1), ...stamp },
  );
}

export function caseTransferredToNps(overrides: Partial<CaseTransferredToNps['data']> = {}, stamp: Stamp = {}): CaseTransferredToNps {
  const { escalationId, rationale } = decideEscalation().payload;
  return stamped<CaseTransferredToNps>(
    'case.transferred-to-nps',
    { escalationId, fromProvider: allocateCommand().payload.provider, rationale, ...overrides },
    actors.officer,
    stamp,
  );
}

export function breachPackDecided(overrides: Partial<BreachPackDecided['data']> = {}, stamp: Stamp = {}): BreachPackDecided {
  return stamped<BreachPackDecided>(
    'breach-pack.decided',
    { ...decideBreachPack().payload, dueAt: DEFAULT_BREACH_PACK_DUE, late: false, seenRevision: null, ...overrides },
    actors.officer,
    stamp,
  );
}

export function recallAdviceDrafted(overrides: Partial<RecallAdviceDrafted['data']> = {}, stamp: Stamp = {}): RecallAdviceDrafted {
  const { dueAt, fixedTermExclusion, ...draft } = overrides;
  const due =
    dueAt ??
    policy
      .recallCountersignDueAt(stamp.at ?? A_WORKING_MORNING, overrides.emergency ?? draftRecallAdvice().payload.emergency)
      .toISOString();
  const { recallAdviceId, recallType, emergency, rationale, basedOn } = draftRecallAdvice(draft).payload;
  return stamped<RecallAdviceDrafted>(
    'recall-advice.drafted',
    { recallAdviceId, recallType, emergency, rationale, basedOn, dueAt: due, fixedTermExclusion: fixedTermExclusion ?? null },
    actors.officer,
    stamp,
  );
}

export function recallAdviceReturned(overrides: Partial<RecallAdviceReturned['data']> = {}, stamp: Stamp = {}): RecallAdviceReturned {
  const { recallAdviceId, reason } = returnRecallAdvice().payload;
  return stamped<RecallAdviceReturned>('recall-advice.returned', { recallAdviceId, stage: 'SPO', reason, ...overrides }, actors.spo, stamp);
}

/** The default revision, answering a return on advice drafted at A_WORKING_MORNING on the default breach pack. */
export function recallAdviceRevised(overrides: Partial<RecallAdviceRevised['data']> = {}, stamp: Stamp = {}): RecallAdviceRevised {
  const { recallAdviceId, recallType, emergency, rationale, note } = reviseRecallAdvice().payload;
  const due = policy.recallCountersignDueAt(A_WORKING_MORNING, overrides.emergency ?? emergency).toISOString();
  return stamped<RecallAdviceRevised>(
    'recall-advice.revised',
    {
      recallAdviceId,
      recallType,
      emergency,
      rationale,
      basedOn: draftRecallAdvice().payload.basedOn,
      fixedTermExclusion: null,
      note,
      dueAt: due,
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function recallAdviceWithdrawn(overrides: Partial<RecallAdviceWithdrawn['data']> = {}, stamp: Stamp = {}): RecallAdviceWithdrawn {
  const { recallAdviceId, reason } = withdrawRecallAdvice().payload;
  return stamped<RecallAdviceWithdrawn>('recall-advice.withdrawn', { recallAdviceId, reason, ...overrides }, actors.officer, stamp);
}

export function recallProgressed(overrides: Partial<RecallProgressed['data']> = {}, stamp: Stamp = {}): RecallProgressed {
  const { recallAdviceId, step, happenedAt } = recordRecallStep().payload;
  return stamped<RecallProgressed>(
    'recall.progressed',
    { recallAdviceId, step, happenedAt, details: null, ...overrides },
    actors.officer,
    stamp,
  );
}

export function recallAdviceCountersignedBySpo(
  overrides: Partial<RecallAdviceCountersignedBySpo['data']> = {},
  stamp: Stamp = {},
): RecallAdviceCountersignedBySpo {
  return stamped<RecallAdviceCountersignedBySpo>(
    'recall-advice.countersigned-by-spo',
    { recallAdviceId: 'ra-1', rationale: 'Agreed.', ...overrides },
    actors.spo,
    stamp,
  );
}

export function recallAdviceCountersignedByAco(
  overrides: Partial<RecallAdviceCountersignedByAco['data']> = {},
  stamp: Stamp = {},
): RecallAdviceCountersignedByAco {
  return stamped<RecallAdviceCountersignedByAco>(
    'recall-advice.countersigned-by-aco',
    { recallAdviceId: 'ra-1', rationale: 'Agreed.', ...overrides },
    actors.aco,
    stamp,
  );
}

/** Issued on the ACO's signature: drafted by the officer, signed by the SPO, then the ACO. */
export function recallAdviceIssued(overrides: Partial<RecallAdviceIssued['data']> = {}, stamp: Stamp = {}): RecallAdviceIssued {
  const { recallAdviceId, recallType, emergency } = draftRecallAdvice().payload;
  return stamped<RecallAdviceIssued>(
    'recall-advice.issued',
    {
      recallAdviceId,
      recallType,
      emergency,
      authoredBy: actors.officer.id,
      spo: actors.spo.id,
      aco: (stamp.by ?? actors.aco).id,
      dueAt: DEFAULT_RECALL_DUE,
      late: false,
      ...overrides,
    },
    actors.aco,
    stamp,
  );
}

/** The default claim (by the officer at A_WORKING_MORNING) lapsing after the default 8 hours. */
export function itemClaimExpired(overrides: Partial<ItemClaimExpired['data']> = {}, stamp: Stamp = {}): ItemClaimExpired {
  return stamped<ItemClaimExpired>(
    'item.claim-expired',
    {
      itemId: 'esc-1',
      kind: 'ESCALATION',
      claimedBy: actors.officer.id,
      claimedAt: A_WORKING_MORNING.toISOString(),
      expiresAfterSeconds: 8 * 3600,
      ...overrides,
    },
    actors.scheduler,
    { at: hoursLater(8), ...stamp },
  );
}

export function itemWithdrawn(overrides: Partial<ItemWithdrawn['data']> = {}, stamp: Stamp = {}): ItemWithdrawn {
  return stamped<ItemWithdrawn>(
    'item.withdrawn',
    { itemId: 'esc-1', kind: 'ESCALATION', reason: 'The case closed: the sentence ended', ...overrides },
    actors.officer,
    stamp,
  );
}

/** The default closure (the sentence ended the day before A_WORKING_MORNING), with nothing open to withdraw unless said. */
export function caseClosed(overrides: Partial<CaseClosed['data']> = {}, stamp: Stamp = {}): CaseClosed {
  return stamped<CaseClosed>(
    'case.closed',
    { reason: 'SENTENCE_ENDED', details: null, closedOn: '2026-11-03', withdrawnItems: [], ...overrides },
    actors.officer,
    stamp,
  );
}

export function riskInformationRecorded(
  overrides: Partial<RiskInformationRecorded['data']> = {},
  stamp: Stamp = {},
): RiskInformationRecorded {
  const { riskInformationId: _id, ...information } = recordRiskInformation().payload;
  return stamped<RiskInformationRecorded>(
    'risk-information.recorded',
    {
      riskInformationId: 'ri-1',
      ...information,
      dueAt: policy.escalationDueAt(stamp.at ?? A_WORKING_MORNING, 'IMMEDIATE').toISOString(),
      heldBy: 'NPS',
      recordedByProvider: null,
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function interventionReferred(overrides: Partial<InterventionReferred['data']> = {}, stamp: Stamp = {}): InterventionReferred {
  return stamped<InterventionReferred>('intervention.referred', { ...referToIntervention().payload, ...overrides }, actors.officer, stamp);
}

/** CRC07's officer held it; the case moved to the public service (by the officer's RoSH review), whose officer holds it now. */
export function riskInformationHandedOver(
  overrides: Partial<RiskInformationHandedOver['data']> = {},
  stamp: Stamp = {},
): RiskInformationHandedOver {
  return stamped<RiskInformationHandedOver>(
    'risk-information.handed-over',
    { riskInformationId: 'ri-1', heldBy: 'NPS', reason: 'The case moved to the public service', ...overrides },
    actors.officer,
    stamp,
  );
}

/** Acknowledged by the SPO (as the default review does), on time, information the public service holds. */
export function riskInformationAcknowledged(
  overrides: Partial<RiskInformationAcknowledged['data']> = {},
  stamp: Stamp = {},
): RiskInformationAcknowledged {
  return stamped<RiskInformationAcknowledged>(
    'risk-information.acknowledged',
    { riskInformationId: 'ri-1', dueAt: DEFAULT_ESCALATION_DUE, late: false, heldBy: 'NPS', recordedByProvider: null, ...overrides },
    actors.spo,
    stamp,
  );
}

export function riskInformationReviewed(
  overrides: Partial<RiskInformationReviewed['data']> = {},
  stamp: Stamp = {},
): RiskInformationReviewed {
  const { riskInformationId, outcome, rationale } = reviewRiskInformation().payload;
  return stamped<RiskInformationReviewed>(
    'risk-information.reviewed',
    {
      riskInformationId,
      outcome,
      rationale,
      dueAt: DEFAULT_ESCALATION_DUE,
      late: false,
      seenRevision: null,
      heldBy: 'NPS',
      recordedByProvider: null,
      ...overrides,
    },
    actors.spo,
    stamp,
  );
}

export function transferRequested(overrides: Partial<TransferRequested['data']> = {}, stamp: Stamp = {}): TransferRequested {
  const { transferId, toLdu, toProvider, reason } = requestTransfer().payload;
  return stamped<TransferRequested>(
    'transfer.requested',
    {
      transferId,
      fromLdu: 'LDU-MAN-N',
      toLdu,
      fromProvider: 'CRC07',
      toProvider,
      reason,
      dueAt: policy.escalationDueAt(stamp.at ?? A_WORKING_MORNING, 'ROUTINE').toISOString(),
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function transferDecided(overrides: Partial<TransferDecided['data']> = {}, stamp: Stamp = {}): TransferDecided {
  const { transferId, outcome, rationale } = decideTransfer().payload;
  return stamped<TransferDecided>(
    'transfer.decided',
    {
      transferId,
      outcome,
      rationale,
      toLdu: 'LDU-LDS-S',
      toProvider: 'CRC11',
      dueAt: policy.escalationDueAt(A_WORKING_MORNING, 'ROUTINE').toISOString(),
      late: false,
      seenRevision: null,
      ...overrides,
    },
    actors.spo,
    stamp,
  );
}

/** The default case (CRC07's, in LDU-MAN-N) moving to LDU-LDS-S and CRC11. */
export function caseMovedArea(overrides: Partial<CaseMovedArea['data']> = {}, stamp: Stamp = {}): CaseMovedArea {
  const allocated = caseAllocated().data;
  return stamped<CaseMovedArea>(
    'case.moved-area',
    {
      transferId: 'tr-1',
      fromLdu: 'LDU-MAN-N',
      toLdu: 'LDU-LDS-S',
      fromProvider: 'CRC07',
      toProvider: 'CRC11',
      managedBy: 'CRC11',
      reason: `Transferred from LDU-MAN-N to LDU-LDS-S: ${requestTransfer().payload.reason}`,
      sentence: allocated.sentence,
      rosh: allocated.rosh,
      victimContactEligible: allocated.victimContactEligible,
      ...overrides,
    },
    actors.spo,
    stamp,
  );
}

export function itemBecameOverdue(overrides: Partial<ItemBecameOverdue['data']> = {}, stamp: Stamp = {}): ItemBecameOverdue {
  return stamped<ItemBecameOverdue>(
    'item.became-overdue',
    { itemId: 'esc-1', kind: 'ESCALATION', dueAt: DEFAULT_ESCALATION_DUE, ...overrides },
    actors.scheduler,
    stamp,
  );
}

export function roshReviewed(overrides: Partial<RoshReviewed['data']> = {}, stamp: Stamp = {}): RoshReviewed {
  const { level, assessor, assessedOn, assessmentReference } = recordRoshReview().payload;
  const previous = allocateCommand().payload.rosh;
  return stamped<RoshReviewed>(
    'rosh.reviewed',
    { level, previous, assessor, assessedOn, assessmentReference, ...overrides },
    actors.officer,
    stamp,
  );
}

export function mappaChanged(overrides: Partial<MappaChanged['data']> = {}, stamp: Stamp = {}): MappaChanged {
  return stamped<MappaChanged>(
    'mappa.changed',
    { mappa: recordMappaChange().payload.mappa, previous: null, ...overrides },
    actors.officer,
    stamp,
  );
}

/** By default a RoSH review to HIGH moves the builders' provider case to the public service. */
export function caseReassessed(overrides: Partial<CaseReassessed['data']> = {}, stamp: Stamp = {}): CaseReassessed {
  return stamped<CaseReassessed>(
    'case.reassessed',
    {
      trigger: 'ROSH_REVIEW',
      outcome: 'MOVED_TO_NPS',
      managedBy: 'NPS',
      fromProvider: allocateCommand().payload.provider,
      reason: 'Moves to the public service: risk of serious harm is HIGH',
      ...overrides,
    },
    actors.officer,
    stamp,
  );
}

export function sentenceRecorded(overrides: Partial<SentenceRecorded['data']> = {}, stamp: Stamp = {}): SentenceRecorded {
  const sentence = sentenceFrom(recordSentence().payload.sentence);
  const victimContact = victimContactOf(sentence);
  return stamped<SentenceRecorded>(
    'sentence.recorded',
    { sentence, victimContactEligible: victimContact.eligible, victimContactBasis: victimContact.basis, ...overrides },
    actors.officer,
    stamp,
  );
}

export function publicInterestRecorded(overrides: Partial<PublicInterestRecorded['data']> = {}, stamp: Stamp = {}): PublicInterestRecorded {
  return stamped<PublicInterestRecorded>(
    'public-interest.recorded',
    { reason: recordPublicInterest().payload.reason, authorisedBy: actors.aco.id, ...overrides },
    actors.aco,
    stamp,
  );
}
