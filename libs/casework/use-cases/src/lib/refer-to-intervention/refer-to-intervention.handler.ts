import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { InterventionReferredResult, ReferToInterventionCommand } from './refer-to-intervention.command';

@CommandHandler(ReferToInterventionCommand)
export class ReferToInterventionHandler implements ICommandHandler<ReferToInterventionCommand, InterventionReferredResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, referral }: ReferToInterventionCommand): Promise<InterventionReferredResult> {
    const { revision } = await this.runner.run(
      { type: 'ReferToIntervention', crn, actor, payload: { provider: referral.provider, intervention: referral.intervention } },
      STAFF_NEXT_READS,
    );
    return { crn, provider: referral.provider, intervention: referral.intervention.trim(), revision };
  }
}
