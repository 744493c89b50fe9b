import { itemIdOf } from './case.state';
import type { CaseEvent } from './case.events';
import { assertNever } from './case.events';
import type {
  ProviderBreachPackDecided,
  ProviderBreachPackRecorded,
  ProviderEscalationDecided,
  ProviderEscalationRecorded,
  ProviderBreachDue,
  ProviderEvent,
  ProviderFailureToComplyRecorded,
  ProviderRiskInformationRecorded,
  ProviderWarningRecorded,
} from './provider.events';
import { PROVIDER_EVENT_VERSION } from './provider.events';
import type { ClosureReason, CourtOutcome, CourtStage, RecallStep, RecallType, RiskReviewOutcome, RoshLevel, Sentence } from './vocabulary';
import { NPS } from './vocabulary';

/**
 * Who sees what across the seam (docs/casework.md, "Who sees what"), written once: the feed, the
 * provider's Kafka topic, its case view and the staff pages all ask `disclosureOf`.
 *
 * A provider receives an event of a case only while it manages the case, and only the decisions on
 * its own requests, never the public service's deliberation. The decision that moves the case away,
 * and the move itself, are the last it receives; anything recorded after that stays inside.
 */

/** What the rule needs to know of a case before each event: far less than the whole case. */
export interface SeamState {
  readonly crn: string;
  /** 'NPS' or the managing provider's code. */
  readonly managedBy: string;
  /** Escalations and breach packs, each with the provider that raised it. */
  readonly providerItems: Readonly<Record<string, string>>;
  /** Recall advice drafted and not yet issued: what its issue will tell the provider. */
  readonly recallDrafts: Readonly<Record<string, { rationale: string; basedOn: string[] }>>;
}

export interface Disclosure {
  readonly provider: string;
  readonly event: ProviderEvent;
}

/** The provider supervises the sentence: it is told all of it, field by field. */
function providerSentence(sentence: Sentence): Sentence {
  return {
    type: sentence.type,
    kind: sentence.kind,
    lengthMonths: sentence.lengthMonths,
    custodialTermMonths: sentence.custodialTermMonths,
    offenceCategory: sentence.offenceCategory,
    imposedOn: sentence.imposedOn,
    requirements: [...sentence.requirements],
    licenceConditions: [...sentence.licenceConditions],
  };
}

/** What one event changes in the seam: the rules of `evolveSeam`, kept apart from how they are applied. */
type SeamChange =
  | { readonly kind: 'start'; readonly seam: SeamState }
  | { readonly kind: 'provider-item'; readonly itemId: string; readonly provider: string }
  | { readonly kind: 'managed-by'; readonly managedBy: string }
  | { readonly kind: 'draft'; readonly recallAdviceId: string; readonly draft: { rationale: string; basedOn: string[] } }
  | { readonly kind: 'draft-closed'; readonly recallAdviceId: string }
  | { readonly kind: 'none' };

