import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { answerFor } from '../provider-request';
import { BreachWaivedResult, WaiveBreachCommand } from './waive-breach.command';

@CommandHandler(WaiveBreachCommand)
export class WaiveBreachHandler implements ICommandHandler<WaiveBreachCommand, BreachWaivedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  execute({ breachDueId, actor, reason, crn: knownCrn }: WaiveBreachCommand): Promise<BreachWaivedResult> {
    return this.items.onCaseOf(breachDueId, knownCrn, async (crn) => {
      const answer = answerFor(actor);
      const result = await this.runner.run({ type: 'WaiveBreach', crn, actor, payload: { breachDueId, reason } }, answer.nextReads);
      const revision = answer.revision(result, (event) => event.type === 'breach.waived' && event.data.breachDueId === breachDueId);
      return { breachDueId, crn, revision };
    });
  }
}
