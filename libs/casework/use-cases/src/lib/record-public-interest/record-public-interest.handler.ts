import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { reassessmentResult, ReassessmentResult } from '../reassessment';
import { RecordPublicInterestCommand } from './record-public-interest.command';

@CommandHandler(RecordPublicInterestCommand)
export class RecordPublicInterestHandler implements ICommandHandler<RecordPublicInterestCommand, ReassessmentResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, reason }: RecordPublicInterestCommand): Promise<ReassessmentResult> {
    const result = await this.runner.run({ type: 'RecordPublicInterest', crn, actor, payload: { reason } }, STAFF_NEXT_READS);
    return reassessmentResult(crn, result);
  }
}
