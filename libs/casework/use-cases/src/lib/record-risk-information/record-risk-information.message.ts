import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { RecordRiskInformationCommand } from './record-risk-information.command';
import { RecordRiskInformationDto } from './record-risk-information.dto';

/**
 * `risk-information.record` on a provider's inbound Kafka topic: the same JSON body, DTO and rules as over
 * HTTP. Send your own `riskInformationId` so that a redelivered message records nothing new.
 */
export async function recordRiskInformationFromMessage(crn: string, actor: Actor, body: object): Promise<RecordRiskInformationCommand> {
  const information = await validatedMessage(RecordRiskInformationDto, body);
  return new RecordRiskInformationCommand(crn, actor, { ...information, riskInformationId: information.riskInformationId ?? '' });
}
