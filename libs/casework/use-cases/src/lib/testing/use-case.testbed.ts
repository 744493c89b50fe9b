import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseCommandRunner, CaseRepository, toCaseEvent } from '@escalation-hub/casework-application';
import { CaseEvent, DueTimePolicy } from '@escalation-hub/casework-domain';
import { A_WORKING_MORNING, actors } from '@escalation-hub/casework-domain/testing';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { AllocateCaseCommand } from '../allocate-case/allocate-case.command';
import { AllocateCaseHandler } from '../allocate-case/allocate-case.handler';
import { RecordFailureToComplyCommand } from '../record-failure-to-comply/record-failure-to-comply.command';

/**
 * One use case's handler on the real rules and a real embedded store (a SQLite file of its own), as
 * the slices' own tests use it. Read models are not part of it: a slice's answer comes from its
 * command; what the read models make of the events is tested with them.
 */
export interface UseCaseTestbed {
  readonly runner: CaseCommandRunner;
  /** The case's events as stored, oldest first. */
  eventsOf(crn: string): Promise<CaseEvent[]>;
  /** Allocates `crn` to CRC07's area, as the public service would (MEDIUM risk: the provider manages it). */
  allocate(crn: string, assessment?: Partial<AllocateCaseCommand['assessment']>): Promise<void>;
  close(): Promise<void>;
}

export function openUseCaseTestbed(now: () => Date = () => A_WORKING_MORNING): UseCaseTestbed {
  const dir = mkdtempSync(join(tmpdir(), 'hub-use-case-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const log = new EventLog(store);
  const runner = new CaseCommandRunner(
    new CaseRepository(log),
    new DueTimePolicy(),
    now,
    { waitFor: async () => undefined, waitForStore: async () => undefined },
    { isKnown: async () => true },
  );
  return {
    runner,
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
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
