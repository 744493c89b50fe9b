import { londonInstant, londonWallClock } from './london-time';

describe('London time', () => {
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

  it('reads an instant as London’s clocks show it', () => {
    expect(londonWallClock(new Date('2026-10-25T00:30:00Z'))).toEqual({ year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0 });
    expect(londonWallClock(new Date('2026-10-25T01:30:00Z'))).toEqual({ year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0 });
  });

  it('agrees with the time-zone database at every instant, across clock changes and centuries', () => {
    const zone = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    const direct = (at: Date) => {
      const parts = zone.formatToParts(at);
      const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
      return {
        year: part('year'),
        month: part('month'),
        day: part('day'),
        hour: part('hour'),
        minute: part('minute'),
        second: part('second'),
      };
    };
    const instants = [
      ...Array.from({ length: 2_000 }, (_, i) => Date.UTC(1900, 0, 1) + ((i * 2_654_435_761) % 6_300_000_000) * 1_000 + (i % 997)),
      // Every minute either side of this year's and 1971's changes (British Standard Time ended in October 1971).
      ...[Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(1971, 9, 31, 2)].flatMap((change) =>
        Array.from({ length: 181 }, (_, i) => change + (i - 90) * 60_000 + 59_999),
      ),
    ];
    for (const at of instants)
      expect([new Date(at).toISOString(), londonWallClock(new Date(at))]).toEqual([new Date(at).toISOString(), direct(new Date(at))]);
  });
});
