/**
 * `npm run bench:kafka`: the outbox's publish rate beside raw kafkajs, then the end-to-end latency of
 * the distributed services (bench/distributed-latency.ts).
 *
 * Outbox throughput on one real Kafka broker: the hub's KafkaOutboxPublisher publishing N case events
 * already in an event store (read $all page by page, CloudEvents envelope, idempotent producer with
 * acks=-1 and one request in flight, checkpoint moved after every acknowledged batch) beside a raw
 * kafkajs producer with the same settings sending the same N messages (same envelope, key = CRN) in
 * batches of the same size with sendBatch, messages built beforehand. Each run gets topics of its own,
 * the runs alternate, and every topic's message count is checked against what was sent.
 *
 *   TS_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register -r tsconfig-paths/register \
 *     bench/kafka.bench.ts [--events 50000] [--batch 500] [--rounds 2] [--store sqlite|postgres] [--routes]
 *
 * Kafka: KAFKA_BROKERS (comma separated) if set, else a local single-node broker (infra/kafka jars)
 * started here and stopped at the end. PostgreSQL: HUB_TEST_POSTGRES_URL or
 * postgres://postgres@127.0.0.1:5432/test, in a fresh schema dropped at the end.
 * --routes adds a run of the outbox with the provider routes (each case event also to its provider's
 * outbound topic), as the hub wires it, beside raw sending the same messages to the same topics.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Admin, ITopicConfig, Kafka, logLevel, Message, Producer, ProducerConfig, TopicMessages } from 'kafkajs';
import {
  EventLog,
  EventStorePort,
  PostgresEventStore,
  RecordedEvent,
  SqliteEventStore,
  SubscribeToAllOptions,
  AllSubscription,
} from '@escalation-hub/event-store';
import { HUB_TOPICS, KafkaOutboxPublisher, everyEventTo, OutboxRoute, hubTopicConfigs, toKafkaMessage } from '@escalation-hub/messaging';
import { LocalKafka, startLocalKafka } from '@escalation-hub/messaging/testing';
import { aTestSchemaName, dropTestSchema, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import { CaseCommand, CaseEvent, decide, DueTimePolicy, replay } from '@escalation-hub/casework-domain';
import { toNewEvent } from '@escalation-hub/casework-application';
import { argument, formatRate, printTable } from './bench-support';
import { measurePostToQueueLatency } from './distributed-latency';

const ms = (value: number) => `${value.toFixed(1)} ms`;

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

const EVENTS = argument('events', 50_000);
const BATCH = argument('batch', 500);
const ROUNDS = argument('rounds', 2);
const STORE = stringOption('store', 'sqlite', ['sqlite', 'postgres']);
const ROUTES = process.argv.includes('--routes');
/** `--no-latency` skips the end-to-end part (it needs the services built: `npm run bench:kafka` builds them). */
const LATENCY_SAMPLES = process.argv.includes('--no-latency') ? 0 : argument('latency-samples', 200);
/** Cases written together, one lifecycle step at a time, so `$all` interleaves them as live traffic would. */
const WAVE = 1_000;
const PROVIDERS = Array.from({ length: 12 }, (_, index) => `CRC${String(index + 1).padStart(2, '0')}`);

function stringOption<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = process.argv[index + 1] as T;
  if (!allowed.includes(value)) throw new Error(`--${name} is one of ${allowed.join(', ')}`);
  return value;
}

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

// ---------------------------------------------------------------------------------------------
// Realistic case histories, made by the domain's own decider.
// ---------------------------------------------------------------------------------------------

const dueTimes = new DueTimePolicy();
const officer = { id: 'po.alice', role: 'decision-maker' } as const;

