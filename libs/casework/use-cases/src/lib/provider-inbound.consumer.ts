import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { CaseBusyError } from '@escalation-hub/casework-application';
import { Actor, CaseworkError, CRN_PATTERN } from '@escalation-hub/casework-domain';
import { InvalidEventError } from '@escalation-hub/event-store';
import { HUB_TOPICS } from '@escalation-hub/messaging';
import { jsonShapeProblem } from '@escalation-hub/platform';
import { AnswerInformationRequestCommand } from './answer-information-request/answer-information-request.command';
import { answerInformationRequestFromMessage } from './answer-information-request/answer-information-request.message';
import { InboundMessageRejected } from './inbound-message';
import { RequestEscalationCommand } from './request-escalation/request-escalation.command';
import { requestEscalationFromMessage } from './request-escalation/request-escalation.message';
import { SubmitBreachPackCommand } from './submit-breach-pack/submit-breach-pack.command';
import { submitBreachPackFromMessage } from './submit-breach-pack/submit-breach-pack.message';
import { RecordFailureToComplyCommand } from './record-failure-to-comply/record-failure-to-comply.command';
import { recordFailureToComplyFromMessage } from './record-failure-to-comply/record-failure-to-comply.message';
import { RecordRiskInformationCommand } from './record-risk-information/record-risk-information.command';
import { recordRiskInformationFromMessage } from './record-risk-information/record-risk-information.message';
import { RecordWarningCommand } from './record-warning/record-warning.command';
import { recordWarningFromMessage } from './record-warning/record-warning.message';

export { InboundMessageRejected } from './inbound-message';

/** A command a provider may send over Kafka. */
export type InboundCommand =
  | RequestEscalationCommand
  | SubmitBreachPackCommand
  | AnswerInformationRequestCommand
  | RecordFailureToComplyCommand
  | RecordWarningCommand
  | RecordRiskInformationCommand;

/** What a provider may post on its inbound topic, by CloudEvents `type`; the body is the same JSON as over HTTP. */
export const INBOUND_MESSAGE_TYPES: Record<string, (crn: string, actor: Actor, body: object) => Promise<InboundCommand>> = {
  'escalation.request': requestEscalationFromMessage,
  'breach-pack.submit': submitBreachPackFromMessage,
  'escalation.answer': answerInformationRequestFromMessage,
  'compliance.failure': recordFailureToComplyFromMessage,
  'compliance.warning': recordWarningFromMessage,
  'risk-information.record': recordRiskInformationFromMessage,
};

export interface ProviderInboundOptions {
  /** The providers whose inbound topics this process reads. */
  readonly providers: readonly string[];
  readonly groupId?: string;
  /** First wait after an infrastructure failure (doubles up to 5 s; such a message is retried, never dead-lettered). */
  readonly retryDelayMs?: number;
  readonly onRejected?: (provider: string, code: string, reason: string) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Provider systems sending their requests and records over Kafka instead of HTTP
 * (`INBOUND_MESSAGE_TYPES`). Each provider writes only to its own topic (Kafka ACLs), so the topic
 * says who the provider is; `ce_source`
 * names the sending system (recorded as the actor). The same validation, commands and `requestId`
 * rules as HTTP apply: a retry is recognised and adds nothing. A message that is malformed, invalid
 * or breaks a rule goes to the provider's dead-letter topic with a code and a reason, and nothing is
 * stored. A failure of the hub itself (the database away) is retried until it succeeds: the offset
 * is committed only once the command is settled.
 */
export class ProviderInboundConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private running = false;
  private accepted = 0;
  private rejected = 0;
  private lastError: string | undefined;
  private readonly providerByTopic: Map<string, string>;

  constructor(
    private readonly kafka: Kafka,
    private readonly dispatch: (command: InboundCommand) => Promise<unknown>,
    private readonly options: ProviderInboundOptions,
  ) {
    this.providerByTopic = new Map(options.providers.map((provider) => [HUB_TOPICS.providerInbound(provider), provider]));
  }

