import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CASEWORK_PROJECTIONS,
  CaseCommandRunner,
  CaseRepository,
  CaseworkReadModels,
  toCaseEvent,
} from '@escalation-hub/casework-application';
import { Actor, CaseEvent, DueTimePolicy } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors } from '@escalation-hub/casework-domain/testing';
import { EventLog, Projector, SqliteEventStore, SqlReadModelStore } from '@escalation-hub/event-store';
import { SqliteDatabase } from '@escalation-hub/sql';
import { CaseItems } from '../case-items';
import { AllocateCaseCommand } from '../allocate-case/allocate-case.command';
import { AllocateCaseHandler } from '../allocate-case/allocate-case.handler';
import { DraftRecallAdviceCommand } from '../draft-recall-advice/draft-recall-advice.command';
import { DraftRecallAdviceHandler } from '../draft-recall-advice/draft-recall-advice.handler';
import { SubmitBreachPackCommand } from '../submit-breach-pack/submit-breach-pack.command';
import { SubmitBreachPackHandler } from '../submit-breach-pack/submit-breach-pack.handler';
import { RecordFailureToComplyCommand } from '../record-failure-to-comply/record-failure-to-comply.command';
import { RequestEscalationCommand } from '../request-escalation/request-escalation.command';
import { RequestEscalationHandler } from '../request-escalation/request-escalation.handler';

/**
 * One use case's handler on the real rules, a real embedded store and the casework read models (SQLite
 * files of their own), as the slices' own tests use it. A command answers once the read models its
 * caller reads next show it, as in the hub, so an item can be found by its id alone right after.
 */
export interface UseCaseTestbed {
  readonly runner: CaseCommandRunner;
  /** The casework read models, as the query slices read them: each read waits for what is stored. */
  readonly readModels: CaseworkReadModels;
  /** Finds an item's case from the read models, as the queue's commands do. */
  readonly items: CaseItems;
  /** The case's events as stored, oldest first. */
  eventsOf(crn: string): Promise<CaseEvent[]>;
  /** Allocates `crn` to CRC07's area, as the public service would (MEDIUM risk: the provider manages it). */
  allocate(crn: string, assessment?: Partial<AllocateCaseCommand['assessment']>): Promise<void>;
  /** CRC07 escalates on `crn` (allocated first): the escalation's id. */
  escalate(crn: string, requestId?: string): Promise<string>;
  /** CRC07 sends a breach pack on `crn` (a community order, allocated first): the pack's id. */
  submitBreachPack(crn: string, requestId?: string): Promise<string>;
  /** Fixed-term recall advice `recallAdviceId` on `crn` (a licence case, allocated first), drafted by `author`. */
  draftRecallAdvice(crn: string, recallAdviceId?: string, author?: Actor): Promise<void>;
  close(): Promise<void>;
}

export function openUseCaseTestbed(now: () => Date = () => A_WORKING_MORNING): UseCaseTestbed {
  const dir = mkdtempSync(join(tmpdir(), 'hub-use-case-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const log = new EventLog(store);
  const readModels = new SqlReadModelStore(new SqliteDatabase({ filename: join(dir, 'read-models.sqlite') }));
  const projector = new Projector(log, readModels, CASEWORK_PROJECTIONS, { pollIntervalMs: 20 });
  const started = projector.start();
  const caughtUp = async (position: number | undefined, names?: readonly string[]) => {
    await started;
    if (position !== undefined) await projector.waitForPosition(position, 5000, names);
  };
  const freshness = { waitFor: caughtUp, waitForStore: async (names?: readonly string[]) => caughtUp(await store.headPosition(), names) };
  const runner = new CaseCommandRunner(new CaseRepository(log), new DueTimePolicy(), now, freshness, { isKnown: async () => true });
  const caseworkReadModels = new CaseworkReadModels(readModels.database, freshness);
  return {
    runner,
    readModels: caseworkReadModels,
    items: new CaseItems(caseworkReadModels),
    async eventsOf(crn) {
      return (await log.readStream(`case-${crn}`)).map(toCaseEvent);
    },
    async allocate(crn, assessment = {}) {
      await new AllocateCaseHandler(runner).execute(
        new AllocateCaseCommand(crn, actors.officer, {
          ldu: 'N07-LDU1',
          provider: 'CRC07',
          sentence: { type: 'Community Order', lengthMonths: 12, offenceCategory: 'OTHER' },
          rosh: 'MEDIUM',
          mappa: null,
          exceptionalPublicInterest: false,
          ...assessment,
        }),
      );
    },
    async escalate(crn, requestId = 'k-1') {
      const { escalationId } = await new RequestEscalationHandler(runner).execute(
        new RequestEscalationCommand(crn, actors.crc07, {
          requestId,
          raisedBy: 'Jo Bloggs',
          proposedRosh: 'HIGH',
          urgency: 'URGENT',
          triggers: ['VICTIM_CONCERN'],
          summary: 'Seen outside her workplace.',
        }),
      );
      return escalationId;
    },
    async submitBreachPack(crn, requestId = 'bp-k-1') {
      const { breachPackId } = await new SubmitBreachPackHandler(runner).execute(
        new SubmitBreachPackCommand(crn, actors.crc07, { requestId, ...A_BREACH_PACK }),
      );
      return breachPackId;
    },
    async draftRecallAdvice(crn, recallAdviceId = 'ra-1', author = actors.officer) {
      await new DraftRecallAdviceHandler(runner).execute(
        new DraftRecallAdviceCommand(crn, author, recallAdviceId, {
          recallType: 'FIXED_TERM',
          emergency: false,
          rationale: 'Breached.',
          basedOn: [],
        }),
      );
    },
    async close() {
      await started;
      await projector.stop();
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A breach pack as a provider sends it, but for its requestId: two unacceptable absences after a warning. */
export const A_BREACH_PACK = {
  requirement: 'Unpaid work',
  failures: [{ date: '2026-10-01', description: 'Did not attend; no reason given.' }],
  warningsIssued: 1,
  providerRecommendation: 'RETURN_TO_COURT',
  summary: 'Two unacceptable absences after a warning.',
} as const;

/** An unacceptable failure to comply as a provider sends it, with its own requestId. */
export function aFailureToComply(requestId: string): RecordFailureToComplyCommand['failure'] {
  return {
    requestId,
    date: '2026-10-01',
    requirement: 'Unpaid work',
    acceptable: false,
    judgedBy: 'Jo Bloggs, case manager',
    details: 'Did not attend; no reason given.',
  };
}