/** One case's events: allocated, escalation requested, claimed, decided; every other case also a breach pack. */
function caseHistory(index: number): CaseEvent[] {
  const crn = `${String.fromCharCode(65 + (index % 26))}${String(100_000 + index).padStart(6, '0')}`;
  const provider = PROVIDERS[index % PROVIDERS.length];
  const providerActor = { id: `${provider.toLowerCase()}-cms`, role: 'provider', provider } as const;
  const start = Date.parse('2026-11-02T09:00:00.000Z') + (index % 500) * 60_000;
  const escalationId = randomUUID();
  const breachPackId = randomUUID();
  const commands: CaseCommand[] = [
    {
      type: 'AllocateCase',
      crn,
      actor: officer,
      payload: {
        ldu: `LDU-${['MAN-N', 'MAN-S', 'LIV-C', 'LEE-E'][index % 4]}`,
        provider,
        sentence: { type: 'Community Order', lengthMonths: 12 + (index % 24), offenceCategory: index % 3 === 0 ? 'VIOLENT' : 'OTHER' },
        rosh: index % 2 === 0 ? 'MEDIUM' : 'LOW',
        mappa: null,
        exceptionalPublicInterest: false,
      },
    },
    {
      type: 'RequestEscalation',
      crn,
      actor: providerActor,
      payload: {
        escalationId,
        requestId: randomUUID(),
        requestFingerprint: randomUUID().replace(/-/g, '').repeat(2),
        raisedBy: `Jo Bloggs, ${provider} case manager`,
        proposedRosh: 'HIGH',
        urgency: (['ROUTINE', 'URGENT', 'IMMEDIATE'] as const)[index % 3],
        triggers: index % 2 === 0 ? ['THREAT_DISCLOSED', 'VICTIM_CONCERN'] : ['MISSED_APPOINTMENTS'],
        summary: 'Disclosed thoughts of reoffending at the last appointment; the victim reports him loitering near her work.',
      },
    },
    { type: 'ClaimItem', crn, actor: officer, payload: { itemId: escalationId } },
    {
      type: 'DecideEscalation',
      crn,
      actor: officer,
      payload: {
        escalationId,
        outcome: 'RETAIN_WITH_PROVIDER',
        rationale: 'Risk reviewed with the case manager; a safety plan is in place and contact is increased to weekly.',
        advice: 'Weekly reporting; share any contact with the victim with the police at once.',
        revisedRosh: null,
      },
    },
  ];
  if (index % 2 === 0) {
    commands.push(
      {
        type: 'SubmitBreachPack',
        crn,
        actor: providerActor,
        payload: {
          breachPackId,
          requestId: randomUUID(),
          requestFingerprint: randomUUID().replace(/-/g, '').repeat(2),
          requirement: 'Unpaid work: 120 hours',
          failures: [
            { date: '2026-10-12', description: 'Did not attend the unpaid work session; no acceptable reason given.' },
            { date: '2026-10-19', description: 'Left the session after one hour without permission.' },
          ],
          warningsIssued: 1,
          providerRecommendation: 'RETURN_TO_COURT',
          summary: 'Two failures within 12 months after a warning; recommend a return to court.',
        },
      },
      {
        type: 'DecideBreachPack',
        crn,
        actor: officer,
        payload: { breachPackId, outcome: 'RETURN_TO_COURT', rationale: 'Second unacceptable failure after a warning.' },
      },
    );
  }
  const events: CaseEvent[] = [];
  commands.forEach((command, step) => {
    const context = { now: new Date(start + step * 3_600_000), dueTimes };
    events.push(...decide(replay(events), command, context));
  });
  return events;
}

/** Appends N events: waves of WAVE cases, each wave one lifecycle step at a time, one append per command. */
async function seed(log: EventLog, total: number): Promise<{ cases: number; types: Map<string, number> }> {
  const types = new Map<string, number>();
  let written = 0;
  let cases = 0;
  while (written < total) {
    const wave: { stream: string; events: CaseEvent[] }[] = [];
    for (let planned = 0; wave.length < WAVE && written + planned < total; ) {
      const events = caseHistory(cases);
      wave.push({ stream: `case-${(events[0].data as { crn: string }).crn}`, events });
      planned += events.length;
      cases += 1;
    }
    for (let step = 0; written < total; step += 1) {
      const appends = wave.filter((entry) => entry.events.length > step).slice(0, total - written);
      if (appends.length === 0) break;
      await Promise.all(
        appends.map((entry) => log.append(entry.stream, [toNewEvent(entry.events[step])], step === 0 ? 'no_stream' : step - 1)),
      );
      appends.forEach((entry) => types.set(entry.events[step].type, (types.get(entry.events[step].type) ?? 0) + 1));
      written += appends.length;
    }
  }
  return { cases, types };
}

