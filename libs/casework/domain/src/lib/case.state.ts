import type { CaseEvent, FixedTermExclusionData } from './case.events';
import { assertNever } from './case.events';
import { ManagementPeriod, nextManagementPeriods } from './management.policy';
import type {
  BreachOutcome,
  BreachRecommendation,
  EscalationOutcome,
  EscalationTrigger,
  MappaStatus,
  QueueItemKind,
  CourtOutcome,
  CourtStage,
  RecallStep,
  RecallType,
  RoshLevel,
  ClosureReason,
  RiskInformationSource,
  RiskReviewOutcome,
  Sentence,
  TransferOutcome,
  Urgency,
} from './vocabulary';
import { NPS } from './vocabulary';

interface ItemBase {
  readonly itemId: string;
  readonly kind: QueueItemKind;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly claimedBy: string | null;
  /** When the holder claimed it: a claim held too long lapses (item.claim-expired). */
  readonly claimedAt: string | null;
  readonly overdue: boolean;
  /** Closed without a decision, because the case itself closed: why and when. */
  readonly withdrawn: { readonly reason: string; readonly at: string } | null;
}

export interface Decision<O> {
  readonly outcome: O;
  readonly rationale: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly late: boolean;
}

/** A question the public service put to the provider about an escalation, and the answer once given. */
export interface InformationRequest {
  readonly questions: string[];
  readonly rationale: string;
  readonly askedBy: string;
  readonly askedAt: string;
  readonly answerDueAt: string;
  readonly answer: { readonly text: string; readonly answeredBy: string; readonly answeredAt: string; readonly late: boolean } | null;
  /** The question lapsed unanswered because the case left the provider: nobody is left to answer it. */
  readonly withdrawn: { readonly at: string; readonly reason: string } | null;
}

export interface EscalationItem extends ItemBase {
  readonly kind: 'ESCALATION';
  /** The provider that raised it: only it answers questions on it. */
  readonly provider: string;
  readonly requestId: string;
  readonly raisedBy: string;
  readonly urgency: Urgency;
  readonly proposedRosh: RoshLevel;
  readonly triggers: EscalationTrigger[];
  readonly summary: string;
  /** When the provider first knew, as it says; null when it did not say. */
  readonly providerKnewAt: string | null;
  /** Every question put to the provider, oldest first; the last one may await its answer. */
  readonly informationRequests: InformationRequest[];
  readonly decision: (Decision<EscalationOutcome> & { advice: string | null; revisedRosh: RoshLevel | null }) | null;
}

