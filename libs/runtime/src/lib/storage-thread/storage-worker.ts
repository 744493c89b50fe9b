import { parentPort, workerData } from 'node:worker_threads';
import { EventLog, Projector, SqliteEventStore, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import { SqliteDatabase } from '@escalation-hub/sql';
import { loggedLeafOf } from '@escalation-hub/audit-application';
import { sendableError, StorageMessage, StorageRequest, StorageWorkerData } from './storage-thread.protocol';

/**
 * The body of the embedded hub's storage thread (ADR 0011): the only writer of the event store's
 * file and of the read models. It commits the appends the hub's thread sends (concurrent ones
 * together, one fsync, as SqliteEventStore does on any thread) and answers each once it is durable;
 * its projector follows those commits and reports each read model's progress; it reads and hashes
 * the integrity log's leaves. The hub's thread keeps everything else (the Merkle tree included),
 * reading both files through connections of its own.
 */
export function runStorageWorker(projections: readonly SqlProjection[]): void {
  const port = parentPort;
  if (!port) throw new Error('runStorageWorker runs on a worker thread');
  const { eventsFile, readModelsFile, readModelsSource } = workerData as StorageWorkerData;
  const post = (message: StorageMessage) => port.postMessage(message);
  const store = new SqliteEventStore({ filename: eventsFile });
  const readModels = new SqlReadModelStore(new SqliteDatabase({ filename: readModelsFile }), readModelsSource);
  const projector: Projector<SqlProjection> = new Projector(new EventLog(store), readModels, projections, {
    onError: (error, projection) => post({ kind: 'projection-error', projection, error: sendableError(error) }),
    onProgress: () => post({ kind: 'progress', statuses: projector.statuses() }),
  });

  /** Each request's handling, until its answer is posted. */
  const answering = new Map<number, Promise<void>>();
  const handle = async (request: StorageRequest): Promise<unknown> => {
    switch (request.kind) {
      case 'append':
        return store.append(request.streamName, request.events, request.expected);
      case 'compare-and-set-checkpoint':
        return store.compareAndSetCheckpoint(request.name, request.expected, request.next);
      case 'read-leaves':
        return (await store.readAll({ from: request.from, maxCount: request.maxCount })).map(loggedLeafOf);
      case 'start-projector':
        await projector.start();
        post({ kind: 'progress', statuses: projector.statuses() });
        return undefined;
      case 'stop-projector':
        await projector.stop();
        post({ kind: 'progress', statuses: projector.statuses() });
        return undefined;
      case 'close':
        // Every request sent before this one is answered first (its append committed, its answer posted):
        // taken before this request's own handling is entered in `answering`.
        await Promise.allSettled([...answering.values()]);
        await projector.stop();
        await store.close();
        await readModels.close();
        return undefined;
    }
  };
  port.on('message', (request: StorageRequest) => {
    const answered = handle(request).then(
      (value) => post({ kind: 'reply', id: request.id, ok: true, value }),
      (error: unknown) => post({ kind: 'reply', id: request.id, ok: false, error: sendableError(error) }),
    );
    answering.set(request.id, answered);
    void answered.then(() => {
      answering.delete(request.id);
      // Nothing is left to run once both files are closed: the thread ends by itself.
      if (request.kind === 'close') port.close();
    });
  });
  post({ kind: 'ready', durability: store.durability() });
}
