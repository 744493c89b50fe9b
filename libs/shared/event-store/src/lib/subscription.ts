import type { EventStorePort, RecordedEvent } from './event-store.port';

export interface SubscribeToAllOptions {
  /** Resume after this position (exclusive); omitted: from the very first event. */
  readonly from?: number;
  /** Receives events in position order, a batch at a time; the next batch waits for it. */
  readonly handler: (events: RecordedEvent[]) => Promise<void> | void;
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
export function subscribeToAll(port: EventStorePort, options: SubscribeToAllOptions): AllSubscription {
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
        if (page.length === batchSize) continue;
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
