import type { Actor, CourtOutcome, CourtStage } from '@escalation-hub/casework-domain';

/** Where breach proceedings stand at court: laid, listed, then the outcome. */
export class RecordCourtStageCommand {
  constructor(
    readonly breachPackId: string,
    readonly actor: Actor,
    readonly stage: {
      readonly stage: CourtStage;
      readonly on: string;
      readonly outcome?: CourtOutcome | null;
      readonly details?: string | null;
    },
    readonly crn?: string,
  ) {}
}

export interface CourtStageRecordedResult {
  readonly breachPackId: string;
  readonly crn: string;
  /** Every stage recorded so far, in order. */
  readonly court: { readonly stage: CourtStage; readonly on: string; readonly outcome: CourtOutcome | null }[];
  readonly revision: number;
}
