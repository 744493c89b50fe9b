import type { EventLog, RecordedEvent } from '@escalation-hub/event-store';
import {
  Actor,
  CaseEvent,
  CaseHead,
  CaseItem,
  CaseState,
  evolveInParts,
  itemIdOf,
  RememberedRequest,
  SeamFold,
  streamNameFor,
} from '@escalation-hub/casework-domain';
import { toCaseEvent } from '@escalation-hub/casework-application';

/** How long a decision took against the time it was due. */
export interface Lateness {
  readonly itemId: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly decidedAt: string;
  /** Milliseconds from the item's opening to this decision. */
  readonly tookMs: number;
  readonly late: boolean;
}

export interface TimelineEntry {
  readonly position: number;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly data: CaseEvent['data'];
  readonly hash: string;
  readonly previousHash: string | null;
  /** Set on decisions (escalation, breach pack, transfer, risk information's review) and on issued recall advice. */
  readonly lateness?: Lateness;
  /**
   * On a decision that says which revision of the case its decider saw: that revision, and what was
   * recorded after it and before the decision (what the decider had not seen).
   */
  readonly unseen?: { readonly seenRevision: number; readonly events: { readonly revision: number; readonly type: string }[] };
  /** The provider this event was disclosed to (as a provider event), or null: it stayed inside the public service. */
  readonly disclosedTo: string | null;
}

export interface TimelineCut {
  /** Only events that had happened (occurredAt) at or before this moment. */
  readonly asOf?: Date;
  /** Only events up to and including this revision. */
  readonly revision?: number;
}

export interface CaseTimeline {
  readonly crn: string;
  readonly entries: TimelineEntry[];
  /** The case as it stood at the cut, by the same `evolve` the write side uses; undefined before allocation. */
  readonly state: CaseState | undefined;
}

const REPLAY_PAGE_SIZE = 100;

/**
 * Replays a case from its stored events, up to a moment or a revision. Reads the stream page by
 * page, and stops at the first event past the cut (events are recorded in revision order).
 */
export async function replayCase(log: EventLog, crn: string, cut: TimelineCut = {}): Promise<CaseTimeline> {
  const entries: TimelineEntry[] = [];
  // The case in parts, so each event costs the same however many items the case has (issue 14).
  let head: CaseHead | undefined;
  const items = new Map<string, CaseItem>();
  const requests = new Map<string, RememberedRequest>();
  const seam = new SeamFold();
  for await (const recorded of log.iterateStream(streamNameFor(crn), REPLAY_PAGE_SIZE)) {
    // The embedded store reads synchronously: between pages, let other requests run (a long case would hold them up).
    if (recorded.streamVersion > 0 && recorded.streamVersion % REPLAY_PAGE_SIZE === 0) await new Promise((next) => setImmediate(next));
    if (cut.revision !== undefined && recorded.streamVersion > cut.revision) break;
    const event = toCaseEvent(recorded);
    if (cut.asOf && Date.parse(event.occurredAt) > cut.asOf.getTime()) break;
    const itemId = itemIdOf(event);
    const before = itemId ? items.get(itemId) : undefined;
    const lateness = latenessOf(before, event);
    const disclosedTo = seam.disclosureOf(event, recorded.id)?.provider ?? null;
    const next = evolveInParts(head, before, event);
    head = next.head;
    if (next.itemId && next.item) items.set(next.itemId, next.item);
    for (const [requestId, request] of next.requests) requests.set(requestId, request);
    seam.add(event);
    const entry = entryOf(recorded, event, lateness, disclosedTo);
    const seenRevision = 'seenRevision' in event.data ? event.data.seenRevision : null;
    entries.push(
      seenRevision === null
        ? entry
        : {
            ...entry,
            unseen: {
              seenRevision,
              events: entries.filter((earlier) => earlier.revision > seenRevision).map(({ revision, type }) => ({ revision, type })),
            },
          },
    );
  }
  const state: CaseState | undefined = head && { ...head, items: Object.fromEntries(items), requests: Object.fromEntries(requests) };
  return { crn, entries, state };
}

function entryOf(recorded: RecordedEvent, event: CaseEvent, lateness: Lateness | undefined, disclosedTo: string | null): TimelineEntry {
  const entry = {
    position: recorded.position,
    revision: recorded.streamVersion,
    type: recorded.type,
    occurredAt: event.occurredAt,
    recordedAt: recorded.recordedAt,
    actor: event.actor,
    data: event.data,
    hash: recorded.hash,
    previousHash: recorded.previousHash,
    disclosedTo,
  };
  return lateness ? { ...entry, lateness } : entry;
}

/** How long a decision took, for the events that close an item (`item`: the item just before). */
function latenessOf(item: CaseItem | undefined, event: CaseEvent): Lateness | undefined {
  const closes =
    event.type === 'escalation.decided' ||
    event.type === 'breach-pack.decided' ||
    event.type === 'recall-advice.issued' ||
    event.type === 'transfer.decided' ||
    event.type === 'risk-information.reviewed';
  if (!closes || !item || !('late' in event.data)) return undefined;
  return {
    itemId: item.itemId,
    openedAt: item.openedAt,
    dueAt: item.dueAt,
    decidedAt: event.occurredAt,
    tookMs: Date.parse(event.occurredAt) - Date.parse(item.openedAt),
    late: event.data.late,
  };
}