/** Where breach proceedings stood at court at one stage. */
export interface CourtStageRecord {
  readonly stage: CourtStage;
  readonly on: string;
  readonly outcome: CourtOutcome | null;
  readonly details: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface BreachPackItem extends ItemBase {
  readonly kind: 'BREACH_PACK';
  /** The provider that submitted it. */
  readonly provider: string;
  readonly requestId: string;
  /** The recorded failures to comply it cites. */
  readonly failureIds: string[];
  /** After a decision to return to court: its stages there, in order. */
  readonly court: CourtStageRecord[];
  readonly requirement: string;
  readonly providerRecommendation: BreachRecommendation;
  readonly summary: string;
  readonly decision: Decision<BreachOutcome> | null;
}

export interface Signature {
  readonly by: string;
  readonly at: string;
  readonly rationale: string;
}

/** A countersigner sent the advice back to its author; the author's revision answers it. */
export interface RecallReturn {
  readonly stage: 'SPO' | 'ACO';
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  readonly revision: { readonly at: string; readonly note: string } | null;
}

/** What followed an issued recall. */
export interface RecallProgressStep {
  readonly step: RecallStep;
  readonly happenedAt: string;
  readonly details: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface RecallAdviceItem extends ItemBase {
  readonly kind: 'RECALL_COUNTERSIGN';
  readonly recallType: RecallType;
  readonly emergency: boolean;
  readonly rationale: string;
  readonly basedOn: string[];
  readonly fixedTermExclusion: FixedTermExclusionData;
  readonly authoredBy: string;
  readonly spo: Signature | null;
  readonly aco: Signature | null;
  /** Every return, oldest first; the last one, unrevised, holds the advice with its author. */
  readonly returns: RecallReturn[];
  readonly issuedAt: string | null;
  /** After issue: PPCS, revocation, custody or at large, in order. */
  readonly progress: RecallProgressStep[];
}

/** A request that another area take the case over: its receiving area accepts or refuses it, with a reason. */
export interface TransferItem extends ItemBase {
  readonly kind: 'TRANSFER';
  readonly fromLdu: string;
  readonly toLdu: string;
  readonly fromProvider: string;
  /** The contracted provider of the receiving area. */
  readonly toProvider: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly decision: Decision<TransferOutcome> | null;
}

/**
 * Information bearing on risk: acknowledged and reviewed by the responsible officer's side (`heldBy`: the
 * public service, or the provider managing the case when it was recorded) against a due time set by its
 * source and seriousness.
 */
export interface RiskInformationItem extends ItemBase {
  readonly kind: 'RISK_INFORMATION';
  readonly source: RiskInformationSource;
  readonly channel: string;
  /** When it became known (to whoever first received it): the time before it was recorded shows apart. */
  readonly knownAt: string;
  readonly receivedBy: string;
  readonly threat: boolean;
  readonly summary: string;
  readonly recordedBy: string;
  /** The provider that recorded it; null when the public service did. */
  readonly recordedByProvider: string | null;
  /** 'NPS' or the provider whose responsible officer acknowledges and reviews it. */
  readonly heldBy: string;
  readonly acknowledged: { readonly by: string; readonly at: string; readonly late: boolean } | null;
  readonly decision: Decision<RiskReviewOutcome> | null;
}

/**
 * Breach proceedings due on an order (an unacceptable failure within 12 months of a warning): the provider
 * managing the case answers with a breach pack, or the proceedings are waived for exceptional reasons.
 */
export interface BreachDueItem extends ItemBase {
  readonly kind: 'BREACH_DUE';
  readonly failureId: string;
  readonly warningId: string;
  /** The provider that is to send the breach pack. */
  readonly heldBy: string;
  readonly reason: string;
  readonly decision: Decision<'BREACH_PACK_SENT' | 'WAIVED'> | null;
}

/** Recall advice due after a breach decided RECALL: met by advice drafted on that breach pack. */
export interface RecallDueItem extends ItemBase {
  readonly kind: 'RECALL_DUE';
  readonly breachPackId: string;
  readonly decision: Decision<'RECALL_ADVICE_DRAFTED'> | null;
}

export type CaseItem =
  | EscalationItem
  | BreachPackItem
  | RecallAdviceItem
  | TransferItem
  | RiskInformationItem
  | BreachDueItem
  | RecallDueItem;

/** A failure to comply, as the provider recorded it. */
export interface FailureToComply {
  readonly failureId: string;
  readonly date: string;
  readonly requirement: string;
  readonly acceptable: boolean;
  readonly judgedBy: string;
  readonly details: string;
  readonly provider: string;
  readonly recordedAt: string;
}

/** A formal warning, as the provider recorded it. */
export interface Warning {
  readonly warningId: string;
  readonly issuedOn: string;
  readonly failureIds: string[];
  readonly issuedBy: string;
  readonly details: string;
  readonly provider: string;
  readonly recordedAt: string;
}

/** An item a provider raised: what a provider's open requests, recall advice and its disclosures are about. */
export function isProviderItem(item: CaseItem): item is EscalationItem | BreachPackItem {
  return item.kind === 'ESCALATION' || item.kind === 'BREACH_PACK';
}

/**
 * A request the case remembers, so that the same request sent again is known as a retry: a provider's (by
 * `requestKeyOf`; `itemId` is the item it opened) or a RoSH review (by `assessmentKeyOf`; `itemId` is the
 * assessment's reference). `fingerprint` tells the same request from another with the same id.
 */
export interface RememberedRequest {
  readonly itemId: string;
  readonly fingerprint: string;
}

/**
 * Where a case remembers a provider's request: requestIds are each provider's own, and a case that moves
 * between areas meets two providers, so one's id never answers for the other's.
 */
export function requestKeyOf(provider: string, requestId: string): string {
  return `${provider}:${requestId}`;
}

/**
 * Where a case remembers the RoSH review of an assessment: one assessment (an OASys reference) is reviewed
 * once. Never a provider's key: provider codes have no lower-case letters.
 */
export function assessmentKeyOf(assessmentReference: string): string {
  return `rosh-assessment:${assessmentReference}`;
}

/** What a RoSH review says of its assessment: the same assessment sent again must say the same. */
export function roshReviewFingerprint(review: { level: string; assessor: string; assessedOn: string }): string {
  return JSON.stringify([review.level, review.assessor, review.assessedOn]);
}

/** The end of supervision: why, from when (the retention clock starts then), and who recorded it. */
export interface CaseClosure {
  readonly reason: ClosureReason;
  readonly details: string | null;
  /** The day supervision ended (YYYY-MM-DD): where the retention period of the record starts. */
  readonly closedOn: string;
  readonly closedAt: string;
  readonly closedBy: string;
}

/** A case as its events make it. Plain JSON, so read models can store it as it is. */
export interface CaseState {
  readonly crn: string;
  readonly ldu: string;
  /** The contracted provider for the case's area. */
  readonly provider: string;
  /** Who manages it now: 'NPS' or the provider's code. */
  readonly managedBy: string;
  readonly allocation: { allocatedTo: string; reason: string; allocatedAt: string; allocatedBy: string };
  readonly sentence: Sentence;
  /** Every sentence the case has had, oldest first, each from when it was recorded; the last is `sentence`. */
  readonly sentenceHistory: { readonly sentence: Sentence; readonly from: string }[];
  readonly rosh: RoshLevel;
  readonly mappa: MappaStatus | null;
  readonly exceptionalPublicInterest: boolean;
  /** The last exceptional public interest recorded (at allocation or since): its reason, and the ACO who authorised it. */
  readonly publicInterest: { readonly reason: string; readonly authorisedBy: string | null } | null;
  readonly victimContactEligible: boolean;
  readonly victimContactBasis: string;
  readonly transferredToNpsAt: string | null;
  /** Every organisation that has managed the case, oldest first; the last one manages it now. */
  readonly managementPeriods: ManagementPeriod[];
  /** Set once supervision ended; a new sentence opens the case again. */
  readonly closure: CaseClosure | null;
  /** Providers the public service referred the case to for an intervention, while it manages the case. */
  readonly interventions: { readonly provider: string; readonly intervention: string; readonly referredAt: string }[];
  /** Failures to comply and formal warnings the providers recorded, oldest first. */
  readonly compliance: { readonly failures: FailureToComply[]; readonly warnings: Warning[] };
  readonly items: Record<string, CaseItem>;
  /** A provider's requests by `requestKeyOf(provider, requestId)`, RoSH reviews by `assessmentKeyOf(reference)`. */
  readonly requests: Record<string, RememberedRequest>;
}

/** A provider's request (an escalation or a breach pack) still waiting for its decision. */
export function isOpenProviderRequest(item: CaseItem): boolean {
  return isProviderItem(item) && isOpen(item);
}

export function isOpen(item: CaseItem): boolean {
  if (item.withdrawn) return false;
  return item.kind === 'RECALL_COUNTERSIGN' ? item.issuedAt === null : item.decision === null;
}

/** The question an open escalation waits on the provider to answer, if it does. */
export function pendingInformationRequest(item: CaseItem): InformationRequest | undefined {
  if (item.kind !== 'ESCALATION' || !isOpen(item)) return undefined;
  const last = item.informationRequests[item.informationRequests.length - 1];
  return last && last.answer === null && last.withdrawn === null ? last : undefined;
}

/** The return recall advice waits on its author to answer, if it does. */
export function pendingReturn(item: CaseItem): RecallReturn | undefined {
  if (item.kind !== 'RECALL_COUNTERSIGN' || !isOpen(item)) return undefined;
  const last = item.returns[item.returns.length - 1];
  return last && last.revision === null ? last : undefined;
}

/** Where recall advice stands, in one word for API answers and pages. */
export type RecallAdviceStatus = 'AWAITING_SPO' | 'AWAITING_ACO' | 'RETURNED' | 'WITHDRAWN' | 'ISSUED';

export function recallAdviceStatus(item: RecallAdviceItem): RecallAdviceStatus {
  if (item.issuedAt) return 'ISSUED';
  if (item.withdrawn) return 'WITHDRAWN';
  if (pendingReturn(item)) return 'RETURNED';
  return item.spo ? 'AWAITING_ACO' : 'AWAITING_SPO';
}

/** Open and waiting on a provider: its answer to questions, its officer's review of information it holds, or a breach pack due. */
export function awaitsProvider(item: CaseItem): boolean {
  if (!isOpen(item)) return false;
  if (item.kind === 'BREACH_DUE') return true;
  return pendingInformationRequest(item) !== undefined || (item.kind === 'RISK_INFORMATION' && item.heldBy !== NPS);
}

/** Open and waiting on the public service (not on a provider): what the decision queue holds. */
export function awaitsPublicService(item: CaseItem): boolean {
  return isOpen(item) && !awaitsProvider(item);
}

/**
 * Whose time an item has taken, in minutes, up to its decision (or `now` while open): the provider's
 * (answering questions) apart from the public service's (the rest), and how long the provider knew
 * before it escalated, when it said.
 */
export function itemClock(
  item: CaseItem,
  now: Date,
): { publicServiceMinutes: number; providerMinutes: number; providerBeforeEscalatingMinutes: number | null } {
  const end = item.kind === 'RECALL_COUNTERSIGN' ? (item.issuedAt ?? now.toISOString()) : (item.decision?.decidedAt ?? now.toISOString());
  const minutes = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  if (item.kind !== 'ESCALATION')
    return { publicServiceMinutes: minutes(item.openedAt, end), providerMinutes: 0, providerBeforeEscalatingMinutes: null };
  const providerMinutes = item.informationRequests.reduce(
    (sum, request) => sum + minutes(request.askedAt, request.answer?.answeredAt ?? request.withdrawn?.at ?? end),
    0,
  );
  return {
    publicServiceMinutes: Math.max(0, minutes(item.openedAt, end) - providerMinutes),
    providerMinutes,
    providerBeforeEscalatingMinutes: item.providerKnewAt === null ? null : minutes(item.providerKnewAt, item.openedAt),
  };
}

/** What every item is when it opens: unclaimed, not overdue, not withdrawn. */
function newItem(openedAt: string, dueAt: string) {
  return { openedAt, dueAt, claimedBy: null, claimedAt: null, overdue: false, withdrawn: null } as const;
}

/** A decision as its event records it: what, why, who, when, and whether late. */
function decisionOf<O>(event: CaseEvent, data: { outcome: O; rationale: string; late: boolean }): Decision<O> {
  return { outcome: data.outcome, rationale: data.rationale, decidedBy: event.actor.id, decidedAt: event.occurredAt, late: data.late };
}

/** Applies one event. Pure: the write side, read models and as-of replays all use this one function. */
export function evolve(state: CaseState | undefined, event: CaseEvent): CaseState {
  if (event.type === 'case.allocated') {
    const data = event.data;
    return {
      crn: data.crn,
      ldu: data.ldu,
      provider: data.provider,
      managedBy: data.allocatedTo,
      allocation: { allocatedTo: data.allocatedTo, reason: data.reason, allocatedAt: event.occurredAt, allocatedBy: event.actor.id },
      sentence: data.sentence,
      sentenceHistory: [{ sentence: data.sentence, from: event.occurredAt }],
      rosh: data.rosh,
      mappa: data.mappa,
      exceptionalPublicInterest: data.exceptionalPublicInterest,
      publicInterest: data.publicInterest,
      victimContactEligible: data.victimContactEligible,
      victimContactBasis: data.victimContactBasis,
      transferredToNpsAt: null,
      managementPeriods: [{ managedBy: data.allocatedTo, from: event.occurredAt, until: null }],
      closure: null,
      interventions: [],
      compliance: { failures: [], warnings: [] },
      items: {},
      requests: {},
    };
  }
  if (!state) throw new Error(`${event.type} cannot come before case.allocated`);
  const withItem = (item: CaseItem): CaseState => ({ ...state, items: { ...state.items, [item.itemId]: item } });
  // An event about an item the case does not hold (or holds as another kind) cannot be folded: refuse it
  // rather than invent an item from nothing.
  const item = <K extends CaseItem['kind']>(itemId: string, kind: K) => {
    const found = state.items[itemId];
    if (!found || found.kind !== kind) throw new Error(`${event.type} names unknown ${kind} ${itemId}`);
    return found as Extract<CaseItem, { kind: K }>;
  };
  // What a provider records names that provider (its schema requires it): never fold it under no provider.
  const recordingProvider = () => {
    if (!event.actor.provider) throw new Error(`${event.type} by ${event.actor.id} names no provider`);
    return event.actor.provider;
  };

  switch (event.type) {
    case 'escalation.requested': {
      const data = event.data;
      return {
        ...withItem({
          itemId: data.escalationId,
          kind: 'ESCALATION',
          provider: recordingProvider(),
          requestId: data.requestId,
          raisedBy: data.raisedBy,
          urgency: data.urgency,
          proposedRosh: data.proposedRosh,
          triggers: data.triggers,
          summary: data.summary,
          providerKnewAt: data.providerKnewAt,
          informationRequests: [],
          ...newItem(event.occurredAt, data.dueAt),
          decision: null,
        }),
        requests: {
          ...state.requests,
          [requestKeyOf(recordingProvider(), data.requestId)]: { itemId: data.escalationId, fingerprint: data.requestFingerprint },
        },
      };
    }
    case 'escalation.information-requested': {
      const { data } = event;
      const escalation = item(data.escalationId, 'ESCALATION');
      const request: InformationRequest = {
        questions: data.questions,
        rationale: data.rationale,
        askedBy: event.actor.id,
        askedAt: event.occurredAt,
        answerDueAt: data.answerDueAt,
        answer: null,
        withdrawn: null,
      };
      return withItem({ ...escalation, informationRequests: [...escalation.informationRequests, request] });
    }
    case 'escalation.information-withdrawn': {
      const { data } = event;
      const escalation = item(data.escalationId, 'ESCALATION');
      const ended = escalation.informationRequests.map((request, index, all) =>
        index === all.length - 1 ? { ...request, withdrawn: { at: event.occurredAt, reason: data.reason } } : request,
      );
      return withItem({ ...escalation, informationRequests: ended, dueAt: data.dueAt });
    }
    case 'escalation.information-provided': {
      const { data } = event;
      const escalation = item(data.escalationId, 'ESCALATION');
      const answered = escalation.informationRequests.map((request, index, all) =>
        index === all.length - 1
          ? { ...request, answer: { text: data.answer, answeredBy: data.answeredBy, answeredAt: event.occurredAt, late: data.late } }
          : request,
      );
      return withItem({ ...escalation, informationRequests: answered, dueAt: data.dueAt });
    }
    case 'breach-pack.submitted': {
      const data = event.data;
      return {
        ...withItem({
          itemId: data.breachPackId,
          kind: 'BREACH_PACK',
          provider: recordingProvider(),
          requestId: data.requestId,
          failureIds: data.failureIds,
          court: [],
          requirement: data.requirement,
          providerRecommendation: data.providerRecommendation,
          summary: data.summary,
          ...newItem(event.occurredAt, data.dueAt),
          decision: null,
        }),
        requests: {
          ...state.requests,
          [requestKeyOf(recordingProvider(), data.requestId)]: { itemId: data.breachPackId, fingerprint: data.requestFingerprint },
        },
      };
    }
    case 'compliance.failure-recorded': {
      const { data } = event;
      const failure: FailureToComply = {
        failureId: data.failureId,
        date: data.date,
        requirement: data.requirement,
        acceptable: data.acceptable,
        judgedBy: data.judgedBy,
        details: data.details,
        provider: recordingProvider(),
        recordedAt: event.occurredAt,
      };
      return {
        ...state,
        compliance: { ...state.compliance, failures: [...state.compliance.failures, failure] },
        requests: {
          ...state.requests,
          [requestKeyOf(recordingProvider(), data.requestId)]: { itemId: data.failureId, fingerprint: data.requestFingerprint },
        },
      };
    }
    case 'compliance.warning-recorded': {
      const { data } = event;
      const warning: Warning = {
        warningId: data.warningId,
        issuedOn: data.issuedOn,
        failureIds: data.failureIds,
        issuedBy: data.issuedBy,
        details: data.details,
        provider: recordingProvider(),
        recordedAt: event.occurredAt,
      };
      return {
        ...state,
        compliance: { ...state.compliance, warnings: [...state.compliance.warnings, warning] },
        requests: {
          ...state.requests,
          [requestKeyOf(recordingProvider(), data.requestId)]: { itemId: data.warningId, fingerprint: data.requestFingerprint },
        },
      };
    }
    case 'breach.due': {
      const { data } = event;
      return withItem({
        itemId: data.breachDueId,
        kind: 'BREACH_DUE',
        failureId: data.failureId,
        warningId: data.warningId,
        heldBy: data.heldBy,
        reason: data.reason,
        ...newItem(event.occurredAt, data.dueAt),
        decision: null,
      });
    }
    case 'breach.waived': {
      const { data } = event;
      const decision = decisionOf<'WAIVED'>(event, { outcome: 'WAIVED', rationale: data.reason, late: data.late });
      return withItem({ ...item(data.breachDueId, 'BREACH_DUE'), decision });
    }
    case 'item.fulfilled': {
      const { data } = event;
      const found = state.items[data.itemId];
      if (found?.kind === 'BREACH_DUE') {
        const decision = decisionOf<'BREACH_PACK_SENT'>(event, {
          outcome: 'BREACH_PACK_SENT',
          rationale: `Breach pack ${data.byItemId}`,
          late: data.late,
        });
        return withItem({ ...found, decision });
      }
      if (found?.kind === 'RECALL_DUE') {
        const decision = decisionOf<'RECALL_ADVICE_DRAFTED'>(event, {
          outcome: 'RECALL_ADVICE_DRAFTED',
          rationale: `Recall advice ${data.byItemId}`,
          late: data.late,
        });
        return withItem({ ...found, decision });
      }
      throw new Error(`item.fulfilled names ${data.itemId}, which is no item a breach pack or recall advice meets`);
    }
    case 'breach.court-stage-recorded': {
      const { data } = event;
      const pack = item(data.breachPackId, 'BREACH_PACK');
      const stage: CourtStageRecord = {
        stage: data.stage,
        on: data.on,
        outcome: data.outcome,
        details: data.details,
        recordedBy: event.actor.id,
        recordedAt: event.occurredAt,
      };
      return withItem({ ...pack, court: [...pack.court, stage] });
    }
    case 'recall-advice.due': {
      const { data } = event;
      return withItem({
        itemId: data.recallDueId,
        kind: 'RECALL_DUE',
        breachPackId: data.breachPackId,
        ...newItem(event.occurredAt, data.dueAt),
        decision: null,
      });
    }
    case 'item.claimed':
      return withItem({ ...item(event.data.itemId, event.data.kind), claimedBy: event.actor.id, claimedAt: event.occurredAt });
    case 'item.released':
    case 'item.claim-expired':
      return withItem({ ...item(event.data.itemId, event.data.kind), claimedBy: null, claimedAt: null });
    case 'item.became-overdue':
      return withItem({ ...item(event.data.itemId, event.data.kind), overdue: true });
    case 'escalation.decided': {
      const data = event.data;
      const decision = { ...decisionOf(event, data), advice: data.advice, revisedRosh: data.revisedRosh };
      const next = withItem({ ...item(data.escalationId, 'ESCALATION'), decision });
      return data.revisedRosh ? { ...next, rosh: data.revisedRosh } : next;
    }
    case 'case.transferred-to-nps':
      return {
        ...state,
        managedBy: NPS,
        transferredToNpsAt: event.occurredAt,
        managementPeriods: nextManagementPeriods(state.managementPeriods, NPS, event.occurredAt),
      };
    case 'rosh.reviewed': {
      const { data } = event;
      return {
        ...state,
        rosh: data.level,
        requests: {
          ...state.requests,
          [assessmentKeyOf(data.assessmentReference)]: { itemId: data.assessmentReference, fingerprint: roshReviewFingerprint(data) },
        },
      };
    }
    case 'mappa.changed':
      return { ...state, mappa: event.data.mappa };
    case 'sentence.recorded':
      // A new sentence is supervised again: a closed case opens (the reassessment that follows says by whom).
      return {
        ...state,
        closure: null,
        sentence: event.data.sentence,
        sentenceHistory: [...state.sentenceHistory, { sentence: event.data.sentence, from: event.occurredAt }],
        victimContactEligible: event.data.victimContactEligible,
        victimContactBasis: event.data.victimContactBasis,
      };
    case 'public-interest.recorded':
      return {
        ...state,
        exceptionalPublicInterest: true,
        publicInterest: { reason: event.data.reason, authorisedBy: event.data.authorisedBy },
      };
    case 'case.reassessed':
      return event.data.outcome !== 'MOVED_TO_NPS'
        ? state
        : {
            ...state,
            managedBy: NPS,
            transferredToNpsAt: event.occurredAt,
            managementPeriods: nextManagementPeriods(state.managementPeriods, NPS, event.occurredAt),
          };
    case 'risk-information.recorded': {
      const data = event.data;
      return withItem({
        itemId: data.riskInformationId,
        kind: 'RISK_INFORMATION',
        source: data.source,
        channel: data.channel,
        knownAt: data.knownAt,
        receivedBy: data.receivedBy,
        threat: data.threat,
        summary: data.summary,
        recordedBy: event.actor.id,
        recordedByProvider: data.recordedByProvider,
        heldBy: data.heldBy,
        acknowledged: null,
        ...newItem(event.occurredAt, data.dueAt),
        decision: null,
      });
    }
    case 'risk-information.handed-over':
      return withItem({
        ...item(event.data.riskInformationId, 'RISK_INFORMATION'),
        heldBy: event.data.heldBy,
        claimedBy: null,
        claimedAt: null,
      });
    case 'intervention.referred':
      return {
        ...state,
        interventions: [
          ...state.interventions,
          { provider: event.data.provider, intervention: event.data.intervention, referredAt: event.occurredAt },
        ],
      };
    case 'risk-information.acknowledged': {
      const acknowledged = { by: event.actor.id, at: event.occurredAt, late: event.data.late };
      return withItem({ ...item(event.data.riskInformationId, 'RISK_INFORMATION'), acknowledged });
    }
    case 'risk-information.reviewed': {
      const data = event.data;
      const decision = decisionOf(event, data);
      return withItem({ ...item(data.riskInformationId, 'RISK_INFORMATION'), decision });
    }
    case 'transfer.requested': {
      const data = event.data;
      return withItem({
        itemId: data.transferId,
        kind: 'TRANSFER',
        fromLdu: data.fromLdu,
        toLdu: data.toLdu,
        fromProvider: data.fromProvider,
        toProvider: data.toProvider,
        reason: data.reason,
        requestedBy: event.actor.id,
        ...newItem(event.occurredAt, data.dueAt),
        decision: null,
      });
    }
    case 'transfer.decided': {
      const data = event.data;
      const decision = decisionOf(event, data);
      return withItem({ ...item(data.transferId, 'TRANSFER'), decision });
    }
    case 'case.moved-area': {
      const data = event.data;
      return {
        ...state,
        ldu: data.toLdu,
        provider: data.toProvider,
        managedBy: data.managedBy,
        managementPeriods: nextManagementPeriods(state.managementPeriods, data.managedBy, event.occurredAt),
      };
    }
    case 'item.withdrawn':
      return withItem({
        ...item(event.data.itemId, event.data.kind),
        withdrawn: { reason: event.data.reason, at: event.occurredAt },
        claimedBy: null,
        claimedAt: null,
      });
    case 'case.closed': {
      const { reason, details, closedOn } = event.data;
      return { ...state, closure: { reason, details, closedOn, closedAt: event.occurredAt, closedBy: event.actor.id } };
    }
    case 'breach-pack.decided': {
      const data = event.data;
      return withItem({ ...item(data.breachPackId, 'BREACH_PACK'), decision: decisionOf(event, data) });
    }
    case 'recall-advice.drafted': {
      const data = event.data;
      return withItem({
        itemId: data.recallAdviceId,
        kind: 'RECALL_COUNTERSIGN',
        recallType: data.recallType,
        emergency: data.emergency,
        rationale: data.rationale,
        basedOn: data.basedOn,
        fixedTermExclusion: data.fixedTermExclusion,
        authoredBy: event.actor.id,
        ...newItem(event.occurredAt, data.dueAt),
        spo: null,
        aco: null,
        returns: [],
        issuedAt: null,
        progress: [],
      });
    }
    case 'recall-advice.returned': {
      const { data } = event;
      const advice = item(data.recallAdviceId, 'RECALL_COUNTERSIGN');
      const returned: RecallReturn = { stage: data.stage, by: event.actor.id, at: event.occurredAt, reason: data.reason, revision: null };
      return withItem({ ...advice, returns: [...advice.returns, returned], claimedBy: null, claimedAt: null });
    }
    case 'recall-advice.revised': {
      const { data } = event;
      const advice = item(data.recallAdviceId, 'RECALL_COUNTERSIGN');
      const returns = advice.returns.map((returned, index, all) =>
        index === all.length - 1 ? { ...returned, revision: { at: event.occurredAt, note: data.note } } : returned,
      );
      return withItem({
        ...advice,
        recallType: data.recallType,
        emergency: data.emergency,
        rationale: data.rationale,
        basedOn: data.basedOn,
        fixedTermExclusion: data.fixedTermExclusion,
        dueAt: data.dueAt,
        // A new deadline (made, or no longer, an emergency) is judged afresh by the overdue scheduler.
        overdue: advice.overdue && data.dueAt === advice.dueAt,
        // The revised advice is not what was signed: both countersignatures again.
        spo: null,
        aco: null,
        returns,
        claimedBy: null,
        claimedAt: null,
      });
    }
    case 'recall-advice.withdrawn':
      return withItem({
        ...item(event.data.recallAdviceId, 'RECALL_COUNTERSIGN'),
        withdrawn: { reason: event.data.reason, at: event.occurredAt },
        claimedBy: null,
        claimedAt: null,
      });
    case 'recall.progressed': {
      const { data } = event;
      const advice = item(data.recallAdviceId, 'RECALL_COUNTERSIGN');
      const step: RecallProgressStep = {
        step: data.step,
        happenedAt: data.happenedAt,
        details: data.details,
        recordedBy: event.actor.id,
        recordedAt: event.occurredAt,
      };
      return withItem({ ...advice, progress: [...advice.progress, step] });
    }
    case 'recall-advice.countersigned-by-spo': {
      const signature = { by: event.actor.id, at: event.occurredAt, rationale: event.data.rationale };
      return withItem({ ...item(event.data.recallAdviceId, 'RECALL_COUNTERSIGN'), spo: signature, claimedBy: null, claimedAt: null });
    }
    case 'recall-advice.countersigned-by-aco': {
      const signature = { by: event.actor.id, at: event.occurredAt, rationale: event.data.rationale };
      return withItem({ ...item(event.data.recallAdviceId, 'RECALL_COUNTERSIGN'), aco: signature });
    }
    case 'recall-advice.issued':
      return withItem({ ...item(event.data.recallAdviceId, 'RECALL_COUNTERSIGN'), issuedAt: event.occurredAt });
    default:
      return assertNever(event);
  }
}

/** Folds a stream's events into the case; undefined for an empty stream. */
export function replay(events: Iterable<CaseEvent>): CaseState | undefined {
  const fold = new CaseFold();
  for (const event of events) fold.add(event);
  return fold.state;
}

/**
 * A case folded event by event: a replay of a whole stream, or the write side's case kept up to date
 * as events are added. `evolve` copies the case's items on each event, so a fold with it costs the
 * square of the case's size; this keeps its own items and requests and changes them in place (through
 * `evolveInParts`, the same rules), at a constant cost per event.
 */
export class CaseFold {
  private head: CaseHead | undefined;
  private readonly items: Record<string, CaseItem> = {};
  private readonly requests: Record<string, RememberedRequest> = {};
  private openRequests = 0;

