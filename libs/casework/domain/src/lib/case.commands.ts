import type { SentenceInput } from './sentence.policy';
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
  RecallType,
  RoshLevel,
  RiskInformationSource,
  RiskReviewOutcome,
  TransferOutcome,
  Urgency,
} from './vocabulary';

interface CommandOf<T extends string, P> {
  readonly type: T;
  readonly crn: string;
  readonly actor: Actor;
  readonly payload: P;
}

export type AllocateCase = CommandOf<
  'AllocateCase',
  {
    ldu: string;
    provider: string;
    sentence: SentenceInput;
    rosh: RoshLevel;
    mappa: MappaStatus | null;
    exceptionalPublicInterest: boolean;
    /** Required, from an ACO, when exceptionalPublicInterest is true. */
    publicInterestReason?: string | null;
  }
>;

/** Provider commands carry the sender's requestId and a fingerprint of the request it came in. */
interface ProviderRequest {
  requestId: string;
  requestFingerprint: string;
}

export type RequestEscalation = CommandOf<
  'RequestEscalation',
  ProviderRequest & {
    escalationId: string;
    raisedBy: string;
    proposedRosh: RoshLevel;
    urgency: Urgency;
    triggers: EscalationTrigger[];
    summary: string;
    /** When the provider first knew, as it says (ISO-8601); not after the request. */
    providerKnewAt?: string | null;
  }
>;

/** The provider answers the public service's questions on one of its escalations. */
export type AnswerInformationRequest = CommandOf<'AnswerInformationRequest', { escalationId: string; answer: string; answeredBy: string }>;

export type SubmitBreachPack = CommandOf<
  'SubmitBreachPack',
  ProviderRequest & {
    breachPackId: string;
    /** The recorded failures to comply it cites (may be none, for a pack sent without recording them first). */
    failureIds?: string[];
    requirement: string;
    failures: { date: string; description: string }[];
    warningsIssued: number;
    providerRecommendation: BreachRecommendation;
    summary: string;
  }
>;

/** The provider records a failure to comply with a requirement or licence condition, and whether it was acceptable. */
export type RecordFailureToComply = CommandOf<
  'RecordFailureToComply',
  ProviderRequest & { failureId: string; date: string; requirement: string; acceptable: boolean; judgedBy: string; details: string }
>;

/** The provider gives a formal warning for unacceptable failures it recorded. */
export type RecordWarning = CommandOf<
  'RecordWarning',
  ProviderRequest & { warningId: string; issuedOn: string; failureIds: string[]; issuedBy: string; details: string }
>;

/** Breach proceedings that fell due are not brought, for exceptional reasons (the holder or public-service staff). */
export type WaiveBreach = CommandOf<'WaiveBreach', { breachDueId: string; reason: string }>;

/** Where breach proceedings stand at court: laid, listed, then the outcome. */
export type RecordCourtStage = CommandOf<
  'RecordCourtStage',
  { breachPackId: string; stage: CourtStage; on: string; outcome?: CourtOutcome | null; details?: string | null }
>;

export type ClaimItem = CommandOf<'ClaimItem', { itemId: string }>;

/** Gives a claimed item back to the queue: by its holder, or by an SPO or ACO when the holder cannot. */
export type ReleaseItem = CommandOf<'ReleaseItem', { itemId: string }>;

export type DecideEscalation = CommandOf<
  'DecideEscalation',
  {
    escalationId: string;
    outcome: EscalationOutcome;
    rationale: string;
    advice: string | null;
    revisedRosh: RoshLevel | null;
    /** Why the case stays with its provider at HIGH or VERY_HIGH RoSH: required then, from an SPO or ACO. */
    highRiskRetentionReason?: string | null;
    /** With MORE_INFORMATION_REQUIRED: what the provider is asked (the rationale alone when none are given). */
    questions?: string[] | null;
    /** The case's revision the decider had in front of them. */
    seenRevision?: number | null;
  }
>;

export type DecideBreachPack = CommandOf<
  'DecideBreachPack',
  { breachPackId: string; outcome: BreachOutcome; rationale: string; seenRevision?: number | null }
>;

/** Why a standard recall rather than a fixed-term one, as the author gives it. */
export interface FixedTermExclusionInput {
  reason: FixedTermExclusion;
  details?: string | null;
}

/** Recall advice on a licence case, with or without the items (escalations, breach packs, risk information) behind it. */
export type DraftRecallAdvice = CommandOf<
  'DraftRecallAdvice',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    basedOn: string[];
    fixedTermExclusion?: FixedTermExclusionInput | null;
  }
>;

export type CountersignRecallAdvice = CommandOf<'CountersignRecallAdvice', { recallAdviceId: string; rationale: string }>;

