import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { reassessmentResult, ReassessmentResult } from '../reassessment';
import { RecordRoshReviewCommand } from './record-rosh-review.command';

@CommandHandler(RecordRoshReviewCommand)
export class RecordRoshReviewHandler implements ICommandHandler<RecordRoshReviewCommand, ReassessmentResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, review }: RecordRoshReviewCommand): Promise<ReassessmentResult> {
    const result = await this.runner.run(
      {
        type: 'RecordRoshReview',
        crn,
        actor,
        payload: {
          level: review.level,
          assessor: review.assessor,
          assessedOn: review.assessedOn,
          assessmentReference: review.assessmentReference,
        },
      },
      STAFF_NEXT_READS,
    );
    return reassessmentResult(crn, result);
  }
}
