import { TZDate, tz } from '@date-fns/tz';
import {
  addDays,
  addWeeks,
  addYears,
  differenceInCalendarDays,
  differenceInCalendarMonths,
  differenceInCalendarWeeks,
  differenceInCalendarYears,
  startOfDay,
  startOfMonth,
  startOfWeek,
  startOfYear,
} from 'date-fns';
import { requireOptions } from '../internal/checks.js';
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, type Instant } from '../time.js';
import { intervalWindow, NO_WINDOWS, type Window } from './window.js';
import type { WindowFn } from './windowFn.js';

/**
 * The calendar period a calendar window spans.
 *
 * @category Windows
 */
export type CalendarUnit = 'day' | 'week' | 'month' | 'year';

/**
 * A day of the week as date-fns numbers it: 0 Sunday, 1 Monday, ..., 6 Saturday.
 *
 * @category Windows
 */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Options of {@link calendarWindows} and `calendarWindow`.
 *
 * @category Windows
 */
export interface CalendarWindowOptions {
  /** The IANA time zone whose calendar draws the boundaries (or a fixed offset such as `+05:30`). Default `'UTC'`. */
  readonly timeZone?: string | undefined;
  /** The first day of a week window, 0 (Sunday) to 6 (Saturday). Default 1 (Monday, as ISO 8601). Only used by `'week'`. */
  readonly weekStartsOn?: DayOfWeek | undefined;
  /** How many units one window spans, e.g. 3 months for quarters. Default 1. */
  readonly multiple?: number | undefined;
}

