/**
 * London time, GMT or BST: the one conversion between instants and what London's clocks show, for the
 * due-time rules (working days are London's) and for every date the web pages show or read. Pure.
 */

/** What the clocks in London show: a calendar date and a time of day (GMT or BST). */
export interface LondonWallClock {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  /** 0–23. */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// One formatter for every reading: building an Intl.DateTimeFormat costs far more than using one.
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

const HOUR_MS = 3_600_000;
/** London's offset from UTC (ms) by UTC hour: the clocks change only on the hour, and Intl is slow. */
const offsetByHour = new Map<number, number>();

/** UTC to London: what London's clocks show at an instant. */
export function londonWallClock(at: Date): LondonWallClock {
  const local = new Date(at.getTime() + londonOffset(at));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function londonOffset(at: Date): number {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = new Date(hour * HOUR_MS);
    const parts = LONDON_CLOCK.formatToParts(start);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value);
    offset = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - start.getTime();
    if (offsetByHour.size >= 50_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/**
 * London to UTC: the instant London's clocks show this date and time (years 1000–9999), the inverse of
 * `londonWallClock`. In the autumn's repeated hour the earlier (BST) instant is taken.
 */
export function londonInstant(year: number, month: number, day: number, hour: number, minute: number, second: number): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // London is UTC or UTC+1: try the offset in force an hour either side and keep the one that reads back.
  for (const guess of [wall - 3_600_000, wall]) {
    if (asUtc(londonWallClock(new Date(guess))) === wall) return new Date(guess);
  }
  // A time the clocks skip in spring (01:00–01:59 on the last Sunday of March) is read as GMT.
  return new Date(wall);
}

/** A wall-clock reading as if it were UTC milliseconds, so two readings compare as numbers. */
function asUtc(clock: LondonWallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** The date in London at `at`, as YYYY-MM-DD: "today" for rules about days (closures, failures, court dates). */
export function londonDate(at: Date): string {
  const clock = londonWallClock(at);
  return `${clock.year}-${String(clock.month).padStart(2, '0')}-${String(clock.day).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "26 November 2026, 2:05pm" in London time, as GOV.UK writes dates (noon is 12:00pm, midnight 12:00am). */
export function dateTimeText(at: Date | string): string {
  const { year, month, day, hour, minute } = londonWallClock(typeof at === 'string' ? new Date(at) : at);
  return `${day} ${MONTHS[month - 1]} ${year}, ${hour % 12 || 12}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`;
}
