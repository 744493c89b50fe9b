import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, PROVIDER_NEXT_READS } from '@escalation-hub/casework-application';
import { itemIdOf } from '@escalation-hub/casework-domain';
import { AnswerInformationRequestCommand, InformationProvidedResult } from './answer-information-request.command';

@CommandHandler(AnswerInformationRequestCommand)
export class AnswerInformationRequestHandler implements ICommandHandler<AnswerInformationRequestCommand, InformationProvidedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, escalationId, actor, answer }: AnswerInformationRequestCommand): Promise<InformationProvidedResult> {
    const result = await this.runner.run(
      { type: 'AnswerInformationRequest', crn, actor, payload: { escalationId, answer: answer.answer, answeredBy: answer.answeredBy } },
      PROVIDER_NEXT_READS,
    );
    const item = result.state.items[escalationId];
    const answered = item.kind === 'ESCALATION' ? item.informationRequests[item.informationRequests.length - 1]?.answer : null;
    // The provider's revision at its answer: the last event about the escalation it was shown.
    const answeredAt = answered?.answeredAt;
    return {
      escalationId,
      crn,
      dueAt: item.dueAt,
      late: answered?.late ?? false,
      revision: result.providerRevisionOf(
        actor.provider ?? '',
        (event) => event.type === 'escalation.information-provided' && itemIdOf(event) === escalationId && event.occurredAt === answeredAt,
      ),
      created: result.events.length > 0,
    };
  }
}
