import type { Actor } from '@escalation-hub/casework-domain';

/** An ACO records an exceptional public-interest reason for the public service to manage the case. */
export class RecordPublicInterestCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly reason: string,
  ) {}
}
