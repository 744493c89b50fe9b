import {
  assertNever,
  BreachOutcome,
  BreachPackItem,
  BreachRecommendation,
  CaseEvent,
  BreachDueItem,
  ClosureReason,
  CourtOutcome,
  CourtStage,
  EscalationItem,
  EscalationOutcome,
  EscalationTrigger,
  FixedTermExclusion,
  QueueItemKind,
  RecallStep,
  RecallType,
  RoshLevel,
  RecallDueItem,
  RiskInformationItem,
  RiskInformationSource,
  RiskReviewOutcome,
  TransferItem,
  TransferOutcome,
  Urgency,
} from '@escalation-hub/casework-domain';

/** The words people read for the domain's codes: one place, so every page says the same thing. */
const KIND_LABELS: Record<QueueItemKind, string> = {
  ESCALATION: 'Risk escalation',
  BREACH_PACK: 'Breach pack',
  RECALL_COUNTERSIGN: 'Recall advice to countersign',
  TRANSFER: 'Transfer to another area',
  RISK_INFORMATION: 'Risk information to review',
  BREACH_DUE: 'Breach proceedings due',
  RECALL_DUE: 'Recall advice due',
};

export const COURT_STAGE_LABELS: Record<CourtStage, string> = {
  LAID: 'Breach laid',
  LISTED: 'Listed for a hearing',
  OUTCOME: 'Decided by the court',
};

export const COURT_OUTCOME_LABELS: Record<CourtOutcome, string> = {
  BREACH_NOT_PROVEN: 'Breach not proven',
  ORDER_CONTINUED: 'Order continued',
  ORDER_AMENDED: 'Order amended (more onerous requirements)',
  FINED: 'Fined',
  RESENTENCED: 'Order revoked and resentenced',
  CUSTODY_ACTIVATED: 'Suspended sentence activated',
  COMMITTED_TO_CUSTODY: 'Committed to custody',
};

export const RISK_SOURCE_LABELS: Record<RiskInformationSource, string> = {
  PERSON: 'The person on probation',
  VICTIM_OR_FAMILY: 'A victim or their family',
  POLICE: 'The police',
  MAPPA: 'MAPPA',
  VICTIM_LIAISON_OFFICER: 'A victim liaison officer',
  INTERVENTION_PROVIDER: 'An intervention provider',
  OTHER: 'Another source',
};

export const RISK_REVIEW_OUTCOME_LABELS: Record<RiskReviewOutcome, string> = {
  NO_CHANGE: 'No change to the plan',
  PLAN_UPDATED: 'Risk management plan updated',
  ESCALATED: 'Escalated within the public service',
  MAPPA_REFERRAL: 'Referred to MAPPA',
  POLICE_INFORMED: 'Police informed',
  RECALL_CONSIDERED: 'Recall considered',
};

export const TRANSFER_OUTCOME_LABELS: Record<TransferOutcome, string> = {
  ACCEPTED: 'Accept the case into the receiving area',
  REFUSED: 'Refuse the transfer',
};

export const ESCALATION_OUTCOME_LABELS: Record<EscalationOutcome, { text: string; hint: string }> = {
  RETAIN_WITH_PROVIDER: { text: 'Keep with the provider', hint: 'The provider keeps managing the case, with your advice.' },
  TRANSFER_TO_NPS: {
    text: 'Transfer to the public service',
    hint: 'The public service manages the case from now on; the provider can no longer post for it.',
  },
  MORE_INFORMATION_REQUIRED: {
    text: 'Ask the provider for more information',
    hint: 'The escalation stays open. The provider is asked your questions and has as long to answer as you had to decide; your time stops meanwhile.',
  },
};

export const CLOSURE_REASON_LABELS: Record<ClosureReason, string> = {
  SENTENCE_ENDED: 'Sentence ended',
  DIED: 'Died',
  DEPORTED: 'Deported',
  OTHER: 'Other',
};

export const BREACH_OUTCOME_LABELS: Record<BreachOutcome, string> = {
  NO_FURTHER_ACTION: 'No further action',
  WARNING: 'Warning',
  RETURN_TO_COURT: 'Return to court',
  RECALL: 'Recall',
};

export const RECOMMENDATION_LABELS: Record<BreachRecommendation, string> = {
  NONE: 'No recommendation',
  WARNING: 'Warning',
  RETURN_TO_COURT: 'Return to court',
  RECALL: 'Recall',
};

export const RECALL_TYPE_LABELS: Record<RecallType, { text: string; hint: string }> = {
  FIXED_TERM: { text: 'Fixed-term recall', hint: 'The norm for adult standard determinate sentences, unless an exclusion applies.' },
  STANDARD: { text: 'Standard recall', hint: 'For example where MAPPA level 2 or 3 applies, or there is a new charge.' },
};

