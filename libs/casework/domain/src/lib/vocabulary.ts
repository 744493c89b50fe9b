/** The words of the domain, as closed sets. Arrays first, so validation and docs can list them. */

export const ROLES = ['provider', 'decision-maker', 'spo', 'aco', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles of public-service staff who work the decision queue. */
export const PUBLIC_SERVICE_DECIDERS = ['decision-maker', 'spo', 'aco'] as const satisfies readonly Role[];
/**
 * Senior staff (SPO, ACO): they countersign recall advice (SPO first, then ACO) and keeping a case with its
 * provider at high risk of serious harm, and may release anyone's hold on an item (docs/casework.md).
 */
export const COUNTERSIGNERS = ['spo', 'aco'] as const satisfies readonly Role[];
/** Who may read the late-decisions report, over the API and on the web: SPOs, ACOs and auditors (docs/audit.md). */
export const REPORT_READERS = ['spo', 'aco', 'auditor'] as const satisfies readonly Role[];

export const ROSH_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export type RoshLevel = (typeof ROSH_LEVELS)[number];

export const OFFENCE_CATEGORIES = ['VIOLENT', 'SEXUAL', 'OTHER'] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/**
 * What kind of sentence a case is supervised under: it decides victim contact and the enforcement
 * route (docs/casework.md, "Sentences"). UNKNOWN: recorded before kinds were, from a free-text type
 * the hub could not read; a rule that needs the kind refuses until the sentence is recorded again.
 */
export const SENTENCE_KINDS = [
  'COMMUNITY_ORDER',
  'SUSPENDED_SENTENCE_ORDER',
  'DETERMINATE_CUSTODY',
  'EXTENDED_DETERMINATE',
  'INDETERMINATE',
  'POST_SENTENCE_SUPERVISION',
  'RESTRICTED_HOSPITAL_ORDER',
  'UNKNOWN',
] as const;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];
/** Kinds a sentence can be recorded with now (UNKNOWN only comes from records older than kinds). */
export const RECORDABLE_SENTENCE_KINDS = SENTENCE_KINDS.filter((kind) => kind !== 'UNKNOWN');
/** Sentences of imprisonment (served partly in custody, then on licence): the ones a person can be recalled from. */
export const CUSTODIAL_SENTENCE_KINDS: readonly SentenceKind[] = ['DETERMINATE_CUSTODY', 'EXTENDED_DETERMINATE', 'INDETERMINATE'];

/** What made the public service assess a case again on its own initiative. */
export const REASSESSMENT_TRIGGERS = ['ROSH_REVIEW', 'MAPPA_CHANGE', 'NEW_SENTENCE', 'PUBLIC_INTEREST'] as const;
export type ReassessmentTrigger = (typeof REASSESSMENT_TRIGGERS)[number];

/** What a reassessment decided about who manages the case. */
export const REASSESSMENT_OUTCOMES = ['MOVED_TO_NPS', 'STAYS_WITH_NPS', 'STAYS_WITH_PROVIDER'] as const;
export type ReassessmentOutcome = (typeof REASSESSMENT_OUTCOMES)[number];