function seamChangeOf(seam: SeamState | undefined, event: CaseEvent): SeamChange {
  if (event.type === 'case.allocated') {
    return { kind: 'start', seam: { crn: event.data.crn, managedBy: event.data.allocatedTo, providerItems: {}, recallDrafts: {} } };
  }
  if (!seam) throw new Error(`${event.type} cannot come before case.allocated`);
  switch (event.type) {
    case 'escalation.requested':
      return { kind: 'provider-item', itemId: event.data.escalationId, provider: event.actor.provider ?? seam.managedBy };
    case 'breach-pack.submitted':
      return { kind: 'provider-item', itemId: event.data.breachPackId, provider: event.actor.provider ?? seam.managedBy };
    // Breach proceedings due are the holding provider's, as its own requests are.
    case 'breach.due':
      return { kind: 'provider-item', itemId: event.data.breachDueId, provider: event.data.heldBy };
    // What an intervention provider records on the public service's case is its own to follow, as a request is.
    case 'risk-information.recorded': {
      const { riskInformationId, recordedByProvider, heldBy } = event.data;
      return recordedByProvider && heldBy === NPS
        ? { kind: 'provider-item', itemId: riskInformationId, provider: recordedByProvider }
        : { kind: 'none' };
    }
    case 'compliance.failure-recorded':
    case 'compliance.warning-recorded':
    case 'risk-information.handed-over':
    case 'intervention.referred':
    case 'breach.waived':
    case 'item.fulfilled':
    case 'breach.court-stage-recorded':
    case 'recall-advice.due':
      return { kind: 'none' };
    case 'case.transferred-to-nps':
      return { kind: 'managed-by', managedBy: NPS };
    case 'case.reassessed':
      return event.data.outcome === 'MOVED_TO_NPS' ? { kind: 'managed-by', managedBy: NPS } : { kind: 'none' };
    case 'case.moved-area':
      return { kind: 'managed-by', managedBy: event.data.managedBy };
    case 'transfer.requested':
    case 'transfer.decided':
    case 'risk-information.acknowledged':
    case 'risk-information.reviewed':
      return { kind: 'none' };
    // What an issue will tell the provider is the advice as it stands then: drafted, or revised after a return.
    case 'recall-advice.drafted':
    case 'recall-advice.revised': {
      const { recallAdviceId, rationale, basedOn } = event.data;
      return { kind: 'draft', recallAdviceId, draft: { rationale, basedOn } };
    }
    case 'recall-advice.issued':
    case 'recall-advice.withdrawn':
      return { kind: 'draft-closed', recallAdviceId: event.data.recallAdviceId };
    case 'recall-advice.returned':
    case 'recall.progressed':
      return { kind: 'none' };
    case 'item.claimed':
    case 'item.released':
    case 'item.claim-expired':
    case 'item.withdrawn':
    case 'case.closed':
    case 'escalation.information-requested':
    case 'escalation.information-provided':
    case 'escalation.information-withdrawn':
    case 'escalation.decided':
    case 'breach-pack.decided':
    case 'recall-advice.countersigned-by-spo':
    case 'recall-advice.countersigned-by-aco':
    case 'item.became-overdue':
    case 'rosh.reviewed':
    case 'mappa.changed':
    case 'sentence.recorded':
    case 'public-interest.recorded':
      return { kind: 'none' };
    default:
      return assertNever(event);
  }
}

/** The seam after one more event. */
export function evolveSeam(seam: SeamState | undefined, event: CaseEvent): SeamState {
  const change = seamChangeOf(seam, event);
  const current = seam as SeamState; // defined for every change but 'start'
  switch (change.kind) {
    case 'start':
      return change.seam;
    case 'provider-item':
      return { ...current, providerItems: { ...current.providerItems, [change.itemId]: change.provider } };
    case 'managed-by':
      return { ...current, managedBy: change.managedBy };
    case 'draft':
      return { ...current, recallDrafts: { ...current.recallDrafts, [change.recallAdviceId]: change.draft } };
    case 'draft-closed': {
      const { [change.recallAdviceId]: _closed, ...stillDrafts } = current.recallDrafts;
      return { ...current, recallDrafts: stillDrafts };
    }
    case 'none':
      return current;
  }
}

/**
 * The seam of one case followed event by event, for folds over a whole case (a timeline, a provider's
 * revisions). `evolveSeam` copies what the seam keeps on each event, so a fold with it costs the square
 * of the case's size; this changes its own copy in place, at a constant cost per event.
 */
export class SeamFold {
  private seam:
    | { crn: string; managedBy: string; providerItems: Record<string, string>; recallDrafts: SeamState['recallDrafts'] }
    | undefined;

  /** What `event` discloses, given the events folded so far. */
  disclosureOf(event: CaseEvent, id: string): Disclosure | undefined {
    return disclosureOf(this.seam, event, id);
  }

  add(event: CaseEvent): void {
    const change = seamChangeOf(this.seam, event);
    if (change.kind === 'start') {
      this.seam = { ...change.seam, providerItems: {}, recallDrafts: {} };
      return;
    }
    const seam = this.seam as NonNullable<SeamFold['seam']>;
    switch (change.kind) {
      case 'provider-item':
        seam.providerItems[change.itemId] = change.provider;
        return;
      case 'managed-by':
        seam.managedBy = change.managedBy;
        return;
      case 'draft':
        seam.recallDrafts = { ...seam.recallDrafts, [change.recallAdviceId]: change.draft };
        return;
      case 'draft-closed': {
        const { [change.recallAdviceId]: _closed, ...stillDrafts } = seam.recallDrafts;
        seam.recallDrafts = stillDrafts;
        return;
      }
      case 'none':
        return;
    }
  }

  /** The seam so far. It shares this fold's maps: evolve it (which copies), never change it. */
  get current(): SeamState | undefined {
    return this.seam;
  }
}

