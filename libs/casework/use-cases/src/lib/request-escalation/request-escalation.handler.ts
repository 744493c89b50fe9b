import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
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
    // The escalation this requestId recorded: this one, or the original for a retry.
    const escalationId = result.state.requests[request.requestId].itemId;
    return {
      escalationId,
      crn,
      dueAt: result.state.items[escalationId].dueAt,
      revision: result.providerRevisionOf(
        actor.provider ?? '',
        (event) => event.type === 'escalation.requested' && event.data.escalationId === escalationId,
      ),
      created: result.events.length > 0,
    };
  }
}
