import { EventLog, InMemoryEventStore } from '@escalation-hub/event-store';
import { CaseCommand, CaseEvent, CaseState, decide, DueTimePolicy, evolve, streamNameFor } from '@escalation-hub/casework-domain';
import { toNewEvent } from '@escalation-hub/casework-application';

/** The hours the audit specs count from: 10:00 on a working Wednesday. */
const T0 = Date.parse('2026-11-04T10:00:00Z');
export const at = (hours: number) => new Date(T0 + hours * 3_600_000);

/** Records commands one at a time, each decided by the real rules at its own hour of the log's clock. */
export async function recordCase(commands: [number, CaseCommand][]): Promise<EventLog> {
  let now = at(0);
  const log = new EventLog(new InMemoryEventStore(), { clock: () => now });
  let state: CaseState | undefined;
  for (const [hours, command] of commands) {
    now = at(hours);
    const events: CaseEvent[] = decide(state, command, { now, dueTimes: new DueTimePolicy() });
    state = events.reduce<CaseState | undefined>(evolve, state);
    await log.append(streamNameFor(command.crn), events.map(toNewEvent));
  }
  return log;
}
