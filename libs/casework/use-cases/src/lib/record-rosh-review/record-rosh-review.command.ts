import type { Actor, RoshLevel } from '@escalation-hub/casework-domain';

/** Public-service staff record a RoSH review on any case; the allocation policy is then applied again. */
export class RecordRoshReviewCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly review: {
      readonly level: RoshLevel;
      readonly assessor: string;
      readonly assessedOn: string;
      readonly assessmentReference: string;
    },
  ) {}
}
