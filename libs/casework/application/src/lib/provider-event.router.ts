import type { EventLog, RecordedEvent } from '@escalation-hub/event-store';
import { Disclosure, disclosureOf, evolveSeam, SeamState, streamNameFor } from '@escalation-hub/casework-domain';
import { isCaseStream, toCaseEvent } from './case-event.mapper';

/** A recorded case event and what it discloses to a provider. */
export interface RoutedDisclosure {
  readonly recorded: RecordedEvent;
  readonly disclosure: Disclosure;
}

/**
 * Follows `$all` and says what each case event discloses to which provider, with the same rule as
 * the feed (`disclosureOf`). It remembers each case's seam as of the last event it saw; a case it does
 * not remember (after a restart, or evicted) is replayed from the store up to the event in hand.
 */
export class ProviderEventRouter {
  private readonly seams = new Map<string, { version: number; seam: SeamState }>();

  constructor(
    private readonly log: EventLog,
    private readonly cacheSize = 10_000,
  ) {}

  async route(events: readonly RecordedEvent[]): Promise<RoutedDisclosure[]> {
    const routed: RoutedDisclosure[] = [];
    for (const recorded of events) {
      if (!isCaseStream(recorded.streamName)) continue;
      const event = toCaseEvent(recorded);
      const before = await this.seamBefore(recorded);
      const disclosure = disclosureOf(before, event, recorded.id);
      this.remember(recorded.streamName, { version: recorded.streamVersion, seam: evolveSeam(before, event) });
      if (disclosure) routed.push({ recorded, disclosure });
    }
    return routed;
  }

  private async seamBefore(recorded: RecordedEvent): Promise<SeamState | undefined> {
    if (recorded.streamVersion === 0) return undefined;
    const known = this.seams.get(recorded.streamName);
    if (known && known.version === recorded.streamVersion - 1) return known.seam;
    let seam: SeamState | undefined;
    const crn = recorded.streamName.slice('case-'.length);
    for await (const earlier of this.log.iterateStream(streamNameFor(crn))) {
      if (earlier.streamVersion >= recorded.streamVersion) break;
      seam = evolveSeam(seam, toCaseEvent(earlier));
    }
    return seam;
  }

  /** Least recently used cases are forgotten first once the cache is full. */
  private remember(streamName: string, entry: { version: number; seam: SeamState }): void {
    this.seams.delete(streamName);
    this.seams.set(streamName, entry);
    if (this.seams.size > this.cacheSize) this.seams.delete(this.seams.keys().next().value as string);
  }
}
