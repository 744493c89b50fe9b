import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { RecordFailureToComplyCommand } from './record-failure-to-comply.command';
import { RecordFailureToComplyDto } from './record-failure-to-comply.dto';

/** `compliance.failure` on a provider's inbound Kafka topic: the same JSON body, DTO and rules as over HTTP. */
export async function recordFailureToComplyFromMessage(crn: string, actor: Actor, body: object): Promise<RecordFailureToComplyCommand> {
  return new RecordFailureToComplyCommand(crn, actor, await validatedMessage(RecordFailureToComplyDto, body));
}
