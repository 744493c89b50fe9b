/**
 * Domain errors: a broken rule, with a stable `code`. Only the HTTP layer maps codes to statuses.
 */
export abstract class CaseworkError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also used when the case exists but belongs to another provider: existence must not leak. */
export class CaseNotFoundError extends CaseworkError {
  readonly code = 'CASE_NOT_FOUND';
  constructor(crn: string) {
    super(`No case ${crn} is visible to you`);
  }
}

export class CaseAlreadyExistsError extends CaseworkError {
  readonly code = 'CASE_ALREADY_EXISTS';
  constructor(crn: string) {
    super(`Case ${crn} has already been allocated`);
  }
}

export class ItemNotFoundError extends CaseworkError {
  readonly code = 'ITEM_NOT_FOUND';
  constructor(itemId: string) {
    super(`No item ${itemId} is visible to you`);
  }
}

export class CaseNotManagedByProviderError extends CaseworkError {
  readonly code = 'CASE_NOT_MANAGED_BY_PROVIDER';
  constructor(crn: string, managedBy: string) {
    super(
      managedBy === 'NPS'
        ? `Case ${crn} is managed by the public service; providers can no longer post for it`
        : `Case ${crn} is managed by ${managedBy}`,
    );
  }
}

export class ItemAlreadyDecidedError extends CaseworkError {
  readonly code = 'ITEM_ALREADY_DECIDED';
  constructor(itemId: string) {
    super(`Item ${itemId} has already been decided`);
  }
}

export class ItemClaimedByAnotherError extends CaseworkError {
  readonly code = 'ITEM_CLAIMED_BY_ANOTHER';
  constructor(
    itemId: string,
    readonly claimedBy: string,
  ) {
    super(`Item ${itemId} is claimed by ${claimedBy}`);
  }
}

export class RequestIdReusedError extends CaseworkError {
  readonly code = 'REQUEST_ID_REUSED';
  constructor(requestId: string) {
    super(`requestId ${requestId} was already used for a different request`);
  }
}

export class RationaleRequiredError extends CaseworkError {
  readonly code = 'RATIONALE_REQUIRED';
  constructor() {
    super('A written rationale is required');
  }
}

export class RoleNotAllowedError extends CaseworkError {
  readonly code = 'ROLE_NOT_ALLOWED';
  constructor(role: string, action: string) {
    super(`A ${role} may not ${action}`);
  }
}

export class CountersignatureOutOfOrderError extends CaseworkError {
  readonly code = 'COUNTERSIGNATURE_OUT_OF_ORDER';
  constructor(expectedRole: 'spo' | 'aco') {
    super(`The next countersignature must come from an ${expectedRole.toUpperCase()}`);
  }
}

export class CountersignerConflictError extends CaseworkError {
  readonly code = 'COUNTERSIGNER_CONFLICT';
  constructor(reason: 'author' | 'already-signed') {
    super(reason === 'author' ? 'The author of recall advice may not countersign it' : 'The same person may not countersign twice');
  }
}

/** Recall advice no longer open to countersignature or return: issued, or withdrawn by its author (the code says issued for both). */
export class RecallAdviceAlreadyIssuedError extends CaseworkError {
  readonly code = 'RECALL_ADVICE_ALREADY_ISSUED';
  constructor(recallAdviceId: string, withdrawn = false) {
    super(
      withdrawn ? `Recall advice ${recallAdviceId} was withdrawn by its author` : `Recall advice ${recallAdviceId} has already been issued`,
    );
  }
}

export class UnknownBasisError extends CaseworkError {
  readonly code = 'BASED_ON_UNKNOWN_ITEM';
  constructor(readonly unknownIds: string[]) {
    super(`basedOn names items that are not escalations, breach packs or risk information of this case: ${unknownIds.join(', ')}`);
  }
}
/** A new item's id is already used, in this case or another. */
export class ItemIdTakenError extends CaseworkError {
  readonly code = 'ITEM_ID_TAKEN';
  constructor(itemId: string, why = 'is already used') {
    super(`Item id ${itemId} ${why}`);
  }
}

