import type {
  AnswerInformationRequest,
  CaseCommand,
  CloseCase,
  DecideTransfer,
  AcknowledgeRiskInformation,
  RecordRiskInformation,
  ReferToIntervention,
  RequestTransfer,
  ReviewRiskInformation,
  CountersignRecallAdvice,
  DecideBreachPack,
  DecideEscalation,
  DraftRecallAdvice,
  RecordCourtStage,
  RecordFailureToComply,
  RecordRecallStep,
  RecordWarning,
  SubmitBreachPack,
  WaiveBreach,
  ReturnRecallAdvice,
  ReviseRecallAdvice,
  WithdrawRecallAdvice,
} from './case.commands';
import type { CaseEvent } from './case.events';
import { assertNever } from './case.events';
import type { CaseItem, CaseState, EscalationItem, RecallAdviceItem, RiskInformationItem } from './case.state';
import {
  assessmentKeyOf,
  evolve,
  isOpen,
  isOpenProviderRequest,
  pendingInformationRequest,
  pendingReturn,
  requestKeyOf,
  roshReviewFingerprint,
} from './case.state';
import {
  CaseAlreadyExistsError,
  CaseClosedError,
  KnownAtInFutureError,
  ClosedOnInFutureError,
  ClosureDetailsRequiredError,
  CaseNotFoundError,
  CaseNotManagedByProviderError,
  CountersignatureOutOfOrderError,
  CountersignerConflictError,
  ItemAlreadyDecidedError,
  ItemClaimedByAnotherError,
  ItemIdTakenError,
  ItemNotFoundError,
  HighRiskRetentionNeedsSpoError,
  NotTheAuthorError,
  CaseNotManagedByPublicServiceError,
  ItemHeldByProviderError,
  AssessmentAlreadyRecordedError,
  CourtStageOutOfOrderError,
  DateInFutureError,
  UnknownFailureError,
  RecallAdviceNotReturnedError,
  RecallAdviceReturnedError,
  InformationAlreadyRequestedError,
  InformationNotRequestedError,
  ProviderKnewAtInFutureError,
  ProviderNoLongerManagesError,
  PublicInterestReasonRequiredError,
  RationaleRequiredError,
  RecallAdviceAlreadyIssuedError,
  RecallStepOutOfOrderError,
  RequestIdReusedError,
  RoleNotAllowedError,
  SeenRevisionUnknownError,
  TransferAlreadyOpenError,
  TransferDeciderConflictError,
  TransferToSameAreaError,
  TooManyOpenRequestsError,
  UnknownBasisError,
} from './case.errors';
import { allocateCase, assertMappaAllowed, reassessCase } from './allocation.policy';
import { sentenceFrom, victimContactOf } from './sentence.policy';
import { assertRecallStepMayFollow, FixedTermExclusionRecord, fixedTermExclusionFor } from './recall.policy';
import { assertBreachOutcomeAllowed, assertCourtStageMayFollow, assertWarningAllowed, warningBreachedBy } from './enforcement.policy';
import type { DueTimePolicy } from './due-time.policy';
import { providerAccess } from './management.policy';
import type { Actor, ClosureReason, MappaStatus, ReassessmentTrigger, Role } from './vocabulary';
import { londonDate } from './london-time';
import { COUNTERSIGNERS, MAX_OPEN_REQUESTS_PER_CASE, NPS, PUBLIC_SERVICE_DECIDERS } from './vocabulary';

/** What a decision needs from outside: the time and the due-time rules. Injected, never read. */
export interface DecisionContext {
  readonly now: Date;
  readonly dueTimes: DueTimePolicy;
  /** The case's revision as the command meets it (its last event's version): what a decider's seenRevision is checked against. */
  readonly revision?: number;
  /**
   * How many provider requests are open on the case, from a caller that keeps count as it folds
   * (`CaseFold.openProviderRequests`); counted from the items when absent.
   */
  readonly openProviderRequests?: number;
}

/**
 * The case's rules: given its current state and a command, the events that follow, or a
 * `CaseworkError`. Pure. An empty list means "nothing to do" (a retried provider request, a
 * claim already held, an overdue mark already made).
 */