export const FIXED_TERM_EXCLUSION_LABELS: Record<FixedTermExclusion, string> = {
  EXTENDED_OR_INDETERMINATE_SENTENCE: 'Extended or indeterminate sentence',
  MAPPA_LEVEL_2_OR_3: 'Managed at MAPPA level 2 or 3',
  CHARGED_WITH_FURTHER_OFFENCE: 'Charged with a further offence',
  RISK_OF_SERIOUS_HARM: 'Risk of serious harm if released at the end of a fixed term',
  OTHER: 'Other',
};

export const RECALL_STEP_LABELS: Record<RecallStep, string> = {
  SENT_TO_PPCS: 'Sent to the public protection casework section',
  LICENCE_REVOKED: 'Licence revoked',
  UNLAWFULLY_AT_LARGE: 'Unlawfully at large',
  RETURNED_TO_CUSTODY: 'Returned to custody',
};

export const ROSH_LABELS: Record<RoshLevel, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', VERY_HIGH: 'Very high' };

export const URGENCY_LABELS: Record<Urgency, string> = { IMMEDIATE: 'Immediate', URGENT: 'Urgent', ROUTINE: 'Routine' };

const TRIGGER_LABELS: Record<EscalationTrigger, string> = {
  THREAT_DISCLOSED: 'Threat disclosed',
  VICTIM_CONCERN: 'Victim concern',
  MISSED_APPOINTMENTS: 'Missed appointments',
  NEW_OFFENCE_ALLEGED: 'New offence alleged',
  DOMESTIC_ABUSE: 'Domestic abuse',
  SUBSTANCE_MISUSE: 'Substance misuse',
  ACCOMMODATION_LOSS: 'Loss of accommodation',
  SAFEGUARDING: 'Safeguarding',
  OTHER: 'Other',
};

/** The words for a decided escalation's, breach pack's or transfer's outcome; undefined while it is undecided. */
export function outcomeLabel(
  item: EscalationItem | BreachPackItem | TransferItem | RiskInformationItem | BreachDueItem | RecallDueItem,
): string | undefined {
  if (!item.decision) return undefined;
  switch (item.kind) {
    case 'BREACH_DUE':
      return item.decision.outcome === 'WAIVED' ? 'Waived for exceptional reasons' : 'Breach pack sent';
    case 'RECALL_DUE':
      return 'Recall advice drafted';
    case 'ESCALATION':
      return ESCALATION_OUTCOME_LABELS[item.decision.outcome].text;
    case 'BREACH_PACK':
      return BREACH_OUTCOME_LABELS[item.decision.outcome];
    case 'TRANSFER':
      return item.decision.outcome === 'ACCEPTED' ? 'Accepted' : 'Refused';
    case 'RISK_INFORMATION':
      return RISK_REVIEW_OUTCOME_LABELS[item.decision.outcome];
  }
}

export function kindLabel(kind: QueueItemKind): string {
  return KIND_LABELS[kind];
}

export function triggersText(triggers: readonly EscalationTrigger[]): string {
  return triggers.map((trigger) => TRIGGER_LABELS[trigger]).join(', ');
}

/** Why a recall is standard rather than fixed-term, as a clause; nothing for a fixed-term one. */
function exclusionText(exclusion: { reason: FixedTermExclusion; details: string | null } | null): string {
  if (!exclusion) return '';
  return ` (not fixed-term: ${FIXED_TERM_EXCLUSION_LABELS[exclusion.reason].toLowerCase()}${exclusion.details ? `, ${exclusion.details}` : ''})`;
}