/**
 * What of the seam `disclosureOf` and `evolveSeam` read for `event`, beyond its crn and manager: the
 * provider item it names, the recall draft it names, (for an issue) that draft's basedOn items, and
 * (for a closure) the items withdrawn with the case.
 * A seam holding only these gives the same answers as the whole seam, so a read model can keep the
 * seam as rows and load only these (`basedOn` once the draft is loaded).
 */
export function seamEntriesOf(event: CaseEvent, draft?: { basedOn: readonly string[] }): { itemIds: string[]; recallAdviceId?: string } {
  const itemId = itemIdOf(event);
  switch (event.type) {
    case 'recall-advice.drafted':
    case 'recall-advice.revised':
    case 'recall-advice.issued':
    case 'recall-advice.withdrawn':
      return { itemIds: [...(draft?.basedOn ?? [])], recallAdviceId: event.data.recallAdviceId };
    case 'case.closed':
      // Which of the withdrawn items were the provider's own.
      return { itemIds: [...event.data.withdrawnItems] };
    case 'case.transferred-to-nps':
      // Whether the escalation that moved the case was the provider's own.
      return { itemIds: [event.data.escalationId] };
    default:
      return { itemIds: itemId ? [itemId] : [] };
  }
}

/**
 * What, if anything, one internal event discloses, and to which provider. `seam` is the case just
 * before the event; `id` is the recorded event's id, which the provider event keeps.
 */