export function decide(state: CaseState | undefined, command: CaseCommand, context: DecisionContext): CaseEvent[] {
  const { actor } = command;
  const occurredAt = context.now.toISOString();
  const stamp = { actor, occurredAt };

  if (command.type === 'AllocateCase') {
    requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'allocate a case');
    if (state) throw new CaseAlreadyExistsError(command.crn);
    const { payload } = command;
    assertMappaAllowed(payload.mappa);
    const publicInterest = payload.exceptionalPublicInterest ? authorisedPublicInterest(actor, payload.publicInterestReason) : null;
    const sentence = sentenceFrom(payload.sentence);
    const victimContact = victimContactOf(sentence);
    const allocation = allocateCase(payload);
    return [
      {
        type: 'case.allocated',
        ...stamp,
        data: {
          crn: command.crn,
          ldu: payload.ldu,
          provider: payload.provider,
          sentence,
          rosh: payload.rosh,
          mappa: payload.mappa ? { category: payload.mappa.category, level: payload.mappa.level } : null,
          exceptionalPublicInterest: payload.exceptionalPublicInterest,
          publicInterest,
          allocatedTo: allocation.allocatedTo,
          reason: allocation.reason,
          victimContactEligible: victimContact.eligible,
          victimContactBasis: victimContact.basis,
        },
      },
    ];
  }

  const current = visibleCase(state, command.crn, actor, command);
  if (current.closure && !MAY_MEET_A_CLOSED_CASE.has(command.type)) throw new CaseClosedError(current.crn, current.closure.closedOn);
  switch (command.type) {
    case 'RequestEscalation': {
      const { payload } = command;
      if (isRetry(current, actor, payload)) return [];
      assertNotClosed(current);
      assertRoomForRequest(current, context);
      const providerKnewAt = payload.providerKnewAt ? new Date(payload.providerKnewAt) : null;
      if (providerKnewAt && providerKnewAt > context.now) throw new ProviderKnewAtInFutureError(payload.providerKnewAt as string);
      return [
        {
          type: 'escalation.requested',
          ...stamp,
          data: {
            escalationId: payload.escalationId,
            requestId: payload.requestId,
            requestFingerprint: payload.requestFingerprint,
            raisedBy: payload.raisedBy,
            proposedRosh: payload.proposedRosh,
            urgency: payload.urgency,
            triggers: [...payload.triggers],
            summary: payload.summary,
            dueAt: context.dueTimes.escalationDueAt(context.now, payload.urgency).toISOString(),
            providerKnewAt: providerKnewAt?.toISOString() ?? null,
          },
        },
      ];
    }
    case 'AnswerInformationRequest':
      return answerInformationRequest(current, command, context);
    case 'SubmitBreachPack':
      return submitBreachPack(current, command, context);
    case 'RecordFailureToComply':
      return recordFailureToComply(current, command, context);
    case 'RecordWarning':
      return recordWarning(current, command, context);
    case 'WaiveBreach':
      return waiveBreach(current, command, context);
    case 'RecordCourtStage':
      return recordCourtStage(current, command, context);
    case 'ClaimItem': {
      requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'claim an item');
      const item = openItem(current, command.payload.itemId);
      if (item.claimedBy === actor.id) return [];
      // What a provider's officer holds is not staff work to hold (and a claim would name staff to the provider).
      if ((item.kind === 'RISK_INFORMATION' && item.heldBy !== NPS) || item.kind === 'BREACH_DUE')
        throw new ItemHeldByProviderError(item.itemId, item.heldBy);
      assertNotClaimedByAnother(item, actor);
      // Recall advice awaiting countersignature is claimed only by someone who may sign it next.
      if (item.kind === 'RECALL_COUNTERSIGN') assertMaySignNext(item, actor);
      return [{ type: 'item.claimed', ...stamp, data: { itemId: item.itemId, kind: item.kind } }];
    }
    case 'ReleaseItem': {
      requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'release an item');
      const item = openItem(current, command.payload.itemId);
      if (!item.claimedBy) return [];
      if (item.claimedBy !== actor.id && !holdsRole(actor, COUNTERSIGNERS))
        throw new ItemClaimedByAnotherError(item.itemId, item.claimedBy);
      return [{ type: 'item.released', ...stamp, data: { itemId: item.itemId, kind: item.kind, releasedFrom: item.claimedBy } }];
    }
    case 'DecideEscalation':
      return decideEscalation(current, command, context);
    case 'DecideBreachPack':
      return decideBreachPack(current, command, context);
    case 'DraftRecallAdvice':
      return draftRecallAdvice(current, command, context);
    case 'CountersignRecallAdvice':
      return countersign(current, command, context);
    case 'ReturnRecallAdvice':
      return returnRecallAdvice(current, command, context);
    case 'ReviseRecallAdvice':
      return reviseRecallAdvice(current, command, context);
    case 'WithdrawRecallAdvice':
      return withdrawRecallAdvice(current, command, context);
    case 'RecordRecallStep':
      return recordRecallStep(current, command, context);
    case 'RecordRoshReview': {
      requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record a RoSH review');
      const { level, assessor, assessedOn, assessmentReference } = command.payload;
      // One assessment is reviewed once: the same review sent again records nothing; other content is refused.
      const remembered = current.requests[assessmentKeyOf(assessmentReference)];
      if (remembered) {
        if (remembered.fingerprint === roshReviewFingerprint(command.payload)) return [];
        throw new AssessmentAlreadyRecordedError(assessmentReference);
      }
      const reviewed: CaseEvent = {
        type: 'rosh.reviewed',
        ...stamp,
        data: { level, previous: current.rosh, assessor, assessedOn, assessmentReference },
      };
      return [reviewed, ...reassessment(current, reviewed, 'ROSH_REVIEW', stamp, context.now)];
    }
    case 'RecordMappaChange': {
      requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record a MAPPA change');
      const { mappa } = command.payload;
      assertMappaAllowed(mappa);
      // The MAPPA the case has already is no change: sent again, it records nothing.
      if (sameMappa(mappa, current.mappa)) return [];
      const changed: CaseEvent = {
        type: 'mappa.changed',
        ...stamp,
        data: { mappa: mappa && { category: mappa.category, level: mappa.level }, previous: current.mappa },
      };
      return [changed, ...reassessment(current, changed, 'MAPPA_CHANGE', stamp, context.now)];
    }
    case 'RecordSentence': {
      requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record a sentence');
      const sentence = sentenceFrom(command.payload.sentence);
      const victimContact = victimContactOf(sentence);
      const recorded: CaseEvent = {
        type: 'sentence.recorded',
        ...stamp,
        data: { sentence, victimContactEligible: victimContact.eligible, victimContactBasis: victimContact.basis },
      };
      return [recorded, ...reassessment(current, recorded, 'NEW_SENTENCE', stamp, context.now)];
    }
    case 'RecordPublicInterest': {
      const publicInterest = authorisedPublicInterest(actor, command.payload.reason);
      // The same reason again (a form sent twice) records nothing; another reason is recorded beside it.
      if (current.publicInterest?.reason === publicInterest.reason) return [];
      const recorded: CaseEvent = { type: 'public-interest.recorded', ...stamp, data: publicInterest };
      return [recorded, ...reassessment(current, recorded, 'PUBLIC_INTEREST', stamp, context.now)];
    }
    case 'CloseCase':
      return closeCase(current, command, context);
    case 'RecordRiskInformation':
      return recordRiskInformation(current, command, context);
    case 'ReferToIntervention':
      return referToIntervention(current, command, context);
    case 'AcknowledgeRiskInformation':
      return acknowledgeRiskInformation(current, command, context);
    case 'ReviewRiskInformation':
      return reviewRiskInformation(current, command, context);
    case 'RequestTransfer':
      return requestTransfer(current, command, context);
    case 'DecideTransfer':
      return decideTransfer(current, command, context);
    case 'ExpireClaim': {
      requireRole(actor, ['admin'], 'expire a claim');
      const item = current.items[command.payload.itemId];
      if (!item) throw new ItemNotFoundError(command.payload.itemId);
      const { expiresAfterSeconds } = command.payload;
      // Nothing to do for an item closed, free, or claimed again since the scheduler looked.
      if (!isOpen(item) || !item.claimedBy || !item.claimedAt) return [];
      if (Date.parse(item.claimedAt) + expiresAfterSeconds * 1000 > context.now.getTime()) return [];
      return [
        {
          type: 'item.claim-expired',
          ...stamp,
          data: { itemId: item.itemId, kind: item.kind, claimedBy: item.claimedBy, claimedAt: item.claimedAt, expiresAfterSeconds },
        },
      ];
    }
    case 'MarkItemOverdue': {
      requireRole(actor, ['admin'], 'mark an item overdue');
      const item = current.items[command.payload.itemId];
      if (!item) throw new ItemNotFoundError(command.payload.itemId);
      // While the provider answers questions the public service's clock stands still: nothing is overdue on its side.
      if (!isOpen(item) || item.overdue || new Date(item.dueAt) > context.now || pendingInformationRequest(item)) return [];
      return [{ type: 'item.became-overdue', ...stamp, data: { itemId: item.itemId, kind: item.kind, dueAt: item.dueAt } }];
    }
    default:
      return assertNever(command);
  }
}

function decideEscalation(state: CaseState, command: DecideEscalation, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'decide an escalation');
  const item = itemOfKind(state, payload.escalationId, 'ESCALATION');
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  assertNotClaimedByAnother(item, actor);
  const rationale = requireRationale(payload.rationale);
  const seenRevision = seenRevisionOf(payload.seenRevision, context);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  if (payload.outcome === 'MORE_INFORMATION_REQUIRED')
    return [requestInformation(state, item, payload, rationale, seenRevision, stamp, context)];
  const highRiskRetention = payload.outcome === 'RETAIN_WITH_PROVIDER' ? retentionAtHighRisk(state, payload, actor) : null;
  // Decided without waiting for the answer: the public service's clock stood still while the question did.
  const dueAt = dueAtAfterQuestion(item, context.now);
  const events: CaseEvent[] = [
    {
      type: 'escalation.decided',
      ...stamp,
      data: {
        escalationId: item.itemId,
        outcome: payload.outcome,
        rationale,
        advice: payload.advice?.trim() || null,
        revisedRosh: payload.revisedRosh ?? null,
        highRiskRetention,
        dueAt,
        late: context.now > new Date(dueAt),
        seenRevision,
      },
    },
  ];
  if (payload.outcome === 'TRANSFER_TO_NPS' && state.managedBy !== 'NPS') {
    events.push({
      type: 'case.transferred-to-nps',
      ...stamp,
      data: { escalationId: item.itemId, fromProvider: state.managedBy, rationale },
    });
    events.push(...leftBehindOnMove(evolve(state, events[0]), NPS, stamp, context.now));
  }
  return events;
}

