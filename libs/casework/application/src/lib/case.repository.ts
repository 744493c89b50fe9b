import { EventLog, ExpectedState, LoggedAppend } from '@escalation-hub/event-store';
import {
  Actor,
  CaseEvent,
  CaseFold,
  CaseState,
  itemIdOf,
  ProviderRevisionFold,
  RequestIdReusedError,
  requestKeyOf,
  streamNameFor,
} from '@escalation-hub/casework-domain';
import { toCaseEvent, toNewEvent } from './case-event.mapper';

type HistoryEntry = { event: CaseEvent; revision: number; disclosed?: { provider: string; revision: number } };

export interface LoadedCase {
  /**
   * The case at `version`, however much later this is read. Read it where it is used: the object it
   * gives shares the case's items while they are current, so keeping it across an await can show later ones.
   */
  readonly state: CaseState | undefined;
  /** Version of the stream's last event; undefined for a case that does not exist. */
  readonly version: number | undefined;
  /**
   * Each event with the revision it was recorded at and, if a provider was shown it, that provider's
   * revision of the case. Shared by every snapshot of the case this process holds (see KnownCase): a
   * snapshot may see entries after its own `version` (later events of the same stream), never different ones.
   */
  readonly history: readonly HistoryEntry[];
  /** The history entry of the first event naming each item (the one that opened it). */
  readonly openedBy: ReadonlyMap<string, HistoryEntry>;
  /** How many provider requests were open at `version` (the cap's count, kept as the case is folded). */
  readonly openProviderRequests: number;
  /** Global position of the case's last event: what read models must reach to show this state. */
  readonly lastPosition: number | undefined;
  /** The stream's last event as stored (version and hash): new events are sealed onto it. */
  readonly head: { readonly streamVersion: number; readonly hash: string } | undefined;
}

/** An event of the case at its stream version, with what the store says of it when read back. */
interface CaseEventAt {
  readonly event: CaseEvent;
  readonly streamVersion: number;
  readonly position?: number;
  readonly hash?: string;
}

/**
 * One case as this process knows it, folded in place one event at a time (CaseFold, ProviderRevisionFold),
 * so adding an event costs the same however many items the case holds. A stream has one event at each
 * version, so an event is added once, in order; one already added (through another snapshot) is skipped.
 * A snapshot still shows the case at its own version after the fold has moved on: read while nothing
 * was added since, its state is the fold's own (no copy); read later, it is replayed from the history
 * up to that version, which only happens when commands on one case overlap.
 */
class KnownCase {
  private readonly fold = new CaseFold();
  private readonly revisions = new ProviderRevisionFold();
  private readonly history: HistoryEntry[] = [];
  private readonly openedBy = new Map<string, HistoryEntry>();
  private lastPosition: number | undefined;
  private head: LoadedCase['head'];

  get version(): number | undefined {
    return this.history.length === 0 ? undefined : this.history.length - 1;
  }

  add({ event, streamVersion, position, hash }: CaseEventAt): void {
    if (streamVersion < this.history.length) return;
    if (streamVersion > this.history.length)
      throw new Error(`Case history has ${this.history.length} events; cannot add version ${streamVersion}`);
    // The case fold refuses an event it cannot apply before changing anything, and the revision fold
    // reads the same seam rules, so an event is either in both folds and the history or in none.
    this.fold.add(event);
    const disclosed = this.revisions.add(event);
    const entry: HistoryEntry = disclosed ? { event, revision: streamVersion, disclosed } : { event, revision: streamVersion };
    this.history.push(entry);
    const itemId = itemIdOf(event);
    if (itemId !== undefined && !this.openedBy.has(itemId)) this.openedBy.set(itemId, entry);
    // Appended events bring their position and hash from the append's answer instead.
    if (position !== undefined) this.lastPosition = position;
    if (hash !== undefined) this.head = { streamVersion, hash };
  }

  /** After an append: where its last event was stored, and its hash (absent when the store kept an earlier one). */
  appended(appended: LoggedAppend): void {
    if (appended.lastVersion !== this.version) return; // read back further already: that is fresher
    this.lastPosition = appended.lastPosition;
    if (appended.lastHash !== undefined) this.head = { streamVersion: appended.lastVersion, hash: appended.lastHash };
    // A retry the store had already (alreadyStored) brings no hash: keep the one read back with that event, if any.
    else if (this.head?.streamVersion !== appended.lastVersion) this.head = undefined;
  }

