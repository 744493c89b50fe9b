import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { JSON_BODY_LIMIT } from '@escalation-hub/platform';

/**
 * The answers (problem+json) that every operation behind BearerAuthGuard can give besides its own.
 * For a controller class: an operation's own @ApiResponse for the same status takes its place.
 */
export const ApiGuardProblems = () =>
  applyDecorators(
    ApiResponse({ status: 401, description: 'No bearer token, or one that is unknown or revoked' }),
    ApiResponse({ status: 403, description: "The operation is not for your token's role" }),
    ApiResponse({
      status: 429,
      description: 'This token sent more requests a second than the hub takes from one token: send again after Retry-After',
    }),
  );

/** The answers an operation that reads a JSON body gives to one it cannot take, before any rule runs. */
export const ApiBodyProblems = () =>
  applyDecorators(
    ApiResponse({
      status: 400,
      description:
        'The body is not valid: not JSON, a key repeated, nested too deep, or a field missing, unknown or of the wrong form (errors names each field)',
    }),
    ApiResponse({ status: 413, description: `The body is larger than ${JSON_BODY_LIMIT}` }),
    ApiResponse({ status: 415, description: 'The body is declared in a charset other than UTF-8' }),
  );

/** The answer an operation that reads a query gives to one it cannot take. */
export const ApiQueryProblems = () =>
  ApiResponse({ status: 400, description: 'The query is not valid: a parameter unknown or of the wrong form (errors names each)' });