export function disclosureOf(seam: SeamState | undefined, event: CaseEvent, id: string): Disclosure | undefined {
  if (event.type === 'case.allocated') {
    const { data } = event;
    if (data.allocatedTo === NPS) return undefined;
    const sentence = providerSentence(data.sentence);
    return {
      provider: data.allocatedTo,
      event: {
        ...envelope(id, data.crn, event.occurredAt),
        type: 'case.allocated',
        data: { ldu: data.ldu, sentence, rosh: data.rosh, victimContactEligible: data.victimContactEligible, reason: data.reason },
      },
    };
  }
  if (
    seam &&
    (event.type === 'risk-information.recorded' ||
      event.type === 'risk-information.acknowledged' ||
      event.type === 'risk-information.reviewed')
  )
    return riskInformationDisclosure(seam, event, id);
  if (!seam || seam.managedBy === NPS) return undefined;
  const provider = seam.managedBy;
  const to = (event: ProviderEvent): Disclosure => ({ provider, event });
  const base = envelope(id, seam.crn, event.occurredAt);
  if (event.type === 'case.moved-area') {
    // The receiving area's provider is told the case as the first it sees of it; the provider it leaves was told by the decision.
    const { data } = event;
    if (data.managedBy === NPS || data.managedBy === provider) return undefined;
    return {
      provider: data.managedBy,
      event: {
        ...base,
        type: 'case.allocated',
        data: {
          ldu: data.toLdu,
          sentence: providerSentence(data.sentence),
          rosh: data.rosh,
          victimContactEligible: data.victimContactEligible,
          reason: data.reason,
        },
      },
    };
  }
  const raisedByManager = (itemId: string) => seam.providerItems[itemId] === provider;

  switch (event.type) {
    case 'escalation.requested':
      return event.actor.provider === provider
        ? to({ ...base, type: 'escalation.recorded', data: escalationRecorded(event.data) })
        : undefined;
    case 'breach-pack.submitted':
      return event.actor.provider === provider
        ? to({ ...base, type: 'breach-pack.recorded', data: breachPackRecorded(event.data) })
        : undefined;
    case 'escalation.decided': {
      const { data } = event;
      if (!raisedByManager(data.escalationId)) return undefined;
      const decided: ProviderEscalationDecided['data'] = {
        escalationId: data.escalationId,
        outcome: data.outcome,
        rationale: data.rationale,
        advice: data.advice,
        revisedRosh: data.revisedRosh,
        dueAt: data.dueAt,
        late: data.late,
      };
      return to({ ...base, type: 'escalation.decided', data: decided });
    }
    case 'escalation.information-requested': {
      const { data } = event;
      if (!raisedByManager(data.escalationId)) return undefined;
      return to({
        ...base,
        type: 'escalation.information-requested',
        data: { escalationId: data.escalationId, questions: [...data.questions], rationale: data.rationale, answerDueAt: data.answerDueAt },
      });
    }
    case 'escalation.information-provided': {
      const { data } = event;
      if (!raisedByManager(data.escalationId)) return undefined;
      return to({
        ...base,
        type: 'escalation.answer-recorded',
        data: {
          escalationId: data.escalationId,
          answer: data.answer,
          answeredBy: data.answeredBy,
          answerDueAt: data.answerDueAt,
          late: data.late,
          dueAt: data.dueAt,
        },
      });
    }
    case 'breach-pack.decided': {
      const { data } = event;
      if (!raisedByManager(data.breachPackId)) return undefined;
      const decided: ProviderBreachPackDecided['data'] = {
        breachPackId: data.breachPackId,
        outcome: data.outcome,
        rationale: data.rationale,
        dueAt: data.dueAt,
        late: data.late,
      };
      return to({ ...base, type: 'breach-pack.decided', data: decided });
    }
    case 'item.became-overdue': {
      const { data } = event;
      if ((data.kind !== 'ESCALATION' && data.kind !== 'BREACH_PACK') || !raisedByManager(data.itemId)) return undefined;
      return to({ ...base, type: 'item.overdue', data: { itemId: data.itemId, kind: data.kind, dueAt: data.dueAt } });
    }
    case 'case.transferred-to-nps':
      if (event.data.fromProvider !== provider) return undefined;
      // Moved by a decision on an escalation another provider raised before the case came here: the case's move
      // is this provider's to know, that escalation is not.
      return to({
        ...base,
        type: 'case.transferred',
        data: {
          to: NPS,
          escalationId: raisedByManager(event.data.escalationId) ? event.data.escalationId : null,
          rationale: event.data.rationale,
        },
      });
    case 'case.reassessed':
      // The provider is told the case left it, and why; not the review that led there (deliberation).
      if (event.data.outcome !== 'MOVED_TO_NPS' || event.data.fromProvider !== provider) return undefined;
      return to({ ...base, type: 'case.transferred', data: { to: NPS, escalationId: null, rationale: event.data.reason } });
    case 'sentence.recorded':
      // The provider supervises the new sentence: it is told all of it (the reassessment after it may still move the case).
      return to({
        ...base,
        type: 'sentence.recorded',
        data: { sentence: providerSentence(event.data.sentence), victimContactEligible: event.data.victimContactEligible },
      });
    case 'rosh.reviewed':
    case 'mappa.changed':
    case 'public-interest.recorded':
      return undefined;
    case 'transfer.decided':
      // The provider managing the case is told where it went once the receiving area accepted it; a refusal stays inside.
      if (event.data.outcome !== 'ACCEPTED') return undefined;
      return to({
        ...base,
        type: 'case.moved-area',
        data: { toLdu: event.data.toLdu, to: event.data.toProvider, rationale: event.data.rationale },
      });
    // A request to another area is the public service's deliberation; the move itself is told above.
    case 'transfer.requested':
      return undefined;
    // Told above, to the provider it concerns (riskInformationDisclosure).
    case 'risk-information.recorded':
    case 'risk-information.acknowledged':
    case 'risk-information.reviewed':
      return undefined;
    case 'recall-advice.issued': {
      const { data } = event;
      const draft = seam.recallDrafts[data.recallAdviceId];
      if (!draft) return undefined;
      return to({
        ...base,
        type: 'recall-advice.issued',
        data: {
          recallAdviceId: data.recallAdviceId,
          recallType: data.recallType,
          emergency: data.emergency,
          rationale: draft.rationale,
          basedOn: draft.basedOn.filter(raisedByManager),
        },
      });
    }
    case 'compliance.failure-recorded': {
      if (event.actor.provider !== provider) return undefined;
      const { failureId, requestId, date, requirement, acceptable, judgedBy, details } = event.data;
      return to({
        ...base,
        type: 'compliance.failure-recorded',
        data: { failureId, requestId, date, requirement, acceptable, judgedBy, details },
      });
    }
    case 'compliance.warning-recorded': {
      if (event.actor.provider !== provider) return undefined;
      const { warningId, requestId, issuedOn, failureIds, issuedBy, details } = event.data;
      return to({
        ...base,
        type: 'compliance.warning-recorded',
        data: { warningId, requestId, issuedOn, failureIds: [...failureIds], issuedBy, details },
      });
    }
    case 'breach.due': {
      if (event.data.heldBy !== provider) return undefined;
      const { breachDueId, failureId, warningId, reason, dueAt } = event.data;
      return to({ ...base, type: 'breach.due', data: { breachDueId, failureId, warningId, reason, dueAt } });
    }
    case 'breach.waived':
      if (!raisedByManager(event.data.breachDueId)) return undefined;
      return to({ ...base, type: 'breach.waived', data: { breachDueId: event.data.breachDueId, reason: event.data.reason } });
    case 'breach.court-stage-recorded': {
      // Its own breach, at court: each stage and the outcome; the details stay inside.
      if (!raisedByManager(event.data.breachPackId)) return undefined;
      const { breachPackId, stage, on, outcome } = event.data;
      return to({ ...base, type: 'breach.court-stage-recorded', data: { breachPackId, stage, on, outcome } });
    }
    // The provider knows it sent the breach pack; recall advice due is the public service's own work. Information
    // handed over follows a move the provider was told of, and nothing after a move reaches it; a referral to an
    // intervention reaches the provider through the referral itself, not the hub.
    case 'item.fulfilled':
    case 'recall-advice.due':
    case 'risk-information.handed-over':
    case 'intervention.referred':
      return undefined;
    case 'recall.progressed':
      // What followed a recall is the case's to know (supervision stops while the person is in custody); the
      // details recorded with it stay inside.
      return to({
        ...base,
        type: 'recall.progressed',
        data: { recallAdviceId: event.data.recallAdviceId, step: event.data.step, happenedAt: event.data.happenedAt },
      });
    case 'case.closed': {
      // The provider managing the case is told it ended, why, and which of its own requests closed with it.
      const { reason, details, closedOn, withdrawnItems } = event.data;
      return to({
        ...base,
        type: 'case.closed',
        data: { reason, details, closedOn, withdrawnItems: withdrawnItems.filter(raisedByManager) },
      });
    }
    // Told inside case.closed, which lists the provider's own withdrawn items; a lapsed question follows a move
    // the provider is told of (or one away from another provider).
    case 'item.withdrawn':
    case 'escalation.information-withdrawn':
      return undefined;
    // The public service's deliberation: never disclosed.
    case 'item.claimed':
    case 'item.released':
    case 'item.claim-expired':
    case 'recall-advice.drafted':
    case 'recall-advice.returned':
    case 'recall-advice.revised':
    case 'recall-advice.withdrawn':
    case 'recall-advice.countersigned-by-spo':
    case 'recall-advice.countersigned-by-aco':
      return undefined;
    default:
      return assertNever(event);
  }
}

