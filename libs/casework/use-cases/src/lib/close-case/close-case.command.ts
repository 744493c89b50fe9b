import type { Actor, ClosureReason } from '@escalation-hub/casework-domain';

/** The public service records that supervision of a case ended. */
export class CloseCaseCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly closure: { readonly reason: ClosureReason; readonly details?: string | null; readonly closedOn: string },
  ) {}
}

export interface CaseClosedResult {
  readonly crn: string;
  readonly reason: ClosureReason;
  readonly closedOn: string;
  /** The open items closed with the case. */
  readonly withdrawnItems: string[];
  readonly revision: number;
  /** False for the same closure sent again: nothing new was recorded. */
  readonly created: boolean;
}
