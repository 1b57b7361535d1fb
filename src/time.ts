/**
 * Event time and processing time are both epoch milliseconds (`number`), as in Beam Java.
 *
 * Beam's own bounds (±9223372036854775 ms) do not fit a JS number exactly, so the JS `Date`
 * range (±8.64e15 ms) stands in for them.
 */
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';

/** An instant on the event-time or processing-time axis, in epoch milliseconds. */
export type Instant = number;

/** A length of time in milliseconds. */
export type Duration = number;

/** The smallest timestamp an element may carry; also the watermark before any input. Beam: `BoundedWindow.TIMESTAMP_MIN_VALUE`. */
export const MIN_TIMESTAMP: Instant = -8.64e15;

/** The largest timestamp; a watermark at this value means "no more input" (+infinity). Beam: `BoundedWindow.TIMESTAMP_MAX_VALUE`. */
export const MAX_TIMESTAMP: Instant = 8.64e15;

/**
 * The last timestamp of the global window: one day before {@link MAX_TIMESTAMP}, so that timers
 * set at the end of the global window still fire before the watermark reaches +infinity.
 */
export const END_OF_GLOBAL_WINDOW: Instant = MAX_TIMESTAMP - 86_400_000;

/** True when `t` is an integer-or-fractional finite number inside the timestamp bounds: a valid watermark. */
export function isValidTimestamp(t: unknown): t is Instant {
  return typeof t === 'number' && t >= MIN_TIMESTAMP && t <= MAX_TIMESTAMP;
}

/**
 * True when `t` is a number from {@link MIN_TIMESTAMP} to {@link END_OF_GLOBAL_WINDOW}: a valid event
 * time. Later instants are refused because every window ends by the end of the global window (so that
 * it fires at the latest when the watermark reaches +infinity) and no window could contain them.
 * Fractions pass; `assignEventTime` floors them to whole milliseconds.
 *
 * @example isValidEventTime(END_OF_GLOBAL_WINDOW + 1) // false, though it is a valid watermark
 */
export function isValidEventTime(t: unknown): t is Instant {
  return typeof t === 'number' && t >= MIN_TIMESTAMP && t <= END_OF_GLOBAL_WINDOW;
}

/** Renders a value for an error message: strings quoted, objects by their type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined || value === null) return String(value);
  if (value instanceof Date) return `a Date (${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/**
 * Formats an instant for people: `-inf`, `+inf`, `end-of-global-window`, or an ISO-like UTC time.
 *
 * @example formatInstant(1704067200000) // '2024-01-01T00:00:00.000Z'
 */
export function formatInstant(t: Instant): string {
  if (t <= MIN_TIMESTAMP) return '-inf';
  if (t >= MAX_TIMESTAMP) return '+inf';
  if (t === END_OF_GLOBAL_WINDOW) return 'end-of-global-window';
  return new Date(t).toISOString();
}

const utc = tz('UTC');

/**
 * Formats an instant in UTC with a date-fns pattern.
 *
 * @example formatUtc(1704067260000, 'HH:mm:ss') // '00:01:00'
 */
export function formatUtc(t: Instant, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"): string {
  return format(t, pattern, { in: utc });
}