/**
 * What may still be decided once a case is closed: a provider's retry (of a request or an answer) gets its
 * original answer (anything new is refused inside), the scheduler finds nothing open, the same closure sent again
 * records nothing, and a new sentence opens the case again.
 */
const MAY_MEET_A_CLOSED_CASE: ReadonlySet<CaseCommand['type']> = new Set([
  'RequestEscalation',
  'RecordRiskInformation',
  'SubmitBreachPack',
  'RecordFailureToComply',
  'RecordWarning',
  'AnswerInformationRequest',
  'MarkItemOverdue',
  'ExpireClaim',
  'CloseCase',
  'RecordSentence',
]);

function assertNotClosed(state: CaseState): void {
  if (state.closure) throw new CaseClosedError(state.crn, state.closure.closedOn);
}

/**
 * Supervision ends (sentence ended, death, deportation, or another reason given in words): every open
 * item is withdrawn with it, and the day it ended starts the record's retention clock. Source: domain
 * brief, "A case over time" ("Cases ... end (sentence expired, death, deportation)").
 */
function closeCase(state: CaseState, command: CloseCase, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'close a case');
  const details = payload.details?.trim() || null;
  if (state.closure) {
    const same =
      state.closure.reason === payload.reason && state.closure.closedOn === payload.closedOn && state.closure.details === details;
    if (same) return [];
    throw new CaseClosedError(state.crn, state.closure.closedOn);
  }
  if (payload.reason === 'OTHER' && !details) throw new ClosureDetailsRequiredError();
  if (payload.closedOn > londonDate(context.now)) throw new ClosedOnInFutureError(payload.closedOn);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  const open = Object.values(state.items).filter(isOpen);
  const reason = `The case closed: ${CLOSURE_REASON_WORDS[payload.reason]}${details ? ` (${details})` : ''}`;
  return [
    ...open.map((item): CaseEvent => ({ type: 'item.withdrawn', ...stamp, data: { itemId: item.itemId, kind: item.kind, reason } })),
    {
      type: 'case.closed',
      ...stamp,
      data: { reason: payload.reason, details, closedOn: payload.closedOn, withdrawnItems: open.map((item) => item.itemId) },
    },
  ];
}

/**
 * Information bearing on risk, on any case, from either side (domain brief, "Risk information": it "can
 * come from the person, a victim or family, police, MAPPA, a victim liaison officer or an intervention
 * provider, to either side, on any case"). Recorded by public-service staff on any case, by the managing
 * provider, or by the area's provider delivering an intervention to a case the public service manages
 * (seed 000: the public service keeps high-risk cases, which still attend providers' programmes). It is
 * held by whoever manages the case: that side's responsible officer acknowledges and reviews it, due by
 * its source and seriousness: a threat or a victim's (or family's) concern within the hours of an
 * IMMEDIATE escalation (HUB_IMMEDIATE_HOURS, at any hour of any day), the rest the next working day.
 * Source: domain brief, "Risk information" ("It must reach the responsible officer, be acknowledged, and
 * be reviewed with a recorded outcome in time; a threat or a victim's concern the same day"); seed 002
 * (she "had told [his] probation officer he was 'loitering' near her work ... which should have prompted
 * a review").
 */
function recordRiskInformation(state: CaseState, command: RecordRiskInformation, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  if (actor.role !== 'provider') requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record information bearing on risk');
  const existing = state.items[payload.riskInformationId];
  if (existing) {
    // The same record sent again (a form resubmitted, a message redelivered) records nothing new, whatever
    // happened to the case since; any other use of the id is refused.
    const same =
      existing.kind === 'RISK_INFORMATION' &&
      existing.recordedBy === actor.id &&
      existing.summary === payload.summary.trim() &&
      existing.source === payload.source &&
      Date.parse(existing.knownAt) === Date.parse(payload.knownAt);
    if (same) return [];
    throw new ItemIdTakenError(payload.riskInformationId);
  }
  assertNotClosed(state);
  if (actor.role === 'provider') assertMayRecordAsProvider(state, actor);
  const knownAt = new Date(payload.knownAt);
  if (knownAt > context.now) throw new KnownAtInFutureError(payload.knownAt);
  const summary = requireRationale(payload.summary);
  const sameDay = payload.threat || payload.source === 'VICTIM_OR_FAMILY';
  return [
    {
      type: 'risk-information.recorded',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        riskInformationId: payload.riskInformationId,
        source: payload.source,
        channel: payload.channel.trim(),
        knownAt: knownAt.toISOString(),
        receivedBy: payload.receivedBy.trim(),
        threat: payload.threat,
        summary,
        dueAt: context.dueTimes.escalationDueAt(context.now, sameDay ? 'IMMEDIATE' : 'URGENT').toISOString(),
        heldBy: state.managedBy,
        recordedByProvider: actor.role === 'provider' ? (actor.provider ?? null) : null,
      },
    },
  ];
}

/**
 * A provider records information on a case it manages, or, as the area's provider delivering an
 * intervention, on one the public service manages. It sees nothing more of such a case than what it
 * recorded and what came of it.
 */
function assertMayRecordAsProvider(state: CaseState, actor: Actor): void {
  const access = providerAccess(state.managementPeriods, actor.provider ?? '');
  if (access === 'managing' || isInterventionProvider(state, actor)) return;
  if (access === 'never') throw new CaseNotFoundError(state.crn);
  throw new CaseNotManagedByProviderError(state.crn, state.managedBy);
}

/** A provider the public service referred the case it manages to, for an intervention (a programme, a group). */
function isInterventionProvider(state: CaseState, actor: Actor): boolean {
  return (
    actor.role === 'provider' && state.managedBy === NPS && state.interventions.some((referral) => referral.provider === actor.provider)
  );
}

/**
 * The public service refers a case it manages to a provider's intervention. Only then may that provider,
 * which otherwise never learns the case exists, record what it learns delivering it (domain brief, "Who sees
 * what": a case the public service kept is invisible to providers; "Risk information": it can come from "an
 * intervention provider"). The same referral again records nothing.
 */
function referToIntervention(state: CaseState, command: ReferToIntervention, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'refer a case to an intervention');
  if (state.managedBy !== NPS) throw new CaseNotManagedByPublicServiceError(state.crn, state.managedBy);
  const intervention = requireRationale(payload.intervention);
  if (state.interventions.some((referral) => referral.provider === payload.provider && referral.intervention === intervention)) return [];
  return [
    { type: 'intervention.referred', actor, occurredAt: context.now.toISOString(), data: { provider: payload.provider, intervention } },
  ];
}

/**
 * Who may act on information bearing on risk: public-service staff on any case (the public service decides
 * in the end), and the provider that holds it while it manages the case. A provider that only recorded
 * it is told what came of it, and does no more.
 */
function riskInformationFor(state: CaseState, riskInformationId: string, actor: Actor, action: string): RiskInformationItem {
  if (actor.role !== 'provider') requireRole(actor, PUBLIC_SERVICE_DECIDERS, action);
  const item = itemOfKind(state, riskInformationId, 'RISK_INFORMATION');
  if (actor.role === 'provider') {
    if (item.heldBy !== actor.provider && item.recordedByProvider !== actor.provider) throw new ItemNotFoundError(item.itemId);
    if (item.heldBy !== actor.provider) throw new RoleNotAllowedError('provider', `${action} held by the public service`);
    if (providerAccess(state.managementPeriods, actor.provider ?? '') !== 'managing')
      throw new CaseNotManagedByProviderError(state.crn, state.managedBy);
  }
  return item;
}

