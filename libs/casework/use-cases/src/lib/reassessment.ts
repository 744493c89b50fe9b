import type { Response } from 'express';
import type { CaseCommandResult } from '@escalation-hub/casework-application';
import { reassessCase } from '@escalation-hub/casework-domain';
import type { CaseState, ReassessmentOutcome } from '@escalation-hub/casework-domain';

/** What staff are told after a RoSH review, a MAPPA change, a new sentence or a public interest: the reassessment it led to. */
export interface ReassessmentResult {
  readonly crn: string;
  readonly outcome: ReassessmentOutcome;
  readonly managedBy: string;
  readonly reason: string;
  readonly revision: number;
  /**
   * False when the command recorded nothing (a RoSH review or MAPPA change sent again): the answer then says
   * where the case stands, which already reflects it.
   */
  readonly created: boolean;
}

export function reassessmentResult(
  crn: string,
  { state, events, revision }: Pick<CaseCommandResult, 'state' | 'events' | 'revision'>,
): ReassessmentResult {
  if (events.length === 0) return { crn, ...standing(state), revision, created: false };
  const reassessed = events.find((event) => event.type === 'case.reassessed');
  if (reassessed?.type !== 'case.reassessed') throw new Error(`Case ${crn}: the command recorded no reassessment`);
  const { outcome, managedBy, reason } = reassessed.data;
  return { crn, outcome, managedBy, reason, revision, created: true };
}

/**
 * Where a case stands when nothing new was recorded: nothing moved it, so it stays with whoever manages it.
 * The policy's reason holds when the policy would keep it there; a case an SPO kept with its provider at
 * high risk (an escalation's decision) stays there although the policy alone would move it.
 */
function standing(state: CaseState): Pick<ReassessmentResult, 'outcome' | 'managedBy' | 'reason'> {
  const policy = reassessCase(state);
  if (policy.managedBy === state.managedBy) return policy;
  return {
    outcome: 'STAYS_WITH_PROVIDER',
    managedBy: state.managedBy,
    reason: `Stays with ${state.managedBy}: nothing new was recorded, so the case was not reassessed`,
  };
}

/** The HTTP answer: 201 with the reassessment recorded, 200 when nothing new was (the same request sent again). */
export function answerReassessment(response: Response, { created, ...answer }: ReassessmentResult): Omit<ReassessmentResult, 'created'> {
  response.status(created ? 201 : 200);
  return answer;
}
