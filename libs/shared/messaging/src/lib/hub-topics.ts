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
  /**
   * The provider events of one provider's cases (the provider contract, not the internal events), so
   * ACLs can keep each provider to its own. v1 carried internal events; its topics are no longer written.
   */
  providerOutbound: (provider: string) => `hub.provider.${providerSegment(provider)}.outbound.v2`,
  /** Where one provider's system may send its requests and records (only that provider may write). */
  providerInbound: (provider: string) => `hub.provider.${providerSegment(provider)}.inbound.v1`,
  /** That provider's messages the hub refused, each with the reason: nothing of them was stored. */
  providerInboundDeadLetter: (provider: string) => `hub.provider.${providerSegment(provider)}.inbound.dlq.v1`,
  /** Every signed checkpoint of the whole log (C2SP notes), for witnesses and monitors: kept for ever. */
  integrityCheckpoints: 'hub.integrity.checkpoints.v1',
} as const;

/** Provider codes are upper-case letters and digits (CRC07); topic names use them in lower case. */
function providerSegment(provider: string): string {
  if (!/^[A-Z0-9]{2,16}$/.test(provider)) throw new Error(`Not a provider code: ${provider}`);
  return provider.toLowerCase();
}

/**
 * Partitions and settings at creation. Replication comes from the cluster (3 with min ISR 2 in
 * production). The case-events topic keeps every event (retention -1): a service's read models are
 * rebuilt by reading it from the beginning.
 */
export function hubTopicConfigs(providers: readonly string[], replicationFactor: number): ITopicConfig[] {
  return [
    topicConfig(HUB_TOPICS.caseEvents, 6, replicationFactor, [{ name: 'retention.ms', value: '-1' }]),
    topicConfig(HUB_TOPICS.caseEventsDeadLetter, 1, replicationFactor),
    topicConfig(HUB_TOPICS.integrityCheckpoints, 1, replicationFactor, [{ name: 'retention.ms', value: '-1' }]),
    ...providers.flatMap((provider) => providerTopicConfigs(provider, replicationFactor)),
  ];
}

/** One provider's topics: outbound, inbound and the inbound dead letters. */
export function providerTopicConfigs(provider: string, replicationFactor: number): ITopicConfig[] {
  return [
    topicConfig(HUB_TOPICS.providerOutbound(provider), 3, replicationFactor),
    topicConfig(HUB_TOPICS.providerInbound(provider), 3, replicationFactor),
    topicConfig(HUB_TOPICS.providerInboundDeadLetter(provider), 1, replicationFactor),
  ];
}

function topicConfig(
  topic: string,
  numPartitions: number,
  replicationFactor: number,
  extra: { name: string; value: string }[] = [],
): ITopicConfig {
  return {
    topic,
    numPartitions,
    replicationFactor,
    configEntries: [{ name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) }, ...extra],
  };
}
