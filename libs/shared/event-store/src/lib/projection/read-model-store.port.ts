import type { RecordedEvent } from '../event-store.port';

/** A named read model, built only from events. Bump `version` when its shape changes: it is rebuilt. */
export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
}

/** Another process applied events to this read model since this one last read its checkpoint. */
export class ProjectionCheckpointMovedError extends Error {
  constructor(
    readonly projection: string,
    readonly expected: number | undefined,
    readonly actual: number | undefined,
  ) {
    super(`Read model ${projection} is at ${actual ?? 'the start'}, not ${expected ?? 'the start'}: another process is projecting it`);
    this.name = 'ProjectionCheckpointMovedError';
  }
}

/** The stored read model was built by a newer version of the projection (a newer hub shares the database). */
export class ProjectionVersionAheadError extends Error {
  constructor(
    readonly projection: string,
    readonly stored: number,
    readonly own: number,
  ) {
    super(`Read model ${projection} is at version ${stored}, newer than this process's ${own}: leaving it to the newer hub`);
    this.name = 'ProjectionVersionAheadError';
  }
}

/**
 * Where a kind of projection keeps its read model and its checkpoint. The two are always
 * committed together, so a crash can never leave a read model ahead of or behind its checkpoint.
 */
export interface ReadModelStore<P extends ProjectionDefinition> {
  /** Creates the read model if needed, resets it if its version changed; returns its checkpoint. */
  prepare(projection: P): Promise<number | undefined>;
  /**
   * Applies the events and moves the checkpoint to the last one, in one transaction, if the
   * checkpoint is still `after`; otherwise writes nothing and throws ProjectionCheckpointMovedError.
   */
  applyBatch(projection: P, events: readonly RecordedEvent[], after: number | undefined): Promise<void>;
  /**
   * The same for several read models at once, in one transaction: each applies the events past its
   * own checkpoint `after`. If any checkpoint moved, nothing is written.
   */
  applyBatches(projections: readonly { projection: P; after: number | undefined }[], events: readonly RecordedEvent[]): Promise<void>;
  /** Empties the read model and forgets its checkpoint, in one transaction. */
  reset(projection: P): Promise<void>;
  /** The checkpoint as committed (by this process or another). */
  checkpoint(name: string): Promise<number | undefined>;
}
