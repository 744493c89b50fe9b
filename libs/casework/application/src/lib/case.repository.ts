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

/** Loads a case by replaying its stream, and appends new events with optimistic concurrency. */
export class CaseRepository {
  constructor(private readonly log: EventLog) {}

  async load(crn: string): Promise<LoadedCase> {
    let state: CaseState | undefined;
    let version: number | undefined;
    const history: LoadedCase['history'] = [];
    for await (const recorded of this.log.iterateStream(streamNameFor(crn))) {
      const event = toCaseEvent(recorded);
      state = evolve(state, event);
      version = recorded.streamVersion;
      history.push({ event, revision: recorded.streamVersion });
    }
    return { state, version, history };
  }

  append(crn: string, events: CaseEvent[], expectedVersion: number | undefined): Promise<AppendResult> {
    const expected: ExpectedState = expectedVersion === undefined ? 'no_stream' : expectedVersion;
    return this.log.append(streamNameFor(crn), events.map(toNewEvent), expected);
  }
}
