import { Client } from 'pg';
import type { EventStorePort } from '../../event-store.port';
import { aTestSchemaName, dropTestSchema, runOnTestPostgres, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import { describeEventStoreContract, HeldAppend } from '../../../testing';
import { PostgresEventStore } from './postgres-event-store.adapter';

// A real PostgreSQL server (.ci/run starts it if it is down); each test gets a schema of its own.
const CONNECTION = TEST_POSTGRES_URL;
const schemas: string[] = [];
const schemaOf = (store: EventStorePort) => (store as PostgresEventStore).schema;
const sql = runOnTestPostgres;

describeEventStoreContract('postgres', {
  async create() {
    const schema = aTestSchemaName();
    schemas.push(schema);
    const store = new PostgresEventStore({ connectionString: CONNECTION, schema });
    await store.migrate();
    return store;
  },
  async reopen(store) {
    await store.close();
    const reopened = new PostgresEventStore({ connectionString: CONNECTION, schema: schemaOf(store) });
    await reopened.migrate();
    return reopened;
  },
  async tamper(store, streamName, streamVersion, data) {
    await sql(`UPDATE ${schemaOf(store)}.events SET data = $1 WHERE stream_name = $2 AND stream_version = $3`, [
      JSON.stringify(data),
      streamName,
      streamVersion,
    ]);
  },
  holdAppend(store, streamName, event, holdMs): HeldAppend {
    // Another connection takes its position first and commits last.
    const client = new Client({ connectionString: CONNECTION });
    let holding!: () => void;
    const holdingPromise = new Promise<void>((resolve) => (holding = resolve));
    const committed = (async () => {
      await client.connect();
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${schemaOf(store)}.events (event_id, stream_name, stream_version, type, data, metadata, recorded_at, hash, previous_hash)
         VALUES ($1, $2, 0, $3, $4, $5, $6, $7, NULL)`,
        [event.id, streamName, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.recordedAt, event.hash],
      );
      holding();
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      await client.query('COMMIT');
      await client.end();
    })();
    return { holding: holdingPromise, committed };
  },
  async cleanup() {
    for (const schema of schemas.splice(0)) await dropTestSchema(schema);
  },
});