  add(event: CaseEvent): void {
    const itemId = itemIdOf(event);
    const before = itemId ? this.items[itemId] : undefined;
    const next = evolveInParts(this.head, before, event);
    this.head = next.head;
    if (next.itemId && next.item) {
      this.items[next.itemId] = next.item;
      this.openRequests += Number(isOpenProviderRequest(next.item)) - Number(before !== undefined && isOpenProviderRequest(before));
    }
    for (const [requestId, request] of next.requests) this.requests[requestId] = request;
  }

  /** How many provider requests are open, kept as the fold goes: what the cap on them counts (decide's context). */
  get openProviderRequests(): number {
    return this.openRequests;
  }

  /** The case so far. It shares this fold's items: evolve it (which copies), never change it. */
  get state(): CaseState | undefined {
    return this.head && { ...this.head, items: this.items, requests: this.requests };
  }
}

/** A case without its items and requests: what every event may change. */
export type CaseHead = Omit<CaseState, 'items' | 'requests'>;

/**
 * `evolve` for a case kept in parts (read-model rows, a replay): its head, and only the item the event
 * is about. `evolve` reads and changes no other item (each event names at most one, `itemIdOf`), so this
 * gives the same case as evolving the whole state, at a cost that does not grow with the case.
 */
export function evolveInParts(
  head: CaseHead | undefined,
  item: CaseItem | undefined,
  event: CaseEvent,
): { head: CaseHead; itemId: string | undefined; item: CaseItem | undefined; requests: [string, RememberedRequest][] } {
  const itemId = itemIdOf(event);
  const partial: CaseState | undefined = head && { ...head, items: item && itemId ? { [itemId]: item } : {}, requests: {} };
  const { items, requests, ...next } = evolve(partial, event);
  return { head: next, itemId, item: itemId ? items[itemId] : undefined, requests: Object.entries(requests) };
}

/** The item an event is about, if any: no event names more than one. */
export function itemIdOf(event: CaseEvent): string | undefined {
  switch (event.type) {
    case 'escalation.requested':
    case 'escalation.information-requested':
    case 'escalation.information-provided':
    case 'escalation.information-withdrawn':
    case 'escalation.decided':
      return event.data.escalationId;
    case 'breach-pack.submitted':
    case 'breach-pack.decided':
    case 'breach.court-stage-recorded':
      return event.data.breachPackId;
    case 'breach.due':
    case 'breach.waived':
      return event.data.breachDueId;
    case 'recall-advice.due':
      return event.data.recallDueId;
    case 'item.fulfilled':
      return event.data.itemId;
    case 'recall-advice.drafted':
    case 'recall-advice.returned':
    case 'recall-advice.revised':
    case 'recall-advice.withdrawn':
    case 'recall-advice.countersigned-by-spo':
    case 'recall-advice.countersigned-by-aco':
    case 'recall-advice.issued':
    case 'recall.progressed':
      return event.data.recallAdviceId;
    case 'item.claimed':
    case 'item.released':
    case 'item.claim-expired':
    case 'item.became-overdue':
    case 'item.withdrawn':
      return event.data.itemId;
    case 'transfer.requested':
    case 'transfer.decided':
      return event.data.transferId;
    case 'risk-information.recorded':
    case 'risk-information.acknowledged':
    case 'risk-information.handed-over':
    case 'risk-information.reviewed':
      return event.data.riskInformationId;
    case 'compliance.failure-recorded':
    case 'compliance.warning-recorded':
    case 'intervention.referred':
    case 'case.allocated':
    case 'case.transferred-to-nps':
    case 'rosh.reviewed':
    case 'mappa.changed':
    case 'sentence.recorded':
    case 'public-interest.recorded':
    case 'case.reassessed':
    case 'case.closed':
    case 'case.moved-area':
      return undefined;
  }
}
