import type { Actor, RiskInformationSource } from '@escalation-hub/casework-domain';

/**
 * Information bearing on risk, recorded by public-service staff on any case, by the managing provider, or by
 * the area's provider delivering an intervention to a case the public service manages.
 */
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
  /** When it is to be acknowledged and reviewed by. */
  readonly dueAt: string;
  /** Whose responsible officer acknowledges and reviews it: 'NPS' or the provider managing the case. */
  readonly heldBy: string;
  readonly revision: number;
  /** False for the same record sent again: nothing new was recorded. */
  readonly created: boolean;
}
