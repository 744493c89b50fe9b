import type { AllocateCase, CaseCommand } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { decide, DecisionContext } from '../case.decider';
import { replay } from '../case.state';
import { DueTimePolicy } from '../due-time.policy';
import type { Actor } from '../vocabulary';

export const actors = {
  crc07: { id: 'crc07-cms', role: 'provider', provider: 'CRC07' },
  crc11: { id: 'crc11-cms', role: 'provider', provider: 'CRC11' },
  officer: { id: 'po.alice', role: 'decision-maker' },
  otherOfficer: { id: 'po.bob', role: 'decision-maker' },
  spo: { id: 'spo.carol', role: 'spo' },
  otherSpo: { id: 'spo.dan', role: 'spo' },
  aco: { id: 'aco.erin', role: 'aco' },
  auditor: { id: 'auditor.frank', role: 'auditor' },
  scheduler: { id: 'hub-scheduler', role: 'admin' },
} as const satisfies Record<string, Actor>;

/** Wednesday 4 November 2026, 10:00 UTC: a plain working day. */
export const A_WORKING_MORNING = new Date('2026-11-04T10:00:00.000Z');

export function contextAt(now: Date = A_WORKING_MORNING): DecisionContext {
  return { now, dueTimes: new DueTimePolicy() };
}

export function allocateCommand(
  overrides: Partial<AllocateCase['payload']> = {},
  crn = 'X123456',
  actor: Actor = actors.officer,
): AllocateCase {
  return {
    type: 'AllocateCase',
    crn,
    actor,
    payload: {
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Community Order', lengthMonths: 18, offenceCategory: 'VIOLENT' },
      rosh: 'MEDIUM',
      mappa: null,
      exceptionalPublicInterest: false,
      ...overrides,
    },
  };
}

/**
 * Given/When/Then over the pure decider: `given` events (or commands decided in turn), `when` a
 * command, `then` the events it produces or the error it raises.
 */
export function given(...history: (CaseEvent | CaseCommand)[]) {
  const events: CaseEvent[] = [];
  for (const entry of history) {
    if ('data' in entry) events.push(entry);
    else events.push(...decide(replay(events), entry, contextAt()));
  }
  return {
    events,
    state: replay(events),
    when(command: CaseCommand, context: DecisionContext = contextAt()) {
      return {
        then: () => decide(replay(events), command, context),
        thenState: () => {
          const produced = decide(replay(events), command, context);
          return replay([...events, ...produced]);
        },
      };
    },
  };
}
