import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import type { SentenceInput } from '@escalation-hub/casework-domain';
import { AllocateCaseCommand, CaseAllocatedResult } from './allocate-case.command';

@CommandHandler(AllocateCaseCommand)
export class AllocateCaseHandler implements ICommandHandler<AllocateCaseCommand, CaseAllocatedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, assessment }: AllocateCaseCommand): Promise<CaseAllocatedResult> {
    const { state, revision } = await this.runner.run(
      {
        type: 'AllocateCase',
        crn,
        actor,
        payload: {
          ldu: assessment.ldu,
          provider: assessment.provider,
          sentence: sentenceInputFrom(assessment.sentence),
          rosh: assessment.rosh,
          mappa: assessment.mappa ? { category: assessment.mappa.category, level: assessment.mappa.level } : null,
          exceptionalPublicInterest: assessment.exceptionalPublicInterest,
          publicInterestReason: assessment.publicInterestReason ?? null,
        },
      },
      STAFF_NEXT_READS,
    );
    return {
      crn: state.crn,
      allocatedTo: state.allocation.allocatedTo,
      reason: state.allocation.reason,
      victimContactEligible: state.victimContactEligible,
      victimContactBasis: state.victimContactBasis,
      sentenceKind: state.sentence.kind,
      revision,
    };
  }
}

/** A sentence as the domain takes it, field by field from what the sender gave. */
export function sentenceInputFrom(sentence: SentenceInput): SentenceInput {
  return {
    type: sentence.type,
    ...(sentence.kind ? { kind: sentence.kind } : {}),
    lengthMonths: sentence.lengthMonths,
    custodialTermMonths: sentence.custodialTermMonths ?? null,
    offenceCategory: sentence.offenceCategory,
    imposedOn: sentence.imposedOn ?? null,
    requirements: [...(sentence.requirements ?? [])],
    licenceConditions: [...(sentence.licenceConditions ?? [])],
  };
}