/** A case allocated, transferred or referred to a provider code the hub has never been told about (no token, no configuration). */
export class UnknownProviderError extends CaseworkError {
  readonly code = 'UNKNOWN_PROVIDER';
  constructor(provider: string) {
    super(
      `Provider ${provider} is not known to the hub: issue it a token (or list it in HUB_KAFKA_PROVIDERS) before allocating, transferring or referring cases to it`,
    );
  }
}

/** A provider request on a case that already has the most open requests allowed. */
export class TooManyOpenRequestsError extends CaseworkError {
  readonly code = 'TOO_MANY_OPEN_REQUESTS';
  constructor(crn: string, limit: number) {
    super(`Case ${crn} already has ${limit} requests waiting for a decision; wait for decisions before sending more`);
  }
}

/** A rule needs the sentence's kind, and the case's sentence was recorded before kinds were (UNKNOWN). */
export class SentenceKindUnknownError extends CaseworkError {
  readonly code = 'SENTENCE_KIND_UNKNOWN';
  constructor(type: string, rule: string) {
    super(`The sentence "${type}" has no recorded kind, which ${rule} needs: record the sentence again with its kind`);
  }
}

/** MAPPA category 3 cases are managed at level 2 or 3 only. */
export class MappaLevelNotAllowedError extends CaseworkError {
  readonly code = 'MAPPA_LEVEL_NOT_ALLOWED';
  constructor(category: number, level: number) {
    super(`MAPPA category ${category} is managed at level 2 or 3 only, not level ${level}`);
  }
}

/** Sentence facts that contradict its kind (a custodial term on a community order, say). */
export class SentenceInconsistentError extends CaseworkError {
  readonly code = 'SENTENCE_INCONSISTENT';
  constructor(detail: string) {
    super(`The sentence does not hold together: ${detail}`);
  }
}

/** Exceptional public interest keeps a case with the public service only with a reason, authorised by an ACO. */
export class PublicInterestReasonRequiredError extends CaseworkError {
  readonly code = 'PUBLIC_INTEREST_REASON_REQUIRED';
  constructor() {
    super('Exceptional public interest needs a reason (publicInterestReason), and an ACO to authorise it');
  }
}

/** Keeping a case with its provider at HIGH or VERY_HIGH RoSH needs an SPO's countersignature with a reason; otherwise it is a transfer. */
export class HighRiskRetentionNeedsSpoError extends CaseworkError {
  readonly code = 'HIGH_RISK_RETENTION_NEEDS_SPO';
  constructor(rosh: string) {
    super(
      `Keeping the case with its provider at ${rosh} risk of serious harm needs an SPO's countersignature with a reason ` +
        '(an SPO or ACO decides it, with highRiskRetentionReason); otherwise decide TRANSFER_TO_NPS',
    );
  }
}

/** The public service already waits on the provider's answer to questions about this escalation. */
export class InformationAlreadyRequestedError extends CaseworkError {
  readonly code = 'INFORMATION_ALREADY_REQUESTED';
  constructor(escalationId: string) {
    super(`Escalation ${escalationId} already waits for the provider's answer to earlier questions`);
  }
}

/** An answer to questions nobody asked (or already answered differently). */
export class InformationNotRequestedError extends CaseworkError {
  readonly code = 'INFORMATION_NOT_REQUESTED';
  constructor(escalationId: string) {
    super(`The public service is not waiting for more information on escalation ${escalationId}`);
  }
}

/** When the provider first knew cannot be after it escalated. */
export class ProviderKnewAtInFutureError extends CaseworkError {
  readonly code = 'PROVIDER_KNEW_AT_IN_FUTURE';
  constructor(providerKnewAt: string) {
    super(`providerKnewAt ${providerKnewAt} is later than the escalation itself`);
  }
}

