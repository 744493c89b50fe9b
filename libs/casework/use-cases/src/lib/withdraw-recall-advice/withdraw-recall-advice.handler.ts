import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { runOnRecallAdvice } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { WithdrawRecallAdviceCommand } from './withdraw-recall-advice.command';

@CommandHandler(WithdrawRecallAdviceCommand)
export class WithdrawRecallAdviceHandler implements ICommandHandler<WithdrawRecallAdviceCommand, RecallAdviceResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  execute({ recallAdviceId, actor, reason, crn }: WithdrawRecallAdviceCommand): Promise<RecallAdviceResult> {
    return runOnRecallAdvice(this.runner, this.items, recallAdviceId, crn, (found) => ({
      type: 'WithdrawRecallAdvice',
      crn: found,
      actor,
      payload: { recallAdviceId, reason },
    }));
  }
}
