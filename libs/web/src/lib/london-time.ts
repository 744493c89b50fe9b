import { londonInstant, londonWallClock } from '@escalation-hub/casework-domain';

/**
 * London time, GMT or BST, for the web layer: the picker's fields for an instant, and what people in
 * England and Wales type (the "as it stood at" picker, report ranges, the day and time inputs of the
 * case forms) read back into instants. The
 * conversion itself is the domain's one pair (casework-domain london-time.ts), which the due-time
 * rules use too. Pure: no clock, no I/O.
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

/**
 * An HTML date input's day (2026-11-30) and time input's time (14:30), read in London as the instant
 * the API takes; '' unless both are given and real (the API's DTO then says what is missing).
 */
export function londonInstantOfInputs(day: string, time: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!date || !/^\d{2}:\d{2}$/.test(time.trim())) return '';
  const parsed = parseLondonDateTime({ year: date[1], month: date[2], day: date[3], time: time.trim() }, 'the day');
  return 'at' in parsed ? parsed.at.toISOString() : '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
