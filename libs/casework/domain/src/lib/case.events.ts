import type {
  Actor,
  BreachOutcome,
  BreachRecommendation,
  ClosureReason,
  CourtOutcome,
  CourtStage,
  EscalationOutcome,
  EscalationTrigger,
  FixedTermExclusion,
  MappaStatus,
  RecallStep,
  QueueItemKind,
  ReassessmentOutcome,
  ReassessmentTrigger,
  RecallType,
  RoshLevel,
  RiskInformationSource,
  RiskReviewOutcome,
  Sentence,
  TransferOutcome,
  Urgency,
} from './vocabulary';

/** Every event: what happened (`type`, `data`), who caused it and when. */
interface CaseEventOf<T extends string, D> {
  readonly type: T;
  readonly data: D;
  readonly actor: Actor;
  /** When it happened (the hub's clock at the time), ISO-8601 UTC. */
  readonly occurredAt: string;
}

export type CaseAllocated = CaseEventOf<
  'case.allocated',
  {
    crn: string;
    ldu: string;
    provider: string;
    sentence: Sentence;
    rosh: RoshLevel;
    mappa: MappaStatus | null;
    exceptionalPublicInterest: boolean;
    /** The reason and the ACO who authorised it, when exceptionalPublicInterest is true. */
    publicInterest: { reason: string; authorisedBy: string | null } | null;
    allocatedTo: string;
    reason: string;
    victimContactEligible: boolean;
    /** The rule that decided victim contact, and its source. */
    victimContactBasis: string;
  }
>;

export type EscalationRequested = CaseEventOf<
  'escalation.requested',
  {
    escalationId: string;
    requestId: string;
    requestFingerprint: string;
    raisedBy: string;
    proposedRosh: RoshLevel;
    urgency: Urgency;
    triggers: EscalationTrigger[];
    summary: string;
    dueAt: string;
    /** When the provider first knew what it escalates (as it says); null when it did not say. */
    providerKnewAt: string | null;
  }
>;

/**
 * The public service needs more before it decides: questions to the provider, with a time to answer
 * by. The escalation stays open; its public-service clock stops until the answer comes.
 */
export type EscalationInformationRequested = CaseEventOf<
  'escalation.information-requested',
  { escalationId: string; questions: string[]; rationale: string; answerDueAt: string; seenRevision: number | null }
>;

/**
 * The provider's answer. The public service's due time moves on by the time the provider took
 * (`dueAt`, as it now stands); `late` says whether the answer came after `answerDueAt`.
 */
export type EscalationInformationProvided = CaseEventOf<
  'escalation.information-provided',
  { escalationId: string; answer: string; answeredBy: string; answerDueAt: string; late: boolean; dueAt: string }
>;

/**
 * A question the provider can no longer answer because the case left it (to the public service, or to
 * another area): it lapses, and the escalation is the public service's to decide again, its due time
 * moved on by the time the question stood.
 */
export type EscalationInformationWithdrawn = CaseEventOf<
  'escalation.information-withdrawn',
  { escalationId: string; reason: string; dueAt: string }
>;

export type ItemClaimed = CaseEventOf<'item.claimed', { itemId: string; kind: QueueItemKind }>;

export type ItemReleased = CaseEventOf<'item.released', { itemId: string; kind: QueueItemKind; releasedFrom: string }>;

/** A claim held longer than the hub allows lapsed (its holder went home): the item is free for anyone again. */
export type ItemClaimExpired = CaseEventOf<
  'item.claim-expired',
  { itemId: string; kind: QueueItemKind; claimedBy: string; claimedAt: string; expiresAfterSeconds: number }
>;

export type EscalationDecided = CaseEventOf<
  'escalation.decided',
  {
    escalationId: string;
    outcome: EscalationOutcome;
    rationale: string;
    advice: string | null;
    revisedRosh: RoshLevel | null;
    /** Keeping the case with its provider at HIGH or VERY_HIGH RoSH: the SPO's (or ACO's) reason and name. */
    highRiskRetention: { reason: string; countersignedBy: string } | null;
    dueAt: string;
    late: boolean;
    /** The case's revision the decider had in front of them (null: not said); later revisions came after what they saw. */
    seenRevision: number | null;
  }
>;