  async start(): Promise<void> {
    if (this.providerByTopic.size === 0) return;
    this.running = true;
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId ?? 'gateway.provider-inbound',
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.providerByTopic.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const settled = await this.settle(this.providerByTopic.get(topic) as string, topic, message);
        if (!settled) return; // stopping: the offset stays, the message is read again by whoever takes over
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  status() {
    const base = { running: this.running, topics: [...this.providerByTopic.keys()], accepted: this.accepted, rejected: this.rejected };
    return this.lastError ? { ...base, lastError: this.lastError } : base;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  /** Accepts or dead-letters the message; false only when stopping before either happened. */
  private async settle(provider: string, topic: string, message: KafkaMessage): Promise<boolean> {
    let delay = this.options.retryDelayMs ?? 500;
    while (this.running) {
      try {
        await this.dispatch(await commandFrom(provider, message));
        this.accepted += 1;
        this.lastError = undefined;
        return true;
      } catch (error) {
        const refusal = inboundRefusalOf(error);
        if (refusal) {
          await this.deadLetter(provider, topic, message, refusal);
          return true;
        }
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
    return false;
  }

  private async deadLetter(provider: string, topic: string, message: KafkaMessage, refusal: { code: string; reason: string }) {
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      'dlq-code': refusal.code,
      'dlq-reason': refusal.reason,
      'dlq-original-topic': topic,
      'dlq-original-offset': message.offset,
    };
    await (this.producer as Producer).send({
      topic: HUB_TOPICS.providerInboundDeadLetter(provider),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.rejected += 1;
    this.options.onRejected?.(provider, refusal.code, refusal.reason);
  }
}

/** Why the hub refuses a message for good (retrying cannot help), or undefined for a passing failure. */
export function inboundRefusalOf(error: unknown): { code: string; reason: string } | undefined {
  if (error instanceof InboundMessageRejected) return { code: error.code, reason: error.message };
  if (error instanceof CaseBusyError) return undefined; // others were writing to the case: try again
  if (error instanceof CaseworkError) return { code: error.code, reason: error.message };
  // Content the store cannot hold (a lone surrogate past validation): the same message would be refused for ever.
  if (error instanceof InvalidEventError) return { code: error.code, reason: `The message cannot be recorded as sent: ${error.problem}` };
  return undefined;
}

/** Reads and validates a provider's message into the command it asks for; InboundMessageRejected says what is wrong. */
export async function commandFrom(provider: string, message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): Promise<InboundCommand> {
  const header = (name: string): string | undefined => {
    const raw = message.headers?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value === undefined || value === null ? undefined : value.toString();
  };
  const reject = (reason: string, code = 'MALFORMED_MESSAGE') => new InboundMessageRejected(code, reason);
  if (header('ce_specversion') !== '1.0')
    throw reject(`ce_specversion must be 1.0 (CloudEvents binary mode), not ${header('ce_specversion')}`);
  const type = header('ce_type') ?? '';
  if (!(type in INBOUND_MESSAGE_TYPES)) {
    throw reject(
      `ce_type must be one of ${Object.keys(INBOUND_MESSAGE_TYPES).join(', ')}, not ${type || 'missing'}`,
      'UNKNOWN_MESSAGE_TYPE',
    );
  }
  if (!header('ce_id')) throw reject('ce_id is missing');
  const source = header('ce_source') ?? '';
  if (!/^[A-Za-z0-9._:/-]{1,128}$/.test(source)) throw reject('ce_source must name the sending system (1–128 letters, digits, . _ : / -)');
  const crn = header('ce_subject') ?? '';
  if (!CRN_PATTERN.test(crn)) throw reject(`ce_subject must be the case's CRN (a letter and six digits), not ${crn || 'missing'}`);
  if (message.key && message.key.toString() !== crn) throw reject(`the key ${message.key.toString()} is not the CRN in ce_subject ${crn}`);
  const contentType = header('content-type') ?? header('ce_datacontenttype') ?? 'application/json';
  if (!contentType.startsWith('application/json')) throw reject(`content-type must be application/json, not ${contentType}`);
  const text = message.value?.toString('utf8') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw reject('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw reject('the body is not a JSON object');
  const shapeProblem = jsonShapeProblem(text);
  if (shapeProblem) throw reject(`the body is refused: ${shapeProblem}`);
  const actor: Actor = { id: source, role: 'provider', provider };
  return INBOUND_MESSAGE_TYPES[type](crn, actor, body);
}
