import { londonFields, londonInstant, parseLondonDateTime } from './london-time';

describe('London date-times', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonInstant(2026, 1, 15, 14, 30, 0).toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(londonInstant(2026, 7, 15, 14, 30, 0).toISOString()).toBe('2026-07-15T13:30:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST. 00:30 is GMT, 02:30 is BST, 01:30 never happens (read as GMT).
    expect(londonInstant(2026, 3, 29, 0, 30, 0).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(londonInstant(2026, 3, 29, 2, 30, 0).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonInstant(2026, 3, 29, 1, 30, 0).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 01:30 happens twice; the first (BST) is meant.
    expect(londonInstant(2026, 10, 25, 1, 30, 0).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant(2026, 10, 25, 2, 30, 0).toISOString()).toBe('2026-10-25T02:30:00.000Z');
  });

  it('parses the date fields and a time, or the end of the day without one', () => {
    expect(parseLondonDateTime({ day: '27', month: '11', year: '2026', time: '14:30' }, 'the date')).toEqual({
      at: new Date('2026-11-27T14:30:00Z'),
    });
    expect(parseLondonDateTime({ day: '1', month: '7', year: '2026', time: '09.05:07' }, 'the date')).toEqual({
      at: new Date('2026-07-01T08:05:07Z'),
    });
    expect(parseLondonDateTime({ day: '27', month: '11', year: '2026' }, 'the date')).toEqual({ at: new Date('2026-11-27T23:59:59.999Z') });
  });

  it.each([
    [{}, 'day', 'Enter the date'],
    [{ day: '27', year: '2026' }, 'month', 'The date must include a month'],
    [{ day: '27', month: '11' }, 'year', 'The date must include a year'],
    [{ day: 'x', month: '11', year: '2026' }, 'day', 'The date must be a real date'],
    [{ day: '31', month: '2', year: '2026' }, 'day', 'The date must be a real date'],
    [{ day: '1', month: '13', year: '2026' }, 'day', 'The date must be a real date'],
    [{ day: '1', month: '1', year: '26' }, 'year', 'Year must include 4 numbers'],
    [{ day: '1', month: '1', year: '0099' }, 'year', 'Year must include 4 numbers'],
    [{ day: '1', month: '1', year: '2026', time: '25:00' }, 'time', 'Enter the time as hours and minutes on the 24-hour clock, like 14:30'],
    [{ day: '1', month: '1', year: '2026', time: 'noon' }, 'time', 'Enter the time as hours and minutes on the 24-hour clock, like 14:30'],
  ])('names the field that is wrong: %j', (fields, field, text) => {
    expect(parseLondonDateTime(fields, 'the date')).toEqual({ error: { field, text } });
  });

  it('shows an instant back in the fields it came from', () => {
    expect(londonFields(new Date('2026-07-01T08:05:07Z'))).toEqual({ day: '1', month: '7', year: '2026', time: '09:05:07' });
    expect(londonFields(new Date('2026-11-27T14:30:00Z'))).toEqual({ day: '27', month: '11', year: '2026', time: '14:30' });
  });
});
