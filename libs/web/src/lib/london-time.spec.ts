import { londonFields, londonInstantOfInputs, parseLondonDateTime } from './london-time';

describe('London date-times', () => {
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

  it("reads a form's date and time inputs in London, or '' unless both are real", () => {
    expect(londonInstantOfInputs('2026-07-01', '09:05')).toBe('2026-07-01T08:05:00.000Z');
    expect(londonInstantOfInputs('2026-11-27', '14:30')).toBe('2026-11-27T14:30:00.000Z');
    for (const [day, time] of [
      ['', '14:30'],
      ['2026-11-27', ''],
      ['2026-02-30', '14:30'],
      ['2026-11-27', '25:00'],
      ['27/11/2026', '14:30'],
    ]) {
      expect(londonInstantOfInputs(day, time)).toBe('');
    }
  });

  it('shows an instant back in the fields it came from', () => {
    expect(londonFields(new Date('2026-07-01T08:05:07Z'))).toEqual({ day: '1', month: '7', year: '2026', time: '09:05:07' });
    expect(londonFields(new Date('2026-11-27T14:30:00Z'))).toEqual({ day: '27', month: '11', year: '2026', time: '14:30' });
  });
});
