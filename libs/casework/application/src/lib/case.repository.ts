import { randomUUID } from 'node:crypto';
import { AppendResult, EventLog, ExpectedState, WrongExpectedVersionError } from '@escalation-hub/event-store';
import { Actor, CaseEvent, CaseState, evolve, RequestIdReusedError, streamNameFor } from '@escalation-hub/casework-domain';
import { toCaseEvent, toNewEvent } from './case-event.mapper';

export interface LoadedCase {
  readonly state: CaseState | undefined;
  /** Version of the stream's last event; undefined for a case that does not exist. */
  readonly version: number | undefined;
  /** Each event with the revision it was recorded at. */
  readonly history: { event: CaseEvent; revision: number }[];
  /** Global position of the case's last event: what read models must reach to show this state. */
  readonly lastPosition: number | undefined;
}

/** Which case a provider's requestId belongs to, in a stream of its own: `request-<provider>-<requestId>`. */
export const REQUEST_RESERVED = 'provider-request.reserved';

/**
 * Loads a case by replaying its stream, and appends new events with optimistic concurrency.
 * Recently loaded cases are kept by version: a later load reads only the events recorded since,
 * so it is always as fresh as the store (whoever wrote to it) without replaying the whole stream.
 */
export class CaseRepository {
  private readonly recent = new Map<string, LoadedCase>();

  constructor(
    private readonly log: EventLog,
    private readonly maxCachedCases = 2000,
  ) {}

  async load(crn: string): Promise<LoadedCase> {
    const cached = this.recent.get(crn);
    let { state, version, lastPosition } = cached ?? { state: undefined, version: undefined, lastPosition: undefined };
    const history = [...(cached?.history ?? [])];
    for await (const recorded of this.log.iterateStream(streamNameFor(crn), 500, version === undefined ? 0 : version + 1)) {
      const event = toCaseEvent(recorded);
      state = evolve(state, event);
      version = recorded.streamVersion;
      lastPosition = recorded.position;
      history.push({ event, revision: recorded.streamVersion });
    }
    const loaded = { state, version, history, lastPosition };
    if (state) this.remember(crn, loaded);
    return loaded;
  }

  /**
   * Ties a provider's requestId to one case, for good. The event store's "no stream yet" check makes
   * this atomic, so two requests racing with one requestId on two cases cannot both win.
   */
  async reserveRequestId(request: { actor: Actor; requestId: string; requestFingerprint: string; crn: string }, at: Date): Promise<void> {
    const provider = request.actor.provider ?? '';
    const streamName = `request-${provider}-${request.requestId}`;
    const assertSameCase = async () => {
      const [reservation] = await this.log.readStream(streamName, { maxCount: 1 });
      if (reservation && reservation.data['crn'] !== request.crn) throw new RequestIdReusedError(request.requestId);
      return reservation !== undefined;
    };
    if (await assertSameCase()) return;
    try {
      await this.log.append(
        streamName,
        [
          {
            id: randomUUID(),
            type: REQUEST_RESERVED,
            data: { provider, requestId: request.requestId, crn: request.crn, requestFingerprint: request.requestFingerprint },
            metadata: { actor: { ...request.actor }, occurredAt: at.toISOString() },
          },
        ],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      await assertSameCase(); // someone reserved it a moment ago: fine only if for this case
    }
  }

  /** Least recently loaded cases go first once the cache is full. */
  private remember(crn: string, loaded: LoadedCase): void {
    this.recent.delete(crn);
    this.recent.set(crn, loaded);
    if (this.recent.size > this.maxCachedCases) this.recent.delete(this.recent.keys().next().value as string);
  }

  append(crn: string, events: CaseEvent[], expectedVersion: number | undefined): Promise<AppendResult> {
    const expected: ExpectedState = expectedVersion === undefined ? 'no_stream' : expectedVersion;
    return this.log.append(streamNameFor(crn), events.map(toNewEvent), expected);
  }
}