/**
 * Information bearing on risk reaches the provider it concerns: the one that recorded it (what it recorded
 * and what came of it, while the case is its own or the public service's, to which it delivers an
 * intervention), or the one that holds it while it manages the case (for its responsible officer). Never
 * both: only a managing provider records on a case a provider holds. The review's reasons go only to the
 * provider that held it.
 */
function riskInformationDisclosure(
  seam: SeamState,
  event: Extract<CaseEvent, { type: 'risk-information.recorded' | 'risk-information.acknowledged' | 'risk-information.reviewed' }>,
  id: string,
): Disclosure | undefined {
  const { heldBy, recordedByProvider, riskInformationId } = event.data;
  // The recorder hears what came of it while it manages the case, or when it recorded it as the public service's
  // intervention provider; once the case left a recorder that managed it, nothing recorded later reaches it.
  const asInterventionProvider =
    event.type === 'risk-information.recorded' ? heldBy === NPS : seam.providerItems[riskInformationId] === recordedByProvider;
  const recorder = recordedByProvider && (seam.managedBy === recordedByProvider || asInterventionProvider) ? recordedByProvider : undefined;
  const provider = recorder ?? (heldBy !== NPS && seam.managedBy === heldBy ? heldBy : undefined);
  if (!provider) return undefined;
  const base = envelope(id, seam.crn, event.occurredAt);
  switch (event.type) {
    case 'risk-information.recorded': {
      const { data } = event;
      return {
        provider,
        event: {
          ...base,
          type: 'risk-information.recorded',
          data: {
            riskInformationId: data.riskInformationId,
            source: data.source,
            channel: data.channel,
            knownAt: data.knownAt,
            threat: data.threat,
            summary: data.summary,
            dueAt: data.dueAt,
            recordedBy: data.recordedByProvider ?? NPS,
            heldBy: data.heldBy,
          },
        },
      };
    }
    case 'risk-information.acknowledged':
      return {
        provider,
        event: {
          ...base,
          type: 'risk-information.acknowledged',
          data: { riskInformationId: event.data.riskInformationId, late: event.data.late },
        },
      };
    case 'risk-information.reviewed': {
      const { data } = event;
      return {
        provider,
        event: {
          ...base,
          type: 'risk-information.reviewed',
          data: {
            riskInformationId: data.riskInformationId,
            outcome: data.outcome,
            rationale: heldBy === provider ? data.rationale : null,
            late: data.late,
          },
        },
      };
    }
  }
}

