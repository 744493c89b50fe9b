import type { CaseItem, QueueItemKind } from '@escalation-hub/casework-domain';
import { COUNTERSIGNERS, NPS, pendingReturn } from '@escalation-hub/casework-domain';

/** An open item as the queue has it, with the item itself. */
export interface WorkCandidate {
  readonly itemId: string;
  readonly kind: QueueItemKind;
  readonly crn: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly claimedBy: string | null;
  readonly summary: string;
  readonly item: CaseItem;
  readonly awaitingProvider: boolean;
}

/** One list on the page: what to do, and the items to do it to. */
export interface WorkSection {
  readonly id: string;
  readonly heading: string;
  readonly items: WorkCandidate[];
}

/**
 * What is on one person's desk: what they hold; recall advice returned to them, or waiting for their
 * countersignature; information bearing on risk the public service holds, to acknowledge and then to
 * review; recall advice due; and, for an SPO or ACO, what is overdue with the providers (their officers'
 * acknowledgements and reviews, breach packs due). Source: issue 18 (a "my work" page for the responsible
 * officer: items to acknowledge, review, answer, sign; unacknowledged or unreviewed past due, visible to the SPO).
 */
export function workSections(candidates: readonly WorkCandidate[], person: string, role: string): WorkSection[] {
  const countersigner = (COUNTERSIGNERS as readonly string[]).includes(role);
  const toSign = (candidate: WorkCandidate) => {
    const { item } = candidate;
    if (item.kind !== 'RECALL_COUNTERSIGN' || pendingReturn(item) || item.authoredBy === person) return false;
    return item.spo ? role === 'aco' && item.spo.by !== person : role === 'spo';
  };
  const riskHeldByUs = (candidate: WorkCandidate, acknowledged: boolean) =>
    candidate.item.kind === 'RISK_INFORMATION' && candidate.item.heldBy === NPS && (candidate.item.acknowledged !== null) === acknowledged;
  const sections: WorkSection[] = [
    { id: 'held', heading: 'Items you hold', items: candidates.filter((candidate) => candidate.claimedBy === person) },
    {
      id: 'returned',
      heading: 'Recall advice returned to you',
      items: candidates.filter(
        ({ item }) => item.kind === 'RECALL_COUNTERSIGN' && item.authoredBy === person && pendingReturn(item) !== undefined,
      ),
    },
    { id: 'to-sign', heading: 'Recall advice for you to countersign', items: countersigner ? candidates.filter(toSign) : [] },
    {
      id: 'to-acknowledge',
      heading: 'Risk information to acknowledge',
      items: candidates.filter((candidate) => riskHeldByUs(candidate, false)),
    },
    { id: 'to-review', heading: 'Risk information to review', items: candidates.filter((candidate) => riskHeldByUs(candidate, true)) },
    { id: 'recall-due', heading: 'Recall advice due', items: candidates.filter(({ item }) => item.kind === 'RECALL_DUE') },
    {
      id: 'overdue-with-providers',
      heading: 'Overdue with providers',
      items: countersigner ? candidates.filter((candidate) => candidate.awaitingProvider && candidate.overdue) : [],
    },
  ];
  return sections;
}
