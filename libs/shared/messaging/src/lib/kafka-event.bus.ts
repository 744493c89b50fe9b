import { createHash } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { RecordedEvent, SqlProjection, SqlReadModelStore } from '@escalation-hub/event-store';
import type { EventBus, EventBusHealth } from './event-bus.port';
import { HUB_TOPICS } from './hub-topics';
import { KafkaEventConsumer } from './kafka-event.consumer';

export interface KafkaEventBusOptions {
  /** The service whose read models these are (e.g. `decisions`); names its consumer group. */
  readonly service: string;
  readonly topic?: string;
  readonly deadLetterTopic?: string;
  readonly retryDelayMs?: number;
  readonly onDeadLetter?: (reason: string) => void;
}

/**
 * The distributed adapter: a service's read models, fed from the case-events topic by one consumer
 * group per service. The read models are handled as one set named after its members and their
 * versions, and the set's name is part of the group id, so changing any of them rebuilds all of them
 * from the topic's beginning under a new group (the topic keeps every event for that reason).
 */
export class KafkaEventBus implements EventBus {
  readonly transport = 'kafka';
  readonly exclusive = false;
  readonly groupId: string;
  private readonly readModelSet: SqlProjection;
  private readonly consumer: KafkaEventConsumer;
  private readonly topic: string;
  private admin: Admin | undefined;
  private caughtUp = false;
  private lag: number | undefined;
  /** Positions applied by this process lately, and who is waiting for one. */
  private readonly recent = new Set<number>();
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly readModels: SqlReadModelStore,
    projections: readonly SqlProjection[],
    options: KafkaEventBusOptions,
  ) {
    this.topic = options.topic ?? HUB_TOPICS.caseEvents;
    this.readModelSet = readModelSet(options.service, projections);
    this.groupId = `${options.service}.${this.readModelSet.name}`;
    this.consumer = new KafkaEventConsumer(kafka, readModels.database, (event, sql) => this.readModelSet.apply(sql, event), {
      groupId: this.groupId,
      topic: this.topic,
      deadLetterTopic: options.deadLetterTopic ?? HUB_TOPICS.caseEventsDeadLetter,
      retryDelayMs: options.retryDelayMs,
      onDeadLetter: options.onDeadLetter,
      onApplied: (events) => this.applied(events),
    });
  }

  async start(): Promise<void> {
    await this.readModels.prepare(this.readModelSet); // creates the tables; resets them when the set's version changed
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  async waitFor(position: number, timeoutMs = 2_000): Promise<boolean> {
    if (this.recent.has(position)) return true;
    let resolveLocal: () => void = () => undefined;
    const local = new Promise<void>((resolve) => (resolveLocal = resolve));
    const waiter = { position, resolve: () => resolveLocal() };
    this.waiters.push(waiter);
    const deadline = Date.now() + timeoutMs;
    try {
      // Another instance of this service may own the case's partition: its commit shows in the database.
      for (;;) {
        if (await this.consumer.hasApplied(position).catch(() => false)) return true;
        const wait = Math.min(50, deadline - Date.now());
        if (wait <= 0) return false;
        const reached = await Promise.race([
          local.then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), wait)),
        ]);
        if (reached) return true;
      }
    } finally {
      this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
    }
  }

  status() {
    return this.consumer.status();
  }

  async health(): Promise<EventBusHealth> {
    const status = this.consumer.status();
    if (this.admin && !this.caughtUp) await this.measureLag().catch(() => undefined);
    const details = {
      transport: this.transport,
      topic: this.topic,
      groupId: this.groupId,
      ...status,
      lag: this.lag,
      caughtUp: this.caughtUp,
    };
    if (!status.running) return { details, problem: 'the Kafka consumer is not running' };
    // Until the read models have once caught up with the topic, queries would answer from a partial picture.
    if (!this.caughtUp) return { details, problem: `catching up with ${this.topic}: ${this.lag ?? 'unknown'} messages behind` };
    return { details };
  }

  /** Messages between the group's committed offsets and the topic's end. */
  private async measureLag(): Promise<void> {
    const admin = this.admin as Admin;
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(this.topic),
      admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] }),
    ]);
    const at = new Map(committed.partitions.map((partition) => [partition.partition, BigInt(partition.offset)]));
    let lag = 0n;
    for (const end of ends) {
      const done = at.get(end.partition) ?? -1n;
      lag += BigInt(end.high) - (done < 0n ? BigInt(end.low) : done);
    }
    this.lag = Number(lag);
    if (lag === 0n) this.caughtUp = true;
  }

  private applied(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      this.recent.add(event.position);
      if (this.recent.size > 10_000) this.recent.delete(this.recent.values().next().value as number);
    }
    if (this.waiters.length === 0) return;
    const positions = new Set(events.map((event) => event.position));
    for (const waiter of this.waiters) if (positions.has(waiter.position)) waiter.resolve();
  }
}

/**
 * The service's read models as one projection: set up, reset and applied together. Its name carries
 * a digest of every member's name and version, so any change to the set (a version bumped, a read
 * model added or removed) is a new set: new tables' checkpoint row, reset, and a new consumer group.
 */
function readModelSet(service: string, projections: readonly SqlProjection[]): SqlProjection {
  const members = projections.map((projection) => `${projection.name}@${projection.version}`).join(',');
  return {
    name: `${service}-read-models-${createHash('sha256').update(members).digest('hex').slice(0, 8)}`,
    version: projections.reduce((sum, projection) => sum + projection.version, 0),
    async setUp(sql) {
      for (const projection of projections) await projection.setUp(sql);
    },
    async reset(sql) {
      for (const projection of projections) await projection.reset(sql);
    },
    async apply(sql, event) {
      for (const projection of projections) await projection.apply(sql, event);
    },
  };
}
