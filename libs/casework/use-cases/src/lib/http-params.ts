import { NotFoundException } from '@nestjs/common';
import { CRN_PATTERN } from '@escalation-hub/casework-domain';
import { problem } from '@escalation-hub/platform';

/** A CRN from the path. A malformed one names no case: 404, like any other unknown case. */
export function crnFrom(value: string): string {
  if (!CRN_PATTERN.test(value)) throw new NotFoundException(problem(404, `No case ${value} is visible to you`));
  return value;
}
