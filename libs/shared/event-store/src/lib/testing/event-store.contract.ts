import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStorePort, JsonObject, NewEvent, RecordedEvent, SealedEvent } from '../event-store.port';
import {
  DuplicateEventIdError,
  EmptyAppendError,
  InvalidEventError,
  StreamHeadMovedError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import { EventLog, sealEvents } from '../event-log';
import { aNewEvent, collectUntil, someNewEvents } from './event-builders';

/** An append whose transaction another connection keeps open for a while (engines with transactions only). */
export interface HeldAppend {
  /** Resolves once the event is written but not yet committed. */
  readonly holding: Promise<void>;
  /** Resolves once it has committed. */
  readonly committed: Promise<void>;
}

/** What each adapter's test file supplies so the same contract runs against it. */
export interface EventStoreFixture {
  /** A new, empty, migrated store, isolated from every other test's. */
  create(): Promise<EventStorePort>;
  /** Closes `store` and opens the same storage again: what a restart would see. */
  reopen(store: EventStorePort): Promise<EventStorePort>;
  /** Edits a stored event behind the store's back, as someone with direct database access could. */
  tamper(store: EventStorePort, streamName: string, streamVersion: number, data: JsonObject): Promise<void>;
  /**
   * From another connection (or thread), appends `event` as a new stream's first event and keeps
   * the transaction open for `holdMs` before committing. Engines without such transactions leave it out.
   */
  holdAppend?(store: EventStorePort, streamName: string, event: SealedEvent, holdMs: number): HeldAppend;
  cleanup?(): Promise<void>;
}

/**
 * The event-store contract: every adapter must pass all of it, through the same `EventLog`
 * the application uses. Cases follow docs/event-store.md.
 */
export function describeEventStoreContract(adapterName: string, fixture: EventStoreFixture): void {
  describe(`event-store contract: ${adapterName}`, () => {
    let store: EventStorePort;
    let log: EventLog;

    beforeEach(async () => {
      store = await fixture.create();
      log = new EventLog(store);
    });

    afterEach(async () => {
      await store.close();
      await fixture.cleanup?.();
    });

    describe('expected state', () => {
      it('any: appends to a missing stream and to an existing one', async () => {
        await log.append('case-A1', [aNewEvent()], 'any');
        const second = await log.append('case-A1', [aNewEvent()], 'any');
        expect(second.lastVersion).toBe(1);
      });

      it('no_stream: appends to a missing stream, refuses an existing one', async () => {
        const first = await log.append('case-A2', [aNewEvent()], 'no_stream');
        expect(first).toMatchObject({ firstVersion: 0, lastVersion: 0 });
        const refused = log.append('case-A2', [aNewEvent()], 'no_stream');
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(refused).rejects.toMatchObject({ expected: 'no_stream', actual: 0 });
      });

      it('stream_exists: refuses a missing stream, appends to an existing one', async () => {
        const refused = log.append('case-A3', [aNewEvent()], 'stream_exists');
        await expect(refused).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', expected: 'stream_exists', actual: undefined });
        await log.append('case-A3', [aNewEvent()], 'no_stream');
        await expect(log.append('case-A3', [aNewEvent()], 'stream_exists')).resolves.toMatchObject({ lastVersion: 1 });
      });

      it('exact version: appends when it matches, refuses when stale, ahead or missing', async () => {
        await expect(log.append('case-A4', [aNewEvent()], 0)).rejects.toMatchObject({ expected: 0, actual: undefined });
        await log.append('case-A4', someNewEvents(2), 'no_stream');
        await expect(log.append('case-A4', [aNewEvent()], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
        await expect(log.append('case-A4', [aNewEvent()], 5)).rejects.toMatchObject({ expected: 5, actual: 1 });
        await expect(log.append('case-A4', [aNewEvent()], 1)).resolves.toMatchObject({ firstVersion: 2, lastVersion: 2 });
      });

      it('a refused append stores nothing', async () => {
        await log.append('case-A5', [aNewEvent()], 'no_stream');
        const before = await store.headPosition();
        await expect(log.append('case-A5', someNewEvents(3), 7)).rejects.toThrow(WrongExpectedVersionError);
        expect(await store.headPosition()).toBe(before);
        expect(await log.readStream('case-A5')).toHaveLength(1);
      });
    });

    describe('batches', () => {
      it('stores a batch with consecutive versions and increasing positions', async () => {
        const result = await log.append('case-B1', someNewEvents(5), 'no_stream');
        expect(result).toMatchObject({ firstVersion: 0, lastVersion: 4 });
        const events = await log.readStream('case-B1');
        expect(events.map((event) => event.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        const positions = events.map((event) => event.position);
        expect(positions[0]).toBe(result.firstPosition);
        expect(positions[4]).toBe(result.lastPosition);
        positions.slice(1).forEach((position, index) => expect(position).toBeGreaterThan(positions[index]));
      });

      it('is all or nothing: a batch that fails part-way stores none of it', async () => {
        const taken = aNewEvent();
        await log.append('case-B2-other', [taken], 'no_stream');
        const before = await store.headPosition();
        const batch = [aNewEvent(), aNewEvent(), { ...aNewEvent(), id: taken.id }, aNewEvent()];
        await expect(log.append('case-B2', batch, 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await log.readStream('case-B2')).toEqual([]);
        expect(await store.headPosition()).toBe(before);
      });

      it('is all or nothing when the engine fails while writing the batch', async () => {
        await log.append('case-B2b', [aNewEvent()], 'no_stream');
        const [head] = await log.readStream('case-B2b');
        const before = await store.headPosition();
        const sealed = sealEvents('case-B2b', head, someNewEvents(3), new Date().toISOString());
        // The third event cannot be serialised: the engine fails after writing the first two.
        const poisoned = [sealed[0], sealed[1], { ...sealed[2], data: { n: BigInt(1) } as unknown as JsonObject }];
        await expect(store.append('case-B2b', poisoned, 0)).rejects.toThrow();
        expect(await log.readStream('case-B2b')).toHaveLength(1);
        expect(await store.headPosition()).toBe(before);
        await expect(store.append('case-B2b', sealed, 0)).resolves.toMatchObject({ firstVersion: 1, lastVersion: 3 });
      });

      it('rejects a batch that names one id twice, at the log and at the port', async () => {
        const event = aNewEvent();
        await expect(log.append('case-B5', [event, { ...aNewEvent(), id: event.id }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
        const sealed = sealEvents('case-B5', undefined, [event, aNewEvent()], new Date().toISOString());
        await expect(store.append('case-B5', [sealed[0], { ...sealed[1], id: event.id }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
        expect(await log.readStream('case-B5')).toEqual([]);
      });

      it('rejects an empty batch, at the log and at the port', async () => {
        await expect(log.append('case-B3', [], 'any')).rejects.toBeInstanceOf(EmptyAppendError);
        await expect(store.append('case-B3', [], 'any')).rejects.toBeInstanceOf(EmptyAppendError);
        expect(await store.headPosition()).toBeUndefined();
      });

      it('rejects an event that is not well formed before storing anything', async () => {
        await expect(log.append('case-B4', [{ ...aNewEvent(), id: 'not-a-uuid' }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
        await expect(log.append('case-B4', [{ ...aNewEvent(), type: ' ' }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
        await expect(log.append('case-B4', [{ ...aNewEvent(), data: { n: Number.NaN } }], 'any')).rejects.toBeInstanceOf(InvalidEventError);
        // A lone surrogate is not Unicode, so not canonical JSON: refused, naming where it is but not the event's id.
        const surrogate = log.append('case-B4', [aNewEvent(), { ...aNewEvent(), data: { notes: ['fine', 'Jo \ud800Bloggs'] } }], 'any');
        await expect(surrogate).rejects.toMatchObject({
          code: 'INVALID_EVENT',
          problem: 'data.notes[1] holds a lone surrogate, which is not Unicode text',
        });
        expect(await store.headPosition()).toBeUndefined();
      });
    });

    describe('concurrency', () => {
      it('of N parallel appends at one expected version exactly one wins, leaving no gap', async () => {
        await log.append('case-C1', [aNewEvent()], 'no_stream');
        const contenders = Array.from({ length: 12 }, () => log.append('case-C1', [aNewEvent()], 0));
        const outcomes = await Promise.allSettled(contenders);
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        lost.forEach((outcome) => expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError));
        const events = await log.readStream('case-C1');
        expect(events.map((event) => event.streamVersion)).toEqual([0, 1]);
        expect((await log.verifyStream('case-C1')).valid).toBe(true);
      });

      it('parallel appends with any all land, in one unbroken chain', async () => {
        const batches = Array.from({ length: 10 }, () => someNewEvents(3));
        await Promise.all(batches.map((batch) => log.append('case-C2', batch, 'any')));
        const events = await log.readStream('case-C2');
        expect(events.map((event) => event.streamVersion)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        expect(new Set(events.map((event) => event.id))).toEqual(new Set(batches.flat().map((event) => event.id)));
        expect(await log.verifyStream('case-C2')).toMatchObject({ valid: true, events: 30 });
      });

      it('the port refuses a batch sealed against a head that has since moved', async () => {
        await log.append('case-C3', [aNewEvent()], 'no_stream');
        const stale = sealedFirstEvent('case-C3', aNewEvent());
        await expect(store.append('case-C3', [stale], 'any')).rejects.toBeInstanceOf(StreamHeadMovedError);
        const [head] = await log.readStream('case-C3');
        const [next] = sealEvents('case-C3', head, [aNewEvent()], new Date().toISOString());
        await expect(store.append('case-C3', [{ ...next, streamVersion: 5 }], 'any')).rejects.toBeInstanceOf(StreamHeadMovedError);
        expect(await log.readStream('case-C3')).toHaveLength(1);
      });

      it('seals onto a head the caller knows, and reads the head afresh when that one has moved', async () => {
        await log.append('case-C5', [aNewEvent()], 'no_stream');
        const [known] = await log.readStream('case-C5');
        await log.append('case-C5', [aNewEvent()], 0, known);
        // `known` is stale now: the append still lands, chained onto the real head.
        await log.append('case-C5', [aNewEvent()], 'any', known);
        await log.append('case-C6', [aNewEvent()], 'no_stream', null);
        const stream = await log.readStream('case-C5');
        expect(stream.map((event) => event.streamVersion)).toEqual([0, 1, 2]);
        expect(stream.slice(1).map((event) => event.previousHash)).toEqual(stream.slice(0, 2).map((event) => event.hash));
        expect(await log.readStream('case-C6')).toHaveLength(1);
      });

      it('the port refuses a batch sealed onto a head that a new stream does not have', async () => {
        const [head] = sealEvents('case-C4', undefined, [aNewEvent()], new Date().toISOString()).map((event) => ({ ...event }));
        const [orphan] = sealEvents('case-C4', head, [aNewEvent()], new Date().toISOString());
        await expect(store.append('case-C4', [orphan], 'any')).rejects.toBeInstanceOf(StreamHeadMovedError);
        expect(await log.readStream('case-C4')).toEqual([]);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same ids at the same expected version returns the first result and adds nothing', async () => {
        const batch = someNewEvents(3);
        await log.append('case-D1', [aNewEvent()], 'no_stream');
        const first = await log.append('case-D1', batch, 0);
        const head = await store.headPosition();
        const again = await log.append('case-D1', batch, 0);
        expect(first.alreadyStored).toBeUndefined();
        // The log tells the writer the hash of the head it left, so its next append needs no read of it.
        expect(first.lastHash).toBe((await log.readStream('case-D1', { direction: 'backwards', maxCount: 1 }))[0].hash);
        const { lastHash: _written, ...placed } = first;
        expect(again).toEqual({ ...placed, alreadyStored: true });
        expect(await store.headPosition()).toBe(head);
        expect(await log.readStream('case-D1')).toHaveLength(4);
      });

      it('answers concurrent identical retries with one result and stores the batch once', async () => {
        const batch = someNewEvents(2);
        await log.append('case-D0', [aNewEvent()], 'no_stream');
        const results = await Promise.all([0, 1, 2, 3].map(() => log.append('case-D0', batch, 0)));
        const placed = results.map(({ alreadyStored: _retry, lastHash: _written, ...result }) => result);
        placed.forEach((result) => expect(result).toEqual(placed[0]));
        // One of them wrote the batch; the others were told it was there already.
        expect(results.filter((result) => !result.alreadyStored)).toHaveLength(1);
        expect(await log.readStream('case-D0')).toHaveLength(3);
      });

      it('is idempotent for no_stream and any retries too', async () => {
        const batch = someNewEvents(2);
        const { lastHash: _written, ...first } = await log.append('case-D2', batch, 'no_stream');
        await expect(log.append('case-D2', batch, 'no_stream')).resolves.toEqual({ ...first, alreadyStored: true });
        await expect(log.append('case-D2', batch, 'any')).resolves.toEqual({ ...first, alreadyStored: true });
        expect(await log.readStream('case-D2')).toHaveLength(2);
      });

      it('refuses the same ids at a different expected version, or mixed with new ones', async () => {
        const batch = someNewEvents(2);
        await log.append('case-D3', batch, 'no_stream');
        await log.append('case-D3', [aNewEvent()], 1);
        await expect(log.append('case-D3', batch, 2)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(log.append('case-D3', [batch[0], aNewEvent()], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await log.readStream('case-D3')).toHaveLength(3);
      });

      it('refuses an id already used in another stream', async () => {
        const event = aNewEvent();
        await log.append('case-D4', [event], 'no_stream');
        await expect(log.append('case-D5', [event], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await log.readStream('case-D5')).toEqual([]);
      });
    });

    describe('reading streams', () => {
      it('reads a missing stream as empty', async () => {
        expect(await log.readStream('case-missing')).toEqual([]);
        expect(await log.readStream('case-missing', { direction: 'backwards' })).toEqual([]);
      });

      it('reads forwards and backwards with paging', async () => {
        await log.append('case-E1', someNewEvents(10), 'no_stream');
        const versions = (events: RecordedEvent[]) => events.map((event) => event.streamVersion);
        expect(versions(await log.readStream('case-E1'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(versions(await log.readStream('case-E1', { fromVersion: 3, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
        expect(versions(await log.readStream('case-E1', { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
        expect(versions(await log.readStream('case-E1', { direction: 'backwards', fromVersion: 4, maxCount: 10 }))).toEqual([
          4, 3, 2, 1, 0,
        ]);
        expect(await log.readStream('case-E1', { fromVersion: 10 })).toEqual([]);
        const paged: number[] = [];
        for await (const event of log.iterateStream('case-E1', 3)) paged.push(event.streamVersion);
        expect(paged).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });

      it('keeps streams apart, even when one name is a prefix of another', async () => {
        await log.append('case-1', someNewEvents(2), 'no_stream');
        await log.append('case-10', someNewEvents(3), 'no_stream');
        await log.append('case-1', [aNewEvent()], 1);
        expect((await log.readStream('case-1')).map((event) => event.streamName)).toEqual(['case-1', 'case-1', 'case-1']);
        expect(await log.readStream('case-10')).toHaveLength(3);
        await expect(log.append('case-10', [aNewEvent()], 2)).resolves.toMatchObject({ lastVersion: 3 });
      });

      it('says whether any stream name starts with a prefix, where the engine can tell', async () => {
        if (!store.hasStreamsStartingWith) return; // optional: callers then assume there may be some
        expect(await store.hasStreamsStartingWith('request-')).toBe(false);
        await log.append('requests', [aNewEvent()], 'no_stream'); // sorts just before the range, and is not in it
        await log.append('request.x', [aNewEvent()], 'no_stream'); // just after it
        expect(await store.hasStreamsStartingWith('request-')).toBe(false);
        await log.append('request-CRC07-r1', [aNewEvent()], 'no_stream');
        expect(await store.hasStreamsStartingWith('request-')).toBe(true);
        expect(await store.hasStreamsStartingWith('request-CRC07-')).toBe(true);
        expect(await store.hasStreamsStartingWith('request-CRC11-')).toBe(false);
      });

      it('round-trips unicode, nested JSON and metadata exactly, with the seal', async () => {
        const event: NewEvent = {
          ...aNewEvent({ type: 'escalation.requested' }),
          data: {
            summary: 'Étienne said "I feel like reoffending" — 😟 ملاحظة 注意',
            nested: { list: [1, 2.5, -3e-7, true, null, { deep: ['x'] }], empty: {}, emptyList: [] },
            zero: 0,
          },
          metadata: { actor: { id: 'crc07-cms', role: 'provider' }, correlationId: 'c-1' },
        };
        await log.append('case-F1', [event], 'no_stream');
        const [stored] = await log.readStream('case-F1');
        expect(stored).toMatchObject({ id: event.id, type: event.type });
        expect(stored.data).toEqual(event.data);
        expect(stored.metadata).toEqual(event.metadata);
        expect(stored.previousHash).toBeNull();
        expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(Date.parse(stored.recordedAt)).not.toBeNaN();
        const [fromAll] = await log.readAll();
        expect(fromAll).toEqual(stored);
      });

      it('links each event to the one before it', async () => {
        await log.append('case-F2', someNewEvents(3), 'no_stream');
        await log.append('case-F2', someNewEvents(2), 2);
        const events = await log.readStream('case-F2');
        events.slice(1).forEach((event, index) => expect(event.previousHash).toBe(events[index].hash));
        expect(await log.verifyStream('case-F2')).toEqual({ valid: true, events: 5, headHash: events[4].hash });
      });
    });

    describe('reading $all', () => {
      it('returns every event once, in strictly increasing position, across any paging', async () => {
        const written: string[] = [];
        for (let i = 0; i < 7; i += 1) {
          const batch = someNewEvents((i % 3) + 1);
          written.push(...batch.map((event) => event.id));
          await log.append(`case-G${i % 3}`, batch, 'any');
        }
        for (const pageSize of [1, 2, 5, 100]) {
          const seen: RecordedEvent[] = [];
          for await (const event of log.iterateAll(undefined, pageSize)) seen.push(event);
          expect(seen.map((event) => event.id)).toEqual(written);
          seen.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(seen[index].position));
        }
        const all = await log.readAll();
        expect(await store.headPosition()).toBe(all[all.length - 1].position);
        const backwards = await log.readAll({ direction: 'backwards', maxCount: 3 });
        expect(backwards.map((event) => event.id)).toEqual(written.slice(-3).reverse());
        expect(await log.readAll({ from: all[all.length - 1].position })).toEqual([]);
        const middle = all[4].position;
        expect((await log.readAll({ direction: 'backwards', from: middle, maxCount: 2 })).map((event) => event.id)).toEqual([
          all[3].id,
          all[2].id,
        ]);
        expect((await log.readAll({ from: middle, maxCount: 2 })).map((event) => event.id)).toEqual([all[5].id, all[6].id]);
        await expect(log.readAll({ maxCount: 0 })).rejects.toThrow(RangeError);
      });

      const holdAppend = fixture.holdAppend;
      if (holdAppend) {
        it('a writer holding its transaction open does not make a reader skip its event', async () => {
          await log.append('case-H0', [aNewEvent()], 'no_stream');
          const start = await store.headPosition();
          const delivered: RecordedEvent[] = [];
          const subscription = log.subscribeToAll({ from: start, handler: (events) => void delivered.push(...events), pollIntervalMs: 20 });
          await subscription.caughtUp;

          const slowEvent = sealedFirstEvent('case-H-slow', aNewEvent());
          const held = holdAppend(store, 'case-H-slow', slowEvent, 600);
          await held.holding;
          const fastAppend = log.append('case-H-fast', [aNewEvent()], 'no_stream');
          // An engine may let the fast writer commit first; a reader must still not see it ahead of the slow one.
          await Promise.race([fastAppend, delay(200)]);
          const visible = await store.readAll({ from: start });
          if (visible.some((event) => event.streamName === 'case-H-fast')) {
            expect(visible.map((event) => event.streamName)).toContain('case-H-slow');
          }
          await Promise.all([held.committed, fastAppend]);

          await collectUntil(() => delivered.length >= 2);
          await subscription.stop();
          expect(delivered.map((event) => event.streamName).sort()).toEqual(['case-H-fast', 'case-H-slow']);
          const positions = delivered.map((event) => event.position);
          expect(positions[1]).toBeGreaterThan(positions[0]);
        }, 20_000);
      }
    });

    describe('subscriptions', () => {
      it('delivers history, says caught up once, then delivers live events', async () => {
        const history = someNewEvents(5);
        await log.append('case-S1', history, 'no_stream');
        const delivered: string[] = [];
        let caughtUpCalls = 0;
        let deliveredAtCatchUp = -1;
        const subscription = log.subscribeToAll({
          batchSize: 2,
          pollIntervalMs: 20,
          handler: (events) => void delivered.push(...events.map((event) => event.id)),
          onCaughtUp: () => {
            caughtUpCalls += 1;
            deliveredAtCatchUp = delivered.length;
          },
        });
        await subscription.caughtUp;
        expect(deliveredAtCatchUp).toBe(5);
        const live = someNewEvents(3);
        await log.append('case-S1', live.slice(0, 1), 4);
        await log.append('case-S2', live.slice(1), 'no_stream');
        await collectUntil(() => delivered.length === 8);
        await delay(60);
        await subscription.stop();
        expect(delivered).toEqual([...history, ...live].map((event) => event.id));
        expect(caughtUpCalls).toBe(1);
      });

      it('resumes strictly after its checkpoint', async () => {
        await log.append('case-S3', someNewEvents(4), 'no_stream');
        const all = await log.readAll();
        const delivered: RecordedEvent[] = [];
        const subscription = log.subscribeToAll({ from: all[1].position, handler: (events) => void delivered.push(...events) });
        await subscription.caughtUp;
        await subscription.stop();
        expect(delivered.map((event) => event.id)).toEqual(all.slice(2).map((event) => event.id));
      });

      it('rejects caughtUp when stopped before it caught up', async () => {
        await log.append('case-S5', someNewEvents(3), 'no_stream');
        let release!: () => void;
        const blocked = new Promise<void>((resolve) => (release = resolve));
        const subscription = log.subscribeToAll({ batchSize: 1, handler: () => blocked });
        const stopping = subscription.stop();
        release();
        await stopping;
        await expect(subscription.caughtUp).rejects.toThrow('stopped before it caught up');
      });

      it('stops with the handler’s error and delivers nothing after it', async () => {
        await log.append('case-S4', someNewEvents(3), 'no_stream');
        let calls = 0;
        const subscription = log.subscribeToAll({
          batchSize: 1,
          handler: () => {
            calls += 1;
            if (calls === 2) throw new Error('projection failed');
          },
        });
        await expect(subscription.done).rejects.toThrow('projection failed');
        expect(calls).toBe(2);
        expect(subscription.position()).toBe((await log.readAll())[0].position);
      });
    });

    describe('checkpoints', () => {
      it('compare-and-set: stores only over the expected value', async () => {
        expect(await store.readCheckpoint('outbox')).toBeUndefined();
        expect(await store.compareAndSetCheckpoint('outbox', undefined, 5)).toBe(true);
        expect(await store.compareAndSetCheckpoint('outbox', undefined, 6)).toBe(false);
        expect(await store.compareAndSetCheckpoint('outbox', 4, 6)).toBe(false);
        expect(await store.compareAndSetCheckpoint('outbox', 5, 9)).toBe(true);
        expect(await store.readCheckpoint('outbox')).toBe(9);
        expect(await store.readCheckpoint('other')).toBeUndefined();
      });

      it('of racing writers from one value exactly one succeeds', async () => {
        await store.compareAndSetCheckpoint('race', undefined, 1);
        const results = await Promise.all([2, 3, 4, 5, 6].map((next) => store.compareAndSetCheckpoint('race', 1, next)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const firstTime = await Promise.all([1, 2, 3].map((next) => store.compareAndSetCheckpoint('race-new', undefined, next)));
        expect(firstTime.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('lifecycle and integrity', () => {
      it('keeps everything across close and reopen', async () => {
        const batch = someNewEvents(3);
        await log.append('case-L1', batch, 'no_stream');
        await store.compareAndSetCheckpoint('projector', undefined, 3);
        const before = await log.readAll();
        store = await fixture.reopen(store);
        log = new EventLog(store);
        expect(await log.readAll()).toEqual(before);
        expect(await store.readCheckpoint('projector')).toBe(3);
        await expect(log.append('case-L1', [aNewEvent()], 2)).resolves.toMatchObject({ lastVersion: 3 });
        await expect(log.append('case-L1', batch, 'no_stream')).resolves.toMatchObject({ firstVersion: 0, lastVersion: 2 });
      });

      it('runs migrations again, and concurrently, without harm', async () => {
        await log.append('case-L2', someNewEvents(2), 'no_stream');
        await store.migrate();
        await Promise.all([store.migrate(), store.migrate()]);
        expect(await log.readStream('case-L2')).toHaveLength(2);
      });

      it('catches an event edited behind the store’s back', async () => {
        await log.append('case-L3', someNewEvents(4), 'no_stream');
        expect((await log.verifyStream('case-L3')).valid).toBe(true);
        await fixture.tamper(store, 'case-L3', 2, { edited: 'rationale rewritten after the fact' });
        const verification = await log.verifyStream('case-L3');
        expect(verification.valid).toBe(false);
        expect(verification.firstInvalid).toMatchObject({ streamVersion: 2, reason: 'HASH_MISMATCH' });
      });

      it('refuses to work once closed', async () => {
        await store.close();
        await expect(store.readAll()).rejects.toMatchObject({ code: 'EVENT_STORE_CLOSED' });
        store = await fixture.create();
      });
    });
  });
}

/** Seals `event` as the first of a new stream, as EventLog would. */
export function sealedFirstEvent(streamName: string, event: NewEvent): SealedEvent {
  return sealEvents(streamName, undefined, [event], new Date().toISOString())[0];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
