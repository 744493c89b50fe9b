import type {
  ClosureReason,
  BreachOutcome,
  BreachRecommendation,
  EscalationOutcome,
  EscalationTrigger,
  CourtOutcome,
  CourtStage,
  RecallStep,
  RecallType,
  RiskInformationSource,
  RiskReviewOutcome,
  RoshLevel,
  Sentence,
  Urgency,
} from './vocabulary';

/**
 * What a provider receives: a published contract of its own (the feed and its Kafka topic), not the
 * hub's internal events. Each is mapped field by field from one internal event (provider-disclosure.policy.ts)
 * and carries no deliberation: no drafts, countersignatures, claims, staff names or internal fields.
 * Changing a shape means a new `version`; docs/asyncapi.yaml holds each one's JSON Schema.
 */
interface ProviderEventOf<T extends string, D> {
  /** The id of the recorded fact it was mapped from: the same on the feed and on Kafka, so repeats can be dropped. */
  readonly id: string;
  readonly type: T;
  readonly version: typeof PROVIDER_EVENT_VERSION;
  readonly crn: string;
  /** When it happened, ISO-8601 UTC. */
  readonly occurredAt: string;
  readonly data: D;
}

export const PROVIDER_EVENT_VERSION = 1;

/** The case was allocated to the provider. */
export type ProviderCaseAllocated = ProviderEventOf<
  'case.allocated',
  { ldu: string; sentence: Sentence; rosh: RoshLevel; victimContactEligible: boolean; reason: string }
>;

/** The provider's own escalation, as recorded (with the due time the hub gave it). */
export type ProviderEscalationRecorded = ProviderEventOf<
  'escalation.recorded',
  {
    escalationId: string;
    requestId: string;
    raisedBy: string;
    proposedRosh: RoshLevel;
    urgency: Urgency;
    triggers: EscalationTrigger[];
    summary: string;
    dueAt: string;
  }
>;

/** The provider's own breach pack, as recorded. */
export type ProviderBreachPackRecorded = ProviderEventOf<
  'breach-pack.recorded',
  {
    breachPackId: string;
    requestId: string;
    requirement: string;
    failures: { date: string; description: string }[];
    warningsIssued: number;
    providerRecommendation: BreachRecommendation;
    summary: string;
    dueAt: string;
  }
>;

/** The public service's decision on one of the provider's escalations. */
export type ProviderEscalationDecided = ProviderEventOf<
  'escalation.decided',
  {
    escalationId: string;
    outcome: EscalationOutcome;
    rationale: string;
    advice: string | null;
    revisedRosh: RoshLevel | null;
    dueAt: string;
    late: boolean;
  }
>;

/** The public service asks the provider questions about one of its escalations, to be answered by `answerDueAt`. */
export type ProviderInformationRequested = ProviderEventOf<
  'escalation.information-requested',
  { escalationId: string; questions: string[]; rationale: string; answerDueAt: string }
>;

/** The provider's answer, as recorded: whether it came in time, and when the public service must now decide. */
export type ProviderAnswerRecorded = ProviderEventOf<
  'escalation.answer-recorded',
  { escalationId: string; answer: string; answeredBy: string; answerDueAt: string; late: boolean; dueAt: string }
>;

/** The public service's decision on one of the provider's breach packs. */
export type ProviderBreachPackDecided = ProviderEventOf<
  'breach-pack.decided',
  { breachPackId: string; outcome: BreachOutcome; rationale: string; dueAt: string; late: boolean }
>;

/** One of the provider's items passed its due time undecided. */
export type ProviderItemOverdue = ProviderEventOf<'item.overdue', { itemId: string; kind: 'ESCALATION' | 'BREACH_PACK'; dueAt: string }>;

/** The case left the provider: the last event of the case it receives. */
/** The case left the provider: by a decision on its escalation (escalationId), or by a reassessment (escalationId null). */
export type ProviderCaseTransferred = ProviderEventOf<'case.transferred', { to: 'NPS'; escalationId: string | null; rationale: string }>;

/**
 * Information bearing on risk the provider recorded, or the public service recorded on a case the provider
 * manages (for its responsible officer to acknowledge and review): `recordedBy` is 'NPS' or the provider.
 */
export type ProviderRiskInformationRecorded = ProviderEventOf<
  'risk-information.recorded',
  {
    riskInformationId: string;
    source: RiskInformationSource;
    channel: string;
    knownAt: string;
    threat: boolean;
    summary: string;
    dueAt: string;
    recordedBy: string;
    heldBy: string;
  }
>;

/** The information was acknowledged by the side that holds it. */
export type ProviderRiskInformationAcknowledged = ProviderEventOf<
  'risk-information.acknowledged',
  { riskInformationId: string; late: boolean }
>;