function acknowledgement(item: RiskInformationItem, actor: Actor, now: Date): CaseEvent {
  return {
    type: 'risk-information.acknowledged',
    actor,
    occurredAt: now.toISOString(),
    data: {
      riskInformationId: item.itemId,
      dueAt: item.dueAt,
      late: now > new Date(item.dueAt),
      heldBy: item.heldBy,
      recordedByProvider: item.recordedByProvider,
    },
  };
}

/** The responsible officer's side has it: recorded once, as an event (never inferred from a page view). */
function acknowledgeRiskInformation(state: CaseState, command: AcknowledgeRiskInformation, context: DecisionContext): CaseEvent[] {
  const item = riskInformationFor(state, command.payload.riskInformationId, command.actor, 'acknowledge information bearing on risk');
  if (item.acknowledged) return [];
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  if (command.actor.role !== 'provider') assertNotClaimedByAnother(item, command.actor);
  return [acknowledgement(item, command.actor, context.now)];
}

/** Reviewed with an outcome and a reason; acknowledged in the same moment if nobody had yet. */
function reviewRiskInformation(state: CaseState, command: ReviewRiskInformation, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  const item = riskInformationFor(state, payload.riskInformationId, actor, 'review information bearing on risk');
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  if (actor.role !== 'provider') assertNotClaimedByAnother(item, actor);
  const rationale = requireRationale(payload.rationale);
  // A provider counts revisions of its own (what it was shown), not the case's: its number is not recorded as one.
  const seenRevision = actor.role === 'provider' ? null : seenRevisionOf(payload.seenRevision, context);
  return [
    ...(item.acknowledged ? [] : [acknowledgement(item, actor, context.now)]),
    {
      type: 'risk-information.reviewed',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        riskInformationId: item.itemId,
        outcome: payload.outcome,
        rationale,
        dueAt: item.dueAt,
        late: context.now > new Date(item.dueAt),
        seenRevision,
        heldBy: item.heldBy,
        recordedByProvider: item.recordedByProvider,
      },
    },
  ];
}

/**
 * Cases move between areas: the public service asks the receiving area (LDU) to take the case over, its
 * contracted provider with it; the receiving area answers against a due time (the routine working-day
 * rule). Source: domain brief, "A case over time" ("Cases move between areas (the receiving area may
 * refuse, with a reason)").
 */
function requestTransfer(state: CaseState, command: RequestTransfer, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'request a transfer');
  const existing = state.items[payload.transferId];
  if (existing) {
    // The same request sent again (a form resubmitted) records nothing new; any other use of the id is refused.
    if (existing.kind === 'TRANSFER' && existing.requestedBy === actor.id && existing.toLdu === payload.toLdu) return [];
    throw new ItemIdTakenError(payload.transferId);
  }
  if (payload.toLdu === state.ldu) throw new TransferToSameAreaError(state.ldu);
  const open = Object.values(state.items).find((item) => item.kind === 'TRANSFER' && isOpen(item));
  if (open) throw new TransferAlreadyOpenError(open.itemId);
  const reason = requireRationale(payload.reason);
  return [
    {
      type: 'transfer.requested',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        transferId: payload.transferId,
        fromLdu: state.ldu,
        toLdu: payload.toLdu,
        fromProvider: state.provider,
        toProvider: payload.toProvider,
        reason,
        dueAt: context.dueTimes.escalationDueAt(context.now, 'ROUTINE').toISOString(),
      },
    },
  ];
}

/**
 * The receiving area accepts (the case, and management by its provider unless the public service
 * manages it, move with it) or refuses, with a reason either way.
 */
function decideTransfer(state: CaseState, command: DecideTransfer, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'decide a transfer');
  const item = itemOfKind(state, payload.transferId, 'TRANSFER');
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  if (item.requestedBy === actor.id) throw new TransferDeciderConflictError();
  assertNotClaimedByAnother(item, actor);
  const rationale = requireRationale(payload.rationale);
  const seenRevision = seenRevisionOf(payload.seenRevision, context);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  const decided: CaseEvent = {
    type: 'transfer.decided',
    ...stamp,
    data: {
      transferId: item.itemId,
      outcome: payload.outcome,
      rationale,
      toLdu: item.toLdu,
      toProvider: item.toProvider,
      dueAt: item.dueAt,
      late: context.now > new Date(item.dueAt),
      seenRevision,
    },
  };
  if (payload.outcome === 'REFUSED') return [decided];
  const managedBy = state.managedBy === NPS ? NPS : item.toProvider;
  const moved: CaseEvent = {
    type: 'case.moved-area',
    ...stamp,
    data: {
      transferId: item.itemId,
      fromLdu: state.ldu,
      toLdu: item.toLdu,
      fromProvider: state.provider,
      toProvider: item.toProvider,
      managedBy,
      reason: `Transferred from ${state.ldu} to ${item.toLdu}: ${item.reason}`,
      sentence: state.sentence,
      rosh: state.rosh,
      victimContactEligible: state.victimContactEligible,
    },
  };
  return [decided, moved, ...leftBehindOnMove(evolve(evolve(state, decided), moved), managedBy, stamp, context.now)];
}

const CLOSURE_REASON_WORDS: Record<ClosureReason, string> = {
  SENTENCE_ENDED: 'the sentence ended',
  DIED: 'the person died',
  DEPORTED: 'the person was deported',
  OTHER: 'other reasons',
};

/**
 * "More information" is a question with a deadline, not an ending (domain brief, "A case over time"):
 * the escalation stays open, the provider is asked, and the public service's clock stops until it answers.
 * The provider has as long to answer as the public service had to decide an escalation of that urgency.
 */
function requestInformation(
  state: CaseState,
  item: EscalationItem,
  payload: DecideEscalation['payload'],
  rationale: string,
  seenRevision: number | null,
  stamp: { actor: Actor; occurredAt: string },
  context: DecisionContext,
): CaseEvent {
  if (pendingInformationRequest(item)) throw new InformationAlreadyRequestedError(item.itemId);
  if (item.provider !== state.managedBy) throw new ProviderNoLongerManagesError(item.itemId, item.provider);
  const questions = (payload.questions ?? []).map((question) => question.trim()).filter((question) => question !== '');
  return {
    type: 'escalation.information-requested',
    ...stamp,
    data: {
      escalationId: item.itemId,
      questions: questions.length > 0 ? questions : [rationale],
      rationale,
      answerDueAt: context.dueTimes.escalationDueAt(context.now, item.urgency).toISOString(),
      seenRevision,
    },
  };
}

/** An escalation's due time now: while a question waits on the provider, moved on by the time it has waited. */
function dueAtAfterQuestion(item: EscalationItem, now: Date): string {
  const pending = pendingInformationRequest(item);
  if (!pending) return item.dueAt;
  return new Date(Date.parse(item.dueAt) + Math.max(0, now.getTime() - Date.parse(pending.askedAt))).toISOString();
}

/**
 * What a provider leaves behind when the case moves to `managedBy`: questions it was asked lapse (the
 * escalation is the public service's again); information bearing on risk its officer held passes to the
 * public service's; breach proceedings due from it are withdrawn (the new manager starts its own record).
 */