// ---------------------------------------------------------------------------------------------
// Instrumentation: wrappers only, the publisher is the library's own.
// ---------------------------------------------------------------------------------------------

interface Timings {
  readAll: number;
  pages: number;
  readStream: number;
  checkpoint: number;
  handler: number;
  sendBatch: number;
  /** Each sendBatch's time, ms. */
  sends: number[];
}
const noTimings = (): Timings => ({ readAll: 0, pages: 0, readStream: 0, checkpoint: 0, handler: 0, sendBatch: 0, sends: [] });

function timedPort(port: EventStorePort, timings: Timings): EventStorePort {
  const timed: Partial<Record<keyof EventStorePort, 'readAll' | 'readStream' | 'checkpoint'>> = {
    readAll: 'readAll',
    readStream: 'readStream',
    compareAndSetCheckpoint: 'checkpoint',
  };
  return new Proxy(port, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      const key = timed[property as keyof EventStorePort];
      if (!key) return value.bind(target);
      return async (...args: unknown[]) => {
        const started = now();
        try {
          return await value.apply(target, args);
        } finally {
          timings[key] += now() - started;
          if (key === 'readAll') timings.pages += 1;
        }
      };
    },
  });
}

/** Times the subscription's handler (the publisher's whole `publish` per batch). */
class TimedEventLog extends EventLog {
  constructor(
    port: EventStorePort,
    private readonly timings: Timings,
  ) {
    super(timedPort(port, timings));
  }

  override subscribeToAll(options: SubscribeToAllOptions): AllSubscription {
    return super.subscribeToAll({
      ...options,
      handler: async (events) => {
        const started = now();
        try {
          await options.handler(events);
        } finally {
          this.timings.handler += now() - started;
        }
      },
    });
  }
}

/** The same Kafka client, whose producers time sendBatch. */
function timedKafka(kafka: Kafka, timings: Timings): Kafka {
  // The outbox sends one request per partition, in parallel: the wall time counted is while any is in flight.
  let inFlight = 0;
  let busySince = 0;
  const timed = async <T>(send: () => Promise<T>): Promise<T> => {
    const started = now();
    if (inFlight++ === 0) busySince = started;
    try {
      return await send();
    } finally {
      const ended = now();
      timings.sends.push(ended - started);
      if (--inFlight === 0) timings.sendBatch += ended - busySince;
    }
  };
  return {
    admin: () => kafka.admin(),
    producer: (config?: ProducerConfig): Producer => {
      const producer = kafka.producer(config);
      const [send, sendBatch] = [producer.send.bind(producer), producer.sendBatch.bind(producer)];
      return Object.assign(Object.create(producer) as Producer, {
        connect: producer.connect.bind(producer),
        disconnect: producer.disconnect.bind(producer),
        send: (...args: Parameters<Producer['send']>) => timed(() => send(...args)),
        sendBatch: (...args: Parameters<Producer['sendBatch']>) => timed(() => sendBatch(...args)),
      });
    },
  } as unknown as Kafka;
}

// ---------------------------------------------------------------------------------------------
// The runs.
// ---------------------------------------------------------------------------------------------

interface RunResult {
  kind: 'outbox' | 'raw';
  routes: boolean;
  round: number;
  seconds: number;
  messages: number;
  /** CPU time of this Node process (user + system) during the run, ms. */
  cpuMs: number;
  sends: number[];
  timings?: Timings;
}

