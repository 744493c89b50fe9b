import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { sentenceInputFrom } from '../allocate-case/allocate-case.handler';
import { reassessmentResult, ReassessmentResult } from '../reassessment';
import { RecordSentenceCommand } from './record-sentence.command';

@CommandHandler(RecordSentenceCommand)
export class RecordSentenceHandler implements ICommandHandler<RecordSentenceCommand, ReassessmentResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, sentence }: RecordSentenceCommand): Promise<ReassessmentResult> {
    const result = await this.runner.run(
      { type: 'RecordSentence', crn, actor, payload: { sentence: sentenceInputFrom(sentence) } },
      STAFF_NEXT_READS,
    );
    return reassessmentResult(crn, result);
  }
}
