import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CaseCommand } from '@escalation-hub/casework-domain';
import { recallAdviceStatus } from '@escalation-hub/casework-domain';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { CountersignRecallAdviceCommand, RecallAdviceResult } from './countersign-recall-advice.command';

/**
 * Runs a command on recall advice known by its id (the case looked up when not given), and answers where
 * the advice stands after it: countersigning, returning, revising and withdrawing all answer this way.
 */
export async function runOnRecallAdvice(
  runner: CaseCommandRunner,
  items: CaseItems,
  recallAdviceId: string,
  knownCrn: string | undefined,
  command: (crn: string) => CaseCommand,
): Promise<RecallAdviceResult> {
  const crn = await items.crnOf(recallAdviceId, knownCrn);
  const { state, revision } = await runner.run(command(crn), STAFF_NEXT_READS);
  const item = state.items[recallAdviceId];
  if (item?.kind !== 'RECALL_COUNTERSIGN') throw new Error(`${recallAdviceId} is not recall advice after the command`);
  return { recallAdviceId, crn, status: recallAdviceStatus(item), revision };
}

@CommandHandler(CountersignRecallAdviceCommand)
export class CountersignRecallAdviceHandler implements ICommandHandler<CountersignRecallAdviceCommand, RecallAdviceResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  execute({ recallAdviceId, actor, rationale, crn }: CountersignRecallAdviceCommand): Promise<RecallAdviceResult> {
    return runOnRecallAdvice(this.runner, this.items, recallAdviceId, crn, (found) => ({
      type: 'CountersignRecallAdvice',
      crn: found,
      actor,
      payload: { recallAdviceId, rationale },
    }));
  }
}
