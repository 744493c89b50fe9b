import type { Actor, EscalationTrigger, RoshLevel, Urgency } from '@escalation-hub/casework-domain';

/** A provider asks the public service to review rising risk on a case it manages (over HTTP or Kafka). */
export class RequestEscalationCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly request: {
      readonly requestId: string;
      readonly raisedBy: string;
      readonly proposedRosh: RoshLevel;
      readonly urgency: Urgency;
      readonly triggers: readonly EscalationTrigger[];
      readonly summary: string;
      readonly providerKnewAt?: string | null;
    },
  ) {}
}

export interface EscalationRequestedResult {
  readonly escalationId: string;
  readonly crn: string;
  readonly dueAt: string;
  /** The case as the provider sees it, counted in its provider events of the case from 0. */
  readonly revision: number | undefined;
  /** False for a retry of a request already recorded: the answer is the original one. */
  readonly created: boolean;
}
