import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
import { recordedRequest } from '../provider-request';
import { EscalationRequestedResult, RequestEscalationCommand } from './request-escalation.command';

@CommandHandler(RequestEscalationCommand)
export class RequestEscalationHandler implements ICommandHandler<RequestEscalationCommand, EscalationRequestedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, request }: RequestEscalationCommand): Promise<EscalationRequestedResult> {
    // The request as the provider sent it, field by field: a retry matches only the same request.
    const sent = {
      requestId: request.requestId,
      raisedBy: request.raisedBy,
      proposedRosh: request.proposedRosh,
      urgency: request.urgency,
      triggers: [...request.triggers],
      summary: request.summary,
      // Only when given: a request without it keeps the fingerprint it had before the field existed.
      ...(request.providerKnewAt ? { providerKnewAt: request.providerKnewAt } : {}),
    };
    const result = await this.runner.run(
      {
        type: 'RequestEscalation',
        crn,
        actor,
        payload: {
          ...sent,
          escalationId: `esc-${randomUUID()}`,
          requestFingerprint: requestFingerprint(sent),
        },
      },
      PROVIDER_NEXT_READS,
    );
    const { itemId, dueAt, revision, created } = recordedRequest(result, actor.provider ?? '', request.requestId);
    return { escalationId: itemId, crn, dueAt, revision, created };
  }
}
