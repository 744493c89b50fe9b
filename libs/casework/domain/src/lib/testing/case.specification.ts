import { expect } from '@jest/globals';
import type { CaseCommand } from '../case.commands';
import { decide } from '../case.decider';
import type { DecisionContext } from '../case.decider';
import type { CaseEvent } from '../case.events';
import { caseEventProblems } from '../case-event.schemas';
import type { CaseState } from '../case.state';
import { evolve } from '../case.state';
import { contextAt } from './casework.builders';

/*
 * The case's rules in their own words (after emmett's DeciderSpecification):
 *
 *   given(...history(allocateCommand(), requestEscalation()))
 *     .when(claimItem('esc-1'))
 *     .then(itemClaimed({ itemId: 'esc-1', kind: 'ESCALATION' }));
 *
 * `given` takes events only: a case is its events. `history` makes them by deciding commands in turn,
 * so a test starts from a case the hub could really hold; event builders serve for what commands
 * cannot reach. Every event the decider records must pass its schema and fold with `evolve`.
 */

/** What the decider needs: the pure functions, replaceable so the kit itself can be tested. */
export interface CaseDecider {
  decide(state: CaseState | undefined, command: CaseCommand, context: DecisionContext): CaseEvent[];
  evolve(state: CaseState | undefined, event: CaseEvent): CaseState;
  /** What is wrong with an event about to be recorded; empty when nothing is. */
  problemsOf(event: CaseEvent): string[];
}

export const caseDecider: CaseDecider = { decide, evolve, problemsOf: caseEventProblems };

/** An error class, whatever its constructor takes. */
export type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** A check on the error thrown: assertions inside it, or `false` for "not this one". */
export type ErrorCheck<E extends Error> = (error: E) => boolean | void;

export interface CaseSpecification {
  when(command: CaseCommand, context?: Partial<DecisionContext>): CaseOutcome;
}

export interface CaseOutcome {
  /** The decider records exactly these events, in this order. Returns the case as they leave it. */
  then(first: CaseEvent, ...rest: CaseEvent[]): CaseState;
  /** The decider accepts the command and records nothing (a retry, a claim already held). */
  thenNothingHappened(): void;
  /** The decider refuses the command with this error, which passes `check` if one is given. */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, check?: ErrorCheck<E>): E;
}

/** The kit failed a test: a specification not met, or a history that could not be built. */
export class SpecificationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpecificationError';
  }
}

/** A command decided at another time or under other due-time rules while building a history. */
export interface HistoryStep {
  readonly command: CaseCommand;
  readonly context: Partial<DecisionContext>;
}

export function at(context: Date | Partial<DecisionContext>, command: CaseCommand): HistoryStep {
  return { command, context: context instanceof Date ? { now: context } : context };
}

/** `revision`: the case's revision before the command, from the number of events it has (none: undefined). */
function contextOf(context: Partial<DecisionContext> = {}, eventsSoFar = 0): DecisionContext {
  const defaults = contextAt();
  return {
    now: context.now ?? defaults.now,
    dueTimes: context.dueTimes ?? defaults.dueTimes,
    revision: 'revision' in context ? context.revision : eventsSoFar > 0 ? eventsSoFar - 1 : undefined,
    ...(context.openProviderRequests === undefined ? {} : { openProviderRequests: context.openProviderRequests }),
  };
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const typesOf = (events: CaseEvent[]) => `[${events.map((event) => event.type).join(', ')}]`;

function assertRecordable(decider: CaseDecider, events: CaseEvent[], where: string): void {
  for (const [index, event] of events.entries()) {
    const problems = decider.problemsOf(event);
    if (problems.length > 0)
      throw new SpecificationError(`${where}: event ${index} (${event.type}) does not pass its schema: ${problems.join('; ')}`);
  }
}

function fold(decider: CaseDecider, events: CaseEvent[], where: string): CaseState | undefined {
  let state: CaseState | undefined;
  for (const [index, event] of events.entries()) {
    try {
      state = decider.evolve(state, event);
    } catch (error) {
      throw new SpecificationError(`${where}: event ${index} (${event.type}) does not fold: ${describeError(error)}`, { cause: error });
    }
  }
  return state;
}

/** A given/when/then over any `CaseDecider`; `given` below is this over the real one. */
export function specificationFor(decider: CaseDecider): (...given: CaseEvent[]) => CaseSpecification {
  return (...given) => ({
    when(command, context) {
      // Fold the history outside the decision, so an error there is never taken for the decider's answer.
      const decideNow = () => {
        const state = fold(decider, given, 'given');
        return { state, decision: () => decider.decide(state, command, contextOf(context, given.length)) };
      };
      const produced = (): CaseEvent[] => {
        const { decision } = decideNow();
        try {
          return decision();
        } catch (error) {
          throw new SpecificationError(`${command.type} was refused: ${describeError(error)}`, { cause: error });
        }
      };
      return {
        then(...expected) {
          const events = produced();
          expect(events).toStrictEqual(expected);
          assertRecordable(decider, events, command.type);
          const state = fold(decider, [...given, ...events], `given + ${command.type}`);
          if (!state) throw new SpecificationError(`${command.type} left no case`);
          return state;
        },
        thenNothingHappened() {
          const events = produced();
          if (events.length > 0)
            throw new SpecificationError(`${command.type} was expected to record nothing, but recorded ${typesOf(events)}`);
        },
        thenThrows(errorClass, check) {
          const { decision } = decideNow();
          let events: CaseEvent[];
          try {
            events = decision();
          } catch (error) {
            if (!(error instanceof errorClass))
              throw new SpecificationError(`${command.type} was expected to throw ${errorClass.name}, but threw ${describeError(error)}`, {
                cause: error,
              });
            if (check && check(error) === false)
              throw new SpecificationError(`${command.type} threw ${describeError(error)}, which does not pass the check`, {
                cause: error,
              });
            return error;
          }
          throw new SpecificationError(`${command.type} was expected to throw ${errorClass.name}, but recorded ${typesOf(events)}`);
        },
      };
    },
  });
}

const givenEvents = specificationFor(caseDecider);

/**
 * The events that deciding these commands in turn records, each at A_WORKING_MORNING unless wrapped in
 * `at(...)`. A command the decider refuses, or an event its schema refuses, fails the test here.
 */
export function history(...steps: (CaseCommand | HistoryStep)[]): CaseEvent[] {
  return historyFor(caseDecider, steps);
}

export function historyFor(decider: CaseDecider, steps: (CaseCommand | HistoryStep)[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  let state: CaseState | undefined;
  for (const [index, step] of steps.entries()) {
    const { command, context } = 'command' in step ? step : { command: step, context: {} };
    let recorded: CaseEvent[];
    try {
      recorded = decider.decide(state, command, contextOf(context, events.length));
    } catch (error) {
      throw new SpecificationError(`history step ${index} (${command.type}) was refused: ${describeError(error)}`, { cause: error });
    }
    assertRecordable(decider, recorded, `history step ${index} (${command.type})`);
    for (const event of recorded) state = decider.evolve(state, event);
    events.push(...recorded);
  }
  return events;
}

export function given(...events: CaseEvent[]): CaseSpecification {
  return givenEvents(...events);
}