/** Every disclosure of a case's history, in order, for one provider or all. */
export function disclosuresOf(history: Iterable<{ event: CaseEvent; id: string }>, provider?: string): Disclosure[] {
  const disclosures: Disclosure[] = [];
  const fold = new SeamFold();
  for (const { event, id } of history) {
    const disclosure = fold.disclosureOf(event, id);
    if (disclosure && (provider === undefined || disclosure.provider === provider)) disclosures.push(disclosure);
    fold.add(event);
  }
  return disclosures;
}

function envelope(id: string, crn: string, occurredAt: string) {
  return { id, version: PROVIDER_EVENT_VERSION, crn, occurredAt } as const;
}

function escalationRecorded(data: Extract<CaseEvent, { type: 'escalation.requested' }>['data']): ProviderEscalationRecorded['data'] {
  return {
    escalationId: data.escalationId,
    requestId: data.requestId,
    raisedBy: data.raisedBy,
    proposedRosh: data.proposedRosh,
    urgency: data.urgency,
    triggers: [...data.triggers],
    summary: data.summary,
    dueAt: data.dueAt,
  };
}

function breachPackRecorded(data: Extract<CaseEvent, { type: 'breach-pack.submitted' }>['data']): ProviderBreachPackRecorded['data'] {
  return {
    breachPackId: data.breachPackId,
    requestId: data.requestId,
    requirement: data.requirement,
    failures: data.failures.map((failure) => ({ date: failure.date, description: failure.description })),
    warningsIssued: data.warningsIssued,
    providerRecommendation: data.providerRecommendation,
    summary: data.summary,
    dueAt: data.dueAt,
  };
}

/** A provider's escalation or breach pack as the provider may see it. */
export type ProviderItemView =
  | (ProviderEscalationRecorded['data'] &
      ProviderItemProgress<'ESCALATION', Omit<ProviderEscalationDecided['data'], 'escalationId' | 'dueAt'>> & {
        /** The public service's questions on it, oldest first, each with the provider's answer once given. */
        readonly informationRequests: ProviderInformationRequestView[];
      })
  | (ProviderBreachPackRecorded['data'] &
      ProviderItemProgress<'BREACH_PACK', Omit<ProviderBreachPackDecided['data'], 'breachPackId' | 'dueAt'>> & {
        /** Returned to court: its stages there, in order. */
        readonly court: { stage: CourtStage; on: string; outcome: CourtOutcome | null }[];
      });

export interface ProviderInformationRequestView {
  readonly questions: string[];
  readonly rationale: string;
  readonly askedAt: string;
  readonly answerDueAt: string;
  readonly answer: { readonly text: string; readonly answeredBy: string; readonly answeredAt: string; readonly late: boolean } | null;
}

interface ProviderItemProgress<K, D> {
  readonly itemId: string;
  readonly kind: K;
  readonly recordedAt: string;
  readonly overdue: boolean;
  readonly open: boolean;
  readonly decision: (D & { decidedAt: string }) | null;
}

/** A case as one provider may see it: built only from what was disclosed to it. */
export interface ProviderCaseView {
  readonly crn: string;
  readonly ldu: string;
  /** The provider while it manages the case; 'NPS' once the case has moved to the public service. */
  readonly managedBy: string;
  readonly allocatedAt: string;
  readonly allocationReason: string;
  readonly sentence: Sentence;
  /** As allocated, or as revised by a decision the provider received. */
  readonly rosh: RoshLevel;
  readonly victimContactEligible: boolean;
  readonly transferredAt: string | null;
  /** Set once the case closed while the provider managed it. */
  readonly closure: { readonly reason: ClosureReason; readonly details: string | null; readonly closedOn: string } | null;
  readonly items: ProviderItemView[];
  readonly recallAdvice: {
    recallAdviceId: string;
    recallType: RecallType;
    emergency: boolean;
    rationale: string;
    basedOn: string[];
    issuedAt: string;
    /** What followed it, in order. */
    progress: { step: RecallStep; happenedAt: string }[];
  }[];
  /** Information bearing on risk it recorded, or holds for its responsible officer, and what came of it. */
  readonly riskInformation: ProviderRiskInformationView[];
  /** The failures to comply and formal warnings it recorded, and breach proceedings that fell due. */
  readonly compliance: {
    failures: ProviderFailureToComplyRecorded['data'][];
    warnings: ProviderWarningRecorded['data'][];
    breachDue: (ProviderBreachDue['data'] & { waived: string | null })[];
  };
}

