import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { runOnRecallAdvice } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { ReturnRecallAdviceCommand } from './return-recall-advice.command';

@CommandHandler(ReturnRecallAdviceCommand)
export class ReturnRecallAdviceHandler implements ICommandHandler<ReturnRecallAdviceCommand, RecallAdviceResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  execute({ recallAdviceId, actor, reason, crn }: ReturnRecallAdviceCommand): Promise<RecallAdviceResult> {
    return runOnRecallAdvice(this.runner, this.items, recallAdviceId, crn, (found) => ({
      type: 'ReturnRecallAdvice',
      crn: found,
      actor,
      payload: { recallAdviceId, reason },
    }));
  }
}
