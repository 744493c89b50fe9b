import { DueTimePolicy, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './due-time.policy';

const policy = new DueTimePolicy();
const at = (iso: string) => new Date(iso);

describe('DueTimePolicy', () => {
  it('gives IMMEDIATE two clock hours, weekends included', () => {
    expect(policy.escalationDueAt(at('2026-11-07T23:00:00Z'), 'IMMEDIATE').toISOString()).toBe('2026-11-08T01:00:00.000Z');
  });

  it('gives URGENT one working day, skipping the weekend', () => {
    expect(policy.escalationDueAt(at('2026-11-06T15:00:00Z'), 'URGENT').toISOString()).toBe('2026-11-09T15:00:00.000Z');
  });

  it('skips bank holidays: Easter 2027', () => {
    // Thursday 25 March 09:00 GMT → Tuesday 30 March 09:00 BST (clocks went forward on the 28th) = 08:00 UTC.
    expect(policy.escalationDueAt(at('2027-03-25T09:00:00Z'), 'URGENT').toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('gives ROUTINE five working days, across Christmas and New Year', () => {
    expect(policy.escalationDueAt(at('2026-12-24T10:00:00Z'), 'ROUTINE').toISOString()).toBe('2027-01-05T10:00:00.000Z');
  });

  it('gives breach packs five working days and recall countersignature 24 hours', () => {
    expect(policy.breachPackDueAt(at('2026-11-04T10:00:00Z')).toISOString()).toBe('2026-11-11T10:00:00.000Z');
    expect(policy.recallCountersignDueAt(at('2026-11-07T10:00:00Z')).toISOString()).toBe('2026-11-08T10:00:00.000Z');
    // Emergency recall: its own hours, any day, any hour (a Saturday night here).
    expect(policy.recallCountersignDueAt(at('2026-11-07T23:00:00Z'), true).toISOString()).toBe('2026-11-08T01:00:00.000Z');
  });

  it('keeps the London time of day across a clock change', () => {
    // Friday 27 March 2026, 10:00 in London (GMT) → Monday 30 March, 10:00 in London (BST) = 09:00 UTC.
    expect(policy.escalationDueAt(at('2026-03-27T10:00:00Z'), 'URGENT').toISOString()).toBe('2026-03-30T09:00:00.000Z');
    // Friday 23 October 2026, 16:30 BST → Monday 26 October, 16:30 GMT.
    expect(policy.escalationDueAt(at('2026-10-23T15:30:00Z'), 'URGENT').toISOString()).toBe('2026-10-26T16:30:00.000Z');
  });

  it('judges the day by the date in London', () => {
    // 23:30 UTC on Friday 10 July 2026 is 00:30 on Saturday in London (BST).
    expect(policy.isWorkingDay(at('2026-07-10T22:30:00Z'))).toBe(true);
    expect(policy.isWorkingDay(at('2026-07-10T23:30:00Z'))).toBe(false);
  });

  it('takes its response times and holidays from configuration', () => {
    const custom = new DueTimePolicy(
      {
        immediateHours: 1,
        urgentWorkingDays: 2,
        routineWorkingDays: 10,
        breachPackWorkingDays: 3,
        recallCountersignHours: 12,
        emergencyRecallHours: 1,
      },
      new Set(['2026-11-05']),
    );
    expect(custom.escalationDueAt(at('2026-11-04T10:00:00Z'), 'URGENT').toISOString()).toBe('2026-11-09T10:00:00.000Z');
    expect(custom.recallCountersignDueAt(at('2026-11-04T10:00:00Z'), true).toISOString()).toBe('2026-11-04T11:00:00.000Z');
  });

  it('ships the official England and Wales list, substitute days included', () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2026-12-28')).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2027-12-27')).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2026-12-26')).toBe(false);
  });
});