/** One line saying what an event recorded, in plain words; the full data is shown beside it. */
export function describeEvent(event: Pick<CaseEvent, 'type' | 'data'>): string {
  const known = event as CaseEvent;
  switch (known.type) {
    case 'case.allocated':
      return known.data.reason;
    case 'escalation.requested':
      return `${URGENCY_LABELS[known.data.urgency]} risk escalation (${known.data.escalationId}) raised by ${known.data.raisedBy}, proposing ${ROSH_LABELS[known.data.proposedRosh]} RoSH: ${known.data.summary}`;
    case 'escalation.information-requested':
      return `More information asked of the provider on escalation ${known.data.escalationId}, answer due ${known.data.answerDueAt}: ${known.data.questions.join(' ')}`;
    case 'escalation.information-withdrawn':
      return `The question on escalation ${known.data.escalationId} lapsed unanswered: ${known.data.reason}`;
    case 'escalation.information-provided':
      return `The provider answered on escalation ${known.data.escalationId}${known.data.late ? ' (late)' : ''}, ${known.data.answeredBy}: ${known.data.answer}`;
    case 'item.claimed':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} claimed`;
    case 'item.released':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} released from ${known.data.releasedFrom}`;
    case 'escalation.decided':
      return `Escalation ${known.data.escalationId} decided: ${ESCALATION_OUTCOME_LABELS[known.data.outcome].text.toLowerCase()}${known.data.revisedRosh ? `, RoSH revised to ${ROSH_LABELS[known.data.revisedRosh]}` : ''}. Rationale: ${known.data.rationale}`;
    case 'case.transferred-to-nps':
      return `Transferred from ${known.data.fromProvider} to the public service`;
    case 'breach-pack.submitted':
      return `Breach pack ${known.data.breachPackId} on “${known.data.requirement}” (${known.data.failures.length} failure${known.data.failures.length === 1 ? '' : 's'}, provider recommends ${RECOMMENDATION_LABELS[known.data.providerRecommendation].toLowerCase()}): ${known.data.summary}`;
    case 'compliance.failure-recorded':
      return `${known.data.acceptable ? 'Acceptable' : 'Unacceptable'} failure to comply on ${known.data.date} with “${known.data.requirement}”, judged by ${known.data.judgedBy}: ${known.data.details}`;
    case 'compliance.warning-recorded':
      return `Formal warning given on ${known.data.issuedOn} by ${known.data.issuedBy}, for ${known.data.failureIds.join(', ')}: ${known.data.details}`;
    case 'breach.due':
      return `Breach proceedings due (${known.data.breachDueId}), for ${known.data.heldBy} to answer with a breach pack: ${known.data.reason}`;
    case 'breach.waived':
      return `Breach proceedings ${known.data.breachDueId} waived${known.data.late ? ' (late)' : ''}: ${known.data.reason}`;
    case 'item.fulfilled':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} met by ${known.data.byItemId}${known.data.late ? ' (late)' : ''}`;
    case 'breach.court-stage-recorded':
      return `Breach ${known.data.breachPackId} at court: ${COURT_STAGE_LABELS[known.data.stage].toLowerCase()} on ${known.data.on}${known.data.outcome ? `: ${COURT_OUTCOME_LABELS[known.data.outcome].toLowerCase()}` : ''}${known.data.details ? ` (${known.data.details})` : ''}`;
    case 'recall-advice.due':
      return `Recall advice due (${known.data.recallDueId}) after breach pack ${known.data.breachPackId} was decided recall`;
    case 'breach-pack.decided':
      return `Breach pack ${known.data.breachPackId} decided: ${BREACH_OUTCOME_LABELS[known.data.outcome].toLowerCase()}. Rationale: ${known.data.rationale}`;
    case 'recall-advice.drafted':
      return `${known.data.emergency ? 'Emergency ' : ''}${RECALL_TYPE_LABELS[known.data.recallType].text.toLowerCase()} advised (${known.data.recallAdviceId})${known.data.basedOn.length > 0 ? `, based on ${known.data.basedOn.join(', ')}` : ''}${exclusionText(known.data.fixedTermExclusion)}: ${known.data.rationale}`;
    case 'recall-advice.returned':
      return `Recall advice ${known.data.recallAdviceId} returned to its author by the ${known.data.stage}: ${known.data.reason}`;
    case 'recall-advice.revised':
      return `Recall advice ${known.data.recallAdviceId} revised (${known.data.note}): ${known.data.emergency ? 'emergency ' : ''}${RECALL_TYPE_LABELS[known.data.recallType].text.toLowerCase()}${exclusionText(known.data.fixedTermExclusion)}: ${known.data.rationale}`;
    case 'recall-advice.withdrawn':
      return `Recall advice ${known.data.recallAdviceId} withdrawn by its author: ${known.data.reason}`;
    case 'recall.progressed':
      return `Recall ${known.data.recallAdviceId}: ${RECALL_STEP_LABELS[known.data.step].toLowerCase()} at ${known.data.happenedAt}${known.data.details ? ` (${known.data.details})` : ''}`;
    case 'recall-advice.countersigned-by-spo':
      return `Recall advice ${known.data.recallAdviceId} countersigned by an SPO: ${known.data.rationale}`;
    case 'recall-advice.countersigned-by-aco':
      return `Recall advice ${known.data.recallAdviceId} countersigned by an ACO: ${known.data.rationale}`;
    case 'recall-advice.issued':
      return `Recall advice ${known.data.recallAdviceId} issued (written by ${known.data.authoredBy}, countersigned by ${known.data.spo} and ${known.data.aco})`;
    case 'risk-information.recorded':
      return `${known.data.threat ? 'Threat reported' : 'Information bearing on risk'} from ${RISK_SOURCE_LABELS[known.data.source].toLowerCase()} (${known.data.channel}, known ${known.data.knownAt}, received by ${known.data.receivedBy}${known.data.recordedByProvider ? `, recorded by ${known.data.recordedByProvider}` : ''}${known.data.heldBy !== 'NPS' ? `, for ${known.data.heldBy} to review` : ''}): ${known.data.summary}`;
    case 'risk-information.handed-over':
      return `Risk information ${known.data.riskInformationId} passes to ${known.data.heldBy === 'NPS' ? 'the public service' : known.data.heldBy} to acknowledge and review: ${known.data.reason}`;
    case 'intervention.referred':
      return `Referred to ${known.data.provider} for an intervention: ${known.data.intervention}`;
    case 'risk-information.acknowledged':
      return `Risk information ${known.data.riskInformationId} acknowledged${known.data.late ? ' (late)' : ''}`;
    case 'risk-information.reviewed':
      return `Risk information ${known.data.riskInformationId} reviewed: ${RISK_REVIEW_OUTCOME_LABELS[known.data.outcome].toLowerCase()}${known.data.late ? ' (late)' : ''}. Rationale: ${known.data.rationale}`;
    case 'transfer.requested':
      return `Transfer ${known.data.transferId} from ${known.data.fromLdu} to ${known.data.toLdu} (${known.data.toProvider}) asked of the receiving area: ${known.data.reason}`;
    case 'transfer.decided':
      return `Transfer ${known.data.transferId} to ${known.data.toLdu} ${known.data.outcome === 'ACCEPTED' ? 'accepted' : 'refused'}${known.data.late ? ' (late)' : ''}: ${known.data.rationale}`;
    case 'case.moved-area':
      return `The case moved from ${known.data.fromLdu} to ${known.data.toLdu}; managed by ${known.data.managedBy === 'NPS' ? 'the public service' : known.data.managedBy}`;
    case 'item.withdrawn':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} withdrawn: ${known.data.reason}`;
    case 'case.closed':
      return `Case closed from ${known.data.closedOn}: ${CLOSURE_REASON_LABELS[known.data.reason].toLowerCase()}${known.data.details ? ` (${known.data.details})` : ''}${known.data.withdrawnItems.length > 0 ? `; ${known.data.withdrawnItems.length} open item${known.data.withdrawnItems.length === 1 ? '' : 's'} withdrawn` : ''}`;
    case 'item.claim-expired':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} free again: ${known.data.claimedBy}'s claim lapsed after ${Math.round(known.data.expiresAfterSeconds / 60)} minutes`;
    case 'item.became-overdue':
      return `${kindLabel(known.data.kind)} ${known.data.itemId} became overdue`;
    case 'rosh.reviewed':
      return `RoSH reviewed: ${ROSH_LABELS[known.data.level]} (was ${ROSH_LABELS[known.data.previous]}), assessed by ${known.data.assessor} on ${known.data.assessedOn}, reference ${known.data.assessmentReference}`;
    case 'mappa.changed':
      return known.data.mappa
        ? `MAPPA: category ${known.data.mappa.category}, level ${known.data.mappa.level}${known.data.previous ? ` (was category ${known.data.previous.category}, level ${known.data.previous.level})` : ' (newly registered)'}`
        : 'No longer managed under MAPPA';
    case 'sentence.recorded':
      return `New sentence: ${known.data.sentence.type}, ${known.data.sentence.lengthMonths} months. ${known.data.victimContactBasis}`;
    case 'public-interest.recorded':
      return `Exceptional public interest, authorised by ${known.data.authorisedBy}: ${known.data.reason}`;
    case 'case.reassessed':
      return known.data.reason;
    default:
      return assertNever(known);
  }
}

/** "Due in 3 hours", "Overdue by 2 days": the largest unit that says it plainly. */
export function timeLeftText(dueAt: Date, now: Date): string {
  const difference = dueAt.getTime() - now.getTime();
  const amount = spanText(Math.abs(difference));
  return difference >= 0 ? `Due in ${amount}` : `Overdue by ${amount}`;
}

/** "3 hours", "2 days": a span in its largest whole unit. */
export function spanText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return plural(Math.max(minutes, 1), 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

export function plural(count: number, unit: string): string {
  return `${count.toLocaleString('en-GB')} ${unit}${count === 1 ? '' : 's'}`;
}

/** "26 November 2026, 2:05pm" in London time: casework's one way of writing a moment for people. */
export { dateTimeText } from '@escalation-hub/casework-domain';