export type ProviderRiskInformationView = ProviderRiskInformationRecorded['data'] & {
  readonly recordedAt: string;
  readonly acknowledgedAt: string | null;
  readonly review: { outcome: RiskReviewOutcome; rationale: string | null; late: boolean; reviewedAt: string } | null;
};

/** Folds the events disclosed to one provider about one case; undefined if it was never shown the case. */
export function providerCaseView(provider: string, events: Iterable<ProviderEvent>): ProviderCaseView | undefined {
  let view: ProviderCaseView | undefined;
  const items = new Map<string, ProviderItemView>();
  const update = (itemId: string, change: (item: ProviderItemView) => ProviderItemView) => {
    const item = items.get(itemId);
    if (item) items.set(itemId, change(item));
  };
  for (const event of events) {
    if (event.type === 'case.allocated') {
      view = {
        crn: event.crn,
        ldu: event.data.ldu,
        managedBy: provider,
        allocatedAt: event.occurredAt,
        allocationReason: event.data.reason,
        sentence: event.data.sentence,
        rosh: event.data.rosh,
        victimContactEligible: event.data.victimContactEligible,
        transferredAt: null,
        closure: null,
        items: [],
        recallAdvice: [],
        riskInformation: [],
        compliance: { failures: [], warnings: [], breachDue: [] },
      };
      continue;
    }
    if (!view) continue;
    switch (event.type) {
      case 'escalation.recorded':
        items.set(event.data.escalationId, {
          ...event.data,
          itemId: event.data.escalationId,
          kind: 'ESCALATION',
          recordedAt: event.occurredAt,
          overdue: false,
          open: true,
          decision: null,
          informationRequests: [],
        });
        break;
      case 'escalation.information-requested': {
        const { questions, rationale, answerDueAt } = event.data;
        update(event.data.escalationId, (item) =>
          item.kind === 'ESCALATION'
            ? {
                ...item,
                informationRequests: [
                  ...item.informationRequests,
                  { questions, rationale, answerDueAt, askedAt: event.occurredAt, answer: null },
                ],
              }
            : item,
        );
        break;
      }
      case 'escalation.answer-recorded': {
        const { answer, answeredBy, late, dueAt } = event.data;
        update(event.data.escalationId, (item) =>
          item.kind === 'ESCALATION'
            ? {
                ...item,
                dueAt,
                informationRequests: item.informationRequests.map((request, index, all) =>
                  index === all.length - 1
                    ? { ...request, answer: { text: answer, answeredBy, answeredAt: event.occurredAt, late } }
                    : request,
                ),
              }
            : item,
        );
        break;
      }
      case 'breach-pack.recorded':
        items.set(event.data.breachPackId, {
          ...event.data,
          itemId: event.data.breachPackId,
          kind: 'BREACH_PACK',
          recordedAt: event.occurredAt,
          overdue: false,
          open: true,
          decision: null,
          court: [],
        });
        break;
      case 'escalation.decided': {
        const { outcome, rationale, advice, revisedRosh, late } = event.data;
        update(event.data.escalationId, (item) =>
          item.kind === 'ESCALATION'
            ? { ...item, open: false, decision: { outcome, rationale, advice, revisedRosh, late, decidedAt: event.occurredAt } }
            : item,
        );
        if (revisedRosh) view = { ...view, rosh: revisedRosh };
        break;
      }
      case 'breach-pack.decided': {
        const { outcome, rationale, late } = event.data;
        update(event.data.breachPackId, (item) =>
          item.kind === 'BREACH_PACK'
            ? { ...item, open: false, decision: { outcome, rationale, late, decidedAt: event.occurredAt } }
            : item,
        );
        break;
      }
      case 'item.overdue':
        update(event.data.itemId, (item) => ({ ...item, overdue: true }));
        break;
      case 'case.transferred':
        view = { ...view, managedBy: event.data.to, transferredAt: event.occurredAt };
        break;
      case 'sentence.recorded':
        view = { ...view, sentence: event.data.sentence, victimContactEligible: event.data.victimContactEligible };
        break;
      case 'recall-advice.issued':
        view = { ...view, recallAdvice: [...view.recallAdvice, { ...event.data, issuedAt: event.occurredAt, progress: [] }] };
        break;
      case 'recall.progressed': {
        const { recallAdviceId, step, happenedAt } = event.data;
        view = {
          ...view,
          recallAdvice: view.recallAdvice.map((advice) =>
            advice.recallAdviceId === recallAdviceId ? { ...advice, progress: [...advice.progress, { step, happenedAt }] } : advice,
          ),
        };
        break;
      }
      case 'case.moved-area':
        view = {
          ...view,
          ldu: event.data.toLdu,
          managedBy: event.data.to,
          transferredAt: event.data.to === provider ? view.transferredAt : event.occurredAt,
        };
        break;
      case 'risk-information.recorded':
        view = {
          ...view,
          riskInformation: [...view.riskInformation, { ...event.data, recordedAt: event.occurredAt, acknowledgedAt: null, review: null }],
        };
        break;
      case 'risk-information.acknowledged': {
        const { riskInformationId } = event.data;
        const at = event.occurredAt;
        view = {
          ...view,
          riskInformation: view.riskInformation.map((entry) =>
            entry.riskInformationId === riskInformationId ? { ...entry, acknowledgedAt: at } : entry,
          ),
        };
        break;
      }
      case 'risk-information.reviewed': {
        const { riskInformationId, outcome, rationale, late } = event.data;
        const review = { outcome, rationale, late, reviewedAt: event.occurredAt };
        view = {
          ...view,
          riskInformation: view.riskInformation.map((entry) =>
            entry.riskInformationId === riskInformationId ? { ...entry, review } : entry,
          ),
        };
        break;
      }
      case 'compliance.failure-recorded':
        view = { ...view, compliance: { ...view.compliance, failures: [...view.compliance.failures, event.data] } };
        break;
      case 'compliance.warning-recorded':
        view = { ...view, compliance: { ...view.compliance, warnings: [...view.compliance.warnings, event.data] } };
        break;
      case 'breach.due':
        view = { ...view, compliance: { ...view.compliance, breachDue: [...view.compliance.breachDue, { ...event.data, waived: null }] } };
        break;
      case 'breach.waived': {
        const { breachDueId, reason } = event.data;
        const breachDue = view.compliance.breachDue.map((due) => (due.breachDueId === breachDueId ? { ...due, waived: reason } : due));
        view = { ...view, compliance: { ...view.compliance, breachDue } };
        break;
      }
      case 'breach.court-stage-recorded': {
        const { breachPackId, stage, on, outcome } = event.data;
        update(breachPackId, (item) => (item.kind === 'BREACH_PACK' ? { ...item, court: [...item.court, { stage, on, outcome }] } : item));
        break;
      }
      case 'case.closed': {
        const { reason, details, closedOn, withdrawnItems } = event.data;
        for (const itemId of withdrawnItems) update(itemId, (item) => ({ ...item, open: false }));
        view = { ...view, closure: { reason, details, closedOn } };
        break;
      }
      default:
        return assertNever(event);
    }
  }
  return view && { ...view, items: [...items.values()] };
}

