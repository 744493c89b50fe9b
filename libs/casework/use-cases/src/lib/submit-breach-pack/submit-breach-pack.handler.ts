import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
import { recordedRequest } from '../provider-request';
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
      // Only when given: a pack without it keeps the fingerprint it had before the field existed.
      ...(pack.failureIds ? { failureIds: [...pack.failureIds] } : {}),
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
    const { itemId, dueAt, revision, created } = recordedRequest(result, actor.provider ?? '', pack.requestId);
    return { breachPackId: itemId, crn, dueAt, revision, created };
  }
}
