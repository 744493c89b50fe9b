import type { Actor } from '@escalation-hub/casework-domain';

/** The author withdraws recall advice not yet issued, with a reason. */
export class WithdrawRecallAdviceCommand {
  constructor(
    readonly recallAdviceId: string,
    readonly actor: Actor,
    readonly reason: string,
    readonly crn?: string,
  ) {}
}
