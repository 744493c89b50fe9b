import type { Actor, RiskInformationSource } from '@escalation-hub/casework-domain';

/** Public-service staff record information bearing on risk on a case the public service manages. */
export class RecordRiskInformationCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly information: {
      readonly riskInformationId: string;
      readonly source: RiskInformationSource;
      readonly channel: string;
      readonly knownAt: string;
      readonly receivedBy: string;
      readonly threat: boolean;
      readonly summary: string;
    },
  ) {}
}

export interface RiskInformationRecordedResult {
  readonly riskInformationId: string;
  readonly crn: string;
  /** When it is to be reviewed by. */
  readonly dueAt: string;
  readonly revision: number;
  /** False for the same record sent again: nothing new was recorded. */
  readonly created: boolean;
}