function leftBehindOnMove(state: CaseState, managedBy: string, stamp: { actor: Actor; occurredAt: string }, now: Date): CaseEvent[] {
  const reason = managedBy === NPS ? 'The case moved to the public service' : `The case moved to ${managedBy}`;
  return Object.values(state.items).flatMap((item): CaseEvent[] => {
    if (item.kind === 'ESCALATION' && item.provider !== managedBy && pendingInformationRequest(item))
      return [
        {
          type: 'escalation.information-withdrawn',
          ...stamp,
          data: { escalationId: item.itemId, reason, dueAt: dueAtAfterQuestion(item, now) },
        },
      ];
    if (item.kind === 'RISK_INFORMATION' && isOpen(item) && item.heldBy !== NPS && item.heldBy !== managedBy)
      return [{ type: 'risk-information.handed-over', ...stamp, data: { riskInformationId: item.itemId, heldBy: NPS, reason } }];
    if (item.kind === 'BREACH_DUE' && isOpen(item) && item.heldBy !== managedBy)
      return [{ type: 'item.withdrawn', ...stamp, data: { itemId: item.itemId, kind: item.kind, reason } }];
    return [];
  });
}

/**
 * The revision of the case a decider had in front of them, recorded with the decision so an auditor can
 * tell what came after what they saw (the mission: who knew what, when). It cannot be one not yet recorded.
 */
function seenRevisionOf(seen: number | null | undefined, context: DecisionContext): number | null {
  if (seen === undefined || seen === null) return null;
  if (context.revision !== undefined && seen > context.revision) throw new SeenRevisionUnknownError(seen, context.revision);
  return seen;
}

/**
 * The provider answers on the same item. The public service's due time moves on by the time the
 * provider took, so each side is held to its own time. The same answer sent again records nothing.
 */
function answerInformationRequest(state: CaseState, command: AnswerInformationRequest, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, ['provider'], 'answer questions on an escalation');
  if (providerAccess(state.managementPeriods, actor.provider ?? '') !== 'managing')
    throw new CaseNotManagedByProviderError(state.crn, state.managedBy);
  const item = itemOfKind(state, payload.escalationId, 'ESCALATION');
  // Another provider's escalation (raised before the case came to this one) is not there for it.
  if (item.provider !== actor.provider) throw new ItemNotFoundError(item.itemId);
  const answer = requireRationale(payload.answer);
  const answeredBy = payload.answeredBy.trim();
  const pending = pendingInformationRequest(item);
  if (!pending) {
    const last = item.informationRequests[item.informationRequests.length - 1]?.answer;
    if (last && last.text === answer && last.answeredBy === answeredBy) return [];
    assertNotClosed(state);
    if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
    throw new InformationNotRequestedError(item.itemId);
  }
  const providerTookMs = Math.max(0, context.now.getTime() - Date.parse(pending.askedAt));
  return [
    {
      type: 'escalation.information-provided',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        escalationId: item.itemId,
        answer,
        answeredBy,
        answerDueAt: pending.answerDueAt,
        late: context.now > new Date(pending.answerDueAt),
        dueAt: new Date(Date.parse(item.dueAt) + providerTookMs).toISOString(),
      },
    },
  ];
}

/**
 * Keeping a provider's case with it at HIGH or VERY_HIGH RoSH (as revised, or as it stands) goes against
 * the allocation policy: it needs an SPO's countersignature with a reason (an SPO or ACO decides it),
 * recorded; a decision-maker alone must transfer it instead. Source: the domain brief ("the public service
 * keeps ... high or very high risk of serious harm"); issue review of escalation decisions.
 */
function retentionAtHighRisk(
  state: CaseState,
  payload: DecideEscalation['payload'],
  actor: Actor,
): { reason: string; countersignedBy: string } | null {
  const rosh = payload.revisedRosh ?? state.rosh;
  if (state.managedBy === 'NPS' || (rosh !== 'HIGH' && rosh !== 'VERY_HIGH')) return null;
  const reason = payload.highRiskRetentionReason?.trim() ?? '';
  if (!holdsRole(actor, COUNTERSIGNERS) || reason === '') throw new HighRiskRetentionNeedsSpoError(rosh);
  return { reason, countersignedBy: actor.id };
}

function decideBreachPack(state: CaseState, command: DecideBreachPack, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'decide a breach pack');
  const item = itemOfKind(state, payload.breachPackId, 'BREACH_PACK');
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  assertNotClaimedByAnother(item, actor);
  const rationale = requireRationale(payload.rationale);
  assertBreachOutcomeAllowed(state.sentence, payload.outcome);
  const seenRevision = seenRevisionOf(payload.seenRevision, context);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  const decided: CaseEvent = {
    type: 'breach-pack.decided',
    ...stamp,
    data: {
      breachPackId: item.itemId,
      outcome: payload.outcome,
      rationale,
      dueAt: item.dueAt,
      late: context.now > new Date(item.dueAt),
      seenRevision,
    },
  };
  if (payload.outcome !== 'RECALL') return [decided];
  // Advice already drafted on this breach (an emergency goes first) is the advice due: nothing more falls due.
  const cited = Object.values(state.items).some(
    (other) => other.kind === 'RECALL_COUNTERSIGN' && !other.withdrawn && other.basedOn.includes(item.itemId),
  );
  if (cited) return [decided];
  // "A recall assessment is expected within 24 hours" (domain brief): advice is due on this breach.
  const due: CaseEvent = {
    type: 'recall-advice.due',
    ...stamp,
    data: {
      recallDueId: `rd-${item.itemId}`,
      breachPackId: item.itemId,
      dueAt: context.dueTimes.recallCountersignDueAt(context.now).toISOString(),
    },
  };
  return [decided, due];
}

/**
 * A breach pack from the provider managing the case, citing the failures to comply it recorded. It answers
 * breach proceedings that fell due, if any are open.
 */
function submitBreachPack(state: CaseState, command: SubmitBreachPack, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  if (isRetry(state, actor, payload)) return [];
  assertNotClosed(state);
  assertRoomForRequest(state, context);
  const failureIds = [...new Set(payload.failureIds ?? [])];
  const unknown = failureIds.filter((id) => !state.compliance.failures.some((failure) => failure.failureId === id));
  if (unknown.length > 0) throw new UnknownFailureError(unknown);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  const submitted: CaseEvent = {
    type: 'breach-pack.submitted',
    ...stamp,
    data: {
      breachPackId: payload.breachPackId,
      requestId: payload.requestId,
      requestFingerprint: payload.requestFingerprint,
      failureIds,
      requirement: payload.requirement,
      failures: payload.failures.map((failure) => ({ date: failure.date, description: failure.description })),
      warningsIssued: payload.warningsIssued,
      providerRecommendation: payload.providerRecommendation,
      summary: payload.summary,
      dueAt: context.dueTimes.breachPackDueAt(context.now).toISOString(),
    },
  };
  const due = Object.values(state.items).find((item) => item.kind === 'BREACH_DUE' && isOpen(item) && item.heldBy === actor.provider);
  return due ? [submitted, fulfilment(due, payload.breachPackId, stamp, context.now)] : [submitted];
}

