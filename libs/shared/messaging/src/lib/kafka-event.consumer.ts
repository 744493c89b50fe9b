import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { SqlDatabase, SqlExecutor } from '@escalation-hub/sql';
import { EventOnTheWire, fromKafkaMessage } from './cloud-event.envelope';

export interface EventConsumerOptions {
  /** The consumer group; also the name its processed-ids are kept under. */
  readonly groupId: string;
  readonly topic: string;
  /** Where a message that still fails after every attempt goes, with the reason and its original headers. */
  readonly deadLetterTopic: string;
  /** Attempts before a message is dead-lettered (default 5), waiting `retryDelayMs` × 2ⁿ between them. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  readonly onDeadLetter?: (reason: string, message: KafkaMessage) => void;
}

/** The work for one event, run inside the transaction that also records its id as processed. */
export type EventHandler = (event: EventOnTheWire, sql: SqlExecutor) => Promise<void>;

/**
 * Consumes hub events from Kafka into a SQL database, exactly once in effect:
 * - each event's work and its id (`consumed_events`) commit in one transaction, so a redelivered
 *   duplicate (the outbox may resend) is recognised and skipped;
 * - the offset is committed only after that transaction, never before;
 * - a failing message is retried with backoff, then sent to the dead-letter topic with the error and
 *   its original headers, and the partition moves on. Nothing is dropped silently.
 */
export class KafkaEventConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private ready: Promise<void> | undefined;

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
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        await this.handle(message);
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async handle(message: KafkaMessage): Promise<void> {
    let event: EventOnTheWire;
    try {
      event = fromKafkaMessage(message);
    } catch (error) {
      return this.deadLetter(message, error, 1); // a malformed message will not get better by retrying
    }
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.database.transaction(async (sql) => {
          const seen = await sql.get('SELECT 1 AS seen FROM consumed_events WHERE consumer = ? AND event_id = ?', [
            this.options.groupId,
            event.id,
          ]);
          if (seen) return;
          await this.handler(event, sql);
          await sql.run('INSERT INTO consumed_events (consumer, event_id) VALUES (?, ?)', [this.options.groupId, event.id]);
        });
        return;
      } catch (error) {
        if (attempt >= attempts) return this.deadLetter(message, error, attempt);
        await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1)));
      }
    }
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
    this.options.onDeadLetter?.(reason, message);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.database
      .exec('CREATE TABLE IF NOT EXISTS consumed_events (consumer TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (consumer, event_id))')
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }
}
