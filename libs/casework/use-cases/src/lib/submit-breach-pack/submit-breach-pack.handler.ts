import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
import { BreachPackSubmittedResult, SubmitBreachPackCommand } from './submit-breach-pack.command';

@CommandHandler(SubmitBreachPackCommand)
export class SubmitBreachPackHandler implements ICommandHandler<SubmitBreachPackCommand, BreachPackSubmittedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, pack }: SubmitBreachPackCommand): Promise<BreachPackSubmittedResult> {
    // The pack as the provider sent it, field by field: a retry matches only the same pack.
    const sent = {
      requestId: pack.requestId,
      requirement: pack.requirement,
      failures: pack.failures.map((failure) => ({ date: failure.date, description: failure.description })),
      warningsIssued: pack.warningsIssued,
      providerRecommendation: pack.providerRecommendation,
      summary: pack.summary,
    };
    const result = await this.runner.run(
      {
        type: 'SubmitBreachPack',
        crn,
        actor,
        payload: {
          ...sent,
          breachPackId: `bp-${randomUUID()}`,
          requestFingerprint: requestFingerprint(sent),
        },
      },
      PROVIDER_NEXT_READS,
    );
    // The pack this requestId recorded: this one, or the original for a retry.
    const breachPackId = result.state.requests[pack.requestId].itemId;
    return {
      breachPackId,
      crn,
      dueAt: result.state.items[breachPackId].dueAt,
      revision: result.providerRevisionOf(
        actor.provider ?? '',
        (event) => event.type === 'breach-pack.submitted' && event.data.breachPackId === breachPackId,
      ),
      created: result.events.length > 0,
    };
  }
}