function fulfilment(item: CaseItem, byItemId: string, stamp: { actor: Actor; occurredAt: string }, now: Date): CaseEvent {
  return {
    type: 'item.fulfilled',
    ...stamp,
    data: { itemId: item.itemId, kind: item.kind, byItemId, dueAt: item.dueAt, late: now > new Date(item.dueAt) },
  };
}

/**
 * The provider managing the case records a failure to comply, judged acceptable or not. On a community or
 * suspended sentence order, an unacceptable one within 12 months of a formal warning makes breach proceedings
 * due (domain brief, national standards for orders: "a second unacceptable failure within 12 months of a
 * warning leads to breach proceedings unless there are exceptional reasons"); seed 001 (Braddon "had missed
 * eight probation appointments" under a community sentence, without enforcement).
 */
function recordFailureToComply(state: CaseState, command: RecordFailureToComply, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  if (isRetry(state, actor, payload)) return [];
  assertNotClosed(state);
  if (payload.date > londonDate(context.now)) throw new DateInFutureError('date', payload.date);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  const recorded: CaseEvent = {
    type: 'compliance.failure-recorded',
    ...stamp,
    data: {
      failureId: payload.failureId,
      requestId: payload.requestId,
      requestFingerprint: payload.requestFingerprint,
      date: payload.date,
      requirement: payload.requirement.trim(),
      acceptable: payload.acceptable,
      judgedBy: payload.judgedBy.trim(),
      details: payload.details.trim(),
    },
  };
  const warning = warningBreachedBy(state.sentence, warningsUnderThisSentence(state), payload);
  const alreadyDue = Object.values(state.items).some((item) => item.kind === 'BREACH_DUE' && isOpen(item));
  if (!warning || alreadyDue) return [recorded];
  return [
    recorded,
    {
      type: 'breach.due',
      ...stamp,
      data: {
        breachDueId: `bd-${payload.failureId}`,
        failureId: payload.failureId,
        warningId: warning.warningId,
        heldBy: state.managedBy,
        reason: `An unacceptable failure to comply on ${payload.date}, within 12 months of the formal warning of ${warning.issuedOn}`,
        dueAt: context.dueTimes.breachPackDueAt(context.now).toISOString(),
      },
    },
  ];
}

/** Warnings given under the case's current sentence: a new order starts its own record (national standards apply per order). */
function warningsUnderThisSentence(state: CaseState) {
  const from = state.sentenceHistory[state.sentenceHistory.length - 1]?.from ?? '';
  return state.compliance.warnings.filter((warning) => warning.recordedAt >= from);
}

/** The provider managing the case records a formal warning for unacceptable failures it recorded: one in 12 months on an order. */
function recordWarning(state: CaseState, command: RecordWarning, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  if (isRetry(state, actor, payload)) return [];
  assertNotClosed(state);
  if (payload.issuedOn > londonDate(context.now)) throw new DateInFutureError('issuedOn', payload.issuedOn);
  const failureIds = [...new Set(payload.failureIds)];
  const unknown = failureIds.filter((id) => !state.compliance.failures.some((failure) => failure.failureId === id));
  if (unknown.length > 0 || failureIds.length === 0) throw new UnknownFailureError(unknown);
  assertWarningAllowed(state.sentence, warningsUnderThisSentence(state), payload.issuedOn);
  return [
    {
      type: 'compliance.warning-recorded',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        warningId: payload.warningId,
        requestId: payload.requestId,
        requestFingerprint: payload.requestFingerprint,
        issuedOn: payload.issuedOn,
        failureIds,
        issuedBy: payload.issuedBy.trim(),
        details: payload.details.trim(),
      },
    },
  ];
}

/** Breach proceedings due but not brought, for exceptional reasons: by the provider that holds them, or public-service staff. */
function waiveBreach(state: CaseState, command: WaiveBreach, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  if (actor.role !== 'provider') requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'waive breach proceedings');
  const item = itemOfKind(state, payload.breachDueId, 'BREACH_DUE');
  if (actor.role === 'provider') {
    if (item.heldBy !== actor.provider) throw new ItemNotFoundError(item.itemId);
    if (providerAccess(state.managementPeriods, actor.provider ?? '') !== 'managing')
      throw new CaseNotManagedByProviderError(state.crn, state.managedBy);
  }
  const reason = requireRationale(payload.reason);
  if (!isOpen(item)) {
    if (item.decision?.outcome === 'WAIVED' && item.decision.rationale === reason) return [];
    throw new ItemAlreadyDecidedError(item.itemId);
  }
  return [
    {
      type: 'breach.waived',
      actor,
      occurredAt: context.now.toISOString(),
      data: { breachDueId: item.itemId, reason, dueAt: item.dueAt, late: context.now > new Date(item.dueAt) },
    },
  ];
}

/**
 * Breach proceedings at court, for a breach decided RETURN_TO_COURT: laid, listed, then the outcome, each on
 * its day. Source: domain brief, "Sentences and what follows from them" (orders: "breach → court"); issue 18
 * ("record the court stage: laid, listed, outcome"). The same stage sent again records nothing.
 */
function recordCourtStage(state: CaseState, command: RecordCourtStage, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record a court stage');
  const pack = itemOfKind(state, payload.breachPackId, 'BREACH_PACK');
  if (pack.decision?.outcome !== 'RETURN_TO_COURT')
    throw new CourtStageOutOfOrderError('Only a breach decided RETURN_TO_COURT goes to court');
  const last = pack.court[pack.court.length - 1];
  const outcome = payload.outcome ?? null;
  const details = payload.details?.trim() || null;
  if (last && last.stage === payload.stage && last.on === payload.on) {
    // The same record sent again records nothing; different content on the same stage and day is not a correction.
    if (last.outcome === outcome && last.details === details) return [];
    throw new CourtStageOutOfOrderError(`${payload.stage} on ${payload.on} is recorded already, with other content`);
  }
  if (payload.on > londonDate(context.now)) throw new DateInFutureError('on', payload.on);
  if (last && payload.on < last.on)
    throw new CourtStageOutOfOrderError(`${payload.stage} on ${payload.on} is before ${last.stage} on ${last.on}`);
  assertCourtStageMayFollow(pack.court, payload.stage, payload.outcome);
  return [
    {
      type: 'breach.court-stage-recorded',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        breachPackId: pack.itemId,
        stage: payload.stage,
        on: payload.on,
        outcome,
        details,
      },
    },
  ];
}

/**
 * Recall advice on any licence case the public service may see, with or without the items behind it
 * (escalations, breach packs, risk information of this case). The recall type is checked against the
 * sentence and the case (recall.policy.ts); emergency advice is due within HUB_EMERGENCY_RECALL_HOURS.
 */
