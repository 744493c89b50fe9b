import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port';

let sequence = 0;

/** A valid event with a fresh id; override what the test cares about. */
export function aNewEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  sequence += 1;
  return { id: randomUUID(), type: 'test.event-happened', data: { n: sequence }, metadata: { by: 'test' }, ...overrides };
}

export function someNewEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, () => aNewEvent());
}

/** Polls until `done()` holds, or fails after `timeoutMs`. */
export async function collectUntil(done: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
