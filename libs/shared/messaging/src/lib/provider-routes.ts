import type { EventLog, RecordedEvent } from '@escalation-hub/event-store';
import type { OutboxRoutes } from './kafka-outbox.publisher';
import { HUB_TOPICS } from './hub-topics';

export interface ProviderRoutesOptions {
  /** Cases whose provider is remembered (default 10,000). */
  readonly cacheSize?: number;
  /** Called once per provider before its first event is routed: creates its topics (auto-creation is off). */
  readonly onNewProvider?: (provider: string) => Promise<void>;
}

/**
 * Sends each case's events also to the outbound topic of the provider the case was allocated to,
 * read from the case's first event (`case.allocated`) and remembered. Other streams (access log,
 * request reservations, integrity checkpoints) stay on the internal topic only.
 */
export function providerOutboundRoutes(log: EventLog, options: ProviderRoutesOptions = {}): OutboxRoutes {
  const cacheSize = options.cacheSize ?? 10_000;
  const providers = new Map<string, string | null>();
  const known = new Set<string>();
  return async (event: RecordedEvent) => {
    if (!event.streamName.startsWith('case-')) return [];
    let provider = providers.get(event.streamName);
    if (provider === undefined) {
      // A case's first event names its provider: no need to read it back when it is the one being published.
      const [first] = event.streamVersion === 0 ? [event] : await log.readStream(event.streamName, { maxCount: 1 });
      const allocated = first?.type === 'case.allocated' ? first.data['provider'] : undefined;
      provider = typeof allocated === 'string' ? allocated : null;
      if (providers.size >= cacheSize) providers.delete(providers.keys().next().value as string);
    } else {
      providers.delete(event.streamName); // moved to the newest end: the cache forgets the least recently used
    }
    providers.set(event.streamName, provider);
    if (!provider) return [];
    if (!known.has(provider)) {
      await options.onNewProvider?.(provider);
      known.add(provider);
    }
    return [HUB_TOPICS.providerOutbound(provider)];
  };
}
