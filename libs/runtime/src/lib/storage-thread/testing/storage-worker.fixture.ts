// The storage thread as the tests start it (under @swc-node/register), with one small read model.
import { parentPort } from 'node:worker_threads';
import { runStorageWorker } from '../storage-worker';
import { streamCountsProjection } from './counting.projection';

// A test's way to make the thread die as a crash would: an append to this stream ends it before it is handled.
parentPort?.on('message', (request: { kind: string; streamName?: string }) => {
  if (request.kind === 'append' && request.streamName === 'case-END-THE-THREAD') process.exit(70);
});

runStorageWorker([streamCountsProjection]);
