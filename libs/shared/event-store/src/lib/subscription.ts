import type { EventStorePort, RecordedEvent } from './event-store.port';

/**
 * What a catch-up subscription reads: pages of `$all` in position order, and the signal that more was
 * appended. The event store is one; a view of it that gives each event in another shape (the integrity
 * log's leaves, read on the storage thread) is another.
 */
export type PositionedSource<E extends { readonly position: number }> = {
  readAll(options: { from?: number; maxCount?: number }): Promise<E[]>;
} & Pick<EventStorePort, 'onAppended'>;

export interface SubscribeToAllOptions<E extends { readonly position: number } = RecordedEvent> {
  /** Resume after this position (exclusive); omitted: from the very first event. */
  readonly from?: number;
  /** Receives events in position order, a batch at a time; the next batch waits for it. */
  readonly handler: (events: E[]) => Promise<void> | void;
  /** Called once, the first time the subscription has delivered all history. */
  readonly onCaughtUp?: () => void;
  readonly batchSize?: number;
  /** How often to look for writes made by other processes. */
  readonly pollIntervalMs?: number;
}

export interface AllSubscription {
  /** Resolves once history has been delivered; rejects if the subscription failed or was stopped first. */
  readonly caughtUp: Promise<void>;
  /** Settles when the subscription ends: resolves on stop(), rejects with the handler's or store's error. */
  readonly done: Promise<void>;
  /** Position of the last event the handler finished with. */
  position(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Catch-up subscription over `$all`: reads history page by page, says "caught up" once, then
 * follows live appends (woken by the store's append signal, or by polling for other processes).
 */
export function subscribeToAll<E extends { readonly position: number } = RecordedEvent>(
  port: PositionedSource<E>,
  options: SubscribeToAllOptions<E>,
): AllSubscription {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  let position = options.from;
  let stopped = false;
  let wake: (() => void) | undefined;
  let caughtUpResolve!: () => void;
  let caughtUpReject!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    caughtUpResolve = resolve;
    caughtUpReject = reject;
  });
  caughtUp.catch(() => undefined); // observed through `done` as well
  let signalled = false;
  const unsubscribe = port.onAppended(() => {
    signalled = true;
    wake?.();
  });

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (signalled || stopped) return resolve();
      const timer = setTimeout(resolve, pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let hasCaughtUp = false;
    while (!stopped) {
      signalled = false;
      const page = await port.readAll({ from: position, maxCount: batchSize });
      if (stopped) return;
      if (page.length > 0) {
        await options.handler(page);
        position = page[page.length - 1].position;
        if (page.length === batchSize) {
          // Catching up: a turn of the event loop between pages. A synchronous store (SQLite) would
          // otherwise hold the thread until the whole history is read (on the storage thread, every
          // append and read waiting behind a projector's catch-up).
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      }
      if (!hasCaughtUp) {
        hasCaughtUp = true;
        caughtUpResolve();
        options.onCaughtUp?.();
      }
      await sleep();
      wake = undefined;
    }
  };

  const done = run().then(
    () => {
      unsubscribe();
      caughtUpReject(new Error('The subscription was stopped before it caught up'));
    },
    (error: unknown) => {
      unsubscribe();
      caughtUpReject(error);
      throw error;
    },
  );
  done.catch(() => undefined); // the owner decides whether to observe failures

  return {
    caughtUp,
    done,
    position: () => position,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
