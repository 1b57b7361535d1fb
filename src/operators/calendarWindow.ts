import type { OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { calendarWindows, type CalendarUnit, type CalendarWindowOptions } from '../windows/calendarWindows.js';
import { windowOperator } from './windowing.js';
import type { EventTimeOperator } from './stream.js';

/**
 * Windows of whole calendar days, weeks, months or years in a time zone, each
 * `[start of the local period, start of the next)`, so a daylight-saving day is 23 or 25 hours long.
 * Beam: `Window.into(CalendarWindows.days(n).withTimeZone(zone))` (and `weeks`, `months`, `years`).
 * Multiples are aligned to the period containing 1970-01-01 local time (see {@link calendarWindows}).
 *
 * @param unit - `'day'`, `'week'`, `'month'` or `'year'`.
 * @param options - The `timeZone` (default UTC), `weekStartsOn` (default Monday) and `multiple` (units per window, default 1).
 *
 * @example
 * orders$.pipe(
 *   assignEventTime((o) => o.placedAt),
 *   calendarWindow('month', { timeZone: 'Europe/Berlin', multiple: 3 }), // calendar quarters
 *   combinePerKey((o) => o.shop, Combine.sum((o) => o.total)),
 * )
 *
 * @category Windows
 */
export function calendarWindow(unit: CalendarUnit, options?: CalendarWindowOptions): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `calendarWindow<Reading>('day')`. */
export function calendarWindow<T>(unit: CalendarUnit, options?: CalendarWindowOptions): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function calendarWindow<T>(unit: CalendarUnit, options: CalendarWindowOptions = {}): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return windowOperator<T>('calendarWindow', calendarWindows(unit, options, 'calendarWindow'));
}
