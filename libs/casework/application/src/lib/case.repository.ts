import type { AppendResult, EventLog, ExpectedState } from '@escalation-hub/event-store';
import { CaseEvent, CaseState, evolve, streamNameFor } from '@escalation-hub/casework-domain';
import { toCaseEvent, toNewEvent } from './case-event.mapper';

export interface LoadedCase {
  readonly state: CaseState | undefined;
  /** Version of the stream's last event; undefined for a case that does not exist. */
  readonly version: number | undefined;
  /** Each event with the revision it was recorded at. */
  readonly history: { event: CaseEvent; revision: number }[];
}

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
    let { state, version } = cached ?? { state: undefined, version: undefined };
    const history = [...(cached?.history ?? [])];
    for await (const recorded of this.log.iterateStream(streamNameFor(crn), 500, version === undefined ? 0 : version + 1)) {
      const event = toCaseEvent(recorded);
      state = evolve(state, event);
      version = recorded.streamVersion;
      history.push({ event, revision: recorded.streamVersion });
    }
    const loaded = { state, version, history };
    if (state) this.remember(crn, loaded);
    return loaded;
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