/** What came of it; its reasons only when the provider held it (on the public service's own case they stay inside). */
export type ProviderRiskInformationReviewed = ProviderEventOf<
  'risk-information.reviewed',
  { riskInformationId: string; outcome: RiskReviewOutcome; rationale: string | null; late: boolean }
>;

/** A failure to comply the provider recorded, as it recorded it. */
export type ProviderFailureToComplyRecorded = ProviderEventOf<
  'compliance.failure-recorded',
  { failureId: string; requestId: string; date: string; requirement: string; acceptable: boolean; judgedBy: string; details: string }
>;

/** A formal warning the provider recorded, as it recorded it. */
export type ProviderWarningRecorded = ProviderEventOf<
  'compliance.warning-recorded',
  { warningId: string; requestId: string; issuedOn: string; failureIds: string[]; issuedBy: string; details: string }
>;

/** Breach proceedings are due on the order: the provider answers with a breach pack citing the failures, by `dueAt`. */
export type ProviderBreachDue = ProviderEventOf<
  'breach.due',
  { breachDueId: string; failureId: string; warningId: string; reason: string; dueAt: string }
>;

/** Breach proceedings that fell due are not brought, for the exceptional reasons given. */
export type ProviderBreachWaived = ProviderEventOf<'breach.waived', { breachDueId: string; reason: string }>;

/** Where the provider's breach, returned to court, stands there. */
export type ProviderCourtStageRecorded = ProviderEventOf<
  'breach.court-stage-recorded',
  { breachPackId: string; stage: CourtStage; on: string; outcome: CourtOutcome | null }
>;

/** What followed a recall issued on a case the provider manages: PPCS, revocation, custody or at large. */
export type ProviderRecallProgressed = ProviderEventOf<
  'recall.progressed',
  { recallAdviceId: string; step: RecallStep; happenedAt: string }
>;

/** Recall advice the public service issued (after both countersignatures) on a case the provider manages. */
export type ProviderRecallAdviceIssued = ProviderEventOf<
  'recall-advice.issued',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    /** The provider's own escalations and breach packs the advice rests on. */
    basedOn: string[];
  }
>;

/** A new sentence on a case the provider manages: it supervises that sentence from now on. */
export type ProviderSentenceRecorded = ProviderEventOf<'sentence.recorded', { sentence: Sentence; victimContactEligible: boolean }>;

/** Supervision of a case the provider manages ended: why, the day, and which of its own requests closed with it. */
export type ProviderCaseClosed = ProviderEventOf<
  'case.closed',
  { reason: ClosureReason; details: string | null; closedOn: string; withdrawnItems: string[] }
>;

/** The case moved to another area (LDU), accepted there; `to` is who manages it now (this provider, if it covers both areas). */
export type ProviderCaseMovedArea = ProviderEventOf<'case.moved-area', { toLdu: string; to: string; rationale: string }>;

/** The closed set of what a provider can receive. */
export type ProviderEvent =
  | ProviderCaseAllocated
  | ProviderEscalationRecorded
  | ProviderBreachPackRecorded
  | ProviderEscalationDecided
  | ProviderInformationRequested
  | ProviderAnswerRecorded
  | ProviderBreachPackDecided
  | ProviderItemOverdue
  | ProviderCaseTransferred
  | ProviderRecallAdviceIssued
  | ProviderRecallProgressed
  | ProviderFailureToComplyRecorded
  | ProviderWarningRecorded
  | ProviderBreachDue
  | ProviderBreachWaived
  | ProviderCourtStageRecorded
  | ProviderRiskInformationRecorded
  | ProviderRiskInformationAcknowledged
  | ProviderRiskInformationReviewed
  | ProviderSentenceRecorded
  | ProviderCaseClosed
  | ProviderCaseMovedArea;

export type ProviderEventType = ProviderEvent['type'];

export const PROVIDER_EVENT_TYPES = [
  'case.allocated',
  'escalation.recorded',
  'breach-pack.recorded',
  'escalation.decided',
  'escalation.information-requested',
  'escalation.answer-recorded',
  'breach-pack.decided',
  'compliance.failure-recorded',
  'compliance.warning-recorded',
  'breach.due',
  'breach.waived',
  'breach.court-stage-recorded',
  'item.overdue',
  'case.transferred',
  'recall-advice.issued',
  'recall.progressed',
  'risk-information.recorded',
  'risk-information.acknowledged',
  'risk-information.reviewed',
  'sentence.recorded',
  'case.closed',
  'case.moved-area',
] as const satisfies readonly ProviderEventType[];

type MissingProviderType = Exclude<ProviderEventType, (typeof PROVIDER_EVENT_TYPES)[number]>;
const everyProviderTypeListed: MissingProviderType extends never ? true : never = true;
void everyProviderTypeListed;
