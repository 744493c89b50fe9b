// A process that appends through a storage thread and prints each acknowledged append's ids, one
// line each, until it is killed: the SIGKILL test reads what it was told was stored.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventLog } from '@escalation-hub/event-store';
import { StorageThread } from '../storage-thread';
import { streamCountsProjection } from './counting.projection';

async function run(dataDir: string): Promise<void> {
  const thread = await StorageThread.start({
    workerFile: join(__dirname, 'storage-worker.fixture.ts'),
    workerOptions: { execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'] }, // TS_NODE_PROJECT: from this process's env
    eventsFile: join(dataDir, 'events.sqlite'),
    readModelsFile: join(dataDir, 'read-models.sqlite'),
    readModelsSource: 'sqlite',
    projections: [streamCountsProjection],
  });
  await thread.projector.start();
  const log = new EventLog(thread.store);
  // Several appends in flight at once, so the thread commits them together when it is killed.
  const writer = async (stream: string) => {
    for (;;) {
      const events = [{ id: randomUUID(), type: 'load.appended', data: { stream } }];
      await log.append(stream, events, 'any');
      process.stdout.write(`${JSON.stringify(events.map((event) => event.id))}\n`);
    }
  };
  await Promise.all(['case-K1', 'case-K2', 'case-K3', 'case-K4'].map(writer));
}

run(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
