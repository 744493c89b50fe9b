import type { Actor, TransferOutcome } from '@escalation-hub/casework-domain';

/** The receiving area accepts or refuses a transfer, with a reason. */
export class DecideTransferCommand {
  /** `crn` when the caller knows the case (a case page); otherwise it is looked up from the transfer. */
  constructor(
    readonly transferId: string,
    readonly actor: Actor,
    readonly decision: { readonly outcome: TransferOutcome; readonly rationale: string; readonly seenRevision?: number | null },
    readonly crn?: string,
  ) {}
}

export interface TransferDecidedResult {
  readonly transferId: string;
  readonly crn: string;
  readonly outcome: TransferOutcome;
  readonly late: boolean;
  /** The case's area and manager after the decision. */
  readonly ldu: string;
  readonly managedBy: string;
  readonly revision: number;
}
