import type { Actor } from '@escalation-hub/casework-domain';

/** The public service asks another area (LDU) to take a case over, with that area's contracted provider. */
export class RequestTransferCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly transfer: { readonly transferId: string; readonly toLdu: string; readonly toProvider: string; readonly reason: string },
  ) {}
}

export interface TransferRequestedResult {
  readonly transferId: string;
  readonly crn: string;
  /** When the receiving area is to answer by. */
  readonly dueAt: string;
  readonly revision: number;
  /** False for the same request sent again: nothing new was recorded. */
  readonly created: boolean;
}