export type CaseTransferredToNps = CaseEventOf<
  'case.transferred-to-nps',
  { escalationId: string; fromProvider: string; rationale: string }
>;

export type BreachPackSubmitted = CaseEventOf<
  'breach-pack.submitted',
  {
    breachPackId: string;
    requestId: string;
    requestFingerprint: string;
    /** The recorded failures to comply the pack cites (none: sent without them, or before they were recorded). */
    failureIds: string[];
    requirement: string;
    failures: { date: string; description: string }[];
    warningsIssued: number;
    providerRecommendation: BreachRecommendation;
    summary: string;
    dueAt: string;
  }
>;

/** A failure to comply the provider recorded: when, with what, whether acceptable, and who judged it. */
export type FailureToComplyRecorded = CaseEventOf<
  'compliance.failure-recorded',
  {
    failureId: string;
    requestId: string;
    requestFingerprint: string;
    date: string;
    requirement: string;
    acceptable: boolean;
    judgedBy: string;
    details: string;
  }
>;

/** A formal warning the provider gave for unacceptable failures it recorded. */
export type WarningRecorded = CaseEventOf<
  'compliance.warning-recorded',
  {
    warningId: string;
    requestId: string;
    requestFingerprint: string;
    issuedOn: string;
    failureIds: string[];
    issuedBy: string;
    details: string;
  }
>;

/**
 * Breach proceedings are due on an order: an unacceptable failure within 12 months of a formal warning. An
 * item for the provider managing the case (`heldBy`) to answer with a breach pack, visible to both sides.
 */
export type BreachDue = CaseEventOf<
  'breach.due',
  { breachDueId: string; failureId: string; warningId: string; heldBy: string; reason: string; dueAt: string }
>;

/** Breach proceedings that fell due are not brought, for exceptional reasons. */
export type BreachWaived = CaseEventOf<'breach.waived', { breachDueId: string; reason: string; dueAt: string; late: boolean }>;

/** An open item did what it was opened for through another item: a breach pack sent, recall advice drafted. */
export type ItemFulfilled = CaseEventOf<
  'item.fulfilled',
  { itemId: string; kind: QueueItemKind; byItemId: string; dueAt: string; late: boolean }
>;

/** Where breach proceedings stand at court; `outcome` with the OUTCOME stage. */
export type CourtStageRecorded = CaseEventOf<
  'breach.court-stage-recorded',
  { breachPackId: string; stage: CourtStage; on: string; outcome: CourtOutcome | null; details: string | null }
>;

/** A breach decided RECALL on a licence: recall advice is due from the public service (within a day). */
export type RecallAdviceDue = CaseEventOf<'recall-advice.due', { recallDueId: string; breachPackId: string; dueAt: string }>;

export type BreachPackDecided = CaseEventOf<
  'breach-pack.decided',
  { breachPackId: string; outcome: BreachOutcome; rationale: string; dueAt: string; late: boolean; seenRevision: number | null }
>;

/** Why a recall is standard rather than fixed-term (null: a fixed-term recall, or advice drafted before this was recorded). */
export type FixedTermExclusionData = { reason: FixedTermExclusion; details: string | null } | null;

export type RecallAdviceDrafted = CaseEventOf<
  'recall-advice.drafted',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    basedOn: string[];
    dueAt: string;
    fixedTermExclusion: FixedTermExclusionData;
  }
>;

/** Sent back to its author by the SPO or ACO whose countersignature it awaited (`stage`), with reasons. */
export type RecallAdviceReturned = CaseEventOf<'recall-advice.returned', { recallAdviceId: string; stage: 'SPO' | 'ACO'; reason: string }>;

/** The author's revision after a return: the advice as it now stands, and what changed. Both countersignatures again. */
export type RecallAdviceRevised = CaseEventOf<
  'recall-advice.revised',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    basedOn: string[];
    fixedTermExclusion: FixedTermExclusionData;
    note: string;
    dueAt: string;
  }
>;

/** The author withdrew the advice before it was issued. */
export type RecallAdviceWithdrawn = CaseEventOf<'recall-advice.withdrawn', { recallAdviceId: string; reason: string }>;

/** What followed an issued recall, and when it happened. */
export type RecallProgressed = CaseEventOf<
  'recall.progressed',
  { recallAdviceId: string; step: RecallStep; happenedAt: string; details: string | null }
