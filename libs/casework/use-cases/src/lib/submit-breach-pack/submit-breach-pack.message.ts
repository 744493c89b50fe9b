import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { SubmitBreachPackCommand } from './submit-breach-pack.command';
import { SubmitBreachPackDto } from './submit-breach-pack.dto';

/** `breach-pack.submit` on a provider's inbound Kafka topic: the same JSON body, DTO and rules as over HTTP. */
export async function submitBreachPackFromMessage(crn: string, actor: Actor, body: object): Promise<SubmitBreachPackCommand> {
  return new SubmitBreachPackCommand(crn, actor, await validatedMessage(SubmitBreachPackDto, body));
}
