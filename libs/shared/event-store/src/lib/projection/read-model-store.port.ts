import type { RecordedEvent } from '../event-store.port';

/** A named read model, built only from events. Bump `version` when its shape changes: it is rebuilt. */
export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
}

/**
 * Where a kind of projection keeps its read model and its checkpoint. The two are always
 * committed together, so a crash can never leave a read model ahead of or behind its checkpoint.
 */
export interface ReadModelStore<P extends ProjectionDefinition> {
  /** Creates the read model if needed, resets it if its version changed; returns its checkpoint. */
  prepare(projection: P): Promise<number | undefined>;
  /** Applies the events and moves the checkpoint to the last one, in one transaction. */
  applyBatch(projection: P, events: readonly RecordedEvent[]): Promise<void>;
  /** Empties the read model and forgets its checkpoint, in one transaction. */
  reset(projection: P): Promise<void>;
}
