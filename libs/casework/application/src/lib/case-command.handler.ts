import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { WrongExpectedVersionError } from '@escalation-hub/event-store';
import { CaseCommand, CaseEvent, CaseState, decide, DueTimePolicy, evolve, providerRevisionOf } from '@escalation-hub/casework-domain';
import { CaseRepository } from './case.repository';
import { CLOCK, Clock, READ_MODEL_FRESHNESS, ReadModelFreshness } from './casework.ports';

/** Carries any case command through the command bus. */
export class ExecuteCaseCommand {
  constructor(readonly command: CaseCommand) {}
}

export interface CaseCommandResult {
  /** The case after the command. */
  readonly state: CaseState;
  /** What the command recorded; empty when there was nothing to do (e.g. a retried request). */
  readonly events: CaseEvent[];
  /** The case's revision (stream version) after the command. */
  readonly revision: number;
  /** The case's revision as `provider` sees it at the first event that matches (the original one, for a retry). */
  readonly providerRevisionOf: (provider: string, predicate: (event: CaseEvent) => boolean) => number | undefined;
}

/** Someone else kept writing to the case faster than this command could retry. */
export class CaseBusyError extends Error {
  readonly code = 'CASE_BUSY';
  constructor(crn: string) {
    super(`Case ${crn} changed too often while this request was being applied; try again`);
  }
}

const MAX_ATTEMPTS = 8;

/**
 * Load → decide → append at the loaded version. When another writer got there first, reload and
 * decide again: the rules then see the other write (a second decision becomes "already decided").
 */
@CommandHandler(ExecuteCaseCommand)
export class CaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CaseCommandResult> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly dueTimes: DueTimePolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_FRESHNESS) private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ command }: ExecuteCaseCommand): Promise<CaseCommandResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const loaded = await this.cases.load(command.crn);
      const now = this.clock();
      const events = decide(loaded.state, command, { now, dueTimes: this.dueTimes });
      const providerRevision = (recorded: CaseEvent[]) => (provider: string, predicate: (event: CaseEvent) => boolean) =>
        providerRevisionOf([...loaded.history.map((entry) => entry.event), ...recorded], provider, predicate);
      if (events.length === 0) {
        // Nothing new (a retry, a claim already held): still answer only once the read models show the case as it is.
        if (loaded.lastPosition !== undefined) await this.freshness.waitFor(loaded.lastPosition);
        return { state: loaded.state as CaseState, events, revision: loaded.version as number, providerRevisionOf: providerRevision([]) };
      }
      if (command.type === 'RequestEscalation' || command.type === 'SubmitBreachPack') {
        await this.cases.reserveRequestId({ actor: command.actor, crn: command.crn, ...command.payload }, now);
      }
      try {
        const appended = await this.cases.append(command.crn, events, loaded.version);
        await this.freshness.waitFor(appended.lastPosition);
        const state = events.reduce<CaseState | undefined>(evolve, loaded.state) as CaseState;
        return { state, events, revision: appended.lastVersion, providerRevisionOf: providerRevision(events) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new CaseBusyError(command.crn);
  }
}
