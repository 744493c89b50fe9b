import type { EventLog, RecordedEvent } from '@escalation-hub/event-store';
import type { OutboxRoutes } from './kafka-outbox.publisher';
import { HUB_TOPICS } from './hub-topics';

/**
 * Sends each case's events also to the outbound topic of the provider the case was allocated to,
 * read from the case's first event (`case.allocated`) and remembered. Other streams (access log,
 * request reservations, integrity checkpoints) stay on the internal topic only.
 */
export function providerOutboundRoutes(log: EventLog, cacheSize = 10_000): OutboxRoutes {
  const providers = new Map<string, string | null>();
  return async (event: RecordedEvent) => {
    if (!event.streamName.startsWith('case-')) return [];
    let provider = providers.get(event.streamName);
    if (provider === undefined) {
      const [first] = await log.readStream(event.streamName, { maxCount: 1 });
      const allocated = first?.type === 'case.allocated' ? first.data['provider'] : undefined;
      provider = typeof allocated === 'string' ? allocated : null;
      if (providers.size >= cacheSize) providers.delete(providers.keys().next().value as string);
      providers.set(event.streamName, provider);
    }
    return provider ? [HUB_TOPICS.providerOutbound(provider)] : [];
  };
}
