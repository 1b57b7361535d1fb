/**
 * Event time and processing time are both epoch milliseconds (`number`), as in Beam Java.
 *
 * Beam's own bounds (±9223372036854775 ms) do not fit a JS number exactly, so the JS `Date`
 * range (±8.64e15 ms) stands in for them.
 */
import { escapeControls } from './internal/text.js';

// No re-exports here: CommonJS output turns a re-export into an accessor on this module's exports, and
// the per-element calls into this module (isValidEventTime) then ran about 10% slower. formatUtc
// (date-fns) has a module of its own, so that bundles which never format leave date-fns out.

/**
 * An instant on the event-time or processing-time axis, in epoch milliseconds.
 *
 * @category Core
 */
export type Instant = number;

/**
 * A length of time in milliseconds.
 *
 * @category Core
 */
export type Duration = number;

/**
 * The smallest timestamp an element may carry; also the watermark before any input. Beam: `BoundedWindow.TIMESTAMP_MIN_VALUE`.
 *
 * @category Core
 */
export const MIN_TIMESTAMP: Instant = -8.64e15;

/**
 * The largest timestamp; a watermark at this value means "no more input" (+infinity). Beam: `BoundedWindow.TIMESTAMP_MAX_VALUE`.
 *
 * @category Core
 */
export const MAX_TIMESTAMP: Instant = 8.64e15;

/**
 * The last timestamp of the global window: one day before {@link MAX_TIMESTAMP}, so that timers
 * set at the end of the global window still fire before the watermark reaches +infinity.
 *
 * @category Core
 */
export const END_OF_GLOBAL_WINDOW: Instant = MAX_TIMESTAMP - 86_400_000;

/**
 * True when `t` is an integer-or-fractional finite number inside the timestamp bounds: a valid watermark.
 *
 * @category Core
 */
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
 *
 * @category Core
 */
export function isValidEventTime(t: unknown): t is Instant {
  return typeof t === 'number' && t >= MIN_TIMESTAMP && t <= END_OF_GLOBAL_WINDOW;
}

/** Strings longer than this are cut in messages: a message names the value, it does not repeat it. */
const DESCRIBED_STRING_LENGTH = 64;

function quote(text: string): string {
  // JSON escapes quotes, backslashes and C0 controls; the other invisible characters get `\uXXXX` too.
  if (text.length <= DESCRIBED_STRING_LENGTH) return escapeControls(JSON.stringify(text));
  let head = text.slice(0, DESCRIBED_STRING_LENGTH);
  // Half of a surrogate pair is not a character.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${escapeControls(JSON.stringify(`${head}\u2026`))} (${text.length} characters)`;
}

/** A name from the data (a function's, a symbol's description), escaped and cut like a string but unquoted. */
function nameText(name: string): string {
  return quote(name).slice(1).replace(/"( \(\d+ characters\))?$/, '$1');
}

function describeObject(value: object): string {
  if (value instanceof Date) {
    const t = Date.prototype.getTime.call(value);
    return `a Date (${Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString()})`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `an object (${escapeControls(Object.prototype.toString.call(value).slice(8, -1))})`;
}

/**
 * Renders a value for an error message: strings quoted (cut when long, control characters escaped),
 * numbers as written (`-0`, `NaN`, `5n` for a BigInt), symbols and functions by name, objects by
 * their type. Never throws and never calls the value's own code (`toString`, getters), so a hostile or
 * broken value still gets a message.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.description === undefined ? 'Symbol()' : `Symbol(${quote(value.description)})`;
    case 'function': {
      let name: unknown;
      try {
        name = Object.getOwnPropertyDescriptor(value, 'name')?.value;
      } catch {
        name = undefined;
      }
      return typeof name === 'string' && name !== '' ? `a function (${nameText(name)})` : 'a function';
    }
  }
  if (value === null) return 'null';
  try {
    return describeObject(value as object);
  } catch {
    // A revoked proxy, or a getter behind Symbol.toStringTag that throws.
    return 'an object';
  }
}

/**
 * Formats an instant for people: `-inf`, `+inf`, `end-of-global-window`, or an ISO-like UTC time.
 *
 * @example formatInstant(1704067200000) // '2024-01-01T00:00:00.000Z'
 *
 * @category Core
 */
export function formatInstant(t: Instant): string {
  if (t <= MIN_TIMESTAMP) return '-inf';
  if (t >= MAX_TIMESTAMP) return '+inf';
  if (t === END_OF_GLOBAL_WINDOW) return 'end-of-global-window';
  // Used in messages about bad data: NaN or a non-number is named rather than thrown on.
  if (!Number.isFinite(t)) return describeValue(t);
  return new Date(t).toISOString();
}
