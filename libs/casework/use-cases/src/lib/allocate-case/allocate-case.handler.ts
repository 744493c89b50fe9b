import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
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
          sentence: {
            type: assessment.sentence.type,
            ...(assessment.sentence.kind ? { kind: assessment.sentence.kind } : {}),
            lengthMonths: assessment.sentence.lengthMonths,
            custodialTermMonths: assessment.sentence.custodialTermMonths ?? null,
            offenceCategory: assessment.sentence.offenceCategory,
            imposedOn: assessment.sentence.imposedOn ?? null,
            requirements: [...(assessment.sentence.requirements ?? [])],
            licenceConditions: [...(assessment.sentence.licenceConditions ?? [])],
          },
          rosh: assessment.rosh,
          mappa: assessment.mappa ? { category: assessment.mappa.category, level: assessment.mappa.level } : null,
          exceptionalPublicInterest: assessment.exceptionalPublicInterest,
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
