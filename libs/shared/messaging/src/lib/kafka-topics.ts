import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates the topics the hub uses with their partitions and settings; ones that exist are left as
 * they are. The hub never relies on a broker's topic auto-creation.
 */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.topic));
  if (missing.length === 0) return;
  // Another process may create them at the same moment: createTopics then answers false, which is fine.
  await admin.createTopics({ topics: missing, waitForLeaders: true });
}