  /** The case now, or at `at` (an earlier version: where and with what hash its last event was stored). */
  snapshot(at?: { version: number; lastPosition: number; head: LoadedCase['head'] }): LoadedCase {
    const version = at ? at.version : this.version;
    let replayed: CaseFold | undefined;
    // The fold while it is still at `version`, else the case replayed up to it (once per snapshot).
    const foldAt = (): CaseFold => {
      if (version === this.version) return this.fold;
      if (!replayed) {
        replayed = new CaseFold();
        for (const entry of this.history.slice(0, (version ?? -1) + 1)) replayed.add(entry.event);
      }
      return replayed;
    };
    return {
      get state() {
        return foldAt().state;
      },
      get openProviderRequests() {
        return foldAt().openProviderRequests;
      },
      version,
      history: this.history,
      openedBy: this.openedBy,
      lastPosition: at ? at.lastPosition : this.lastPosition,
      head: at ? at.head : this.head,
    };
  }
}

const NO_CASE: LoadedCase = {
  state: undefined,
  version: undefined,
  history: [],
  openedBy: new Map(),
  openProviderRequests: 0,
  lastPosition: undefined,
  head: undefined,
};

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
  private readonly recent = new Map<string, KnownCase>();
  /** Which case each snapshot handed out was taken of, so an append made on it adds to that one. */
  private readonly snapshotsOf = new WeakMap<LoadedCase, KnownCase>();
  /** Whether the store may hold an earlier release's requestId reservations (asked once; see assertNotRecordedElsewhere). */
  private reservationsAnswer: Promise<boolean> | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly maxCachedCases = 2000,
  ) {}

  /** The case as stored now: a case this process knows is brought up to date with the events recorded since. */
  async load(crn: string): Promise<LoadedCase> {
    const known = this.recent.get(crn) ?? new KnownCase();
    const from = known.version === undefined ? 0 : known.version + 1;
    for await (const recorded of this.log.iterateStream(streamNameFor(crn), 500, from)) {
      known.add({ event: toCaseEvent(recorded), streamVersion: recorded.streamVersion, position: recorded.position, hash: recorded.hash });
    }
    if (known.version === undefined) return NO_CASE;
    this.remember(crn, known);
    return this.snapshotOf(known);
  }

  /**
   * The case as this process last loaded or appended it, without asking the store: possibly behind
   * it if another process wrote since. Only for deciding optimistically: the append at its version
   * fails if the case moved, and anything but a clean append must be decided again on a fresh load.
   */
  remembered(crn: string): LoadedCase | undefined {
    const known = this.recent.get(crn);
    return known && this.snapshotOf(known);
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
    if (other.state?.requests[requestKeyOf(request.actor.provider ?? '', request.requestId)])
      throw new RequestIdReusedError(request.requestId);
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
  private remember(crn: string, known: KnownCase): void {
    this.recent.delete(crn);
    this.recent.set(crn, known);
    if (this.recent.size > this.maxCachedCases) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** A snapshot of `known`, now or at an earlier append (see KnownCase.snapshot), that an append can add to. */
  private snapshotOf(known: KnownCase, at?: Parameters<KnownCase['snapshot']>[0]): LoadedCase {
    const snapshot = known.snapshot(at);
    this.snapshotsOf.set(snapshot, known);
    return snapshot;
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
   * came between), without reading the events back: a snapshot at the append's version, even if a load
   * meanwhile read later events. The case is remembered, so the next command on it neither folds them
   * again nor reads the head.
   */
  withAppended(crn: string, loaded: LoadedCase, events: CaseEvent[], appended: LoggedAppend): LoadedCase {
    const known = this.snapshotsOf.get(loaded) ?? new KnownCase();
    events.forEach((event, index) => known.add({ event, streamVersion: appended.firstVersion + index }));
    known.appended(appended);
    // Another snapshot of the case may have been loaded since and be further on: keep the furthest.
    const current = this.recent.get(crn);
    if (!current || current === known || (current.version ?? -1) <= (known.version ?? -1)) this.remember(crn, known);
    // The case as this append left it, even if a later one was read back meanwhile.
    const head = appended.lastHash === undefined ? undefined : { streamVersion: appended.lastVersion, hash: appended.lastHash };
    return this.snapshotOf(known, { version: appended.lastVersion, lastPosition: appended.lastPosition, head });
  }
}
