/**
 * End-to-end latency in distributed mode: from a provider's POST of an escalation to the provider
 * gateway until the item is in the decisions service's queue. The two services run as separate
 * processes (as built by `nx build`), on a fresh PostgreSQL schema and the given Kafka brokers; the
 * path is gateway → event store → outbox → Kafka → decisions' consumer → its queue read model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aTestSchemaName, dropTestSchema, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import {
  anAllocation,
  clientFor,
  freePort,
  issueToken,
  serviceMain,
  startHub,
  stopHub,
  waitForReady,
} from '../apps/hub/src/testing/hub-process';

export interface LatencyFigures {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How long the gateway took to answer the POST (it waits for its own read models). */
  readonly postP50Ms: number;
}

export async function measurePostToQueueLatency(options: { brokers: string[]; samples: number; pollMs?: number }): Promise<LatencyFigures> {
  const schema = aTestSchemaName();
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-latency-'));
  const env = {
    HUB_STORE: 'postgres',
    HUB_STORE_URL: TEST_POSTGRES_URL,
    HUB_POSTGRES_SCHEMA: schema,
    HUB_DATA_DIR: dataDir,
    KAFKA_BROKERS: options.brokers.join(','),
    HUB_KAFKA_PROVIDERS: 'CRC07',
    LOG_LEVEL: 'warn',
    HUB_TOKEN_RATE_LIMIT: '0',
  };
  const gateway = startHub({ ...env, PORT: String(await freePort()) }, serviceMain('gateway'));
  const decisions = startHub({ ...env, PORT: String(await freePort()) }, serviceMain('decisions'));
  try {
    await Promise.all([waitForReady(gateway, 60_000), waitForReady(decisions, 60_000)]);
    const provider = clientFor(gateway.baseUrl, issueToken(env, 'provider', 'crc07-cms', 'CRC07'));
    const officer = clientFor(decisions.baseUrl, issueToken(env, 'decision-maker', 'officer-1'));
    // One case per sample, each in an LDU of its own, so the queue can be asked for exactly that item.
    const ldu = (index: number) => `LAT-${index}`;
    const crn = (index: number) => `L${String(index).padStart(6, '0')}`;
    for (let index = 0; index < options.samples + 20; index += 1) {
      const allocated = await officer.post('/v1/cases', anAllocation(crn(index), { ldu: ldu(index) }));
      if (allocated.status !== 201) throw new Error(`allocation failed: ${JSON.stringify(allocated.body)}`);
    }
    const latencies: number[] = [];
    const posts: number[] = [];
    // The first 20 warm both processes up and are not counted.
    for (let index = 0; index < options.samples + 20; index += 1) {
      const started = performance.now();
      const posted = await provider.post(`/v1/cases/${crn(index)}/escalations`, {
        requestId: `latency-${index}`,
        raisedBy: 'Bench',
        proposedRosh: 'HIGH',
        urgency: 'URGENT',
        triggers: ['THREAT_DISCLOSED'],
        summary: 'Latency sample',
      });
      if (posted.status !== 201) throw new Error(`escalation failed: ${JSON.stringify(posted.body)}`);
      const answered = performance.now();
      for (;;) {
        const queue = await officer.get(`/v1/queue?ldu=${ldu(index)}`);
        if (queue.body.items.length > 0) break;
        if (performance.now() - started > 10_000) throw new Error(`escalation ${index} not in the queue after 10 s`);
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2));
      }
      if (index >= 20) {
        latencies.push(performance.now() - started);
        posts.push(answered - started);
      }
    }
    const percentile = (values: number[], p: number) =>
      [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
    return {
      samples: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      postP50Ms: percentile(posts, 50),
    };
  } finally {
    await Promise.all([stopHub(gateway), stopHub(decisions)]);
    await dropTestSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