>;

export type RecallAdviceCountersignedBySpo = CaseEventOf<
  'recall-advice.countersigned-by-spo',
  { recallAdviceId: string; rationale: string }
>;

export type RecallAdviceCountersignedByAco = CaseEventOf<
  'recall-advice.countersigned-by-aco',
  { recallAdviceId: string; rationale: string }
>;

export type RecallAdviceIssued = CaseEventOf<
  'recall-advice.issued',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    authoredBy: string;
    spo: string;
    aco: string;
    dueAt: string;
    late: boolean;
  }
>;

export type ItemBecameOverdue = CaseEventOf<'item.became-overdue', { itemId: string; kind: QueueItemKind; dueAt: string }>;

export type RoshReviewed = CaseEventOf<
  'rosh.reviewed',
  { level: RoshLevel; previous: RoshLevel; assessor: string; assessedOn: string; assessmentReference: string }
>;

export type MappaChanged = CaseEventOf<'mappa.changed', { mappa: MappaStatus | null; previous: MappaStatus | null }>;

/** A new sentence on a known case; the case's sentence from now on. */
export type SentenceRecorded = CaseEventOf<
  'sentence.recorded',
  { sentence: Sentence; victimContactEligible: boolean; victimContactBasis: string }
>;

export type PublicInterestRecorded = CaseEventOf<'public-interest.recorded', { reason: string; authorisedBy: string }>;

/**
 * The allocation policy applied again after a fact about risk: who manages the case now, and why. A
 * case the public service manages stays with it whatever the policy would now say of a new case.
 */
export type CaseReassessed = CaseEventOf<
  'case.reassessed',
  { trigger: ReassessmentTrigger; outcome: ReassessmentOutcome; managedBy: string; fromProvider: string | null; reason: string }
>;

/** An open item closed without a decision because the case itself closed (recorded before `case.closed`). */
export type ItemWithdrawn = CaseEventOf<'item.withdrawn', { itemId: string; kind: QueueItemKind; reason: string }>;

/** Supervision ended: why, the day (the retention clock starts then), and the open items withdrawn with it. */
export type CaseClosed = CaseEventOf<
  'case.closed',
  { reason: ClosureReason; details: string | null; closedOn: string; withdrawnItems: string[] }
>;

/**
 * Information bearing on risk, with its source, channel, when it became known and who received it.
 * `heldBy` is whoever manages the case then (NPS or a provider): its responsible officer acknowledges and
 * reviews it. `recordedByProvider` is the provider that recorded it (null: the public service did).
 */
export type RiskInformationRecorded = CaseEventOf<
  'risk-information.recorded',
  {
    riskInformationId: string;
    source: RiskInformationSource;
    channel: string;
    knownAt: string;
    receivedBy: string;
    threat: boolean;
    summary: string;
    dueAt: string;
    heldBy: string;
    recordedByProvider: string | null;
  }
>;

/**
 * Information a provider held passes to the public service, because the case left that provider before its
 * officer reviewed it: the public service's officer acknowledges and reviews it now.
 */
export type RiskInformationHandedOver = CaseEventOf<
  'risk-information.handed-over',
  { riskInformationId: string; heldBy: string; reason: string }
>;

/** A case the public service manages is referred to a provider's intervention: that provider delivers it, and may record what it learns. */
export type InterventionReferred = CaseEventOf<'intervention.referred', { provider: string; intervention: string }>;

/** The responsible officer's side acknowledged it; `heldBy` and `recordedByProvider` as recorded, so it reaches who it concerns. */
export type RiskInformationAcknowledged = CaseEventOf<
  'risk-information.acknowledged',
  { riskInformationId: string; dueAt: string; late: boolean; heldBy: string; recordedByProvider: string | null }
>;

/** What came of the information, and why. */
export type RiskInformationReviewed = CaseEventOf<
  'risk-information.reviewed',
  {
    riskInformationId: string;
    outcome: RiskReviewOutcome;
    rationale: string;
    dueAt: string;
    late: boolean;
    seenRevision: number | null;
    heldBy: string;
    recordedByProvider: string | null;
  }
>;

/** The public service asks another area (LDU) to take the case over, its contracted provider with it. */
export type TransferRequested = CaseEventOf<
  'transfer.requested',
  { transferId: string; fromLdu: string; toLdu: string; fromProvider: string; toProvider: string; reason: string; dueAt: string }
