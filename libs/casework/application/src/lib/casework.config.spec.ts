import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '@escalation-hub/casework-domain';
import { ConfigError } from '@escalation-hub/platform';
import { dueTimePolicyOf, loadCaseworkConfig } from './casework.config';

describe('loadCaseworkConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'casework-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('uses the documented defaults when nothing is set', () => {
    expect({ ...loadCaseworkConfig({}) }).toEqual({
      overdueScanIntervalMs: 30_000,
      claimExpiryMinutes: 480,
      immediateHours: 2,
      urgentWorkingDays: 1,
      routineWorkingDays: 5,
      breachPackWorkingDays: 5,
      recallCountersignHours: 24,
      emergencyRecallHours: 2,
    });
  });

  it('reads and converts every variable', () => {
    const holidays = file('holidays.json', JSON.stringify({ events: [{ date: '2031-01-01' }] }));
    expect({
      ...loadCaseworkConfig({
        HUB_OVERDUE_SCAN_INTERVAL_MS: '100',
        HUB_CLAIM_EXPIRY_MINUTES: '0.5',
        HUB_IMMEDIATE_HOURS: '0.5',
        HUB_URGENT_WORKING_DAYS: '2',
        HUB_ROUTINE_WORKING_DAYS: '10',
        HUB_BREACH_PACK_WORKING_DAYS: '3',
        HUB_RECALL_COUNTERSIGN_HOURS: '12.5',
        HUB_EMERGENCY_RECALL_HOURS: '1.5',
        HUB_BANK_HOLIDAYS_FILE: holidays,
      }),
    }).toEqual({
      overdueScanIntervalMs: 100,
      claimExpiryMinutes: 0.5,
      immediateHours: 0.5,
      urgentWorkingDays: 2,
      routineWorkingDays: 10,
      breachPackWorkingDays: 3,
      recallCountersignHours: 12.5,
      emergencyRecallHours: 1.5,
      bankHolidaysFile: holidays,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadCaseworkConfig({ HUB_IMMEDIATE_HOURS: '' }).immediateHours).toBe(2);
  });

  it.each([
    [{ HUB_OVERDUE_SCAN_INTERVAL_MS: '10' }, 'HUB_OVERDUE_SCAN_INTERVAL_MS: must be at least 50 (got "10")'],
    [{ HUB_OVERDUE_SCAN_INTERVAL_MS: '1.5' }, 'HUB_OVERDUE_SCAN_INTERVAL_MS: must be a whole number of milliseconds'],
    [{ HUB_IMMEDIATE_HOURS: '0' }, 'HUB_IMMEDIATE_HOURS: must be more than 0 (got "0")'],
    [{ HUB_CLAIM_EXPIRY_MINUTES: '0' }, 'HUB_CLAIM_EXPIRY_MINUTES: must be at least one second'],
    [{ HUB_CLAIM_EXPIRY_MINUTES: 'a while' }, 'HUB_CLAIM_EXPIRY_MINUTES: must be a number of minutes'],
    [{ HUB_IMMEDIATE_HOURS: 'soon' }, 'HUB_IMMEDIATE_HOURS: must be a number of hours'],
    [{ HUB_URGENT_WORKING_DAYS: '0' }, 'HUB_URGENT_WORKING_DAYS: must be at least 1 (got "0")'],
    [{ HUB_ROUTINE_WORKING_DAYS: '2.5' }, 'HUB_ROUTINE_WORKING_DAYS: must be a whole number of working days'],
    [{ HUB_BREACH_PACK_WORKING_DAYS: '-1' }, 'HUB_BREACH_PACK_WORKING_DAYS: must be at least 1'],
    [{ HUB_RECALL_COUNTERSIGN_HOURS: '-2' }, 'HUB_RECALL_COUNTERSIGN_HOURS: must be more than 0'],
    [{ HUB_EMERGENCY_RECALL_HOURS: '0' }, 'HUB_EMERGENCY_RECALL_HOURS: must be more than 0'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadCaseworkConfig(env)).toThrow(ConfigError);
    expect(() => loadCaseworkConfig(env)).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    try {
      loadCaseworkConfig({ HUB_IMMEDIATE_HOURS: 'x', HUB_URGENT_WORKING_DAYS: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
        'HUB_IMMEDIATE_HOURS',
        'HUB_URGENT_WORKING_DAYS',
      ]);
    }
  });

  it('reads the bank-holiday file at once: one it cannot use is a configuration error naming it', () => {
    for (const path of [join(dir, 'missing.json'), file('not-json.json', '{'), file('no-dates.json', '{"events":[{"date":"1 May"}]}')]) {
      expect(() => loadCaseworkConfig({ HUB_BANK_HOLIDAYS_FILE: path })).toThrow(ConfigError);
      expect(() => loadCaseworkConfig({ HUB_BANK_HOLIDAYS_FILE: path })).toThrow(
        `HUB_BANK_HOLIDAYS_FILE: cannot use ${JSON.stringify(path)}: `,
      );
    }
  });

  it('builds the due-time policy from the settings: GOV.UK’s file (its england-and-wales division) replaces the shipped list', () => {
    // Friday 2 January 2032 at 10:00 in London; Monday 5 January made a holiday by the file.
    const govUk = file(
      'bank-holidays.json',
      JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Test', date: '2032-01-05' }] } }),
    );
    const raised = new Date('2032-01-02T10:00:00Z');
    const withFile = dueTimePolicyOf(loadCaseworkConfig({ HUB_BANK_HOLIDAYS_FILE: govUk, HUB_URGENT_WORKING_DAYS: '1' }));
    expect(withFile.escalationDueAt(raised, 'URGENT').toISOString()).toBe('2032-01-06T10:00:00.000Z');
    const shipped = dueTimePolicyOf(loadCaseworkConfig({}));
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2032-01-05')).toBe(false);
    expect(shipped.escalationDueAt(raised, 'URGENT').toISOString()).toBe('2032-01-05T10:00:00.000Z');
  });
});
