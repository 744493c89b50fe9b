import { EventLog, ExpectedState, LoggedAppend } from '@escalation-hub/event-store';
import {
  Actor,
  CaseEvent,
  CaseFold,
  ProviderRevisionFold,
  CaseState,
  evolve,
  nextProviderRevision,
  ProviderRevisions,
  RequestIdReusedError,
  requestKeyOf,
  streamNameFor,
} from '@escalation-hub/casework-domain';
import { toCaseEvent, toNewEvent } from './case-event.mapper';

type HistoryEntry = { event: CaseEvent; revision: number; disclosed?: { provider: string; revision: number } };

export interface LoadedCase {
  readonly state: CaseState | undefined;
  /** Version of the stream's last event; undefined for a case that does not exist. */
  readonly version: number | undefined;
  /**
   * Each event with the revision it was recorded at and, if a provider was shown it, that provider's
   * revision of the case. Shared by every snapshot of the case this process holds, so adding an event
   * costs the same however long the case is: a snapshot may see entries after its own `version`
   * (later events of the same stream), never different ones.
   */
  readonly history: readonly HistoryEntry[];
  /** Where the case's provider revisions stand after the last event. */
  readonly providerRevisions: ProviderRevisions | undefined;
  /** Global position of the case's last event: what read models must reach to show this state. */
  readonly lastPosition: number | undefined;
  /** The stream's last event as stored (version and hash): new events are sealed onto it. */
  readonly head: { readonly streamVersion: number; readonly hash: string } | undefined;
}

/**
 * Releases before ADR 0008 reserved a provider's requestId by appending this event to a stream of its own,
 * `request-<provider>-<requestId>`, before the case event. Stores written then still hold them.
 */
export const LEGACY_REQUEST_RESERVED = 'provider-request.reserved';

/**
 * Loads a case by replaying its stream, and appends new events with optimistic concurrency.
 * Recently loaded cases are kept by version: a later load reads only the events recorded since,
 * so it is always as fresh as the store (whoever wrote to it) without replaying the whole stream.
 */
