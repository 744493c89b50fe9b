import type { CaseCommandResult } from '@escalation-hub/casework-application';
import type { ReassessmentOutcome } from '@escalation-hub/casework-domain';

/** What staff are told after a RoSH review or MAPPA change: the reassessment it led to. */
export interface ReassessmentResult {
  readonly crn: string;
  readonly outcome: ReassessmentOutcome;
  readonly managedBy: string;
  readonly reason: string;
  readonly revision: number;
}

export function reassessmentResult(crn: string, { events, revision }: Pick<CaseCommandResult, 'events' | 'revision'>): ReassessmentResult {
  const reassessed = events.find((event) => event.type === 'case.reassessed');
  if (reassessed?.type !== 'case.reassessed') throw new Error(`Case ${crn}: the command recorded no reassessment`);
  const { outcome, managedBy, reason } = reassessed.data;
  return { crn, outcome, managedBy, reason, revision };
}
