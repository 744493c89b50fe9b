/**
 * London time, GMT or BST, for the web layer: reading an instant as London's clocks show it, and
 * turning what people in England and Wales type (the "as it stood at" picker, report ranges) back
 * into instants. Every page's dates come through the pair below. Pure: no clock, no I/O.
 */

export interface DateTimeFields {
  readonly day?: string;
  readonly month?: string;
  readonly year?: string;
  /** "14:30" or "14:30:15"; empty means the end of that day. */
  readonly time?: string;
}

export type FieldError = { readonly field: 'day' | 'month' | 'year' | 'time'; readonly text: string };

export type ParsedDateTime = { readonly at: Date } | { readonly error: FieldError };

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

/** UTC to London: what London's clocks show at an instant. The web layer's one way of reading an instant in London time. */
export function londonWallClock(at: Date): LondonWallClock {
  const parts = LONDON_CLOCK.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
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

/** The London calendar date and time of an instant, as the picker's fields show it. */
export function londonFields(at: Date): Required<DateTimeFields> {
  const { year, month, day, hour, minute, second } = londonWallClock(at);
  const two = (value: number) => String(value).padStart(2, '0');
  return {
    day: String(day),
    month: String(month),
    year: String(year),
    time: `${two(hour)}:${two(minute)}${second ? `:${two(second)}` : ''}`,
  };
}

/** Reads the GOV.UK date fields and a time; each mistake is named against its own field, in GOV.UK's words. */
export function parseLondonDateTime(fields: DateTimeFields, label: string): ParsedDateTime {
  const [day, month, year, time] = [fields.day, fields.month, fields.year, fields.time].map((value) => (value ?? '').trim());
  if (!day && !month && !year) return { error: { field: 'day', text: `Enter ${label}` } };
  for (const [field, value, name] of [
    ['day', day, 'a day'],
    ['month', month, 'a month'],
    ['year', year, 'a year'],
  ] as const) {
    if (!value) return { error: { field, text: `${capitalise(label)} must include ${name}` } };
    if (!/^\d+$/.test(value)) return { error: { field, text: `${capitalise(label)} must be a real date` } };
  }
  if (year.length !== 4 || year.startsWith('0')) return { error: { field: 'year', text: 'Year must include 4 numbers' } };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || calendar.getUTCDate() !== d || calendar.getUTCMonth() !== m - 1) {
    return { error: { field: 'day', text: `${capitalise(label)} must be a real date` } };
  }
  // The whole of that day: up to its last millisecond, as events are stamped to the millisecond.
  if (!time) return { at: new Date(londonInstant(y, m, d, 23, 59, 59).getTime() + 999) };
  const clock = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(time);
  const [hour, minute, second] = clock ? [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)] : [NaN, NaN, NaN];
  if (!clock || hour > 23 || minute > 59 || second > 59) {
    return { error: { field: 'time', text: 'Enter the time as hours and minutes on the 24-hour clock, like 14:30' } };
  }
  return { at: londonInstant(y, m, d, hour, minute, second) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
