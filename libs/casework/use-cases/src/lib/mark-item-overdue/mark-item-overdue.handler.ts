import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '@escalation-hub/casework-application';
import { MarkItemOverdueCommand, OverdueMarkResult } from './mark-item-overdue.command';

@CommandHandler(MarkItemOverdueCommand)
export class MarkItemOverdueHandler implements ICommandHandler<MarkItemOverdueCommand, OverdueMarkResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, itemId, actor }: MarkItemOverdueCommand): Promise<OverdueMarkResult> {
    const { events } = await this.runner.run({ type: 'MarkItemOverdue', crn, actor, payload: { itemId } }, []);
    return { marked: events.length > 0 };
  }
}