/** A decision says it saw a revision of the case that does not exist yet. */
export class SeenRevisionUnknownError extends CaseworkError {
  readonly code = 'SEEN_REVISION_UNKNOWN';
  constructor(seen: number, current: number | undefined) {
    super(`seenRevision ${seen} is not a revision of this case (it is at revision ${current ?? 'none'})`);
  }
}

/** Supervision of the case has ended: nothing more is recorded on it until a new sentence opens it again. */
export class CaseClosedError extends CaseworkError {
  readonly code = 'CASE_CLOSED';
  constructor(crn: string, closedOn: string) {
    super(`Case ${crn} was closed on ${closedOn}; record a new sentence to open it again`);
  }
}

/** Closing a case for a reason other than the listed ones needs the reason in words. */
export class ClosureDetailsRequiredError extends CaseworkError {
  readonly code = 'CLOSURE_DETAILS_REQUIRED';
  constructor() {
    super('Closing a case for OTHER reasons needs details saying why');
  }
}

/** A case cannot be closed from a day still to come. */
export class ClosedOnInFutureError extends CaseworkError {
  readonly code = 'CLOSED_ON_IN_FUTURE';
  constructor(closedOn: string) {
    super(`closedOn ${closedOn} is after today`);
  }
}

/** A case is transferred to another area, not to its own. */
export class TransferToSameAreaError extends CaseworkError {
  readonly code = 'TRANSFER_TO_SAME_AREA';
  constructor(ldu: string) {
    super(`The case is already in ${ldu}`);
  }
}

/** One transfer at a time: the receiving area answers before another is asked. */
export class TransferAlreadyOpenError extends CaseworkError {
  readonly code = 'TRANSFER_ALREADY_OPEN';
  constructor(transferId: string) {
    super(`Transfer ${transferId} of this case is still waiting for its receiving area`);
  }
}

/** The receiving area answers a transfer: not the person who asked for it. */
export class TransferDeciderConflictError extends CaseworkError {
  readonly code = 'TRANSFER_DECIDER_CONFLICT';
  constructor() {
    super('A transfer is accepted or refused by the receiving area, not by the person who asked for it');
  }
}

/** Information cannot have become known after it was recorded. */
export class KnownAtInFutureError extends CaseworkError {
  readonly code = 'KNOWN_AT_IN_FUTURE';
  constructor(knownAt: string) {
    super(`knownAt ${knownAt} is later than now`);
  }
}

/** Nobody is left to answer a question on an escalation whose provider no longer manages the case: decide it. */
export class ProviderNoLongerManagesError extends CaseworkError {
  readonly code = 'PROVIDER_NO_LONGER_MANAGES';
  constructor(escalationId: string, provider: string) {
    super(`${provider}, which raised escalation ${escalationId}, no longer manages the case: there is nobody to ask; decide it`);
  }
}

/** Recall is for people on licence: other sentences are enforced through the court. */
export class RecallNotAvailableError extends CaseworkError {
  readonly code = 'RECALL_NOT_AVAILABLE';
  constructor(sentenceWords: string) {
    super(`Recall is for people on licence; ${sentenceWords} is enforced by breach proceedings in court`);
  }
}

/** The recall type (or the exclusion given for it) does not fit the sentence or the case. */
export class RecallTypeNotAllowedError extends CaseworkError {
  readonly code = 'RECALL_TYPE_NOT_ALLOWED';
  constructor(detail: string) {
    super(detail);
  }
}

/** Only the author revises or withdraws recall advice. */
export class NotTheAuthorError extends CaseworkError {
  readonly code = 'NOT_THE_AUTHOR';
  constructor(recallAdviceId: string) {
    super(`Only the author of recall advice ${recallAdviceId} may revise or withdraw it`);
  }
}

