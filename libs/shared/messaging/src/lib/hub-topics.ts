import type { ITopicConfig } from 'kafkajs';

/**
 * Every Kafka topic the hub uses, named in one place (docs/asyncapi.yaml documents each; a test
 * checks the two agree). Versioned names, so a change of message shape gets a new topic.
 */
export const HUB_TOPICS = {
  /** Every event of every case, keyed by CRN: what the hub's own services consume. */
  caseEvents: 'hub.case-events.v1',
  /** Internal events a consumer could not process, with the reason. */
  caseEventsDeadLetter: 'hub.case-events.dlq.v1',
  /** One provider's cases only, so ACLs can keep each provider to its own. */
  providerOutbound: (provider: string) => `hub.provider.${providerSegment(provider)}.outbound.v1`,
} as const;

/** Provider codes are upper-case letters and digits (CRC07); topic names use them in lower case. */
function providerSegment(provider: string): string {
  if (!/^[A-Z0-9]{2,16}$/.test(provider)) throw new Error(`Not a provider code: ${provider}`);
  return provider.toLowerCase();
}

/** Partitions and settings at creation. Replication comes from the cluster (3 with min ISR 2 in production). */
export function hubTopicConfigs(providers: readonly string[], replicationFactor: number): ITopicConfig[] {
  const topic = (name: string, numPartitions: number): ITopicConfig => ({
    topic: name,
    numPartitions,
    replicationFactor,
    configEntries: [{ name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) }],
  });
  return [
    topic(HUB_TOPICS.caseEvents, 6),
    topic(HUB_TOPICS.caseEventsDeadLetter, 1),
    ...providers.map((provider) => topic(HUB_TOPICS.providerOutbound(provider), 3)),
  ];
}
