import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson, DuplicateEventIdError, JsonValue, WrongExpectedVersionError } from '@escalation-hub/event-store';
import {
  CaseCommand,
  CaseEvent,
  CaseState,
  decide,
  DueTimePolicy,
  ItemIdTakenError,
  RequestIdReusedError,
  requestKeyOf,
  UnknownProviderError,
} from '@escalation-hub/casework-domain';
import { CaseRepository, LoadedCase } from './case.repository';
import { CLOCK, Clock, KNOWN_PROVIDERS, KnownProviders, READ_MODEL_FRESHNESS, ReadModelFreshness } from './casework.ports';

export interface CaseCommandResult {
  /** The case after the command (at `revision`): read it where it is used, as `LoadedCase.state` says. */
  readonly state: CaseState;
  /** What the command recorded; empty when there was nothing to do (e.g. a retried request). */
  readonly events: CaseEvent[];
  /** The case's revision (stream version) after the command. */
  readonly revision: number;
  /** The case's revision as `provider` sees it at the first event that matches (the original one, for a retry). */
  readonly providerRevisionOf: (provider: string, predicate: (event: CaseEvent) => boolean) => number | undefined;
  /** The same, at the event that opened `itemId`, without a search through the case. */
  readonly providerRevisionOfItem: (provider: string, itemId: string) => number | undefined;
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
 * What every use case's handler does with its domain command: load → decide → append at the loaded
 * version. When another writer got there first, reload and decide again: the rules then see the other
 * write (a second decision becomes "already decided"). The handlers (one per use case, in
 * casework-use-cases) build the command from their input and shape the answer from the result.
 */
@Injectable()
export class CaseCommandRunner {
  constructor(
    private readonly cases: CaseRepository,
    private readonly dueTimes: DueTimePolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_FRESHNESS) private readonly freshness: ReadModelFreshness,
    @Inject(KNOWN_PROVIDERS) private readonly providers: KnownProviders,
  ) {}

  /** `nextReads`: the read models the caller reads next; the answer waits until they show the command's effect. */
  async run(command: CaseCommand, nextReads?: readonly string[]): Promise<CaseCommandResult> {
    // A case goes only to a provider the hub knows: a typo would allocate, transfer or refer it to nobody.
    const namedProvider =
      command.type === 'AllocateCase' || command.type === 'ReferToIntervention'
        ? command.payload.provider
        : command.type === 'RequestTransfer'
          ? command.payload.toProvider
          : undefined;
    if (namedProvider !== undefined && !(await this.providers.isKnown(namedProvider))) throw new UnknownProviderError(namedProvider);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      // First try on the case as this process last left it, without a read: an append at its version
      // fails if another process wrote since. A refusal or "nothing to do" is only trusted on a fresh load.
      const remembered = attempt === 1 ? this.cases.remembered(command.crn) : undefined;
      const loaded = remembered ?? (await this.cases.load(command.crn));
      const now = this.clock();
      let events: CaseEvent[];
      try {
        events = decide(loaded.state, command, {
          now,
          dueTimes: this.dueTimes,
          revision: loaded.version,
          openProviderRequests: loaded.openProviderRequests,
        });
      } catch (error) {
        if (remembered) continue;
        throw error;
      }
      if (events.length === 0 && remembered) continue;
      if (events.length === 0) {
        // Nothing new (a retry, a claim already held): still answer only once the read models show the case as it is.
        if (loaded.lastPosition !== undefined) await this.freshness.waitFor(loaded.lastPosition, nextReads);
        return resultOf(loaded, [], loaded.version as number);
      }
      if (command.type === 'RequestEscalation' || command.type === 'SubmitBreachPack') {
        await this.cases.assertNotRecordedElsewhere({ actor: command.actor, crn: command.crn, requestId: command.payload.requestId });
      }
      try {
        const appended = await this.cases.append(command.crn, events, loaded);
        if (appended.alreadyStored) {
          // The store takes an append whose ids are all stored already, in place, as a retry of it. With an id derived
          // from a requestId that may be another request's, recorded a moment ago: decide again against it.
          const stored = await this.cases.load(command.crn);
          if (!sameEvent(stored.history[appended.firstVersion]?.event, events[0])) continue;
        }
        await this.freshness.waitFor(appended.lastPosition, nextReads);
        // The case as this command left it (later writers may already have added to the stream).
        return resultOf(this.cases.withAppended(command.crn, loaded, events, appended), events, appended.lastVersion);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          // The requestId or item id is recorded already. In this case (a race), decide again and see it; elsewhere, refuse.
          if (recordsIdentifierOf(command, (await this.cases.load(command.crn)).state)) continue;
          throw takenIdentifierError(command, error);
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new CaseBusyError(command.crn);
  }
}

function resultOf(loaded: Pick<LoadedCase, 'state' | 'history' | 'openedBy'>, events: CaseEvent[], revision: number): CaseCommandResult {
  // Numbered as the case was loaded: no fold over the whole case per answer.
  const revisionAt = (provider: string, entry: LoadedCase['history'][number] | undefined) =>
    entry?.disclosed?.provider === provider ? entry.disclosed.revision : undefined;
  return {
    // Read when the handler reads it: the case at the result's revision then too (see LoadedCase.state).
    get state() {
      return loaded.state as CaseState;
    },
    events,
    revision,
    providerRevisionOf: (provider, predicate) =>
      revisionAt(
        provider,
        loaded.history.find((entry) => predicate(entry.event)),
      ),
    providerRevisionOfItem: (provider, itemId) => revisionAt(provider, loaded.openedBy.get(itemId)),
  };
}

/** Whether the stored event is the one proposed, compared as the store keeps it (JSON, so undefined fields drop out). */
function sameEvent(stored: CaseEvent | undefined, proposed: CaseEvent): boolean {
  const comparable = (event: CaseEvent) =>
    canonicalJson(
      JSON.parse(JSON.stringify({ type: event.type, data: event.data, actor: event.actor, occurredAt: event.occurredAt })) as JsonValue,
    );
  return stored !== undefined && comparable(stored) === comparable(proposed);
}

/** Whether `state` holds the requestId or item id `command` would record (recall advice, a transfer, risk information). */
function recordsIdentifierOf(command: CaseCommand, state: CaseState | undefined): boolean {
  switch (command.type) {
    case 'RequestEscalation':
    case 'SubmitBreachPack':
      return state?.requests[requestKeyOf(command.actor.provider ?? '', command.payload.requestId)] !== undefined;
    case 'DraftRecallAdvice':
      return state?.items[command.payload.recallAdviceId] !== undefined;
    case 'RequestTransfer':
      return state?.items[command.payload.transferId] !== undefined;
    case 'RecordRiskInformation':
      return state?.items[command.payload.riskInformationId] !== undefined;
    default:
      return false;
  }
}

/** What a store-wide duplicate means for the command that hit it (see unique-event-ids.ts). */
function takenIdentifierError(command: CaseCommand, error: DuplicateEventIdError): Error {
  switch (command.type) {
    case 'RequestEscalation':
    case 'SubmitBreachPack':
      return new RequestIdReusedError(command.payload.requestId);
    case 'DraftRecallAdvice':
      return new ItemIdTakenError(command.payload.recallAdviceId);
    case 'RequestTransfer':
      return new ItemIdTakenError(command.payload.transferId);
    case 'RecordRiskInformation':
      return new ItemIdTakenError(command.payload.riskInformationId);
    default:
      return error;
  }
}