async function outboxRun(
  store: EventStorePort,
  kafka: Kafka,
  topic: string,
  head: number,
  alsoTo: ((event: RecordedEvent) => string | undefined) | undefined,
): Promise<{ seconds: number; timings: Timings }> {
  const timings = noTimings();
  const log = new TimedEventLog(store, timings);
  const toCaseTopic = everyEventTo(topic);
  // Every event to the case topic; with `alsoTo`, some also to a second topic (as a provider topic would get them).
  const route: OutboxRoute = async (events) => {
    const messages = [...(await toCaseTopic(events))];
    events.forEach((event, index) => {
      const extra = alsoTo?.(event);
      if (extra) messages.push({ topic: extra, message: messages[index].message });
    });
    return messages;
  };
  const publisher = new KafkaOutboxPublisher(log, timedKafka(kafka, timings), {
    route,
    checkpointName: `bench:${topic}`,
    batchSize: BATCH,
    onError: (error) => console.error('outbox error:', error),
  });
  const started = now();
  await publisher.start();
  const reached = await publisher.waitForPosition(head, 600_000);
  const seconds = (now() - started) / 1000;
  await publisher.stop();
  if (!reached) throw new Error(`The outbox did not reach ${head}: ${JSON.stringify(publisher.status())}`);
  return { seconds, timings };
}

