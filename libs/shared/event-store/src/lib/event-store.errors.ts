import type { ExpectedState } from './event-store.port';

/** Base of every error the event store raises on purpose; `code` is stable and safe to match on. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not in the state the writer expected: someone else wrote first, or never wrote. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamName: string,
    readonly expected: ExpectedState,
    /** The stream's actual version; undefined when it does not exist. */
    readonly actual: number | undefined,
  ) {
    super(`Stream ${streamName}: expected ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`);
  }
}

/** The stream's last event changed between sealing and appending; reseal and try again. */
export class StreamHeadMovedError extends EventStoreError {
  readonly code = 'STREAM_HEAD_MOVED';

  constructor(readonly streamName: string) {
    super(`Stream ${streamName}: its head moved while the batch was being sealed`);
  }
}

export class EmptyAppendError extends EventStoreError {
  readonly code = 'EMPTY_APPEND';

  constructor(readonly streamName: string) {
    super(`Stream ${streamName}: an append needs at least one event`);
  }
}

/** An event id is already stored, and not as part of an identical earlier append to this stream. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';

  constructor(
    readonly streamName: string,
    readonly eventId: string,
  ) {
    super(`Stream ${streamName}: event id ${eventId} is already stored elsewhere`);
  }
}

/**
 * An event the store cannot hold as it is (an id that is not a UUID, a value JSON or RFC 8785 cannot
 * carry such as a lone surrogate, …): nothing of its batch is stored. When it comes from what someone
 * sent, it is their request that is wrong, and `problem` says what without naming the event's id.
 */
export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  /** What is wrong, e.g. `data.summary holds a lone surrogate, which is not Unicode text`. */
  readonly problem: string;

  constructor(
    problem: string,
    /** The event it is wrong in, when there is one to name. */
    readonly eventId?: string,
  ) {
    super(eventId === undefined ? problem : `Event ${eventId}: ${problem}`);
    this.problem = problem;
  }
}

export class EventStoreClosedError extends EventStoreError {
  readonly code = 'EVENT_STORE_CLOSED';

  constructor() {
    super('The event store is closed');
  }
}
