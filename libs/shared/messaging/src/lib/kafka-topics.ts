import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates the topics the hub uses with their partitions and settings; ones that exist are left as
 * they are. The hub never relies on a broker's topic auto-creation. Resolves once every partition of
 * every topic has a leader; on a cluster the broker asked may learn of a new topic a moment after
 * the controller created it, so this asks again until it has (kafkajs's own wait gives up instead).
 */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[], timeoutMs = 60_000): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.topic));
  // Another process may create them at the same moment: createTopics then answers false, which is fine.
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: false });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.topic) });
      if (
        found.length === topics.length &&
        found.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0))
      ) {
        return;
      }
    } catch {
      // not known to the broker asked yet
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka topics not ready within ${timeoutMs} ms: ${topics.map((topic) => topic.topic).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
