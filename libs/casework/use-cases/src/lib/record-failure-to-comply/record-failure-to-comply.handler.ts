import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requestKeyOf } from '@escalation-hub/casework-domain';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
import { FailureToComplyRecordedResult, RecordFailureToComplyCommand } from './record-failure-to-comply.command';

@CommandHandler(RecordFailureToComplyCommand)
export class RecordFailureToComplyHandler implements ICommandHandler<RecordFailureToComplyCommand, FailureToComplyRecordedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, failure }: RecordFailureToComplyCommand): Promise<FailureToComplyRecordedResult> {
    // The failure as the provider sent it, field by field: a retry matches only the same record.
    const sent = {
      requestId: failure.requestId,
      date: failure.date,
      requirement: failure.requirement,
      acceptable: failure.acceptable,
      judgedBy: failure.judgedBy,
      details: failure.details,
    };
    const result = await this.runner.run(
      {
        type: 'RecordFailureToComply',
        crn,
        actor,
        payload: { ...sent, failureId: `fail-${randomUUID()}`, requestFingerprint: requestFingerprint(sent) },
      },
      PROVIDER_NEXT_READS,
    );
    const failureId = result.state.requests[requestKeyOf(actor.provider ?? '', failure.requestId)].itemId;
    const due = result.state.items[`bd-${failureId}`];
    return {
      failureId,
      crn,
      breachDue: due ? { breachDueId: due.itemId, dueAt: due.dueAt } : null,
      revision:
        result.providerRevisionOf(
          actor.provider ?? '',
          (event) => event.type === 'compliance.failure-recorded' && event.data.failureId === failureId,
        ) ?? 0,
      created: result.events.length > 0,
    };
  }
}
