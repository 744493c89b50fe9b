import type { Urgency } from './vocabulary';
import officialBankHolidays from './bank-holidays.england-and-wales.json';

/** How long each kind of request may wait for a decision. Defaults follow the service's standards. */
export interface ResponseTimes {
  readonly immediateHours: number;
  readonly urgentWorkingDays: number;
  readonly routineWorkingDays: number;
  readonly breachPackWorkingDays: number;
  readonly recallCountersignHours: number;
}

export const DEFAULT_RESPONSE_TIMES: ResponseTimes = {
  immediateHours: 2,
  urgentWorkingDays: 1,
  routineWorkingDays: 5,
  breachPackWorkingDays: 5,
  recallCountersignHours: 24,
};

/** Bank holidays in England and Wales as YYYY-MM-DD dates, shipped from the official list. */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlySet<string> = new Set(officialBankHolidays.events.map((event) => event.date));

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Turns urgency into due times. Working days skip Saturdays, Sundays and bank holidays, judged by
 * the date in London; a due time keeps the time of day it was raised at.
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

  recallCountersignDueAt(draftedAt: Date): Date {
    return new Date(draftedAt.getTime() + this.times.recallCountersignHours * HOUR_MS);
  }

  isWorkingDay(instant: Date): boolean {
    const date = londonDate.format(instant);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.bankHolidays.has(date);
  }

  /** The same time of day, `days` working days later. */
  addWorkingDays(from: Date, days: number): Date {
    let instant = from.getTime();
    let remaining = days;
    while (remaining > 0) {
      instant += DAY_MS;
      if (this.isWorkingDay(new Date(instant))) remaining -= 1;
    }
    return new Date(instant);
  }
}
