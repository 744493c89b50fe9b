import type { Actor } from '@escalation-hub/casework-domain';

/** The provider managing the case records a formal warning for unacceptable failures it recorded. */
export class RecordWarningCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly warning: {
      readonly requestId: string;
      readonly issuedOn: string;
      readonly failureIds: readonly string[];
      readonly issuedBy: string;
      readonly details: string;
    },
  ) {}
}

export interface WarningRecordedResult {
  readonly warningId: string;
  readonly crn: string;
  readonly revision: number;
  readonly created: boolean;
}
