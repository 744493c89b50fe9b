import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner, STAFF_NEXT_READS } from '@escalation-hub/casework-application';
import { FixedTermExclusionInput, RecallAdviceItem, recallAdviceStatus } from '@escalation-hub/casework-domain';
import { DraftRecallAdviceCommand, RecallAdviceDraftedResult } from './draft-recall-advice.command';

/** The exclusion as the author gave it, field by field (nothing else reaches the command). */
export function fixedTermExclusionOf(given: FixedTermExclusionInput | null | undefined): FixedTermExclusionInput | null {
  return given ? { reason: given.reason, details: given.details ?? null } : null;
}

@CommandHandler(DraftRecallAdviceCommand)
export class DraftRecallAdviceHandler implements ICommandHandler<DraftRecallAdviceCommand, RecallAdviceDraftedResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ crn, actor, recallAdviceId, advice }: DraftRecallAdviceCommand): Promise<RecallAdviceDraftedResult> {
    const { state, events, revision } = await this.runner.run(
      {
        type: 'DraftRecallAdvice',
        crn,
        actor,
        payload: {
          recallAdviceId,
          recallType: advice.recallType,
          emergency: advice.emergency,
          rationale: advice.rationale,
          basedOn: [...advice.basedOn],
          fixedTermExclusion: fixedTermExclusionOf(advice.fixedTermExclusion),
        },
      },
      STAFF_NEXT_READS,
    );
    // Where the advice stands now: a form sent again after it moved on says so, not AWAITING_SPO.
    const drafted = state.items[recallAdviceId] as RecallAdviceItem;
    return { recallAdviceId, crn, dueAt: drafted.dueAt, status: recallAdviceStatus(drafted), revision, created: events.length > 0 };
  }
}
