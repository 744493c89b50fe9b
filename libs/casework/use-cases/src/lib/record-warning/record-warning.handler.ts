import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requestKeyOf } from '@escalation-hub/casework-domain';
import { CaseCommandRunner, PROVIDER_NEXT_READS, requestFingerprint } from '@escalation-hub/casework-application';
import { RecordWarningCommand, WarningRecordedResult } from './record-warning.command';

@CommandHandler(RecordWarningCommand)
export class RecordWarningHandler implements ICommandHandler<RecordWarningCommand, WarningRecordedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, warning }: RecordWarningCommand): Promise<WarningRecordedResult> {
    const sent = {
      requestId: warning.requestId,
      issuedOn: warning.issuedOn,
      failureIds: [...warning.failureIds],
      issuedBy: warning.issuedBy,
      details: warning.details,
    };
    const result = await this.runner.run(
      {
        type: 'RecordWarning',
        crn,
        actor,
        payload: { ...sent, warningId: `warn-${randomUUID()}`, requestFingerprint: requestFingerprint(sent) },
      },
      PROVIDER_NEXT_READS,
    );
    const warningId = result.state.requests[requestKeyOf(actor.provider ?? '', warning.requestId)].itemId;
    return {
      warningId,
      crn,
      revision:
        result.providerRevisionOf(
          actor.provider ?? '',
          (event) => event.type === 'compliance.warning-recorded' && event.data.warningId === warningId,
        ) ?? 0,
      created: result.events.length > 0,
    };
  }
}
