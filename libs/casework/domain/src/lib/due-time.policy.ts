import type { Urgency } from './vocabulary';
import officialBankHolidays from './bank-holidays.england-and-wales.json';
import { londonInstant, londonWallClock } from './london-time';

/** How long each kind of request may wait for a decision. Defaults follow the service's standards. */
export interface ResponseTimes {
  readonly immediateHours: number;
  readonly urgentWorkingDays: number;
  readonly routineWorkingDays: number;
  readonly breachPackWorkingDays: number;
  readonly recallCountersignHours: number;
  /** Emergency recall advice: countersigned within these hours, any day, any hour. */
  readonly emergencyRecallHours: number;
}

export const DEFAULT_RESPONSE_TIMES: ResponseTimes = {
  immediateHours: 2,
  urgentWorkingDays: 1,
  routineWorkingDays: 5,
  breachPackWorkingDays: 5,
  recallCountersignHours: 24,
  emergencyRecallHours: 2,
};

/** Bank holidays in England and Wales as YYYY-MM-DD dates, shipped from the official list. */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlySet<string> = new Set(officialBankHolidays.events.map((event) => event.date));

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The London wall-clock reading of an instant, as if it were UTC (milliseconds kept). */
function londonWallClockMs(instant: number): number {
  const clock = londonWallClock(new Date(instant));
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, new Date(instant).getUTCMilliseconds());
}

/** The instant at which London's clocks show `wallClockMs` (read as UTC), milliseconds kept. */
function londonInstantOf(wallClockMs: number): number {
  const wall = new Date(wallClockMs);
  const at = londonInstant(
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  );
  return at.getTime() + wall.getUTCMilliseconds();
}

function dateOf(wallClockMs: number): string {
  return new Date(wallClockMs).toISOString().slice(0, 10);
}

/**
 * Turns urgency into due times. Working days skip Saturdays, Sundays and bank holidays, judged by
 * the date in London; a due time in working days keeps the London time of day it was raised at,
 * across clock changes too. Hour-based times are elapsed hours.
 */
export class DueTimePolicy {
  constructor(
    readonly times: ResponseTimes = DEFAULT_RESPONSE_TIMES,
    readonly bankHolidays: ReadonlySet<string> = ENGLAND_AND_WALES_BANK_HOLIDAYS,
  ) {}

  escalationDueAt(raisedAt: Date, urgency: Urgency): Date {
    switch (urgency) {
      case 'IMMEDIATE':
        return new Date(raisedAt.getTime() + this.times.immediateHours * HOUR_MS);
      case 'URGENT':
        return this.addWorkingDays(raisedAt, this.times.urgentWorkingDays);
      case 'ROUTINE':
        return this.addWorkingDays(raisedAt, this.times.routineWorkingDays);
    }
  }

  breachPackDueAt(submittedAt: Date): Date {
    return this.addWorkingDays(submittedAt, this.times.breachPackWorkingDays);
  }

  recallCountersignDueAt(draftedAt: Date, emergency = false): Date {
    const hours = emergency ? this.times.emergencyRecallHours : this.times.recallCountersignHours;
    return new Date(draftedAt.getTime() + hours * HOUR_MS);
  }

  isWorkingDay(instant: Date): boolean {
    return this.isWorkingDate(dateOf(londonWallClockMs(instant.getTime())));
  }

  /** The same London time of day, `days` working days later. */
  addWorkingDays(from: Date, days: number): Date {
    let wallClock = londonWallClockMs(from.getTime());
    let remaining = days;
    while (remaining > 0) {
      wallClock += DAY_MS; // calendar days on the wall clock: no daylight-saving arithmetic here
      if (this.isWorkingDate(dateOf(wallClock))) remaining -= 1;
    }
    return new Date(londonInstantOf(wallClock));
  }

  private isWorkingDate(date: string): boolean {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.bankHolidays.has(date);
  }
}
