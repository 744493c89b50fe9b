// Runs in a worker thread or child process (under @swc-node/register) to load the SQLite store from outside
// the test's own connection. Not part of the library's public API.
import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { EventLog } from '../../../event-log';
import { SqliteEventStore } from './../sqlite-event-store.adapter';

interface AppendJob {
  filename: string;
  streams: string[];
  appends: number;
  batchSize: number;
}

async function run(job: AppendJob, onAck: (eventIds: string[]) => void): Promise<void> {
  const store = new SqliteEventStore({ filename: job.filename, busyTimeoutMs: 30_000 });
  const log = new EventLog(store);
  for (let i = 0; i < job.appends; i += 1) {
    const events = Array.from({ length: job.batchSize }, () => ({ id: randomUUID(), type: 'load.appended', data: { i } }));
    await log.append(job.streams[i % job.streams.length], events, 'any');
    onAck(events.map((event) => event.id));
  }
  await store.close();
}

if (parentPort) {
  const port = parentPort;
  run(workerData as AppendJob, (ids) => port.postMessage({ ack: ids }))
    .then(() => port.postMessage({ done: true }))
    .catch((error: unknown) => port.postMessage({ error: String(error) }));
} else {
  // Child-process mode: prints one line per acknowledged append, for the kill -9 test.
  const job = JSON.parse(process.argv[2]) as AppendJob;
  run(job, (ids) => process.stdout.write(`${JSON.stringify(ids)}\n`)).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
