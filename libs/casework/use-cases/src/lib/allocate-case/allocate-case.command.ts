import type { Actor, MappaStatus, RoshLevel, SentenceInput } from '@escalation-hub/casework-domain';

/** The public service's initial allocation assessment of a new case. */
export class AllocateCaseCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly assessment: {
      readonly ldu: string;
      readonly provider: string;
      readonly sentence: SentenceInput;
      readonly rosh: RoshLevel;
      readonly mappa: MappaStatus | null;
      readonly exceptionalPublicInterest: boolean;
      readonly publicInterestReason?: string | null;
    },
  ) {}
}

export interface CaseAllocatedResult {
  readonly crn: string;
  readonly allocatedTo: string;
  readonly reason: string;
  readonly victimContactEligible: boolean;
  /** The rule that decided victim contact, and its source. */
  readonly victimContactBasis: string;
  readonly sentenceKind: string;
  readonly revision: number;
}
