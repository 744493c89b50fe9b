import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { RecordedEvent } from '@escalation-hub/event-store';
import type { SqlDatabase, SqlExecutor } from '@escalation-hub/sql';
import { fromKafkaMessage } from './cloud-event.envelope';

export interface EventConsumerOptions {
  /** The consumer group; also the name its processed ids are kept under. */
  readonly groupId: string;
  readonly topic: string;
  /** Where a message that still fails after every attempt goes, with the reason and its original headers. */
  readonly deadLetterTopic: string;
  /** Attempts before a message is dead-lettered (default 5), waiting `retryDelayMs` × 2ⁿ between them. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** Messages applied in one transaction while nothing fails (default 200). */
  readonly chunkSize?: number;
  readonly onDeadLetter?: (reason: string, message: KafkaMessage) => void;
  /** Called after the transaction that applied these events committed. */
  readonly onApplied?: (events: readonly RecordedEvent[]) => void;
}

/** The work for one event, run inside the transaction that also records its id as processed. */
export type EventHandler = (event: RecordedEvent, sql: SqlExecutor) => Promise<void>;

export interface EventConsumerStatus {
  readonly running: boolean;
  readonly applied: number;
  readonly deadLettered: number;
  readonly lastError?: string;
}

/**
 * Consumes hub events from Kafka into a SQL database, exactly once in effect:
 * - each event's work and its id (`consumed_events`) commit in one transaction, so a redelivered
 *   duplicate (the outbox may resend) is recognised and skipped;
 * - offsets are committed only after that transaction, never before;
 * - a failing message is retried with backoff, then sent to the dead-letter topic with the error and
 *   its original headers, and the partition moves on. Nothing is dropped silently.
 * While nothing fails, a fetched batch is applied in chunks of one transaction each; a chunk that
 * fails is applied again message by message, so one poison message cannot hold back the others.
 */
export class KafkaEventConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private ready: Promise<void> | undefined;
  private applied = 0;
  private deadLettered = 0;
  private lastError: string | undefined;
  private crashed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly database: SqlDatabase,
    private readonly handler: EventHandler,
    private readonly options: EventConsumerOptions,
  ) {}

  async start(): Promise<void> {
    await this.ensureTable();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    // kafkajs restarts a crashed consumer when it can; until then (or if it cannot) health says so.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crashed = !payload.restart;
      this.lastError = `consumer crashed: ${payload.error.message}`;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.crashed = false));
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const size = this.options.chunkSize ?? 200;
        for (let start = 0; start < batch.messages.length; start += size) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + size);
          await this.handleChunk(chunk, heartbeat);
          const last = chunk[chunk.length - 1].offset;
          resolveOffset(last);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          await heartbeat();
        }
      },
    });
  }

  status(): EventConsumerStatus {
    const base = { running: this.consumer !== undefined && !this.crashed, applied: this.applied, deadLettered: this.deadLettered };
    return this.lastError ? { ...base, lastError: this.lastError } : base;
  }

  /** Whether an event at this position has been applied (by this process or another in the group). */
  async hasApplied(position: number): Promise<boolean> {
    await this.ensureTable();
    const row = await this.database.get('SELECT 1 AS seen FROM consumed_events WHERE consumer = ? AND position = ?', [
      this.options.groupId,
      position,
    ]);
    return row !== undefined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async handleChunk(messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    const events: RecordedEvent[] = [];
    for (const message of messages) {
      try {
        events.push(fromKafkaMessage(message));
      } catch {
        return this.handleOneByOne(messages, heartbeat); // the malformed one is dead-lettered there
      }
    }
    try {
      const applied = await this.database.transaction(async (sql) => {
        const done: RecordedEvent[] = [];
        for (const event of events) if (await this.applyOnce(sql, event)) done.push(event);
        return done;
      });
      this.afterCommit(applied);
    } catch {
      await this.handleOneByOne(messages, heartbeat);
    }
  }

  private async handleOneByOne(messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    for (const message of messages) await this.handle(message, heartbeat);
  }

  /**
   * Applies one message, retrying with backoff. After `maxAttempts` the message is dead-lettered only
   * if the database itself answers (the message is the problem); while the database is away the
   * message is retried for as long as it takes (capped backoff, staying in the group), never dropped.
   */
  private async handle(message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    let event: RecordedEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (error) {
      return this.deadLetter(message, error, 1); // a malformed message will not get better by retrying
    }
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.database.transaction((sql) => this.applyOnce(sql, event));
        this.afterCommit(applied ? [event] : []);
        return;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        if (attempt >= attempts && (await this.databaseAnswers())) return this.deadLetter(message, error, attempt);
        const delay = Math.min((this.options.retryDelayMs ?? 200) * 2 ** (Math.min(attempt, 20) - 1), 10_000);
        await new Promise((resolve) => setTimeout(resolve, delay));
        await heartbeat().catch(() => undefined); // a rebalance meanwhile shows up on the next commit
      }
    }
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.database.get('SELECT 1 AS up');
      return true;
    } catch {
      return false;
    }
  }

  /** Applies the event unless this consumer has already; true when it did. */
  private async applyOnce(sql: SqlExecutor, event: RecordedEvent): Promise<boolean> {
    const seen = await sql.get('SELECT 1 AS seen FROM consumed_events WHERE consumer = ? AND event_id = ?', [
      this.options.groupId,
      event.id,
    ]);
    if (seen) return false;
    await this.handler(event, sql);
    await sql.run('INSERT INTO consumed_events (consumer, event_id, position) VALUES (?, ?, ?)', [
      this.options.groupId,
      event.id,
      event.position,
    ]);
    return true;
  }

  private afterCommit(events: readonly RecordedEvent[]): void {
    this.applied += events.length;
    this.lastError = undefined;
    if (events.length > 0) this.options.onApplied?.(events);
  }

  private async deadLetter(message: KafkaMessage, error: unknown, attempts: number): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-reason': reason,
      'dlq-attempts': String(attempts),
      'dlq-consumer': this.options.groupId,
      'dlq-original-topic': this.options.topic,
      'dlq-original-offset': message.offset,
    };
    await this.producer?.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.deadLettered += 1;
    this.options.onDeadLetter?.(reason, message);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.database
      .exec(
        `CREATE TABLE IF NOT EXISTS consumed_events (
           consumer TEXT NOT NULL, event_id TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (consumer, event_id));
         CREATE INDEX IF NOT EXISTS consumed_events_position ON consumed_events (consumer, position);`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}
