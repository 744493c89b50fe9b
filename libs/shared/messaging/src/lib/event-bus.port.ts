/**
 * How a process's read models receive the hub's events. Services code against this port; the
 * composition picks the adapter:
 * - in-process (the embedded hub): projectors follow the process's own event store (`$all`), in
 *   the one process that holds the storage lease;
 * - Kafka (distributed services): a consumer group reads the case-events topic, and every instance
 *   of a service takes a share of its partitions.
 * Either way each event's effect on the read models commits together with the record that it was
 * delivered, so an event is never applied twice and never skipped.
 */
export interface EventBus {
  readonly transport: 'in-process' | 'kafka';
  /** True when only the holder of the storage lease may run it (in-process projectors share one checkpoint). */
  readonly exclusive: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Read-your-writes: resolves true once the read models show the event at `position` (or false
   * after `timeoutMs`: the read models lag; the event itself is safely stored). `readModels` names
   * the ones the caller needs (all when omitted); an adapter that applies its read models together
   * waits for them all.
   */
  waitFor(position: number, timeoutMs?: number, readModels?: readonly string[]): Promise<boolean>;
  /** What /health/ready reports; `problem` makes the process not ready. */
  health(): Promise<EventBusHealth>;
}

export interface EventBusHealth {
  readonly details: Record<string, unknown>;
  readonly problem?: string;
}
