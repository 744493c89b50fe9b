import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import {
  DueTimePolicy,
  ItemClaimedByAnotherError,
  itemIdOf,
  MAX_OPEN_REQUESTS_PER_CASE,
  TooManyOpenRequestsError,
} from '@escalation-hub/casework-domain';
import {
  A_WORKING_MORNING,
  actors,
  allocateCommand,
  claimItem,
  decideEscalation,
  releaseItem,
  requestEscalation,
} from '@escalation-hub/casework-domain/testing';
import { CaseCommandRunner } from './case-command.runner';
import { CaseRepository } from './case.repository';

/**
 * Two hub processes on one store, each deciding first on the case as it last left it: whatever the
 * other wrote in between must still count, whether it makes this command a conflict, a refusal or
 * a success.
 */
describe('CaseCommandRunner with two processes on one SQLite store', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  let processA: CaseCommandRunner;
  let processB: CaseCommandRunner;
  let repositoryA: CaseRepository;
  let repositoryB: CaseRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-runner-'));
    stores = [0, 1].map(() => new SqliteEventStore({ filename: join(dir, 'events.sqlite') }));
    const repositories = stores.map((store) => new CaseRepository(new EventLog(store)));
    [repositoryA, repositoryB] = repositories;
    [processA, processB] = repositories.map(
      (repository) =>
        new CaseCommandRunner(
          repository,
          new DueTimePolicy(),
          () => A_WORKING_MORNING,
          // Read models are not part of this: nothing to wait for.
          { waitFor: async () => undefined, waitForStore: async () => undefined },
          { isKnown: async () => true },
        ),
    );
  });

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees what the other process wrote since, before answering', async () => {
    await processA.run(allocateCommand());
    const escalated = await processA.run(requestEscalation({ escalationId: 'esc-1', requestId: 'req-1' }));
    expect(escalated.revision).toBe(1);

    await processB.run(claimItem('esc-1', actors.officer));
    // A last saw the item unclaimed: its release must not be taken for "nothing to release".
    const released = await processA.run(releaseItem('esc-1', actors.officer));
    expect(released.events.map((event) => event.type)).toEqual(['item.released']);
    expect(released.revision).toBe(3);

    // B last saw the item claimed by Alice: Bob's claim must not be refused as "claimed by another".
    const claimedByBob = await processB.run(claimItem('esc-1', actors.otherOfficer));
    expect(claimedByBob.events.map((event) => event.type)).toEqual(['item.claimed']);

    // A last saw it released: Alice's claim would append, but the case moved; decided again, it is Bob's.
    await expect(processA.run(claimItem('esc-1', actors.officer))).rejects.toBeInstanceOf(ItemClaimedByAnotherError);
    // And Bob claiming again through A, which now knows, is nothing new.
    expect((await processA.run(claimItem('esc-1', actors.otherOfficer))).events).toEqual([]);
    await expect(processB.run(releaseItem('esc-1', actors.officer))).rejects.toBeInstanceOf(ItemClaimedByAnotherError);
  });

  it('shows each snapshot and result as the case was at its version, however much later it is read', async () => {
    const crn = allocateCommand().crn;
    await processA.run(allocateCommand());
    await processA.run(requestEscalation({ escalationId: 'esc-1', requestId: 'req-1' }));
    const loaded = await repositoryA.load(crn);
    const escalated = await processA.run(requestEscalation({ escalationId: 'esc-2', requestId: 'req-2' }));
    // The case moves on in this process (one fold, changed in place) and in the other one.
    await processA.run(claimItem('esc-1', actors.officer));
    await processB.run(claimItem('esc-2', actors.officer));
    await processA.run(requestEscalation({ escalationId: 'esc-3', requestId: 'req-3' }));

    expect(loaded.version).toBe(1);
    expect(Object.keys(loaded.state?.items ?? {})).toEqual(['esc-1']);
    expect(loaded.state?.items['esc-1'].claimedBy).toBeNull();
    expect(loaded.openProviderRequests).toBe(1);
    expect(escalated.revision).toBe(2);
    expect(Object.keys(escalated.state.items).sort()).toEqual(['esc-1', 'esc-2']);
    expect(escalated.state.items['esc-1'].claimedBy).toBeNull();
    const now = await repositoryA.load(crn);
    expect(now.version).toBe(5);
    expect(now.state?.items['esc-2'].claimedBy).toBe(actors.officer.id);
    expect(now.openProviderRequests).toBe(3);
  });

  it('caps the open requests on a case from the count each process keeps, and a decision makes room', async () => {
    await processA.run(allocateCommand());
    for (let index = 0; index < MAX_OPEN_REQUESTS_PER_CASE; index += 1) {
      await processA.run(requestEscalation({ escalationId: `esc-${index}`, requestId: `req-${index}` }));
    }
    const oneMore = requestEscalation({ escalationId: 'esc-more', requestId: 'req-more' });
    await expect(processA.run(oneMore)).rejects.toBeInstanceOf(TooManyOpenRequestsError);
    await expect(processB.run(oneMore)).rejects.toBeInstanceOf(TooManyOpenRequestsError);
    await processB.run(decideEscalation({ escalationId: 'esc-0', rationale: 'Managed.' }));
    expect((await processA.run(oneMore)).events.map((event) => event.type)).toEqual(['escalation.requested']);
  });

  it('answers a retried request with the provider revision of the event that opened its item', async () => {
    await processA.run(allocateCommand());
    const first = await processA.run(requestEscalation({ escalationId: 'esc-1', requestId: 'req-1' }));
    await processA.run(claimItem('esc-1', actors.officer));
    await processB.run(decideEscalation({ escalationId: 'esc-1', rationale: 'Managed.' }));
    const opened = first.providerRevisionOfItem('CRC07', 'esc-1');
    expect(opened).toBe(first.providerRevisionOf('CRC07', (event) => itemIdOf(event) === 'esc-1'));
    expect(opened).toBeDefined();
    for (const runner of [processA, processB]) {
      const retried = await runner.run(requestEscalation({ escalationId: 'esc-1', requestId: 'req-1' }));
      expect(retried.events).toEqual([]);
      expect(retried.providerRevisionOfItem('CRC07', 'esc-1')).toBe(opened);
    }
  });

  it('keeps one history per case in each process: every version once, in order, however the writes interleave', async () => {
    await processA.run(allocateCommand());
    const before = await repositoryA.load(allocateCommand().crn);
    // Concurrent requests in both processes, four at a time: some conflict and are decided again on a fresh load.
    for (let wave = 0; wave < 3; wave += 1) {
      await Promise.all(
        [0, 1, 2, 3].map((slot) => {
          const index = wave * 4 + slot;
          return (slot === 0 ? processB : processA).run(requestEscalation({ escalationId: `esc-${index}`, requestId: `req-${index}` }));
        }),
      );
    }
    const after = await repositoryA.load(allocateCommand().crn);
    expect(after.version).toBe(12);
    expect(after.history.map((entry) => entry.revision)).toEqual(Array.from({ length: 13 }, (_, version) => version));
    // An earlier snapshot still reads as it was up to its own version.
    expect(before.history.slice(0, (before.version as number) + 1).map((entry) => entry.event.type)).toEqual(['case.allocated']);
    // The case each process folded in place, write by write, is the case a fresh replay of the stream gives.
    const replayed = await new CaseRepository(new EventLog(stores[1])).load(allocateCommand().crn);
    expect(after.state).toEqual(replayed.state);
    expect((await repositoryB.load(allocateCommand().crn)).state).toEqual(replayed.state);
    expect(after.history).toEqual(replayed.history);
    expect([...after.openedBy.keys()].sort()).toEqual(Array.from({ length: 12 }, (_, index) => `esc-${index}`).sort());
    for (const [itemId, entry] of after.openedBy)
      expect(entry).toBe(after.history.find((candidate) => itemIdOf(candidate.event) === itemId));
  });
});
