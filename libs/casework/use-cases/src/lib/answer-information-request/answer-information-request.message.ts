import type { Actor } from '@escalation-hub/casework-domain';
import { validatedMessage } from '../inbound-message';
import { AnswerInformationRequestCommand } from './answer-information-request.command';
import { AnswerInformationRequestMessageDto } from './answer-information-request.dto';

/** `escalation.answer` on a provider's inbound Kafka topic: the HTTP body plus the escalationId. */
export async function answerInformationRequestFromMessage(
  crn: string,
  actor: Actor,
  body: object,
): Promise<AnswerInformationRequestCommand> {
  const { escalationId, answer, answeredBy } = await validatedMessage(AnswerInformationRequestMessageDto, body);
  return new AnswerInformationRequestCommand(crn, escalationId, actor, { answer, answeredBy });
}
