import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { RecallAdviceResult } from '../countersign-recall-advice/countersign-recall-advice.command';
import { runOnRecallAdvice } from '../countersign-recall-advice/countersign-recall-advice.handler';
import { fixedTermExclusionOf } from '../draft-recall-advice/draft-recall-advice.handler';
import { ReviseRecallAdviceCommand } from './revise-recall-advice.command';

@CommandHandler(ReviseRecallAdviceCommand)
export class ReviseRecallAdviceHandler implements ICommandHandler<ReviseRecallAdviceCommand, RecallAdviceResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  execute({ recallAdviceId, actor, revision, crn }: ReviseRecallAdviceCommand): Promise<RecallAdviceResult> {
    return runOnRecallAdvice(this.runner, this.items, recallAdviceId, crn, (found) => ({
      type: 'ReviseRecallAdvice',
      crn: found,
      actor,
      payload: {
        recallAdviceId,
        recallType: revision.recallType,
        emergency: revision.emergency,
        rationale: revision.rationale,
        fixedTermExclusion: fixedTermExclusionOf(revision.fixedTermExclusion),
        note: revision.note,
      },
    }));
  }
}