export const URGENCIES = ['ROUTINE', 'URGENT', 'IMMEDIATE'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const ESCALATION_TRIGGERS = [
  'THREAT_DISCLOSED',
  'VICTIM_CONCERN',
  'MISSED_APPOINTMENTS',
  'NEW_OFFENCE_ALLEGED',
  'DOMESTIC_ABUSE',
  'SUBSTANCE_MISUSE',
  'ACCOMMODATION_LOSS',
  'SAFEGUARDING',
  'OTHER',
] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export const ESCALATION_OUTCOMES = ['RETAIN_WITH_PROVIDER', 'TRANSFER_TO_NPS', 'MORE_INFORMATION_REQUIRED'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

export const BREACH_RECOMMENDATIONS = ['NONE', 'WARNING', 'RETURN_TO_COURT', 'RECALL'] as const;
export type BreachRecommendation = (typeof BREACH_RECOMMENDATIONS)[number];

export const BREACH_OUTCOMES = ['NO_FURTHER_ACTION', 'WARNING', 'RETURN_TO_COURT', 'RECALL'] as const;
export type BreachOutcome = (typeof BREACH_OUTCOMES)[number];

export const RECALL_TYPES = ['STANDARD', 'FIXED_TERM'] as const;
export type RecallType = (typeof RECALL_TYPES)[number];

/**
 * Why a recall is standard rather than fixed-term (docs/casework.md, "Recall"): the sentence itself
 * (extended or indeterminate: recorded by the hub), MAPPA level 2 or 3 (checked against the case), a
 * further offence charged, the risk of serious harm if released at the end of a fixed term (Criminal
 * Justice Act 2003 s.255A), or another reason given in words.
 */
export const FIXED_TERM_EXCLUSIONS = [
  'EXTENDED_OR_INDETERMINATE_SENTENCE',
  'MAPPA_LEVEL_2_OR_3',
  'CHARGED_WITH_FURTHER_OFFENCE',
  'RISK_OF_SERIOUS_HARM',
  'OTHER',
] as const;
export type FixedTermExclusion = (typeof FIXED_TERM_EXCLUSIONS)[number];

/**
 * What follows an issued recall, in order: the public protection casework section (PPCS) has it, the
 * licence is revoked, and the person is returned to custody, or is unlawfully at large until they are.
 */
export const RECALL_STEPS = ['SENT_TO_PPCS', 'LICENCE_REVOKED', 'UNLAWFULLY_AT_LARGE', 'RETURNED_TO_CUSTODY'] as const;
export type RecallStep = (typeof RECALL_STEPS)[number];

/** Why supervision of a case ended (domain brief, "A case over time"): OTHER needs its details. */
export const CLOSURE_REASONS = ['SENTENCE_ENDED', 'DIED', 'DEPORTED', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Where information bearing on risk came from (domain brief, "Risk information"). */
export const RISK_INFORMATION_SOURCES = [
  'PERSON',
  'VICTIM_OR_FAMILY',
  'POLICE',
  'MAPPA',
  'VICTIM_LIAISON_OFFICER',
  'INTERVENTION_PROVIDER',
  'OTHER',
] as const;
export type RiskInformationSource = (typeof RISK_INFORMATION_SOURCES)[number];

/** What came of reviewing information bearing on risk. */
export const RISK_REVIEW_OUTCOMES = [
  'NO_CHANGE',
  'PLAN_UPDATED',
  'ESCALATED',
  'MAPPA_REFERRAL',
  'POLICE_INFORMED',
  'RECALL_CONSIDERED',
] as const;
export type RiskReviewOutcome = (typeof RISK_REVIEW_OUTCOMES)[number];

/** What the receiving area answers to a transfer. */
export const TRANSFER_OUTCOMES = ['ACCEPTED', 'REFUSED'] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];

/**
 * The court's stages of breach proceedings, in order: the breach laid (the information before the court),
 * listed for a hearing, and its outcome.
 */
export const COURT_STAGES = ['LAID', 'LISTED', 'OUTCOME'] as const;
export type CourtStage = (typeof COURT_STAGES)[number];

/** What the court did on a breach (Sentencing Act 2020 Sch 10 for community orders, Sch 16 for suspended sentences; CJA 2003 s.256AC for supervision). */
export const COURT_OUTCOMES = [
  'BREACH_NOT_PROVEN',
  'ORDER_CONTINUED',
  'ORDER_AMENDED',
  'FINED',
  'RESENTENCED',
  'CUSTODY_ACTIVATED',
  'COMMITTED_TO_CUSTODY',
] as const;
export type CourtOutcome = (typeof COURT_OUTCOMES)[number];

/** Orders whose enforcement follows the national standard: one warning in 12 months, then breach proceedings. */
export const ORDER_SENTENCE_KINDS: readonly SentenceKind[] = ['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER'];
/** Sentences enforced by returning the person to court (orders, and supervision after a short sentence). */
export const COURT_ENFORCED_SENTENCE_KINDS: readonly SentenceKind[] = [...ORDER_SENTENCE_KINDS, 'POST_SENTENCE_SUPERVISION'];

export const QUEUE_ITEM_KINDS = [
  'ESCALATION',
  'BREACH_PACK',
  'RECALL_COUNTERSIGN',
  'TRANSFER',
  'RISK_INFORMATION',
  'BREACH_DUE',
  'RECALL_DUE',
] as const;
export type QueueItemKind = (typeof QUEUE_ITEM_KINDS)[number];

/** Whose move an item waits on: the public service's, or a provider's (the queue's and the late-decisions report's filter). */
export const AWAITING_SIDES = ['PUBLIC_SERVICE', 'PROVIDER'] as const;
export type AwaitingSide = (typeof AWAITING_SIDES)[number];

/** The public service, as an allocation target. */
export const NPS = 'NPS';

/** Case reference number: a letter and six digits, e.g. X123456. */
export const CRN_PATTERN = /^[A-Z][0-9]{6}$/;
/** How many escalations and breach packs may wait for a decision on one case at once (see assertRoomForRequest). */
export const MAX_OPEN_REQUESTS_PER_CASE = 100;

/** Local delivery unit code, e.g. LDU-MAN-N: capital letters, digits and dashes. */
export const LDU_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
/** Contracted provider code, e.g. CRC07. Never 'NPS': that is the public service itself. */
export const PROVIDER_CODE_PATTERN = /^(?!NPS$)[A-Z0-9]{2,16}$/;

export interface MappaStatus {
  readonly category: 1 | 2 | 3;
  readonly level: 1 | 2 | 3;
}

export interface Sentence {
  /** The sentence as the court or the sender named it, in words. */
  readonly type: string;
  readonly kind: SentenceKind;
  /** The whole sentence's length; for an indeterminate sentence, the minimum term (tariff). */
  readonly lengthMonths: number;
  /** For a custodial sentence, the term of imprisonment the court imposed (null: not recorded, or not custody). */
  readonly custodialTermMonths: number | null;
  readonly offenceCategory: OffenceCategory;
  /** The day it was imposed (YYYY-MM-DD), if recorded. */
  readonly imposedOn: string | null;
  /** A community or suspended sentence order's requirements (e.g. unpaid work). */
  readonly requirements: readonly string[];
  /** A licence's or post-sentence supervision's conditions. */
  readonly licenceConditions: readonly string[];
}

/** Whether victim contact is statutory for the case's sentence, and on what basis (the rule and its source). */
export interface VictimContact {
  readonly eligible: boolean;
  readonly basis: string;
}

/** Who did something: recorded on every event. `provider` is set for provider principals. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly provider?: string;
}

export function streamNameFor(crn: string): string {
  return `case-${crn}`;
}
