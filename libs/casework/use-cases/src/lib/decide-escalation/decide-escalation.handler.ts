import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { pendingInformationRequest } from '@escalation-hub/casework-domain';
import { CaseItems } from '../case-items';
import { DecideEscalationCommand, EscalationDecidedResult } from './decide-escalation.command';

@CommandHandler(DecideEscalationCommand)
export class DecideEscalationHandler implements ICommandHandler<DecideEscalationCommand, EscalationDecidedResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly items: CaseItems,
  ) {}

  async execute({ escalationId, actor, decision, crn: knownCrn }: DecideEscalationCommand): Promise<EscalationDecidedResult> {
    const crn = await this.items.crnOf(escalationId, knownCrn);
    const { state, revision } = await this.runner.run(
      {
        type: 'DecideEscalation',
        crn,
        actor,
        payload: {
          escalationId,
          outcome: decision.outcome,
          rationale: decision.rationale,
          advice: decision.advice ?? null,
          revisedRosh: decision.revisedRosh ?? null,
          highRiskRetentionReason: decision.highRiskRetentionReason ?? null,
          questions: decision.questions ? [...decision.questions] : null,
          seenRevision: decision.seenRevision ?? null,
        },
      },
      STAFF_NEXT_READS,
    );
    const item = state.items[escalationId];
    const late = item.kind === 'ESCALATION' ? (item.decision?.late ?? false) : false;
    const asked = pendingInformationRequest(item);
    return {
      escalationId,
      crn,
      outcome: decision.outcome,
      late,
      managedBy: state.managedBy,
      revision,
      ...(asked ? { answerDueAt: asked.answerDueAt } : {}),
    };
  }
}
