import { readFileSync } from 'node:fs';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '@escalation-hub/casework-domain';
import { ConfigError } from '@escalation-hub/platform';

/**
 * The shipped England and Wales list, or the one in `file` (GOV.UK's bank-holidays.json as
 * downloaded, or just its england-and-wales division).
 */
export function loadBankHolidays(file: string | undefined): ReadonlySet<string> {
  if (!file) return ENGLAND_AND_WALES_BANK_HOLIDAYS;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
      'england-and-wales'?: { events: { date: string }[] };
      events?: { date: string }[];
    };
    const events = parsed['england-and-wales']?.events ?? parsed.events;
    if (!Array.isArray(events) || events.some((event) => !/^\d{4}-\d{2}-\d{2}$/.test(event.date)))
      throw new Error('no list of { date: YYYY-MM-DD }');
    return new Set(events.map((event) => event.date));
  } catch (error) {
    throw new ConfigError([
      `HUB_BANK_HOLIDAYS_FILE: cannot use ${JSON.stringify(file)}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
}
