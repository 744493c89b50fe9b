import type { Actor, BreachRecommendation } from '@escalation-hub/casework-domain';

/** A provider submits a breach information pack for the public service to decide (over HTTP or Kafka). */
export class SubmitBreachPackCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly pack: {
      readonly requestId: string;
      readonly requirement: string;
      readonly failures: readonly { readonly date: string; readonly description: string }[];
      readonly warningsIssued: number;
      readonly providerRecommendation: BreachRecommendation;
      readonly summary: string;
      readonly failureIds?: readonly string[];
    },
  ) {}
}

export interface BreachPackSubmittedResult {
  readonly breachPackId: string;
  readonly crn: string;
  readonly dueAt: string;
  /** The case as the provider sees it, counted in its provider events of the case from 0. */
  readonly revision: number | undefined;
  /** False for a retry of a request already recorded: the answer is the original one. */
  readonly created: boolean;
}