function draftRecallAdvice(state: CaseState, command: DraftRecallAdvice, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'draft recall advice');
  const existing = state.items[payload.recallAdviceId];
  if (existing) {
    // The same advice sent again (a form resubmitted) records nothing new; any other use of the id is refused.
    const yours = existing.kind === 'RECALL_COUNTERSIGN' && existing.authoredBy === actor.id;
    if (!yours) throw new ItemIdTakenError(payload.recallAdviceId);
    if (sameElements(existing.basedOn, payload.basedOn) && adviceSays(state, existing, payload)) return [];
    throw new ItemIdTakenError(
      payload.recallAdviceId,
      'is your recall advice already, with other terms: revise it only once it is returned',
    );
  }
  const rationale = requireRationale(payload.rationale);
  const basedOn = [...new Set(payload.basedOn)];
  const unknown = basedOn.filter((id) => {
    const item = state.items[id];
    return !item || (item.kind !== 'ESCALATION' && item.kind !== 'BREACH_PACK' && item.kind !== 'RISK_INFORMATION');
  });
  if (unknown.length > 0) throw new UnknownBasisError(unknown);
  const fixedTermExclusion = fixedTermExclusionFor(state.sentence, state.mappa, payload.recallType, payload.fixedTermExclusion);
  return [
    {
      type: 'recall-advice.drafted',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        recallAdviceId: payload.recallAdviceId,
        recallType: payload.recallType,
        emergency: payload.emergency,
        rationale,
        basedOn,
        dueAt: context.dueTimes.recallCountersignDueAt(context.now, payload.emergency).toISOString(),
        fixedTermExclusion,
      },
    },
    // Advice drafted on a breach decided RECALL meets the advice that breach made due.
    ...Object.values(state.items)
      .filter((item) => item.kind === 'RECALL_DUE' && isOpen(item) && basedOn.includes(item.breachPackId))
      .map((item) => fulfilment(item, payload.recallAdviceId, { actor, occurredAt: context.now.toISOString() }, context.now)),
  ];
}

/**
 * The SPO or ACO whose countersignature the advice awaits may send it back to its author instead of
 * signing, with reasons (issue 18: "An SPO or ACO may return advice with reasons"). The same return sent
 * again records nothing.
 */
function returnRecallAdvice(state: CaseState, command: ReturnRecallAdvice, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, COUNTERSIGNERS, 'return recall advice');
  const item = itemOfKind(state, payload.recallAdviceId, 'RECALL_COUNTERSIGN');
  const reason = requireRationale(payload.reason);
  const pending = pendingReturn(item);
  if (pending) {
    if (pending.by === actor.id && pending.reason === reason) return [];
    throw new RecallAdviceReturnedError(item.itemId);
  }
  if (!isOpen(item)) throw new RecallAdviceAlreadyIssuedError(item.itemId, item.withdrawn !== null);
  assertMaySignNext(item, actor);
  assertNotClaimedByAnother(item, actor);
  return [
    {
      type: 'recall-advice.returned',
      actor,
      occurredAt: context.now.toISOString(),
      data: { recallAdviceId: item.itemId, stage: item.spo ? 'ACO' : 'SPO', reason },
    },
  ];
}

/**
 * The author answers a return with the advice revised (its type checked again), saying what changed. What
 * was signed is no longer what stands, so both countersignatures are needed again; the deadline still runs
 * from the first draft (an emergency one from HUB_EMERGENCY_RECALL_HOURS after it).
 */
function reviseRecallAdvice(state: CaseState, command: ReviseRecallAdvice, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'revise recall advice');
  const item = authorsOpenAdvice(state, payload.recallAdviceId, actor);
  const rationale = requireRationale(payload.rationale);
  const note = requireRationale(payload.note);
  if (!pendingReturn(item)) {
    // The same revision sent again (a form resubmitted) records nothing new.
    const last = item.returns[item.returns.length - 1]?.revision;
    if (last && last.note === note && adviceSays(state, item, payload)) return [];
    throw new RecallAdviceNotReturnedError(item.itemId);
  }
  const fixedTermExclusion = fixedTermExclusionFor(state.sentence, state.mappa, payload.recallType, payload.fixedTermExclusion);
  return [
    {
      type: 'recall-advice.revised',
      actor,
      occurredAt: context.now.toISOString(),
      data: {
        recallAdviceId: item.itemId,
        recallType: payload.recallType,
        emergency: payload.emergency,
        rationale,
        basedOn: [...item.basedOn],
        fixedTermExclusion,
        note,
        dueAt: context.dueTimes.recallCountersignDueAt(new Date(item.openedAt), payload.emergency).toISOString(),
      },
    },
  ];
}

/**
 * Whether recall advice says what was sent now: its type, urgency, rationale and the exclusion the
 * sent terms come to. Only then is a form sent again a resend; other terms are never dropped as one.
 */
function adviceSays(
  state: CaseState,
  advice: RecallAdviceItem,
  sent: Pick<DraftRecallAdvice['payload'], 'recallType' | 'emergency' | 'rationale' | 'fixedTermExclusion'>,
): boolean {
  if (advice.recallType !== sent.recallType || advice.emergency !== sent.emergency || advice.rationale !== sent.rationale.trim())
    return false;
  let exclusion: FixedTermExclusionRecord | null;
  try {
    exclusion = fixedTermExclusionFor(state.sentence, state.mappa, sent.recallType, sent.fixedTermExclusion);
  } catch {
    return false;
  }
  return exclusion?.reason === advice.fixedTermExclusion?.reason && exclusion?.details === advice.fixedTermExclusion?.details;
}

function sameElements(recorded: readonly string[], sent: readonly string[]): boolean {
  const distinct = new Set(sent);
  return distinct.size === recorded.length && recorded.every((id) => distinct.has(id));
}

/** The author withdraws advice not yet issued, with a reason: it leaves the queue, and nothing is issued. */
function withdrawRecallAdvice(state: CaseState, command: WithdrawRecallAdvice, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'withdraw recall advice');
  const reason = requireRationale(payload.reason);
  const found = itemOfKind(state, payload.recallAdviceId, 'RECALL_COUNTERSIGN');
  if (found.withdrawn?.reason === reason && found.authoredBy === actor.id) return [];
  const item = authorsOpenAdvice(state, payload.recallAdviceId, actor);
  return [{ type: 'recall-advice.withdrawn', actor, occurredAt: context.now.toISOString(), data: { recallAdviceId: item.itemId, reason } }];
}

function authorsOpenAdvice(state: CaseState, recallAdviceId: string, actor: Actor): RecallAdviceItem {
  const item = itemOfKind(state, recallAdviceId, 'RECALL_COUNTERSIGN');
  if (item.authoredBy !== actor.id) throw new NotTheAuthorError(item.itemId);
  if (item.issuedAt) throw new RecallAdviceAlreadyIssuedError(item.itemId);
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(item.itemId);
  return item;
}

/**
 * What followed an issued recall, in order: sent to the public protection casework section, licence
 * revoked, then returned to custody (perhaps after a time unlawfully at large). Source: domain brief,
 * "Sentences and what follows from them". The same step sent again records nothing.
 */
function recordRecallStep(state: CaseState, command: RecordRecallStep, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, PUBLIC_SERVICE_DECIDERS, 'record what followed a recall');
  const item = itemOfKind(state, payload.recallAdviceId, 'RECALL_COUNTERSIGN');
  if (!item.issuedAt)
    throw new RecallStepOutOfOrderError('Recall advice is issued (countersigned by an SPO and an ACO) before anything follows it');
  const happenedAt = new Date(payload.happenedAt);
  const details = payload.details?.trim() || null;
  const recorded = item.progress.find((step) => step.step === payload.step && Date.parse(step.happenedAt) === happenedAt.getTime());
  if (recorded) {
    // The same step sent again records nothing; other details for it are not a correction.
    if (recorded.details === details) return [];
    throw new RecallStepOutOfOrderError(`${payload.step} at ${happenedAt.toISOString()} is recorded already, with other details`);
  }
  const last = item.progress[item.progress.length - 1];
  assertRecallStepMayFollow(last?.step ?? 'ISSUED', last?.happenedAt ?? item.issuedAt, payload.step, happenedAt, context.now);
  return [
    {
      type: 'recall.progressed',
      actor,
      occurredAt: context.now.toISOString(),
      data: { recallAdviceId: item.itemId, step: payload.step, happenedAt: happenedAt.toISOString(), details },
    },
  ];
}

