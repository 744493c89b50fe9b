import { CaseCommand, streamNameFor } from '@escalation-hub/casework-domain';
import { actors, allocateCommand } from '@escalation-hub/casework-domain/testing';
import { replayCase } from './case-timeline';
import { AccessLog } from './access-log';
import { at, recordCase } from './testing/recorded-case';

const crn = 'X123456';
const escalation: CaseCommand = {
  type: 'RequestEscalation',
  crn,
  actor: actors.crc07,
  payload: {
    escalationId: 'esc-1',
    requestId: 'r',
    requestFingerprint: 'f',
    raisedBy: 'Jo',
    proposedRosh: 'HIGH',
    urgency: 'IMMEDIATE',
    triggers: ['OTHER'],
    summary: 's',
  },
};
const decision: CaseCommand = {
  type: 'DecideEscalation',
  crn,
  actor: actors.officer,
  payload: { escalationId: 'esc-1', outcome: 'RETAIN_WITH_PROVIDER', rationale: 'r', advice: null, revisedRosh: null },
};

describe('replayCase', () => {
  it('stops at a moment: before the decision the item is pending, after it decided', async () => {
    const log = await recordCase([
      [0, allocateCommand()],
      [1, escalation],
      [4, decision],
    ]);
    const before = await replayCase(log, crn, { asOf: at(3.9) });
    expect(before.entries.map((entry) => entry.type)).toEqual(['case.allocated', 'escalation.requested']);
    expect(before.state?.items['esc-1']).toMatchObject({ decision: null });
    const after = await replayCase(log, crn, { asOf: at(4) });
    expect(after.state?.items['esc-1']).toMatchObject({ decision: { outcome: 'RETAIN_WITH_PROVIDER' } });
    expect((await replayCase(log, crn, { revision: 0 })).entries).toHaveLength(1);
    expect((await replayCase(log, crn, { asOf: at(-1) })).state).toBeUndefined();
  });

  it('reports how long each decision took against its due time', async () => {
    const log = await recordCase([
      [0, allocateCommand()],
      [1, escalation],
      [4, decision],
    ]);
    const decided = (await replayCase(log, crn)).entries[2];
    expect(decided.lateness).toEqual({
      itemId: 'esc-1',
      openedAt: at(1).toISOString(),
      dueAt: at(3).toISOString(),
      decidedAt: at(4).toISOString(),
      tookMs: 3 * 3_600_000,
      late: true,
    });
    expect((await replayCase(log, crn)).entries[1].lateness).toBeUndefined();
  });
});

describe('AccessLog', () => {
  it('keeps reads in a stream of their own, in order, leaving the case untouched', async () => {
    const log = await recordCase([[0, allocateCommand()]]);
    const accessLog = new AccessLog(log, () => at(9));
    await accessLog.record({
      crn,
      actor: actors.auditor,
      view: 'timeline',
      query: { asOf: at(1).toISOString() },
      from: '10.0.0.7',
      userAgent: 'curl',
    });
    await accessLog.record({ crn, actor: actors.officer, view: 'case', query: {}, from: '10.0.0.8', userAgent: null });
    expect(await accessLog.entries(crn)).toEqual([
      expect.objectContaining({ actor: actors.auditor, view: 'timeline', at: at(9).toISOString(), from: '10.0.0.7', userAgent: 'curl' }),
      expect.objectContaining({ actor: actors.officer, view: 'case', from: '10.0.0.8' }),
    ]);
    expect(await log.readStream(streamNameFor(crn))).toHaveLength(1);
    expect(await accessLog.entries('Z999999')).toEqual([]);
  });

  it('pages the log newest first, and counts every read', async () => {
    const log = await recordCase([[0, allocateCommand()]]);
    const accessLog = new AccessLog(log, () => at(9));
    for (const view of ['first', 'second', 'third', 'fourth', 'fifth'])
      await accessLog.record({ crn, actor: actors.auditor, view, query: {}, from: '10.0.0.7', userAgent: null });
    expect(await accessLog.count(crn)).toBe(5);
    const views = async (page: { limit: number; offset: number }) => (await accessLog.newestFirst(crn, page)).map((entry) => entry.view);
    expect(await views({ limit: 2, offset: 0 })).toEqual(['fifth', 'fourth']);
    expect(await views({ limit: 2, offset: 4 })).toEqual(['first']);
    expect(await views({ limit: 2, offset: 5 })).toEqual([]);
    expect(await accessLog.count('Z999999')).toBe(0);
    expect(await accessLog.newestFirst('Z999999', { limit: 2, offset: 0 })).toEqual([]);
  });
});