/** The SPO or ACO whose countersignature it awaits sends recall advice back to its author, with reasons. */
export type ReturnRecallAdvice = CommandOf<'ReturnRecallAdvice', { recallAdviceId: string; reason: string }>;

/** The author answers a return with revised advice (which needs both countersignatures again). */
export type ReviseRecallAdvice = CommandOf<
  'ReviseRecallAdvice',
  {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    fixedTermExclusion?: FixedTermExclusionInput | null;
    /** What changed, and why. */
    note: string;
  }
>;

/** The author withdraws recall advice not yet issued, with a reason. */
export type WithdrawRecallAdvice = CommandOf<'WithdrawRecallAdvice', { recallAdviceId: string; reason: string }>;

/** What followed an issued recall: PPCS, revocation, custody or unlawfully at large. */
export type RecordRecallStep = CommandOf<
  'RecordRecallStep',
  { recallAdviceId: string; step: RecallStep; happenedAt: string; details?: string | null }
>;

/** Raised by the hub's scheduler for a claim held `expiresAfterSeconds` or longer (HUB_CLAIM_EXPIRY_MINUTES). */
export type ExpireClaim = CommandOf<'ExpireClaim', { itemId: string; expiresAfterSeconds: number }>;

/** Raised by the hub's scheduler when an item's due time has passed. */
export type MarkItemOverdue = CommandOf<'MarkItemOverdue', { itemId: string }>;

/** A RoSH review the public service recorded (OASys or its own), on any case it may see. */
export type RecordRoshReview = CommandOf<
  'RecordRoshReview',
  { level: RoshLevel; assessor: string; assessedOn: string; assessmentReference: string }
>;

/** A MAPPA registration, change of level, or end of MAPPA management (null). */
export type RecordMappaChange = CommandOf<'RecordMappaChange', { mappa: MappaStatus | null }>;

/** A new sentence on a known case: a new allocation assessment of it. */
export type RecordSentence = CommandOf<'RecordSentence', { sentence: SentenceInput }>;

/** An ACO records an exceptional public-interest reason for the public service to manage the case. */
export type RecordPublicInterest = CommandOf<'RecordPublicInterest', { reason: string }>;

/** Supervision ended: the public service closes the case, with why and the day it ended. */
export type CloseCase = CommandOf<'CloseCase', { reason: ClosureReason; details?: string | null; closedOn: string }>;

/** The public service asks another area to take the case over. */
export type RequestTransfer = CommandOf<'RequestTransfer', { transferId: string; toLdu: string; toProvider: string; reason: string }>;

/** The receiving area accepts or refuses a transfer, with a reason. */
export type DecideTransfer = CommandOf<
  'DecideTransfer',
  { transferId: string; outcome: TransferOutcome; rationale: string; seenRevision?: number | null }
>;

/**
 * Information bearing on risk, recorded by anyone entitled: public-service staff on any case, the managing
 * provider, or the area's provider delivering an intervention to a case the public service manages.
 */
export type RecordRiskInformation = CommandOf<
  'RecordRiskInformation',
  {
    riskInformationId: string;
    source: RiskInformationSource;
    channel: string;
    knownAt: string;
    receivedBy: string;
    threat: boolean;
    summary: string;
  }
>;

/** The public service refers a case it manages to a provider's intervention (a programme, a group): that provider may then record risk information on it. */
export type ReferToIntervention = CommandOf<'ReferToIntervention', { provider: string; intervention: string }>;

/** The responsible officer's side has it: an event, not a page view. */
export type AcknowledgeRiskInformation = CommandOf<'AcknowledgeRiskInformation', { riskInformationId: string }>;

/** What came of it: reviewed with an outcome and a reason (acknowledged with it, if it was not yet). */
export type ReviewRiskInformation = CommandOf<
  'ReviewRiskInformation',
  { riskInformationId: string; outcome: RiskReviewOutcome; rationale: string; seenRevision?: number | null }
>;

export type CaseCommand =
  | AllocateCase
  | RecordRoshReview
  | RecordMappaChange
  | RecordSentence
  | RecordPublicInterest
  | RequestEscalation
  | AnswerInformationRequest
  | SubmitBreachPack
  | RecordFailureToComply
  | RecordWarning
  | WaiveBreach
  | RecordCourtStage
  | ClaimItem
  | ReleaseItem
  | DecideEscalation
  | DecideBreachPack
  | DraftRecallAdvice
  | CountersignRecallAdvice
  | ReturnRecallAdvice
  | ReviseRecallAdvice
  | WithdrawRecallAdvice
  | RecordRecallStep
  | MarkItemOverdue
  | ExpireClaim
  | CloseCase
  | RequestTransfer
  | DecideTransfer
  | RecordRiskInformation
  | ReferToIntervention
  | AcknowledgeRiskInformation
  | ReviewRiskInformation;
