import { Worker } from 'node:worker_threads';
import type { SealedEvent } from '../event-store.port';
import type { HeldAppend } from './event-store.contract';

/**
 * For the contract's `holdAppend` on a SQLite file: a second connection, in another thread, takes the
 * write lock (BEGIN IMMEDIATE), inserts `event` as a new stream's first event, sleeps, then commits.
 */
export function holdSqliteAppend(filename: string, streamName: string, event: SealedEvent, holdMs: number): HeldAppend {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const db = new (require('better-sqlite3'))(workerData.filename);
     db.pragma('busy_timeout = 5000');
     const e = workerData.event;
     db.exec('BEGIN IMMEDIATE');
     db.prepare('INSERT INTO events (event_id, stream_name, stream_version, type, data, metadata, recorded_at, hash, previous_hash) VALUES (?, ?, 0, ?, ?, ?, ?, ?, NULL)')
       .run(e.id, workerData.streamName, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.hash);
     parentPort.postMessage('holding');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage('committed');`,
    { eval: true, workerData: { filename, streamName, event, holdMs } },
  );
  const message = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (value) => value === expected && resolve());
      worker.on('error', reject);
    });
  return { holding: message('holding'), committed: message('committed') };
}
