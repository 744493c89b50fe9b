import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import {
  CaseEvent,
  CaseNotFoundError,
  DueTimePolicy,
  ItemClaimedByAnotherError,
  itemIdOf,
  MAX_OPEN_REQUESTS_PER_CASE,
  providerRevisionOf,
  replay,
  streamNameFor,
  ItemNotFoundError,
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
import { CaseBusyError, CaseCommandResult, CaseCommandRunner } from './case-command.runner';
import { toCaseEvent } from './case-event.mapper';
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

/**
 * Many commands at once on two cases through two processes, each answering only after a random pause
 * (as the wait for read models does), on caches of every size: whatever the interleaving, each answer
 * shows the case as it was at its revision, and each process's case is a replay of the stream.
 */
describe.each([0, 1, 2000])('CaseCommandRunner under interleaved commands, %i cases cached', (maxCachedCases) => {
  let dir: string;
  let stores: SqliteEventStore[];
  // A fixed seed: the same commands and pauses on every run.
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pause = (upToMs: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(random() * upToMs)));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-runner-interleaved-'));
    stores = [];
  });

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function processOn() {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    stores.push(store);
    const log = new EventLog(store);
    const repository = new CaseRepository(log, maxCachedCases);
    const runner = new CaseCommandRunner(
      repository,
      new DueTimePolicy(),
      () => A_WORKING_MORNING,
      { waitFor: () => pause(5), waitForStore: async () => undefined },
      { isKnown: async () => true },
    );
    return { log, repository, runner };
  }

  it('answers each command with the case at its revision, and folds each case as a replay does', async () => {
    const [a, b] = [processOn(), processOn()];
    const crns = ['X100001', 'X100002'];
    for (const crn of crns) await a.runner.run(allocateCommand({}, crn));
    const answered: { crn: string; itemId: string; result: CaseCommandResult }[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const crn = crns[index % 2];
        const itemId = `esc-${crn}-${Math.floor(index / 6)}`;
        // A request, the same request again (a retry), then a claim of its item.
        const kind = Math.floor(index / 2) % 3;
        const command =
          kind < 2 ? requestEscalation({ escalationId: itemId, requestId: `req-${itemId}` }) : claimItem(itemId, actors.officer);
        const runner = random() < 0.7 ? a.runner : b.runner;
        await pause(3);
        try {
          const result = await runner.run({ ...command, crn });
          await pause(4); // the handler reads the answer later still
          answered.push({ crn, itemId, result });
        } catch (error) {
          // A claim that overtook its request, or a case too busy to apply the command: refusals, not wrong answers.
          if (!(error instanceof ItemNotFoundError || error instanceof CaseNotFoundError || error instanceof CaseBusyError)) throw error;
        }
      }),
    );
    expect(answered.length).toBeGreaterThan(20);
    for (const crn of crns) {
      const stream: CaseEvent[] = [];
      for await (const recorded of a.log.iterateStream(streamNameFor(crn))) stream.push(toCaseEvent(recorded));
      for (const { itemId, result } of answered.filter((entry) => entry.crn === crn)) {
        expect(result.state).toEqual(replay(stream.slice(0, result.revision + 1)));
        expect(result.providerRevisionOfItem('CRC07', itemId)).toBe(
          providerRevisionOf(stream, 'CRC07', (event) => itemIdOf(event) === itemId),
        );
      }
      for (const { repository } of [a, b]) {
        const loaded = await repository.load(crn);
        expect(loaded.state).toEqual(replay(stream));
        expect(loaded.history.map((entry) => entry.revision)).toEqual(stream.map((_, version) => version));
      }
    }
  });
});