async function rawRun(kafka: Kafka, batches: TopicMessages[][]): Promise<{ seconds: number; sends: number[] }> {
  const sends: number[] = [];
  const started = now();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  for (const topicMessages of batches) {
    const sent = now();
    await producer.sendBatch({ acks: -1, topicMessages });
    sends.push(now() - sent);
  }
  const seconds = (now() - started) / 1000;
  await producer.disconnect();
  return { seconds, sends };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** KRaft can report a leader a moment before that broker serves the partition: wait until every one answers. */
async function untilLeadersAnswer(admin: Admin, topics: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Messages in the topics (sum of high watermarks), to show every run sent exactly what it should. */
async function countMessages(admin: Admin, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) total += Number(partition.high) - Number(partition.low);
  }
  return total;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  const externalBrokers = process.env['KAFKA_BROKERS']
    ?.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  let local: LocalKafka | undefined;
  let admin: Admin | undefined;
  let store: EventStorePort | undefined;
  let dir: string | undefined;
  let schema: string | undefined;
  const createdTopics: string[] = [];
  try {
    const brokerStarted = now();
    if (!externalBrokers?.length) local = await startLocalKafka();
    const brokers = externalBrokers?.length ? externalBrokers : (local as LocalKafka).brokers;
    const kafka = new Kafka({ clientId: 'hub-outbox-bench', brokers, logLevel: logLevel.ERROR });
    // For the set-up: a new topic's "not the leader yet" and a loading coordinator are expected there.
    const quietKafka = new Kafka({ clientId: 'hub-outbox-bench-setup', brokers, logLevel: logLevel.NOTHING });
    admin = quietKafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    const replication = Math.min(3, cluster.brokers.length);

    if (STORE === 'sqlite') {
      dir = mkdtempSync(join(os.tmpdir(), 'hub-outbox-bench-'));
      store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    } else {
      schema = aTestSchemaName();
      store = new PostgresEventStore({ connectionString: TEST_POSTGRES_URL, schema, maxConnections: 16 });
      await store.migrate();
    }

    const cpus = os.cpus();
    console.log('Kafka outbox vs raw kafkajs producer');
    console.log(
      `  machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    );
    console.log(
      `  node ${process.version}, kafkajs ${(require('kafkajs/package.json') as { version: string }).version}, load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      local
        ? `  broker: local Apache Kafka 3.9.1 (KRaft, broker+controller in one JVM, -Xmx512m) at ${brokers.join(',')}, started by this script in ${((now() - brokerStarted) / 1000).toFixed(1)} s, on the same machine`
        : `  broker: KAFKA_BROKERS=${brokers.join(',')} (${cluster.brokers.length} broker(s), controller ${cluster.controller})`,
    );
    console.log(
      `  store: ${STORE === 'sqlite' ? 'SQLite file in tmp (WAL, synchronous=FULL)' : `PostgreSQL ${maskPassword(TEST_POSTGRES_URL)}, schema ${schema}`}`,
    );
    console.log(
      `  topics: ${caseEventsConfig(replication).numPartitions} partitions, replication ${replication}, settings of hub.case-events.v1; producer idempotent, maxInFlightRequests 1, acks -1`,
    );

    // Seed, untimed.
    const seedLog = new EventLog(store);
    const seedStarted = now();
    const seeded = await seed(seedLog, EVENTS);
    const head = (await store.headPosition()) ?? 0;
    const events: RecordedEvent[] = [];
    for await (const event of seedLog.iterateAll(undefined, 1000)) events.push(event);
    if (events.length !== EVENTS) throw new Error(`Seeded ${events.length} events, wanted ${EVENTS}`);
    const mix = [...seeded.types].map(([type, count]) => `${type} ${count}`).join(', ');
    console.log(
      `  seeded ${EVENTS.toLocaleString('en-GB')} events over ${seeded.cases.toLocaleString('en-GB')} cases in ${((now() - seedStarted) / 1000).toFixed(1)} s (untimed): ${mix}`,
    );
    const averageValue = events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0) / events.length;
    console.log(
      `  batch ${BATCH}, ${ROUNDS} round(s) alternating; average event body ${Math.round(averageValue)} bytes + ~12 ce_* headers\n`,
    );

    // The envelope cost on its own (also what the raw runs send).
    const envelopeStarted = now();
    const messages: Message[] = events.map((event) => toKafkaMessage(event));
    const envelopeMs = now() - envelopeStarted;
    const providerOf = new Map(
      events.filter((event) => event.type === 'case.allocated').map((event) => [event.streamName, String(event.data['provider'])]),
    );

    const routedMessages = events.filter((event) => providerOf.has(event.streamName)).length;

    // Every run gets topics of its own, all created (and answering) before anything is timed.
    const runId = Date.now().toString(36);
    const topicsFor = (name: string, routes: boolean) => {
      const caseTopic = `bench.${runId}.${name}.case-events`;
      const providerTopic = (provider: string) => `bench.${runId}.${name}.${provider.toLowerCase()}.outbound`;
      const configs = [
        { ...caseEventsConfig(replication), topic: caseTopic },
        ...(routes ? PROVIDERS.map((provider) => ({ ...outboundConfig(replication), topic: providerTopic(provider) })) : []),
      ];
      return { caseTopic, providerTopic, configs, all: configs.map((config) => config.topic) };
    };
    const plan: { kind: 'outbox' | 'raw'; routes: boolean; round: number; topics: ReturnType<typeof topicsFor> }[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const routes of ROUTES ? [false, true] : [false]) {
        // Alternate which goes first, so neither always meets a warmer broker.
        for (const kind of round % 2 === 1 ? (['outbox', 'raw'] as const) : (['raw', 'outbox'] as const)) {
          plan.push({ kind, routes, round, topics: topicsFor(`${kind}${routes ? '-routes' : ''}-${round}`, routes) });
        }
      }
    }
    const warmUp = topicsFor('warm-up', false);
    const configs = [...warmUp.configs, ...plan.flatMap((run) => run.topics.configs)];
    await admin.createTopics({ topics: configs, waitForLeaders: true });
    createdTopics.push(...configs.map((config) => config.topic));
    await untilLeadersAnswer(admin, createdTopics);

    // A warm-up outside the figures: the producer id coordinator, metadata, JIT.
    await rawRun(quietKafka, [[{ topic: warmUp.caseTopic, messages: messages.slice(0, Math.min(BATCH, messages.length)) }]]);

    const results: RunResult[] = [];
    for (const { kind, routes, round, topics } of plan) {
      const expected = routes ? EVENTS + routedMessages : EVENTS;
      const cpu = process.cpuUsage();
      if (kind === 'outbox') {
        // Each case's events also to its provider's topic in this run, as the raw producer below sends them.
        const alsoTo = routes
          ? (event: RecordedEvent) => {
              const provider = providerOf.get(event.streamName);
              return provider ? topics.providerTopic(provider) : undefined;
            }
          : undefined;
        const { seconds, timings } = await outboxRun(store, kafka, topics.caseTopic, head, alsoTo);
        results.push({ kind, routes, round, seconds, messages: expected, cpuMs: cpuSince(cpu), sends: timings.sends, timings });
      } else {
        // The same grouping the publisher makes: the case topic first, then provider topics as met.
        const batches: TopicMessages[][] = [];
        for (let start = 0; start < events.length; start += BATCH) {
          const byTopic = new Map<string, Message[]>([[topics.caseTopic, messages.slice(start, start + BATCH)]]);
          if (routes) {
            events.slice(start, start + BATCH).forEach((event, offset) => {
              const provider = providerOf.get(event.streamName);
              if (!provider) return;
              const topic = topics.providerTopic(provider);
              const list = byTopic.get(topic) ?? [];
              list.push(messages[start + offset]);
              byTopic.set(topic, list);
            });
          }
          batches.push([...byTopic].map(([topic, list]) => ({ topic, messages: list })));
        }
        const cpuAfterBatching = process.cpuUsage();
        const { seconds, sends } = await rawRun(kafka, batches);
        results.push({ kind, routes, round, seconds, messages: expected, cpuMs: cpuSince(cpuAfterBatching), sends });
      }
      const counted = await countMessages(admin, topics.all);
      if (counted !== expected) throw new Error(`${topics.caseTopic}: ${counted} messages on the broker, expected ${expected}`);
    }

    report(results, envelopeMs);

    if (LATENCY_SAMPLES > 0) {
      console.log(
        `\nEnd-to-end latency, provider POST at the gateway → item in the decisions service's queue (${LATENCY_SAMPLES} samples, one at a time):`,
      );
      const latency = await measurePostToQueueLatency({ brokers, samples: LATENCY_SAMPLES });
      printTable(
        ['samples', 'p50', 'p99', 'max', 'gateway answered (p50)'],
        [[String(latency.samples), ms(latency.p50Ms), ms(latency.p99Ms), ms(latency.maxMs), ms(latency.postP50Ms)]],
      );
      console.log(
        '  gateway and decisions as separate processes on PostgreSQL, this broker; path: store → outbox (polls $all every 20 ms) → Kafka → consumer → queue',
      );
    }
    const [startLoad, endLoad] = [loadAtStart, os.loadavg()[0]];
    console.log(`Load average (1 min) at start ${startLoad.toFixed(2)}, at the end ${endLoad.toFixed(2)} on ${os.cpus().length} CPU(s)`);
    if (Math.max(startLoad, endLoad) > os.cpus().length) {
      console.log('  more runnable work than CPUs: something else was running here, so the figures are noisy (compare ratios, not rates).');
    }
  } finally {
    if (admin && externalBrokers?.length && createdTopics.length > 0) {
      await admin.deleteTopics({ topics: createdTopics }).catch((error: unknown) => console.error('could not delete bench topics:', error));
    }
    await admin?.disconnect().catch(() => undefined);
    await store?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (schema) await dropTestSchema(schema).catch((error: unknown) => console.error(`could not drop schema ${schema}:`, error));
    await local?.stop();
  }
}

