import type { Actor } from '@escalation-hub/casework-domain';

/** The public service refers a case it manages to a provider's intervention; that provider may then record risk information on it. */
export class ReferToInterventionCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly referral: { readonly provider: string; readonly intervention: string },
  ) {}
}

export interface InterventionReferredResult {
  readonly crn: string;
  readonly provider: string;
  readonly intervention: string;
  readonly revision: number;
}
