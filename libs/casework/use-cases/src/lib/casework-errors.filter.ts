import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CaseworkError } from '@escalation-hub/casework-domain';
import { CaseBusyError } from '@escalation-hub/casework-application';
import { WrongExpectedVersionError } from '@escalation-hub/event-store';
import { problem, PROBLEM_CONTENT_TYPE } from '@escalation-hub/platform';

/** Domain error codes → HTTP statuses. The only place the two meet. */
export const STATUS_BY_CODE: Record<string, number> = {
  CASE_NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  CASE_ALREADY_EXISTS: 409,
  ITEM_ALREADY_DECIDED: 409,
  ITEM_CLAIMED_BY_ANOTHER: 409,
  REQUEST_ID_REUSED: 409,
  RECALL_ADVICE_ALREADY_ISSUED: 409,
  ITEM_ID_TAKEN: 409,
  INFORMATION_ALREADY_REQUESTED: 409,
  INFORMATION_NOT_REQUESTED: 409,
  PROVIDER_NO_LONGER_MANAGES: 409,
  CASE_CLOSED: 409,
  TRANSFER_ALREADY_OPEN: 409,
  RECALL_ADVICE_RETURNED: 409,
  RECALL_ADVICE_NOT_RETURNED: 409,
  RECALL_STEP_OUT_OF_ORDER: 409,
  COURT_STAGE_OUT_OF_ORDER: 409,
  ASSESSMENT_ALREADY_RECORDED: 409,
  ITEM_HELD_BY_PROVIDER: 409,
  CASE_BUSY: 409,
  WRONG_EXPECTED_VERSION: 409,
  ROLE_NOT_ALLOWED: 403,
  NOT_THE_AUTHOR: 403,
  RATIONALE_REQUIRED: 400,
  CASE_NOT_MANAGED_BY_PROVIDER: 422,
  COUNTERSIGNATURE_OUT_OF_ORDER: 422,
  COUNTERSIGNER_CONFLICT: 422,
  BASED_ON_UNKNOWN_ITEM: 422,
  UNKNOWN_PROVIDER: 422,
  SENTENCE_KIND_UNKNOWN: 422,
  SENTENCE_INCONSISTENT: 422,
  MAPPA_LEVEL_NOT_ALLOWED: 422,
  PUBLIC_INTEREST_REASON_REQUIRED: 422,
  HIGH_RISK_RETENTION_NEEDS_SPO: 422,
  PROVIDER_KNEW_AT_IN_FUTURE: 422,
  SEEN_REVISION_UNKNOWN: 422,
  CLOSURE_DETAILS_REQUIRED: 422,
  CLOSED_ON_IN_FUTURE: 422,
  TRANSFER_TO_SAME_AREA: 422,
  TRANSFER_DECIDER_CONFLICT: 422,
  KNOWN_AT_IN_FUTURE: 422,
  CASE_NOT_MANAGED_BY_PUBLIC_SERVICE: 422,
  RECALL_NOT_AVAILABLE: 422,
  RECALL_TYPE_NOT_ALLOWED: 422,
  HAPPENED_AT_OUT_OF_RANGE: 422,
  BREACH_OUTCOME_NOT_ALLOWED: 422,
  UNKNOWN_FAILURE: 422,
  WARNING_ALREADY_GIVEN: 422,
  DATE_IN_FUTURE: 422,
  TOO_MANY_OPEN_REQUESTS: 429,
  // The store refused content that got past validation (a lone surrogate): ProblemDetailsFilter answers it over the API.
  INVALID_EVENT: 422,
};

/** Renders casework rule violations as problem+json, with the stable code for clients to match on. */
@Catch(CaseworkError, CaseBusyError, WrongExpectedVersionError)
export class CaseworkErrorsFilter implements ExceptionFilter {
  catch(error: CaseworkError | CaseBusyError | WrongExpectedVersionError, host: ArgumentsHost): void {
    const status = STATUS_BY_CODE[error.code] ?? 422;
    const body = problem(status, error.message, {
      type: `https://escalation-hub.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    });
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...body, code: error.code }));
  }
}