/**
 * A case's revision as one provider sees it: the number of the case's provider events it had been given
 * up to and including the first event that `matches`, counted from 0; undefined if that event was not
 * disclosed to it. A provider's answers carry this, never the case's own revision, which counts the
 * public service's deliberation too.
 */
export function providerRevisionOf(
  events: Iterable<CaseEvent>,
  provider: string,
  matches: (event: CaseEvent) => boolean,
): number | undefined {
  const fold = new SeamFold();
  let revision = -1;
  for (const event of events) {
    const disclosed = fold.disclosureOf(event, '')?.provider === provider;
    if (disclosed) revision += 1;
    if (matches(event)) return disclosed ? revision : undefined;
    fold.add(event);
  }
  return undefined;
}

/**
 * Each event's provider revision as the case is folded, in place (SeamFold), at a constant cost per
 * event: what `providerRevisionOf` counts, numbered as the events come.
 */
export class ProviderRevisionFold {
  private readonly seam = new SeamFold();
  private readonly last: Record<string, number> = {};

  /** Whether `event` is disclosed, to which provider, and as which of its revisions. */
  add(event: CaseEvent): { provider: string; revision: number } | undefined {
    const provider = this.seam.disclosureOf(event, '')?.provider;
    this.seam.add(event);
    if (provider === undefined) return undefined;
    const revision = (this.last[provider] ?? -1) + 1;
    this.last[provider] = revision;
    return { provider, revision };
  }
}
