import type { EventLog, RecordedEvent } from '@escalation-hub/event-store';
import { Actor, CaseEvent, CaseState, disclosureOf, evolve, evolveSeam, SeamState, streamNameFor } from '@escalation-hub/casework-domain';
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
  /** Set on decisions (escalation, breach pack) and on issued recall advice. */
  readonly lateness?: Lateness;
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

/**
 * Replays a case from its stored events, up to a moment or a revision. Reads the stream page by
 * page, and stops at the first event past the cut (events are recorded in revision order).
 */
export async function replayCase(log: EventLog, crn: string, cut: TimelineCut = {}): Promise<CaseTimeline> {
  const entries: TimelineEntry[] = [];
  let state: CaseState | undefined;
  let seam: SeamState | undefined;
  for await (const recorded of log.iterateStream(streamNameFor(crn))) {
    if (cut.revision !== undefined && recorded.streamVersion > cut.revision) break;
    const event = toCaseEvent(recorded);
    if (cut.asOf && Date.parse(event.occurredAt) > cut.asOf.getTime()) break;
    const lateness = latenessOf(state, event);
    const disclosedTo = disclosureOf(seam, event, recorded.id)?.provider ?? null;
    state = evolve(state, event);
    seam = evolveSeam(seam, event);
    entries.push(entryOf(recorded, event, lateness, disclosedTo));
  }
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

function latenessOf(before: CaseState | undefined, event: CaseEvent): Lateness | undefined {
  const itemId =
    event.type === 'escalation.decided'
      ? event.data.escalationId
      : event.type === 'breach-pack.decided'
        ? event.data.breachPackId
        : event.type === 'recall-advice.issued'
          ? event.data.recallAdviceId
          : undefined;
  if (!itemId || !('late' in event.data)) return undefined;
  const item = before?.items[itemId];
  if (!item) return undefined;
  return {
    itemId,
    openedAt: item.openedAt,
    dueAt: item.dueAt,
    decidedAt: event.occurredAt,
    tookMs: Date.parse(event.occurredAt) - Date.parse(item.openedAt),
    late: event.data.late,
  };
}
