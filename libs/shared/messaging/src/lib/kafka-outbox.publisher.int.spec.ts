import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { computeEventHash, EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { aNewEvent } from '@escalation-hub/event-store/testing';
import { LocalKafka, startLocalKafka } from '../testing';
import { EventOnTheWire, fromKafkaMessage, HUB_EVENT_SOURCE } from './cloud-event.envelope';
import { ensureTopics } from './kafka-topics';
import { everyEventTo, KafkaOutboxPublisher, OutboxRoute } from './kafka-outbox.publisher';
import { KafkaEventConsumer } from './kafka-event.consumer';
import { SqliteDatabase } from '@escalation-hub/sql';
import { toKafkaMessage } from './cloud-event.envelope';

/** The subject an application would give its case streams' events: the CRN (the hub's is casework's subjectOfStream). */
const crnOf = (streamName: string) => streamName.replace(/^case-/, '');

/** The outbox and the consumer against a real Kafka 3.9.1 broker started from the Maven Central jars. */
describe('hub events on a real Kafka broker', () => {
  let broker: LocalKafka;
  let kafka: Kafka;
  let dir: string;
  let store: SqliteEventStore;
  let log: EventLog;
  let consumer: Consumer;
  const received: { key: string; partition: number; event: EventOnTheWire; headers: Record<string, string> }[] = [];
  const topic = 'hub.case-events';

  beforeAll(async () => {
    broker = await startLocalKafka();
    kafka = new Kafka({ clientId: 'outbox-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    await ensureTopics(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]); // a second start changes nothing
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions).toHaveLength(3);
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: 'outbox-test-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        received.push({ key: String(message.key), partition, event: fromKafkaMessage(message), headers });
      },
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await broker?.stop();
  }, 30_000);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-outbox-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new EventLog(store);
    received.length = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const waitFor = async (condition: () => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms (received ${received.length})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('publishes every event as a CloudEvent keyed by CRN, in each case’s order, and resumes after a restart without losing any', async () => {
    const crns = ['X100001', 'X100002', 'X100003', 'X100004'];
    for (let round = 0; round < 5; round += 1) {
      for (const crn of crns) await log.append(`case-${crn}`, [aNewEvent({ type: 'test.happened', data: { round, crn } })], 'any');
    }
    const publisher = new KafkaOutboxPublisher(log, kafka, { route: everyEventTo(topic, crnOf), checkpointName: 'outbox-test' });
    await publisher.start();
    await waitFor(() => received.length >= 20);
    await publisher.stop();
    expect(publisher.status()).toMatchObject({ running: false, published: 20 });

    // Written while the publisher is down: published after its restart, from the acknowledged checkpoint.
    for (const crn of crns) await log.append(`case-${crn}`, [aNewEvent({ type: 'test.happened', data: { round: 5, crn } })], 'any');
    const restarted = new KafkaOutboxPublisher(log, kafka, { route: everyEventTo(topic, crnOf), checkpointName: 'outbox-test' });
    await restarted.start();
    await waitFor(() => new Set(received.map((message) => message.event.id)).size >= 24);
    await restarted.stop();

    const stored = await log.readAll({ maxCount: 100 });
    const unique = new Map(received.map((message) => [message.event.id, message]));
    expect([...unique.keys()].sort()).toEqual(stored.map((event) => event.id).sort());
    for (const crn of crns) {
      const ofCase = received.filter((message) => message.key === crn);
      expect(new Set(ofCase.map((message) => message.partition)).size).toBe(1); // one case, one partition
      expect(ofCase.map((message) => message.event.data['round'])).toEqual([0, 1, 2, 3, 4, 5]);
    }
    const first = stored[0];
    expect(unique.get(first.id)?.event).toEqual({
      id: first.id,
      type: first.type,
      recordedAt: first.recordedAt,
      streamName: first.streamName,
      streamVersion: first.streamVersion,
      position: first.position,
      hash: first.hash,
      previousHash: first.previousHash,
      metadata: first.metadata,
      data: first.data,
    });
    expect(unique.get(first.id)?.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: first.id,
      ce_source: HUB_EVENT_SOURCE,
      ce_type: 'test.happened',
      ce_time: first.recordedAt,
      ce_subject: 'X100001',
      'content-type': 'application/json',
    });
    expect(await store.readCheckpoint('outbox-test')).toBe(stored[stored.length - 1].position);
  }, 60_000);

  it('sends what its route makes of each batch, to any topic, and moves past events the route leaves out', async () => {
    const [internal, outbound] = ['hub.route-test.internal', 'hub.route-test.outbound'];
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic: internal, numPartitions: 2, replicationFactor: 1 },
      { topic: outbound, numPartitions: 3, replicationFactor: 1 },
    ]);
    await admin.disconnect();
    const received: Record<string, string[]> = { [internal]: [], [outbound]: [] };
    const reader = kafka.consumer({ groupId: 'route-test' });
    await reader.connect();
    await reader.subscribe({ topics: [internal, outbound], fromBeginning: true });
    await reader.run({ eachMessage: async ({ topic, message }) => void received[topic].push(`${message.key}:${message.value}`) });
    await log.append('case-P100007', [aNewEvent({ type: 'case.allocated', data: { n: 1 } })], 'no_stream');
    await log.append('access-P100007', [aNewEvent({ type: 'case.read', data: { n: 2 } })], 'no_stream');
    await log.append('case-P100007', [aNewEvent({ type: 'item.claimed', data: { n: 3 } })], 0);
    await log.append('case-P100007', [aNewEvent({ type: 'escalation.decided', data: { n: 4 } })], 1);
    const allToInternal = everyEventTo(internal);
    // Case events other than claims also go out, rewritten, to a second topic; nothing at all for the last batch's claims.
    const route: OutboxRoute = async (events) => [
      ...(await allToInternal(events)),
      ...events
        .filter((event) => event.streamName.startsWith('case-') && event.type !== 'item.claimed')
        .map((event) => ({ topic: outbound, message: { key: 'P100007', value: `${event.type}#${event.data['n']}` } })),
    ];
    const publisher = new KafkaOutboxPublisher(log, kafka, { route, checkpointName: 'outbox-routes', batchSize: 2 });
    await publisher.start();
    await waitFor(() => received[internal].length === 4 && received[outbound].length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received[outbound]).toEqual(['P100007:case.allocated#1', 'P100007:escalation.decided#4']);
    expect(await store.readCheckpoint('outbox-routes')).toBe(await store.headPosition());
    // A batch whose route makes nothing still moves the checkpoint.
    const nothing = new KafkaOutboxPublisher(log, kafka, { route: async () => [], checkpointName: 'outbox-nothing' });
    await nothing.start();
    expect(await nothing.waitForPosition((await store.headPosition()) ?? 0, 5_000)).toBe(true);
    await Promise.all([publisher.stop(), nothing.stop()]);
    await reader.disconnect();
  }, 60_000);

  it('consumes each event once in effect: duplicates skipped, failures retried, poison dead-lettered with its reason, offsets kept', async () => {
    const [source, deadLetters] = ['hub.consumer-test', 'hub.consumer-test.dlq'];
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic: source, numPartitions: 3, replicationFactor: 1 },
      { topic: deadLetters, numPartitions: 1, replicationFactor: 1 },
    ]);
    await admin.disconnect();
    const database = new SqliteDatabase({ filename: join(dir, 'consumer.sqlite') });
    await database.exec('CREATE TABLE applied (event_id TEXT NOT NULL, note TEXT)');
    let flakyFailures = 0;
    const handler = async (event: EventOnTheWire, sql: Parameters<ConstructorParameters<typeof KafkaEventConsumer>[2]>[1]) => {
      if (event.data['poison']) throw new Error('cannot apply this event');
      if (event.data['flaky'] && flakyFailures++ === 0) throw new Error('database busy');
      await sql.run('INSERT INTO applied (event_id, note) VALUES (?, ?)', [event.id, String(event.data['note'])]);
    };
    const consumerFor = () =>
      new KafkaEventConsumer(kafka, database, handler, {
        groupId: 'consumer-test',
        topic: source,
        deadLetterTopic: deadLetters,
        maxAttempts: 3,
        retryDelayMs: 20,
      });
    let position = 0;
    const wire = (note: string, data: Record<string, unknown> = {}) => {
      const content = {
        ...aNewEvent({ type: 'test.happened', data: { note, ...data } as never }),
        streamName: 'case-Y100001',
        streamVersion: 0,
        position: ++position,
        metadata: {},
        recordedAt: new Date().toISOString(),
        previousHash: null,
      };
      return { ...content, hash: computeEventHash(content) };
    };
    const [good, poison, flaky, later] = [wire('good'), wire('poison', { poison: true }), wire('flaky', { flaky: true }), wire('later')];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: source,
      messages: [
        toKafkaMessage(good),
        toKafkaMessage(good),
        toKafkaMessage(poison),
        { key: 'Y100001', value: 'not an event', headers: { ce_id: 'x' } },
        toKafkaMessage(flaky),
      ],
    });

    const dead: { reason: string; id: string | undefined }[] = [];
    const dlqReader = kafka.consumer({ groupId: 'consumer-test-dlq-reader' });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: deadLetters, fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) =>
        void dead.push({ reason: String(message.headers?.['dlq-reason']), id: message.headers?.['ce_id']?.toString() }),
    });

    const applied = async () => (await database.all<{ note: string }>('SELECT note FROM applied ORDER BY note')).map((row) => row.note);
    let consumer = consumerFor();
    await consumer.start();
    await waitForAsync(async () => (await applied()).length === 2 && dead.length === 2);
    expect(await applied()).toEqual(['flaky', 'good']); // the duplicate once, the flaky one after a retry
    expect(dead).toEqual(
      expect.arrayContaining([
        { reason: 'Error: cannot apply this event', id: poison.id },
        { reason: 'EnvelopeError: missing header ce_specversion', id: 'x' },
      ]),
    );

    // A restart resumes after the committed offsets: nothing is applied or dead-lettered twice.
    await consumer.stop();
    consumer = consumerFor();
    await consumer.start();
    await producer.send({ topic: source, messages: [toKafkaMessage(later)] });
    await waitForAsync(async () => (await applied()).length === 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await applied()).toEqual(['flaky', 'good', 'later']);
    expect(dead).toHaveLength(2);
    await Promise.all([consumer.stop(), producer.disconnect(), dlqReader.disconnect()]);
    await database.close();
  }, 90_000);

  // Last: it restarts the shared broker.
  it('loses nothing when the broker stops and starts again while the outbox publishes', async () => {
    const restartTopic = 'hub.restart-test';
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: restartTopic, numPartitions: 3, replicationFactor: 1 }]);
    await admin.disconnect();
    const seen = new Set<string>();
    let deliveries = 0;
    // After the restart kafkajs brings this reader back as a new member, and the broker lets it in only
    // once the old membership has expired (the session timeout): 10 s rather than kafkajs's 30 s leaves
    // most of the wait below to the outbox, which is what is under test.
    const reader = kafka.consumer({ groupId: 'restart-test-reader', sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await reader.connect();
    await reader.subscribe({ topic: restartTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void (deliveries++, seen.add(fromKafkaMessage(message).id)) });
    const publisher = new KafkaOutboxPublisher(log, kafka, {
      route: everyEventTo(restartTopic),
      checkpointName: 'outbox-restart',
      retryDelayMs: 200,
    });
    await publisher.start();
    // The broker goes away once the outbox has published something, not after a fixed delay: on a busy
    // machine its first send can take longer than any such delay. The writer waits for that moment too
    // after its first events, so most of them are still to come when the broker stops.
    const [total, beforeFirstSend] = [150, 10];
    const published = waitForAsync(async () => publisher.status().published > 0, 30_000);
    const writing = (async () => {
      for (let i = 0; i < total; i += 1) {
        if (i === beforeFirstSend) await published;
        await log.append(`case-R${String(i % 10).padStart(6, '0')}`, [aNewEvent()], 'any');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await published;
    const publishedBeforeRestart = publisher.status().published;
    await broker.restart(1_000);
    await writing;
    expect(publishedBeforeRestart).toBeGreaterThan(0);
    expect(publishedBeforeRestart).toBeLessThan(total); // the broker went away in mid-stream
    await waitForAsync(async () => seen.size === total, 60_000);
    const stored = (await log.readAll({ maxCount: 1000 })).map((event) => event.id);
    expect([...seen].sort()).toEqual(stored.sort());
    expect(deliveries).toBeGreaterThanOrEqual(total); // duplicates are allowed on the wire, losses are not
    await publisher.stop();
    await reader.disconnect();
  }, 180_000);
});

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
