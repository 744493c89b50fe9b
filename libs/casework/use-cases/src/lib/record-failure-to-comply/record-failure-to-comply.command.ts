import type { Actor } from '@escalation-hub/casework-domain';

/** The provider managing the case records a failure to comply, judged acceptable or not. */
export class RecordFailureToComplyCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly failure: {
      readonly requestId: string;
      readonly date: string;
      readonly requirement: string;
      readonly acceptable: boolean;
      readonly judgedBy: string;
      readonly details: string;
    },
  ) {}
}

export interface FailureToComplyRecordedResult {
  readonly failureId: string;
  readonly crn: string;
  /** Breach proceedings this failure made due (on an order, within 12 months of a warning), or null. */
  readonly breachDue: { readonly breachDueId: string; readonly dueAt: string } | null;
  readonly revision: number;
  readonly created: boolean;
}