function report(results: RunResult[], envelopeMs: number): void {
  const rate = (result: RunResult) => EVENTS / result.seconds;
  const rows: string[][] = [];
  const summary: string[][] = [];
  for (const routes of [false, true]) {
    const outbox = results.filter((result) => result.kind === 'outbox' && result.routes === routes);
    const raw = results.filter((result) => result.kind === 'raw' && result.routes === routes);
    if (outbox.length === 0) continue;
    const label = routes ? ' + provider routes' : '';
    for (const result of results.filter((entry) => entry.routes === routes)) {
      const sorted = [...result.sends].sort((x, y) => x - y);
      const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))].toFixed(1);
      rows.push([
        `${result.kind === 'outbox' ? 'KafkaOutboxPublisher' : 'raw kafkajs sendBatch'}${label}`,
        String(result.round),
        result.messages.toLocaleString('en-GB'),
        `${result.seconds.toFixed(2)} s`,
        formatRate(rate(result), 'events/s'),
        `${at(0.5)} / ${at(0.95)} / ${sorted[sorted.length - 1].toFixed(1)}`,
        `${Math.round(result.cpuMs)} ms (${((result.cpuMs / (result.seconds * 1000)) * 100).toFixed(0)}%)`,
      ]);
    }
    const best = (list: RunResult[]) => list.reduce((x, y) => (x.seconds <= y.seconds ? x : y));
    const mean = (list: RunResult[]) => list.reduce((sum, entry) => sum + rate(entry), 0) / list.length;
    const bestRatio = rate(best(outbox)) / rate(best(raw));
    summary.push([
      `outbox / raw${label}`,
      formatRate(rate(best(outbox)), 'events/s'),
      formatRate(rate(best(raw)), 'events/s'),
      `${bestRatio.toFixed(2)} ${bestRatio >= 1 / 3 ? '≥' : '<'} 0.33`,
      (mean(outbox) / mean(raw)).toFixed(2),
    ]);
  }
  printTable(['run', 'round', 'messages', 'time', 'rate', 'send request ms p50 / p95 / max', 'node CPU (of wall)'], rows);
  console.log('');
  printTable(['comparison', 'outbox (best run)', 'raw (best run)', 'ratio of best runs', 'ratio of mean rates'], summary);
  console.log('\nRaw: producer connect + every sendBatch, envelopes built and grouped beforehand (untimed).');
  console.log('Outbox: start() until waitForPosition(head): connect, checkpoint read, $all pages, envelopes, sends, checkpoint writes.');

  console.log(
    '\nWhere the outbox spends its wall time (all sequential: read a page, build, send and wait for acks, write the checkpoint):',
  );
  const breakdown: string[][] = [];
  for (const result of results.filter((entry) => entry.kind === 'outbox')) {
    const t = result.timings as Timings;
    const total = result.seconds * 1000;
    const publishCpu = t.handler - t.sendBatch - t.checkpoint - t.readStream;
    const other = total - t.readAll - t.handler;
    const share = (ms: number) => `${ms.toFixed(0)} ms (${((ms / total) * 100).toFixed(0)}%)`;
    breakdown.push([
      `outbox${result.routes ? ' + routes' : ''} #${result.round}`,
      share(t.readAll),
      share(t.sendBatch),
      share(t.checkpoint),
      ...(results.some((entry) => entry.routes) ? [share(t.readStream)] : []),
      share(publishCpu),
      share(other),
    ]);
  }
  printTable(
    [
      'run',
      `$all reads (${t0(EVENTS / BATCH)} pages)`,
      'sends in flight (to acks)',
      'checkpoint writes',
      ...(results.some((entry) => entry.routes) ? ['routes readStream'] : []),
      'envelopes + grouping',
      'connect, polling, rest',
    ],
    breakdown,
  );
  console.log(
    `\ntoKafkaMessage alone for all ${EVENTS.toLocaleString('en-GB')} events (measured once, untimed phase): ${envelopeMs.toFixed(0)} ms.`,
  );
}

function t0(value: number): string {
  return Math.ceil(value).toLocaleString('en-GB');
}

/** The hub's own settings for hub.case-events.v1 and a provider's outbound topic (partitions, min ISR, retention). */
function caseEventsConfig(replication: number): ITopicConfig {
  return hubTopicConfigs([], replication).find((config) => config.topic === HUB_TOPICS.caseEvents) as ITopicConfig;
}
function outboundConfig(replication: number): ITopicConfig {
  const name = HUB_TOPICS.providerOutbound(PROVIDERS[0]);
  return hubTopicConfigs([PROVIDERS[0]], replication).find((config) => config.topic === name) as ITopicConfig;
}

function maskPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// No process.exit on success: everything is disconnected, so Node ends by itself.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
