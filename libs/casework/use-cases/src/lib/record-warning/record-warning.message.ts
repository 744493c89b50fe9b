import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { RecordWarningCommand } from './record-warning.command';
import { RecordWarningDto } from './record-warning.dto';

/** `compliance.warning` on a provider's inbound Kafka topic: the same JSON body, DTO and rules as over HTTP. */
export async function recordWarningFromMessage(crn: string, actor: Actor, body: object): Promise<RecordWarningCommand> {
  return new RecordWarningCommand(crn, actor, await validatedMessage(RecordWarningDto, body));
}