/** Recall advice returned to its author waits for a revision or a withdrawal, not a countersignature. */
export class RecallAdviceReturnedError extends CaseworkError {
  readonly code = 'RECALL_ADVICE_RETURNED';
  constructor(recallAdviceId: string) {
    super(`Recall advice ${recallAdviceId} was returned to its author: it is revised or withdrawn before anyone signs it`);
  }
}

/** A revision answers a return: advice nobody returned is countersigned or withdrawn as it stands. */
export class RecallAdviceNotReturnedError extends CaseworkError {
  readonly code = 'RECALL_ADVICE_NOT_RETURNED';
  constructor(recallAdviceId: string) {
    super(`Recall advice ${recallAdviceId} has not been returned for revision`);
  }
}

/** What followed a recall is recorded once it is issued, step by step in order. */
export class RecallStepOutOfOrderError extends CaseworkError {
  readonly code = 'RECALL_STEP_OUT_OF_ORDER';
  constructor(detail: string) {
    super(detail);
  }
}

/** When something happened cannot be in the future, nor before what it follows. */
export class HappenedAtOutOfRangeError extends CaseworkError {
  readonly code = 'HAPPENED_AT_OUT_OF_RANGE';
  constructor(detail: string) {
    super(detail);
  }
}

/** A breach outcome the sentence does not allow: orders go back to court, licences to recall. */
export class BreachOutcomeNotAllowedError extends CaseworkError {
  readonly code = 'BREACH_OUTCOME_NOT_ALLOWED';
  constructor(detail: string) {
    super(detail);
  }
}

/** A breach pack, or a warning, cites failures to comply the case has no record of. */
export class UnknownFailureError extends CaseworkError {
  readonly code = 'UNKNOWN_FAILURE';
  constructor(readonly unknownIds: string[]) {
    super(`No recorded failure to comply on this case has the id ${unknownIds.join(', ')}`);
  }
}

/** The national standard allows one formal warning in 12 months: the next unacceptable failure means breach proceedings. */
export class WarningAlreadyGivenError extends CaseworkError {
  readonly code = 'WARNING_ALREADY_GIVEN';
  constructor(issuedOn: string) {
    super(
      `A formal warning was given on ${issuedOn}, within the last 12 months: a further unacceptable failure means breach proceedings, not another warning`,
    );
  }
}

/** A RoSH review of an assessment the case has recorded already, saying something else of it. */
export class AssessmentAlreadyRecordedError extends CaseworkError {
  readonly code = 'ASSESSMENT_ALREADY_RECORDED';
  constructor(assessmentReference: string) {
    super(`Assessment ${assessmentReference} is reviewed on this case already, with another level, assessor or day`);
  }
}

/** Court stages come in order: laid, listed, then the outcome (which needs what the court did). */
export class CourtStageOutOfOrderError extends CaseworkError {
  readonly code = 'COURT_STAGE_OUT_OF_ORDER';
  constructor(detail: string) {
    super(detail);
  }
}

/** A day that has not come yet. */
export class DateInFutureError extends CaseworkError {
  readonly code = 'DATE_IN_FUTURE';
  constructor(field: string, value: string) {
    super(`${field} ${value} is later than today`);
  }
}

/** The item waits on a provider's officer: public-service staff review it if they must, but do not hold it. */
export class ItemHeldByProviderError extends CaseworkError {
  readonly code = 'ITEM_HELD_BY_PROVIDER';
  constructor(itemId: string, provider: string) {
    super(`Item ${itemId} is for ${provider} to act on: it cannot be claimed`);
  }
}

/** Only a case the public service manages is referred to a provider's intervention. */
export class CaseNotManagedByPublicServiceError extends CaseworkError {
  readonly code = 'CASE_NOT_MANAGED_BY_PUBLIC_SERVICE';
  constructor(crn: string, managedBy: string) {
    super(`Case ${crn} is managed by ${managedBy}: only a case the public service manages is referred to an intervention`);
  }
}
