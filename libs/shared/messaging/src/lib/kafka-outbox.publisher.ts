import { Kafka, Message, PartitionMetadata, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import type { AllSubscription, EventLog, RecordedEvent } from '@escalation-hub/event-store';
import { SubjectOf, toKafkaMessage } from './cloud-event.envelope';

/** The store checkpoint where an outbox publishing to `topic` keeps the position the broker has acknowledged. */
export function outboxCheckpointName(topic: string): string {
  return `outbox:${topic}`;
}

/** One message for one topic. */
export interface OutboundMessage {
  readonly topic: string;
  readonly message: Message;
}

/**
 * What a batch of events becomes on the wire: any number of messages (none for events the route
 * leaves out). It runs before the batch is sent, and again for a batch sent again after a failure.
 */
export type OutboxRoute = (events: readonly RecordedEvent[]) => Promise<readonly OutboundMessage[]>;

/** Every event, as it is recorded, to one topic, keyed by its subject (the stream's name unless `subjectOf` says). */
export function everyEventTo(topic: string, subjectOf?: SubjectOf): OutboxRoute {
  return async (events) => events.map((event) => ({ topic, message: toKafkaMessage(event, subjectOf) }));
}

export interface OutboxPublisherOptions {
  readonly route: OutboxRoute;
  /** The store checkpoint that remembers how far the broker has acknowledged (outboxCheckpointName). */
  readonly checkpointName: string;
  readonly batchSize?: number;
  /** How often to look for new events once caught up (the store's default otherwise). */
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface OutboxStatus {
  readonly running: boolean;
  /** Position of the last event the broker acknowledged (and the checkpoint holds). */
  readonly position: number | undefined;
  readonly published: number;
  readonly lastError?: string;
}

/**
 * Publishes the store, in `$all` order, to Kafka as its route says: follows `$all` from its checkpoint,
 * sends each batch with an idempotent producer (acks from all in-sync replicas), and moves the
 * checkpoint only after the broker has acknowledged. A restart resends at most the batch that was in
 * flight: duplicates on the wire are possible, losses are not; consumers remove duplicates by id.
 */
export class KafkaOutboxPublisher {
  private producer: Producer | undefined;
  private subscription: AllSubscription | undefined;
  private running = false;
  private position: number | undefined;
  private published = 0;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly checkpointName: string;
  /** Each topic's partitions (their number does not change while the hub runs; a restart reads them again). */
  private readonly partitions = new Map<string, PartitionMetadata[]>();
  private readonly partitioner = Partitioners.DefaultPartitioner();

  constructor(
    private readonly log: EventLog,
    private readonly kafka: Kafka,
    private readonly options: OutboxPublisherOptions,
  ) {
    this.checkpointName = options.checkpointName;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.follow();
  }

  status(): OutboxStatus {
    const base = { running: this.running, position: this.position, published: this.published };
    return this.lastError ? { ...base, lastError: this.lastError } : base;
  }

  /** Resolves once everything up to `position` has been acknowledged by the broker. */
  async waitForPosition(position: number, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.position ?? 0) < position) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.producer?.disconnect();
    this.producer = undefined;
  }

  private async follow(): Promise<void> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      // Stopped while connecting (a retry racing stop): stop() could not see this producer, so close it here.
      if (!this.running) return void (await producer.disconnect());
      this.producer = producer;
    }
    this.position = await this.log.port.readCheckpoint(this.checkpointName);
    if (!this.running) return;
    const subscription = this.log.subscribeToAll({
      from: this.position,
      batchSize: this.options.batchSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: (events) => this.publish(events),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.retryAfter(error));
  }

  private async publish(events: readonly RecordedEvent[]): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new Error('The outbox publisher is stopped');
    // One send per partition, each checked in the answer. kafkajs 2.2.4 can report a multi-partition
    // batch as written while a broker fails over and leave some partitions' messages out
    // (tulios/kafkajs#1303; kafka-cluster.int.spec.ts shows it): a send that names one partition
    // is answered by that partition's leader alone, so its acknowledgement means what it says.
    const byPartition = new Map<string, { topic: string; partition: number; messages: Message[] }>();
    for (const { topic, message } of await this.options.route(events)) {
      const partition = await this.partitionFor(topic, message);
      const key = `${topic}\u0000${partition}`;
      const group = byPartition.get(key);
      if (group) group.messages.push({ ...message, partition });
      else byPartition.set(key, { topic, partition, messages: [{ ...message, partition }] });
    }
    const groups = [...byPartition.values()];
    // Every send settles before a failure is reported: the producer is then replaced, and kafkajs reconnects a
    // producer disconnected with sends still in flight (tulios/kafkajs#1438), leaving its retries running.
    const settled = await Promise.allSettled(groups.map(({ topic, messages }) => producer.send({ topic, acks: -1, messages })));
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const answers = settled.map((outcome) => (outcome as PromiseFulfilledResult<RecordMetadata[]>).value);
    groups.forEach(({ topic, partition, messages }, index) => {
      const answer = answers[index].find((record) => record.topicName === topic && record.partition === partition);
      if (!answer || answer.errorCode !== 0) {
        throw new Error(`Kafka did not acknowledge ${messages.length} message(s) on ${topic}[${partition}]; sending again`);
      }
    });
    const next = events[events.length - 1].position;
    // Compare-and-set: a second publisher on the same store would show up here instead of interleaving.
    if (!(await this.log.port.compareAndSetCheckpoint(this.checkpointName, this.position, next))) {
      throw new Error(`Outbox checkpoint ${this.checkpointName} moved: another publisher is running`);
    }
    this.position = next;
    this.published += events.length;
    this.lastError = undefined;
  }

  /** The partition the default (Java-compatible) partitioner gives the message's key, as a plain send would. */
  private async partitionFor(topic: string, message: Message): Promise<number> {
    let partitions = this.partitions.get(topic);
    if (!partitions) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        partitions = metadata.partitions;
      } finally {
        await admin.disconnect();
      }
      this.partitions.set(topic, partitions);
    }
    return this.partitioner({ topic, partitionMetadata: partitions, message });
  }

  /** Starts again from the acknowledged checkpoint, a little later. */
  private retryAfter(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error);
    // A producer that failed mid-send (a broker restart, a fenced epoch) is replaced, not reused.
    const failed = this.producer;
    this.producer = undefined;
    void failed?.disconnect().catch(() => undefined);
    if (!this.running) return;
    this.retryTimer = setTimeout(() => {
      if (this.running) this.follow().catch((failure: unknown) => this.retryAfter(failure));
    }, this.options.retryDelayMs ?? 1_000);
  }
}
