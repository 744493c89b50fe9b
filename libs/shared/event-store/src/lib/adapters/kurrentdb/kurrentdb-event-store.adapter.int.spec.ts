import { describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import type { EventStorePort, JsonObject } from '../../event-store.port';
import { EventStoreClosedError, InvalidEventError } from '../../event-store.errors';
import { sealEvents } from '../../event-log';
import { aNewEvent, describeEventStoreContract } from '../../../testing';
import { KurrentDbEventStore } from './kurrentdb-event-store.adapter';

// A real KurrentDB server, only when KURRENTDB_URL names one (docs/event-store.md shows how to start it).
// Each test gets a namespace of its own on that server.
const URL = process.env['KURRENTDB_URL'];
// Nothing listens there: the tests below must never reach a server.
const NO_SERVER = 'kurrentdb://127.0.0.1:1?tls=false';

const newNamespace = () => `hubtest_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const namespaceOf = (store: EventStorePort) => (store as KurrentDbEventStore).namespace;

describe('KurrentDbEventStore without a server', () => {
  it('refuses a namespace that could overlap another one or a system stream', async () => {
    for (const namespace of ['', 'a.b', 'a$b', 'with space', 'x'.repeat(65)]) {
      expect(() => new KurrentDbEventStore({ connectionString: NO_SERVER, namespace })).toThrow('Not a usable KurrentDB namespace');
    }
    const store = new KurrentDbEventStore({ connectionString: NO_SERVER, namespace: 'hub_test-1' });
    expect(store.kurrentStreamName('case-1')).toBe('hub_test-1.case-1');
    await store.close();
    const unprefixed = new KurrentDbEventStore({ connectionString: NO_SERVER });
    expect(unprefixed.kurrentStreamName('case-1')).toBe('case-1');
    expect(() => unprefixed.kurrentStreamName('$all')).toThrow('reserved');
    await unprefixed.close();
  });

  it('refuses, before writing anything, ids KurrentDB cannot keep, its own event types and data JSON cannot carry', async () => {
    const store = new KurrentDbEventStore({ connectionString: NO_SERVER, namespace: newNamespace() });
    const [sealed] = sealEvents('case-1', undefined, [aNewEvent()], new Date().toISOString());
    await expect(store.append('case-1', [{ ...sealed, id: 'not-a-uuid' }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append('case-1', [{ ...sealed, id: sealed.id.toUpperCase() }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    const poisoned = { ...sealed, data: { n: BigInt(1) } as unknown as JsonObject };
    await expect(store.append('case-1', [poisoned], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append('case-1', [{ ...sealed, type: '$metadata' }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await store.close();
  });

  it('refuses every operation once closed', async () => {
    const store = new KurrentDbEventStore({ connectionString: NO_SERVER, namespace: newNamespace() });
    await store.close();
    await store.close();
    const [sealed] = sealEvents('case-1', undefined, [aNewEvent()], new Date().toISOString());
    const calls: Promise<unknown>[] = [
      store.migrate(),
      store.ping(),
      store.append('case-1', [sealed], 'any'),
      store.readStream('case-1'),
      store.readAll(),
      store.headPosition(),
      store.readCheckpoint('c'),
      store.compareAndSetCheckpoint('c', undefined, 1),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(EventStoreClosedError);
  });
});

if (URL) {
  // Every append is several round trips (head, id claims, write, read-back); allow for a slow server.
  jest.setTimeout(30_000);
  const connectionString = URL;
  const open = (namespace: string) => new KurrentDbEventStore({ connectionString, namespace, operationTimeoutMs: 10_000 });
  // A store whose server does not answer is closed before the test fails, so no client outlives it.
  const migrated = async (store: KurrentDbEventStore) => {
    try {
      await store.migrate();
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  };

  describeEventStoreContract('kurrentdb', {
    async create() {
      return migrated(open(newNamespace()));
    },
    async reopen(store) {
      await store.close();
      return migrated(open(namespaceOf(store) ?? ''));
    },
    async tamper(store, streamName, streamVersion, data) {
      // KurrentDB events cannot be edited. An administrator can rewrite a stream: append a forged copy
      // of it and truncate the originals away ($tb), which is what this does. The copy keeps every
      // seal, so only the edited event's hash stops matching its content.
      const client = KurrentDBClient.connectionString(connectionString);
      try {
        const stream = (store as KurrentDbEventStore).kurrentStreamName(streamName);
        const originals = [];
        for await (const resolved of client.readStream(stream)) if (resolved.event) originals.push(resolved.event);
        const last = originals[originals.length - 1].revision;
        const forged = originals.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.revision === BigInt(streamVersion) ? data : (event.data as JsonObject),
            metadata: event.metadata as JsonObject,
          }),
        );
        await client.appendToStream(stream, forged, { streamState: last });
        await client.setStreamMetadata(stream, { truncateBefore: Number(last) + 1 });
      } finally {
        await client.dispose();
      }
    },
    // No holdAppend: KurrentDB has no client transactions a writer could hold open.
  });
}