function countersign(state: CaseState, command: CountersignRecallAdvice, context: DecisionContext): CaseEvent[] {
  const { actor, payload } = command;
  requireRole(actor, COUNTERSIGNERS, 'countersign recall advice');
  const item = itemOfKind(state, payload.recallAdviceId, 'RECALL_COUNTERSIGN');
  if (!isOpen(item)) throw new RecallAdviceAlreadyIssuedError(item.itemId, item.withdrawn !== null);
  assertMaySignNext(item, actor);
  assertNotClaimedByAnother(item, actor);
  const rationale = requireRationale(payload.rationale);
  const stamp = { actor, occurredAt: context.now.toISOString() };
  if (!item.spo) {
    return [{ type: 'recall-advice.countersigned-by-spo', ...stamp, data: { recallAdviceId: item.itemId, rationale } }];
  }
  return [
    { type: 'recall-advice.countersigned-by-aco', ...stamp, data: { recallAdviceId: item.itemId, rationale } },
    {
      type: 'recall-advice.issued',
      ...stamp,
      data: {
        recallAdviceId: item.itemId,
        recallType: item.recallType,
        emergency: item.emergency,
        authoredBy: item.authoredBy,
        spo: item.spo.by,
        aco: actor.id,
        dueAt: item.dueAt,
        late: context.now > new Date(item.dueAt),
      },
    },
  ];
}

/** SPO first, then ACO; never the author, never the same person twice; nobody while it is back with its author. */
function assertMaySignNext(item: RecallAdviceItem, actor: Actor): void {
  if (pendingReturn(item)) throw new RecallAdviceReturnedError(item.itemId);
  const expectedRole = item.spo ? 'aco' : 'spo';
  if (actor.role !== expectedRole) throw new CountersignatureOutOfOrderError(expectedRole);
  if (actor.id === item.authoredBy) throw new CountersignerConflictError('author');
  if (item.spo && actor.id === item.spo.by) throw new CountersignerConflictError('already-signed');
}

/**
 * A provider sees only cases it manages or has managed; any other case (another provider's, or one the
 * public service kept from the start) is "not found", never "forbidden": its existence must not leak.
 */
/** Exceptional public interest: an ACO authorises it, with a reason that says something. */
function authorisedPublicInterest(actor: Actor, reason: string | null | undefined): { reason: string; authorisedBy: string } {
  requireRole(actor, ['aco'], 'authorise exceptional public interest');
  const given = reason?.trim() ?? '';
  if (given === '') throw new PublicInterestReasonRequiredError();
  return { reason: given, authorisedBy: actor.id };
}

/**
 * The allocation policy applied again after `fact`, recorded whatever it decides; a move to the public
 * service lets lapse the questions the provider it leaves was asked.
 */
function reassessment(
  state: CaseState,
  fact: CaseEvent,
  trigger: ReassessmentTrigger,
  stamp: { actor: Actor; occurredAt: string },
  now: Date,
): CaseEvent[] {
  const after = evolve(state, fact);
  const decision = reassessCase({
    managedBy: after.managedBy,
    rosh: after.rosh,
    mappa: after.mappa,
    exceptionalPublicInterest: after.exceptionalPublicInterest,
  });
  const reassessed: CaseEvent = {
    type: 'case.reassessed',
    ...stamp,
    data: {
      trigger,
      outcome: decision.outcome,
      managedBy: decision.managedBy,
      fromProvider: decision.outcome === 'MOVED_TO_NPS' ? after.managedBy : null,
      reason: decision.reason,
    },
  };
  return decision.outcome === 'MOVED_TO_NPS' ? [reassessed, ...leftBehindOnMove(after, NPS, stamp, now)] : [reassessed];
}

function sameMappa(a: MappaStatus | null, b: MappaStatus | null): boolean {
  return a === null || b === null ? a === b : a.category === b.category && a.level === b.level;
}

function visibleCase(state: CaseState | undefined, crn: string, actor: Actor, command: CaseCommand): CaseState {
  if (!state) throw new CaseNotFoundError(crn);
  if (actor.role !== 'provider' || providerAccess(state.managementPeriods, actor.provider ?? '') !== 'never') return state;
  // A provider never shown the case meets it only to record what it learned delivering an intervention,
  // or to ask after what it recorded; anything else is as if the case did not exist.
  if (command.type === 'RecordRiskInformation' && isInterventionProvider(state, actor)) return state;
  if (command.type === 'AcknowledgeRiskInformation' || command.type === 'ReviewRiskInformation') {
    const item = state.items[command.payload.riskInformationId];
    if (item?.kind === 'RISK_INFORMATION' && item.recordedByProvider === actor.provider) return state;
  }
  throw new CaseNotFoundError(crn);
}

/**
 * At most MAX_OPEN_REQUESTS_PER_CASE provider requests wait for a decision on one case. Far above any
 * real case, it stops one provider system (faulty or hostile) from flooding a case, and the queue.
 */
function assertRoomForRequest(state: CaseState, context: DecisionContext): void {
  const open = context.openProviderRequests ?? Object.values(state.items).filter(isOpenProviderRequest).length;
  if (open >= MAX_OPEN_REQUESTS_PER_CASE) throw new TooManyOpenRequestsError(state.crn, MAX_OPEN_REQUESTS_PER_CASE);
}

/** True for a retry of a request already taken; throws if the requestId was used for something else. */
function isRetry(state: CaseState, actor: Actor, request: { requestId: string; requestFingerprint: string }): boolean {
  requireRole(actor, ['provider'], 'post provider requests');
  const remembered = state.requests[requestKeyOf(actor.provider ?? '', request.requestId)];
  if (remembered) {
    if (remembered.fingerprint !== request.requestFingerprint) throw new RequestIdReusedError(request.requestId);
    return true;
  }
  if (providerAccess(state.managementPeriods, actor.provider ?? '') !== 'managing')
    throw new CaseNotManagedByProviderError(state.crn, state.managedBy);
  return false;
}

function openItem(state: CaseState, itemId: string): CaseItem {
  const item = state.items[itemId];
  if (!item) throw new ItemNotFoundError(itemId);
  if (!isOpen(item)) throw new ItemAlreadyDecidedError(itemId);
  return item;
}

function itemOfKind<K extends CaseItem['kind']>(state: CaseState, itemId: string, kind: K): Extract<CaseItem, { kind: K }> {
  const item = state.items[itemId];
  if (!item || item.kind !== kind) throw new ItemNotFoundError(itemId);
  return item as Extract<CaseItem, { kind: K }>;
}

function assertNotClaimedByAnother(item: CaseItem, actor: Actor): void {
  if (item.claimedBy && item.claimedBy !== actor.id) throw new ItemClaimedByAnotherError(item.itemId, item.claimedBy);
}

function holdsRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.includes(actor.role);
}

function requireRole(actor: Actor, allowed: readonly Role[], action: string): void {
  if (!holdsRole(actor, allowed)) throw new RoleNotAllowedError(actor.role, action);
}

function requireRationale(rationale: string): string {
  const trimmed = rationale?.trim() ?? '';
  if (trimmed === '') throw new RationaleRequiredError();
  return trimmed;
}