>;

/** The receiving area's answer to a transfer, with its reason. */
export type TransferDecided = CaseEventOf<
  'transfer.decided',
  {
    transferId: string;
    outcome: TransferOutcome;
    rationale: string;
    toLdu: string;
    toProvider: string;
    dueAt: string;
    late: boolean;
    seenRevision: number | null;
  }
>;

/**
 * An accepted transfer takes effect: the case belongs to the new area and its provider (which manages it
 * now, unless the public service does). What the new provider is first told of the case travels with it.
 */
export type CaseMovedArea = CaseEventOf<
  'case.moved-area',
  {
    transferId: string;
    fromLdu: string;
    toLdu: string;
    fromProvider: string;
    toProvider: string;
    managedBy: string;
    reason: string;
    sentence: Sentence;
    rosh: RoshLevel;
    victimContactEligible: boolean;
  }
>;

/** The closed set of facts about a case. Every switch over it must be exhaustive. */
export type CaseEvent =
  | CaseAllocated
  | EscalationRequested
  | EscalationInformationRequested
  | EscalationInformationProvided
  | EscalationInformationWithdrawn
  | ItemClaimed
  | ItemReleased
  | ItemClaimExpired
  | EscalationDecided
  | CaseTransferredToNps
  | BreachPackSubmitted
  | BreachPackDecided
  | FailureToComplyRecorded
  | WarningRecorded
  | BreachDue
  | BreachWaived
  | ItemFulfilled
  | CourtStageRecorded
  | RecallAdviceDue
  | RecallAdviceDrafted
  | RecallAdviceCountersignedBySpo
  | RecallAdviceCountersignedByAco
  | RecallAdviceIssued
  | RecallAdviceReturned
  | RecallAdviceRevised
  | RecallAdviceWithdrawn
  | RecallProgressed
  | ItemBecameOverdue
  | RoshReviewed
  | MappaChanged
  | SentenceRecorded
  | PublicInterestRecorded
  | CaseReassessed
  | ItemWithdrawn
  | CaseClosed
  | TransferRequested
  | TransferDecided
  | CaseMovedArea
  | RiskInformationRecorded
  | RiskInformationAcknowledged
  | RiskInformationHandedOver
  | InterventionReferred
  | RiskInformationReviewed;

export type CaseEventType = CaseEvent['type'];

/** Every event type, in the order a case usually meets them (checked against the catalogue in docs/). */
export const CASE_EVENT_TYPES = [
  'case.allocated',
  'escalation.requested',
  'item.claimed',
  'escalation.information-requested',
  'escalation.information-provided',
  'escalation.information-withdrawn',
  'item.released',
  'item.claim-expired',
  'escalation.decided',
  'case.transferred-to-nps',
  'compliance.failure-recorded',
  'compliance.warning-recorded',
  'breach.due',
  'breach.waived',
  'breach-pack.submitted',
  'item.fulfilled',
  'breach-pack.decided',
  'breach.court-stage-recorded',
  'recall-advice.due',
  'recall-advice.drafted',
  'recall-advice.returned',
  'recall-advice.revised',
  'recall-advice.withdrawn',
  'recall-advice.countersigned-by-spo',
  'recall-advice.countersigned-by-aco',
  'recall-advice.issued',
  'recall.progressed',
  'item.became-overdue',
  'rosh.reviewed',
  'mappa.changed',
  'sentence.recorded',
  'public-interest.recorded',
  'case.reassessed',
  'intervention.referred',
  'risk-information.recorded',
  'risk-information.acknowledged',
  'risk-information.handed-over',
  'risk-information.reviewed',
  'transfer.requested',
  'transfer.decided',
  'case.moved-area',
  'item.withdrawn',
  'case.closed',
] as const satisfies readonly CaseEventType[];

// Compile-time proof that the list above names every member of the union.
type Missing = Exclude<CaseEventType, (typeof CASE_EVENT_TYPES)[number]>;
const everyTypeListed: Missing extends never ? true : never = true;
void everyTypeListed;

export function isCaseEventType(type: string): type is CaseEventType {
  return (CASE_EVENT_TYPES as readonly string[]).includes(type);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
