import type { Actor } from '@escalation-hub/casework-domain';

/** Breach proceedings that fell due are not brought, for exceptional reasons. */
export class WaiveBreachCommand {
  constructor(
    readonly breachDueId: string,
    readonly actor: Actor,
    readonly reason: string,
    readonly crn?: string,
  ) {}
}

export interface BreachWaivedResult {
  readonly breachDueId: string;
  readonly crn: string;
  readonly revision: number;
}
