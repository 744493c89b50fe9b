import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseItems } from '../case-items';
import { BreachPackDecidedResult, DecideBreachPackCommand } from './decide-breach-pack.command';

@CommandHandler(DecideBreachPackCommand)
export class DecideBreachPackHandler implements ICommandHandler<DecideBreachPackCommand, BreachPackDecidedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ breachPackId, actor, decision, crn: knownCrn }: DecideBreachPackCommand): Promise<BreachPackDecidedResult> {
    const crn = await this.items.crnOf(breachPackId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'DecideBreachPack',
        crn,
        actor,
        payload: { breachPackId, outcome: decision.outcome, rationale: decision.rationale, seenRevision: decision.seenRevision ?? null },
      },
      STAFF_NEXT_READS,
    );
    const item = state.items[breachPackId];
    const late = item.kind === 'BREACH_PACK' ? (item.decision?.late ?? false) : false;
    return { breachPackId, crn, outcome: decision.outcome, late, revision };
  }
}
