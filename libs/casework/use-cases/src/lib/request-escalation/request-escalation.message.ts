import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { RequestEscalationCommand } from './request-escalation.command';
import { RequestEscalationDto } from './request-escalation.dto';

/** `escalation.request` on a provider's inbound Kafka topic: the same JSON body, DTO and rules as over HTTP. */
export async function requestEscalationFromMessage(crn: string, actor: Actor, body: object): Promise<RequestEscalationCommand> {
  return new RequestEscalationCommand(crn, actor, await validatedMessage(RequestEscalationDto, body));
}
