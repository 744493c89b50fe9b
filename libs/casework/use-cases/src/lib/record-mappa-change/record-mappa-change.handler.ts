import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { reassessmentResult, ReassessmentResult } from '../reassessment';
import { RecordMappaChangeCommand } from './record-mappa-change.command';

@CommandHandler(RecordMappaChangeCommand)
export class RecordMappaChangeHandler implements ICommandHandler<RecordMappaChangeCommand, ReassessmentResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, mappa }: RecordMappaChangeCommand): Promise<ReassessmentResult> {
    const result = await this.runner.run(
      { type: 'RecordMappaChange', crn, actor, payload: { mappa: mappa && { category: mappa.category, level: mappa.level } } },
      STAFF_NEXT_READS,
    );
    return reassessmentResult(crn, result);
  }
}
