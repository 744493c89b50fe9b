import type { EventLog, NewEvent } from '@escalation-hub/event-store';

const MAX_BATCH = 500;

interface StreamQueue {
  readonly events: NewEvent[];
  readonly settle: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Appends records (access and disclosure records) to their streams, gathering those that arrive while
 * an append to the same stream is in flight into the next one. Every record of a stream must follow
 * the one before it in the hash chain, so concurrent appends to one stream could only take turns,
 * each with its own commit and fsync (or lose the race and seal again); gathered, one commit carries
 * them all. Each caller's promise settles once its own record is durable, or with the append's error.
 */
export class CoalescingAppender {
  private readonly queues = new Map<string, StreamQueue>();

  constructor(private readonly log: EventLog) {}

  append(streamName: string, event: NewEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      const queued = this.queues.get(streamName);
      if (queued) {
        queued.events.push(event);
        queued.settle.push({ resolve, reject });
        return;
      }
      const queue: StreamQueue = { events: [event], settle: [{ resolve, reject }] };
      this.queues.set(streamName, queue);
      void this.drain(streamName, queue);
    });
  }

  private async drain(streamName: string, queue: StreamQueue): Promise<void> {
    while (queue.events.length > 0) {
      const events = queue.events.splice(0, MAX_BATCH);
      const settle = queue.settle.splice(0, MAX_BATCH);
      try {
        await this.log.append(streamName, events);
        settle.forEach(({ resolve }) => resolve());
      } catch (error) {
        settle.forEach(({ reject }) => reject(error));
      }
    }
    this.queues.delete(streamName);
  }
}