const UNITS: readonly CalendarUnit[] = ['day', 'week', 'month', 'year'];
/** How far inside the timestamp bounds every unit's period start is still representable. */
const EDGE = 400 * 86_400_000;
const STRICT_OFFSET = /^[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?$/;

/**
 * Returns the canonical spelling of a time zone, or `undefined` when the runtime does not know it.
 * `Intl` is the only time zone database JavaScript has, so it is the judge of what exists.
 */
function canonicalZone(zone: string): string | undefined {
  if (STRICT_OFFSET.test(zone)) return zone;
  if (zone.trim() === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function requireCalendar(op: string, unit: unknown, options: unknown): { zone: string; weekStartsOn: DayOfWeek; multiple: number } {
  if (typeof unit !== 'string' || !UNITS.includes(unit as CalendarUnit)) {
    throw new RangeError(`${op}: unit must be one of 'day', 'week', 'month', 'year', got ${describeValue(unit)}`);
  }
  const { timeZone = 'UTC', weekStartsOn = 1, multiple = 1 } = requireOptions(op, options as CalendarWindowOptions);
  if (typeof timeZone !== 'string') {
    throw new TypeError(`${op}: timeZone must be a string naming an IANA time zone, got ${describeValue(timeZone)}`);
  }
  const zone = canonicalZone(timeZone);
  if (zone === undefined) {
    throw new RangeError(`${op}: timeZone must be a known IANA time zone such as "Europe/Berlin" or an offset such as "+05:30", got ${describeValue(timeZone)}`);
  }
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new RangeError(`${op}: weekStartsOn must be an integer from 0 (Sunday) to 6 (Saturday), got ${describeValue(weekStartsOn)}`);
  }
  if (!Number.isSafeInteger(multiple) || multiple < 1) {
    throw new RangeError(`${op}: multiple must be a positive integer, got ${describeValue(multiple)}`);
  }
  return { zone, weekStartsOn, multiple };
}

/** How one unit counts periods between local dates and finds the first instant of the j-th period. */
interface UnitCalendar {
  index(t: Instant): number;
  startOf(j: number): number;
}

function unitCalendar(unit: CalendarUnit, zone: string, weekStartsOn: DayOfWeek): UnitCalendar {
  const inZone = tz(zone);
  // Noon of 1970-01-01 exists in every zone, so adding whole units to it never lands in a DST gap
  // before the result is snapped to the start of its period.
  const anchor = new TZDate(1970, 0, 1, 12, zone);
  const opts = { in: inZone, weekStartsOn };
  switch (unit) {
    case 'day':
      return {
        index: (t) => differenceInCalendarDays(t, anchor, opts),
        startOf: (j) => +startOfDay(addDays(anchor, j, opts), opts),
      };
    case 'week':
      return {
        index: (t) => differenceInCalendarWeeks(t, anchor, opts),
        startOf: (j) => +startOfWeek(addWeeks(anchor, j, opts), opts),
      };
    case 'month':
      return {
        index: (t) => differenceInCalendarMonths(t, anchor, opts),
        // addMonths looks at the end of the target month, which lies outside the Date range in its
        // last month; noon of the first day of a Date-normalised month index does not.
        startOf: (j) => +startOfMonth(new TZDate(1970, j, 1, 12, zone), opts),
      };
    case 'year':
      return {
        index: (t) => differenceInCalendarYears(t, anchor, opts),
        startOf: (j) => +startOfYear(addYears(anchor, j, opts), opts),
      };
  }
}

/**
 * Windows of whole calendar days, weeks, months or years in a time zone: each window is
 * `[first instant of the local period, first instant of the next)` in epoch ms, so its length
 * follows the calendar (a spring-forward day in Europe/Berlin is 23 h, February 2024 has 29 days).
 * Beam: `CalendarWindows.days(n)` / `weeks(n, startDayOfWeek)` / `months(n)` / `years(n)`, `.withTimeZone(zone)`.
 *
 * Alignment of multiples: windows of `multiple` units start at the local period that contains
 * 1970-01-01 (for weeks: the week containing that day, starting on `weekStartsOn`) and then every
 * `multiple` units, in both directions. So `calendarWindows('month', { multiple: 3 })` gives the
 * calendar quarters, and periods before 1970 are floored, so a window always contains its element
 * (Beam's integer division rounds towards 1970 there instead). Beam anchors Sunday-based multi-week
 * windows one week later (1970-01-04); with Monday, or with `multiple: 1`, both agree.
 *
 * @example calendarWindows('day', { timeZone: 'Europe/Berlin' }).assign(Date.UTC(2024, 2, 31, 12))
 * // [[2024-03-30T23:00Z, 2024-03-31T22:00Z)]: a 23-hour day
 *
 * @category Windows
 */
export function calendarWindows(unit: CalendarUnit, options: CalendarWindowOptions = {}, op = 'calendarWindows'): WindowFn {
  const { zone, weekStartsOn, multiple } = requireCalendar(op, unit, options);
  const calendar = unitCalendar(unit, zone, weekStartsOn);
  const endLimit = END_OF_GLOBAL_WINDOW + 1;
  const { startOf } = calendar;
  let lastStart = Number.NaN;
  let lastEnd = Number.NaN;
  let last: readonly Window[] = [];
  const week = unit === 'week' ? `, weekStartsOn ${weekStartsOn}` : '';
  return {
    description: `calendar(${unit}, ${multiple}, ${zone}${week})`,
    isMerging: false,
    partitionsTime: true,
    assign(t: Instant): readonly Window[] {
      // Consecutive elements mostly share a window, so the last one is checked before any date maths.
      if (t >= lastStart && t < lastEnd) return last;
      // No window contains a time after the end of the global window (the last one is cut there).
      if (t > END_OF_GLOBAL_WINDOW) return NO_WINDOWS;
      let k = calendar.index(t);
      // Within a period of the ends of the Date range the zone arithmetic cannot represent the
      // period's start (NaN); the walk below then starts from a period safely inside the range.
      if (Number.isNaN(k)) k = calendar.index(t < 0 ? MIN_TIMESTAMP + EDGE : MAX_TIMESTAMP - EDGE);
      let j = Math.floor(k / multiple) * multiple;
      let start = startOf(j);
      let end = startOf(j + multiple);
      // Walks to the window that contains t. Usually no step is taken; steps happen near the range
      // ends and where a zone's history makes the period count ambiguous (skipped or repeated days).
      // A NaN bound compares false, so each walk stops at the edge of the representable range.
      while (start > t) {
        j -= multiple;
        end = start;
        start = startOf(j);
      }
      while (end <= t) {
        j += multiple;
        start = end;
        end = startOf(j + multiple);
      }
      // The outermost windows are cut at the timestamp bounds, as fixed windows are.
      if (Number.isNaN(start)) start = MIN_TIMESTAMP;
      if (Number.isNaN(end) || end > endLimit) end = endLimit;
      lastStart = start;
      lastEnd = end;
      last = Object.freeze([intervalWindow(start, end)]);
      return last;
    },
  };
}
