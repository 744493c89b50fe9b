import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { CaseClosedResult, CloseCaseCommand } from './close-case.command';

@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler implements ICommandHandler<CloseCaseCommand, CaseClosedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, closure }: CloseCaseCommand): Promise<CaseClosedResult> {
    const { state, events, revision } = await this.runner.run(
      { type: 'CloseCase', crn, actor, payload: { reason: closure.reason, details: closure.details ?? null, closedOn: closure.closedOn } },
      STAFF_NEXT_READS,
    );
    const closedWith = Object.values(state.items).filter((item) => item.withdrawn && item.withdrawn.at === state.closure?.closedAt);
    return {
      crn,
      reason: state.closure?.reason ?? closure.reason,
      closedOn: state.closure?.closedOn ?? closure.closedOn,
      withdrawnItems: closedWith.map((item) => item.itemId),
      revision,
      created: events.length > 0,
    };
  }
}
