import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, SqliteEventStore } from '@escalation-hub/event-store';
import { aNewEvent } from '@escalation-hub/event-store/testing';
import { CoalescingAppender } from './coalescing-appender';

describe('CoalescingAppender on a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let log: EventLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-coalescing-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    log = new EventLog(store);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes every record of many concurrent callers durable, in one chain, in fewer commits than records', async () => {
    let appends = 0;
    const counting = Object.assign(Object.create(log), {
      append: (...args: Parameters<EventLog['append']>) => (appends++, log.append(...args)),
    });
    const appender = new CoalescingAppender(counting as EventLog);
    const records = Array.from({ length: 60 }, (_, index) => aNewEvent({ type: 'case.read', data: { index } }));
    await Promise.all([
      ...records.map((record) => appender.append('access-X100001', record)),
      appender.append('access-X100002', aNewEvent()),
    ]);
    const stored = await log.readStream('access-X100001', { maxCount: 100 });
    expect(stored.map((event) => event.data['index'])).toEqual(records.map((_, index) => index));
    expect((await log.verifyStream('access-X100001')).valid).toBe(true);
    expect(await log.readStream('access-X100002')).toHaveLength(1);
    // The first record goes alone; the rest, arriving meanwhile, share the next commit.
    expect(appends).toBeLessThan(records.length / 4);
  });

  it('rejects the callers of a failed append, and carries on with the next', async () => {
    const appender = new CoalescingAppender(log);
    const failing = appender.append('access-X100003', { ...aNewEvent(), id: 'not-a-uuid' });
    await expect(failing).rejects.toThrow(/UUID/);
    await expect(appender.append('access-X100003', aNewEvent())).resolves.toBeUndefined();
    expect(await log.readStream('access-X100003')).toHaveLength(1);
  });
});
