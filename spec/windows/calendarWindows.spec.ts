import fc from 'fast-check';
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MIN_TIMESTAMP, type Window } from '../../src/index';
import { calendarWindows, type CalendarUnit } from '../../src/windows/calendarWindows';

const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${iso}`);
  return t;
};
const w = (start: string, end: string): Window => ({ start: at(start), end: at(end), maxTimestamp: at(end) - 1 });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('calendarWindows: days', () => {
  it('partitions time: every time is in exactly the window that contains it', () => {
    expect(calendarWindows('day').partitionsTime).toBe(true);
  });

  it('defaults to whole UTC days', () => {
    const days = calendarWindows('day');
    expect(days.assign(at('2024-01-01T05:00:00Z'))).toEqual([w('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')]);
    expect(days.assign(at('2024-01-02T00:00:00Z'))).toEqual([w('2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z')]);
    expect(days.assign(at('2024-01-01T23:59:59.999Z'))).toEqual([w('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')]);
    expect(days.description).toBe('calendar(day, 1, UTC)');
  });

  it('the spring-forward day in Europe/Berlin (2024-03-31) is 23 hours long', () => {
    const berlin = calendarWindows('day', { timeZone: 'Europe/Berlin' });
    const expected = [w('2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z')];
    expect(berlin.assign(at('2024-03-30T23:00:00Z'))).toEqual(expected); // 00:00 CET
    expect(berlin.assign(at('2024-03-31T00:59:59.999Z'))).toEqual(expected); // 01:59:59.999 CET, just before the gap
    expect(berlin.assign(at('2024-03-31T01:00:00Z'))).toEqual(expected); // 03:00 CEST, just after it
    expect(berlin.assign(at('2024-03-31T21:59:59.999Z'))).toEqual(expected);
    expect(expected[0].end - expected[0].start).toBe(23 * HOUR);
    expect(berlin.assign(at('2024-03-30T22:59:59.999Z'))).toEqual([w('2024-03-29T23:00:00Z', '2024-03-30T23:00:00Z')]);
    expect(berlin.assign(at('2024-03-31T22:00:00Z'))).toEqual([w('2024-03-31T22:00:00Z', '2024-04-01T22:00:00Z')]);
  });

  it('the fall-back day in Europe/Berlin (2024-10-27) is 25 hours long and holds both 02:30s', () => {
    const berlin = calendarWindows('day', { timeZone: 'Europe/Berlin' });
    const expected = [w('2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z')];
    expect(berlin.assign(at('2024-10-27T00:30:00Z'))).toEqual(expected); // 02:30 CEST
    expect(berlin.assign(at('2024-10-27T01:30:00Z'))).toEqual(expected); // 02:30 CET
    expect(berlin.assign(at('2024-10-26T22:00:00Z'))).toEqual(expected);
    expect(berlin.assign(at('2024-10-27T22:59:59.999Z'))).toEqual(expected);
    expect(expected[0].end - expected[0].start).toBe(25 * HOUR);
    expect(berlin.assign(at('2024-10-27T23:00:00Z'))).toEqual([w('2024-10-27T23:00:00Z', '2024-10-28T23:00:00Z')]);
  });

  it('a day whose midnight does not exist starts at its first instant (America/Santiago, 2022-09-11 starts at 01:00)', () => {
    const santiago = calendarWindows('day', { timeZone: 'America/Santiago' });
    expect(santiago.assign(at('2022-09-11T12:00:00Z'))).toEqual([w('2022-09-11T04:00:00Z', '2022-09-12T03:00:00Z')]);
    expect(santiago.assign(at('2022-09-11T03:59:59.999Z'))).toEqual([w('2022-09-10T04:00:00Z', '2022-09-11T04:00:00Z')]);
  });

  it('a day whose midnight happens twice starts at the first one (America/Havana, 2023-11-05)', () => {
    const havana = calendarWindows('day', { timeZone: 'America/Havana' });
    expect(havana.assign(at('2023-11-05T04:30:00Z'))).toEqual([w('2023-11-05T04:00:00Z', '2023-11-06T05:00:00Z')]);
    expect(havana.assign(at('2023-11-05T05:30:00Z'))).toEqual([w('2023-11-05T04:00:00Z', '2023-11-06T05:00:00Z')]);
  });

  it('a skipped calendar day gets no window (Pacific/Apia went from 2011-12-29 to 2011-12-31)', () => {
    const apia = calendarWindows('day', { timeZone: 'Pacific/Apia' });
    expect(apia.assign(at('2011-12-30T09:59:59.999Z'))).toEqual([w('2011-12-29T10:00:00Z', '2011-12-30T10:00:00Z')]);
    expect(apia.assign(at('2011-12-30T10:00:00Z'))).toEqual([w('2011-12-30T10:00:00Z', '2011-12-31T10:00:00Z')]);
  });

  it('timestamps before 1970 get the day that contains them', () => {
    const days = calendarWindows('day');
    expect(days.assign(-1)).toEqual([w('1969-12-31T00:00:00Z', '1970-01-01T00:00:00Z')]);
    expect(days.assign(at('1901-06-15T13:00:00Z'))).toEqual([w('1901-06-15T00:00:00Z', '1901-06-16T00:00:00Z')]);
    const ny = calendarWindows('day', { timeZone: 'America/New_York' });
    expect(ny.assign(at('1969-07-20T20:17:00Z'))).toEqual([w('1969-07-20T04:00:00Z', '1969-07-21T04:00:00Z')]);
  });
});

describe('calendarWindows: weeks', () => {
  it('weeks start on Monday by default (ISO)', () => {
    const weeks = calendarWindows('week');
    expect(weeks.assign(at('2024-01-03T10:00:00Z'))).toEqual([w('2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z')]);
    expect(weeks.assign(at('2024-01-07T23:59:59.999Z'))).toEqual([w('2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z')]);
    expect(weeks.description).toBe('calendar(week, 1, UTC, weekStartsOn 1)');
  });

  it('weekStartsOn picks the first day: Sunday, Wednesday', () => {
    expect(calendarWindows('week', { weekStartsOn: 0 }).assign(at('2024-01-03T10:00:00Z'))).toEqual([
      w('2023-12-31T00:00:00Z', '2024-01-07T00:00:00Z'),
    ]);
    const wednesday = calendarWindows('week', { weekStartsOn: 3 });
    expect(wednesday.assign(at('2024-01-03T00:00:00Z'))).toEqual([w('2024-01-03T00:00:00Z', '2024-01-10T00:00:00Z')]);
    expect(wednesday.assign(at('2024-01-02T23:59:59.999Z'))).toEqual([w('2023-12-27T00:00:00Z', '2024-01-03T00:00:00Z')]);
  });

  it('a Berlin week containing the spring-forward Sunday is 167 hours long', () => {
    const [win] = calendarWindows('week', { timeZone: 'Europe/Berlin' }).assign(at('2024-03-31T12:00:00Z'));
    expect(win).toEqual(w('2024-03-24T23:00:00Z', '2024-03-31T22:00:00Z'));
    expect(win.end - win.start).toBe(167 * HOUR);
  });
});

describe('calendarWindows: months and years', () => {
  it('months follow the calendar: February has 29 days in a leap year, 28 otherwise', () => {
    const months = calendarWindows('month');
    const [feb24] = months.assign(at('2024-02-29T12:00:00Z'));
    expect(feb24).toEqual(w('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'));
    expect(feb24.end - feb24.start).toBe(29 * DAY);
    const [feb23] = months.assign(at('2023-02-10T00:00:00Z'));
    expect(feb23).toEqual(w('2023-02-01T00:00:00Z', '2023-03-01T00:00:00Z'));
    expect(feb23.end - feb23.start).toBe(28 * DAY);
    const [feb00] = months.assign(at('2000-02-15T00:00:00Z'));
    expect(feb00.end - feb00.start).toBe(29 * DAY); // divisible by 400: leap
    const [feb1900] = months.assign(at('1900-02-15T00:00:00Z'));
    expect(feb1900.end - feb1900.start).toBe(28 * DAY); // divisible by 100 only: not leap
  });

  it('a Berlin month spans local midnights, so March 2024 is 31 days less an hour', () => {
    const [march] = calendarWindows('month', { timeZone: 'Europe/Berlin' }).assign(at('2024-03-15T00:00:00Z'));
    expect(march).toEqual(w('2024-02-29T23:00:00Z', '2024-03-31T22:00:00Z'));
    expect(march.end - march.start).toBe(31 * DAY - HOUR);
  });

  it('years: 2024 is 366 days in UTC; a New York year starts at 05:00Z', () => {
    const [y2024] = calendarWindows('year').assign(at('2024-07-01T00:00:00Z'));
    expect(y2024).toEqual(w('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'));
    expect(y2024.end - y2024.start).toBe(366 * DAY);
    expect(calendarWindows('year', { timeZone: 'America/New_York' }).assign(at('2024-01-01T04:59:59.999Z'))).toEqual([
      w('2023-01-01T05:00:00Z', '2024-01-01T05:00:00Z'),
    ]);
    expect(calendarWindows('year').assign(at('1969-03-01T00:00:00Z'))).toEqual([w('1969-01-01T00:00:00Z', '1970-01-01T00:00:00Z')]);
  });
});

describe('calendarWindows: multiples are aligned to the period containing 1970-01-01', () => {
  it('3 months are the calendar quarters', () => {
    const quarters = calendarWindows('month', { multiple: 3 });
    expect(quarters.assign(at('2024-05-15T00:00:00Z'))).toEqual([w('2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z')]);
    expect(quarters.assign(at('2024-03-31T23:59:59.999Z'))).toEqual([w('2024-01-01T00:00:00Z', '2024-04-01T00:00:00Z')]);
    expect(quarters.assign(at('1969-11-15T00:00:00Z'))).toEqual([w('1969-10-01T00:00:00Z', '1970-01-01T00:00:00Z')]);
    expect(quarters.description).toBe('calendar(month, 3, UTC)');
  });

  it('2 days count from 1970-01-01 (2024-01-01 is day 19723, so its pair started on 2023-12-31)', () => {
    const pairs = calendarWindows('day', { multiple: 2 });
    expect(pairs.assign(at('2024-01-01T12:00:00Z'))).toEqual([w('2023-12-31T00:00:00Z', '2024-01-02T00:00:00Z')]);
    expect(pairs.assign(at('1970-01-02T12:00:00Z'))).toEqual([w('1970-01-01T00:00:00Z', '1970-01-03T00:00:00Z')]);
  });

  it('before 1970 multiples are floored, so the window contains the element (Beam would truncate towards 1970)', () => {
    const threeDays = calendarWindows('day', { multiple: 3 });
    expect(threeDays.assign(at('1969-12-31T12:00:00Z'))).toEqual([w('1969-12-29T00:00:00Z', '1970-01-01T00:00:00Z')]);
    expect(threeDays.assign(at('1969-12-28T12:00:00Z'))).toEqual([w('1969-12-26T00:00:00Z', '1969-12-29T00:00:00Z')]);
  });

  it('10 years are the decades from 1970; 2 weeks count from the week of 1970-01-01 (Monday 1969-12-29)', () => {
    expect(calendarWindows('year', { multiple: 10 }).assign(at('2024-06-01T00:00:00Z'))).toEqual([w('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z')]);
    const fortnights = calendarWindows('week', { multiple: 2 });
    expect(fortnights.assign(at('1970-01-05T00:00:00Z'))).toEqual([w('1969-12-29T00:00:00Z', '1970-01-12T00:00:00Z')]);
    expect(fortnights.assign(at('1970-01-12T00:00:00Z'))).toEqual([w('1970-01-12T00:00:00Z', '1970-01-26T00:00:00Z')]);
    // Sunday weeks: the week of 1970-01-01 starts on Sunday 1969-12-28.
    expect(calendarWindows('week', { multiple: 2, weekStartsOn: 0 }).assign(at('1970-01-10T00:00:00Z'))).toEqual([
      w('1969-12-28T00:00:00Z', '1970-01-11T00:00:00Z'),
    ]);
  });

  it('Berlin quarters start at local midnight and include the DST hour changes', () => {
    expect(calendarWindows('month', { timeZone: 'Europe/Berlin', multiple: 3 }).assign(at('2024-05-01T00:00:00Z'))).toEqual([
      w('2024-03-31T22:00:00Z', '2024-06-30T22:00:00Z'),
    ]);
  });
});

describe('calendarWindows: cache and range', () => {
  it('returns the same frozen array for consecutive elements of one window and the right one after moving', () => {
    const days = calendarWindows('day');
    const a = days.assign(at('2024-01-01T01:00:00Z'));
    expect(days.assign(at('2024-01-01T20:00:00Z'))).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const b = days.assign(at('2024-01-02T01:00:00Z'));
    expect(b).toEqual([w('2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z')]);
    expect(days.assign(at('2024-01-01T02:00:00Z'))).toEqual(a);
  });

  it('the outermost windows are cut at the timestamp bounds', () => {
    for (const unit of ['day', 'week', 'month', 'year'] as const) {
      const fn = calendarWindows(unit, { timeZone: 'Europe/Berlin' });
      const [first] = fn.assign(MIN_TIMESTAMP);
      expect(first.start).toBe(MIN_TIMESTAMP);
      expect(first.end).toBeGreaterThan(MIN_TIMESTAMP);
      expect(first.end - first.start).toBeLessThanOrEqual(366 * DAY);
      const [last] = fn.assign(END_OF_GLOBAL_WINDOW);
      expect(last.end).toBe(END_OF_GLOBAL_WINDOW + 1);
      expect(last.start).toBeLessThanOrEqual(END_OF_GLOBAL_WINDOW);
      expect(last.end - last.start).toBeLessThanOrEqual(366 * DAY);
    }
  });

  it('a time after the end of the global window gets no window (it is not a valid event time)', () => {
    for (const unit of ['day', 'week', 'month', 'year'] as const) {
      const fn = calendarWindows(unit);
      expect(fn.assign(END_OF_GLOBAL_WINDOW + 1)).toEqual([]);
      expect(fn.assign(MAX_TIMESTAMP)).toEqual([]);
      // Also right after the last window was cached.
      expect(fn.assign(END_OF_GLOBAL_WINDOW)[0].end).toBe(END_OF_GLOBAL_WINDOW + 1);
      expect(fn.assign(END_OF_GLOBAL_WINDOW + 1)).toEqual([]);
    }
  });
});

describe('calendarWindows: laws', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  const arbUnit = fc.constantFrom<CalendarUnit>('day', 'week', 'month', 'year');

  const arbFn = fc
    .tuple(arbUnit, fc.constantFrom(...zones), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 }))
    .map(([unit, zone, ws, multiple]) => ({ unit, zone, ws, multiple, fn: calendarWindows(unit, { timeZone: zone, weekStartsOn: ws as 0, multiple }) }));

  it('every window contains its element and touches its neighbours, from 1811 to 2128', () => {
    fc.assert(
      fc.property(arbFn, fc.integer({ min: -5e12, max: 5e12 }), ({ fn }, t) => {
        const [win] = fn.assign(t);
        expect(win.start <= t && t < win.end).toBe(true);
        expect(fn.assign(win.end)[0].start).toBe(win.end);
        expect(fn.assign(win.start - 1)[0].end).toBe(win.start);
      }),
      { numRuns: 300 },
    );
  });

  // Before about 1950 some of these zones changed between local-mean-time offsets with seconds,
  // where @date-fns/tz places local midnight only to within minutes; the law is checked after that.
  it('every window starts at a local midnight of the unit, aligned to the multiple, from 1951 to 2096', () => {
    fc.assert(
      fc.property(arbFn, fc.integer({ min: -6e11, max: 4e12 }), ({ unit, zone, ws, multiple, fn }, t) => {
        const [win] = fn.assign(t);
        const local = (x: number, p: string) => format(x, p, { in: tz(zone) });
        expect(local(win.start, 'HH:mm:ss.SSS')).toBe('00:00:00.000');
        const [y, m, d] = local(win.start, 'yyyy M d').split(' ').map(Number);
        if (unit === 'month' || unit === 'year') expect(d).toBe(1);
        if (unit === 'year') expect(m).toBe(1);
        if (unit === 'week') expect(Number(local(win.start, 'i')) % 7).toBe(ws);
        if (unit === 'month') expect(((((y - 1970) * 12 + m - 1) % multiple) + multiple) % multiple).toBe(0);
        if (unit === 'year') expect((((y - 1970) % multiple) + multiple) % multiple).toBe(0);
        if (unit === 'day' || unit === 'week') {
          const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1970, 0, 1)) / DAY);
          const anchor = unit === 'day' ? 0 : -((4 - ws + 7) % 7); // 1970-01-01 was a Thursday (4)
          const period = unit === 'day' ? multiple : 7 * multiple;
          expect((((days - anchor) % period) + period) % period).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendarWindows: validation', () => {
  it('rejects a bad unit, time zone, weekStartsOn or multiple, naming the rule and the value', () => {
    expect(() => calendarWindows('hour' as CalendarUnit)).toThrow(
      new RangeError(`calendarWindows: unit must be one of 'day', 'week', 'month', 'year', got "hour"`),
    );
    expect(() => calendarWindows('day', { timeZone: 'Mars/Olympus_Mons' })).toThrow(
      new RangeError('calendarWindows: timeZone must be a known IANA time zone such as "Europe/Berlin" or an offset such as "+05:30", got "Mars/Olympus_Mons"'),
    );
    expect(() => calendarWindows('day', { timeZone: '' })).toThrow(RangeError);
    expect(() => calendarWindows('day', { timeZone: 1 as unknown as string })).toThrow(
      new TypeError('calendarWindows: timeZone must be a string naming an IANA time zone, got 1'),
    );
    expect(() => calendarWindows('week', { weekStartsOn: 7 as 0 })).toThrow(
      new RangeError('calendarWindows: weekStartsOn must be an integer from 0 (Sunday) to 6 (Saturday), got 7'),
    );
    expect(() => calendarWindows('week', { weekStartsOn: 1.5 as 0 })).toThrow(RangeError);
    expect(() => calendarWindows('month', { multiple: 0 })).toThrow(new RangeError('calendarWindows: multiple must be a positive integer, got 0'));
    expect(() => calendarWindows('month', { multiple: 2.5 })).toThrow(new RangeError('calendarWindows: multiple must be a positive integer, got 2.5'));
    expect(() => calendarWindows('month', null as unknown as object)).toThrow(new TypeError('calendarWindows: options must be an object, got null'));
  });

  it('accepts zone names in any case and fixed offsets, and names the canonical zone in the description', () => {
    expect(calendarWindows('day', { timeZone: 'europe/berlin' }).description).toBe('calendar(day, 1, Europe/Berlin)');
    expect(calendarWindows('day', { timeZone: '+05:30' }).assign(at('2024-01-01T20:00:00Z'))).toEqual([w('2024-01-01T18:30:00Z', '2024-01-02T18:30:00Z')]);
  });
});