export class CaseRepository {
  private readonly recent = new Map<string, LoadedCase>();
  /** Whether the store may hold an earlier release's requestId reservations (asked once; see assertNotRecordedElsewhere). */
  private reservationsAnswer: Promise<boolean> | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly maxCachedCases = 2000,
  ) {}

  async load(crn: string): Promise<LoadedCase> {
    const cached = this.recent.get(crn);
    let { state, version, lastPosition, providerRevisions, head } = cached ?? {
      state: undefined,
      version: undefined,
      lastPosition: undefined,
      providerRevisions: undefined,
      head: undefined,
    };
    const history = cached?.history ?? [];
    // A whole stream is folded in place (linear in the case's size); a few new events onto a cached case, by evolve.
    const fold = cached ? undefined : { case: new CaseFold(), revisions: new ProviderRevisionFold() };
    for await (const recorded of this.log.iterateStream(streamNameFor(crn), 500, version === undefined ? 0 : version + 1)) {
      const event = toCaseEvent(recorded);
      let numbered: { disclosed?: { provider: string; revision: number } };
      if (fold) {
        fold.case.add(event);
        const disclosed = fold.revisions.add(event);
        numbered = disclosed ? { disclosed } : {};
      } else {
        state = evolve(state, event);
        const next = nextProviderRevision(providerRevisions, event);
        providerRevisions = next.revisions;
        numbered = next;
      }
      version = recorded.streamVersion;
      lastPosition = recorded.position;
      head = { streamVersion: recorded.streamVersion, hash: recorded.hash };
      recordIn(history, { event, revision: recorded.streamVersion, ...(numbered.disclosed ? { disclosed: numbered.disclosed } : {}) });
    }
    if (fold) {
      state = fold.case.state;
      if (state) providerRevisions = fold.revisions.revisions;
    }
    const loaded = { state, version, history, lastPosition, providerRevisions, head };
    if (state) this.remember(crn, loaded);
    return loaded;
  }

  /**
   * The case as this process last loaded or appended it, without asking the store: possibly behind
   * it if another process wrote since. Only for deciding optimistically: the append at its version
   * fails if the case moved, and anything but a clean append must be decided again on a fresh load.
   */
  remembered(crn: string): LoadedCase | undefined {
    return this.recent.get(crn);
  }

  /**
   * A requestId an earlier release reserved for another case stays that case's, if the request was
   * recorded there. (Those releases could leave a reservation behind for a request that then failed:
   * such an orphan no longer blocks the id.) New requests need no reservation: see unique-event-ids.ts.
   * A store that can say it holds no reservations at all is asked once, not on every request.
   */
  async assertNotRecordedElsewhere(request: { actor: Actor; requestId: string; crn: string }): Promise<void> {
    if (!(await this.storeMayHoldReservations())) return;
    const [reservation] = await this.log.readStream(`request-${request.actor.provider ?? ''}-${request.requestId}`, { maxCount: 1 });
    const reservedFor = reservation?.data['crn'];
    if (typeof reservedFor !== 'string' || reservedFor === request.crn) return;
    const other = await this.load(reservedFor);
    if (other.state?.requests[requestKeyOf(request.actor.provider ?? '', request.requestId)]) throw new RequestIdReusedError(request.requestId);
  }

  private storeMayHoldReservations(): Promise<boolean> {
    const port = this.log.port;
    if (!port.hasStreamsStartingWith) return Promise.resolve(true);
    // A failed answer is not kept: the next request asks again.
    this.reservationsAnswer ??= port.hasStreamsStartingWith('request-').catch((error: unknown) => {
      this.reservationsAnswer = undefined;
      throw error;
    });
    return this.reservationsAnswer;
  }

  /** Least recently loaded cases go first once the cache is full. */
  private remember(crn: string, loaded: LoadedCase): void {
    this.recent.delete(crn);
    this.recent.set(crn, loaded);
    if (this.recent.size > this.maxCachedCases) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** Appends at the loaded version, sealed onto the loaded head (no second read of it). */
  append(crn: string, events: CaseEvent[], loaded: LoadedCase): Promise<LoggedAppend> {
    const expected: ExpectedState = loaded.version === undefined ? 'no_stream' : loaded.version;
    // No stream yet: no head. A head not known (e.g. after an idempotent retry): the log reads it.
    const knownHead = loaded.version === undefined ? null : loaded.head;
    return this.log.append(streamNameFor(crn), events.map(toNewEvent), expected, knownHead);
  }

  /**
   * The case as `loaded` plus `events`, just appended at `appended` (at the loaded version, so nothing
   * came between): what a fresh load would give, without reading the events back. It is remembered, so
   * the next command on the case neither folds them again nor reads the head.
   */
  withAppended(crn: string, loaded: LoadedCase, events: CaseEvent[], appended: LoggedAppend): LoadedCase {
    let { state, providerRevisions } = loaded;
    const history = loaded.history;
    events.forEach((event, index) => {
      state = evolve(state, event);
      const numbered = nextProviderRevision(providerRevisions, event);
      providerRevisions = numbered.revisions;
      recordIn(history, { event, revision: appended.firstVersion + index, ...(numbered.disclosed ? { disclosed: numbered.disclosed } : {}) });
    });
    const head = appended.lastHash === undefined ? undefined : { streamVersion: appended.lastVersion, hash: appended.lastHash };
    const next = { state, version: appended.lastVersion, history, providerRevisions, lastPosition: appended.lastPosition, head };
    if (state) this.remember(crn, next);
    return next;
  }
}

/**
 * Adds the stream's event at `entry.revision` to a history shared by snapshots of one case. A stream
 * has one event at each version, so an entry already there (added through another snapshot) is that
 * same event.
 */
function recordIn(history: readonly HistoryEntry[], entry: HistoryEntry): void {
  if (entry.revision < history.length) return;
  if (entry.revision > history.length) throw new Error(`Case history has ${history.length} events; cannot add version ${entry.revision}`);
  (history as HistoryEntry[]).push(entry);
}
